package seo_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/markdown"
	"github.com/carepress/carepress/internal/seo"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/testtool"
)

// clock is the clock of every test, so output is reproducible.
var clock = time.Date(2026, 11, 24, 12, 0, 0, 0, time.FixedZone("CST", -6*3600))

const exampleSiteRoot = "../.."

// sitemapXSD is the sitemaps.org 0.9 schema, as the project wrote it from
// the protocol, with the xhtml:link alternates declared: the protocol's
// schema checks elements of other namespaces strictly (testdata/schemas).
var sitemapXSD = testtool.Testdata("schemas", "sitemap-alternates.xsd")

// daysFromNow is a date relative to clock, in whole days.
func daysFromNow(n int) time.Time { return clock.AddDate(0, 0, n) }

// fakeSite is a small site model under a sub-path, built in memory.
func fakeSite(pages ...*site.Page) *site.Site {
	cfg := &config.Config{Title: "Test Clinic", BaseURL: "https://example.org/clinic/", Language: "en-US", Location: time.UTC}
	s := &site.Site{Config: cfg, Now: clock}
	home := &site.Page{Kind: site.KindHome, Title: "Test Clinic", Path: "/", Out: "index.html"}
	s.Home = home
	s.All = append(s.All, home)
	for _, p := range pages {
		s.All = append(s.All, p)
		if p.Kind == site.KindPost {
			s.Posts = append(s.Posts, p)
		}
	}
	return s
}

func fakePost(slug string, date time.Time) *site.Page {
	return &site.Page{Kind: site.KindPost, Title: "Post " + slug, Path: "/posts/" + slug + "/", Out: "posts/" + slug + "/index.html",
		Date: date, Lastmod: date, Meta: &content.PostMeta{}, Source: body("<p>About " + slug + ".</p>")}
}

// body is a source file whose converted body is html, as Page.Content
// reads it.
func body(html string) *content.File {
	return &content.File{Kind: content.KindPost, Doc: &markdown.Doc{HTML: []byte(html)}}
}

func sitemapLocs(t *testing.T, data []byte) []string {
	t.Helper()
	var set struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			Lastmod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(data, &set); err != nil {
		t.Fatalf("sitemap does not parse: %v", err)
	}
	var out []string
	for _, u := range set.URLs {
		out = append(out, u.Loc)
	}
	return out
}

func TestSitemapListsOnlyIndexablePages(t *testing.T) {
	noindex := fakePost("noindex", daysFromNow(-3))
	noindex.Meta.Noindex = true
	elsewhere := fakePost("elsewhere", daysFromNow(-3))
	elsewhere.Meta.Canonical = "https://other.example/original/"
	self := fakePost("self-canonical", daysFromNow(-3))
	self.Meta.Canonical = "/posts/self-canonical/"
	draft := fakePost("draft", daysFromNow(-3))
	draft.Draft = true
	future := fakePost("future", daysFromNow(3))
	future.Future = true
	expired := fakePost("expired", daysFromNow(-30))
	expired.ExpiryDate = daysFromNow(-1)
	notFound := &site.Page{Kind: site.KindNotFound, Path: "/404.html", Out: "404.html"}
	s := fakeSite(fakePost("kept", daysFromNow(-2)), noindex, elsewhere, self, draft, future, expired, notFound)
	s.Aliases = []site.Alias{{From: "/old/", To: s.All[1]}}

	out := seo.Sitemap(s)
	if len(out) != 1 || out[0].Path != "sitemap.xml" {
		t.Fatalf("got files %v, want sitemap.xml alone", outputPaths(out))
	}
	got := strings.Join(sitemapLocs(t, out[0].Data), " ")
	want := "https://example.org/clinic/ https://example.org/clinic/posts/kept/ https://example.org/clinic/posts/self-canonical/"
	if got != want {
		t.Errorf("sitemap lists\n%s\nwant\n%s", got, want)
	}
}

