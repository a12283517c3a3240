package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/check"
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
		Check: check.Gate(opts.Root, false)})
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

// TestFetchDownloadsWhatTheSourceLacks: with Fetch, an image that is not
// beside the export is downloaded from its address (here a loopback
// server standing in for the old site); one the server does not have is
// listed, and left out of its page.
func TestFetchDownloadsWhatTheSourceLacks(t *testing.T) {
	png, err := os.ReadFile(fixture("hugo", "content", "posts", "cholesterol-numbers", "chart.png"))
	if err != nil {
		t.Fatal(err)
	}
	var asked []string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.Host+r.URL.Path)
		if r.URL.Path == "/wp-content/uploads/2019/11/bp-cuff.png" {
			w.Header().Set("Content-Type", "image/png")
			w.Write(png)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	// Every host is the loopback server: nothing leaves the machine.
	tr := srv.Client().Transport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
	}
	tr.TLSClientConfig.InsecureSkipVerify = true
	res, out := importAndBuild(t, importer.Options{Kind: "wordpress", Source: fixture("wordpress", "maple-street.WordPress.2026-11-20.xml"),
		Fetch: true, Client: &http.Client{Transport: tr}})
	var how []string
	for _, img := range res.Images {
		how = append(how, img.Ref+" "+img.How)
	}
	want := "https://maplestreetfamily.example.com/wp-content/uploads/2019/11/bp-cuff.png downloaded"
	if !slices.Contains(how, want) {
		t.Errorf("images:\n%s\nwant %s", strings.Join(how, "\n"), want)
	}
	if len(asked) != 1 || asked[0] != "maplestreetfamily.example.com/wp-content/uploads/2019/11/bp-cuff.png" {
		t.Errorf("asked the server for %v; the other images are in the source folder", asked)
	}
	got, err := os.ReadFile(filepath.Join(out, "wp-content", "uploads", "2019", "11", "bp-cuff.png"))
	if err != nil || !bytes.Equal(got, png) {
		t.Errorf("the downloaded image is not published as it was: %v", err)
	}
	page, _ := os.ReadFile(filepath.Join(out, "posts", "know-your-numbers", "index.html"))
	if !strings.Contains(string(page), `alt="A blood pressure cuff on an upper arm"`) {
		t.Error("the downloaded image is not on its page")
	}

	// Without the file on the server, the image is listed, with why.
	srv.Config.Handler = http.NotFoundHandler()
	res, _ = importAndBuild(t, importer.Options{Kind: "wordpress", Source: fixture("wordpress", "maple-street.WordPress.2026-11-20.xml"),
		Fetch: true, Client: &http.Client{Transport: tr}})
	if !strings.Contains(res.Report, "bp-cuff.png could not be had (cannot download https://maplestreetfamily.example.com/wp-content/uploads/2019/11/bp-cuff.png: 404 Not Found)") {
		t.Errorf("report:\n%s", res.Report)
	}
}

