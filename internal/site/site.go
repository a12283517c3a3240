// Package site turns parsed content into the model of a whole site: which
// pages exist under which URLs, which posts are published (draft, future
// and expired posts are judged against the build's clock), the order of
// posts in lists, taxonomies and series, and the people and notices pages
// refer to.
//
// The model is the single source for everything downstream: the renderer
// writes its pages, and the SEO, social and check stages read it. Nothing
// downstream re-reads files.
//
// New reports every inconsistency it finds, each at its file and line: an
// unknown author, reviewer, series or notice id, and two sources that map
// to one URL. Posts this build leaves out are held to the same rules: a
// scheduled post now rather than on the day it publishes (Site.Scheduled),
// and a draft too (Site.Drafts), whose errors are warnings unless the
// build includes drafts, so that a draft never blocks a deploy.
//
// The model is whole when New returns: image sizes and share cards are
// part of assembling it (Options.Media), and whatever a layout can reach
// works, a post's body (Page.Content) included, read on demand so that
// the model holds every post but not their bodies. Every field of a page
// and of the values it holds is classified as own, place or derived
// (Class): incremental builds work out what an edit touches from that.
package site

import (
	"context"
	"fmt"
	"html/template"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/i18n"
	"github.com/carepress/carepress/internal/markdown"
	"github.com/carepress/carepress/internal/safeurl"
	"github.com/carepress/carepress/internal/slug"
)

// Options are the publish rules of a build, and what New learns the
// site's images and bodies from.
type Options struct {
	Now     time.Time
	Drafts  bool // include drafts
	Future  bool // include posts whose publication date is after Now
	Expired bool // include posts whose expiry date has passed
	// Media tells the model about the site's image files; nil: no image
	// is looked at or sized.
	Media Media
	// Converter is the markdown converter the content was loaded with: it
	// sizes the images of bodies (Page.Content). nil: they are not sized.
	Converter *markdown.Converter
}

// NoticeKinds are the kinds a notice may be, in the order the policies page
// lists them.
var NoticeKinds = []string{"emergency", "disclaimer", "boundary", "contact", "privacy", "reviews", "advertising", "testimonials", "legal", "accessibility"}

// Placements are where a notice may be placed.
var Placements = []string{"footer", "banner", "post-end", "contact", "social"}

type builder struct {
	s    *Site
	opts Options
	errs diag.List
	// urls maps an output file to the source that claimed it.
	urls map[string]string
	// postEnd are the notices placed at the end of every post, worked
	// out once (postEndDone); posts share them.
	postEnd     []*Notice
	postEndDone bool
	// drafts are the files of the drafts this build leaves out: their
	// problems are warnings (see lenient).
	drafts map[string]bool
	// pending are the aliases of the pages placed so far.
	pending []pendingAlias
	// intros are the plain pages at the path of a generated list
	// (content/services.md): the list shows them above its items.
	intros map[string]*Page
	// msg writes carepress's own text (list titles, descriptions) in the
	// site's default language.
	msg *i18n.Localizer
	// spellings are how posts write each term's name; seen counts them.
	spellings map[*Term][]spelling
	seen      int
	// prefix is the path of the language the builder makes the lists of,
	// without its last slash: "" for the default language, "/es".
	prefix string
	// placed are pages already claimed (translations), which add puts
	// in All without claiming their URL again.
	placed map[*Page]bool
}

// New builds the site model. It reads image files through opts.Media,
// and stops when ctx is done.
func New(ctx context.Context, cfg *config.Config, set *content.Set, opts Options) (*Site, diag.List) {
	b := &builder{
		s: &Site{
			Config: cfg, Now: opts.Now.In(cfg.Location), Publish: opts,
			PeopleByID: map[string]*Person{}, SeriesByID: map[string]*Series{}, NoticesByID: map[string]*Notice{},
			ServicesByID: map[string]*Service{},
		},
		opts:   opts,
		urls:   map[string]string{},
		drafts: map[string]bool{},
		intros: map[string]*Page{},
		msg:    i18n.Builtin().For(cfg.Language, cfg.Language),

		spellings: map[*Term][]spelling{},
	}
	b.people(set.People)
	b.series(set.Series)
	b.notices(set.Notices)
	b.require()
	b.posts(set.Posts)
	b.pages(set.Pages)
	b.lists()
	b.unpublished()
	b.upcoming()
	b.services(set.Services)
	b.providers()
	b.placeIntros()
	b.languages()
	b.translations(set)
	b.untranslatedNotices()
	b.claimAliases()
	b.menu()
	b.languageSites()
	b.lenient()
	if b.errs.Err() == nil {
		b.media(ctx)
		for _, v := range b.s.Langs {
			v.Images, v.LogoWidth, v.LogoHeight = b.s.Images, b.s.LogoWidth, b.s.LogoHeight
		}
	}
	b.errs.Sort()
	return b.s, b.errs
}

func (b *builder) add(p *Page) {
	if b.placed[p] || b.claim(p) {
		b.s.All = append(b.s.All, p)
	}
}

// claim takes p's output file for it, and reports false (and the clash)
// when another source has it.
func (b *builder) claim(p *Page) bool {
	src := "generated page " + p.Path
	if p.Source != nil {
		src = p.Source.Path
	}
	if prev, dup := b.urls[p.Out]; dup {
		pos := diag.Pos{File: src}
		if p.Source != nil {
			pos = p.Source.At("slug")
		}
		b.errs = append(b.errs, diag.Errorf(pos, "give one of them another slug", "%s and %s both map to the URL %s", prev, src, p.Path))
		return false
	}
	b.urls[p.Out] = src
	return true
}

