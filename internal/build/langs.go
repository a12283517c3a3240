package build

import (
	"bytes"

	"github.com/carepress/carepress/internal/site"
)

// langPages are the pages of the site in each of its other languages
// (site.Site.Langs), each rendered with its layout in its language. A
// page reads what a page of the default language reads, and the
// language's own site-wide inputs: its people, series, notices and
// services, its plain pages and, for a layout that reaches the lists,
// every post and term of the language.
type langPages struct{}

func (langPages) name() string { return "language page" }

func (langPages) files(b *run) ([]*unit, error) {
	var us []*unit
	for _, v := range b.site.Langs {
		shared, all := langDigests(b.dig, v)
		for _, p := range v.All {
			wide := true
			if deps, ok := b.dig.r.Deps(p.Layout); ok {
				wide = deps.SiteWide
			}
			us = append(us, &unit{names: []string{p.Out}, page: p, reads: reads{site: true, layout: p.Layout, page: p, values: func(h *hw) {
				h.dig(shared)
				if wide {
					h.dig(all)
				}
			}}})
		}
	}
	return us, nil
}

func (langPages) make(b *run, u *unit, out sink) error {
	var buf bytes.Buffer
	if err := b.r.Page(&buf, u.page, b.opts.Dev); err != nil {
		return err
	}
	return writeOnce(out, u.page.Out, buf.Bytes(), srcName(u.page))
}

// langDigests are the digests of what every page of v, the site in one
// language, shows (shared), and of every post and term of it (all), as
// the digester's global and all are the default language's.
func langDigests(d *digester, v *site.Site) (shared, all digest) {
	h := newHW()
	h.str(v.Lang)
	h.str(v.Config.Title)
	entitiesOf(d, h, v.People)
	entitiesOf(d, h, v.Series)
	entitiesOf(d, h, v.Notices)
	entitiesOf(d, h, v.Services)
	for _, p := range v.Pages {
		h.dig(d.cardOf(p, true))
	}
	for _, p := range v.All {
		h.str(p.Path) // the switcher and the hreflang of every page
		if p.Kind == site.KindHome || p.Kind == site.KindServices || p.Kind == site.KindProviders {
			h.file(p.Source)
			h.str(p.Title)
		}
	}
	return h.sum(), d.sumAll(v, true)
}

// pageCount is the number of pages of s in all its languages.
func pageCount(s *site.Site) int {
	n := 0
	for _, ls := range s.Sites() {
		n += len(ls.All)
	}
	return n
}
