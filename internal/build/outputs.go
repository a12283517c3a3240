package build

import (
	"context"
	"strconv"

	"github.com/carepress/carepress/internal/seo"
	"github.com/carepress/carepress/internal/site"
)

// An extra writes files that are not pages (feeds, sitemap, host files,
// images) into the stage, after the pages are rendered.
type extra func(ctx context.Context, s *site.Site, stage sink) error

// extras lists the postProcess phase, in order. The sitemap comes first
// and the feeds after it, both written incrementally, by (*run).sitemap
// and (*run).feeds; the host files come last.
func extras(opts Options) (before, after []extra) {
	return []extra{
			writeOutputs(func(s *site.Site) ([]seo.Output, error) {
				return []seo.Output{seo.Robots(s)}, nil
			}),
		}, []extra{
			writeOutputs(seo.HostFiles),
		}
}

// writeOutputs makes an extra of a function that returns files. A file
// the site's static/ already put in place is the site's choice (a robots.txt
// or _headers of its own), and wins.
func writeOutputs(gen func(*site.Site) ([]seo.Output, error)) extra {
	return func(ctx context.Context, s *site.Site, stage sink) error {
		files, err := gen(s)
		if err != nil {
			return err
		}
		for _, f := range files {
			if err := ctx.Err(); err != nil {
				return err
			}
			if stage.Has(f.Path) {
				continue
			}
			if err := stage.WriteFile(f.Path, f.Data); err != nil {
				return err
			}
		}
		return nil
	}
}

// sitemap writes sitemap.xml, and its parts on a site too large for one
// file, unless the last build made them from the same pages: listing
// 15k URLs costs more than anything else a one-post edit does after its
// page. As with every extra, a file of the site's static/ wins.
func (b *run) sitemap() error {
	d := b.dig.sitemap(b.site)
	if b.prev["sitemap.xml"] == d {
		names := []string{"sitemap.xml"}
		for i := 1; ; i++ {
			n := "sitemap-" + strconv.Itoa(i) + ".xml"
			if b.prev[n] != d {
				break
			}
			names = append(names, n)
		}
		kept := 0
		for _, n := range names {
			if b.out.Has(n) || b.reuse(n, d) {
				kept++
			}
		}
		if kept == len(names) {
			return nil
		}
		// Some could be kept, not all: make it whole, and write what was
		// not kept.
	}
	for _, f := range seo.Sitemap(b.site) {
		if b.out.Has(f.Path) {
			continue
		}
		b.mu.Lock()
		b.next[f.Path] = d
		b.mu.Unlock()
		if err := b.out.WriteFile(f.Path, f.Data); err != nil {
			return err
		}
	}
	return nil
}