// outFile is the output file of a page path: "/posts/x/" → "posts/x/index.html".
func outFile(p string) string {
	if strings.HasSuffix(p, ".html") {
		return strings.TrimPrefix(p, "/")
	}
	return strings.TrimPrefix(p, "/") + "index.html"
}

func html(doc []byte) template.HTML { return template.HTML(doc) } //nolint:gosec // produced by our markdown converter, which escapes and filters

func fromFile(p *Page, f *content.File) {
	p.Source = f
	if f.Doc != nil {
		p.Summary = template.HTML(f.Doc.Summary) //nolint:gosec // produced by our markdown converter, which escapes and filters
		p.SummaryText = f.Doc.SummaryText
		p.WordCount = f.Doc.WordCount
		p.ReadingMinutes = f.Doc.ReadingMinutes
	}
}

func (b *builder) people(files []*content.File) {
	for _, f := range files {
		m := f.Person
		p := &Person{
			ID: f.ID, Name: m.Name, Credentials: m.Credentials, Role: m.Role, Bio: m.Bio, SameAs: m.SameAs,
			Provider: m.Provider, Specialty: m.Specialty, AcceptingNewPatients: m.AcceptingNewPatients,
			BookingURL: m.BookingURL, HasCredential: m.HasCredential, ImageAlt: m.PhotoAlt,
			Email: m.Email, Phone: m.Phone, Languages: m.Languages, Source: f,
			Physician: isPhysician(m.Credentials),
		}
		if p.ImageAlt == "" {
			p.ImageAlt = m.ImageAlt
		}
		p.Locations, p.EveryLocation = b.locations(f, "locations", m.Locations)
		if p.Name == "" {
			p.Name = content.Humanize(f.ID)
			b.errs = append(b.errs, diag.Warnf(diag.Pos{File: f.Path, Line: 1, Col: 1}, "add `name: Full Name`", "person %q has no name", f.ID))
		}
		if co := b.s.Config.Country; co != nil && m.Phone != "" {
			// A phone in front matter is read as carepress.yaml's are: it
			// must be one of the site's country, shown nationally.
			if _, err := co.ParsePhone(m.Phone); err != nil {
				b.errs = append(b.errs, config.PhoneError(f.At("phone"), "phone", err))
			}
		}
		b.checkSlug(f)
		pg := &Page{Kind: KindPerson, Layout: string(KindPerson), Title: p.DisplayName(), Description: p.Bio,
			Path: "/authors/" + slug.Make(f.ID) + "/", Person: p}
		if pg.Description == "" {
			pg.Description = b.msg.MustText("person.description", "name", p.Name, "site", b.s.Config.Title)
			if p.Role != "" {
				pg.Description = b.msg.MustText("person.description-role", "name", p.Name, "role", p.Role, "site", b.s.Config.Title)
			}
		}
		pg.Out = outFile(pg.Path)
		fromFile(pg, f)
		if photo, _ := m.PhotoPath(); photo != "" {
			p.Image = b.resource(pg, f, photo)
			pg.Image, pg.ImageAlt = p.Image, p.ImageAlt
		}
		p.Page = pg
		b.s.People = append(b.s.People, p)
		b.s.PeopleByID[f.ID] = p
		b.add(pg)
	}
	sort.SliceStable(b.s.People, func(i, j int) bool { return b.s.People[i].Name < b.s.People[j].Name })
}

func (b *builder) checkSlug(f *content.File) {
	if slug.Make(f.ID) == "" {
		b.errs = append(b.errs, diag.Errorf(diag.Pos{File: f.Path}, "rename the file with letters a-z or digits", "cannot make a URL from the file name %q", f.ID))
	}
}

func (b *builder) series(files []*content.File) {
	for _, f := range files {
		m := f.Series
		s := &Series{ID: f.ID, Title: m.Title, Description: m.Description, Start: m.Start, Source: f}
		if s.Title == "" {
			s.Title = content.Humanize(f.ID)
		}
		if m.Every != "" {
			d, err := config.ParseDuration(m.Every)
			if err != nil {
				b.errs = append(b.errs, diag.Errorf(f.At("every"), "write it as 1d or 7d", "%v", err))
			}
			s.Every = d
		}
		b.checkSlug(f)
		pg := &Page{Kind: KindSeries, Layout: string(KindSeries), Title: s.Title, Description: s.Description,
			Path: "/series/" + slug.Make(f.ID) + "/", Series: s}
		pg.Out = outFile(pg.Path)
		fromFile(pg, f)
		s.Page = pg
		b.s.Series = append(b.s.Series, s)
		b.s.SeriesByID[f.ID] = s
	}
	sort.SliceStable(b.s.Series, func(i, j int) bool { return b.s.Series[i].Title < b.s.Series[j].Title })
}

