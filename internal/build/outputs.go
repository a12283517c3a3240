package build

import (
	"context"

	"github.com/carepress/carepress/internal/output"
	"github.com/carepress/carepress/internal/site"
)

// An extra writes files that are not pages (feeds, sitemap, host files,
// images) into the stage, after the pages are rendered.
type extra func(ctx context.Context, s *site.Site, stage *output.Stage) error

// extras lists the postProcess phase, in order.
func extras(opts Options) []extra {
	return nil
}
