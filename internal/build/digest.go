package build

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"io"
	"reflect"
	"sync"
	"time"

	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/par"
	"github.com/carepress/carepress/internal/render"
	"github.com/carepress/carepress/internal/site"
)

// A digest identifies everything one output file is made from. Two builds
// that give a file the same digest make the same bytes for it, so an
// incremental build makes again only the files whose digest changed.
//
// What a digest covers follows from the classification of the model's
// fields (site.Class, model.go):
//   - every page: the site-wide inputs (configuration, build options, the
//     people, series, notices and services, plain pages, image sizes,
//     redirects) and the template files its layout is built from;
//   - a page: its own and place fields and its source (its full card),
//     and of the values it holds that are derived, or that it follows
//     (a post's series, its tags), their fields and the cards of the
//     posts among them: a list page's posts, its series' parts, its
//     neighbours, a person's or a service's posts;
//   - a layout whose templates reach the site's lists (range .Site.Posts)
//     depends on every post's card;
//   - a feed: its posts' full cards.
//
// A post's card covers the own and place fields that lists show, so a
// title edit reaches the lists it appears in, and no others. Its full card
// covers its source too: feeds show whole posts, and so may layouts that
// read more of a post than lists show (render.Deps.Deep, such as the
// default post page with its series and neighbours). Other pages depend
// on the cards alone, so that an edit to a post's body below its summary
// renders again its own page and its feeds, not the long lists it is on (a
// reviewer's page may list every post of the site).
type digest [32]byte

type digester struct {
	*model
	global digest
	all    digest // every post's full card and every term: for site-wide layouts
	// allCards is all over cards rather than full cards.
	allCards digest
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

// newDigester works out the cards of every page and what every page
// shares. cfgRaw is the configuration file's bytes. It needs no
// templates: the caller sets r, whose Deps the pages' digests take, once
// they are parsed.
func newDigester(ctx context.Context, s *site.Site, opts Options, cfgRaw []byte, now time.Time) (*digester, error) {
	sh := newShapes()
	m := &model{shapes: sh, page: sh.shape(pageType), entities: map[any]digest{},
		cards: make(map[*site.Page]digest, len(s.All)), full: make(map[*site.Page]digest, len(s.All))}
	d := &digester{model: m}
	// The values cards show whole (Follow): worked out once, not once
	// for each post that shows them.
	for _, ts := range [][]*site.Term{s.Tags, s.Categories} {
		for _, t := range ts {
			m.entities[t] = m.entityCard(sh.shape(reflect.TypeFor[site.Term]()), t)
		}
	}
	for _, x := range s.Series {
		m.entities[x] = m.entityCard(sh.shape(reflect.TypeFor[site.Series]()), x)
	}
	// Cards of 15k pages take tens of ms: made in parallel, by chunks.
	light := make([]digest, len(s.All))
	full := make([]digest, len(s.All))
	const chunk = 256
	if err := par.Each(ctx, (len(s.All)+chunk-1)/chunk, func(c int) {
		for i := c * chunk; i < min((c+1)*chunk, len(s.All)); i++ {
			light[i], full[i] = m.pageCards(s.All[i])
		}
	}); err != nil {
		return nil, err
	}
	for i, p := range s.All {
		m.cards[p], m.full[p] = light[i], full[i]
	}

	h := newHW()
	h.str("carepress build digest 3")
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
	// The people, series, notices and services every page may show (in
	// its byline, footer, banners and JSON-LD), whole.
	entitiesOf(d, h, s.People)
	entitiesOf(d, h, s.Series)
	entitiesOf(d, h, s.Notices)
	entitiesOf(d, h, s.Services)
	for _, n := range s.NoticesAt("banner") {
		h.str(n.ID)
	}
	// The plain pages, whole: their titles are in menus and in the
	// breadcrumbs of the pages below them. Of the home page and the lists
	// a plain page introduces (content/services.md), that page's source
	// and title: their dates are those of the posts they list.
	for _, p := range s.Pages {
		h.dig(m.cardOf(p, true))
	}
	for _, p := range s.All {
		if (p.Kind == site.KindHome || p.Kind == site.KindServices || p.Kind == site.KindProviders) && p.Source != nil {
			h.file(p.Source)
			h.str(p.Title)
		}
	}
	for _, im := range s.Images {
		deep(h, reflect.ValueOf(im))
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
	d.all = d.sumAll(s, true)
	d.allCards = d.sumAll(s, false)
	return d, nil
}

// entitiesOf hashes each of xs, values of one model type, whole: their own
// and place fields and their sources.
func entitiesOf[T any](d *digester, h *hw, xs []*T) {
	sh := d.shapes.shape(reflect.TypeFor[T]())
	h.num(int64(len(xs)))
	for _, x := range xs {
		d.card(h, sh, reflect.ValueOf(x).Elem(), true)
	}
}

// sumAll is the digest of every post's card (full or not) and every term.
func (d *digester) sumAll(s *site.Site, full bool) digest {
	all := newHW()
	for _, p := range s.Posts {
		all.dig(d.cardOf(p, full))
	}
	terms := d.shapes.shape(reflect.TypeFor[site.Term]())
	for _, ts := range [][]*site.Term{s.Tags, s.Categories} {
		for _, t := range ts {
			d.walk(all, terms, reflect.ValueOf(t), full, nil)
		}
	}
	return all.sum()
}