func (b *builder) notices(files []*content.File) {
	for _, f := range files {
		m := f.Notice
		n := &Notice{ID: f.ID, Title: m.Title, Kind: m.Kind, Summary: m.Summary, Placement: m.Placement,
			Order: m.Order, Start: m.Start, End: m.End, Lastmod: m.Lastmod, Source: f, Lang: b.s.Config.Language}
		if f.Doc != nil {
			n.Content = html(f.Doc.HTML)
			n.Embed = html(embed(f.ID, f.Doc.HTML))
		}
		if n.Title == "" {
			n.Title = content.Humanize(f.ID)
		}
		if n.Summary != "" {
			s, err := content.Expand(f.Path, f.At("summary").Line, []byte(n.Summary), b.s.Config)
			if err != nil {
				b.errs.Add(err)
			} else {
				n.Summary = string(s)
			}
		}
		if n.Kind != "" && !slices.Contains(NoticeKinds, n.Kind) {
			b.errs = append(b.errs, diag.Errorf(f.At("kind"), diag.OneOf(n.Kind, NoticeKinds), "unknown notice kind %q", n.Kind))
		}
		for i, pl := range n.Placement {
			if !slices.Contains(Placements, pl) {
				b.errs = append(b.errs, diag.Errorf(f.At(fmt.Sprintf("placement.%d", i)), diag.OneOf(pl, Placements), "unknown placement %q", pl))
			}
			if (pl == "footer" || pl == "social") && strings.TrimSpace(n.Summary) == "" {
				b.errs = append(b.errs, diag.Errorf(f.At(fmt.Sprintf("placement.%d", i)), "add `summary: one line` — footers and social snippets show only the summary",
					"notice %q is placed in %s but has no summary", f.ID, pl))
			}
		}
		if n.Kind == "emergency" && strings.TrimSpace(b.s.Config.Practice.EmergencyNumber) == "" {
			b.errs = append(b.errs, diag.Errorf(f.At("kind"), "set practice.emergency_number in carepress.yaml, e.g. \"911\", \"999\", \"000\" or \"112\"",
				"emergency notice %q, but the configuration has no emergency number", f.ID))
		}
		b.placeholders(f)
		b.checkSlug(f)
		pg := &Page{Kind: KindNotice, Layout: string(KindNotice), Title: n.Title, Description: n.Summary,
			Path: "/notices/" + slug.Make(f.ID) + "/", Notice: n, Lastmod: n.Lastmod}
		pg.Out = outFile(pg.Path)
		fromFile(pg, f)
		if pg.Description == "" {
			pg.Description = pg.SummaryText
		}
		n.Page = pg
		b.s.Notices = append(b.s.Notices, n)
		b.s.NoticesByID[f.ID] = n
		b.add(pg)
	}
	sort.SliceStable(b.s.Notices, func(i, j int) bool {
		a, c := b.s.Notices[i], b.s.Notices[j]
		if a.Order != c.Order {
			return a.Order < c.Order
		}
		return a.ID < c.ID
	})
}

// placeholderRE matches the marked gaps of the starter's legal texts.
var placeholderRE = regexp.MustCompile(`\[\[FILL IN:?\s*([^\]]*)\]\]`)

// placeholders warns about each gap a practice has still to fill in.
func (b *builder) placeholders(f *content.File) {
	raw := string(f.Body)
	for _, m := range placeholderRE.FindAllStringSubmatchIndex(raw, -1) {
		line := f.BodyLine + strings.Count(raw[:m[0]], "\n")
		col := m[0] - strings.LastIndexByte(raw[:m[0]], '\n')
		b.errs = append(b.errs, diag.Warnf(diag.Pos{File: f.Path, Line: line, Col: col}, "replace it with the practice's own text",
			"placeholder not filled in: %s", strings.TrimSpace(raw[m[2]:m[3]])))
	}
	if m := placeholderRE.FindStringSubmatch(f.Notice.Summary); m != nil {
		b.errs = append(b.errs, diag.Warnf(f.At("summary"), "replace it with the practice's own text", "placeholder not filled in: %s", strings.TrimSpace(m[1])))
	}
}

// require checks that every notice the configuration requires exists, has
// text and is placed somewhere: a site cannot publish without them.
func (b *builder) require() {
	cfg := b.s.Config
	for i, id := range cfg.Notices.Require {
		pos := cfg.Pos[fmt.Sprintf("notices.require.%d", i)]
		pos.File = cfg.File
		n, ok := b.s.NoticesByID[id]
		create := fmt.Sprintf("create it with `carepress new notice %s`", id)
		switch {
		case !ok:
			b.errs = append(b.errs, diag.Errorf(pos, create+", or remove it from notices.require", "required notice %q is missing: there is no content/notices/%s.md", id, id))
		case strings.TrimSpace(string(n.Source.Body)) == "" && strings.TrimSpace(n.Summary) == "":
			b.errs = append(b.errs, diag.Errorf(diag.Pos{File: n.Source.Path, Line: 1, Col: 1}, "write its text, or "+create+" for a starter text", "required notice %q is empty", id))
		case len(n.Placement) == 0:
			b.errs = append(b.errs, diag.Errorf(n.Source.At("placement"), "add e.g. `placement: [footer]` (footer, banner, post-end, contact or social)", "required notice %q is placed nowhere", id))
		}
	}
}

// embed rewrites a notice's HTML, as produced by the markdown converter
// (which writes headings as <hN id="...">), for showing inside a page.
func embed(id string, doc []byte) []byte {
	s := string(doc)
	for level := 5; level >= 1; level-- {
		from, to := fmt.Sprintf("h%d", level), fmt.Sprintf("h%d", level+1)
		s = strings.ReplaceAll(s, "<"+from+" id=\"", "<"+to+" id=\""+id+"-")
		s = strings.ReplaceAll(s, "<"+from+">", "<"+to+">")
		s = strings.ReplaceAll(s, "</"+from+">", "</"+to+">")
	}
	return []byte(s)
}

// NoticesAt returns the notices placed at placement, in order. Banners are
// only those whose start/end window holds the build's clock.
func (s *Site) NoticesAt(placement string) []*Notice {
	var out []*Notice
	for _, n := range s.Notices {
		if !n.Placed(placement) {
			continue
		}
		if placement == "banner" && (!n.Start.IsZero() && s.Now.Before(n.Start) || !n.End.IsZero() && !s.Now.Before(endOfDay(n.End))) {
			continue
		}
		out = append(out, n)
	}
	return out
}

