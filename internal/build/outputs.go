package build

import (
	"context"

	"github.com/carepress/carepress/internal/seo"
	"github.com/carepress/carepress/internal/site"
)

// An extra writes files that are not pages (feeds, sitemap, host files,
// images) into the stage, after the pages are rendered.
type extra func(ctx context.Context, s *site.Site, stage sink) error

// extras lists the postProcess phase, in order. The feeds come between
// the sitemap and the host files; they are written incrementally, by
// (*run).feeds.
func extras(opts Options) (before, after []extra) {
	return []extra{
			writeOutputs(func(s *site.Site) ([]seo.Output, error) {
				return append(seo.Sitemap(s), seo.Robots(s)), nil
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
