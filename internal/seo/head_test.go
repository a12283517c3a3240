package seo_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/seo"
	"github.com/carepress/carepress/internal/site"
)

func TestHeadTagsOfExamplePages(t *testing.T) {
	const base = "https://riverbend.example.com/"
	feeds := []string{
		`<link rel="alternate" type="application/rss+xml" href="/index.xml" title="Riverbend Family Clinic (RSS)">`,
		`<link rel="alternate" type="application/atom+xml" href="/atom.xml" title="Riverbend Family Clinic (Atom)">`,
		`<link rel="alternate" type="application/feed+json" href="/feed.json" title="Riverbend Family Clinic (JSON Feed)">`,
	}
	tests := []struct {
		page    string
		want    []string
		notWant []string
	}{
		{"posts/flu-vaccine-2026/index.html", append([]string{
			`<title>Flu Season 2026–27: Your Flu Shot Questions Answered</title>`,
			`<meta name="description" content="Flu shots for the 2026–27 season are here.`,
			`<link rel="canonical" href="` + base + `posts/flu-vaccine-2026/">`,
			`<meta property="og:type" content="article">`,
			`<meta property="og:title" content="Flu Season 2026–27: Your Flu Shot Questions Answered">`,
			`<meta property="og:description" content="Flu shots for the 2026–27 season are here.`,
			`<meta property="og:url" content="` + base + `posts/flu-vaccine-2026/">`,
			`<meta property="og:site_name" content="Riverbend Family Clinic">`,
			`<meta property="og:locale" content="en_US">`,
			`<meta property="article:published_time" content="2026-09-15T08:00:00-05:00">`,
			`<meta property="article:modified_time" content="2026-10-01T00:00:00-05:00">`,
			`<meta property="article:author" content="` + base + `authors/marcus-hale/">`,
			`<meta property="article:tag" content="flu">`,
			`<meta property="article:tag" content="prevention">`,
			`<meta name="twitter:card" content="summary_large_image">`,
			`<meta name="twitter:site" content="@riverbend">`,
			// A post's image from static/, with its size.
			`<meta property="og:image" content="` + base + `images/posts/flu-vaccine-2026.jpg">`,
			`<meta property="og:image:width" content="1200">`,
			`<meta property="og:image:height" content="630">`,
		}, feeds...), []string{`name="robots"`, `/tags/flu/index.xml`}},
		{"posts/sun-safety/index.html", []string{
			`<meta property="og:image" content="` + base + `posts/sun-safety/sunscreen.jpg">`,
			`<meta property="og:image:alt" content="A bright sun in a clear blue sky above calm water, drawn in simple shapes">`,
			`<meta name="twitter:card" content="summary_large_image">`,
		}, nil},
		{"tags/flu/index.html", append([]string{
			`<title>flu | Riverbend Family Clinic</title>`,
			`<link rel="canonical" href="` + base + `tags/flu/">`,
			`<meta property="og:type" content="website">`,
			`<meta property="og:url" content="` + base + `tags/flu/">`,
			`<link rel="alternate" type="application/rss+xml" href="/tags/flu/index.xml" title="Riverbend Family Clinic: flu (RSS)">`,
			`<link rel="alternate" type="application/atom+xml" href="/tags/flu/atom.xml" title="Riverbend Family Clinic: flu (Atom)">`,
			`<link rel="alternate" type="application/feed+json" href="/tags/flu/feed.json" title="Riverbend Family Clinic: flu (JSON Feed)">`,
			`<meta name="twitter:card" content="summary">`,
		}, feeds...), []string{`article:`, `name="robots"`}},
		{"series/fiber-basics/index.html", []string{
			`<link rel="alternate" type="application/atom+xml" href="/series/fiber-basics/atom.xml"`,
		}, nil},
		{"authors/priya-raman/index.html", []string{
			`<meta property="og:type" content="profile">`,
		}, nil},
		{"index.html", []string{
			`<title>Riverbend Family Clinic</title>`,
			`<link rel="canonical" href="` + base + `">`,
		}, nil},
		{"404.html", []string{
			`<meta name="robots" content="noindex">`,
		}, []string{`rel="canonical"`, `og:url`}},
	}
	out := example(t)
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(out, tt.page))
			if err != nil {
				t.Fatal(err)
			}
			page := string(b)
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("page lacks %s", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(page, w) {
					t.Errorf("page has %s", w)
				}
			}
			for _, once := range []string{"<title>", `<meta name="description"`, `<meta property="og:title"`, `<meta name="twitter:card"`, `<meta charset`} {
				if n := strings.Count(page, once); n != 1 {
					t.Errorf("%d of %s, want 1", n, once)
				}
			}
			if n := strings.Count(page, `rel="canonical"`); n > 1 {
				t.Errorf("%d canonical links", n)
			}
		})
	}
}

