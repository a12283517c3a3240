package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/check"
	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/social/export"
)

// socialCommand is `carepress social`: the upcoming social schedule,
// computed and checked as a build would, writing nothing but the check
// cache in .carepress/.
type socialCommand struct {
	stdout, stderr io.Writer
}

const socialUsage = `Usage: carepress social [-s DIR] [--from DATE] [--to DATE] [--platform NAME] [--format table|json] [--now TIME]

Social prints the upcoming social schedule, as a build would write it to
social/, without writing anything.
`

// Run prints the schedule.
func (c *socialCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("social", socialUsage, c.stdout)
	var opts build.Options
	var now, from, to, platform, format string
	fs.StringVar(&opts.Root, "s", ".", "site root `DIR`")
	fs.StringVar(&now, "now", "", "fix the clock (RFC 3339 `TIME`)")
	fs.StringVar(&from, "from", "", "show snippets from `DATE` (2026-12-01, or RFC 3339; default now)")
	fs.StringVar(&to, "to", "", "show snippets before the end of `DATE`")
	fs.StringVar(&platform, "platform", "", "show only `NAME` (x, mastodon, bluesky, ...)")
	fs.StringVar(&format, "format", "table", "output `FORMAT`: table or json")
	rest, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("social takes no arguments, got %q", rest)
	}
	if format != "table" && format != "json" {
		return usagef("--format %q: use table or json", format)
	}
	if platform != "" && !slices.Contains(config.Platforms, platform) {
		return usagef("--platform %q: use one of %s", platform, strings.Join(config.Platforms, ", "))
	}
	if opts.Now, err = parseNow(now); err != nil {
		return err
	}
	// The dates are read in the site's time zone, once it is loaded; a
	// date that cannot be read is bad usage whatever the site holds.
	for _, d := range []struct{ flag, val string }{{"--from", from}, {"--to", to}} {
		if _, err := parseDay(d.val, time.UTC, false); d.val != "" && err != nil {
			return usagef("%s: %v", d.flag, err)
		}
	}
	if err := needSite(opts.Root); err != nil {
		return err
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	s, warnings, err := build.Load(ctx, opts)
	if err != nil {
		return err
	}
	for _, w := range scheduleWarnings(s, warnings) {
		fmt.Fprintln(c.stderr, w)
	}
	// The checks every build runs: a schedule that the build would
	// refuse (a patient identifier in a post or its social text, even one
	// not published yet) is refused here too. Their warnings are the
	// site's, not the schedule's: `check` and `build` print them.
	// Templates that do not parse fail the build, which says where; the
	// schedule is about the posts, whose checks still run.
	r, _ := build.Templates(opts.Root, s)
	if err := check.Gate(opts.Root, false)(ctx, s, r).Err(); err != nil {
		return err
	}
	loc := s.Config.Location
	var lo, hi time.Time
	if from != "" {
		if lo, err = parseDay(from, loc, false); err != nil {
			return usagef("--from: %v", err)
		}
	}
	if to != "" {
		if hi, err = parseDay(to, loc, true); err != nil {
			return usagef("--to: %v", err)
		}
	}
	if !lo.IsZero() && !hi.IsZero() && !lo.Before(hi) {
		return usagef("--from %s is not before the end of --to %s (swap them)", from, to)
	}
	plan, planWarnings, err := build.Plan(s, s.Now, "")
	if err != nil {
		return err
	}
	for _, w := range planWarnings {
		fmt.Fprintln(c.stderr, w)
	}
	var items []export.Item
	for _, it := range plan.Items {
		if platform != "" && it.Platform != platform || !lo.IsZero() && it.ScheduledAt.Before(lo) || !hi.IsZero() && !it.ScheduledAt.Before(hi) {
			continue
		}
		items = append(items, it)
	}
	plan.Items = items
	if format == "json" {
		files, err := export.Files(plan)
		if err != nil {
			return err
		}
		_, err = c.stdout.Write(files["plan.json"])
		return err
	}
	if len(items) == 0 {
		fmt.Fprintln(c.stdout, "no snippets scheduled")
		return nil
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tPLATFORM\tID\tLENGTH\tTEXT")
	for _, it := range items {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d/%d\t%s\n", it.ScheduledAt.In(loc).Format("Mon 2006-01-02 15:04"), it.Platform, it.ID, it.Length, it.Limit, firstLine(it.Text, 60))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%d snippets\n", len(items))
	return nil
}

// scheduleWarnings are the warnings of the site's load that concern its
// social schedule, the only ones `carepress social` prints: those about the
// summary of a notice placed in social, which every snippet carries. The
// others (placeholders in notice texts, alt texts, ...) are the build's and
// check's to report.
func scheduleWarnings(s *site.Site, warnings diag.List) diag.List {
	at := map[diag.Pos]bool{}
	for _, n := range s.Notices {
		if n.Placed("social") && n.Source != nil {
			at[n.Source.At("summary")] = true
		}
	}
	var out diag.List
	for _, w := range warnings {
		if at[w.Pos] {
			out = append(out, w)
		}
	}
	return out
}

// parseDay reads a date (the start of that day in loc, or of the next day
// when end is set) or an RFC 3339 time.
func parseDay(s string, loc *time.Location, end bool) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date such as 2026-12-01", s)
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

// firstLine is the text's first line, cut to n runes for a table cell.
func firstLine(s string, n int) string {
	s, _, cut := strings.Cut(s, "\n")
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	if cut {
		return s + " …"
	}
	return s
}
