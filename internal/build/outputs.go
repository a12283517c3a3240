package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/render"
	"github.com/carepress/carepress/internal/seo"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/social/export"
)

// An outputKind is one kind of file the build writes (an output): the
// pages of the model, redirects, feeds, the sitemap, host files, share
// cards, images, the social exports. Each is registered once, in
// registry; the engine
// (engine.go) asks it for its files and what each reads, keeps the files
// whose inputs did not change, makes the others, and tells the dev server
// which go stale when it patches a post.
type outputKind interface {
	// name names the output in digests and tests.
	name() string
	// files lists the files of the output for the build b, in a stable
	// order, each with what it reads.
	files(b *run) ([]*unit, error)
	// make makes the files of u and writes them to out.
	make(b *run, u *unit, out sink) error
}

// A unit is one file of an output, or a few it makes together (a feed's
// three formats).
type unit struct {
	out outputKind // set by the engine
	// names are the files, slash paths relative to the output (or, for
	// social, the social) directory. Once made, they are those written.
	names []string
	// more names further files the unit makes when it must (sitemap-1.xml
	// and on, from 1): a file is kept only as the last build made it.
	more  func(i int) string
	reads reads
	// page and arg are what the unit is made from.
	page *site.Page
	arg  any
	// lazy units are made, once stale, only when asked for (the dev
	// server's social preview); social units go to the social exports.
	lazy, social bool
	// yield is set by the engine for units made after the site's static
	// files: a static file of the same name takes the generated one's
	// place (a robots.txt of the site's own).
	yield bool
}

// reads declares what a unit is made from: its digest covers it, and the
// dev server's patch path finds the unit stale when a post it reads has
// changed.
type reads struct {
	// always: no digest; the unit is made on every build (it is cheap, or
	// a cache of its own keeps it: images, share cards).
	always bool
	// site: the site-wide inputs (configuration, build options, people,
	// series, notices, services, plain pages, image sizes, redirects).
	site bool
	// layout: the templates of a layout; a layout that reaches the site's
	// lists reads every post (render.Deps).
	layout string
	// page: a page as its layout shows it: its own and place fields, its
	// source, and the derived values it holds (the cards of the posts it
	// lists, its neighbours, its series...).
	page *site.Page
	// self: a page whose own and place fields it shows (a share card
	// shows its post's title).
	self *site.Page
	// cards: posts whose cards it shows, whole (with their sources)
	// when full or when its layout reads deep.
	cards [][]*site.Page
	full  bool
	// posts: every post (the social plan).
	posts bool
	// values: what else its bytes depend on. Only site-wide inputs and
	// the place fields of pages (site.Place): the patch path, which
	// changes a post's own fields alone, does not look into it.
	values func(h *hw)
}

// step is outputs made together, in parallel, after the steps before.
type step struct {
	outputs []outputKind
	// yield: a file of the site's static/ wins over one made here.
	yield bool
}

// registry lists every output, in the steps the build makes them in:
// first the pages and what sits beside them, then the site's static files
// (one that collides with a page is an error), then the files a site may
// replace with its own in static/, then the social exports. Adding an
// output is adding it here.
func registry() []step {
	return []step{
		{outputs: []outputKind{pages{}, langPages{}, aliases{}, imageCopies{}, shareCards{}, bundleFiles{}, brandCSS{}}},
		{outputs: []outputKind{statics{}}},
		{outputs: []outputKind{sitemap{}, robots{}, feeds{}, hostFiles{}}, yield: true},
		{outputs: []outputKind{socialExports{}}},
	}
}

// pages are the model's pages, each rendered with its layout.
type pages struct{}

func (pages) name() string { return "page" }

func (pages) files(b *run) ([]*unit, error) {
	us := make([]*unit, len(b.site.All))
	for i, p := range b.site.All {
		us[i] = &unit{names: []string{p.Out}, page: p, reads: reads{site: true, layout: p.Layout, page: p}}
	}
	return us, nil
}

func (pages) make(b *run, u *unit, out sink) error {
	buf := bufs.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			bufs.Put(buf)
		}
	}()
	if err := b.r.Page(buf, u.page, b.opts.Dev); err != nil {
		return err
	}
	return writeOnce(out, u.page.Out, buf.Bytes(), srcName(u.page))
}

// aliases are the redirect pages of old URLs.
type aliases struct{}

func (aliases) name() string { return "alias" }