// endOfDay makes a date-only end inclusive: a banner ending 2027-01-02
// still shows on that day.
func endOfDay(t time.Time) time.Time {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.AddDate(0, 0, 1)
	}
	return t
}

// publish decides whether a dated page is in this build.
func (b *builder) publish(p *Page, m *content.PostMeta, publishAt time.Time) bool {
	now := b.s.Now
	p.Draft = m.Draft
	p.Future = publishAt.After(now)
	expired := !m.ExpiryDate.IsZero() && !m.ExpiryDate.After(now)
	return (!p.Draft || b.opts.Drafts) && (!p.Future || b.opts.Future) && (!expired || b.opts.Expired)
}

func (b *builder) posts(files []*content.File) {
	for _, f := range files {
		m := f.Post
		p := &Page{Kind: KindPost, Layout: string(KindPost), Title: m.Title, Description: m.Description, Meta: m,
			ImageAlt: m.ImageAlt, LastReviewed: m.LastReviewed, ExpiryDate: m.ExpiryDate}
		fromFile(p, f)
		if p.Title == "" {
			p.Title = content.Humanize(f.ID)
			if f.BodySize() > 0 || f.Pos.Len() > 0 {
				b.errs = append(b.errs, diag.Errorf(diag.Pos{File: f.Path, Line: 1, Col: 1}, "add `title: ...` to the front matter", "post has no title"))
			}
		}
		if p.Description == "" {
			p.Description = p.SummaryText
		}
		// Dates: a series post without a date of its own publishes on the
		// series' cadence.
		date := m.Date
		if !m.PublishDate.IsZero() {
			date = m.PublishDate
		}
		if m.Series != "" {
			s, ok := b.s.SeriesByID[m.Series]
			if !ok {
				b.errs = append(b.errs, diag.Errorf(f.At("series"), b.unknownHint(m.Series, seriesIDs(b.s)), "unknown series %q", m.Series))
			} else {
				p.Series, p.SeriesOrder = s, m.SeriesOrder
				if p.SeriesOrder < 1 {
					b.errs = append(b.errs, diag.Errorf(f.At("series"), "add `series_order: N` (1 for the first part)", "post in series %q has no series_order", m.Series))
				}
				if date.IsZero() && !s.Start.IsZero() && p.SeriesOrder >= 1 {
					date = s.Date(p.SeriesOrder, b.s.Config.Location)
				}
			}
		}
		if date.IsZero() {
			if f.Pos.Len() > 0 {
				b.errs = append(b.errs, diag.Errorf(diag.Pos{File: f.Path, Line: 1, Col: 1}, "add `date: 2026-03-14` to the front matter", "post has no date"))
			}
			date = b.s.Now // an empty file: a warning was given; keep it dated and visible
		}
		p.Date = date.In(b.s.Config.Location)
		p.Lastmod = p.Date
		if !m.Lastmod.IsZero() {
			p.Lastmod = m.Lastmod.In(b.s.Config.Location)
		}
		if m.Draft && !b.opts.Drafts {
			b.drafts[f.Path] = true
		}
		// A post this build leaves out is still resolved and checked,
		// since it is coming: a scheduled post is announced by the social
		// planner and published by an unattended rebuild, and a draft is
		// on its way. Only an expired post is gone for good.
		var later *[]*Page
		if !b.publish(p, m, p.Date) {
			switch {
			case p.Draft:
				later = &b.s.Drafts
			case p.Future && (m.ExpiryDate.IsZero() || m.ExpiryDate.After(p.Date)):
				later = &b.s.Scheduled
			default:
				continue
			}
		}
		name := f.ID
		if m.Slug != "" {
			name = m.Slug
			if !slug.Valid(m.Slug) {
				b.errs = append(b.errs, diag.Warnf(f.At("slug"), fmt.Sprintf("use %q", slug.Make(m.Slug)), "slug %q is not lowercase ASCII letters, digits and hyphens", m.Slug))
			}
		}
		s := slug.Make(name)
		if s == "" {
			b.errs = append(b.errs, diag.Errorf(f.At("slug"), "set `slug:` with letters a-z and digits", "cannot make a URL from %q", name))
			continue
		}
		p.Path = "/posts/" + s + "/"
		p.Out = outFile(p.Path)
		if later != nil {
			if m.Image != "" {
				p.Image = b.resource(p, f, m.Image)
			}
			b.refs(p, f, false)
			b.sources(f)
			*later = append(*later, p)
			continue
		}
		if m.Layout != "" {
			p.Layout = m.Layout
		}
		b.refs(p, f, true)
		b.sources(f)
		b.place(p, f)
		b.s.Posts = append(b.s.Posts, p)
	}
	sortNewest(b.s.Posts)
	sortNewest(b.s.Scheduled)
	sortNewest(b.s.Drafts)
}

// unpublished checks now what the posts this build leaves out will take
// when they publish: their URL, aliases, terms and part of a series. Each
// clash is reported at the post that publishes later (scheduled posts,
// oldest first, before drafts), since the first to publish keeps its
// place; so a draft never blocks a published or scheduled post.
func (b *builder) unpublished() {
	parts := map[*Series]map[int]*Page{}
	for _, se := range b.s.Series {
		parts[se] = map[int]*Page{}
		for _, p := range se.Posts {
			parts[se][p.SeriesOrder] = p
		}
	}
	later := slices.Clone(b.s.Scheduled)
	slices.Reverse(later)
	for _, p := range append(later, b.s.Drafts...) {
		f := p.Source
		b.claim(p)
		// The redirects are written when the post publishes; their
		// paths are checked and taken now.
		n := len(b.pending)
		b.aliases(p, f)
		for i := n; i < len(b.pending); i++ {
			b.pending[i].unlisted = true
		}
		var terms []*Term
		b.terms(&terms, "tags", p, p.Meta.Tags)
		b.terms(&terms, "categories", p, p.Meta.Categories)
		if p.Series == nil || p.SeriesOrder < 1 {
			continue
		}
		if q := parts[p.Series][p.SeriesOrder]; q != nil {
			b.errs = append(b.errs, diag.Errorf(f.At("series_order"), "give each part its own number",
				"%s and %s are both part %d of series %q", q.Source.Path, f.Path, p.SeriesOrder, p.Series.ID))
			continue
		}
		parts[p.Series][p.SeriesOrder] = p
	}
}

