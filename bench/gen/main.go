// Command gen writes the benchmark corpus: N synthetic posts of a health
// practice, as a carepress site or, with -hugo, the same posts as a Hugo
// site for the templates in bench/hugo.
//
//	go run ./bench/gen -n 10000 -o /tmp/site [-seed 1] [-share-cards=false] [-hugo]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/carepress/carepress/internal/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of `posts`")
	out := flag.String("o", "", "output `DIR` (must be empty or absent)")
	seed := flag.Uint64("seed", 1, "random `seed`: the same seed writes the same bytes")
	size := flag.Int("post-bytes", 8000, "approximate markdown `bytes` of a post body")
	cards := flag.Bool("share-cards", false, "set seo.share_cards (carepress only)")
	hugo := flag.Bool("hugo", false, "write a Hugo site (hugo.toml, content/, data/) instead of a carepress site")
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
	abs, _ := filepath.Abs(*out)
	fmt.Printf("wrote %d posts to %s\n", *n, abs)
}