func (aliases) files(b *run) ([]*unit, error) {
	us := make([]*unit, len(b.site.Aliases))
	for i, a := range b.site.Aliases {
		us[i] = &unit{names: []string{strings.TrimPrefix(outFile(a.From), "/")}, arg: a,
			reads: reads{site: true, layout: "alias", cards: [][]*site.Page{{a.To}}, values: func(h *hw) { h.str(a.From) }}}
	}
	return us, nil
}

func (aliases) make(b *run, u *unit, out sink) error {
	a := u.arg.(site.Alias)
	buf := bufs.Get().(*bytes.Buffer)
	defer func() { buf.Reset(); bufs.Put(buf) }()
	if err := b.r.Alias(buf, a); err != nil {
		return err
	}
	return writeOnce(out, u.names[0], buf.Bytes(), "alias of "+a.To.Path)
}

// feeds are the RSS, Atom and JSON feeds of the site, of each tag,
// category and series, in each of the site's languages (under its path):
// each reads its posts whole.
type feeds struct{}

func (feeds) name() string { return "feed" }

// langFeed is one feed of the site in one language.
type langFeed struct {
	site *site.Site
	feed seo.Feed
}

func (feeds) files(b *run) ([]*unit, error) {
	var us []*unit
	for _, s := range b.site.Sites() {
		for _, f := range seo.FeedList(s) {
			us = append(us, feedUnit(s, f))
		}
	}
	return us, nil
}

// feedUnit is the unit of the feed f of s.
func feedUnit(s *site.Site, f seo.Feed) *unit {
	dir := strings.TrimPrefix(f.Path, "/")
	return &unit{names: []string{dir + seo.RSSFile, dir + seo.AtomFile, dir + seo.JSONFile}, arg: langFeed{s, f},
		reads: reads{site: true, cards: [][]*site.Page{f.Posts}, full: true, values: func(h *hw) {
			h.str(f.Title)
			h.str(f.Description)
			h.str(f.Path)
			if len(f.Posts) == 0 {
				h.time(s.Now) // an empty feed is dated now
			}
		}}}
}

// make reads the bodies of the feed's posts (Page.Content) and writes the
// feed at once: holding every feed of a large site, or every body they
// show, until the last is done would cost hundreds of MB.
func (feeds) make(b *run, u *unit, out sink) error {
	lf := u.arg.(langFeed)
	files, err := seo.FeedFiles(lf.site, lf.feed)
	if err != nil {
		return err
	}
	for _, o := range files {
		if err := out.WriteFile(o.Path, o.Data); err != nil {
			return err
		}
	}
	return nil
}

// sitemap is sitemap.xml, and its parts on a site too large for one file:
// listing 15k URLs costs more than anything else a one-post edit does
// after its page, so it reads only what it lists of each page.
type sitemap struct{}

func (sitemap) name() string { return "sitemap" }

func (sitemap) files(b *run) ([]*unit, error) {
	s := b.site
	return []*unit{{names: []string{"sitemap.xml"}, more: func(i int) string { return "sitemap-" + strconv.Itoa(i) + ".xml" },
		reads: reads{site: true, values: func(h *hw) {
			for _, ls := range s.Sites() {
				for _, p := range ls.All {
					if !seo.Indexable(s, p) {
						continue
					}
					h.str(p.Path)
					h.time(p.Date)
					h.time(p.Lastmod)
					h.time(p.LastReviewed)
					for _, t := range p.Translations { // its alternates
						h.str(t.Path)
						h.flag(seo.Indexable(s, t))
					}
				}
			}
		}}}}, nil
}

func (sitemap) make(b *run, u *unit, out sink) error {
	return writeAll(out, seo.Sitemap(b.site))
}

// robots is robots.txt.
type robots struct{}

func (robots) name() string { return "robots" }

func (robots) files(b *run) ([]*unit, error) {
	o := seo.Robots(b.site)
	return []*unit{{names: []string{o.Path}, arg: []seo.Output{o}, reads: reads{always: true, site: true}}}, nil
}

func (robots) make(b *run, u *unit, out sink) error { return writeAll(out, u.arg.([]seo.Output)) }

// hostFiles are the files static hosts read: _redirects, _headers,
// .nojekyll, CNAME.
type hostFiles struct{}

func (hostFiles) name() string { return "host files" }

func (hostFiles) files(b *run) ([]*unit, error) {
	files, err := seo.HostFiles(b.site)
	if err != nil {
		return nil, err
	}
	u := &unit{arg: files, reads: reads{always: true, site: true}}
	for _, f := range files {
		u.names = append(u.names, f.Path)
	}
	return []*unit{u}, nil
}

func (hostFiles) make(b *run, u *unit, out sink) error { return writeAll(out, u.arg.([]seo.Output)) }

