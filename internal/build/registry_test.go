package build

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// toy is an output that only this test registers: a text file per post
// with its title and the number of posts, declared as reading the post's
// own fields and the site-wide inputs. Registering it is all it takes to
// be built cold, kept or rebuilt warm, and served fresh on the patch path.
type toy struct{ made *atomic.Int32 }

func (toy) name() string { return "toy" }

func (toy) files(b *run) ([]*unit, error) {
	var us []*unit
	for _, p := range b.site.Posts {
		us = append(us, &unit{names: []string{"toy/" + path.Base(p.Path) + ".txt"}, page: p, reads: reads{site: true, self: p}})
	}
	return us, nil
}

func (t toy) make(b *run, u *unit, out sink) error {
	t.made.Add(1)
	return out.WriteFile(u.names[0], []byte(strings.ToUpper(u.page.Title)))
}

func TestRegisteredOutputIsBuiltColdWarmAndServed(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	for name, text := range map[string]string{
		"carepress.yaml":            "title: Toy Clinic\nbase_url: https://toy.example.com/\ntimezone: America/Chicago\n",
		"content/posts/soap.md":     "---\ntitle: Soap\ndate: 2026-10-01\n---\nWash.\n",
		"content/posts/sleep.md":    "---\ntitle: Sleep\ndate: 2026-10-02\n---\nRest.\n",
		"content/posts/exercise.md": "---\ntitle: Exercise\ndate: 2026-10-03\n---\nWalk.\n",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	made := &atomic.Int32{}
	reg := registry()
	reg[0].outputs = append(reg[0].outputs, toy{made})
	opts := Options{Root: root, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	session := func(o Options) *Session {
		s := NewSession(o)
		s.reg = reg
		return s
	}
	buildOnce := func(step string, changed []string) {
		t.Helper()
		s := session(opts)
		defer s.Close()
		if _, err := s.Build(ctx, changed); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(root, "public", "toy", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	retitle := func(old, new string) {
		t.Helper()
		p := filepath.Join(root, "content", "posts", "soap.md")
		b, _ := os.ReadFile(p)
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), "title: "+old, "title: "+new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	buildOnce("cold", nil)
	if got := made.Swap(0); got != 3 {
		t.Errorf("cold: made %d toy files, want 3", got)
	}
	if got := read("soap.txt"); got != "SOAP" {
		t.Errorf("cold: toy/soap.txt = %q", got)
	}
	buildOnce("warm, nothing changed", nil)
	if got := made.Swap(0); got != 0 {
		t.Errorf("warm, nothing changed: made %d toy files, want 0 (kept)", got)
	}
	if got := read("soap.txt"); got != "SOAP" {
		t.Errorf("warm, nothing changed: toy/soap.txt = %q", got)
	}
	retitle("Soap", "Soap and water")
	buildOnce("warm, one title", []string{"content/posts/soap.md"})
	if got := made.Swap(0); got != 1 {
		t.Errorf("warm, one title: made %d toy files, want 1", got)
	}
	if got := read("soap.txt"); got != "SOAP AND WATER" {
		t.Errorf("warm, one title: toy/soap.txt = %q", got)
	}

	// The dev server's patch path: the toy file of the patched post is
	// stale, and served fresh.
	mo := opts
	mo.InMemory = true
	s := session(mo)
	defer s.Close()
	if _, err := s.Build(ctx, nil); err != nil {
		t.Fatal(err)
	}
	made.Store(0)
	retitle("Soap and water", "Soap first")
	res, err := s.BuildFirst(ctx, []string{"content/posts/soap.md"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Patched || !slices.Contains(res.Changed, "toy/soap.txt") {
		t.Errorf("fast path: patched %v, changed %v; want toy/soap.txt among the changed", res.Patched, res.Changed)
	}
	if got, ok := s.Open("toy/soap.txt"); !ok || string(got) != "SOAP FIRST" {
		t.Errorf("fast path: toy/soap.txt = %q, %v", got, ok)
	}
	if got, _ := s.Open("toy/sleep.txt"); string(got) != "SLEEP" {
		t.Errorf("fast path: toy/sleep.txt = %q", got)
	}
	if got := made.Load(); got != 1 {
		t.Errorf("fast path: made %d toy files, want 1", got)
	}
}
