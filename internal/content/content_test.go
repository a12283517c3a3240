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
	cfg, err := config.Parse("carepress.yaml", []byte("title: Test Clinic\ntimezone: America/Chicago\npractice: {phone: \"+1-555-010-0100\", emergency_number: \"911\"}\n"))
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
		"content/posts/a.md":           "---\ntitle: A\n---\nx",
		"content/posts/b/index.md":     "---\ntitle: B\n---\n![x](p.jpg)",
		"content/posts/b/p.jpg":        "img",
		"content/posts/b/q.png":        "img",
		"content/authors/ana.md":       "---\nname: Ana\n---\n",
		"content/series/fiber.md":      "---\ntitle: Fiber\nevery: 7d\n---\n",
		"content/notices/emergency.md": "---\ntitle: Emergency\nsummary: Call {{ .Practice.EmergencyNumber }}.\n---\nCall {{ .Practice.EmergencyNumber }} or {{ .Practice.Phone }}.",
		"content/about.md":             "---\ntitle: About\n---\n",
		"content/services/dental.md":   "---\ntitle: Dental\n---\n",
		"content/posts/.a.md.swp":      "junk",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Posts) != 2 || len(set.People) != 1 || len(set.Series) != 1 || len(set.Notices) != 1 || len(set.Pages) != 2 {
		t.Fatalf("set: %d posts, %d people, %d series, %d notices, %d pages", len(set.Posts), len(set.People), len(set.Series), len(set.Notices), len(set.Pages))
	}
	b := set.Posts[1]
	if b.ID != "b" || b.BundleDir != "content/posts/b" || strings.Join(b.Resources, ",") != "p.jpg,q.png" {
		t.Errorf("bundle: %+v", b)
	}
	if got := string(set.Notices[0].Doc.HTML); !strings.Contains(got, "Call 911 or +1-555-010-0100.") {
		t.Errorf("notice not expanded: %s", got)
	}
	if set.Pages[1].ID != "services/dental" {
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
			"content/posts/a.md": "---\ntitel: A\n---\n",
			"content/posts/b.md": "---\ndate: never\n---\n",
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
		if html, err := cache.HTML(f); err != nil || !strings.Contains(string(html), "<em>hands</em>") {
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
