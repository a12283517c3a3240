// Package social plans a site's social media snippets: for every post that
// is published or scheduled, and every platform the site uses, it composes
// the texts (package compose), places them in the posting slots (package
// schedule) and returns the plan the exports are written from (package
// export).
//
// # Contract
//
//   - Posts are placed in the order they publish, oldest first, then by
//     slug; all first shares before any reshare, so a new post is never
//     pushed back by an old post's reshare. The plan is computed from each
//     post's own publication, as if carepress had planned all along: shares
//     whose time has passed are left out of the exports, so adopting
//     carepress (or rebuilding) never floods an account with old posts.
//   - A first share comes at the first slot after the scheduled rebuild that
//     publishes the post; reshares follow at social.reshare offsets, each
//     snapped to a slot; per_day caps each platform's local day.
//   - social.at replaces a post's computed times (share n at at[n]);
//     social.skip leaves the post out; social.platforms narrows the
//     platforms. Drafts and expired posts never get a snippet, and no share
//     is planned after a post's expiry.
//   - Ids are "slug:platform:n", so they do not change between builds of an
//     unchanged post.
//   - The shares of a post on a platform are composed together, the past
//     ones too, so no share repeats the text of one before it (see package
//     compose); a reshare that could only repeat one is left out, with a
//     warning.
//   - A snippet that cannot be composed within its platform's limit, or
//     whose text holds a patient identifier, is an error naming the post's
//     file; no invalid snippet is ever returned. A fault is reported once
//     per post and rule, at the field that holds it, naming the rule and
//     every platform (and share) it reaches, however many snippets it
//     spoils.
package social

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/carepress/carepress/internal/cadence"
	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/social/compose"
	"github.com/carepress/carepress/internal/social/count"
	"github.com/carepress/carepress/internal/social/export"
	"github.com/carepress/carepress/internal/social/schedule"
)

// Options configure a plan.
type Options struct {
	// Now is the build's clock: shares before it are not exported.
	Now time.Time
	// CardName is the file name of a post's generated share card beside
	// its page ("card.png"), for scheduled posts, whose card is made by the
	// rebuild that publishes them. "" means no cards.
	CardName string
	// Screen, when set, returns the reasons a snippet text must not be
	// posted (patient identifiers); each becomes an error.
	Screen func(text string) []Flag
	// PreviewBase is where the preview page (social/index.html) finds the
	// output folder: a path relative to the social folder ("../public/")
	// for the page on disk, or the dev server's root ("/"). "" leaves the
	// images at their public address.
	PreviewBase string
}

// Flag is one reason a snippet text must not be posted.
type Flag struct {
	Rule  string // the check rule: "privacy/ssn"
	What  string // what it is: "Social Security number"
	Match string // the text that matched: "123-45-6789"
}

