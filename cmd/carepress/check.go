package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/check"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/gctune"
	"github.com/carepress/carepress/internal/site"
)

// checkCommand is `carepress check`.
type checkCommand struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

const checkUsage = `Usage: carepress check [-s DIR] [--format text|json] [--now TIME] [--drafts] [--due DAYS] [--reply [FILE]] [--external] [--rules]

Check audits the site, scheduled posts included: patient privacy, health
claims, reviews, notices, links, SEO and the social snippets. Drafts are
checked too, but their findings are warnings (a draft must not block a
deploy) unless --drafts is given. It exits with status 1 when it finds an
error. --due lists the
reviews falling due, --reply checks a draft reply to a review or comment
(from FILE, or stdin), and --rules lists the rules; each does only that.
`

// Run checks the site, or a draft reply with --reply.
func (c *checkCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("check", checkUsage, c.stdout)
	var (
		root, format, now string
		due               = -1
		reply, external   bool
		rules, drafts     bool
	)
	fs.StringVar(&root, "s", ".", "site root `DIR`")
	fs.StringVar(&format, "format", "text", "output `FORMAT`: text or json")
	fs.StringVar(&now, "now", "", "check as of `TIME` (RFC 3339), for review ages and publish state")
	fs.Func("due", "list the posts whose review falls due within `DAYS`", func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return fmt.Errorf("%q is not a number of days", s)
		}
		due = n
		return nil
	})
	fs.BoolVar(&reply, "reply", false, "check a draft reply to a review or comment, read from FILE or stdin")
	fs.BoolVar(&external, "external", false, "also check external links over the network (cached in .carepress/cache)")
	fs.BoolVar(&rules, "rules", false, "list the rules and their default severities")
	fs.BoolVar(&drafts, "drafts", false, "check drafts as published posts: their problems are errors, not warnings")
	rest, err := fs.parse(args)
	if err != nil {
		return err
	}
	if format != "text" && format != "json" {
		return usagef("--format %q: use text or json", format)
	}
	if len(rest) > 1 || len(rest) == 1 && !reply {
		return usagef("check takes no arguments, except a FILE after --reply; got %q", rest)
	}
	var modes []string
	for _, m := range []struct {
		name string
		set  bool
	}{{"--rules", rules}, {"--reply", reply}, {"--due", due >= 0}} {
		if m.set {
			modes = append(modes, m.name)
		}
	}
	switch {
	case len(modes) > 1:
		return usagef("%s and %s do different things: use one at a time", modes[0], modes[1])
	case external && len(modes) > 0:
		return usagef("--external checks the site's links: it does not go with %s", modes[0])
	case rules && format == "json":
		return usagef("--rules lists the rules as text: leave out --format json")
	}
	clock, err := parseNow(now)
	if err != nil {
		return err
	}
	if rules {
		return c.listRules()
	}
	if err := needSite(root); err != nil {
		return err
	}
	// The reply is read first: a FILE that is not there is bad usage,
	// whatever the site holds.
	var replyName string
	var replyText []byte
	if reply {
		if replyName, replyText, err = c.readReply(rest); err != nil {
			return err
		}
	}
	defer gctune.Set(heapFloor, heapCeiling)()

	// The site as a build sees it: scheduled posts are checked as
	// published ones, and drafts too, their errors as warnings unless
	// --drafts (a draft must not block a deploy).
	s, probs, err := build.Load(ctx, build.Options{Root: root, Now: clock, Drafts: drafts})
	if err != nil {
		return err
	}
	if reply {
		return c.reply(s, replyName, replyText, format)
	}
	if due >= 0 {
		return c.due(s, due, format)
	}
	r, err := build.Templates(root, s)
	if err != nil {
		return err
	}
	findings := check.Run(ctx, s, check.Options{Root: root, Now: s.Now, Templates: r, External: external})
	if err := ctx.Err(); err != nil {
		return err
	}
	// The model's own warnings, as build shows them (a draft's unknown
	// author, say), unless a finding says the same at the same place.
	at := map[diag.Pos]bool{}
	for _, f := range findings {
		at[f.Pos] = true
	}
	for _, w := range probs.Warnings() {
		if !at[w.Pos] {
			fmt.Fprintln(c.stderr, w)
		}
	}
	errs, _, _ := check.Count(findings)
	if err := c.print(findings, format); err != nil {
		return err
	}
	if errs > 0 {
		return exitStatus(1)
	}
	return nil
}

