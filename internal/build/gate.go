package build

import (
	"context"
	"strings"

	"github.com/carepress/carepress/internal/check"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/site"
)

// Gate is the check a build runs (Options.Check), and `carepress social`
// before it shows a schedule: the privacy rules, whose errors fail it
// whatever the flags, since a patient's identity cannot be unpublished;
// with strict, every rule, and every error-level finding fails it. The
// site's scheduled posts are checked as published ones (a scheduled post
// fails the build today, not on the morning of the unattended rebuild
// that publishes it), and its drafts as warnings (see package check).
func Gate(ctx context.Context, root string, strict bool) func(*site.Site) diag.List {
	return func(s *site.Site) diag.List {
		src, err := OpenSite(root)
		if err != nil {
			return nil // the load phase reports it
		}
		defer src.Close()
		layers, err := Layers(src, s.Config)
		if err != nil {
			return nil // the render phase reports it
		}
		// markup/* findings are the load's own warnings, printed already.
		opts := check.Options{Root: root, Now: s.Now, Layers: layers, Only: func(rule string) bool {
			return (strict || strings.HasPrefix(rule, "privacy/")) && !strings.HasPrefix(rule, "markup/")
		}}
		return check.Diag(check.Run(ctx, s, opts), func(check.Finding) bool { return true })
	}
}