// Plan composes and schedules the snippets of s.
func Plan(s *site.Site, opts Options) (*export.Plan, diag.List) {
	cfg := s.Config
	plan := &export.Plan{
		Site:      cfg.Title,
		BaseURL:   cfg.BaseURL,
		Generated: opts.Now,
		Location:  cfg.Location,
		Country:   cfg.Locale(),
		Lang:      cfg.Language,
	}
	if c, ok := s.NextChange(); ok {
		plan.NextChange, plan.NextChangeReason = c.At, c.Reason
	}
	var errs diag.List
	platforms, perrs := platformsOf(cfg)
	errs = append(errs, perrs...)
	var tmpl *template.Template
	if cfg.Social.Template != "" {
		t, err := template.New("social.template").Option("missingkey=error").Parse(cfg.Social.Template)
		if err != nil {
			errs = append(errs, diag.Errorf(pos(cfg, "social.template"), "see the template fields in the README: .Lead .Title .Description .URL .Hashtags .Platform", "social.template: %v", err))
		} else {
			tmpl = t
		}
	}
	if errs.Err() != nil || len(platforms) == 0 {
		return plan, errs
	}
	// A post's snippets carry the social notices of its language.
	copts := map[string]compose.Options{}
	for _, ls := range s.Sites() {
		copts[ls.Lang] = composeOptions(ls, tmpl)
	}
	multi := len(s.Sites()) > 1

	posts := candidates(s)
	planners := map[string]*schedule.Planner{}
	for _, pl := range platforms {
		planners[pl.cfg.Name] = &schedule.Planner{Loc: cfg.Location, Slots: pl.slots, PerDay: pl.perDay,
			RebuildHour: cfg.Social.RebuildHour, RebuildMinute: cfg.Social.RebuildMinute}
	}

	// Work out, per post, the platforms and the share times; first shares
	// of every post before any reshare.
	type job struct {
		p     *site.Page
		pl    platform
		share int
		at    time.Time
	}
	var jobs []*job
	firsts := map[string]time.Time{}
	rebuild := &schedule.Planner{Loc: cfg.Location, RebuildHour: cfg.Social.RebuildHour, RebuildMinute: cfg.Social.RebuildMinute}
	for _, p := range posts {
		sm := p.Meta.Social
		use, uerrs := postPlatforms(p, platforms)
		errs = append(errs, uerrs...)
		if len(sm.At) > 0 {
			errs = append(errs, checkAt(p, rebuild, cfg)...)
		}
		for _, pl := range use {
			if len(sm.At) > 0 {
				for i, at := range sm.At {
					planners[pl.cfg.Name].Reserve(at)
					jobs = append(jobs, &job{p: p, pl: pl, share: i, at: at.In(cfg.Location)})
				}
				continue
			}
			t := planners[pl.cfg.Name].FirstShare(p.Date, p.Date)
			if t.IsZero() {
				continue // no slot at all: reported by platformsOf
			}
			firsts[p.Path+pl.cfg.Name] = t
			jobs = append(jobs, &job{p: p, pl: pl, share: 0, at: t})
		}
	}
	for i, off := range cfg.Social.ReshareOffsets {
		for _, p := range posts {
			if len(p.Meta.Social.At) > 0 {
				continue
			}
			use, _ := postPlatforms(p, platforms)
			for _, pl := range use {
				first, ok := firsts[p.Path+pl.cfg.Name]
				if !ok {
					continue
				}
				t := planners[pl.cfg.Name].Reshare(first, off)
				jobs = append(jobs, &job{p: p, pl: pl, share: i + 1, at: t})
			}
		}
	}

	// The shares of a post on a platform are composed together, past ones
	// too, since a reshare must not repeat the text of any before it; only
	// the posts with a share to export are composed at all.
	type pair struct {
		p  *site.Page
		pl string
	}
	shares := map[pair]int{} // the number of shares to compose
	due := func(j *job) bool {
		if !j.p.ExpiryDate.IsZero() && !j.at.Before(j.p.ExpiryDate) {
			return false // the link would lead to a removed page
		}
		return !j.at.Before(opts.Now) // else already shared (or, on a first run, deliberately not flooded)
	}
	for _, j := range jobs {
		if due(j) {
			k := pair{j.p, j.pl.cfg.Name}
			shares[k] = max(shares[k], j.share+1)
		}
	}
	type composed struct {
		snippets []compose.Snippet
		errs     []error
	}
	done := map[pair]composed{}
	var faults faults
	published := map[*site.Page]bool{}
	for _, ls := range s.Sites() {
		for _, p := range ls.Posts {
			published[p] = true
		}
	}
	for _, j := range jobs {
		p := j.p
		if !due(j) {
			continue
		}
		k := pair{p, j.pl.cfg.Name}
		c, ok := done[k]
		if !ok {
			c.snippets, c.errs = compose.ComposeShares(composePost(s, p, opts), j.pl.cfg, shares[k], copts[s.In(p.Lang).Lang])
			done[k] = c
		}
		if err := c.errs[j.share]; err != nil {
			faults.compose(p, j.pl.cfg.Name, j.share, err)
			continue
		}
		sn := c.snippets[j.share]
		if opts.Screen != nil {
			if flags := opts.Screen(sn.Text); len(flags) > 0 {
				for _, f := range flags {
					faults.screen(p, j.pl.cfg.Name, f)
				}
				continue
			}
		}
		plan.Items = append(plan.Items, export.Item{
			ID: sn.ID, Post: slugOf(p), PostTitle: p.Title, PostURL: cfg.AbsURL(p.Path),
			Platform: sn.Platform, Share: sn.Share, Text: sn.Text, Display: sn.Display,
			Facets: facets(sn.Facets), Length: sn.Length, Limit: sn.Limit, URL: sn.URL,
			Image: sn.Image, Preview: preview(cfg, sn.Image, published[p], opts.PreviewBase),
			Hashtags: sn.Hashtags, ScheduledAt: j.at.In(cfg.Location),
		})
		if multi {
			plan.Items[len(plan.Items)-1].Lang = p.Lang
		}
	}
	slices.SortFunc(plan.Items, func(a, b export.Item) int {
		return cmp.Or(a.ScheduledAt.Compare(b.ScheduledAt), cmp.Compare(a.ID, b.ID))
	})
	errs = append(errs, faults.diags()...)
	errs.Sort()
	return plan, errs
}

