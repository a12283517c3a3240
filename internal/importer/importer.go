// Package importer moves a site into carepress from WordPress (the WXR
// file of Tools → Export), Hugo or Jekyll, keeping every old URL.
//
// # Reading
//
// Each source is read into one model (Site): the configuration it holds
// (title, base URL, language, time zone, contact details), its posts and
// pages (Doc) with their front matter mapped onto carepress's fields, its
// people, the images its pages show, and the addresses every page had.
// Nothing the source says is dropped without a word: a front matter field
// with no carepress meaning is listed per file (Doc.Unmapped), and markup
// with no markdown form (a form, a script, an unknown shortcode or Liquid
// tag) is left out of the body and listed at its file and line (Doc.Left),
// never published as text. A file that cannot be read, or a part of an
// export that is malformed, is a problem at its file and line
// (Site.Problems); the rest still imports.
//
// # Writing
//
// Run writes the model into a site folder, new or existing, through an
// os.Root, so that no name from the source (a slug such as "../../x", an
// absolute image path) can write outside it; every name is made a safe
// one first anyway. It never overwrites: an existing carepress.yaml, post,
// page, person or image is kept, and a post it wrote before (known by the
// marker comment in its front matter) is not written again, so importing
// twice does not duplicate.
//
// # Old URLs
//
// Every address a page had becomes an alias in its front matter: the
// source's permalink pattern, its .html variant, WordPress's ?p=ID (an
// alias with a query, which only a host's redirect rules can match; see
// safeurl.Alias). Old category, tag and author pages, which carepress
// makes under other paths, become redirect pages in static/. Result.URLs
// lists them all, old and new, and the report says which hosts honour
// which.
//
// # Report
//
// Once written, the site is loaded and checked as `carepress check` does,
// and IMPORT.md in the site lists, per post, the work left to a person:
// reviewer and review date, description, alt text, sources and every
// privacy finding (camera data in images included), with what was not
// mapped or converted and the images that could not be had.
package importer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/carepress/carepress/internal/diag"
)

// Kinds are the sources Run reads.
var Kinds = []string{"wordpress", "hugo", "jekyll"}

// Options configure Run.
type Options struct {
	// Kind is the source: "wordpress", "hugo" or "jekyll".
	Kind string
	// Source is the WXR file (WordPress) or the site's folder.
	Source string
	// Root is the carepress site to write: a new folder or an existing
	// site.
	Root string
	// Fetch downloads the images the source tree does not hold from
	// their URLs.
	Fetch bool
	// Client makes those requests; nil is a client with a timeout.
	Client *http.Client
	// Now is the clock of the checks and the report; zero is time.Now.
	Now time.Time
}

// DocKind says whether a Doc is a post or a page.
type DocKind int

// The kinds of Doc.
const (
	Post DocKind = iota
	Page
)

func (k DocKind) String() string { return [...]string{"post", "page"}[k] }

// Site is what a source holds, in carepress's terms.
type Site struct {
	Kind   string
	Config SiteConfig
	Docs   []*Doc
	People []*Person
	// Redirects are the old list pages (categories, tags, authors) that
	// carepress makes under another path.
	Redirects []Redirect
	// Problems are what could not be read, each at its file and line.
	Problems diag.List
	// Notes are site-wide things for the report: a setting with no
	// carepress form, a feed address that changes.
	Notes []string
	// BasePath is the path of the old site below its host ("/blog"),
	// stripped from old URLs: carepress's aliases are site paths.
	BasePath string
	// locate finds an image's file in the source folder by its path on
	// the old site (and the doc that shows it); "" when it is not there.
	locate func(rel string, d *Doc) string
}

// SiteConfig is what carepress.yaml gets from the source.
type SiteConfig struct {
	Title, BaseURL, Language, Timezone string
	Phone, Email                       string
	SameAs                             []string
	// Pos is where each came from, for the report.
	From map[string]string
}

