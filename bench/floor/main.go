// Command floor is the floor of the Hugo comparison: the least work any
// generator must do for the posts of the benchmark corpus. It reads each
// post, splits and decodes its YAML front matter (adrg/frontmatter),
// converts its markdown with goldmark (GFM, heading ids, as both carepress
// and Hugo do) and writes posts/SLUG/index.html with the title around the
// HTML, in parallel across GOMAXPROCS. No lists, feeds, taxonomies,
// templates or SEO: a build cannot be faster than this on the same machine.
//
//	floor -s SITE -o OUT
package main

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/adrg/frontmatter"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// meta is the front matter the floor decodes: enough to name and title a
// page, and the lists a real generator would index.
type meta struct {
	Title       string   `yaml:"title"`
	Description string   `yaml:"description"`
	Slug        string   `yaml:"slug"`
	Tags        []string `yaml:"tags"`
	Categories  []string `yaml:"categories"`
}

func main() {
	root := flag.String("s", ".", "site `DIR` (posts are read from content/posts/*.md)")
	out := flag.String("o", "floor-out", "output `DIR`")
	flag.Parse()
	if err := run(*root, *out); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

func run(root, out string) error {
	paths, err := filepath.Glob(filepath.Join(root, "content", "posts", "*.md"))
	if err != nil {
		return err
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithParserOptions(parser.WithAutoHeadingID()))
	jobs := make(chan string)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for p := range jobs {
				if err := page(md, &buf, p, out); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	n := 0
	for _, p := range paths {
		if strings.HasPrefix(filepath.Base(p), "_") { // Hugo's section page
			continue
		}
		jobs <- p
		n++
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
	}
	fmt.Printf("floor: wrote %d posts\n", n)
	return nil
}

// page converts one post into out/posts/SLUG/index.html.
func page(md goldmark.Markdown, buf *bytes.Buffer, path, out string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	var m meta
	body, err := frontmatter.Parse(f, &m)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	slug := m.Slug
	if slug == "" {
		slug = strings.TrimSuffix(filepath.Base(path), ".md")
	}
	buf.Reset()
	fmt.Fprintf(buf, "<!DOCTYPE html>\n<title>%s</title>\n<h1>%s</h1>\n", html.EscapeString(m.Title), html.EscapeString(m.Title))
	if err := md.Convert(body, buf); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	dir := filepath.Join(out, "posts", slug)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), buf.Bytes(), 0o644)
}
