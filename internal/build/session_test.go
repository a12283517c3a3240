package build_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/output"
)

// copySite copies the site at src (sources only) into dst.
func copySite(t *testing.T, src, dst string) {
	t.Helper()
	for _, dir := range []string{"content", "templates", "static", "themes"} {
		err := filepath.WalkDir(filepath.Join(src, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) && p == filepath.Join(src, dir) {
					return nil
				}
				return err
			}
			rel, _ := filepath.Rel(src, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(filepath.Join(src, "carepress.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, "carepress.yaml"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	seedMedia(t, dst)
}

// files reads every file of an output directory but the manifest.
func files(t *testing.T, out string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		if rel == output.ManifestName {
			return nil
		}
		b, err := os.ReadFile(p)
		m[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// coldBuild builds a fresh copy of the site at root, with no cache but
// the shared media (see seedMedia), and returns its files.
func coldBuild(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out, _ := coldBuildAll(t, root)
	return out
}

// coldBuildAll is coldBuild, which returns the social exports too.
func coldBuildAll(t *testing.T, root string) (out, social map[string][]byte) {
	t.Helper()
	fresh := filepath.Join(t.TempDir(), "site")
	copySite(t, root, fresh)
	if _, err := build.Build(context.Background(), build.Options{Root: fresh, Now: now}); err != nil {
		t.Fatalf("cold build: %v", err)
	}
	keepMedia(t, fresh)
	return files(t, filepath.Join(fresh, "public")), files(t, filepath.Join(fresh, "social"))
}

// The image variants and share cards are cached by a hash of all they are
// made from, so the copies of the example these tests build may take them
// from one another: encoding them anew for every build (70% of the
// package's time, many minutes under -race on two cores) tests nothing the
// first encoding did not. The first build of the package encodes them all.
var (
	mediaOnce sync.Once
	mediaDir  string
	mediaKind = []string{"images", "cards"}
)

// seedMedia gives the site at root the media the package's builds have made.
func seedMedia(t *testing.T, root string) {
	t.Helper()
	mediaOnce.Do(func() {
		var err error
		if mediaDir, err = os.MkdirTemp("", "carepress-media-"); err != nil {
			t.Fatal(err)
		}
	})
	for _, dir := range mediaKind {
		copyTree(t, filepath.Join(mediaDir, dir), filepath.Join(build.CacheDir(root), dir))
	}
}

// keepMedia adds the media the site at root has made to the shared cache.
func keepMedia(t *testing.T, root string) {
	t.Helper()
	for _, dir := range mediaKind {
		copyTree(t, filepath.Join(build.CacheDir(root), dir), filepath.Join(mediaDir, dir))
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if mediaDir != "" {
		os.RemoveAll(mediaDir)
	}
	os.Exit(code)
}

// copyTree copies the files under src (if it exists) into dst, leaving
// the files dst has already.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == src {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if _, err := os.Stat(target); err == nil {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	if err := os.WriteFile(file, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSessionMatchesColdBuild applies a sequence of changes through a
// Session, on disk and in memory, and after each compares every output
// file with a cold build of the same sources: an incremental build must be
// byte-identical, and must render less than a cold one when little
// changed.
func TestSessionMatchesColdBuild(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "site")
	copySite(t, exampleRoot, root)
	post := filepath.Join(root, "content", "posts", "handwashing.md")
	steps := []struct {
		name    string
		changed []string
		apply   func()
		small   bool // renders far fewer pages than the site has
		patched bool // an in-memory session patches its model
	}{
		{"first build", nil, func() {}, false, false},
		{"nothing changed", []string{}, func() {}, true, false},
		{"post body", []string{"content/posts/handwashing.md"}, func() {
			b, _ := os.ReadFile(post)
			os.WriteFile(post, append(b, []byte("\nOne more paragraph about soap and water.\n")...), 0o644)
		}, true, true},
		{"post body, reading time", []string{"content/posts/handwashing.md"}, func() {
			b, _ := os.ReadFile(post)
			os.WriteFile(post, append(b, []byte("\n"+strings.Repeat("Wash with soap for twenty seconds, then rinse and dry. ", 80)+"\n")...), 0o644)
		}, false, true}, // the lists show its reading time
		{"post title", []string{"content/posts/handwashing.md"}, func() {
			edit(t, post, `title: "Clean Hands:`, `title: "Soap and water:`)
		}, true, true},
		{"titles and a description, one in a series", []string{"content/posts/handwashing.md", "content/posts/fiber-go-slow.md"}, func() {
			edit(t, post, `title: "Soap and water:`, `title: "Soap, water and time:`)
			edit(t, filepath.Join(root, "content", "posts", "fiber-go-slow.md"), "title: \"Fiber Basics, Week 5:", "title: \"Fiber, week 5:")
			edit(t, filepath.Join(root, "content", "posts", "fiber-go-slow.md"), "description: ", "description: Updated. ")
		}, false, true}, // a series post's title is on every page of its series
		{"a bundle's title and image alt", []string{"content/posts/sun-safety/index.md"}, func() {
			bundle := filepath.Join(root, "content", "posts", "sun-safety", "index.md")
			edit(t, bundle, `title: "Sun Safety:`, `title: "Sun sense:`)
			edit(t, bundle, "![A bright sun in a clear blue sky", "![A sun in a clear blue sky")
		}, true, true},
		{"post date", []string{"content/posts/handwashing.md"}, func() {
			edit(t, post, "date: 2026-", "date: 2025-")
		}, false, false},
		{"tag added", []string{"content/posts/handwashing.md"}, func() {
			edit(t, post, "tags: [", "tags: [soap, ")
		}, false, false},
		{"post deleted", []string{"content/posts/better-sleep-habits.md"}, func() {
			os.Remove(filepath.Join(root, "content", "posts", "better-sleep-habits.md"))
		}, false, false},
		{"post added", []string{"content/posts/new-post.md"}, func() {
			os.WriteFile(filepath.Join(root, "content", "posts", "new-post.md"), []byte("---\ntitle: A new post\ndate: 2026-11-01\nauthor: marcus-hale\ntags: [flu]\n---\nShort and new.\n"), 0o644)
		}, false, false},
		{"image resized", []string{"content/posts/sun-safety/sunscreen.jpg"}, func() {
			writeJPEG(t, filepath.Join(root, "content", "posts", "sun-safety", "sunscreen.jpg"), 900, 500)
		}, false, false}, // image sizes are a global input
		{"image in a summary", []string{"content/posts/handwashing.md"}, func() {
			edit(t, post, "\n---\n", "\n---\n![Our logo](/images/logo.svg)\n\n")
		}, true, false},
		{"template", []string{"templates/about.html"}, func() {
			edit(t, filepath.Join(root, "templates", "about.html"), "{{ $p.Content }}", "<!-- edited -->{{ $p.Content }}")
		}, true, false},
		// The practice's pages: services, providers, series. Each of these
		// changes what other pages show (the home page, the lists, the
		// JSON-LD of every page): a digest that missed one would leave a
		// stale page, which the comparison with a cold build finds.
		{"service summary", []string{"content/services/vaccines/index.md"}, func() {
			edit(t, filepath.Join(root, "content", "services", "vaccines", "index.md"), "summary: Routine vaccines", "summary: Vaccines")
		}, false, false},
		{"service added", []string{"content/services/travel.md"}, func() {
			os.WriteFile(filepath.Join(root, "content", "services", "travel.md"), []byte("---\ntitle: Travel health\nsummary: Advice and vaccines before you travel.\ntype: MedicalTherapy\ntags: [vaccines]\norder: 35\n---\nBook six weeks before you go.\n"), 0o644)
		}, false, false},
		{"services intro", []string{"content/services/index.md"}, func() {
			os.WriteFile(filepath.Join(root, "content", "services", "index.md"), []byte("---\ntitle: What we offer\n---\nCare for the whole family.\n"), 0o644)
		}, false, false},
		{"service image resized", []string{"content/services/lab-tests/test-tubes.jpg"}, func() {
			writeJPEG(t, filepath.Join(root, "content", "services", "lab-tests", "test-tubes.jpg"), 1000, 525)
		}, false, false},
		{"post related to a service, retitled", []string{"content/posts/fiber-go-slow.md"}, func() {
			edit(t, filepath.Join(root, "content", "posts", "fiber-go-slow.md"), "title: \"Fiber, week 5:", "title: \"Fiber, week five:")
		}, false, true}, // on its series' pages and the nutrition service's
		{"provider's locations and languages", []string{"content/authors/lauren-cho.md"}, func() {
			edit(t, filepath.Join(root, "content", "authors", "lauren-cho.md"), "locations: [main-clinic, westside-office]", "locations: [westside-office]")
			edit(t, filepath.Join(root, "content", "authors", "lauren-cho.md"), "languages: [English, Korean]", "languages: [English]")
		}, false, false},
		{"provider photo", []string{"content/authors/samuel-okafor.md", "static/images/okafor.jpg"}, func() {
			writeJPEG(t, filepath.Join(root, "static", "images", "okafor.jpg"), 600, 600)
			edit(t, filepath.Join(root, "content", "authors", "samuel-okafor.md"), "provider: true", "provider: true\nphoto: /images/okafor.jpg")
		}, false, false},
		{"series part scheduled", []string{"content/posts/fiber-bonus.md"}, func() {
			os.WriteFile(filepath.Join(root, "content", "posts", "fiber-bonus.md"), []byte("---\ntitle: \"Fiber Basics, bonus week: Snacks\"\ndate: 2026-12-15\nseries: fiber-basics\nseries_order: 6\nauthor: priya-raman\ntags: [fiber]\n---\nNuts and fruit.\n"), 0o644)
		}, false, false}, // the series is no longer finished
		{"location hours", []string{"carepress.yaml"}, func() {
			edit(t, filepath.Join(root, "carepress.yaml"), `hours: ["Mo-Fr 08:30-16:30"]`, `hours: ["Mo-Fr 08:00-16:30"]`)
		}, false, false},
		{"theme partial override", []string{"templates/partials/pager.html"}, func() {
			b, err := fs.ReadFile(os.DirFS(filepath.Join("..", "..", "themes", "default", "layouts", "partials")), "pager.html")
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Join(root, "templates", "partials"), 0o755)
			os.WriteFile(filepath.Join(root, "templates", "partials", "pager.html"), append([]byte("<!-- pager -->"), b...), 0o644)
		}, false, false},
		{"config", []string{"carepress.yaml"}, func() {
			edit(t, filepath.Join(root, "carepress.yaml"), "title: Riverbend Family Clinic", "title: Riverbend Clinic")
		}, false, false},
		{"notice", []string{"content/notices/no-advice.md"}, func() {
			edit(t, filepath.Join(root, "content", "notices", "no-advice.md"), "summary: General information,", "summary: General health information,")
		}, false, false},
		// Each kind of source once more, after all of the above.
		{"tag removed", []string{"content/posts/handwashing.md"}, func() {
			edit(t, post, "tags: [soap, ", "tags: [")
		}, false, false}, // the soap tag page goes
		{"series title", []string{"content/series/fiber-basics.md"}, func() {
			edit(t, filepath.Join(root, "content", "series", "fiber-basics.md"), `title: "Fiber Basics: Five Weekly Tips"`, `title: "Fiber Basics: Weekly Tips"`)
		}, false, false},
		{"person's name", []string{"content/authors/priya-raman.md"}, func() {
			edit(t, filepath.Join(root, "content", "authors", "priya-raman.md"), "name: Priya Raman", "name: Priya K. Raman")
		}, false, false}, // on every page of hers, and in share cards
		{"bundle file added", []string{"content/posts/sun-safety/spf-chart.pdf"}, func() {
			os.WriteFile(filepath.Join(root, "content", "posts", "sun-safety", "spf-chart.pdf"), []byte("%PDF-1.4\n%%EOF\n"), 0o644)
		}, false, false},
		// A site in two languages: a translation's title is on its
		// language's lists and in its original's alternates; one added or
		// removed changes its language's lists, its series and author, and
		// the hreflang and switcher of its original.
		{"translation title", []string{"content/posts/flu-vaccine-2026.es.md"}, func() {
			edit(t, filepath.Join(root, "content", "posts", "flu-vaccine-2026.es.md"), `title: "Gripe 2026–27:`, `title: "La gripe 2026–27:`)
		}, false, false},
		{"translation added", []string{"content/posts/handwashing.es.md"}, func() {
			os.WriteFile(filepath.Join(root, "content", "posts", "handwashing.es.md"), []byte("---\ntitle: Manos limpias\nslug: manos-limpias\ntags: [higiene]\n---\nLávese las manos con agua y jabón.\n"), 0o644)
		}, false, false},
		{"translation removed", []string{"content/posts/fiber-why-it-matters.es.md"}, func() {
			os.Remove(filepath.Join(root, "content", "posts", "fiber-why-it-matters.es.md"))
		}, false, false}, // its series in Spanish has no part left
		{"unknown change", nil, func() {
			b, _ := os.ReadFile(post)
			os.WriteFile(post, append(b, []byte("\nAnd rinse.\n")...), 0o644)
		}, true, false},
	}
	disk := build.NewSession(build.Options{Root: root, Now: now})
	defer disk.Close()
	mem := build.NewSession(build.Options{Root: root, Now: now, InMemory: true})
	defer mem.Close()
	// fast renders only the changed posts before it returns; every other
	// stale file is rendered in the background or when opened.
	fast := build.NewSession(build.Options{Root: root, Now: now, InMemory: true})
	defer fast.Close()
	// ref builds in memory by the full path, for the social exports of a
	// patched model: in memory they link to the dev server, not to the
	// output folder. (A step that takes the full path makes them as ref
	// does.)
	ref := build.NewSession(build.Options{Root: root, Now: now, InMemory: true})
	defer ref.Close()
	// covered collects, for each registered output, whether a full build
	// of some step put a file of it in: then the comparisons covered it.
	covered := map[string]bool{}
	for i, st := range steps {
		st.apply()
		want, wantSocial := coldBuildAll(t, root)
		seedMedia(t, root) // what the cold build encoded
		res, err := disk.Build(ctx, st.changed)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got := files(t, filepath.Join(root, "public"))
		compare(t, st.name+" (disk)", got, want)
		compare(t, st.name+" (disk, social)", files(t, filepath.Join(root, "social")), wantSocial)
		if st.small && res.Rendered*3 > res.Pages {
			t.Errorf("%s: rendered %d of %d pages", st.name, res.Rendered, res.Pages)
		}
		mres, err := mem.Build(ctx, st.changed)
		if err != nil {
			t.Fatalf("%s (memory): %v", st.name, err)
		}
		inMem := map[string][]byte{}
		for rel := range want {
			if b, ok := mem.Open(rel); ok {
				inMem[rel] = b
			}
		}
		compare(t, st.name+" (memory)", inMem, want)
		if mres.Patched != st.patched {
			t.Errorf("%s (memory): patched = %v, want %v", st.name, mres.Patched, st.patched)
		}
		fres, err := fast.BuildFirst(ctx, st.changed, nil)
		if err != nil {
			t.Fatalf("%s (fast): %v", st.name, err)
		}
		opened := map[string][]byte{}
		for rel := range want {
			if b, ok := fast.Open(rel); ok {
				opened[rel] = b
			}
		}
		compare(t, st.name+" (fast, opened at once)", opened, want)
		if fres.Patched != st.patched {
			t.Errorf("%s (fast): patched = %v, want %v", st.name, fres.Patched, st.patched)
		}
		if fres.Patched && fres.Rendered != len(st.changed) {
			t.Errorf("%s (fast): rendered %d pages before returning, want only the %d changed", st.name, fres.Rendered, len(st.changed))
		}
		// Every other step, a new process: build.Build reads what the
		// session left in .carepress/cache, which the session must let go
		// of first. Between, the session keeps its cache open.
		if i%2 == 1 {
			disk.Close()
			if _, err := build.Build(ctx, build.Options{Root: root, Now: now}); err != nil {
				t.Fatalf("%s (new process): %v", st.name, err)
			}
			compare(t, st.name+" (new process)", files(t, filepath.Join(root, "public")), want)
		}
		if mres.Files != len(want) {
			t.Errorf("%s (memory): %d files, want %d", st.name, mres.Files, len(want))
		}
		social := func(s *build.Session) map[string][]byte {
			m := map[string][]byte{}
			for rel := range wantSocial {
				if b, ok := s.OpenSocial(rel); ok {
					m[rel] = b
				}
			}
			return m
		}
		if st.patched || i == 0 {
			if _, err := ref.Build(ctx, nil); err != nil {
				t.Fatalf("%s (reference): %v", st.name, err)
			}
			refSocial := social(ref)
			if len(refSocial) != len(wantSocial) {
				t.Errorf("%s (reference): %d social exports, want %d", st.name, len(refSocial), len(wantSocial))
			}
			compare(t, st.name+" (memory, social)", social(mem), refSocial)
			compare(t, st.name+" (fast, social)", social(fast), refSocial)
		}
		for name, fs := range mem.FilesByOutput() {
			if len(fs) > 0 {
				covered[name] = true
			}
		}
	}
	for _, name := range build.OutputNames() {
		if !covered[name] {
			t.Errorf("no step makes a file of the output %q: give the example site one, or a step that adds one", name)
		}
	}
}

// writeJPEG writes a w×h JPEG image to file.
func writeJPEG(t *testing.T, file string, w, h int) {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, w, h)), nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func compare(t *testing.T, step string, got, want map[string][]byte) {
	t.Helper()
	for rel, w := range want {
		g, ok := got[rel]
		switch {
		case !ok:
			t.Errorf("%s: %s missing", step, rel)
		case !bytes.Equal(g, w):
			t.Errorf("%s: %s differs from a cold build\n%s", step, rel, firstDiff(g, w))
		}
	}
	for rel := range got {
		if _, ok := want[rel]; !ok {
			t.Errorf("%s: %s is not in a cold build", step, rel)
		}
	}
}

// TestFailedSessionBuildKeepsOutput: a build that fails leaves the last
// good output, on disk and in memory.
func TestFailedSessionBuildKeepsOutput(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "site")
	copySite(t, exampleRoot, root)
	disk := build.NewSession(build.Options{Root: root, Now: now})
	mem := build.NewSession(build.Options{Root: root, Now: now, InMemory: true})
	for _, s := range []*build.Session{disk, mem} {
		if _, err := s.Build(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	before := files(t, filepath.Join(root, "public"))
	home, _ := mem.Open("index.html")
	post := filepath.Join(root, "content", "posts", "handwashing.md")
	edit(t, post, "author: marcus-hale", "author: nobody-at-all")
	for _, s := range []*build.Session{disk, mem} {
		if _, err := s.Build(ctx, []string{"content/posts/handwashing.md"}); err == nil || !strings.Contains(err.Error(), "nobody-at-all") {
			t.Fatalf("build with an unknown author: %v", err)
		}
	}
	compare(t, "after a failed build", files(t, filepath.Join(root, "public")), before)
	if got, ok := mem.Open("index.html"); !ok || !bytes.Equal(got, home) {
		t.Errorf("the in-memory output changed after a failed build")
	}
}

// TestNewProcessBuildSeesChangesByStat: a build that is not told what
// changed trusts a source whose size, time and inode are as the cache
// recorded them, and reads again any other, so a file saved by rename
// with the same size and time is still seen.
func TestNewProcessBuildSeesChangesByStat(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "site")
	copySite(t, exampleRoot, root)
	old := time.Now().Add(-time.Hour)
	filepath.WalkDir(filepath.Join(root, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			err = os.Chtimes(p, old, old)
		}
		return err
	})
	build1 := func(step string) *build.Result {
		t.Helper()
		res, err := build.Build(ctx, build.Options{Root: root, Now: now})
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		compare(t, step, files(t, filepath.Join(root, "public")), coldBuild(t, root))
		return res
	}
	build1("first build")
	if res := build1("nothing changed"); res.Written != 0 {
		t.Errorf("nothing changed: %d files written", res.Written)
	}

	// Same size, same time, new inode: an editor's write-then-rename.
	post := filepath.Join(root, "content", "posts", "handwashing.md")
	b, err := os.ReadFile(post)
	if err != nil {
		t.Fatal(err)
	}
	tmp := post + ".tmp"
	if err := os.WriteFile(tmp, bytes.Replace(b, []byte("Clean Hands:"), []byte("Clear Hands:"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(tmp, old, old)
	if err := os.Rename(tmp, post); err != nil {
		t.Fatal(err)
	}
	build1("renamed over, same size and time")

	// Another size, an older time than recorded.
	edit(t, post, "Clear Hands:", "Clean, clear hands:")
	os.Chtimes(post, old.Add(-time.Hour), old.Add(-time.Hour))
	build1("edited, time set back")
}

// TestBuildRestoresOutputChangedByHand: an output file deleted, edited or
// moved aside by hand since the last build is written again by the next,
// although no source changed and its page is not rendered otherwise.
func TestBuildRestoresOutputChangedByHand(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "site")
	copySite(t, exampleRoot, root)
	out := filepath.Join(root, "public")
	if _, err := build.Build(ctx, build.Options{Root: root, Now: now}); err != nil {
		t.Fatal(err)
	}
	want := files(t, out)
	later := time.Now().Add(2 * time.Second) // past the file system's clock tick
	steps := []struct {
		name    string
		apply   func() error
		written int
	}{
		{"page deleted", func() error { return os.Remove(filepath.Join(out, "posts", "handwashing", "index.html")) }, 1},
		{"page edited, same size", func() error {
			p := filepath.Join(out, "tags", "index.html")
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b[len(b)-2] ^= 1
			if err := os.WriteFile(p, b, 0o644); err != nil {
				return err
			}
			return os.Chtimes(p, later, later)
		}, 1},
		{"directory deleted", func() error { return os.RemoveAll(filepath.Join(out, "posts")) }, len(filter(want, "posts/"))},
		{"nothing", func() error { return nil }, 0},
	}
	for _, st := range steps {
		if err := st.apply(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		res, err := build.Build(ctx, build.Options{Root: root, Now: now})
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		compare(t, st.name, files(t, out), want)
		if res.Written != st.written {
			t.Errorf("%s: %d files written, want %d: %v", st.name, res.Written, st.written, res.Changed)
		}
	}
}

// filter lists the files of m under dir.
func filter(m map[string][]byte, dir string) []string {
	var out []string
	for rel := range m {
		if strings.HasPrefix(rel, dir) {
			out = append(out, rel)
		}
	}
	return out
}

// A session (the dev server's) opens the site root again for each full
// build: -s may be a link that a deploy points at another folder.
func TestSessionFollowsTheRootLink(t *testing.T) {
	base := t.TempDir()
	for _, v := range []string{"one", "two"} {
		dir := filepath.Join(base, v)
		for name, text := range map[string]string{
			"carepress.yaml":     "title: Clinic " + v + "\nbase_url: https://test.example.com/\ntimezone: America/Chicago\n",
			"content/posts/p.md": "---\ntitle: Post " + v + "\ndate: 2026-10-01\n---\nText.\n",
		} {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	root := filepath.Join(base, "current")
	if err := os.Symlink("one", root); err != nil {
		t.Skip(err)
	}
	s := build.NewSession(build.Options{Root: root, InMemory: true, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	defer s.Close()
	for _, v := range []string{"one", "two"} {
		if v == "two" {
			if err := os.Remove(root); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("two", root); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Build(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		page, ok := s.Open("posts/p/index.html")
		if !ok || !bytes.Contains(page, []byte("Post "+v)) {
			t.Errorf("after pointing the root at %s, the post reads %.80q", v, page)
		}
	}
}
