package content_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/markdown"
)

func load(t *testing.T, files map[string]string) (*content.Set, error) {
	t.Helper()
	cfg, err := config.Parse("carepress.yaml", []byte("title: Test Clinic\ntimezone: America/Chicago\npractice: {phone: \"+1-217-555-0100\", emergency_number: \"911\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	set, errs := content.Load(context.Background(), fsys, content.Options{Config: cfg, Converter: markdown.New(markdown.Options{})})
	return set, errs.Err()
}

func TestKindsAndBundles(t *testing.T) {
	set, err := load(t, map[string]string{
		"content/posts/a.md":              "---\ntitle: A\n---\nx",
		"content/posts/b/index.md":        "---\ntitle: B\n---\n![x](p.jpg)",
		"content/posts/b/p.jpg":           "img",
		"content/posts/b/q.png":           "img",
		"content/authors/ana.md":          "---\nname: Ana\n---\n",
		"content/series/fiber.md":         "---\ntitle: Fiber\nevery: 7d\n---\n",
		"content/notices/emergency.md":    "---\ntitle: Emergency\nsummary: Call {{ .Practice.EmergencyNumber }}.\n---\nCall {{ .Practice.EmergencyNumber }} or {{ .Practice.Phone }}.",
		"content/about.md":                "---\ntitle: About\n---\nWho we are.",
		"content/clinics/dental.md":       "---\ntitle: Dental\n---\nCheckups.",
		"content/services/flu.md":         "---\ntitle: Flu shots\nfor: Everyone 6 months and older\ntags: [flu]\n---\nA quick visit.",
		"content/services/diet/index.md":  "---\ntitle: Nutrition\nimage: plate.jpg\n---\nOne hour.",
		"content/services/diet/plate.jpg": "img",
		"content/posts/.a.md.swp":         "junk",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Posts) != 2 || len(set.People) != 1 || len(set.Series) != 1 || len(set.Notices) != 1 || len(set.Pages) != 2 || len(set.Services) != 2 {
		t.Fatalf("set: %d posts, %d people, %d series, %d notices, %d pages, %d services", len(set.Posts), len(set.People), len(set.Series), len(set.Notices), len(set.Pages), len(set.Services))
	}
	diet, flu := set.Services[0], set.Services[1]
	if diet.ID != "diet" || diet.BundleDir != "content/services/diet" || strings.Join(diet.Resources, ",") != "plate.jpg" || diet.Service.Image != "plate.jpg" {
		t.Errorf("service bundle: %+v", diet)
	}
	if flu.ID != "flu" || flu.Service.For != "Everyone 6 months and older" || !slices.Equal(flu.Service.Tags, []string{"flu"}) {
		t.Errorf("service: %+v %+v", flu, flu.Service)
	}
	b := set.Posts[1]
	if b.ID != "b" || b.BundleDir != "content/posts/b" || strings.Join(b.Resources, ",") != "p.jpg,q.png" {
		t.Errorf("bundle: %+v", b)
	}
	if got := string(set.Notices[0].Doc.HTML); !strings.Contains(got, "Call 911 or (217) 555-0100.") {
		t.Errorf("notice not expanded: %s", got)
	}
	if set.Pages[1].ID != "clinics/dental" {
		t.Errorf("page id %q", set.Pages[1].ID)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"unknown notice value", map[string]string{"content/notices/x.md": "---\ntitle: X\n---\nline\nCall {{ .Practice.Fax }}."},
			`content/notices/x.md:5:`},
		{"template syntax", map[string]string{"content/notices/x.md": "---\ntitle: X\n---\n\nCall {{ .Practice.Phone ."},
			`content/notices/x.md:5:`},
		{"too deep", map[string]string{"content/authors/team/ana.md": "---\nname: Ana\n---\n"},
			`content/authors/team/ana.md is nested too deep for a person`},
		{"errors from many files", map[string]string{
			"content/posts/a.md": "---\ntitel: A\n---\nText.",
			"content/posts/b.md": "---\ndate: never\n---\nText.",
		}, "content/posts/a.md:2:1: unknown field \"titel\" (did you mean \"title\"?)\ncontent/posts/b.md:2:7:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, tt.files)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

// A post loaded through a cache on disk keeps its body, plain text, HTML,
// headings and links in the cache's pack, not in memory, and reads the
// same back, whether it was just parsed or taken from the cache of an
// earlier build.
func TestCachedPostKeepsBodyInPack(t *testing.T) {
	cfg, err := config.Parse("carepress.yaml", []byte("title: Test Clinic\ntimezone: America/Chicago\n"))
	if err != nil {
		t.Fatal(err)
	}
	body := "Wash your *hands* often.\n\n## Why\n\nSoap [works](https://cdc.example/soap \"CDC\").\n\n### How {#how-to}\n\nSee <mailto:care@clinic.example.com>.\n"
	fsys := fstest.MapFS{"content/posts/a.md": &fstest.MapFile{Data: []byte("---\ntitle: A\n---\n" + body)}}
	dir := t.TempDir()
	for _, build := range []string{"cold", "warm"} {
		cache := content.OpenCache(dir)
		set, errs := content.Load(context.Background(), fsys, content.Options{Config: cfg, Converter: markdown.New(markdown.Options{}), Cache: cache})
		if errs.Err() != nil {
			t.Fatal(errs)
		}
		f := set.Posts[0]
		if f.Body != nil || f.Doc.Text != "" || f.Doc.HTML != nil || f.Doc.TOC != nil || f.Doc.Links != nil {
			t.Errorf("%s: body, text, HTML, headings or links held in memory", build)
		}
		src, err := f.Markdown()
		if err != nil || string(src) != body || f.BodySize() != len(body) {
			t.Errorf("%s: Markdown() = %q, %v; BodySize %d", build, src, err, f.BodySize())
		}
		if text, err := f.PlainText(); err != nil || text != "Wash your hands often.\nWhy\nSoap works.\nHow\nSee mailto:care@clinic.example.com." {
			t.Errorf("%s: PlainText() = %q, %v", build, text, err)
		}
		if html, err := f.HTML(); err != nil || !strings.Contains(string(html), "<em>hands</em>") {
			t.Errorf("%s: HTML = %q, %v", build, html, err)
		}
		wantTOC := []markdown.Heading{{Level: 2, ID: "why", Text: "Why", Line: 3}, {Level: 3, ID: "how-to", Text: "How", Line: 7}}
		if toc, err := f.TOC(); err != nil || !slices.Equal(toc, wantTOC) {
			t.Errorf("%s: TOC() = %+v, %v; want %+v", build, toc, err, wantTOC)
		}
		wantLinks := []markdown.Link{{URL: "https://cdc.example/soap", Line: 5, Col: 6}, {URL: "mailto:care@clinic.example.com", Line: 9, Col: 5}}
		if links, err := f.Links(); err != nil || !slices.Equal(links, wantLinks) {
			t.Errorf("%s: Links() = %+v, %v; want %+v", build, links, err, wantLinks)
		}
		if err := cache.Save(); err != nil {
			t.Fatal(err)
		}
		cache.Close()
	}
}

// A diagnostic points at the field the writer wrote, nested ones too, in
// a cold build and in a warm one that took the post from the cache's index.
func TestAtPointsAtFrontMatterFields(t *testing.T) {
	cfg, err := config.Parse("carepress.yaml", []byte("title: Test Clinic\ntimezone: America/Chicago\n"))
	if err != nil {
		t.Fatal(err)
	}
	src := "---\ntitle: A\ndate: 2026-03-14\ntags: [flu, kids]\nsources:\n  - title: CDC\n    url: https://cdc.example/flu\nsocial:\n  text_by_platform:\n    x: Get a flu shot\n---\nBody.\n"
	fsys := fstest.MapFS{"content/posts/a.md": &fstest.MapFile{Data: []byte(src)}}
	dir := t.TempDir()
	tests := []struct {
		field     string
		line, col int
	}{
		{"title", 2, 8},
		{"date", 3, 7},
		{"tags.1", 4, 13},
		{"sources.0.url", 7, 10},
		{"social.text_by_platform.x", 10, 8},
		{"image", 1, 1}, // not written: the file
		{"titl", 1, 1},
	}
	for _, build := range []string{"cold", "warm"} {
		cache := content.OpenCache(dir)
		set, errs := content.Load(context.Background(), fsys, content.Options{Config: cfg, Converter: markdown.New(markdown.Options{}), Cache: cache})
		if errs.Err() != nil {
			t.Fatal(errs)
		}
		f := set.Posts[0]
		for _, tt := range tests {
			if p := f.At(tt.field); p.File != "content/posts/a.md" || p.Line != tt.line || p.Col != tt.col {
				t.Errorf("%s: At(%q) = %v, want line %d col %d", build, tt.field, p, tt.line, tt.col)
			}
		}
		if err := cache.Save(); err != nil {
			t.Fatal(err)
		}
		cache.Close()
	}
}

// loadWarnings is load that returns the warnings, one line each.
func loadWarnings(t *testing.T, files map[string]string, cache *content.Cache) (*content.Set, []string) {
	t.Helper()
	cfg, err := config.Parse("carepress.yaml", []byte("title: Test Clinic\n"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	set, probs := content.Load(context.Background(), fsys, content.Options{Config: cfg, Converter: markdown.New(markdown.Options{}), Cache: cache})
	if err := probs.Err(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range probs.Warnings() {
		got = append(got, w.Error())
	}
	return set, got
}

// Files Jekyll and Hugo would have rendered are never skipped without a
// word, and not published as files either.
func TestFilesOtherGeneratorsReadAreNamed(t *testing.T) {
	set, got := loadWarnings(t, map[string]string{
		"content/posts/a.markdown":         "---\ntitle: A\n---\nx",
		"content/posts/b.mdown":            "x",
		"content/posts/c.mkd":              "x",
		"content/posts/FLU.MD":             "---\ntitle: Flu\n---\n",
		"content/about.html":               "---\ntitle: About\nlayout: page\n---\n<p>Hi</p>",
		"content/posts/d/index.md":         "---\ntitle: D\n---\nx",
		"content/posts/d/notes.markdown":   "x",
		"content/posts/d/map.html":         "<!doctype html><p>A map</p>",
		"content/posts/d/photo.jpg":        "img",
		"content/guide.adoc":               "+++\ntitle = 'Guide'\n+++\n= Guide",
		"content/readme.txt":               "just a file",
		"content/posts/e/index.md":         "---\ntitle: E\n---\nText.\n",
		"content/posts/e/snippet.htm":      "\ufeff---\r\ntitle: x\r\n---\r\n",
		"content/posts/e/plain-export.rst": "Plain text with no front matter.",
	}, nil)
	want := []string{
		"content/about.html: warning: content/about.html has front matter but is not read: carepress reads pages only from .md files (rename it to about.md, or delete its front matter to publish it as a file)",
		"content/guide.adoc: warning: content/guide.adoc has front matter but is not read: carepress reads pages only from .md files (rename it to guide.md, or delete its front matter to publish it as a file)",
		"content/posts/FLU.MD: warning: content/posts/FLU.MD is not read: carepress reads markdown only from files ending in .md (rename it to FLU.md)",
		"content/posts/a.markdown: warning: content/posts/a.markdown is not read: carepress reads markdown only from files ending in .md (rename it to a.md)",
		"content/posts/b.mdown: warning: content/posts/b.mdown is not read: carepress reads markdown only from files ending in .md (rename it to b.md)",
		"content/posts/c.mkd: warning: content/posts/c.mkd is not read: carepress reads markdown only from files ending in .md (rename it to c.md)",
		"content/posts/d/notes.markdown: warning: content/posts/d/notes.markdown is not read: carepress reads markdown only from files ending in .md (rename it to notes.md)",
		"content/posts/e/snippet.htm: warning: content/posts/e/snippet.htm has front matter but is not read: carepress reads pages only from .md files (rename it to snippet.md, or delete its front matter to publish it as a file)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// A bundle's own files stay its resources; the pages it cannot read
	// are not among them.
	for _, p := range set.Posts {
		switch p.ID {
		case "d":
			if r := strings.Join(p.Resources, ","); r != "map.html,photo.jpg" {
				t.Errorf("bundle d resources %q, want map.html,photo.jpg", r)
			}
		case "e":
			if r := strings.Join(p.Resources, ","); r != "plain-export.rst" {
				t.Errorf("bundle e resources %q, want plain-export.rst", r)
			}
		}
	}
}

// What the page would show as text is a warning at its line in the file,
// body line plus the line in the body, and the cache gives it back.
func TestLiteralsAreWarningsAtTheirLineInTheFile(t *testing.T) {
	files := map[string]string{
		"content/posts/moved.md": "---\ntitle: Moved\ndate: 2018-03-26 23:22:00 -0600\n---\nIntro.\n\n{{< figure src=\"x.jpg\" >}}\n\nSee {% post_url 2018-01-01-x %} and `{{ code }}`.\n\n<div class=\"note\">\nx\n</div>\n",
		"content/about.md":       "Welcome to {{ site.title }}.\n",
	}
	want := []string{
		"content/about.md:1:12: warning: template expression \"{{ site.title }}\" is shown to readers as text: markdown is not a template (write the value itself)",
		"content/posts/moved.md:7:1: warning: Hugo shortcode `{{< figure src=\"x.jpg\" >}}` is shown to readers as text: carepress has no shortcodes (write the image in markdown: ![what it shows](photo.jpg \"caption\"))",
		"content/posts/moved.md:9:5: warning: Liquid tag \"{% post_url 2018-01-01-x %}\" is shown to readers as text: carepress does not run Liquid (link to the post's URL instead: [text](/posts/slug/))",
		"content/posts/moved.md:11:1: warning: raw HTML `<div class=\"note\">` is shown to readers as text: raw HTML is escaped while markdown.unsafe is off (write it in markdown, or delete it; set `markdown: {unsafe: true}` only if every author's HTML is trusted)",
	}
	dir := t.TempDir()
	for _, run := range []string{"cold", "from the cache on disk"} {
		cache := content.OpenCache(dir)
		set, got := loadWarnings(t, files, cache)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: warnings:\n%s\nwant:\n%s", run, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if len(set.Posts) != 1 || len(set.Posts[0].Doc.Literals) != 3 || set.Posts[0].Doc.Literals[2].EndLine != 9 {
			t.Errorf("%s: post literals %+v", run, set.Posts[0].Doc.Literals)
		}
		if err := cache.Save(); err != nil {
			t.Fatal(err)
		}
		if err := cache.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
