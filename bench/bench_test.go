// Package bench holds the benchmarks of carepress's hot paths that belong to
// no single package (issue 7), and, beside them, the tools of the Hugo
// comparison: gen (the corpus), floor (the least work a build must do),
// hugo/ (templates of comparable work) and compare.sh. See README.md.
//
//	go test -run '^$' -bench . -benchtime 3x ./bench
package bench

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/corpus"
	"github.com/carepress/carepress/internal/render"
	"github.com/carepress/carepress/internal/social/count"
)

// now is the build clock: after every corpus post.
var now = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// site writes a corpus of n posts into a temporary directory.
func site(b *testing.B, n int) string {
	b.Helper()
	root := b.TempDir()
	if err := corpus.Write(root, corpus.Options{Posts: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return root
}

// BenchmarkLoad1k measures the load and assemble phases of a 1,000-post
// site: configuration, front matter, markdown, the site model and image
// sizes, without rendering or writing.
func BenchmarkLoad1k(b *testing.B) {
	root := site(b, 1000)
	for b.Loop() {
		s, _, err := build.Load(context.Background(), build.Options{Root: root, Now: now})
		if err != nil {
			b.Fatal(err)
		}
		if len(s.Posts) != 1000 {
			b.Fatalf("%d posts loaded, want 1000", len(s.Posts))
		}
	}
}

// BenchmarkRenderPost measures rendering one post page through the default
// theme (head, JSON-LD, byline, TOC, series, notices), with the templates
// already parsed.
func BenchmarkRenderPost(b *testing.B) {
	root := site(b, 100)
	s, _, err := build.Load(context.Background(), build.Options{Root: root, Now: now})
	if err != nil {
		b.Fatal(err)
	}
	layers, err := build.Layers(root, s.Config)
	if err != nil {
		b.Fatal(err)
	}
	r, err := render.New(s, layers)
	if err != nil {
		b.Fatal(err)
	}
	// The post with the most to show: in a series, with an image.
	p := s.Posts[0]
	for _, q := range s.Posts {
		if q.Series != nil && q.Image != "" {
			p = q
			break
		}
	}
	for b.Loop() {
		if err := r.Page(io.Discard, p, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildCold1k measures what compare.sh times for carepress, in
// process: a cold build of 1,000 posts without share cards, with no
// output and no cache.
func BenchmarkBuildCold1k(b *testing.B) {
	root := site(b, 1000)
	for b.Loop() {
		os.RemoveAll(filepath.Join(root, "public"))
		os.RemoveAll(filepath.Join(root, ".carepress"))
		if _, err := build.Build(context.Background(), build.Options{Root: root, Now: now}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildOnePost1k measures a warm rebuild of 1,000 posts after
// one post's text changed.
func BenchmarkRebuildOnePost1k(b *testing.B) {
	root := site(b, 1000)
	opts := build.Options{Root: root, Now: now}
	if _, err := build.Build(context.Background(), opts); err != nil {
		b.Fatal(err)
	}
	post := filepath.Join(root, "content", "posts", "post-00500.md")
	orig, err := os.ReadFile(post)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		b.StopTimer()
		text := string(orig) + strings.Repeat("\nOne more line.\n", i%2+1)
		if err := os.WriteFile(post, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := build.Build(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCountSnippet measures counting one snippet of realistic shape
// (text, hashtags, a URL, an emoji) on every platform, as the planner does
// for each snippet it composes.
func BenchmarkCountSnippet(b *testing.B) {
	text := "Sun safety this summer: shade between 10 and 4, a hat, and SPF 30 every two hours ☀️🧴 " +
		"Tom Becker, RN, on what to watch for. " +
		"https://riverbend.example.com/posts/sun-safety/ " +
		"#SunSafety #SkinCheck #Riverbend\n\nThis is general information, not medical advice."
	var cs []count.Counter
	for _, name := range count.Platforms() {
		c, err := count.For(name, 0)
		if err != nil {
			b.Fatal(err)
		}
		cs = append(cs, c)
	}
	b.SetBytes(int64(len(text) * len(cs)))
	for b.Loop() {
		for _, c := range cs {
			if err := c.Valid(text); err != nil {
				b.Fatal(err)
			}
		}
	}
}
