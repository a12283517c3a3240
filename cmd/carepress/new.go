package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/slug"
	"github.com/carepress/carepress/internal/starter"
)

// newCommand is `carepress new KIND ...`.
type newCommand struct {
	stdout, stderr io.Writer
}

const newUsage = `Usage:
  carepress new site DIR [--kind KIND] [--country CC]
  carepress new post "Title" [--series NAME] [-s DIR]
  carepress new notice ID [--kind KIND] [-s DIR]

New starts a site, a post (a draft with every field a reviewer needs) or a
notice. Run 'carepress help new site' (post, notice) for the flags of each.
`

// newKinds are what `new` makes, for "did you mean".
var newKinds = []string{"site", "post", "notice"}

// Run dispatches on the kind of thing to create.
func (c *newCommand) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("new needs a kind: carepress new site DIR, new post \"Title\" or new notice ID")
	}
	switch args[0] {
	case "post":
		return c.post(args[1:])
	case "site":
		return c.site(args[1:])
	case "notice":
		return c.notice(args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(c.stdout, newUsage)
		return nil
	}
	return usagef("cannot make a new %q (%s)", args[0], diag.OneOf(args[0], newKinds))
}

const newSiteUsage = `Usage: carepress new site DIR [--kind KIND] [--country CC]

New site writes a starter site into DIR, which must be new or empty: its
configuration, the notices of the country's rules (with gaps to fill in), a
first post, and the set-up for static hosts.
`

const newPostUsage = `Usage: carepress new post "Title" [--series NAME] [-s DIR]

New post writes a draft post, content/posts/SLUG.md, with every field a
reviewer needs.
`

const newNoticeUsage = `Usage: carepress new notice ID [--kind KIND] [-s DIR]

New notice writes content/notices/ID.md: the starter text of that notice
for the site's country, or a notice of KIND to fill in.
`

func (c *newCommand) site(args []string) error {
	flags := newFlagSet("new site", newSiteUsage, c.stdout)
	kind := flags.String("kind", "clinic", "the kind of practice: `KIND` (clinic, physician, dental, dietitian, nurse, physiotherapy, pharmacy)")
	country := flags.String("country", "US", "the practice's country, as an ISO code `CC` (US, CA, GB, IE, AU, NZ or another EU country)")
	rest, err := flags.parse(args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("new site takes one folder: carepress new site DIR --kind clinic --country US")
	}
	if fi, err := os.Stat(rest[0]); err == nil && !fi.IsDir() {
		return usagef("%s is a file (choose a new folder)", rest[0])
	}
	if entries, err := os.ReadDir(rest[0]); err == nil && len(entries) > 0 {
		return usagef("%s is not empty (choose a new folder)", rest[0])
	}
	k, err := starter.LookupKind(*kind)
	if err != nil {
		return usagef("%v", err)
	}
	cc, err := starter.LookupCountry(*country)
	if err != nil {
		return usagef("%v", err)
	}
	names, err := starter.Site(rest[0], k, cc)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "created a %s site for %s in %s (%d files)\n", k.Name, cc.Code, rest[0], len(names))
	fmt.Fprintf(c.stdout, "next: edit %s, fill in the [[FILL IN: ...]] gaps of the notices, then run: carepress build -s %s\n",
		filepath.Join(rest[0], config.FileName), rest[0])
	return nil
}

func (c *newCommand) notice(args []string) error {
	flags := newFlagSet("new notice", newNoticeUsage, c.stdout)
	root := flags.String("s", ".", "site root `DIR`")
	kind := flags.String("kind", "", "the notice's `KIND` (boundary, disclaimer, emergency, privacy, contact, reviews, advertising, testimonials, legal, accessibility)")
	country := flags.String("country", "", "take the text of country `CC`'s set (default: the site's country)")
	rest, err := flags.parse(args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || !slug.Valid(rest[0]) {
		return usagef("new notice takes one id of lowercase letters, digits and hyphens: carepress new notice no-advice")
	}
	id := rest[0]
	// The flags are checked before the site is read: bad usage is bad
	// usage in a broken site too.
	if *kind != "" && !slices.Contains(starter.NoticeKinds, *kind) {
		return usagef("unknown notice kind %q (%s)", *kind, diag.OneOf(*kind, starter.NoticeKinds))
	}
	if *country != "" {
		if _, err := starter.LookupCountry(*country); err != nil {
			return usagef("%v", err)
		}
	}
	if err := needSite(*root); err != nil {
		return err
	}
	src, err := build.OpenSite(*root)
	if err != nil {
		return err
	}
	defer src.Close()
	cfg, err := config.Load(src)
	if err != nil {
		return err
	}
	cc := *country
	if cc == "" {
		cc = cfg.Locale().Code // the site's country, as its pages follow it
	}
	ctry, err := starter.LookupCountry(cc)
	if err != nil {
		return usagef("%v", err)
	}
	text, err := starter.Notice(id, *kind, ctry)
	if err != nil {
		return usagef("%v", err)
	}
	file := filepath.Join(*root, content.Dir, "notices", id+".md")
	if err := starter.WriteFileNew(file, text); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "created %s\n", filepath.ToSlash(file))
	return nil
}