// lenient turns the errors of the drafts this build leaves out into
// warnings: a draft in the repository must never block a deploy, and
// `build --drafts` checks it fully.
func (b *builder) lenient() {
	for i, e := range b.errs {
		if e.Severity == diag.SevError && b.drafts[e.Pos.File] {
			w := *e
			w.Severity, w.Msg = diag.SevWarning, "draft: "+e.Msg
			b.errs[i] = &w
		}
	}
}

// place gives a post or page its image, bundle files and aliases, and
// claims its URL.
func (b *builder) place(p *Page, f *content.File) {
	if p.Meta.Image != "" {
		p.Image = b.resource(p, f, p.Meta.Image)
	}
	b.bundle(p, f)
	b.aliases(p, f)
	b.add(p)
}

// resource resolves a path written in front matter: relative to a
// bundle's folder, or a site path. A URL with a scheme stays as it is
// (content.Load allowed only http and https), never made a path.
func (b *builder) resource(p *Page, f *content.File, ref string) string {
	if _, ok := safeurl.Scheme(ref); ok || strings.HasPrefix(ref, "/") {
		return ref
	}
	return path.Join(p.Path, ref)
}

func (b *builder) bundle(p *Page, f *content.File) {
	dir := strings.TrimSuffix(p.Out, "index.html")
	for _, r := range f.Resources {
		b.s.Files = append(b.s.Files, File{Src: f.BundleDir + "/" + r, Dst: dir + r})
	}
}

// aliases notes the aliases of p, written in f: they are claimed once
// every page has its URL (claimAliases), so that an alias onto any page,
// generated ones included, is found whatever order they came in.
func (b *builder) aliases(p *Page, f *content.File) {
	for i, a := range p.Meta.Aliases {
		// content.Load has refused an alias that is not a plain path, or
		// a path and one query parameter (safeurl.Alias).
		a, query, _ := strings.Cut(a, "?")
		from := "/" + strings.Trim(a, "/") + "/"
		switch {
		case from == "//":
			from = "/"
		case strings.HasSuffix(a, ".html") || strings.HasSuffix(a, ".php"):
			from = "/" + strings.TrimPrefix(a, "/")
		}
		b.pending = append(b.pending, pendingAlias{Alias: Alias{From: from, Query: query, To: p}, file: f, index: i})
	}
}

// pendingAlias is an alias waiting for every page's URL.
type pendingAlias struct {
	Alias
	file  *content.File
	index int
	// unlisted is true for the alias of a scheduled post or a draft left
	// out of this build: its path is taken, but no redirect is written.
	unlisted bool
}

// claimAliases gives each alias its URL, unless that is already a page's
// URL or another alias's: each is an error at the alias, naming the
// other source.
func (b *builder) claimAliases() {
	pages := make(map[string]*Page, len(b.s.All)+len(b.s.Scheduled)+len(b.s.Drafts))
	for _, ps := range [][]*Page{b.s.All, b.s.Scheduled, b.s.Drafts} {
		for _, p := range ps {
			if _, ok := pages[p.Out]; !ok {
				pages[p.Out] = p
			}
		}
	}
	claimed := map[string]*pendingAlias{}
	for i := range b.pending {
		a := &b.pending[i]
		pos := a.file.At(fmt.Sprintf("aliases.%d", a.index))
		out := outFile(a.From)
		if a.Query != "" {
			// The path is served as it is (the home page, for /?p=123);
			// only the query is the alias's own.
			out += "?" + a.Query
		} else if p, ok := pages[out]; ok {
			switch {
			case p == a.To:
				b.errs = append(b.errs, diag.Errorf(pos, "remove the alias", "alias %s is the URL of the page itself", a.From))
			case p.Source != nil:
				b.errs = append(b.errs, diag.Errorf(pos, "remove the alias, or change the other page's URL", "alias %s is the URL of %s", a.From, p.Source.Path))
			default:
				b.errs = append(b.errs, diag.Errorf(pos, "remove the alias: carepress makes that page", "alias %s is the URL of the generated %s page", a.From, p.Kind))
			}
			continue
		}
		if prev, ok := claimed[out]; ok {
			name := a.From
			if a.Query != "" {
				name += "?" + a.Query
			}
			b.errs = append(b.errs, diag.Errorf(pos, "keep one of them", "alias %s is already an alias at %s", name, prev.file.At(fmt.Sprintf("aliases.%d", prev.index))))
			continue
		}
		claimed[out] = a
		switch {
		case a.unlisted:
		case a.Query != "":
			b.s.QueryAliases = append(b.s.QueryAliases, a.Alias)
		default:
			b.s.Aliases = append(b.s.Aliases, a.Alias)
		}
	}
}

// sources checks the references a post cites: each needs a title and an
// absolute link, so readers (and search engines) can follow it.
func (b *builder) sources(f *content.File) {
	for i, src := range f.Post.Sources {
		at := fmt.Sprintf("sources.%d", i)
		// content.Load has checked a url that is there.
		if strings.TrimSpace(src.URL) == "" {
			b.errs = append(b.errs, diag.Errorf(f.At(at), "add `url: https://...` to the source", "source %d (%q) has no url", i+1, src.Title))
		}
		if strings.TrimSpace(src.Title) == "" {
			b.errs = append(b.errs, diag.Errorf(f.At(at), "add `title: ...` to the source", "source %d has no title", i+1))
		}
	}
}

