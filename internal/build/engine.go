package build

import (
	"context"
	"io/fs"
	"slices"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/par"
	"github.com/carepress/carepress/internal/site"
)

// The engine makes the registered outputs (outputs.go). For each file an
// output lists, it works out a digest of what the file reads (digest.go);
// a file whose digest is the one the last build recorded for it is kept
// as it is, any other is made. The dev server's patch path (patch.go)
// asks the same declarations which files read a post it patched.

// outputs makes every output of the build's registry, step by step.
func (b *run) outputs(ctx context.Context) error {
	for _, st := range b.reg {
		var units []*unit
		for _, o := range st.outputs {
			us, err := o.files(b)
			if err != nil {
				return err
			}
			for _, u := range us {
				u.out, u.yield = o, st.yield
			}
			units = append(units, us...)
		}
		errs := make([]error, len(units))
		if err := par.Each(ctx, len(units), func(i int) { errs[i] = b.unit(units[i]) }); err != nil {
			return err
		}
		var list diag.List
		for _, err := range errs {
			list.Add(err)
		}
		if err := list.Err(); err != nil {
			return firstDistinct(list)
		}
		if b.record {
			b.units = append(b.units, units...)
		}
	}
	return nil
}

// unit keeps the files of u, when the last build made them from the same
// inputs, or makes them. Once done, u.names are the files it put in.
func (b *run) unit(u *unit) error {
	o := &unitOut{sink: b.out, yield: u.yield}
	if u.social {
		o.sink = b.social
	}
	if u.reads.always {
		if err := u.out.make(b, u, o); err != nil {
			return err
		}
		u.names = o.wrote
		return nil
	}
	d, ok := b.digest(u)
	if ok && b.keep(u, d, o) {
		u.names = o.kept
		return nil
	}
	b.rendered.Add(1)
	if err := u.out.make(b, u, o); err != nil {
		return err
	}
	u.names = append(o.kept, o.wrote...)
	if ok {
		b.mu.Lock()
		for _, n := range u.names {
			b.next[n] = d
		}
		b.mu.Unlock()
	}
	return nil
}

// keep puts in again the files of u that the last build made with digest
// d, and reports whether that is all of them. Those it could keep stay in
// (o.kept), and the unit's make leaves them out.
func (b *run) keep(u *unit, d digest, o *unitOut) bool {
	names := make([]string, 0, len(u.names))
	for _, n := range u.names {
		if !(u.yield && b.out.Has(n)) { // the site's own file wins
			names = append(names, n)
		}
	}
	for i := 1; u.more != nil; i++ {
		n := u.more(i)
		if old, ok := b.prev[n]; !ok || old != d {
			break
		}
		names = append(names, n)
	}
	for _, n := range names {
		if old, ok := b.prev[n]; !ok || old != d {
			return false
		}
	}
	all := true
	for _, n := range names {
		if b.out.Keep(n) == nil {
			o.kept = append(o.kept, n)
		} else {
			all = false
		}
	}
	b.mu.Lock()
	for _, n := range o.kept {
		b.next[n] = d
	}
	b.mu.Unlock()
	return all
}

// digest is the digest of what u reads; ok is false when it cannot be
// known (a layout that does not exist: making the unit reports it).
func (b *run) digest(u *unit) (digest, bool) {
	r := &u.reads
	d := b.dig
	h := newHW()
	h.str(u.out.name())
	if r.site {
		h.dig(d.global)
	}
	full := r.full
	if r.layout != "" {
		deps, ok := d.r.Deps(r.layout)
		if !ok {
			h.sum()
			return digest{}, false
		}
		h.Write(deps.Hash[:])
		full = full || deps.Deep
		if deps.SiteWide {
			if full {
				h.dig(d.all)
			} else {
				h.dig(d.allCards)
			}
		}
	}
	if r.posts {
		h.dig(d.all)
	}
	if r.self != nil {
		h.dig(d.cardOf(r.self, false))
	}
	if r.page != nil {
		h.dig(d.cardOf(r.page, true))
		d.reads(h, r.page, full, nil)
	}
	for _, ps := range r.cards {
		h.num(int64(len(ps)))
		for _, q := range ps {
			h.dig(d.cardOf(q, full))
		}
	}
	if r.values != nil {
		r.values(h)
	}
	return h.sum(), true
}

// stale reports whether u reads one of posts, whose own values changed
// (the dev server's patch path): its files must be made again. It asks
// the same declaration as digest, so that what a digest covers and what
// the patch path makes again cannot part.
func (u *unit) stale(d *digester, posts map[*site.Page]bool) bool {
	x := &u.reads
	if x.posts || posts[x.page] || posts[x.self] {
		return true
	}
	if x.layout != "" {
		if deps, ok := d.r.Deps(x.layout); !ok || deps.SiteWide {
			return true
		}
	}
	for _, ps := range x.cards {
		for _, p := range ps {
			if posts[p] {
				return true
			}
		}
	}
	if x.page == nil {
		return false
	}
	found := false
	d.reads(nil, x.page, false, func(ps []*site.Page) bool {
		for _, p := range ps {
			if posts[p] {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

// unitOut is where one unit writes: it notes what the unit wrote, and
// leaves out the files it kept, those the site's static files provide
// (yield), and, when restricted, those it did not put in in the full
// build (the patch path, which has no static files at hand).
type unitOut struct {
	sink
	yield    bool
	restrict bool
	only     []string
	kept     []string
	wrote    []string
}

func (o *unitOut) skip(rel string) bool {
	switch {
	case slices.Contains(o.kept, rel):
		return true
	case o.restrict:
		return !slices.Contains(o.only, rel)
	}
	return o.yield && o.sink.Has(rel)
}

func (o *unitOut) WriteFile(rel string, data []byte) error {
	if o.skip(rel) {
		return nil
	}
	o.wrote = append(o.wrote, rel)
	return o.sink.WriteFile(rel, data)
}

func (o *unitOut) CopyFile(rel string, src fs.FS, name string) error {
	if o.skip(rel) {
		return nil
	}
	o.wrote = append(o.wrote, rel)
	return o.sink.CopyFile(rel, src, name)
}
