package social

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/social/compose"
)

// Problem is a fault of a post's social snippets that does not depend on
// the schedule: `carepress check` reports it before any share is due. One
// Problem stands for every platform with that fault: its message names
// them.
type Problem struct {
	Rule    string // social/length, social/notice, social/image or social/hashtags
	Page    *site.Page
	Field   string // the front matter field to point at
	Message string // `post "flu" on x and bluesky: ...`
	Hint    string
}

// Problems composes the first share of every post that gets snippets, on
// each of its platforms, whatever its date, and reports, once per post and
// rule:
//
//   - social/length: the author's text (or, failing that, anything) cannot
//     fit the platform's limit;
//   - social/notice: the notices placed in social leave no room;
//   - social/image: instagram is to get the post, which has no image and
//     no share card;
//   - social/hashtags: social.hashtags lists more than the platform takes,
//     so the last ones would be dropped.
func Problems(s *site.Site) []Problem {
	platforms, _ := platformsOf(s.Config)
	if len(platforms) == 0 {
		return nil
	}
	opts := composeOptions(s, nil)
	var fs faults
	for _, p := range candidates(s) {
		use, _ := postPlatforms(p, platforms)
		sm := p.Meta.Social
		// A scheduled post gets its share card from the build that
		// publishes it; the card's name does not matter here, only that
		// instagram will have an image.
		cp := composePost(s, p, Options{CardName: "card.png"})
		for _, pl := range use {
			if max := maxHashtags(pl.cfg); len(sm.Hashtags) > max {
				fs.add(p, "social/hashtags", "social.hashtags", "keep the most important first, or fewer", diag.SevWarning, pl.cfg.Name, -1,
					fmt.Sprintf("%d hashtags, but the platform takes %d: %s would be dropped", len(sm.Hashtags), max, strings.Join(sm.Hashtags[max:], ", ")))
			}
			if compose.Fits(cp, pl.cfg, opts) {
				continue // most posts: no need to compose
			}
			if _, err := compose.Compose(cp, pl.cfg, 0, opts); err != nil {
				fs.compose(p, pl.cfg.Name, 0, err)
			}
		}
	}
	var out []Problem
	for _, f := range fs.list {
		out = append(out, Problem{Rule: f.rule, Page: f.page, Field: f.field, Message: f.message(), Hint: f.hint})
	}
	return out
}

// faults gathers the faults of the posts' snippets, one per post, rule and
// field, each naming every platform (and share) it was found on.
type faults struct {
	list []*fault
}

// fault is one fault of one post's snippets.
type fault struct {
	page        *site.Page
	rule, field string
	hint        string
	sev         diag.Severity
	parts       []*faultPart // by detail, in the order found
}

// faultPart is one way the fault shows: its detail and where.
type faultPart struct {
	detail    string
	platforms []string
	shares    map[string][]int // platform → reshares (for left-out reshares)
}

// add records the fault rule of page at field on platform (share >= 0
// names the share, for faults that concern one) with detail.
func (fs *faults) add(page *site.Page, rule, field, hint string, sev diag.Severity, platform string, share int, detail string) {
	i := slices.IndexFunc(fs.list, func(f *fault) bool { return f.page == page && f.rule == rule && f.field == field })
	if i < 0 {
		fs.list = append(fs.list, &fault{page: page, rule: rule, field: field, hint: hint, sev: sev})
		i = len(fs.list) - 1
	}
	f := fs.list[i]
	j := slices.IndexFunc(f.parts, func(pt *faultPart) bool { return pt.detail == detail })
	if j < 0 {
		f.parts = append(f.parts, &faultPart{detail: detail})
		j = len(f.parts) - 1
	}
	pt := f.parts[j]
	if !slices.Contains(pt.platforms, platform) {
		pt.platforms = append(pt.platforms, platform)
	}
	if share >= 0 {
		if pt.shares == nil {
			pt.shares = map[string][]int{}
		}
		if !slices.Contains(pt.shares[platform], share) {
			pt.shares[platform] = append(pt.shares[platform], share)
		}
	}
}

