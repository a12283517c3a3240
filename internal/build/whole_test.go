package build_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/build"
)

// wholeTemplates show, of every post a page reaches through the site's
// list, a term or a series, its body, summary and headings: what a site's
// own layout may ask of a post it lists.
var wholeTemplates = map[string]string{
	"templates/home.html":   `{{ define "main" }}{{ range .Site.Posts }}<section data-via="site">{{ .Content }}|{{ .Summary }}|{{ range .TOC }}<i>{{ .Text }}</i>{{ end }}</section>{{ end }}{{ end }}`,
	"templates/term.html":   `{{ define "main" }}{{ range .Page.Pager.Pages }}<section data-via="term">{{ .Content }}|{{ .Summary }}|{{ range .TOC }}<i>{{ .Text }}</i>{{ end }}</section>{{ end }}{{ end }}`,
	"templates/series.html": `{{ define "main" }}{{ range .Page.Series.Posts }}<section data-via="series">{{ .Content }}|{{ .Summary }}|{{ range .TOC }}<i>{{ .Text }}</i>{{ end }}</section>{{ end }}{{ end }}`,
}

// TestLayoutsReachWholePosts: a post reached through a list, a term or a
// series is whole, its body read when a layout asks for it (not empty
// because the model does not hold it), with its images sized; after an
// edit below its summary, the pages that show its body are built again.
func TestLayoutsReachWholePosts(t *testing.T) {
	src := map[string]string{
		"carepress.yaml":               imageConfig,
		"content/series/tips.md":       "---\ntitle: Tips\n---\n",
		"content/posts/beach/index.md": "---\ntitle: Beach day\ndate: 2026-06-01\ntags: [sun]\nseries: tips\nseries_order: 1\n---\nFirst the summary.\n\n## Shade first\n\nBody of the beach post.\n\n![The shore](photo.jpg)\n",
		"content/posts/hands.md":       "---\ntitle: Wash your hands\ndate: 2026-06-02\ntags: [sun]\nseries: tips\nseries_order: 2\n---\nSoap summary.\n\n## Twenty seconds\n\nBody of the hands post.\n",
	}
	for k, v := range wholeTemplates {
		src[k] = v
	}
	root := writeSite(t, src)
	writeJPEG(t, filepath.Join(root, "content", "posts", "beach", "photo.jpg"), 800, 400)
	check := func(step, extra string) {
		t.Helper()
		out := filepath.Join(root, "public")
		for _, page := range []string{"index.html", "tags/sun/index.html", "series/tips/index.html"} {
			b, err := os.ReadFile(filepath.Join(out, page))
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			html := string(b)
			for _, want := range []string{
				"Body of the beach post.", "First the summary.", "<i>Shade first</i>", `width="800" height="400"`,
				"Soap summary.", "<i>Twenty seconds</i>", extra,
			} {
				if !strings.Contains(html, want) {
					t.Errorf("%s: %s lacks %q", step, page, want)
				}
			}
		}
		compare(t, step, files(t, out), coldBuild(t, root))
	}
	if _, err := build.Build(context.Background(), build.Options{Root: root, Now: now}); err != nil {
		t.Fatal(err)
	}
	check("cold", "Body of the hands post.")
	// Below the summary: only the pages that show bodies change.
	post := filepath.Join(root, "content", "posts", "hands.md")
	edit(t, post, "Body of the hands post.", "Body of the hands post, edited.")
	res, err := build.Build(context.Background(), build.Options{Root: root, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	check("warm, body edited", "Body of the hands post, edited.")
	if res.Rendered == 0 {
		t.Errorf("warm: nothing rendered")
	}
}
