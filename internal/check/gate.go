package check

import (
	"context"
	"strings"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/render"
	"github.com/carepress/carepress/internal/site"
)

// Gate is the check a build runs (build.Options.Check, which the build
// command wires in), and `carepress social` before it shows a schedule:
// the privacy rules, whose errors fail it whatever the flags, since a
// patient's identity cannot be unpublished; with strict, every rule, and
// every error-level finding fails it. A message of the theme's catalog
// missing in one of the site's languages (i18n/missing-message) is a
// warning, and fails only with strict: its pages show the default
// language's meanwhile. The site's scheduled posts are
// checked as published ones (a scheduled post fails the build today, not
// on the morning of the unattended rebuild that publishes it), and its
// drafts as warnings (see Run). r is the build's own parse of the
// templates; nil skips the template checks.
//
// It lives here, not in package build, so that the build depends on no
// rule: the build runs whatever check its caller hands it.
func Gate(root string, strict bool) func(context.Context, *site.Site, *render.Renderer) diag.List {
	return func(ctx context.Context, s *site.Site, r *render.Renderer) diag.List {
		// markup/* findings are the load's own warnings, printed already.
		opts := Options{Root: root, Now: s.Now, Templates: r, Only: func(rule string) bool {
			return (strict || strings.HasPrefix(rule, "privacy/") || rule == "i18n/missing-message") && !strings.HasPrefix(rule, "markup/")
		}}
		return Diag(Run(ctx, s, opts), func(f Finding) bool { return strict || f.Rule != "i18n/missing-message" })
	}
}
