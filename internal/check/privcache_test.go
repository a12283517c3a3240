package check_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/check"
	"github.com/carepress/carepress/internal/site"
)

// privacyFindings runs only the privacy rules, as every build does, and
// returns the findings as strings, positions included.
func privacyFindings(t *testing.T, s *site.Site, root string, noCache bool) []string {
	t.Helper()
	only := func(rule string) bool { return strings.HasPrefix(rule, "privacy/") }
	var out []string
	for _, f := range check.Run(context.Background(), s, check.Options{Root: root, Now: now, Only: only, NoCache: noCache}) {
		out = append(out, f.String())
	}
	return out
}

func TestPrivacyCacheGivesTheFindingsOfAFullScan(t *testing.T) {
	files := map[string]string{
		"carepress.yaml":                             config,
		"content/posts/ssn.md":                       post("Her SSN is 123-45-6789, she said.\n\nMr. Jones was diagnosed with flu."),
		"content/posts/phone.md":                     "---\ntitle: Call (312) 555-0142 today\ndate: 2026-10-01\n---\nCall (312) 555-0142 to book.\n",
		"content/posts/clean.md":                     post("Wash your hands often."),
		"content/posts/pic/index.md":                 post("![x-ray](maria-lopez-mrn-4471.png)"),
		"content/posts/pic/maria-lopez-mrn-4471.png": tinyPNG(t),
	}
	root, s := load(t, files)
	want := privacyFindings(t, s, root, true)
	if len(want) < 4 {
		t.Fatalf("the fixture should give several privacy findings, got %q", want)
	}
	if _, err := os.Stat(filepath.Join(root, ".carepress", "cache", "privacy")); err == nil {
		t.Fatal("a run with NoCache wrote the privacy cache")
	}
	for i := range 2 { // the first run fills the cache, the second reads it
		if got := privacyFindings(t, s, root, false); !slices.Equal(got, want) {
			t.Fatalf("run %d with the cache:\n got %q\nwant %q", i+1, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(root, ".carepress", "cache", "privacy", "findings.gob")); err != nil {
		t.Fatalf("the cache was not written: %v", err)
	}

	t.Run("allow list changed", func(t *testing.T) {
		// The practice's own phone is not a finding any more.
		p := filepath.Join(root, "carepress.yaml")
		if err := os.WriteFile(p, []byte(config+"practice:\n  phone: \"(312) 555-0142\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, s := reload(t, root)
		fresh := privacyFindings(t, s, root, true)
		if slices.Equal(fresh, want) {
			t.Fatalf("allowing the phone changed nothing: %q", fresh)
		}
		if got := privacyFindings(t, s, root, false); !slices.Equal(got, fresh) {
			t.Fatalf("cached run after the allow list changed:\n got %q\nwant %q", got, fresh)
		}
	})

	t.Run("file changed", func(t *testing.T) {
		// A new line above the SSN moves its finding down one line.
		p := filepath.Join(root, "content", "posts", "ssn.md")
		if err := os.WriteFile(p, []byte(post("A new first line.\n\nHer SSN is 123-45-6789, she said.")), 0o644); err != nil {
			t.Fatal(err)
		}
		_, s := reload(t, root)
		fresh := privacyFindings(t, s, root, true)
		if got := privacyFindings(t, s, root, false); !slices.Equal(got, fresh) {
			t.Fatalf("cached run after the file changed:\n got %q\nwant %q", got, fresh)
		}
	})

	t.Run("image renamed", func(t *testing.T) {
		// The bundle's files are part of the key, not only the post's bytes.
		dir := filepath.Join(root, "content", "posts", "pic")
		if err := os.WriteFile(filepath.Join(dir, "index.md"), []byte(post("No image in the text.")), 0o644); err != nil {
			t.Fatal(err)
		}
		_, s := reload(t, root)
		privacyFindings(t, s, root, false) // cache the bundle with its image
		if err := os.Rename(filepath.Join(dir, "maria-lopez-mrn-4471.png"), filepath.Join(dir, "xray.png")); err != nil {
			t.Fatal(err)
		}
		_, s = reload(t, root)
		fresh := privacyFindings(t, s, root, true)
		if got := privacyFindings(t, s, root, false); !slices.Equal(got, fresh) {
			t.Fatalf("cached run after the image was renamed:\n got %q\nwant %q", got, fresh)
		}
	})
}

func TestPrivacyCacheLockedByAnotherRunScansEverything(t *testing.T) {
	root, s := load(t, map[string]string{
		"carepress.yaml":       config,
		"content/posts/ssn.md": post("Her SSN is 123-45-6789."),
	})
	want := privacyFindings(t, s, root, true)
	// Runs at once (serve and build) must each report every finding,
	// whichever of them holds the cache.
	done := make(chan []string, 4)
	for range 4 {
		go func() {
			var out []string
			only := func(rule string) bool { return strings.HasPrefix(rule, "privacy/") }
			for _, f := range check.Run(context.Background(), s, check.Options{Root: root, Now: now, Only: only}) {
				out = append(out, f.String())
			}
			done <- out
		}()
	}
	for range 4 {
		if got := <-done; !slices.Equal(got, want) {
			t.Errorf("concurrent run:\n got %q\nwant %q", got, want)
		}
	}
}

// reload loads the site in root again, after its files changed.
func reload(t *testing.T, root string) (string, *site.Site) {
	t.Helper()
	s, _, err := build.Load(context.Background(), build.Options{Root: root, Now: now, Drafts: true, Future: true, Expired: true})
	if err != nil {
		t.Fatal(err)
	}
	return root, s
}

// tinyPNG is a 1×1 PNG image.
func tinyPNG(t *testing.T) string {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
