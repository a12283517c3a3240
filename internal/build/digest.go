package build

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"io"
	"sync"
	"time"

	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/par"
	"github.com/carepress/carepress/internal/render"
	"github.com/carepress/carepress/internal/seo"
	"github.com/carepress/carepress/internal/site"
)

// A digest identifies everything one output file is made from. Two builds
// that give a page the same digest render the same bytes for it, so an
// incremental build renders again only the pages whose digest changed.
//
// The dependency graph is implicit in what each digest covers:
//   - every page: the global inputs (configuration, build options, every
//     source that is not a post: people, series, notices, plain pages;
//     image sizes) and the template files its layout is built from;
//   - a page: its own source and fields, and the "card" of every post it
//     shows: its list page's posts, its series, its neighbours, a person's
//     posts, the terms it is filed under (name, path, number of posts);
//   - a layout whose templates reach the site's lists (range .Site.Posts)
//     depends on every post's card;
//   - a service page: the cards of its related posts;
//   - a feed: its posts' cards and sources;
//
// A post's card covers every field lists show, so a title edit reaches
// the lists it appears in, and no others. Its full card covers its source
// bytes too: feeds show whole posts, and so may layouts that read more
// of a post than lists show (render.Deps.Deep, such as the default post
// page with its series and neighbours). Other pages depend on the cards
// alone, so that an edit to a post's body below its summary renders
// again its own page and its feeds, not the long lists it is on (a
// reviewer's page may list every post of the site).
type digest [32]byte

type digester struct {
	global digest
	all    digest // every post's full card and every term: for site-wide layouts
	// allCards is all over cards rather than full cards.
	allCards digest
	cards    map[*site.Page]digest // full cards
	light    map[*site.Page]digest // cards
	r        *render.Renderer
}

// hw gathers what a digest covers, and hashes it in blocks: many small
// writes to a hash cost more than the hashing, and a buffer of a whole
// page's inputs (a person page covers thousands of cards) costs its
// growth. An hw is used once, up to sum, and then recycled.
type hw struct {
	h   hash.Hash
	buf []byte
}

// hwBlock is how much hw gathers before it hashes.
const hwBlock = 8 << 10

var hws = sync.Pool{New: func() any { return &hw{h: sha256.New(), buf: make([]byte, 0, hwBlock+512)} }}

func newHW() *hw { return hws.Get().(*hw) }

// Write copies b, so that no digest written escapes to the heap.
func (h *hw) Write(b []byte) {
	for len(b) > 0 {
		if len(h.buf) >= hwBlock {
			h.flush()
		}
		n := min(hwBlock-len(h.buf), len(b))
		h.buf = append(h.buf, b[:n]...)
		b = b[n:]
	}
}

func (h *hw) flush() {
	h.h.Write(h.buf)
	h.buf = h.buf[:0]
}

func (h *hw) str(s string) {
	h.num(int64(len(s)))
	if len(h.buf)+len(s) > hwBlock {
		h.flush()
		if len(s) > hwBlock {
			io.WriteString(h.h, s)
			return
		}
	}
	h.buf = append(h.buf, s...)
}

func (h *hw) num(n int64) {
	if len(h.buf)+8 > hwBlock {
		h.flush()
	}
	h.buf = binary.LittleEndian.AppendUint64(h.buf, uint64(n))
}

func (h *hw) flag(v bool) {
	if v {
		h.num(1)
	} else {
		h.num(0)
	}
}

// time covers the instant and its zone's name and offset: what the
// time prints as, in any layout.
func (h *hw) time(t time.Time) {
	h.num(t.Unix())
	h.num(int64(t.Nanosecond()))
	name, off := t.Zone()
	h.str(name)
	h.num(int64(off))
}

func (h *hw) dig(d digest) {
	if len(h.buf)+len(d) > hwBlock {
		h.flush()
	}
	h.buf = append(h.buf, d[:]...)
}

