package check_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/check"
	"github.com/carepress/carepress/internal/corpus"
	"github.com/carepress/carepress/internal/site"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// load writes files into a new site root and loads it as carepress check
// does, drafts and future posts included.
func load(t testing.TB, files map[string]string) (string, *site.Site) {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, _, err := build.Load(context.Background(), build.Options{Root: root, Now: now, Drafts: true, Future: true, Expired: true})
	if err != nil {
		t.Fatal(err)
	}
	return root, s
}

const config = "title: Test Clinic\nbase_url: https://test.example.com/\n"

func post(body string) string {
	return "---\ntitle: A post\ndate: 2026-10-01\n---\n" + body + "\n"
}

// rules runs the checks and returns "rule@line:col" for the findings of
// the rules with prefix.
func rules(t *testing.T, s *site.Site, root, prefix string, opts check.Options) []string {
	t.Helper()
	opts.Root, opts.Now = root, now
	var out []string
	for _, f := range check.Run(context.Background(), s, opts) {
		if strings.HasPrefix(f.Rule, prefix) {
			out = append(out, f.Rule+"@"+f.Pos.String()+" "+f.Message)
		}
	}
	return out
}

func TestAbsoluteClaimsSkipNegationsAndCode(t *testing.T) {
	tests := []struct {
		body string
		want int
	}{
		{"This tea cures colds.", 1},
		{"Results guaranteed!", 1},
		{"It is 100% safe for everyone.", 1},
		{"A miracle diet.", 1},
		{"There is no cure for the common cold.", 0},
		{"Antibiotics don't cure viral infections.", 0},
		{"No vaccine is 100% safe, but serious reactions are rare.", 0},
		{"Read [more](https://example.org/miracle-cure/).", 0},
		{"Use `cure()` in the code.", 0},
		{"Every medicine can have side effects.", 0},
	}
	for _, tt := range tests {
		root, s := load(t, map[string]string{"carepress.yaml": config, "content/posts/p.md": post(tt.body)})
		got := rules(t, s, root, "health/absolute-claim", check.Options{})
		if len(got) != tt.want {
			t.Errorf("%q: got %v, want %d findings", tt.body, got, tt.want)
		}
	}
}

func TestTestimonialNeedsFirstPersonAndOutcome(t *testing.T) {
	tests := []struct {
		body string
		want int
	}{
		{"> Dr. Lee cured my migraines. — Ann", 1},
		{"> I lost 30 pounds and I'm off my meds! — Bo", 1},
		{`Pat said: "After my visits my eczema is gone and I sleep again."`, 1},
		{"> The front desk was friendly and I never waited long. — Cy", 0},
		{"> Wounds are healed faster when kept clean.", 0},
		{"Most colds are gone in a week or two.", 0},
	}
	for _, tt := range tests {
		root, s := load(t, map[string]string{"carepress.yaml": config, "content/posts/p.md": post(tt.body)})
		got := rules(t, s, root, "health/testimonial", check.Options{})
		if len(got) != tt.want {
			t.Errorf("%q: got %v, want %d findings", tt.body, got, tt.want)
		}
	}
}

func TestExternalLinksAreCheckedOnceAndCached(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/ok":
		case "/no-head": // servers that refuse HEAD get a GET
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
			}
		case "/slow":
			time.Sleep(300 * time.Millisecond)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	body := "[a](" + srv.URL + "/ok) [b](" + srv.URL + "/gone) [c](" + srv.URL + "/no-head) [again](" + srv.URL + "/ok#x)"
	root, s := load(t, map[string]string{"carepress.yaml": config, "content/posts/p.md": post(body)})
	opts := check.Options{External: true, Client: srv.Client()}

	got := rules(t, s, root, "links/external", opts)
	want := fmt.Sprintf("links/external@content/posts/p.md:5:%d external", strings.Index(body, "[b]")+1) + " link " + srv.URL + "/gone fails: status 404"
	if len(got) != 1 || got[0] != want {
		t.Fatalf("got %q, want [%q]", got, want)
	}
	first := hits.Load()
	if first != 4 { // ok, gone, no-head twice; the repeated /ok once
		t.Errorf("%d requests, want 4", first)
	}
	if _, err := os.Stat(filepath.Join(root, ".carepress", "cache", "links.json")); err != nil {
		t.Fatalf("no cache: %v", err)
	}
	again := rules(t, s, root, "links/external", opts)
	if len(again) != 1 || hits.Load() != first {
		t.Errorf("second run: %v findings, %d new requests; want the cached answers", again, hits.Load()-first)
	}
	if got := rules(t, s, root, "links/external", check.Options{}); len(got) != 0 {
		t.Errorf("without External: %v", got)
	}
}

func TestExternalLinksTimeOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(500 * time.Millisecond)
	}))
	defer srv.Close()
	root, s := load(t, map[string]string{"carepress.yaml": config, "content/posts/p.md": post("[slow](" + srv.URL + "/)")})
	client := srv.Client()
	client.Timeout = 50 * time.Millisecond
	got := rules(t, s, root, "links/external", check.Options{External: true, Client: client, CacheDir: t.TempDir()})
	if len(got) != 1 || !strings.HasSuffix(got[0], "fails: timed out") {
		t.Errorf("got %v, want one timeout", got)
	}
}

func TestIgnoreSilencesOnlyItsRuleAndFile(t *testing.T) {
	root, s := load(t, map[string]string{
		"carepress.yaml":     config,
		"content/posts/a.md": "---\ntitle: A post\ndate: 2026-10-01\ncheck: {ignore: {health/absolute-claim: \"a quote we rebut\"}}\n---\nIt cures all. A miracle.\n",
		"content/posts/b.md": post("It cures all."),
	})
	got := rules(t, s, root, "health/absolute-claim", check.Options{})
	if len(got) != 1 || !strings.Contains(got[0], "b.md") {
		t.Errorf("got %v, want only b.md's finding", got)
	}
}

// BenchmarkCheck runs every check but external links over a 1,000-post
// site, to compare with BenchmarkBuild1k in internal/build.
func BenchmarkCheck(b *testing.B) {
	root := b.TempDir()
	if err := corpus.Write(root, corpus.Options{Posts: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var n int
	for b.Loop() {
		s, _, err := build.Load(ctx, build.Options{Root: root, Now: now, Drafts: true, Future: true, Expired: true})
		if err != nil {
			b.Fatal(err)
		}
		r, err := build.Templates(root, s)
		if err != nil {
			b.Fatal(err)
		}
		n = len(check.Run(ctx, s, check.Options{Root: root, Now: now, Templates: r}))
	}
	b.ReportMetric(float64(n), "findings")
}