func writeAll(out sink, files []seo.Output) error {
	for _, f := range files {
		if err := out.WriteFile(f.Path, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// imageCopies are the published copies of the images pages show: their
// smaller copies and, for a JPEG, itself without its metadata. The image
// cache in .carepress/cache keeps what they cost.
type imageCopies struct{}

func (imageCopies) name() string { return "image" }

func (imageCopies) files(b *run) ([]*unit, error) {
	us := make([]*unit, len(b.site.Images))
	for i, im := range b.site.Images {
		us[i] = &unit{arg: im, reads: reads{always: true}}
	}
	return us, nil
}

func (imageCopies) make(b *run, u *unit, out sink) error {
	return b.media.image(out, b.src, u.arg.(*site.Image))
}

// shareCards are the images that stand for a post without one when it is
// shared; the card cache keeps what they cost.
type shareCards struct{}

func (shareCards) name() string { return "share card" }

func (shareCards) files(b *run) ([]*unit, error) {
	var us []*unit
	for _, p := range b.site.All {
		if p.Card != "" {
			us = append(us, &unit{names: []string{strings.TrimPrefix(p.Card, "/")}, page: p, reads: reads{always: true, site: true, self: p}})
		}
	}
	return us, nil
}

func (shareCards) make(b *run, u *unit, out sink) error { return b.media.card(out, b.site, u.page) }

// bundleFiles are the files beside a post or a service in its bundle,
// published beside its page as they are (images re-encoded aside).
type bundleFiles struct{}

func (bundleFiles) name() string { return "bundle file" }

func (bundleFiles) files(b *run) ([]*unit, error) {
	var us []*unit
	for _, f := range b.site.Files {
		if !b.media.replaces(f.Dst) { // published re-encoded, without its metadata
			us = append(us, &unit{names: []string{f.Dst}, arg: f, reads: reads{always: true}})
		}
	}
	return us, nil
}

func (bundleFiles) make(b *run, u *unit, out sink) error {
	f := u.arg.(site.File)
	return out.CopyFile(f.Dst, b.src, f.Src)
}

// brandCSS is the stylesheet that carries the practice's colour.
type brandCSS struct{}

func (brandCSS) name() string { return "brand stylesheet" }

func (brandCSS) files(b *run) ([]*unit, error) {
	return []*unit{{names: []string{"css/brand.css"}, reads: reads{always: true, site: true}}}, nil
}

func (brandCSS) make(b *run, u *unit, out sink) error {
	return out.WriteFile(u.names[0], render.BrandCSS(b.site))
}

// statics are the files of the static folders, copied as they are: a
// generated page wins over nothing, and a static file that collides with
// a page is an error, as is a link that leads out of the site or loops
// (every one is reported).
type statics struct{}

func (statics) name() string { return "static file" }

func (statics) files(b *run) ([]*unit, error) {
	seen := map[string]fs.FS{}
	var order []string
	var errs diag.List
	for _, sfs := range staticFolders(b.src, b.site.Config) {
		fs.WalkDir(sfs, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if !errors.Is(err, fs.ErrNotExist) {
					errs.Add(err)
				}
				return nil
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			if _, ok := seen[p]; !ok {
				order = append(order, p)
			}
			seen[p] = sfs // a later layer (the site's static/) overrides
			return nil
		})
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	var us []*unit
	for _, p := range order {
		if !b.media.replaces(p) {
			us = append(us, &unit{names: []string{p}, arg: seen[p], reads: reads{always: true}})
		}
	}
	return us, nil
}

func (statics) make(b *run, u *unit, out sink) error {
	p := u.names[0]
	if out.Has(p) {
		return diag.Errorf(diag.Pos{File: "static/" + p}, "rename or remove the file", "static file %s has the same path as a generated page", p)
	}
	return out.CopyFile(p, u.arg.(fs.FS), p)
}

// socialExports are the social schedule's files (plan.json, the CSVs, the
// calendar, the preview), in the social folder: they read every post.
type socialExports struct{}

func (socialExports) name() string { return "social exports" }

func (socialExports) files(b *run) ([]*unit, error) {
	return []*unit{{social: true, lazy: true, reads: reads{always: true, posts: true}}}, nil
}

func (socialExports) make(b *run, u *unit, out sink) error {
	plan, err := b.plan()
	if err != nil {
		return err
	}
	files, err := export.Files(plan)
	if err != nil {
		return fmt.Errorf("social exports: %w", err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := out.WriteFile(name, files[name]); err != nil {
			return err
		}
	}
	return nil
}