// sum returns the digest and recycles h: it may not be used after.
func (h *hw) sum() digest {
	h.flush()
	var d digest
	copy(d[:], h.h.Sum(h.buf[:0]))
	h.buf = h.buf[:0]
	h.h.Reset()
	hws.Put(h)
	return d
}

func (h *hw) file(f *content.File) {
	if f == nil {
		h.num(-1)
		return
	}
	h.str(f.Path)
	h.Write(f.Hash[:])
	h.str(f.BundleDir)
	for _, r := range f.Resources {
		h.str(r)
	}
}

// newDigester computes what every page shares. cfgRaw is the
// configuration file's bytes. It needs no templates: the caller sets r,
// whose Deps the pages' digests take, once they are parsed.
func newDigester(s *site.Site, opts Options, cfgRaw []byte, now time.Time) *digester {
	d := &digester{cards: make(map[*site.Page]digest, len(s.Posts)), light: make(map[*site.Page]digest, len(s.Posts))}
	h := newHW()
	h.str("carepress build digest 2")
	h.Write(cacheStamp())
	h.str(string(cfgRaw))
	h.str(opts.BaseURL)
	h.flag(opts.Drafts)
	h.flag(opts.Future)
	h.flag(opts.Expired)
	h.flag(opts.Dev)
	// The clock: given, it is part of every page; else only its day is
	// (templates print the year and today's date).
	if opts.Now.IsZero() {
		h.str(now.In(s.Config.Location).Format("2006-01-02"))
	} else {
		h.time(now)
	}
	for _, p := range s.People {
		h.file(p.Source)
	}
	for _, x := range s.Series {
		h.file(x.Source)
	}
	for _, n := range s.Notices {
		h.file(n.Source)
	}
	// Services are on the home page and the list of services, and in
	// every page's JSON-LD (the practice's availableService).
	for _, sv := range s.Services {
		h.file(sv.Source)
		h.str(sv.Page.Path)
	}
	// The lists a plain page introduces (content/services.md): their
	// titles are in the breadcrumbs of the pages below them.
	for _, p := range s.All {
		if p.Kind == site.KindServices || p.Kind == site.KindProviders {
			h.file(p.Source)
			h.str(p.Title)
		}
	}
	for _, n := range s.NoticesAt("banner") {
		h.str(n.ID)
	}
	for _, p := range s.Pages {
		h.file(p.Source)
		h.str(p.Path)
	}
	if s.Home != nil {
		h.file(s.Home.Source)
	}
	for _, im := range s.Images {
		h.str(im.Path)
		h.str(im.Src)
		h.num(int64(im.Info.Width))
		h.num(int64(im.Info.Height))
		h.num(int64(len(im.Variants)))
		for _, v := range im.Variants {
			h.str(v.Path)
			h.num(int64(v.Width))
		}
	}
	h.num(int64(s.LogoWidth))
	h.num(int64(s.LogoHeight))
	h.flag(len(s.Posts) > 0)
	h.flag(len(s.Tags) > 0)
	h.flag(len(s.Categories) > 0)
	for _, a := range s.Aliases {
		h.str(a.From)
		h.str(a.To.Path)
	}
	d.global = h.sum()

	// Cards of 10k posts take tens of ms: made in parallel, by chunks.
	light := make([]digest, len(s.Posts))
	full := make([]digest, len(s.Posts))
	const chunk = 256
	par.Each(context.Background(), (len(s.Posts)+chunk-1)/chunk, func(c int) {
		for i := c * chunk; i < min((c+1)*chunk, len(s.Posts)); i++ {
			light[i] = d.card(s.Posts[i])
			full[i] = fullCard(light[i], s.Posts[i])
		}
	})
	for i, p := range s.Posts {
		d.light[p], d.cards[p] = light[i], full[i]
	}
	d.all = d.sumAll(s, d.cards)
	d.allCards = d.sumAll(s, d.light)
	return d
}