// compose records why share of page on platform could not be composed.
func (fs *faults) compose(page *site.Page, platform string, share int, err error) {
	detail := err.Error()
	var ce *compose.Error
	if errors.As(err, &ce) {
		detail = ce.Err.Error()
	}
	sm := page.Meta.Social
	author := "social.text"
	if sm.TextByPlatform[platform] != "" {
		author = "social.text_by_platform." + platform
	}
	switch {
	case errors.Is(err, compose.ErrRepeat):
		fs.add(page, "", "title", "give the post a description or a longer summary, or plan fewer reshares", diag.SevWarning, platform, share,
			"left out: every text that fits would repeat an earlier share word for word")
	case errors.Is(err, compose.ErrTextTooLong):
		fs.add(page, "social/length", author, "shorten the text (the link, hashtags and social notices are added to it)", diag.SevError, platform, -1, detail)
	case errors.Is(err, compose.ErrNoticesDoNotFit):
		fs.add(page, "social/notice", "title", "shorten the summaries of the notices placed in social", diag.SevError, platform, -1, detail)
	case errors.Is(err, compose.ErrNoImage):
		fs.add(page, "social/image", "title", "give the post an image, turn on seo.share_cards, or leave instagram out with social.platforms", diag.SevError, platform, -1, detail)
	default:
		fs.add(page, "social/length", "title", "shorten the title or description, or the notices placed in social", diag.SevError, platform, -1, detail)
	}
}

// screen records a reason a share of page on platform must not be posted.
func (fs *faults) screen(page *site.Page, platform string, f Flag) {
	fs.add(page, f.Rule, fieldHolding(page, platform, f.Match), "remove it from the post and its social text; never share patient details",
		diag.SevError, platform, -1, fmt.Sprintf("the snippet would share %s (%q)", f.What, f.Match))
}

// fieldHolding is the front matter field of page whose text holds match,
// for the error to point at; "" when the body holds it.
func fieldHolding(page *site.Page, platform, match string) string {
	sm := page.Meta.Social
	for _, f := range []struct{ name, text string }{
		{"social.text_by_platform." + platform, sm.TextByPlatform[platform]},
		{"social.text", sm.Text},
		{"title", page.Title},
		{"description", page.Description},
	} {
		if strings.Contains(f.text, match) {
			return f.name
		}
	}
	return ""
}

// message is the fault as one line: `post "flu" on x and bluesky: detail`,
// with "; on mastodon: other detail" for each other way it shows.
func (f *fault) message() string {
	var b strings.Builder
	fmt.Fprintf(&b, "post %q ", slugOf(f.page))
	for i, pt := range f.parts {
		if i > 0 {
			b.WriteString("; ")
		}
		var where []string
		for _, pl := range pt.platforms {
			switch ss := pt.shares[pl]; len(ss) {
			case 0:
				where = append(where, pl)
			case 1:
				where = append(where, fmt.Sprintf("%s (reshare %d)", pl, ss[0]))
			default:
				var ns []string
				for _, n := range ss {
					ns = append(ns, fmt.Sprint(n))
				}
				where = append(where, fmt.Sprintf("%s (reshares %s)", pl, andList(ns)))
			}
		}
		fmt.Fprintf(&b, "on %s: %s", andList(where), pt.detail)
	}
	return b.String()
}

// diags are the faults as diagnostics, one line each, naming the check
// rule (a left-out reshare is no check's finding, and names none).
func (fs *faults) diags() diag.List {
	var out diag.List
	for _, f := range fs.list {
		pos := diag.Pos{File: f.page.Source.Path, Line: f.page.Source.BodyLine}
		if f.field != "" {
			pos = f.page.Source.At(f.field)
		}
		msg := f.message()
		if f.rule != "" {
			msg += " [" + f.rule + "]"
		}
		out = append(out, &diag.Error{Pos: pos, Severity: f.sev, Msg: msg, Hint: f.hint})
	}
	return out
}

// andList writes "a", "a and b", "a, b and c".
func andList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
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