// print writes findings as compiler-style lines and a summary, or as JSON.
func (c *checkCommand) print(findings []check.Finding, format string) error {
	errs, warns, infos := check.Count(findings)
	if format == "json" {
		type jf struct {
			Rule     string         `json:"rule"`
			Severity check.Severity `json:"severity"`
			File     string         `json:"file"`
			Line     int            `json:"line,omitempty"`
			Col      int            `json:"col,omitempty"`
			Message  string         `json:"message"`
			Hint     string         `json:"hint,omitempty"`
		}
		out := struct {
			Findings []jf `json:"findings"`
			Errors   int  `json:"errors"`
			Warnings int  `json:"warnings"`
			Info     int  `json:"info"`
		}{Findings: []jf{}, Errors: errs, Warnings: warns, Info: infos}
		for _, f := range findings {
			out.Findings = append(out.Findings, jf{f.Rule, f.Severity, f.Pos.File, f.Pos.Line, f.Pos.Col, f.Message, f.Hint})
		}
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	for _, f := range findings {
		fmt.Fprintln(c.stdout, f)
	}
	if len(findings) == 0 {
		fmt.Fprintln(c.stdout, "check: no problems found")
		return nil
	}
	fmt.Fprintf(c.stdout, "check: %s, %s, %d info\n", plural(errs, "error"), plural(warns, "warning"), infos)
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// due lists the posts whose review falls due within days, for the
// reviewers' calendar.
func (c *checkCommand) due(s *site.Site, days int, format string) error {
	items := check.Due(s, s.Now, days)
	if format == "json" {
		type jd struct {
			Due      string `json:"due"`
			Never    bool   `json:"never_reviewed,omitempty"`
			File     string `json:"file"`
			Title    string `json:"title"`
			Reviewer string `json:"reviewer"`
		}
		out := []jd{}
		for _, it := range items {
			out = append(out, jd{it.Due.Format("2006-01-02"), it.Never, it.Post.Source.Path, it.Post.Title, it.Reviewer})
		}
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	for _, it := range items {
		when := it.Due.Format("2006-01-02")
		switch {
		case it.Never:
			when += " (never reviewed)"
		case it.Due.Before(s.Now):
			when += " (overdue)"
		}
		reviewer := it.Reviewer
		if reviewer == "" {
			reviewer = "(no reviewer)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", when, it.Post.Source.Path, reviewer, it.Post.Title)
	}
	w.Flush()
	fmt.Fprintf(c.stdout, "check: %s due for review by %s\n", plural(len(items), "post"), s.Now.AddDate(0, 0, days).Format("2006-01-02"))
	return nil
}

// reply checks a draft reply to a review or a comment, and suggests a
// safe wording when it finds a problem.
func (c *checkCommand) reply(s *site.Site, name string, text []byte, format string) error {
	findings := check.Reply(s, name, string(text))
	errs, _, _ := check.Count(findings)
	if format == "json" {
		if err := c.print(findings, format); err != nil {
			return err
		}
	} else {
		for _, f := range findings {
			fmt.Fprintln(c.stdout, f)
		}
		if len(findings) == 0 {
			fmt.Fprintln(c.stdout, "check: no problems found in the reply")
		} else {
			fmt.Fprintf(c.stdout, "\nSuggested reply:\n%s\n", check.SafeReply(s))
		}
	}
	if errs > 0 {
		return exitStatus(1)
	}
	return nil
}

func (c *checkCommand) listRules() error {
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	for _, r := range check.Rules {
		fmt.Fprintf(w, "%s\t%s\t%s\n", r.ID, r.Default, r.Doc)
	}
	return w.Flush()
}

// readReply reads the draft reply from the file named in rest, or stdin.
func (c *checkCommand) readReply(rest []string) (name string, text []byte, err error) {
	if len(rest) == 0 || rest[0] == "-" {
		b, err := io.ReadAll(c.stdin)
		return "<stdin>", b, err
	}
	b, err := os.ReadFile(rest[0])
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil, usagef("--reply %s: no such file (name the file of the draft reply, or pipe it in)", rest[0])
	}
	if err != nil {
		return "", nil, fmt.Errorf("cannot read the reply: %w", err)
	}
	return filepath.ToSlash(rest[0]), b, nil
}