// sumAll is the digest of every post's card in cards and every term.
func (d *digester) sumAll(s *site.Site, cards map[*site.Page]digest) digest {
	all := newHW()
	for _, p := range s.Posts {
		all.dig(cards[p])
	}
	for _, ts := range [][]*site.Term{s.Tags, s.Categories} {
		for _, t := range ts {
			term(all, t)
		}
	}
	return all.sum()
}

// shows reports whether the digest of page q (see page) covers the card of
// a post in posts: whether q must be rendered again when only their cards
// changed. It follows page.
func shows(d *digester, q *site.Page, posts map[*site.Page]bool) bool {
	if deps, ok := d.r.Deps(q.Layout); !ok || deps.SiteWide {
		return true
	}
	if posts[q] || posts[q.Prev] || posts[q.Next] {
		return true
	}
	in := func(ps []*site.Page) bool {
		for _, p := range ps {
			if posts[p] {
				return true
			}
		}
		return false
	}
	if q.Series != nil && in(q.Series.Posts) {
		return true
	}
	if q.Pager != nil && in(q.Pager.Pages) {
		return true
	}
	if x := q.Person; x != nil && (in(x.Posts) || in(x.Reviewed)) {
		return true
	}
	if x := q.Service; x != nil && in(x.Related) {
		return true
	}
	return false
}

// card is what lists show of a post: its fields, summary and reading
// time, not its source.
func (d *digester) card(p *site.Page) digest {
	h := newHW()
	if p.Source != nil {
		h.str(p.Source.Path)
	}
	d.fields(h, p)
	h.str(string(p.Summary))
	h.str(p.SummaryText)
	h.num(int64(p.ReadingMinutes))
	for _, t := range p.Tags {
		h.str(t.Name)
		h.str(t.Path)
	}
	for _, t := range p.Categories {
		h.str(t.Name)
		h.str(t.Path)
	}
	return h.sum()
}

// fullCard is the card with the post's source.
func fullCard(card digest, p *site.Page) digest {
	h := newHW()
	h.dig(card)
	h.file(p.Source)
	return h.sum()
}

// cardOf is the full card of p.
func (d *digester) cardOf(p *site.Page) digest {
	if p == nil {
		return digest{}
	}
	if c, ok := d.cards[p]; ok {
		return c
	}
	return fullCard(d.card(p), p)
}

// lightOf is the card of p.
func (d *digester) lightOf(p *site.Page) digest {
	if p == nil {
		return digest{}
	}
	if c, ok := d.light[p]; ok {
		return c
	}
	return d.card(p)
}

// cardsFor returns how pages of a layout with deps depend on the posts
// they show: their full cards when a template may read more than cards.
func (d *digester) cardsFor(deps render.Deps) (func(*site.Page) digest, digest) {
	if deps.Deep {
		return d.cardOf, d.all
	}
	return d.lightOf, d.allCards
}

// fields are a page's own computed values.
func (d *digester) fields(h *hw, p *site.Page) {
	h.str(string(p.Kind))
	h.str(p.Layout)
	h.str(p.Title)
	h.str(p.Description)
	h.str(p.Path)
	h.str(p.Out)
	h.time(p.Date)
	h.time(p.Lastmod)
	h.time(p.LastReviewed)
	h.time(p.ExpiryDate)
	h.flag(p.Draft)
	h.flag(p.Future)
	h.str(p.Image)
	h.str(p.ImageAlt)
	h.str(p.ImageSrcSet)
	h.str(p.ImageSizes)
	h.str(p.Card)
	h.num(int64(p.ImageWidth))
	h.num(int64(p.ImageHeight))
	h.num(int64(p.SeriesOrder))
	for _, x := range []*site.Person{p.Author, p.Reviewer} {
		if x != nil {
			h.str(x.ID)
		} else {
			h.str("")
		}
	}
	if p.Series != nil {
		h.str(p.Series.ID)
	}
	for _, n := range p.Notices {
		h.str(n.ID)
	}
}

func term(h *hw, t *site.Term) {
	h.str(t.Taxonomy)
	h.str(t.Name)
	h.str(t.Slug)
	h.str(t.Path)
	h.num(int64(len(t.Posts)))
}