func TestSitemapLastmodIsLatestOfLastmodReviewAndDate(t *testing.T) {
	tests := []struct {
		name                   string
		date, lastmod, reviewd time.Time
		want                   string
	}{
		{"date only", daysFromNow(-10), daysFromNow(-10), time.Time{}, "2026-11-14T18:00:00Z"},
		{"lastmod latest", daysFromNow(-10), daysFromNow(-5), daysFromNow(-7), "2026-11-19T18:00:00Z"},
		{"review latest", daysFromNow(-10), daysFromNow(-9), daysFromNow(-1), "2026-11-23T18:00:00Z"},
		{"no dates", time.Time{}, time.Time{}, time.Time{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := fakePost("p", tt.date)
			p.Lastmod, p.LastReviewed = tt.lastmod, tt.reviewd
			s := fakeSite(p)
			var set struct {
				URLs []struct {
					Loc     string  `xml:"loc"`
					Lastmod *string `xml:"lastmod"`
				} `xml:"url"`
			}
			if err := xml.Unmarshal(seo.Sitemap(s)[0].Data, &set); err != nil {
				t.Fatal(err)
			}
			u := set.URLs[1]
			switch {
			case tt.want == "" && u.Lastmod != nil:
				t.Errorf("lastmod %q, want none", *u.Lastmod)
			case tt.want != "" && (u.Lastmod == nil || *u.Lastmod != tt.want):
				t.Errorf("lastmod %v, want %q", u.Lastmod, tt.want)
			}
		})
	}
}

func TestSitemapValidatesAgainstSchema(t *testing.T) {
	p := fakePost("a&b", daysFromNow(-1))
	p.LastReviewed = daysFromNow(-1)
	validateSitemap(t, seo.Sitemap(fakeSite(p, fakePost("c", daysFromNow(-2))))[0].Data)
}

