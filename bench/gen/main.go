// Command gen writes the benchmark corpus: N synthetic posts of a health
// practice, as a carepress site or, with -hugo, the same posts as a Hugo
// site for the templates in bench/hugo.
//
//	go run ./bench/gen -n 10000 -o /tmp/site [-seed 1] [-share-cards=false] [-hugo] [-translate]
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/carepress/carepress/internal/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of `posts`")
	out := flag.String("o", "", "output `DIR` (must be empty or absent)")
	seed := flag.Uint64("seed", 1, "random `seed`: the same seed writes the same bytes")
	size := flag.Int("post-bytes", 8000, "approximate markdown `bytes` of a post body")
	cards := flag.Bool("share-cards", false, "set seo.share_cards (carepress only)")
	hugo := flag.Bool("hugo", false, "write a Hugo site (hugo.toml, content/, data/) instead of a carepress site")
	translate := flag.Bool("translate", false, "add Spanish (es-US) and a translation of every post (carepress only)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 || *n < 0 {
		fmt.Fprintln(os.Stderr, "usage: gen -n N -o DIR [-seed S] [-post-bytes B] [-share-cards] [-hugo]")
		os.Exit(2)
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		fmt.Fprintf(os.Stderr, "gen: %s is not empty (give a new or empty directory)\n", *out)
		os.Exit(2)
	}
	o := corpus.Options{Posts: *n, Seed: *seed, PostBytes: *size, ShareCards: *cards}
	if *hugo {
		o.Format = corpus.Hugo
	}
	if err := corpus.Write(*out, o); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if *translate && !*hugo {
		if err := translateAll(*out); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
	abs, _ := filepath.Abs(*out)
	fmt.Printf("wrote %d posts to %s\n", *n, abs)
}

// translateAll makes the corpus in dir a site in two languages (issue 17):
// Spanish is added to carepress.yaml, and beside every post is its
// translation, post.es.md, with its own title and the same body, so that
// a two-language corpus of n posts has as many pages as a one-language
// corpus of 2n.
func translateAll(dir string) error {
	cfg := filepath.Join(dir, "carepress.yaml")
	b, err := os.ReadFile(cfg)
	if err != nil {
		return err
	}
	b = append(b, "\nlanguages:\n  - {code: es-US, title: Clínica de Prueba}\n"...)
	if err := os.WriteFile(cfg, b, 0o644); err != nil {
		return err
	}
	posts := filepath.Join(dir, "content", "posts")
	return filepath.WalkDir(posts, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" || strings.HasSuffix(p, ".es.md") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		// The original's front matter, with a title of its own.
		out := strings.Replace(string(src), "\ntitle: \"", "\ntitle: \"ES ", 1)
		return os.WriteFile(strings.TrimSuffix(p, ".md")+".es.md", []byte(out), 0o644)
	})
}
