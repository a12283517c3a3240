package build

import (
	"context"
	"net/url"
	"path/filepath"
	"time"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/output"
	"github.com/carepress/carepress/internal/privacy"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/social"
	"github.com/carepress/carepress/internal/social/export"
)

// Plan composes and schedules the site's social snippets as of now, for
// the preview to show images from previewBase (see social.Options). An
// error (a snippet that cannot fit, a patient identifier, a bad social.at)
// names the post's file and field; the warnings name the reshares left out
// because they would repeat an earlier text.
func Plan(s *site.Site, now time.Time, previewBase string) (*export.Plan, diag.List, error) {
	plan, errs := social.Plan(s, planOptions(s, now, previewBase))
	if err := errs.Err(); err != nil {
		return nil, nil, err
	}
	return plan, errs.Warnings(), nil
}

// planOptions are the options of every plan of s: its share cards, the
// privacy screen with the practice's own details allowed, and where the
// preview finds the output folder.
func planOptions(s *site.Site, now time.Time, previewBase string) social.Options {
	return social.Options{Now: now, CardName: site.CardName, Screen: screen(s), PreviewBase: previewBase}
}

// PreviewBase is where social/index.html, in the folder social, finds the
// output folder out: a relative URL path ("../public/"), so the preview
// works when opened from disk wherever -o and --social point (and after
// both are moved together); a file: URL when no relative path exists.
func PreviewBase(social, out string) string {
	rel, err := filepath.Rel(social, out)
	if err != nil {
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(out) + "/"}).String()
	}
	return (&url.URL{Path: filepath.ToSlash(rel) + "/"}).EscapedPath()
}

// socialStage writes the social exports files into a stage of the social
// directory, to be committed after the site's own output. The social
// folder is carepress's alone, so no manifest is needed to replace it.
func socialStage(ctx context.Context, dir string, files map[string][]byte, wait func(string)) (*output.Stage, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	stage, err := output.NewStage(ctx, abs, wait)
	if err != nil {
		return nil, err
	}
	for name, b := range files {
		if err := ctx.Err(); err != nil {
			stage.Discard()
			return nil, err
		}
		if err := stage.WriteFile(name, b); err != nil {
			stage.Discard()
			return nil, err
		}
	}
	return stage, nil
}

// screen is the privacy filter of the snippets: no snippet text may hold a
// patient identifier. The site's own people and contact details are not
// patients'.
func screen(s *site.Site) func(string) []social.Flag {
	d := privacy.New(s.PrivacyAllow())
	return func(text string) []social.Flag {
		var out []social.Flag
		for _, f := range d.Scan(text) {
			out = append(out, social.Flag{Rule: f.Rule, What: f.Identifier, Match: f.Match})
		}
		return out
	}
}
