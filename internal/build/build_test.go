package build_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/corpus"
	"github.com/carepress/carepress/internal/output"
	"github.com/carepress/carepress/internal/starter"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// now is the clock of every test build, so output is reproducible.
var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.FixedZone("CST", -6*3600))

const exampleRoot = "../.."

func buildExample(t *testing.T, opts build.Options) (*build.Result, string) {
	t.Helper()
	tmp := t.TempDir()
	out := filepath.Join(tmp, "public")
	// The social exports go beside the output, never into the repository.
	opts.Root, opts.Out, opts.Social, opts.Now = exampleRoot, out, filepath.Join(tmp, "social"), now
	res, err := build.Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res, out
}

// TestExampleGolden compares rendered pages of the example site with the
// golden files; run with -update after an intended change.
func TestExampleGolden(t *testing.T) {
	_, out := buildExample(t, build.Options{})
	pages := []string{
		"index.html",
		"posts/flu-vaccine-2026/index.html",
		"posts/fiber-at-breakfast/index.html",
		"posts/sun-safety/index.html",
		"posts/index.html",
		"tags/index.html",
		"series/fiber-basics/index.html",
		"authors/priya-raman/index.html",
		"authors/lauren-cho/index.html",
		"authors/elena-marsh/index.html",
		"services/index.html",
		"services/nutrition-counseling/index.html",
		"providers/index.html",
		"posts/back-to-school-lunches/index.html",
		"about/index.html",
		"contact/index.html",
		"policies/index.html",
		"notices/no-advice/index.html",
		"blog/flu-shot-2026/index.html",
		"404.html",
		// The site in Spanish: its home page, a post with its own slug, a
		// series, the services, the contact page and a notice.
		"es/index.html",
		"es/posts/vacuna-contra-la-gripe-2026/index.html",
		"es/posts/index.html",
		"es/series/fiber-basics/index.html",
		"es/services/index.html",
		"es/services/vaccines/index.html",
		"es/contacto/index.html",
		"es/notices/emergency/index.html",
	}
	for _, p := range pages {
		got, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Errorf("missing page: %v", err)
			continue
		}
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(strings.TrimSuffix(p, "/index.html"), "/", "_"))
		if !strings.HasSuffix(golden, ".html") {
			golden += ".html"
		}
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/build -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run with -update if intended)\n%s", p, golden, firstDiff(got, want))
		}
	}
}

func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + al[i] + "\nwant: " + bl[i]
		}
	}
	return "lengths differ"
}

var hrefRE = regexp.MustCompile(`(?:href|src)="([^"]+)"`)

// TestExampleSite checks what a practice relies on: every published post
// has its page, lists and tags link to pages that exist, and the draft and
// the future post appear nowhere.
func TestExampleSite(t *testing.T) {
	res, out := buildExample(t, build.Options{})
	s := res.Site
	if len(s.Posts) < 10 {
		t.Fatalf("only %d published posts", len(s.Posts))
	}
	for _, p := range s.Posts {
		if _, err := os.Stat(filepath.Join(out, p.Out)); err != nil {
			t.Errorf("post %s has no page", p.Path)
		}
	}
	// Every internal link resolves to a file in the output.
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		b, _ := os.ReadFile(path)
		for _, draft := range []string{"annual-checkup", "spring-allergies"} {
			if bytes.Contains(b, []byte(draft)) {
				t.Errorf("%s mentions unpublished post %s", path, draft)
			}
		}
		for _, m := range hrefRE.FindAllSubmatch(b, -1) {
			u := string(m[1])
			if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
				continue
			}
			u, _, _ = strings.Cut(u, "#")
			target := filepath.Join(out, filepath.FromSlash(u))
			if strings.HasSuffix(u, "/") {
				target = filepath.Join(target, "index.html")
			}
			if _, err := os.Stat(target); err != nil {
				rel, _ := filepath.Rel(out, path)
				t.Errorf("%s links to %s, which does not exist", rel, u)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"posts/annual-checkup/index.html", "posts/spring-allergies/index.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			t.Errorf("%s was published", f)
		}
	}

	_, all := buildExample(t, build.Options{Drafts: true, Future: true})
	for _, f := range []string{"posts/annual-checkup/index.html", "posts/spring-allergies/index.html"} {
		if _, err := os.Stat(filepath.Join(all, f)); err != nil {
			t.Errorf("--drafts --future did not add %s", f)
		}
	}
}