func (c *newCommand) post(args []string) error {
	flags := newFlagSet("new post", newPostUsage, c.stdout)
	root := flags.String("s", ".", "site root `DIR`")
	series := flags.String("series", "", "add the post to series `NAME` as its next part")
	now := flags.String("now", "", "date the post at `TIME` (RFC 3339) instead of today")
	rest, err := flags.parse(args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || strings.TrimSpace(rest[0]) == "" {
		return usagef("new post takes one title: carepress new post \"Flu shots: what to expect\"")
	}
	title := strings.TrimSpace(rest[0])
	s := slug.Make(title)
	if s == "" {
		return usagef("cannot make a file name from %q: use some letters a-z or digits in the title", title)
	}
	date := time.Now()
	if *now != "" {
		if date, err = parseNow(*now); err != nil {
			return err
		}
	}
	if err := needSite(*root); err != nil {
		return err
	}
	src, err := build.OpenSite(*root)
	if err != nil {
		return err
	}
	defer src.Close()
	cfg, err := config.Load(src)
	if err != nil {
		return err
	}
	date = date.In(cfg.Location)
	dir := filepath.Join(*root, content.Dir, "posts")
	file := filepath.Join(dir, s+".md")
	for _, p := range []string{file, filepath.Join(dir, s, "index.md")} {
		if _, err := os.Stat(p); err == nil {
			return fmt.Errorf("%s already exists (choose another title, or edit that file)", p)
		}
	}
	authors := ids(*root, "authors")
	order := 0
	if *series != "" {
		known := ids(*root, "series")
		if !slices.Contains(known, *series) {
			return usagef("unknown series %q (create %s/series/%s.md first; known: %s)", *series, content.Dir, *series, strings.Join(known, ", "))
		}
		order = nextInSeries(src, *series)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "---\n")
	fmt.Fprintf(&b, "title: %q\n", title)
	fmt.Fprintf(&b, "description: \"\"       # 70–160 characters for search results and link previews\n")
	if order > 0 {
		fmt.Fprintf(&b, "series: %s\nseries_order: %d    # publishes on the series' cadence unless you set a date\n", *series, order)
		fmt.Fprintf(&b, "# date: %s\n", date.Format("2006-01-02"))
	} else {
		fmt.Fprintf(&b, "date: %s\n", date.Format("2006-01-02T15:04:05"))
	}
	fmt.Fprintf(&b, "draft: true           # set to false when it has been reviewed\n")
	fmt.Fprintf(&b, "author: \"\"            # a person id from content/authors/%s\n", hintIDs(authors))
	fmt.Fprintf(&b, "reviewed_by: \"\"       # the clinician who reviewed it%s\n", "")
	fmt.Fprintf(&b, "last_reviewed:        # the date of that review, e.g. %s\n", date.Format("2006-01-02"))
	fmt.Fprintf(&b, "audience: patient     # patient or clinician\n")
	fmt.Fprintf(&b, "about: \"\"             # the condition or topic, e.g. Influenza\n")
	fmt.Fprintf(&b, "tags: []\n")
	fmt.Fprintf(&b, "categories: []\n")
	fmt.Fprintf(&b, "sources:              # the references you relied on, each with a title and a url:\n")
	fmt.Fprintf(&b, "#  - title: \"Flu vaccines: who should get them\"\n#    url: https://www.cdc.gov/flu/\n#    publisher: CDC\n#    date: \"2025\"\n")
	fmt.Fprintf(&b, "image: \"\"             # optional; put it beside the post in a bundle folder\n")
	fmt.Fprintf(&b, "image_alt: \"\"         # describe the image for people who cannot see it\n")
	fmt.Fprintf(&b, "---\n\nWrite the first paragraph here: it becomes the summary.\n\n## A subheading\n\nNo patient stories or details that could identify anyone.\n")
	if err := starter.WriteFileNew(file, []byte(b.String())); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "created %s (a draft)\n", filepath.ToSlash(file))
	return nil
}

// ids lists the ids of the content files in content/KIND.
func ids(root, kind string) []string {
	entries, _ := os.ReadDir(filepath.Join(root, content.Dir, kind))
	var out []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".md"); ok && !e.IsDir() {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// nextInSeries is one more than the highest series_order of the series'
// posts, read cheaply from their front matter lines.
func nextInSeries(src fs.FS, series string) int {
	max := 0
	fs.WalkDir(src, content.Dir+"/posts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".md" {
			return nil
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return nil
		}
		in, order := false, 0
		for _, line := range strings.Split(string(b), "\n") {
			k, v, _ := strings.Cut(line, ":")
			v, _, _ = strings.Cut(v, " #") // a trailing comment
			v = strings.Trim(strings.TrimSpace(v), `"'`)
			switch strings.TrimSpace(k) {
			case "series":
				in = v == series
			case "series_order":
				fmt.Sscanf(v, "%d", &order)
			}
		}
		if in && order > max {
			max = order
		}
		return nil
	})
	return max + 1
}

func hintIDs(ids []string) string {
	if len(ids) == 0 {
		return "ID.md"
	}
	return "ID.md: " + strings.Join(ids, ", ")
}
