package render_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/render"
	"github.com/carepress/carepress/internal/site"
)

func testSite(t *testing.T, baseURL string) *site.Site {
	t.Helper()
	cfg, err := config.Parse("carepress.yaml", []byte("title: Test Clinic\nbase_url: "+baseURL+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	return &site.Site{Config: cfg, Now: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)}
}

var theme = fstest.MapFS{
	"baseof.html":          {Data: []byte(`<title>{{ title .Page }}</title>{{ template "partials/nav.html" . }}{{ block "main" . }}{{ end }}`)},
	"partials/nav.html":    {Data: []byte(`<a href="{{ relURL "/posts/" }}">theme nav</a>`)},
	"post.html":            {Data: []byte(`{{ define "main" }}<h1>{{ .Page.Title }}</h1>{{ end }}`)},
	"page.html":            {Data: []byte(`{{ define "main" }}<p>theme page</p>{{ end }}`)},
	"alias.html":           {Data: []byte(`<meta http-equiv="refresh" content="0; url={{ absURL .Page.Path }}">`)},
	"partials/unused.html": {Data: []byte(`x`)},
}

func TestLookupOrder(t *testing.T) {
	s := testSite(t, "https://test.example.com/clinic/")
	siteTemplates := fstest.MapFS{
		"partials/nav.html": {Data: []byte(`<nav>site nav {{ relURL "/x/" }}</nav>`)},
	}
	r, err := render.New(s, []render.Layer{{FS: siteTemplates, Label: "templates"}, {FS: theme, Label: "theme"}})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	p := &site.Page{Kind: site.KindPost, Layout: "post", Title: `Flu </title><script>`, Path: "/posts/flu/"}
	if err := r.Page(&b, p, false); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{"<nav>site nav /clinic/x/</nav>", "<h1>Flu &lt;/title&gt;&lt;script&gt;</h1>", "<title>Flu &lt;/title&gt;&lt;script&gt; | Test Clinic</title>"} {
		if !strings.Contains(got, want) {
			t.Errorf("output %q lacks %q", got, want)
		}
	}
	b.Reset()
	if err := r.Alias(&b, site.Alias{From: "/old/", To: p}); err != nil || !strings.Contains(b.String(), "https://test.example.com/clinic/posts/flu/") {
		t.Errorf("alias: %q, %v", b.String(), err)
	}
}

func TestTemplateErrorsNameFileAndLine(t *testing.T) {
	s := testSite(t, "https://test.example.com/")
	bad := fstest.MapFS{"post.html": {Data: []byte("{{ define \"main\" }}\n<h1>\n{{ .Page.Title }\n{{ end }}")}}
	_, err := render.New(s, []render.Layer{{FS: bad, Label: "templates"}, {FS: theme, Label: "theme"}})
	if err == nil || !strings.HasPrefix(err.Error(), "templates/post.html:3:") {
		t.Errorf("parse error = %v, want it at templates/post.html:3", err)
	}

	exec := fstest.MapFS{"post.html": {Data: []byte("{{ define \"main\" }}\n{{ .Page.Nope }}{{ end }}")}}
	r, err := render.New(s, []render.Layer{{FS: exec, Label: "templates"}, {FS: theme, Label: "theme"}})
	if err != nil {
		t.Fatal(err)
	}
	err = r.Page(&strings.Builder{}, &site.Page{Kind: site.KindPost, Layout: "post"}, false)
	if err == nil || !strings.HasPrefix(err.Error(), "templates/post.html:2:") || !strings.Contains(err.Error(), "Nope") {
		t.Errorf("execution error = %v", err)
	}
}

func TestUnknownLayout(t *testing.T) {
	r, err := render.New(testSite(t, "https://test.example.com/"), []render.Layer{{FS: theme, Label: "theme"}})
	if err != nil {
		t.Fatal(err)
	}
	err = r.Page(&strings.Builder{}, &site.Page{Kind: site.KindPage, Layout: "landing", Path: "/x/"}, false)
	if err == nil || !strings.Contains(err.Error(), `no template "landing" for /x/ (add templates/landing.html, or use one of: page, post)`) {
		t.Errorf("unknown layout error = %v", err)
	}
	err = r.Page(&strings.Builder{}, &site.Page{Kind: site.KindTerms, Layout: "terms", Path: "/tags/"}, false)
	if err == nil || !strings.Contains(err.Error(), `no template "terms"`) {
		t.Errorf("missing layout error = %v", err)
	}
}

func TestNoBaseof(t *testing.T) {
	_, err := render.New(testSite(t, "https://test.example.com/"), []render.Layer{{FS: fstest.MapFS{}, Label: "x"}})
	if err == nil || !strings.Contains(err.Error(), "baseof.html") {
		t.Errorf("err = %v", err)
	}
}

// partialCached gives the bytes {{ template }} gives, renders a partial
// once per key (so a second page shows the first one's output for the same
// key), and reports an error inside the partial at the partial's line.
func TestPartialCached(t *testing.T) {
	s := testSite(t, "https://test.example.com/")
	layers := []render.Layer{{FS: fstest.MapFS{
		"baseof.html": {Data: []byte(`{{ block "main" . }}{{ end }}`)},
		"post.html": {Data: []byte(`{{ define "main" }}[{{ template "partials/card.html" .Page }}]` +
			`[{{ partialCached "partials/card.html" .Page .Page.Path }}][{{ partialCached "partials/card.html" .Page }}]{{ end }}`)},
		"partials/card.html": {Data: []byte(`<a href="{{ relURL .Path }}">{{ .Title }}</a>`)},
		"page.html":          {Data: []byte(`{{ define "main" }}{{ partialCached "partials/bad.html" . }}{{ end }}`)},
		"partials/bad.html":  {Data: []byte("ok\n{{ .Page.NoSuchField }}")},
	}, Label: "templates"}}
	r, err := render.New(s, layers)
	if err != nil {
		t.Fatal(err)
	}
	render1 := func(p *site.Page) string {
		var b strings.Builder
		if err := r.Page(&b, p, false); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	a := &site.Page{Kind: site.KindPost, Layout: "post", Title: "A & B", Path: "/posts/a/"}
	if got, want := render1(a), `[<a href="/posts/a/">A &amp; B</a>][<a href="/posts/a/">A &amp; B</a>][<a href="/posts/a/">A &amp; B</a>]`; got != want {
		t.Errorf("first page:\n got %s\nwant %s", got, want)
	}
	b := &site.Page{Kind: site.KindPost, Layout: "post", Title: "C", Path: "/posts/c/"}
	if got, want := render1(b), `[<a href="/posts/c/">C</a>][<a href="/posts/c/">C</a>][<a href="/posts/a/">A &amp; B</a>]`; got != want {
		t.Errorf("second page (keyed card is its own, unkeyed one is cached):\n got %s\nwant %s", got, want)
	}
	err = r.Page(&strings.Builder{}, &site.Page{Kind: site.KindPage, Layout: "page", Path: "/x/"}, false)
	if err == nil || !strings.HasPrefix(err.Error(), "templates/partials/bad.html:2:") {
		t.Errorf("error %v, want it at templates/partials/bad.html:2", err)
	}
}

// A check renders pages as deployed (dev false) with the build's Renderer,
// beside a dev build: a cached partial that shows the dev ribbon must not
// be taken from one for the other.
func TestPartialCachedKeepsDevApart(t *testing.T) {
	s := testSite(t, "https://test.example.com/")
	r, err := render.New(s, []render.Layer{{FS: fstest.MapFS{
		"baseof.html":          {Data: []byte(`{{ partialCached "partials/ribbon.html" . }}`)},
		"post.html":            {Data: []byte(`{{ define "main" }}{{ end }}`)},
		"partials/ribbon.html": {Data: []byte(`{{ if .Dev }}draft ribbon{{ else }}deployed{{ end }}`)},
	}, Label: "templates"}})
	if err != nil {
		t.Fatal(err)
	}
	p := &site.Page{Kind: site.KindPost, Layout: "post", Path: "/posts/a/"}
	for _, dev := range []bool{false, true, false} {
		var b strings.Builder
		if err := r.Page(&b, p, dev); err != nil {
			t.Fatal(err)
		}
		if want := map[bool]string{true: "draft ribbon", false: "deployed"}[dev]; b.String() != want {
			t.Errorf("dev %v: %q, want %q", dev, b.String(), want)
		}
	}
}

// Sources are the files the templates were parsed from, the highest
// layer's for each name, named with their layer: what check scans for
// trackers without reading the templates again.
func TestSourcesAreTheFilesParsed(t *testing.T) {
	s := testSite(t, "https://test.example.com/")
	site := fstest.MapFS{"partials/nav.html": {Data: []byte(`<nav>mine</nav>`)}, ".hidden.html": {Data: []byte(`x`)}}
	r, err := render.New(s, []render.Layer{{FS: site, Label: "templates"}, {FS: theme, Label: "theme"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, src := range r.Sources() {
		got = append(got, src.Name+"="+string(src.Text[:min(len(src.Text), 5)]))
	}
	want := []string{"templates/partials/nav.html=<nav>", "theme/alias.html=<meta", "theme/baseof.html=<titl", "theme/page.html={{ de",
		"theme/partials/unused.html=x", "theme/post.html={{ de"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Sources:\n got %v\nwant %v", got, want)
	}
}
