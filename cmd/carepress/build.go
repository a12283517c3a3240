package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/check"
	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/gctune"
	"github.com/carepress/carepress/internal/output"
)

// buildCommand is `carepress build`.
type buildCommand struct {
	stdout, stderr io.Writer
}

const buildUsage = `Usage: carepress build [-s DIR] [-o DIR] [--social DIR] [--drafts] [--future] [--expired] [--now TIME] [--base-url URL] [--strict] [--force]

Build writes the site into its output directory (public/) and the social
schedule into social/. It fails on privacy findings, and with --strict on
every error-level check finding; a failed build leaves the output as it was.
`

// Run builds the site.
func (c *buildCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("build", buildUsage, c.stdout)
	var opts build.Options
	var now string
	var strict bool
	fs.StringVar(&opts.Root, "s", ".", "site root `DIR`")
	fs.StringVar(&opts.Out, "o", "", "output `DIR` (default public/ in the site root)")
	fs.StringVar(&opts.Social, "social", "", "social exports `DIR` (default social/ in the site root; never inside the output directory)")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include drafts")
	fs.BoolVar(&opts.Future, "future", false, "include posts dated in the future")
	fs.BoolVar(&opts.Expired, "expired", false, "include expired posts")
	fs.StringVar(&now, "now", "", "fix the build's clock (RFC 3339 `TIME`), for reproducible output")
	fs.StringVar(&opts.BaseURL, "base-url", "", "override base_url with `URL`")
	fs.BoolVar(&strict, "strict", false, "fail on every error-level check finding, not only privacy ones")
	fs.BoolVar(&opts.Force, "force", false, "write into a non-empty output directory carepress did not write, or put drafts in public/")
	rest, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("build takes no arguments, got %q", rest)
	}
	if err := needSite(opts.Root); err != nil {
		return err
	}
	if opts.Now, err = parseNow(now); err != nil {
		return err
	}
	defer gctune.Set(heapFloor, heapCeiling)()
	if opts.BaseURL != "" {
		if err := config.CheckBaseURL("--base-url", opts.BaseURL); err != nil {
			return usagef("%v", err)
		}
	}
	// Every build runs the privacy checks and stops on their errors;
	// --strict runs every check and stops on any error-level finding.
	opts.Check = check.Gate(opts.Root, strict)
	// Two builds into one output directory run one after the other.
	opts.Wait = func(msg string) { fmt.Fprintln(c.stderr, msg) }
	res, err := build.Build(ctx, opts)
	if res != nil {
		for _, w := range res.Warnings {
			fmt.Fprintln(c.stderr, w)
		}
	}
	if errors.Is(err, output.ErrUnfinished) {
		return fmt.Errorf("%w\nbuild failed half-way through writing the output directory: the next build finishes it", err)
	}
	if err != nil {
		return fmt.Errorf("%w\nbuild failed: the output directory was left as it was", err)
	}
	fmt.Fprintln(c.stdout, res.Summary())
	if res.Plan != nil {
		fmt.Fprintf(c.stdout, "social: %d snippets scheduled in %s\n", len(res.Plan.Items), relPath(res.Social))
		if !res.Plan.NextChange.IsZero() {
			fmt.Fprintf(c.stdout, "next scheduled change: %s (%s): rebuild at or after it\n",
				res.Plan.NextChange.In(res.Site.Config.Location).Format("2006-01-02 15:04 MST"), res.Plan.NextChangeReason)
		}
	}
	return nil
}

// relPath shows dir relative to the current directory when it is inside it.
func relPath(dir string) string {
	wd, err := os.Getwd()
	if err != nil {
		return dir
	}
	if rel, err := filepath.Rel(wd, dir); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return dir
}