// refs resolves the people, series and notices a post names; a listed
// (published) post joins its people's and series' lists.
func (b *builder) refs(p *Page, f *content.File, listed bool) {
	m := p.Meta
	if m.Author != "" {
		if a, ok := b.s.PeopleByID[m.Author]; ok {
			p.Author = a
			if listed {
				a.Posts = append(a.Posts, p)
			}
		} else {
			b.errs = append(b.errs, diag.Errorf(f.At("author"), b.unknownHint(m.Author, peopleIDs(b.s)), "unknown author %q", m.Author))
		}
	}
	if m.ReviewedBy != "" {
		if r, ok := b.s.PeopleByID[m.ReviewedBy]; ok {
			p.Reviewer = r
			if listed {
				r.Reviewed = append(r.Reviewed, p)
			}
		} else {
			b.errs = append(b.errs, diag.Errorf(f.At("reviewed_by"), b.unknownHint(m.ReviewedBy, peopleIDs(b.s)), "unknown reviewer %q", m.ReviewedBy))
		}
	}
	if p.Series != nil && listed {
		p.Series.Posts = append(p.Series.Posts, p)
	}
	if !b.postEndDone {
		b.postEnd, b.postEndDone = slices.Clip(b.s.NoticesAt("post-end")), true
	}
	// Every post shows the post-end notices: they share one slice, which
	// an append below copies rather than changes.
	if p.Notices == nil {
		p.Notices = b.postEnd
	} else {
		p.Notices = append(p.Notices, b.postEnd...)
	}
	for i, id := range m.Notices {
		n, ok := b.s.NoticesByID[id]
		if !ok {
			b.errs = append(b.errs, diag.Errorf(f.At(fmt.Sprintf("notices.%d", i)), b.unknownHint(id, noticeIDs(b.s)), "unknown notice %q", id))
			continue
		}
		if !slices.Contains(p.Notices, n) {
			p.Notices = append(p.Notices, n)
		}
	}
}

func (b *builder) unknownHint(id string, ids []string) string {
	if h := diag.DidYouMean(id, ids); h != "" {
		return h
	}
	if len(ids) == 0 {
		return "none are defined yet"
	}
	return "known: " + strings.Join(ids, ", ")
}

func (b *builder) pages(files []*content.File) {
	for _, f := range files {
		m := f.Post
		p := &Page{Kind: KindPage, Layout: string(KindPage), Title: m.Title, Description: m.Description, Meta: m,
			ImageAlt: m.ImageAlt, LastReviewed: m.LastReviewed}
		fromFile(p, f)
		if f.ID == "" { // content/index.md or _index.md: the home page's intro
			b.s.Home = p
			continue
		}
		if p.Title == "" {
			p.Title = content.Humanize(f.ID)
		}
		if p.Description == "" {
			p.Description = p.SummaryText
		}
		p.Date = m.Date
		if !m.PublishDate.IsZero() {
			p.Date = m.PublishDate
		}
		p.Lastmod = p.Date
		if !m.Lastmod.IsZero() {
			p.Lastmod = m.Lastmod
		}
		if !b.publish(p, m, p.Date) {
			continue
		}
		var segs []string
		for _, seg := range strings.Split(f.ID, "/") {
			segs = append(segs, slug.Make(seg))
		}
		if m.Slug != "" {
			segs[len(segs)-1] = slug.Make(m.Slug)
		}
		p.Path = "/" + strings.Join(segs, "/") + "/"
		if strings.Contains(p.Path, "//") {
			b.errs = append(b.errs, diag.Errorf(diag.Pos{File: f.Path}, "rename it with letters a-z or digits", "cannot make a URL from %q", f.ID))
			continue
		}
		p.Out = outFile(p.Path)
		if m.Layout != "" {
			p.Layout = m.Layout
		}
		if introPaths[p.Path] {
			b.intros[p.Path] = p
			continue
		}
		if m.Author != "" || m.ReviewedBy != "" || len(m.Notices) > 0 {
			b.refs(p, f, true)
			p.Notices = nil
			for _, id := range m.Notices {
				if n, ok := b.s.NoticesByID[id]; ok {
					p.Notices = append(p.Notices, n)
				}
			}
		}
		b.place(p, f)
		b.s.Pages = append(b.s.Pages, p)
	}
	sort.SliceStable(b.s.Pages, func(i, j int) bool { return b.s.Pages[i].Path < b.s.Pages[j].Path })
}

// HomePosts is how many of the latest posts the home page shows: it is
// the practice's front door, and its list of articles comes after its
// services, providers and locations.
const HomePosts = 3

// latestPerSeries returns the n newest of posts (newest first), with one
// part of a series at most, its newest: a weekly series would otherwise
// fill the home page with itself.
func latestPerSeries(posts []*Page, n int) []*Page {
	var out []*Page
	seen := map[*Series]bool{}
	for _, p := range posts {
		if len(out) == n {
			break
		}
		if p.Series != nil {
			if seen[p.Series] {
				continue
			}
			seen[p.Series] = true
		}
		out = append(out, p)
	}
	return out
}