// TestImportingTwiceDoesNotDuplicate: a second import writes nothing new
// and keeps what a person changed since; a site's own carepress.yaml and
// a post of the same name that is not the import's are kept, and the
// imported post takes the next name.
func TestImportingTwiceDoesNotDuplicate(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "site")
	src := fixture("jekyll")
	mustWrite(t, filepath.Join(root, "carepress.yaml"), "title: Our own title\nbase_url: https://secondstreetseniors.example.com/blog/\ntimezone: America/Denver\n")
	mustWrite(t, filepath.Join(root, "content", "posts", "part-d-changes.md"), "---\ntitle: Another post of ours\ndate: 2020-01-01\n---\nOurs.\n")
	first, err := importer.Run(context.Background(), importer.Options{Kind: "jekyll", Source: src, Root: root, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(root, "carepress.yaml")); !strings.HasPrefix(string(data), "title: Our own title") {
		t.Errorf("carepress.yaml overwritten:\n%s", data)
	}
	if data, _ := os.ReadFile(filepath.Join(root, "content", "posts", "part-d-changes.md")); !strings.Contains(string(data), "Another post of ours") {
		t.Errorf("a post overwritten:\n%s", data)
	}
	moved, err := os.ReadFile(filepath.Join(root, "content", "posts", "part-d-changes-2.md"))
	if err != nil || !strings.Contains(string(moved), "/medicare/2023/11/14/part-d-changes.html") {
		t.Errorf("the imported post is not at the next name with its old URL: %v\n%s", err, moved)
	}
	// A person edits an imported post; the import runs again.
	edited := filepath.Join(root, "content", "posts", "medicare-open-enrollment.md")
	data, _ := os.ReadFile(edited)
	mustWrite(t, edited, strings.Replace(string(data), "Every fall", "Each fall", 1))
	before := files(t, root)
	second, err := importer.Run(context.Background(), importer.Options{Kind: "jekyll", Source: src, Root: root, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if after := files(t, root); !slices.Equal(before, after) {
		t.Errorf("the second import changed the files:\nbefore %v\nafter  %v", before, after)
	}
	if len(second.Written) != 1 || second.Written[0] != importer.ReportFile {
		t.Errorf("second import wrote %v, want only the report", second.Written)
	}
	if data, _ := os.ReadFile(edited); !strings.Contains(string(data), "Each fall") {
		t.Error("an edit was overwritten")
	}
	if len(second.URLs) != len(first.URLs) {
		t.Errorf("old URLs: %d, then %d", len(first.URLs), len(second.URLs))
	}
}

func mustWrite(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// files lists the files under root with their sizes, but for the report.
func files(t *testing.T, root string) []string {
	var out []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Base(p) == importer.ReportFile {
			return nil
		}
		data, _ := os.ReadFile(p)
		out = append(out, fmt.Sprintf("%s %d", relTo(root, p), len(data)))
		return nil
	})
	return out
}

func relTo(root, p string) string {
	r, _ := filepath.Rel(root, p)
	return filepath.ToSlash(r)
}

// TestNothingIsWrittenOutsideTheSite: names from the source (slugs,
// paths, image addresses, includes) that climb out of their folder or are
// absolute are made safe; the import writes only inside the site, and
// reads only inside the source.
func TestNothingIsWrittenOutsideTheSite(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "a", "b", "src")
	mustWrite(t, filepath.Join(dir, "secret.jpg"), "not for the site")
	mustWrite(t, filepath.Join(src, "_config.yml"), "title: X\nurl: https://x.example.com\npermalink: /../../:title/\n")
	mustWrite(t, filepath.Join(src, "_posts", "2024-01-02-..%2F..%2Fevil.md"), "---\ntitle: Evil\nslug: ../../../../evil\npermalink: /../../../evil/\nimage: ../../../secret.jpg\n---\n![x](/../../../secret.jpg) {% include ../../../../secret.jpg %} {% include_relative ../../secret.jpg %}\n")
	mustWrite(t, filepath.Join(src, "_posts", "2024-01-03-abs.md"), "---\ntitle: Abs\nslug: /etc/passwd\nimage: /etc/passwd\n---\n![x](file:///etc/passwd)\n")
	mustWrite(t, filepath.Join(src, "..", "..", "pages", "x.md"), "---\ntitle: outside\n---\n")
	root := filepath.Join(dir, "a", "b", "site")
	before := files(t, dir)
	res, err := importer.Run(context.Background(), importer.Options{Kind: "jekyll", Source: src, Root: root, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Written {
		if !filepath.IsLocal(filepath.FromSlash(f)) {
			t.Errorf("wrote %s", f)
		}
	}
	var outside []string
	for _, f := range files(t, dir) {
		if !strings.HasPrefix(f, "a/b/site/") && !slices.Contains(before, f) {
			outside = append(outside, f)
		}
	}
	if len(outside) > 0 {
		t.Errorf("written outside the site: %v", outside)
	}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if data, _ := os.ReadFile(p); err == nil && !d.IsDir() && (bytes.Contains(data, []byte("not for the site")) || bytes.Contains(data, []byte("root:"))) {
			t.Errorf("a file from outside the source was copied in: %s", p)
		}
		return nil
	})
	for _, img := range res.Images {
		if img.How != "missing" {
			t.Errorf("image %s: %s, want missing", img.Ref, img.How)
		}
	}
}

