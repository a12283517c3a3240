package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/importer"
)

// importCommand is `carepress import`.
type importCommand struct {
	stdout, stderr io.Writer
}

const importUsage = `Usage: carepress import wordpress|hugo|jekyll SOURCE -s DIR [--fetch]

Import moves a site into carepress: a WordPress export (the WXR file of
Tools → Export), or a Hugo or Jekyll site's folder. It writes the posts,
pages, people and images into DIR (a new folder, or a site to add to),
and carepress.yaml with what the source says of the practice. Every old
address becomes an alias of its new page. Nothing already in DIR is
overwritten, so importing again adds only what is new.

Images are copied from the source folder (for WordPress, a copy of
wp-content/uploads beside the export); --fetch downloads the others from
their addresses. IMPORT.md in DIR lists, per post, the work left to a
person: review, descriptions, alt text, sources, privacy findings, and
what could not be converted.
`

// Run imports the source into the site.
func (c *importCommand) Run(ctx context.Context, args []string) error {
	flags := newFlagSet("import", importUsage, c.stdout)
	var opts importer.Options
	var now string
	flags.StringVar(&opts.Root, "s", "", "the site `DIR` to write (a new folder, or an existing site)")
	flags.BoolVar(&opts.Fetch, "fetch", false, "download the images the source folder does not hold")
	flags.StringVar(&now, "now", "", "check and date the report as of `TIME` (RFC 3339)")
	rest, err := flags.parse(args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usagef("import needs a source: carepress import wordpress export.xml -s DIR (or hugo, or jekyll, and a folder)")
	}
	opts.Kind = rest[0]
	if !slices.Contains(importer.Kinds, opts.Kind) {
		return usagef("cannot import from %q (%s)", opts.Kind, diag.OneOf(opts.Kind, importer.Kinds))
	}
	if len(rest) != 2 {
		return usagef("import %s takes one source: carepress import %s %s -s DIR", opts.Kind, opts.Kind, map[bool]string{true: "export.xml", false: "FOLDER"}[opts.Kind == "wordpress"])
	}
	opts.Source = rest[1]
	if opts.Root == "" {
		return usagef("import needs the site to write: -s DIR (a new folder, or an existing site)")
	}
	fi, err := os.Stat(opts.Source)
	switch {
	case err != nil:
		return usagef("cannot read the source %s: %v", opts.Source, errors.Unwrap(err))
	case opts.Kind == "wordpress" && fi.IsDir():
		return usagef("%s is a folder: give the export file (Tools → Export in WordPress)", opts.Source)
	case opts.Kind != "wordpress" && !fi.IsDir():
		return usagef("%s is a file: give the %s site's folder", opts.Source, opts.Kind)
	}
	if fi, err := os.Stat(opts.Root); err == nil && !fi.IsDir() {
		return usagef("%s is a file (choose a folder for the site)", opts.Root)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if opts.Now, err = parseNow(now); err != nil {
		return err
	}
	res, err := importer.Run(ctx, opts)
	if err != nil {
		return err
	}
	for _, p := range res.Problems() {
		fmt.Fprintln(c.stderr, p)
	}
	posts, pages := 0, 0
	for _, d := range res.Site.Docs {
		if d.Kind == importer.Post {
			posts++
		} else {
			pages++
		}
	}
	missing := 0
	for _, img := range res.Images {
		if img.How == "missing" {
			missing++
		}
	}
	people := plural(len(res.Site.People), "person")
	if len(res.Site.People) != 1 {
		people = fmt.Sprintf("%d people", len(res.Site.People))
	}
	fmt.Fprintf(c.stdout, "imported %s, %s and %s from %s into %s: %s written, %d kept as they were\n",
		plural(posts, "post"), plural(pages, "page"), people, opts.Source, opts.Root, plural(len(res.Written), "file"), len(res.Kept))
	if len(res.URLs) == 1 {
		fmt.Fprintln(c.stdout, "1 old address leads to its new page")
	} else {
		fmt.Fprintf(c.stdout, "%d old addresses lead to their new pages\n", len(res.URLs))
	}
	if missing > 0 {
		hint := ""
		if !opts.Fetch {
			hint = " (run again with --fetch to download them)"
		}
		fmt.Fprintf(c.stdout, "%s could not be had%s\n", plural(missing, "image"), hint)
	}
	if len(res.ToDo) > 0 {
		fmt.Fprintln(c.stdout, "to do, per file (the details are in "+importer.ReportFile+"):")
		for _, t := range res.ToDo {
			fmt.Fprintf(c.stdout, "  %s: %s\n", t.File, strings.Join(t.Items, ", "))
		}
	}
	fmt.Fprintf(c.stdout, "next: work through %s, then run: carepress check -s %s\n", filepath.Join(opts.Root, importer.ReportFile), opts.Root)
	if len(res.Problems()) > 0 {
		return exitStatus(1)
	}
	return nil
}
