package content_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/markdown"
)

// loadWith loads files with the configuration cfgSrc, through a cache in
// dir when dir is not "", and returns everything it reported.
func loadWith(t *testing.T, cfgSrc, dir string, files fstest.MapFS) diag.List {
	t.Helper()
	cfg, err := config.Parse("carepress.yaml", []byte("title: Test Clinic\ntimezone: America/Chicago\n"+cfgSrc))
	if err != nil {
		t.Fatal(err)
	}
	opts := content.Options{Config: cfg, Converter: markdown.New(markdown.Options{})}
	if dir != "" {
		opts.Cache = content.OpenCache(dir)
		defer func() {
			if err := opts.Cache.Save(); err != nil {
				t.Error(err)
			}
			opts.Cache.Close()
		}()
	}
	_, probs := content.Load(context.Background(), files, opts)
	return probs
}

// A post or page with nothing to publish is an error unless it is a
// draft; a notice needs text or a summary. What each may leave empty
// loads without an error.
func TestEmptyContent(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            string // the problem, or "" for none
	}{
		{"0-byte post", "content/posts/e.md", "", "content/posts/e.md:1: the post has no text (write its text below the front matter, or set `draft: true` until it is written)"},
		{"blank post", "content/posts/e.md", "  \n\t\n\n", "content/posts/e.md:1: the post has no text"},
		{"front matter only", "content/posts/e.md", "---\ntitle: E\n---\n", "content/posts/e.md:4: the post has no text"},
		{"front matter and blank lines", "content/posts/e.md", "---\ntitle: E\n---\n\n \n", "content/posts/e.md:4: the post has no text"},
		{"empty JSON front matter", "content/posts/e.md", ";;;\n;;;\n", "content/posts/e.md:3: the post has no text"},
		{"BOM and CRLF", "content/posts/e.md", "\ufeff+++\r\ntitle = \"E\"\r\n+++\r\n\r\n", "content/posts/e.md:4: the post has no text"},
		{"bundle", "content/posts/e/index.md", "---\ntitle: E\n---\n", "content/posts/e/index.md:4: the post has no text"},
		{"draft post", "content/posts/e.md", "---\ntitle: E\ndraft: true\n---\n", ""},
		{"draft in TOML", "content/posts/e.md", "+++\ndraft = true\n+++\n", ""},
		{"post with text", "content/posts/e.md", "---\ntitle: E\n---\nText.", ""},

		{"empty page", "content/about.md", "---\ntitle: About\n---\n", "content/about.md:4: the page has no text"},
		{"0-byte page", "content/about.md", "", "content/about.md:1: the page has no text"},
		{"draft page", "content/about.md", "---\ndraft: true\n---\n", ""},
		{"home page intro", "content/_index.md", "---\ntitle: Welcome\n---\n", ""},
		{"page with its own layout", "content/team.md", "---\ntitle: Team\nlayout: people\n---\n", ""},

		{"empty notice", "content/notices/n.md", "---\ntitle: N\n---\n", "content/notices/n.md:4: the notice has no text and no summary"},
		{"notice with a summary", "content/notices/n.md", "---\ntitle: N\nsummary: We are closed today.\n---\n", ""},

		{"empty person", "content/authors/a.md", "", "content/authors/a.md: warning: empty file"},
		{"person without text", "content/authors/a.md", "---\nname: Ana\n---\n", ""},
		{"series without text", "content/series/s.md", "---\ntitle: S\nevery: 7d\n---\n", ""},
	}
	for _, tt := range tests {
		for _, cached := range []bool{false, true} {
			t.Run(tt.name, func(t *testing.T) {
				dir := ""
				if cached {
					dir = t.TempDir()
				}
				probs := loadWith(t, "", dir, fstest.MapFS{tt.path: {Data: []byte(tt.src)}})
				if tt.want == "" {
					if len(probs) > 0 {
						t.Errorf("problems: %v", probs)
					}
					return
				}
				if len(probs) != 1 || !strings.HasPrefix(probs[0].Error(), tt.want) {
					t.Errorf("problems = %v, want %q", probs, tt.want)
				}
			})
		}
	}
}

// A markdown file over markdown.max_file_kb is an error naming it and the
// limit, found by its size before it is read; so is a file that is not a
// plain file.
func TestSourceLimits(t *testing.T) {
	big := "---\ntitle: Big\n---\n" + strings.Repeat("Wash your hands.\n", 200) // 3,419 bytes
	tests := []struct {
		name, cfg string
		file      *fstest.MapFile
		path      string
		want      string
	}{
		{"post over the limit", "markdown: {max_file_kb: 2}\n", &fstest.MapFile{Data: []byte(big)}, "content/posts/big.md",
			"content/posts/big.md: the file is 4 KB, over the limit of 2 KB (split it into shorter posts, or raise markdown.max_file_kb in carepress.yaml)"},
		{"page over the limit", "markdown: {max_file_kb: 3}\n", &fstest.MapFile{Data: []byte(big)}, "content/about.md",
			"content/about.md: the file is 4 KB, over the limit of 3 KB (split it into shorter pages"},
		{"notice over the limit", "markdown: {max_file_kb: 1}\n", &fstest.MapFile{Data: []byte(big)}, "content/notices/n.md",
			"content/notices/n.md: the file is 4 KB, over the limit of 1 KB"},
		{"under the limit", "markdown: {max_file_kb: 4}\n", &fstest.MapFile{Data: []byte(big)}, "content/posts/big.md", ""},
		{"the default limit", "", &fstest.MapFile{Data: []byte(big + strings.Repeat("x", 2048<<10))}, "content/posts/big.md",
			"content/posts/big.md: the file is 2052 KB, over the limit of 2048 KB"},
		{"a named pipe", "", &fstest.MapFile{Mode: fs.ModeNamedPipe}, "content/posts/pipe.md",
			"content/posts/pipe.md: not a regular file (replace it with a plain text file, or remove it)"},
	}
	for _, tt := range tests {
		for _, cached := range []bool{false, true} {
			t.Run(tt.name, func(t *testing.T) {
				dir := ""
				if cached {
					dir = t.TempDir()
				}
				probs := loadWith(t, tt.cfg, dir, fstest.MapFS{tt.path: tt.file})
				if tt.want == "" {
					if len(probs) > 0 {
						t.Errorf("problems: %v", probs)
					}
					return
				}
				if len(probs) != 1 || !strings.HasPrefix(probs[0].Error(), tt.want) {
					t.Errorf("problems = %v, want %q", probs, tt.want)
				}
			})
		}
	}
}

// A post the cache holds from a build with a higher limit is still
// refused once the limit is lowered: the size is checked before the cache
// is asked.
func TestSourceLimitBeforeCache(t *testing.T) {
	dir := t.TempDir()
	files := fstest.MapFS{"content/posts/p.md": {Data: []byte("---\ntitle: P\n---\n" + strings.Repeat("Text. ", 600))}}
	if probs := loadWith(t, "markdown: {max_file_kb: 8}\n", dir, files); len(probs) > 0 {
		t.Fatal(probs)
	}
	probs := loadWith(t, "markdown: {max_file_kb: 2}\n", dir, files)
	if len(probs) != 1 || !strings.HasPrefix(probs[0].Error(), "content/posts/p.md: the file is 4 KB, over the limit of 2 KB") {
		t.Errorf("problems = %v", probs)
	}
}