// lists makes the generated pages: home, post lists, taxonomies, series,
// people, policies and 404.
func (b *builder) lists() {
	s, cfg := b.s, b.s.Config
	home := s.Home
	if home == nil {
		home = &Page{}
	}
	home.Kind, home.Layout, home.Path = KindHome, string(KindHome), b.prefix+"/"
	home.Out = outFile(home.Path)
	if home.Title == "" {
		home.Title = cfg.Title
	}
	if home.Description == "" {
		home.Description = b.msg.MustText("home.description", "site", cfg.Title)
	}
	home.Pager = &Pager{Pages: latestPerSeries(s.Posts, HomePosts), Number: 1, Total: 1}
	if len(s.Posts) > 0 {
		home.Date, home.Lastmod = s.Posts[0].Date, latest(s.Posts)
	}
	s.Home = home
	b.add(home)

	b.paginate(s.Posts, b.prefix+"/posts/", func(n int) *Page {
		return &Page{Kind: KindSection, Layout: string(KindSection), Title: b.msg.MustText("nav.articles"),
			Description: b.msg.MustText("list.posts-description", "site", cfg.Title)}
	})

	for _, p := range s.Posts {
		tags, cats := p.Meta.Tags, p.Meta.Categories
		if o := p.Original(cfg.Language); o != nil && o.Meta != nil {
			// A translation that names no topics has its original's.
			if len(tags) == 0 {
				tags = o.Meta.Tags
			}
			if len(cats) == 0 {
				cats = o.Meta.Categories
			}
		}
		p.Tags = b.terms(&s.Tags, "tags", p, tags)
		p.Categories = b.terms(&s.Categories, "categories", p, cats)
	}
	b.named(s.Tags)
	b.named(s.Categories)
	for _, tax := range []struct {
		name, title string
		terms       *[]*Term
	}{{"tags", b.msg.MustText("nav.topics"), &s.Tags}, {"categories", b.msg.MustText("nav.categories"), &s.Categories}} {
		terms := *tax.terms
		sort.SliceStable(terms, func(i, j int) bool { return terms[i].Slug < terms[j].Slug })
		if len(terms) == 0 {
			continue
		}
		list := &Page{Kind: KindTerms, Layout: string(KindTerms), Title: tax.title, Terms: terms,
			Description: b.msg.MustText("terms.description", "taxonomy", tax.title, "site", cfg.Title),
			Path:        b.prefix + "/" + tax.name + "/"}
		list.Out = outFile(list.Path)
		b.add(list)
		for _, t := range terms {
			t.Page = b.paginate(t.Posts, t.Path, func(n int) *Page {
				return &Page{Kind: KindTerm, Layout: string(KindTerm), Title: t.Name, Term: t,
					Description: b.msg.MustText("term.description", "term", t.Name, "site", cfg.Title)}
			})
		}
	}

	for _, se := range s.Series {
		sort.SliceStable(se.Posts, func(i, j int) bool { return se.Posts[i].SeriesOrder < se.Posts[j].SeriesOrder })
		for i, p := range se.Posts {
			if i > 0 && p.SeriesOrder == se.Posts[i-1].SeriesOrder {
				b.errs = append(b.errs, diag.Errorf(p.Source.At("series_order"), "give each part its own number",
					"%s and %s are both part %d of series %q", se.Posts[i-1].Source.Path, p.Source.Path, p.SeriesOrder, se.ID))
			}
			if i > 0 {
				p.Prev = se.Posts[i-1]
			}
			if i+1 < len(se.Posts) {
				p.Next = se.Posts[i+1]
			}
		}
		if se.Page.Description == "" {
			se.Page.Description = se.Page.SummaryText
		}
		if len(se.Posts) > 0 {
			se.Page.Date, se.Page.Lastmod = se.Posts[0].Date, latest(se.Posts)
		}
		b.add(se.Page)
	}

	for _, p := range s.People {
		sortNewest(p.Posts)
		sortNewest(p.Reviewed)
	}
	if len(s.People) > 0 {
		people := &Page{Kind: KindPeople, Layout: string(KindPeople), Title: b.msg.MustText("nav.team"), Path: b.prefix + "/authors/",
			Description: b.msg.MustText("people.description", "site", cfg.Title)}
		people.Out = outFile(people.Path)
		b.add(people)
	}

	if len(s.Notices) > 0 {
		pol := &Page{Kind: KindPolicies, Layout: string(KindPolicies), Title: b.msg.MustText("nav.policies"), Path: b.prefix + "/policies/",
			Description: b.msg.MustText("policies.description", "site", cfg.Title)}
		for _, kind := range NoticeKinds {
			g := NoticeGroup{Kind: kind, Title: b.msg.MustText("notice-kind." + kind)}
			for _, n := range s.Notices {
				if n.Kind == kind || kind == "legal" && n.Kind == "" {
					g.Notices = append(g.Notices, n)
					if n.Lastmod.After(pol.Lastmod) {
						pol.Lastmod = n.Lastmod
					}
				}
			}
			if len(g.Notices) > 0 {
				pol.NoticeGroups = append(pol.NoticeGroups, g)
			}
		}
		pol.Out = outFile(pol.Path)
		b.add(pol)
	}

	if b.prefix != "" {
		return // a host serves one 404 page, the default language's
	}
	nf := &Page{Kind: KindNotFound, Layout: string(KindNotFound), Title: b.msg.MustText("notfound.title"), Path: "/404.html", Out: "404.html",
		Description: b.msg.MustText("notfound.description", "site", cfg.Title)}
	b.add(nf)
}

