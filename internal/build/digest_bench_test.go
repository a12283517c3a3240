package build

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/corpus"
	"github.com/carepress/carepress/internal/render"
)

// benchSite loads an internal/corpus site of CAREPRESS_BENCH_POSTS posts
// (1,000 when unset) and parses its templates.
func benchSite(b *testing.B) (*loaded, Options, *render.Renderer) {
	b.Helper()
	n, _ := strconv.Atoi(os.Getenv("CAREPRESS_BENCH_POSTS"))
	if n <= 0 {
		n = 1000
	}
	root := b.TempDir()
	if err := corpus.Write(root, corpus.Options{Posts: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	opts := Options{Root: root, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	src, err := OpenSite(root)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { src.Close() })
	l, _, err := load(context.Background(), opts, src, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	layers, err := Layers(src, l.site.Config)
	if err != nil {
		b.Fatal(err)
	}
	r, err := render.New(l.site, layers)
	if err != nil {
		b.Fatal(err)
	}
	return l, opts, r
}

// BenchmarkDigests measures what a warm build pays before it renders
// anything: the cards of every page, the shared digests, and the digest
// of every page.
func BenchmarkDigests(b *testing.B) {
	l, opts, r := benchSite(b)
	for b.Loop() {
		d, err := newDigester(context.Background(), l.site, opts, l.cfgRaw, l.now)
		if err != nil {
			b.Fatal(err)
		}
		d.r = r
		run := &run{site: l.site, dig: d}
		us, _ := pages{}.files(run)
		for _, u := range us {
			u.out = pages{}
			run.digest(u)
		}
	}
}