func TestSitemapAbove50000URLsBecomesAnIndex(t *testing.T) {
	var pages []*site.Page
	for i := range 50001 { // with the home page: 50,002 URLs
		p := fakePost(fmt.Sprintf("p%d", i), daysFromNow(-1-i%400))
		pages = append(pages, p)
	}
	out := seo.Sitemap(fakeSite(pages...))
	if got := strings.Join(outputPaths(out), " "); got != "sitemap-1.xml sitemap-2.xml sitemap.xml" {
		t.Fatalf("files %s, want sitemap-1.xml sitemap-2.xml sitemap.xml", got)
	}
	if n := len(sitemapLocs(t, out[0].Data)); n != 50000 {
		t.Errorf("sitemap-1.xml has %d URLs, want 50000", n)
	}
	if got := sitemapLocs(t, out[1].Data); len(got) != 2 || got[1] != "https://example.org/clinic/posts/p50000/" {
		t.Errorf("sitemap-2.xml lists %v, want the last two pages", got)
	}
	var idx struct {
		XMLName  xml.Name
		Sitemaps []struct {
			Loc     string `xml:"loc"`
			Lastmod string `xml:"lastmod"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(out[2].Data, &idx); err != nil {
		t.Fatal(err)
	}
	if idx.XMLName.Local != "sitemapindex" || idx.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" {
		t.Errorf("sitemap.xml root is %v, want a sitemapindex", idx.XMLName)
	}
	if len(idx.Sitemaps) != 2 || idx.Sitemaps[0].Loc != "https://example.org/clinic/sitemap-1.xml" || idx.Sitemaps[1].Loc != "https://example.org/clinic/sitemap-2.xml" {
		t.Errorf("index lists %+v", idx.Sitemaps)
	}
	if idx.Sitemaps[0].Lastmod != "2026-11-23T18:00:00Z" {
		t.Errorf("index lastmod %q, want the newest page's", idx.Sitemaps[0].Lastmod)
	}
	validateSitemap(t, out[0].Data)
	validateSitemap(t, out[1].Data)
}

func TestRobotsAllowsAllAndNamesTheSitemap(t *testing.T) {
	got := string(seo.Robots(fakeSite()).Data)
	for _, want := range []string{"User-agent: *\n", "Allow: /\n", "Sitemap: https://example.org/clinic/sitemap.xml\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("robots.txt lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Disallow: /") {
		t.Errorf("robots.txt disallows:\n%s", got)
	}
}

func TestExampleSitemapIsValidAndOmitsUnpublishedPages(t *testing.T) {
	for _, opts := range []build.Options{{}, {Drafts: true, Future: true, Expired: true}} {
		out := buildExampleWith(t, opts)
		data := readOut(t, out, "sitemap.xml")
		validateSitemap(t, data)
		got := sitemapLocs(t, data)
		if len(got) < 20 {
			t.Errorf("sitemap lists only %d pages", len(got))
		}
		joined := strings.Join(got, "\n")
		for _, bad := range []string{"/404.html", "/annual-checkup/", "/spring-allergies/", "/blog/flu-shot-2026/"} {
			if strings.Contains(joined, bad) {
				t.Errorf("drafts=%v: sitemap lists %s", opts.Drafts, bad)
			}
		}
		for _, want := range []string{"https://riverbend.example.com/", "https://riverbend.example.com/posts/flu-vaccine-2026/"} {
			if !strings.Contains(joined+"\n", want+"\n") {
				t.Errorf("sitemap lacks %s", want)
			}
		}
		if robots := string(readOut(t, out, "robots.txt")); !strings.Contains(robots, "Sitemap: https://riverbend.example.com/sitemap.xml\n") {
			t.Errorf("robots.txt:\n%s", robots)
		}
	}
}

func TestExampleExtrasAreReproducible(t *testing.T) {
	a, b := buildExampleWith(t, build.Options{}), buildExampleWith(t, build.Options{})
	for _, f := range []string{"sitemap.xml", "robots.txt", "index.xml", "atom.xml", "feed.json", "tags/fiber/atom.xml", "_headers", "_redirects"} {
		if !bytes.Equal(readOut(t, a, f), readOut(t, b, f)) {
			t.Errorf("%s differs between two builds with the same --now", f)
		}
	}
}

// validateSitemap checks a sitemap against the sitemaps.org schema with xmllint,
// when it is installed.
func validateSitemap(t *testing.T, data []byte) {
	t.Helper()
	xmllint := testtool.Command(t, "apt-get install libxml2-utils", "xmllint")
	if _, err := os.Stat(sitemapXSD); err != nil {
		t.Fatalf("cannot validate the sitemap: %v", err)
	}
	f := filepath.Join(t.TempDir(), "sitemap.xml")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(xmllint, "--noout", "--schema", sitemapXSD, f).CombinedOutput(); err != nil {
		t.Errorf("sitemap is not valid: %v\n%s", err, out)
	}
}

func buildExampleWith(t *testing.T, opts build.Options) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	opts.Root, opts.Out, opts.Now = exampleSiteRoot, out, clock
	opts.Social = filepath.Join(t.TempDir(), "social")
	if _, err := build.Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	return out
}

func readOut(t *testing.T, dir, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func outputPaths(out []seo.Output) []string {
	var ps []string
	for _, o := range out {
		ps = append(ps, o.Path)
	}
	return ps
}

// TestJSONLDIsTheGraphEncoded checks that the document JSONLD writes, with
// the nodes every page shares encoded once, is the page's Graph as
// encoding/json writes it.
func TestJSONLDIsTheGraphEncoded(t *testing.T) {
	post := fakePost("flu", daysFromNow(-3))
	post.Description = `Flu <shots> & "boosters"`
	s := fakeSite(post, &site.Page{Kind: site.KindPage, Title: "About", Path: "/about/", Out: "about/index.html"})
	s.Config.Practice.Name = "Test Clinic"
	s.Config.Practice.Type = "MedicalClinic"
	s.Config.Practice.Specialty = []string{"PrimaryCare", "travel medicine"}
	b := seo.New(s, seo.Options{})
	for _, p := range s.All {
		got, err := b.JSONLD(p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := seo.Marshal(seo.Node{"@context": "https://schema.org", "@graph": b.Graph(p)})
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s:\n got: %s\nwant: %s", p.Path, got, want)
		}
	}
}