// page is the digest of page p; ok is false when its layout does not
// exist (rendering reports that).
func (d *digester) page(p *site.Page) (digest, bool) {
	deps, ok := d.r.Deps(p.Layout)
	if !ok {
		return digest{}, false
	}
	cardOf, all := d.cardsFor(deps)
	h := newHW()
	h.dig(d.global)
	h.Write(deps.Hash[:])
	if deps.SiteWide {
		h.dig(all)
	}
	if full, ok := d.cards[p]; ok {
		// A post's full card covers its source and own fields.
		h.str("post")
		h.dig(full)
	} else {
		h.str("page")
		h.file(p.Source)
		d.fields(h, p)
		h.str(string(p.Summary))
		h.str(p.SummaryText)
		h.num(int64(p.ReadingMinutes))
	}
	h.dig(cardOf(p.Prev))
	h.dig(cardOf(p.Next))
	if p.Series != nil {
		h.str(p.Series.Title)
		// Scheduled parts: whether the series is finished, and when the
		// next part comes.
		h.num(int64(p.Series.Upcoming))
		h.time(p.Series.Next)
		for _, q := range p.Series.Posts {
			h.dig(cardOf(q))
		}
	}
	for _, ts := range [][]*site.Term{p.Tags, p.Categories, p.Terms} {
		h.num(int64(len(ts)))
		for _, t := range ts {
			term(h, t)
		}
	}
	if p.Term != nil {
		term(h, p.Term)
	}
	if pg := p.Pager; pg != nil {
		h.num(int64(pg.Number))
		h.num(int64(pg.Total))
		h.str(pg.Prev)
		h.str(pg.Next)
		for _, q := range pg.Pages {
			h.dig(cardOf(q))
		}
	}
	if x := p.Person; x != nil {
		h.str(x.ID)
		for _, ps := range [][]*site.Page{x.Posts, x.Reviewed} {
			h.num(int64(len(ps)))
			for _, q := range ps {
				h.dig(cardOf(q))
			}
		}
	}
	if p.Notice != nil {
		h.str(p.Notice.ID)
	}
	if sv := p.Service; sv != nil {
		h.str(sv.ID)
		for _, q := range sv.Related {
			h.dig(cardOf(q))
		}
		for _, t := range sv.Tags {
			term(h, t)
		}
	}
	return h.sum(), true
}

// alias is the digest of a redirect page.
func (d *digester) alias(a site.Alias) (digest, bool) {
	deps, ok := d.r.Deps("alias")
	if !ok {
		return digest{}, false
	}
	cardOf, _ := d.cardsFor(deps)
	h := newHW()
	h.dig(d.global)
	h.Write(deps.Hash[:])
	h.str(a.From)
	h.dig(cardOf(a.To))
	h.str(a.To.Path)
	h.str(a.To.Title)
	return h.sum(), true
}

// sitemap is the digest of the sitemap's files: which pages it lists, at
// what address and with what date (seo.Sitemap).
func (d *digester) sitemap(s *site.Site) digest {
	h := newHW()
	h.str("sitemap")
	h.dig(d.global)
	for _, p := range s.All {
		if !seo.Indexable(s, p) {
			continue
		}
		h.str(p.Path)
		h.time(p.Date)
		h.time(p.Lastmod)
		h.time(p.LastReviewed)
	}
	return h.sum()
}

// feed is the digest of one feed's files.
func (d *digester) feed(s *site.Site, f seo.Feed) digest {
	h := newHW()
	h.str("feed")
	h.dig(d.global)
	h.str(f.Title)
	h.str(f.Description)
	h.str(f.Path)
	if len(f.Posts) == 0 {
		h.time(s.Now) // an empty feed is dated now
	}
	for _, p := range f.Posts {
		h.dig(d.cardOf(p))
		if p.Author != nil {
			h.str(p.Author.Name)
		}
	}
	return h.sum()
}