// composeOptions are the site's settings of composition, with tmpl as its
// template.
func composeOptions(s *site.Site, tmpl *template.Template) compose.Options {
	var notices []string
	for _, n := range s.Notices {
		if n.Placed("social") {
			notices = append(notices, n.Summary)
		}
	}
	utm := s.Config.Social.UTM
	return compose.Options{Template: tmpl, UTMMedium: utm.Medium, UTMContent: utm.Content, Notices: notices}
}

// preview is where the preview page finds image: in the output folder,
// under base, when the image is the site's own and its post is published
// (a scheduled post's card and files are made by the build that publishes
// it); at its own address when it is elsewhere; "" when it is not made yet.
func preview(cfg *config.Config, image string, published bool, base string) string {
	if image == "" {
		return ""
	}
	rest, own := strings.CutPrefix(image, strings.TrimSuffix(cfg.BaseURL, "/")+"/")
	switch {
	case !own:
		return image
	case !published:
		return ""
	case base == "":
		return image
	}
	return strings.TrimSuffix(base, "/") + "/" + rest
}

// platform is one configured platform, resolved.
type platform struct {
	cfg    compose.Platform
	slots  []cadence.Slot
	perDay int
}

// platformsOf resolves the configured platforms, in the order of
// config.Platforms.
func platformsOf(cfg *config.Config) ([]platform, diag.List) {
	var out []platform
	var errs diag.List
	for _, name := range config.Platforms {
		pc, ok := cfg.Social.Platforms[name]
		if !ok {
			continue
		}
		counter, err := count.For(name, pc.MaxChars)
		if err != nil {
			continue // the config's validation refused it (TestConfigKnowsTheCounters)
		}
		slots := pc.SlotTimes
		if len(pc.Slots) == 0 {
			slots = cfg.Social.SlotTimes
		}
		if len(slots) == 0 {
			errs = append(errs, diag.Errorf(pos(cfg, "social.slots"), "add slots such as [\"Tue 09:00\", \"Thu 12:30\"]", "social platform %s has no posting slots", name))
			continue
		}
		perDay := cfg.Social.PerDay
		if pc.PerDay > 0 {
			perDay = pc.PerDay
		}
		link := pc.LinkLine
		if link == "" {
			link = cfg.Social.LinkLine
		}
		out = append(out, platform{
			cfg:    compose.Platform{Name: name, Counter: counter, MaxHashtags: pc.MaxHashtags, LinkLine: link},
			slots:  slots,
			perDay: perDay,
		})
	}
	return out, errs
}

