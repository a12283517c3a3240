package server

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/corpus"
)

var benchPause = flag.Duration("bench.pause", 0, "BenchmarkSaveToReload's pause between saves, untimed: with more than 100ms, the last save's background rendering runs into the next save")

var benchPosts = flag.Int("bench.posts", 0, "posts in BenchmarkSaveToReload's site (default $CAREPRESS_BENCH_POSTS, else 1000)")

// BenchmarkSaveToReload measures what a writer waits for: from saving a
// post to the open page being told to reload with the new content built
// (p50-ms, p95-ms), and to the page with the new content received
// (page-p50-ms, page-p95-ms). The site is an
// internal/corpus site of 1,000 posts; -bench.posts=10000 (or
// CAREPRESS_BENCH_POSTS=10000) measures the 10,000.
func BenchmarkSaveToReload(b *testing.B) {
	posts := *benchPosts
	if posts == 0 {
		posts, _ = strconv.Atoi(os.Getenv("CAREPRESS_BENCH_POSTS"))
	}
	if posts <= 0 {
		posts = 1000
	}
	root := b.TempDir()
	if err := corpus.Write(root, corpus.Options{Posts: posts, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	rel := fmt.Sprintf("content/posts/post-%05d.md", posts/2)
	src, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		b.Fatal(err)
	}
	titleRE := regexp.MustCompile(`(?m)^title: .*$`)
	page := fmt.Sprintf("/posts/post-%05d/", posts/2)

	ts := startServer(b, root, Options{})
	events := ts.subscribe(b)
	events.expect(b, EventHello)

	var lat, pageLat []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if *benchPause > 0 {
			b.StopTimer()
			time.Sleep(*benchPause)
			b.StartTimer()
		}
		title := fmt.Sprintf("Save to reload, take %d", i)
		data := titleRE.ReplaceAll(src, []byte("title: "+strconv.Quote(title)))
		start := time.Now()
		if err := os.WriteFile(filepath.Join(root, rel), data, 0o644); err != nil {
			b.Fatal(err)
		}
		// The reload that counts is the one whose build has the new title.
		for {
			ev := events.next(b, 10*time.Minute)
			took := time.Since(start)
			if ev.name != EventReload {
				b.Fatalf("event %q (%s), want reload", ev.name, ev.data)
			}
			if _, body := ts.get(b, "GET", page); strings.Contains(body, title) {
				lat = append(lat, took)
				pageLat = append(pageLat, time.Since(start))
				break
			}
		}
	}
	b.StopTimer()
	pct := func(lat []time.Duration, p int) float64 {
		slices.Sort(lat)
		i := (len(lat)*p + 99) / 100
		return float64(lat[max(i-1, 0)]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(lat, 50), "p50-ms")
	b.ReportMetric(pct(lat, 95), "p95-ms")
	b.ReportMetric(pct(pageLat, 50), "page-p50-ms")
	b.ReportMetric(pct(pageLat, 95), "page-p95-ms")
	b.ReportMetric(float64(posts), "posts")
}