// TestExampleIsARealPractice: what a US practice's site would hold, and
// nothing a real one would not.
func TestExampleIsARealPractice(t *testing.T) {
	res, out := buildExample(t, build.Options{})
	s := res.Site
	if len(s.Services) < 5 {
		t.Errorf("%d services, want at least five", len(s.Services))
	}
	// No post is dated years ahead: a scheduled one is months away at most.
	for _, p := range append(append(slices.Clone(s.Posts), s.Scheduled...), s.Drafts...) {
		if p.Date.After(s.Now.AddDate(1, 0, 0)) {
			t.Errorf("%s is dated %s, more than a year ahead", p.Source.Path, p.Date.Format("2006-01-02"))
		}
	}
	// The notices the US starter writes, every one required by the US
	// starter present, with no gap left to fill in.
	us, err := starter.LookupCountry("US")
	if err != nil {
		t.Fatal(err)
	}
	notices, err := starter.Notices(us)
	if err != nil {
		t.Fatal(err)
	}
	for id := range notices {
		n := s.NoticesByID[id]
		if n == nil {
			t.Errorf("the example lacks the US starter's notice %q", id)
			continue
		}
		if strings.Contains(string(n.Content), "FILL IN") {
			t.Errorf("notice %q has a gap left to fill in", id)
		}
	}
	for _, id := range us.Require {
		if !slices.Contains(s.Config.Notices.Require, id) {
			t.Errorf("notices.require lacks %q, which the US starter requires", id)
		}
	}
	// The About page names every provider as their page does, and no one
	// else as a provider.
	about, err := os.ReadFile(filepath.Join(out, "about", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range s.People {
		if !bytes.Contains(about, []byte(">"+x.DisplayName()+"</a>")) {
			t.Errorf("the About page does not name %s", x.DisplayName())
		}
	}
	// A review says what the reviewer is.
	for _, p := range s.Posts {
		if p.Reviewer == nil {
			continue
		}
		page, err := os.ReadFile(filepath.Join(out, p.Out))
		if err != nil {
			t.Fatal(err)
		}
		medical := bytes.Contains(page, []byte("Medically reviewed by"))
		if medical != p.Reviewer.Physician {
			t.Errorf("%s: reviewed by %s, \"Medically reviewed\" shown: %v", p.Path, p.Reviewer.DisplayName(), medical)
		}
	}
}

// TestReproducible: two builds with the same --now give identical bytes.
// mtimes matches the files' times in a manifest.
var mtimes = regexp.MustCompile(`,\s*"mtime": -?\d+`)

func TestReproducible(t *testing.T) {
	_, a := buildExample(t, build.Options{})
	_, b := buildExample(t, build.Options{})
	n := 0
	filepath.WalkDir(a, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, path)
		x, _ := os.ReadFile(path)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if rel == output.ManifestName {
			// It lists the same files, with the times they have on disk.
			x, y = mtimes.ReplaceAll(x, nil), mtimes.ReplaceAll(y, nil)
		}
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", rel)
		}
		n++
		return nil
	})
	if n < 50 {
		t.Errorf("only %d files compared", n)
	}
}

// TestThousandPosts builds a generated site of 1,000 posts and checks that
// every post is rendered.
func TestThousandPosts(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	root := t.TempDir()
	if err := corpus.Write(root, corpus.Options{Posts: 1000, Seed: 1, PostBytes: 4000}); err != nil {
		t.Fatal(err)
	}
	res, err := build.Build(context.Background(), build.Options{Root: root, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Posts != 1000 {
		t.Fatalf("%d posts published, want 1000", res.Posts)
	}
	for _, p := range res.Site.Posts {
		b, err := os.ReadFile(filepath.Join(root, "public", p.Out))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(">"+p.Title+"</h1>")) {
			t.Fatalf("%s does not show its title", p.Out)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "public", "posts", "page", "100", "index.html")); err != nil {
		t.Error("the last list page is missing")
	}
}

// BenchmarkBuild1k measures a full cold build of a 1,000-post site: no
// output directory and no cache.
func BenchmarkBuild1k(b *testing.B) {
	root := b.TempDir()
	if err := corpus.Write(root, corpus.Options{Posts: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		os.RemoveAll(filepath.Join(root, "public"))
		os.RemoveAll(filepath.Join(root, ".carepress"))
		if _, err := build.Build(context.Background(), build.Options{Root: root, Now: now}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildWarm1k measures what `carepress build` costs in a new
// process after one post of a 1,000-post site changed: it reads the cache
// and the page digests the last build left, and renders only what the
// post appears in.
func BenchmarkBuildWarm1k(b *testing.B) {
	root := b.TempDir()
	if err := corpus.Write(root, corpus.Options{Posts: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	if _, err := build.Build(context.Background(), build.Options{Root: root, Now: now}); err != nil {
		b.Fatal(err)
	}
	post := filepath.Join(root, "content", "posts", "post-00500.md")
	src, err := os.ReadFile(post)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		n++
		os.WriteFile(post, append(src, fmt.Sprintf("\nEdit %d.\n", n)...), 0o644)
		res, err := build.Build(context.Background(), build.Options{Root: root, Now: now})
		if err != nil {
			b.Fatal(err)
		}
		if res.Rendered > 50 {
			b.Fatalf("rendered %d pages for one post", res.Rendered)
		}
	}
}

var urlAttrRE = regexp.MustCompile(`(?:href|src|content)="([^"]*)"|srcset="([^"]*)"`)

// TestSubPathStaysInside builds the example site under a sub-path, as on
// GitHub project pages, and walks every href, src and srcset of every page:
// none may leave the sub-path.
func TestSubPathStaysInside(t *testing.T) {
	res, out := buildExample(t, build.Options{BaseURL: "https://example.org/clinic/"})
	if res.Pages < 50 {
		t.Fatalf("only %d pages", res.Pages)
	}
	checked := 0
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		b, _ := os.ReadFile(path)
		rel, _ := filepath.Rel(out, path)
		for _, m := range urlAttrRE.FindAllSubmatch(b, -1) {
			var urls []string
			if m[1] != nil {
				urls = []string{string(m[1])}
			} else {
				for _, part := range strings.Split(string(m[2]), ",") {
					if f := strings.Fields(part); len(f) > 0 {
						urls = append(urls, f[0])
					}
				}
			}
			for _, u := range urls {
				switch {
				case strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//"):
					checked++
					if !strings.HasPrefix(u, "/clinic/") {
						t.Errorf("%s: %q escapes the sub-path", rel, u)
					}
				case strings.HasPrefix(u, "https://example.org"):
					checked++
					if !strings.HasPrefix(u, "https://example.org/clinic/") {
						t.Errorf("%s: %q escapes the sub-path", rel, u)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 1000 {
		t.Errorf("only %d site URLs checked", checked)
	}
}