// postPlatforms narrows the site's platforms to a post's social.platforms.
func postPlatforms(p *site.Page, all []platform) ([]platform, diag.List) {
	want := p.Meta.Social.Platforms
	if len(want) == 0 {
		return all, nil
	}
	var errs diag.List
	var names []string
	for _, pl := range all {
		names = append(names, pl.cfg.Name)
	}
	var out []platform
	for i, name := range want {
		idx := slices.IndexFunc(all, func(pl platform) bool { return pl.cfg.Name == name })
		if idx < 0 {
			at := p.Source.At(fmt.Sprintf("social.platforms.%d", i))
			if slices.Contains(config.Platforms, name) {
				errs = append(errs, diag.Errorf(at, "add it under social.platforms in "+config.FileName+", or remove it here", "platform %q is not set up for this site (it uses %s)", name, strings.Join(names, ", ")))
			} else {
				errs = append(errs, diag.Errorf(at, diag.OneOf(name, config.Platforms), "unknown social platform %q", name))
			}
			continue
		}
		out = append(out, all[idx])
	}
	return out, errs
}

// checkAt checks a post's own share times: on a 5-minute mark, and not
// before the rebuild that publishes the post, whose link would 404.
func checkAt(p *site.Page, rebuild *schedule.Planner, cfg *config.Config) diag.List {
	var errs diag.List
	for i, at := range p.Meta.Social.At {
		field := p.Source.At(fmt.Sprintf("social.at.%d", i))
		if at.Second() != 0 || at.Nanosecond() != 0 || at.Minute()%5 != 0 {
			errs = append(errs, diag.Errorf(field, fmt.Sprintf("use %s", at.In(cfg.Location).Truncate(5*time.Minute).Format("2006-01-02T15:04:05-07:00")), "social.at time %s is not on a 5-minute mark", at.Format(time.RFC3339)))
		}
		if r := rebuild.Rebuild(p.Date); at.Before(r) {
			errs = append(errs, diag.Errorf(field, "share at or after "+r.Format("2006-01-02 15:04 MST"), "social.at time %s is before the rebuild that publishes the post (its link would not work yet)", at.In(cfg.Location).Format("2006-01-02 15:04 MST")))
		}
	}
	return errs
}

// candidates are the posts that get snippets: published and scheduled,
// never drafts, skipped or expired ones, oldest first.
func candidates(s *site.Site) []*site.Page {
	var out []*site.Page
	lists := [][]*site.Page{s.Posts, s.Scheduled}
	for _, ls := range s.Langs { // translated posts, each linking its own page
		lists = append(lists, ls.Posts)
	}
	for _, list := range lists {
		for _, p := range list {
			if p.Draft || p.Meta == nil || p.Meta.Social.Skip || p.Source == nil {
				continue
			}
			if !p.ExpiryDate.IsZero() && !p.ExpiryDate.After(s.Now) {
				continue
			}
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *site.Page) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.Path, b.Path))
	})
	return slices.CompactFunc(out, func(a, b *site.Page) bool { return a == b })
}

func composePost(s *site.Site, p *site.Page, opts Options) compose.Post {
	cfg := s.Config
	sm := p.Meta.Social
	img := p.ShareImage()
	orig := p.Original(cfg.Language)
	if img == "" && orig != nil {
		img = orig.ShareImage() // a translation has no share card of its own
	}
	if img == "" && orig == nil && opts.CardName != "" && cfg.ShareCardsEnabled() {
		img = p.Path + opts.CardName // a scheduled post: its rebuild makes the card
	}
	if img != "" && !strings.Contains(img, "://") {
		img = cfg.AbsURL(img)
	}
	return compose.Post{
		Slug: slugOf(p), Lang: p.Lang, Title: p.Title, Description: p.Description, Summary: p.SummaryText,
		URL: cfg.AbsURL(p.Path), Tags: p.Meta.Tags, Hashtags: sm.Hashtags,
		Text: sm.Text, TextByPlatform: sm.TextByPlatform, Image: img,
	}
}

func slugOf(p *site.Page) string {
	return strings.TrimPrefix(strings.Trim(p.Path, "/"), "posts/")
}

func facets(fs []compose.Facet) []export.Facet {
	var out []export.Facet
	for _, f := range fs {
		out = append(out, export.Facet{ByteStart: f.ByteStart, ByteEnd: f.ByteEnd, URI: f.URI})
	}
	return out
}

func pos(cfg *config.Config, key string) diag.Pos {
	p := cfg.Pos[key]
	p.File = cfg.File
	return p
}
