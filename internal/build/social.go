package build

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/carepress/carepress/internal/check"
	"github.com/carepress/carepress/internal/output"
	"github.com/carepress/carepress/internal/privacy"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/social"
	"github.com/carepress/carepress/internal/social/export"
)

// Plan composes and schedules the site's social snippets as of now. An
// error (a snippet that cannot fit, a patient identifier, a bad social.at)
// names the post's file and field.
func Plan(s *site.Site, now time.Time) (*export.Plan, error) {
	plan, errs := social.Plan(s, planOptions(s, now))
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return plan, nil
}

// planOptions are the options of every plan of s: its share cards, and
// the privacy screen with the practice's own details allowed.
func planOptions(s *site.Site, now time.Time) social.Options {
	return social.Options{Now: now, CardName: cardName, Screen: screen(s)}
}

// socialStage writes the exports of plan into a stage of the social
// directory, to be committed after the site's own output. The social
// folder is carepress's alone, so no manifest is needed to replace it.
func socialStage(ctx context.Context, dir string, plan *export.Plan, wait func(string)) (*output.Stage, error) {
	files, err := export.Files(plan)
	if err != nil {
		return nil, fmt.Errorf("social exports: %w", err)
	}
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
func screen(s *site.Site) func(string) []string {
	d := privacy.New(check.Allow(s))
	return func(text string) []string {
		var out []string
		for _, f := range d.Scan(text) {
			out = append(out, fmt.Sprintf("%s (%q)", f.Identifier, f.Match))
		}
		return out
	}
}
