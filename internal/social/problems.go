package social

import (
	"errors"
	"fmt"
	"strings"

	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/social/compose"
)

// Problem is a fault of a post's social snippets that does not depend on
// the schedule: `carepress check` reports it before any share is due.
type Problem struct {
	Rule    string // social/length, social/notice or social/hashtags
	Page    *site.Page
	Field   string // the front matter field to point at
	Message string
	Hint    string
}

// Problems composes the first share of every post that gets snippets, on
// each of its platforms, whatever its date, and reports:
//
//   - social/length: the author's text (or, failing that, anything) cannot
//     fit the platform's limit;
//   - social/notice: the notices placed in social leave no room;
//   - social/hashtags: social.hashtags lists more than the platform takes,
//     so the last ones would be dropped.
func Problems(s *site.Site) []Problem {
	platforms, _ := platformsOf(s.Config)
	if len(platforms) == 0 {
		return nil
	}
	var notices []string
	for _, n := range s.Notices {
		if n.Placed("social") {
			notices = append(notices, n.Summary)
		}
	}
	opts := compose.Options{UTMMedium: s.Config.Social.UTM.Medium, Notices: notices}
	var out []Problem
	for _, p := range candidates(s) {
		use, _ := postPlatforms(p, platforms)
		sm := p.Meta.Social
		for _, pl := range use {
			if max := maxHashtags(pl.cfg); len(sm.Hashtags) > max {
				out = append(out, Problem{Rule: "social/hashtags", Page: p, Field: "social.hashtags",
					Message: fmt.Sprintf("%d hashtags, but %s takes %d: %s would be dropped", len(sm.Hashtags), pl.cfg.Name, max, strings.Join(sm.Hashtags[max:], ", ")),
					Hint:    "keep the most important first, or fewer"})
			}
			cp := composePost(s, p, Options{})
			if compose.Fits(cp, pl.cfg, opts) {
				continue // most posts: no need to compose
			}
			_, err := compose.Compose(cp, pl.cfg, 0, opts)
			if err == nil {
				continue
			}
			pr := Problem{Rule: "social/length", Page: p, Field: "title", Message: err.Error(),
				Hint: "shorten the title or description"}
			switch {
			case errors.Is(err, compose.ErrNoticesDoNotFit):
				pr.Rule, pr.Hint = "social/notice", "shorten the summaries of the notices placed in social"
			case sm.TextByPlatform[pl.cfg.Name] != "":
				pr.Field, pr.Hint = "social.text_by_platform."+pl.cfg.Name, "shorten the text (the link, hashtags and social notices are added to it)"
			case sm.Text != "":
				pr.Field, pr.Hint = "social.text", "shorten the text (the link, hashtags and social notices are added to it)"
			}
			out = append(out, pr)
		}
	}
	return out
}

// maxHashtags is the number of hashtags the composer gives pl.
func maxHashtags(pl compose.Platform) int {
	switch {
	case pl.Name == "threads":
		return compose.ThreadsMaxHashtags
	case pl.MaxHashtags < 0:
		return 0
	case pl.MaxHashtags > 0:
		return pl.MaxHashtags
	case pl.Name == "instagram":
		return compose.DefaultInstagramMaxHashtags
	}
	return compose.DefaultMaxHashtags
}
