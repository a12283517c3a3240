package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/check"
	"github.com/carepress/carepress/internal/gctune"
	"github.com/carepress/carepress/internal/site"
)

// checkCommand is `carepress check`.
type checkCommand struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// Run checks the site, or a draft reply with --reply.
func (c *checkCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("check", c.stderr)
	var (
		root, format, now string
		due               = -1
		reply, external   bool
		rules             bool
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
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if format != "text" && format != "json" {
		return usagef("--format %q: use text or json", format)
	}
	if len(rest) > 1 || len(rest) == 1 && !reply {
		return usagef("check takes no arguments, except a FILE after --reply; got %q", rest)
	}
	clock, err := parseNow(now)
	if err != nil {
		return err
	}
	defer gctune.Set(heapFloor, heapCeiling)()
	if rules {
		return c.listRules()
	}

	// Drafts and future posts are checked too: that is when a problem is
	// cheapest to fix, and links to them are judged by the publish rules.
	s, _, err := build.Load(ctx, build.Options{Root: root, Now: clock, Drafts: true, Future: true, Expired: true})
	if err != nil {
		return err
	}
	if reply {
		return c.reply(s, rest, format)
	}
	if due >= 0 {
		return c.due(s, due, format)
	}
	src, err := build.OpenSite(root)
	if err != nil {
		return err
	}
	defer src.Close()
	layers, err := build.Layers(src, s.Config)
	if err != nil {
		return err
	}
	findings := check.Run(ctx, s, check.Options{Root: root, Now: s.Now, Layers: layers, External: external})
	if err := ctx.Err(); err != nil {
		return err
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
func (c *checkCommand) reply(s *site.Site, rest []string, format string) error {
	name, text, err := c.readReply(rest)
	if err != nil {
		return err
	}
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
	if err != nil {
		return "", nil, fmt.Errorf("cannot read the reply: %w", err)
	}
	return filepath.ToSlash(rest[0]), b, nil
}