// TestBadInputIsReportedAndTheRestImports: a file that cannot be read
// (front matter that is not YAML, a post named as Jekyll skips it) is a
// problem at its file and line; every other file imports, and an author
// known only by name becomes a person.
func TestBadInputIsReportedAndTheRestImports(t *testing.T) {
	dir := t.TempDir()
	hugo := filepath.Join(dir, "hugo")
	mustWrite(t, filepath.Join(hugo, "hugo.toml"), "title = \"X\"\nbaseURL = \"https://x.example.com/\"\n")
	mustWrite(t, filepath.Join(hugo, "content", "posts", "broken.md"), "---\ntitle: Broken\ndate: [2024\n---\nx\n")
	mustWrite(t, filepath.Join(hugo, "content", "posts", "fine.md"), "---\ntitle: Fine\ndate: 2024-01-02\nauthor: Jane Doe\n---\nFine.\n")
	res, err := importer.Run(context.Background(), importer.Options{Kind: "hugo", Source: hugo, Root: filepath.Join(dir, "site"), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if p := res.Site.Problems; len(p) != 1 || !regexp.MustCompile(`^content/posts/broken.md:\d+: malformed YAML`).MatchString(p[0].Error()) {
		t.Errorf("problems = %v", p)
	}
	data, err := os.ReadFile(filepath.Join(dir, "site", "content", "posts", "fine.md"))
	if err != nil || !strings.Contains(string(data), "author: jane-doe\n") {
		t.Errorf("fine.md: %v\n%s", err, data)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "site", "content", "authors", "jane-doe.md")); err != nil || !strings.Contains(string(data), "name: Jane Doe") {
		t.Errorf("no person made from the author's name: %v\n%s", err, data)
	}

	jekyll := filepath.Join(dir, "jekyll")
	mustWrite(t, filepath.Join(jekyll, "_config.yml"), "title: [unclosed\n")
	mustWrite(t, filepath.Join(jekyll, "_posts", "no-date-here.md"), "---\ntitle: Skipped\n---\nx\n")
	mustWrite(t, filepath.Join(jekyll, "_posts", "2024-01-02-fine.md"), "---\ntitle: Fine\n---\nFine.\n")
	res, err = importer.Run(context.Background(), importer.Options{Kind: "jekyll", Source: jekyll, Root: filepath.Join(dir, "site2"), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range res.Site.Problems {
		got = append(got, p.Error())
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "_config.yml") || !strings.HasPrefix(got[1], "_posts/no-date-here.md: _posts/no-date-here.md is not named as a post") {
		t.Errorf("problems:\n%s", strings.Join(got, "\n"))
	}
	if _, err := os.Stat(filepath.Join(dir, "site2", "content", "posts", "fine.md")); err != nil {
		t.Error(err)
	}
}

// TestHugoYAMLConfig: a Hugo site configured in YAML, with the permalinks
// of Hugo 0.115 (permalinks.page.SECTION) and uglyURLs for the rest.
func TestHugoYAMLConfig(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	mustWrite(t, filepath.Join(src, "hugo.yaml"), "baseURL: https://x.example.com/clinic/\ntitle: X Clinic\nlanguageCode: en-GB\ntimeZone: Europe/London\nuglyURLs: true\npermalinks:\n  page:\n    blog: /:year/:slug/\n")
	mustWrite(t, filepath.Join(src, "content", "blog", "hay-fever.md"), "---\ntitle: Hay fever\ndate: 2024-05-01\nslug: hayfever\n---\nx\n")
	mustWrite(t, filepath.Join(src, "content", "about", "team.md"), "+++\ntitle = \"Team\"\n+++\nx\n")
	res, err := importer.Run(context.Background(), importer.Options{Kind: "hugo", Source: src, Root: filepath.Join(dir, "site"), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	got := urlsByOld(res)
	if got["/2024/hayfever/"].New != "/posts/hayfever/" || got["/about/team.html"].New != "/about/team/" {
		t.Errorf("urls: %v", res.URLs)
	}
	cfg, _ := os.ReadFile(filepath.Join(dir, "site", "carepress.yaml"))
	for _, want := range []string{"base_url: https://x.example.com/clinic/\n", "language: en-GB\n", "timezone: Europe/London\n"} {
		if !strings.Contains(string(cfg), want) {
			t.Errorf("carepress.yaml lacks %q:\n%s", want, cfg)
		}
	}
}