// paginate adds the pages of a post list under base ("/posts/"), page n at
// base+"page/n/", and returns the first.
func (b *builder) paginate(posts []*Page, base string, mk func(n int) *Page) *Page {
	per := b.s.Config.Paginate
	total := max(1, (len(posts)+per-1)/per)
	var first *Page
	for n := 1; n <= total; n++ {
		p := mk(n)
		p.Path = pagePath(base, n)
		p.Out = outFile(p.Path)
		p.Pager = &Pager{Pages: posts[(n-1)*per : min(n*per, len(posts))], Number: n, Total: total}
		if n > 1 {
			p.Pager.Prev = pagePath(base, n-1)
			p.Title = b.msg.MustText("list.page-title", "title", p.Title, "n", n)
			p.Description = b.msg.MustText("list.page-description", "n", n, "description", strings.TrimSuffix(p.Description, "."))
		}
		if n < total {
			p.Pager.Next = pagePath(base, n+1)
		}
		if len(posts) > 0 {
			p.Date, p.Lastmod = posts[0].Date, latest(p.Pager.Pages)
		}
		if first == nil {
			first = p
		}
		b.add(p)
	}
	return first
}

func pagePath(base string, n int) string {
	if n == 1 {
		return base
	}
	return fmt.Sprintf("%spage/%d/", base, n)
}

func (b *builder) terms(all *[]*Term, taxonomy string, p *Page, names []string) []*Term {
	var out []*Term
	for i, name := range names {
		s := slug.Make(name)
		if s == "" {
			b.errs = append(b.errs, diag.Errorf(p.Source.At(fmt.Sprintf("%s.%d", taxonomy, i)), "use letters a-z or digits", "cannot make a URL from %s %q", strings.TrimSuffix(taxonomy, "s"), name))
			continue
		}
		var t *Term
		for _, x := range *all {
			if x.Slug == s {
				t = x
				break
			}
		}
		if t == nil {
			t = &Term{Taxonomy: taxonomy, Name: name, Slug: s, Path: b.prefix + "/" + taxonomy + "/" + s + "/"}
			*all = append(*all, t)
		}
		if len(t.Posts) == 0 || t.Posts[len(t.Posts)-1] != p {
			t.Posts = append(t.Posts, p)
			out = append(out, t)
			b.spell(t, name)
		}
	}
	return out
}

// spelling is one way the posts of a term write its name.
type spelling struct {
	name  string
	count int
	last  int // when it was last seen; posts come newest first
}

// spell notes that a post writes term t as name.
func (b *builder) spell(t *Term, name string) {
	b.seen++
	for i := range b.spellings[t] {
		if sp := &b.spellings[t][i]; sp.name == name {
			sp.count++
			sp.last = b.seen
			return
		}
	}
	b.spellings[t] = append(b.spellings[t], spelling{name: name, count: 1, last: b.seen})
}

// named gives each term of ts the name its posts write ("COVID-19" and
// "covid-19" are one term): the spelling most of them use, and of those
// the one the oldest post uses, so that a term keeps its name as new
// posts come.
func (b *builder) named(ts []*Term) {
	for _, t := range ts {
		best := spelling{}
		for _, sp := range b.spellings[t] {
			if sp.count > best.count || sp.count == best.count && sp.last > best.last {
				best = sp
			}
		}
		if best.name != "" {
			t.Name = best.name
		}
	}
}

func (b *builder) menu() {
	for _, m := range b.s.Config.Menu {
		b.s.Menu = append(b.s.Menu, MenuItem{Name: m.Name, URL: b.s.Config.RelURL(m.URL)})
	}
}

func sortNewest(ps []*Page) {
	sort.SliceStable(ps, func(i, j int) bool {
		if !ps[i].Date.Equal(ps[j].Date) {
			return ps[i].Date.After(ps[j].Date)
		}
		return ps[i].Path < ps[j].Path
	})
}

func latest(ps []*Page) time.Time {
	var t time.Time
	for _, p := range ps {
		if p.Lastmod.After(t) {
			t = p.Lastmod
		}
	}
	return t
}

// ids lists the ids of xs, sorted, for "did you mean" hints.
func ids[T any](xs []T, id func(T) string) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		out = append(out, id(x))
	}
	sort.Strings(out)
	return out
}

func peopleIDs(s *Site) []string { return ids(s.People, func(p *Person) string { return p.ID }) }
func seriesIDs(s *Site) []string { return ids(s.Series, func(x *Series) string { return x.ID }) }
func noticeIDs(s *Site) []string { return ids(s.Notices, func(n *Notice) string { return n.ID }) }

// Change is a future moment when the site's pages change by themselves:
// a scheduled post appears, a post expires, a banner starts or ends. A
// static site changes only when it is rebuilt, so the build reports the
// next one and the scheduled rebuild must run after it.
type Change struct {
	At     time.Time
	Reason string // "publish posts/spring-allergies", "expire ...", "banner holiday-hours starts"
}

// NextChange returns the earliest change after Now, and false when none is
// known.
func (s *Site) NextChange() (Change, bool) {
	var best Change
	consider := func(at time.Time, reason string) {
		if at.IsZero() || !at.After(s.Now) {
			return
		}
		if best.At.IsZero() || at.Before(best.At) || at.Equal(best.At) && reason < best.Reason {
			best = Change{At: at, Reason: reason}
		}
	}
	for _, p := range s.Scheduled {
		consider(p.Date, "publish "+strings.Trim(p.Path, "/"))
	}
	for _, p := range s.Posts {
		if p.Future {
			consider(p.Date, "publish "+strings.Trim(p.Path, "/"))
		}
		consider(p.ExpiryDate, "expire "+strings.Trim(p.Path, "/"))
	}
	for _, n := range s.Notices {
		if !n.Placed("banner") {
			continue
		}
		consider(n.Start, "banner "+n.ID+" starts")
		if !n.End.IsZero() {
			consider(endOfDay(n.End), "banner "+n.ID+" ends")
		}
	}
	return best, !best.At.IsZero()
}
