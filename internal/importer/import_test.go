package importer_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/importer"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// fixture is a source site under testdata/import, written by us in each
// generator's own format.
func fixture(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", "testdata", "import"}, parts...)...)
}

// importAndBuild imports a fixture into a new folder and builds it as
// `carepress build` does (the privacy gate included): the build must
// succeed, with no warning about markup shown as text.
func importAndBuild(t *testing.T, opts importer.Options) (*importer.Result, string) {
	t.Helper()
	dir := t.TempDir()
	opts.Root, opts.Now = filepath.Join(dir, "site"), now
	res, err := importer.Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	b, err := build.Build(context.Background(), build.Options{Root: opts.Root, Out: out, Now: now, Social: filepath.Join(dir, "social"),
		Check: build.Gate(context.Background(), opts.Root, false)})
	if err != nil {
		t.Fatalf("the imported site does not build: %v\n%s", err, res.Report)
	}
	for _, w := range b.Warnings {
		if strings.Contains(w.Error(), "shown to readers as text") || strings.Contains(w.Error(), "is not read") {
			t.Errorf("imported markup is published as text: %v", w)
		}
	}
	return res, out
}

var refresh = regexp.MustCompile(`<meta http-equiv="refresh" content="0; url=([^"]+)">`)

// resolves asserts that every old address the importer listed leads to
// its new page in the built output: the page itself, or a redirect page
// that sends the reader on to it (and, for an alias, a 301 in
// _redirects); an address with a query, a forced rule in _redirects.
func resolves(t *testing.T, res *importer.Result, out, base string) {
	t.Helper()
	redirects, err := os.ReadFile(filepath.Join(out, "_redirects"))
	if err != nil {
		t.Fatal(err)
	}
	bu, _ := url.Parse(base)
	if len(res.URLs) == 0 {
		t.Fatal("no old URLs listed")
	}
	for _, u := range res.URLs {
		if u.Draft {
			continue
		}
		page := filepath.Join(out, filepath.FromSlash(u.New), "index.html")
		if _, err := os.Stat(page); err != nil {
			t.Errorf("%s leads to %s, which was not built", u.Old, u.New)
			continue
		}
		if p, q, ok := strings.Cut(u.Old, "?"); ok {
			rule := bu.Path + strings.TrimPrefix(p, "/") + " " + q + " " + bu.Path + strings.TrimPrefix(u.New, "/") + " 301!\n"
			if !strings.Contains(string(redirects), rule) {
				t.Errorf("%s: no rule %q in _redirects:\n%s", u.Old, rule, redirects)
			}
			continue
		}
		if u.Kind == "page" {
			continue
		}
		file := filepath.Join(out, filepath.FromSlash(u.Old))
		if !strings.HasSuffix(u.Old, ".html") {
			file = filepath.Join(file, "index.html")
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("%s (%s): nothing at the old address: %v", u.Old, u.Kind, err)
			continue
		}
		m := refresh.FindSubmatch(data)
		if m == nil {
			t.Errorf("%s: %s is no redirect page", u.Old, file)
			continue
		}
		from := bu.ResolveReference(&url.URL{Path: bu.Path + strings.TrimPrefix(u.Old, "/")})
		target, err := from.Parse(string(m[1]))
		if err != nil || target.Path != bu.Path+strings.TrimPrefix(u.New, "/") {
			t.Errorf("%s redirects to %s, want %s", u.Old, m[1], u.New)
		}
		if u.Kind == "alias" {
			rule := bu.Path + strings.TrimPrefix(u.Old, "/") + " " + bu.Path + strings.TrimPrefix(u.New, "/") + " 301\n"
			if !strings.Contains(string(redirects), rule) {
				t.Errorf("%s: no rule %q in _redirects", u.Old, rule)
			}
		}
	}
}

func urlsByOld(res *importer.Result) map[string]importer.URL {
	m := map[string]importer.URL{}
	for _, u := range res.URLs {
		m[u.Old] = u
	}
	return m
}