func TestCutEndsOnAWordWithinTheLimit(t *testing.T) {
	long := strings.Repeat("Flu shots protect you and the people around you. ", 6)
	tests := []struct {
		name, in, want string
		max            int
	}{
		{"short text is kept", "Wash your hands.", "Wash your hands.", 160},
		{"spaces are folded", "Wash  your\nhands.", "Wash your hands.", 160},
		{"cut on a word", "one two three four", "one two…", 9},
		{"trailing punctuation dropped", "one two, three four", "one two…", 13},
		{"a single long word", "abcdefghijkl", "abcdefghi…", 10},
		{"exactly the limit is kept", "one two", "one two", 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := seo.Cut(tt.in, tt.max); got != tt.want {
				t.Errorf("Cut(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
	got := seo.Cut(long, seo.MaxDescription)
	if n := utf8.RuneCountInString(got); n > seo.MaxDescription || n < seo.MaxDescription-20 {
		t.Errorf("cut to %d characters: %q", n, got)
	}
	if !strings.HasSuffix(got, "…") || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Errorf("Cut = %q is not a prefix ending with …", got)
	}
	if w := strings.Fields(strings.TrimSuffix(got, "…")); !strings.Contains(long, w[len(w)-1]+" ") {
		t.Errorf("Cut = %q ends inside a word", got)
	}
}

func testBuilder(t *testing.T, yaml string, pages ...*site.Page) *seo.Builder {
	t.Helper()
	cfg, err := config.Parse("carepress.yaml", []byte("title: Test Clinic\nbase_url: https://test.example.com/clinic/\n"+yaml))
	if err != nil {
		t.Fatal(err)
	}
	return seo.New(&site.Site{Config: cfg, All: pages}, seo.Options{})
}

func TestHeadFollowsFrontMatter(t *testing.T) {
	summary := strings.Repeat("Sleep well and wake rested every single day of the week. ", 5)
	tests := []struct {
		name    string
		page    *site.Page
		want    []string
		notWant []string
	}{
		{"canonical from front matter",
			&site.Page{Kind: site.KindPost, Title: "Sleep", Path: "/posts/sleep/", Meta: &content.PostMeta{Canonical: "https://elsewhere.example/sleep/"}},
			[]string{`<link rel="canonical" href="https://elsewhere.example/sleep/">`, `<meta property="og:url" content="https://elsewhere.example/sleep/">`}, nil},
		{"site-relative canonical made absolute",
			&site.Page{Kind: site.KindPost, Title: "Sleep", Path: "/posts/sleep/", Meta: &content.PostMeta{Canonical: "/posts/rest/"}},
			[]string{`<link rel="canonical" href="https://test.example.com/clinic/posts/rest/">`}, nil},
		{"noindex",
			&site.Page{Kind: site.KindPost, Title: "Sleep", Path: "/posts/sleep/", Meta: &content.PostMeta{Noindex: true}},
			[]string{`<meta name="robots" content="noindex">`}, nil},
		{"feeds under the sub-path",
			&site.Page{Kind: site.KindPost, Title: "Sleep", Path: "/posts/sleep/", Meta: &content.PostMeta{}},
			[]string{`href="/clinic/index.xml"`, `href="/clinic/feed.json"`}, []string{`name="robots"`}},
		{"description from the summary is cut",
			&site.Page{Kind: site.KindPost, Title: "Sleep", Path: "/posts/sleep/", Meta: &content.PostMeta{}, Description: summary},
			[]string{`<meta name="description" content="Sleep well and wake rested every single day of the week. Sleep well`, `…">`}, nil},
		{"description from front matter is kept whole",
			&site.Page{Kind: site.KindPost, Title: "Sleep", Path: "/posts/sleep/", Meta: &content.PostMeta{Description: summary}, Description: summary},
			[]string{`content="` + strings.TrimSpace(summary)}, []string{`…`}},
		{"a long title drops the site name",
			&site.Page{Kind: site.KindPost, Title: strings.Repeat("Long title ", 6), Path: "/posts/x/", Meta: &content.PostMeta{}},
			[]string{`<title>` + strings.Repeat("Long title ", 6) + `</title>`}, nil},
		{"locale and x handle",
			&site.Page{Kind: site.KindPage, Title: "About", Path: "/about/"},
			[]string{`<meta property="og:locale" content="fr_CA">`, `<meta name="twitter:site" content="@test">`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := testBuilder(t, "language: fr-CA\nsocial: {platforms: {x: {handle: test}}}\n", tt.page)
			h, err := b.HeadHTML(tt.page)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(h), w) {
					t.Errorf("head lacks %s\n%s", w, h)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(string(h), w) {
					t.Errorf("head has %s\n%s", w, h)
				}
			}
			desc := regexp.MustCompile(`name="description" content="([^"]*)"`).FindStringSubmatch(string(h))
			if tt.page.Meta != nil && tt.page.Meta.Description == "" && desc != nil && utf8.RuneCountInString(desc[1]) > seo.MaxDescription {
				t.Errorf("description of %d characters", utf8.RuneCountInString(desc[1]))
			}
		})
	}
}

func TestTitleStaysWithinSixtyCharacters(t *testing.T) {
	b := testBuilder(t, "")
	tests := []struct{ title, want string }{
		{"Handwashing", "Handwashing | Test Clinic"},
		{"", "Test Clinic"},
		{strings.Repeat("a", 46), strings.Repeat("a", 46) + " | Test Clinic"},
		{strings.Repeat("a", 47), strings.Repeat("a", 47)},
	}
	for _, tt := range tests {
		if got := b.Title(&site.Page{Kind: site.KindPost, Title: tt.title}); got != tt.want {
			t.Errorf("Title(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
	if got := b.Title(&site.Page{Kind: site.KindHome, Title: "Welcome"}); got != "Test Clinic" {
		t.Errorf("home title = %q", got)
	}
}

func TestImageSizeHookAddsWidthAndHeight(t *testing.T) {
	cfg, err := config.Parse("carepress.yaml", []byte("title: T\nbase_url: https://t.example/\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := &site.Page{Kind: site.KindPost, Title: "P", Path: "/posts/p/", Image: "/posts/p/a.jpg", ImageAlt: "A", Meta: &content.PostMeta{}}
	b := seo.New(&site.Site{Config: cfg, All: []*site.Page{p}}, seo.Options{ImageSize: func(path string) (int, int, bool) {
		return 1200, 630, path == "/posts/p/a.jpg"
	}})
	h, err := b.HeadHTML(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`<meta property="og:image:width" content="1200">`, `<meta property="og:image:height" content="630">`, `<meta property="og:image:alt" content="A">`} {
		if !strings.Contains(string(h), w) {
			t.Errorf("head lacks %s", w)
		}
	}
	js, err := b.JSONLD(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), `"image":{"@type":"ImageObject","height":630,"url":"https://t.example/posts/p/a.jpg","width":1200}`) {
		t.Errorf("JSON-LD image lacks its size: %s", js)
	}
}