// Doc is one post or page.
type Doc struct {
	Kind DocKind
	// Source is the file (and line) it came from.
	Source diag.Pos
	// Marker identifies it in its source ("wordpress post 123",
	// "hugo content/posts/flu.md"): written as a comment in its front
	// matter, it tells a second import that the file is there already.
	Marker string
	// Slug is a post's file name; for a page, its path below content/
	// ("about", "services/cardiology").
	Slug               string
	Title, Description string
	Date, Lastmod      time.Time
	Draft              bool
	Author             string // a person id
	Tags, Categories   []string
	Image, ImageAlt    string
	// Old are the addresses it had, as site paths ("/2019/03/flu/",
	// "/?p=12"); they become aliases.
	Old []string
	// Unmapped lists the front matter fields carepress has no place for,
	// as "name: value".
	Unmapped []string
	// Bundle are the files beside a post in its source folder (a Hugo
	// page bundle), by name, from their source path.
	Bundle map[string]string
	// Body converts the body to markdown, rewriting links and images with
	// rewrite, and lists what it left out. It runs once the new URL of
	// every page is known.
	Body func(rewrite Rewrite) (string, []Left)

	// dateLocal is true for a date read without its zone (a WordPress
	// draft's): the site's zone, once known, is put on it.
	dateLocal bool
	// set by plan and doc
	leftOut []Left
	file    string // the file to write, from the site root
	path    string // the new URL's site path
	skip    string // why it is not written ("already imported")
}

// Rewrite maps a link or image address of the source to the new site's.
type Rewrite func(u string, image bool) string

// Left is markup left out of a body: where it was and what.
type Left struct {
	Pos  diag.Pos
	What string // "Hugo shortcode", "HTML element", "Liquid tag"
	Text string
}

// Person is an author or a member of the team.
type Person struct {
	ID, Name, Bio, Role, Credentials string
	Image                            string
	Source                           diag.Pos
	Marker                           string
	// Old are the addresses of the person's page on the old site.
	Old []string
	// Unmapped lists the fields with no carepress place.
	Unmapped []string
}

// Redirect is an old list page and where it went.
type Redirect struct {
	Old string // site path: /category/flu/
	// Taxonomy and Name say what it listed: the tags or categories term
	// Name, or the person Name when Taxonomy is "authors".
	Taxonomy, Name string
}

// URL is one old address and where it leads now.
type URL struct {
	Old string // site path, with its query for WordPress's ?p=ID
	New string // site path of the page
	// Kind is "alias" (in the page's front matter), "redirect page" (in
	// static/) or "page" (the new page has the same path).
	Kind string
	// Draft is true when the page is not published yet: the address
	// works once it is.
	Draft bool
}

// Result is what Run did.
type Result struct {
	Site    *Site
	Written []string // files written, from the site root
	Kept    []string // files already there, left as they were
	URLs    []URL
	// Images lists every image, with what became of it.
	Images []*ImageResult
	// Report is the checklist written to IMPORT.md.
	Report string
	// ToDo is the checklist in short: per post or page with work left,
	// what is left ("reviewer", "description", "2 privacy findings").
	ToDo []ToDo
}

// ToDo is the work left on one file, in short.
type ToDo struct {
	File  string
	Items []string
}

// Run reads the source and writes the carepress site.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	var s *Site
	var err error
	switch opts.Kind {
	case "wordpress":
		s, err = ReadWordPress(opts.Source)
	case "hugo":
		s, err = ReadHugo(opts.Source)
	case "jekyll":
		s, err = ReadJekyll(opts.Source)
	default:
		return nil, fmt.Errorf("unknown source %q (wordpress, hugo or jekyll)", opts.Kind)
	}
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, err
	}
	if src, err := filepath.Abs(opts.Source); err == nil && (src == abs || within(abs, src)) {
		return nil, fmt.Errorf("the site folder %s is inside the source %s (choose a folder outside it)", opts.Root, opts.Source)
	}
	if err := os.MkdirAll(opts.Root, 0o755); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(opts.Root)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	w := &writer{root: root, opts: opts, site: s, res: &Result{Site: s}}
	if err := w.write(ctx); err != nil {
		return w.res, err
	}
	if err := w.report(ctx); err != nil {
		return w.res, err
	}
	return w.res, nil
}

// within reports whether path is inside dir.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && filepath.IsLocal(rel)
}

// errNotFound is a source file that is not there.
var errNotFound = errors.New("not found")