// TestWordPressKeepsEveryOldURL imports the WXR fixture (Gutenberg and
// classic posts, two authors, nested categories, a draft, pages, a
// malformed item) and builds it: every old address resolves.
func TestWordPressKeepsEveryOldURL(t *testing.T) {
	res, out := importAndBuild(t, importer.Options{Kind: "wordpress", Source: fixture("wordpress", "maple-street.WordPress.2026-11-20.xml")})
	resolves(t, res, out, "https://maplestreetfamily.example.com/")
	got := urlsByOld(res)
	for old, want := range map[string]string{
		"/2019/09/flu-shots-are-here/":           "/posts/flu-shots-are-here/",
		"/?p=12":                                 "/posts/flu-shots-are-here/",
		"/2019/11/know-your-numbers/":            "/posts/know-your-numbers/",
		"/?p=15":                                 "/posts/winter-clinic-hours/",
		"/?page_id=4":                            "/our-services/cardiology/",
		"/our-services/cardiology/":              "/our-services/cardiology/",
		"/category/heart-health/blood-pressure/": "/categories/blood-pressure/",
		"/tag/flu/":                              "/tags/flu/",
		"/author/aruiz/":                         "/authors/ana-ruiz/",
	} {
		if got[old].New != want {
			t.Errorf("old URL %s leads to %q, want %q", old, got[old].New, want)
		}
	}
	if !got["/?p=15"].Draft {
		t.Error("the draft's old URL is not marked as waiting for it")
	}
	// The malformed item is reported at its line; the rest imported.
	if p := res.Site.Problems; len(p) != 1 || !strings.Contains(p[0].Error(), "maple-street.WordPress.2026-11-20.xml:200: malformed XML") {
		t.Errorf("problems = %v", p)
	}
}

// TestHugoKeepsEveryOldURL imports the Hugo fixture (TOML and YAML front
// matter, [permalinks], a page bundle, shortcodes, a team section) and
// builds it: every old address resolves.
func TestHugoKeepsEveryOldURL(t *testing.T) {
	res, out := importAndBuild(t, importer.Options{Kind: "hugo", Source: fixture("hugo")})
	resolves(t, res, out, "https://lakesidecardiology.example.com/")
	got := urlsByOld(res)
	for old, want := range map[string]string{
		"/2024/02/afib-warning-signs/":  "/posts/afib-warning-signs/",
		"/2023/09/cholesterol-numbers/": "/posts/cholesterol-numbers/",
		"/old/cholesterol/":             "/posts/cholesterol-numbers/",
		"/conditions/heart-failure/":    "/conditions/heart-failure/",
		"/team/dr-priya-shah/":          "/authors/dr-priya-shah/",
	} {
		if got[old].New != want {
			t.Errorf("old URL %s leads to %q, want %q", old, got[old].New, want)
		}
	}
	// The bundle's image is beside its post.
	if _, err := os.Stat(filepath.Join(out, "posts", "cholesterol-numbers", "chart.png")); err != nil {
		t.Error(err)
	}
}

// TestJekyllKeepsEveryOldURL imports the Jekyll fixture (a permalink
// pattern with categories, a base path, file-name dates, Liquid,
// jekyll-archives) and builds it: every old address resolves, below the
// site's /blog/ path.
func TestJekyllKeepsEveryOldURL(t *testing.T) {
	res, out := importAndBuild(t, importer.Options{Kind: "jekyll", Source: fixture("jekyll")})
	resolves(t, res, out, "https://secondstreetseniors.example.com/blog/")
	got := urlsByOld(res)
	for old, want := range map[string]string{
		"/medicare/enrollment/2023/10/02/medicare-open-enrollment.html": "/posts/medicare-open-enrollment/",
		"/medicare/2023/11/14/part-d-changes.html":                      "/posts/part-d-changes/",
		"/medicare/2023/11/14/part-d-changes/":                          "/posts/part-d-changes/",
		"/about.html":                                                   "/about/",
		"/category/medicare/":                                           "/categories/medicare/",
		"/tag/drug-costs/":                                              "/tags/drug-costs/",
	} {
		if got[old].New != want {
			t.Errorf("old URL %s leads to %q, want %q", old, got[old].New, want)
		}
	}
}
