package build

import (
	"cmp"
	"reflect"
	"slices"
	"time"

	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/site"
)

// The build reads the model through the classification of its fields
// (site.Class): what a post's card covers, what a page's digest reads
// besides its own fields, which fields pin a post to its place and which
// the dev server takes from a new version of it. Nothing here names a
// field of the model: a field added to it is covered as it is classified.

// shape is how the build reads the values of one model type.
type shape struct {
	slots []slot
	keys  []int // the slots of its key fields
}

// slot is one field of a model type, and how its value is read.
type slot struct {
	site.Field
	how  how
	elem *shape // the model type it holds, for holdsModel and holdsModels
}

// how is how a field's value is hashed.
type how uint8

const (
	valueOf     how = iota // any other value: hashed whole (deep)
	holdsPage              // *site.Page
	holdsPages             // []*site.Page
	holdsModel             // *T or T of a model type other than Page
	holdsModels            // []*T or []T of one
	holdsFile              // *content.File: a source, by its path and bytes
	unexported             // not read: what it holds follows from other fields
)

var (
	pageType = reflect.TypeFor[site.Page]()
	fileType = reflect.TypeFor[content.File]()
	timeType = reflect.TypeFor[time.Time]()
)

// shapes are the shapes of the model's types, made once per build.
type shapes struct {
	of map[reflect.Type]*shape
}

func newShapes() *shapes {
	s := &shapes{of: map[reflect.Type]*shape{}}
	s.shape(pageType)
	return s
}

// shape returns the shape of the model type t, nil for a type that is not
// of the model.
func (s *shapes) shape(t reflect.Type) *shape {
	if sh, ok := s.of[t]; ok {
		return sh
	}
	fields := site.Fields(t)
	if fields == nil {
		return nil
	}
	sh := &shape{}
	s.of[t] = sh
	for i, f := range fields {
		sf := t.Field(i)
		sl := slot{Field: f}
		ft := sf.Type
		switch {
		case !sf.IsExported():
			sl.how = unexported
		case ft == reflect.PointerTo(pageType):
			sl.how = holdsPage
		case ft == reflect.SliceOf(reflect.PointerTo(pageType)):
			sl.how = holdsPages
		case ft == reflect.PointerTo(fileType):
			sl.how = holdsFile
		case ft.Kind() == reflect.Slice && s.shape(deref(ft.Elem())) != nil:
			sl.how, sl.elem = holdsModels, s.shape(deref(ft.Elem()))
		case s.shape(deref(ft)) != nil:
			sl.how, sl.elem = holdsModel, s.shape(deref(ft))
		}
		if f.Key {
			sh.keys = append(sh.keys, i)
		}
		sh.slots = append(sh.slots, sl)
	}
	return sh
}

func deref(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Pointer {
		return t.Elem()
	}
	return t
}

// model reads the model for one build's digests: the cards of its pages
// and of the values that lists show with them, worked out once.
type model struct {
	shapes *shapes
	page   *shape
	// cards and full are the cards of every page (light: what lists show;
	// full: with its source); entities those of the values a card shows
	// whole (Follow: series, terms).
	cards, full map[*site.Page]digest
	entities    map[any]digest
}

// pageOf is v's page, for a reflect.Value of a *site.Page.
func pageOf(v reflect.Value) *site.Page {
	if v.IsNil() {
		return nil
	}
	return v.Interface().(*site.Page)
}

// card hashes into h the card of the model value v (a struct): its own
// and place fields, those of its body too when full. A value it refers to
// counts by its key, or by its card when the field follows it.
func (m *model) card(h *hw, sh *shape, v reflect.Value, full bool) {
	for i := range sh.slots {
		sl := &sh.slots[i]
		if sl.Class == site.Derived || sl.how == unexported || sl.Body && !(full && sl.how == holdsFile) {
			continue
		}
		m.value(h, sl, v.Field(i))
	}
}

// value hashes the own or place value fv of slot sl, as a card shows it.
func (m *model) value(h *hw, sl *slot, fv reflect.Value) {
	switch sl.how {
	case holdsFile:
		if fv.IsNil() {
			h.file(nil)
		} else {
			h.file(fv.Interface().(*content.File))
		}
	case holdsPage:
		m.pageKey(h, pageOf(fv))
	case holdsPages:
		h.num(int64(fv.Len()))
		for j := range fv.Len() {
			m.pageKey(h, pageOf(fv.Index(j)))
		}
	case holdsModel:
		m.entity(h, sl, fv)
	case holdsModels:
		h.num(int64(fv.Len()))
		for j := range fv.Len() {
			m.entity(h, sl, fv.Index(j))
		}
	default:
		deep(h, fv)
	}
}

func (m *model) pageKey(h *hw, p *site.Page) {
	if p == nil {
		h.num(-1)
		return
	}
	m.key(h, m.page, reflect.ValueOf(p).Elem())
}

// entity hashes a value a card refers to: its card when sl follows it,
// else its key.
func (m *model) entity(h *hw, sl *slot, v reflect.Value) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			h.num(-1)
			return
		}
		if sl.Follow {
			if d, ok := m.entities[v.Interface()]; ok {
				h.dig(d)
				return
			}
		}
		v = v.Elem()
	}
	h.num(1)
	if sl.Follow {
		m.card(h, sl.elem, v, false)
	} else {
		m.key(h, sl.elem, v)
	}
}

func (m *model) key(h *hw, sh *shape, v reflect.Value) {
	for _, i := range sh.keys {
		deep(h, v.Field(i))
	}
}

// entityCard is the card of the value that the pointer v points to, for
// m.entities.
func (m *model) entityCard(sh *shape, v any) digest {
	h := newHW()
	m.card(h, sh, reflect.ValueOf(v).Elem(), false)
	return h.sum()
}

// cardOf is the card of p: what lists show of it (full: with its source).
func (m *model) cardOf(p *site.Page, full bool) digest {
	if p == nil {
		return digest{}
	}
	memo := m.cards
	if full {
		memo = m.full
	}
	if d, ok := memo[p]; ok {
		return d
	}
	light, all := m.pageCards(p)
	if full {
		return all
	}
	return light
}

// pageCards works out the cards of p: light, what lists show of it, and
// full, with the sources of its body too.
func (m *model) pageCards(p *site.Page) (light, full digest) {
	v := reflect.ValueOf(p).Elem()
	h := newHW()
	m.card(h, m.page, v, false)
	light = h.sum()
	h = newHW()
	h.dig(light)
	for i := range m.page.slots {
		if sl := &m.page.slots[i]; sl.Body && sl.how == holdsFile {
			m.value(h, sl, v.Field(i))
		}
	}
	return light, h.sum()
}

// recard works out the cards of p again, after its fields changed.
func (m *model) recard(p *site.Page) {
	m.cards[p], m.full[p] = m.pageCards(p)
}

// reads hashes into h what the page p shows of other values: the values
// it holds that are derived, or that it follows (a post's series), and of
// the pages among them their cards (full ones with fullCards). visit, when
// set, is told each list of pages read; it returns false to stop.
func (m *model) reads(h *hw, p *site.Page, fullCards bool, visit func([]*site.Page) bool) bool {
	v := reflect.ValueOf(p).Elem()
	for i := range m.page.slots {
		sl := &m.page.slots[i]
		if sl.Class != site.Derived && !sl.Follow {
			continue
		}
		if !m.held(h, sl, v.Field(i), fullCards, visit, true) {
			return false
		}
	}
	return true
}

// held reads the value fv of slot sl that a page holds (top) or that a
// value it holds holds: pages by their cards, values of the model by
// their fields, one level down from the page at most.
func (m *model) held(h *hw, sl *slot, fv reflect.Value, fullCards bool, visit func([]*site.Page) bool, top bool) bool {
	switch sl.how {
	case holdsPage:
		q := pageOf(fv)
		if h != nil {
			h.dig(m.cardOf(q, fullCards))
		}
		if visit != nil && q != nil {
			return visit([]*site.Page{q})
		}
	case holdsPages:
		if sl.Count {
			if h != nil {
				h.num(int64(fv.Len()))
			}
			return true
		}
		ps := fv.Interface().([]*site.Page)
		if h != nil {
			h.num(int64(len(ps)))
			for _, q := range ps {
				h.dig(m.cardOf(q, fullCards))
			}
		}
		if visit != nil && len(ps) > 0 {
			return visit(ps)
		}
	case holdsModel, holdsModels:
		if sl.Count {
			if h != nil {
				h.num(int64(fv.Len()))
			}
			return true
		}
		if !top {
			// Two levels down, a value counts by its key: a service
			// page shows its providers, not their posts.
			if h != nil {
				m.value(h, sl, fv)
			}
			return true
		}
		if sl.how == holdsModel {
			return m.walk(h, sl.elem, fv, fullCards, visit)
		}
		if h != nil {
			h.num(int64(fv.Len()))
		}
		for j := range fv.Len() {
			if !m.walk(h, sl.elem, fv.Index(j), fullCards, visit) {
				return false
			}
		}
	default:
		if h != nil && sl.how != unexported {
			deep(h, fv)
		}
	}
	return true
}

// walk reads a value of the model that a page holds: its own and place
// fields as a card shows them, and what it holds in turn.
func (m *model) walk(h *hw, sh *shape, v reflect.Value, fullCards bool, visit func([]*site.Page) bool) bool {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			if h != nil {
				h.num(-1)
			}
			return true
		}
		v = v.Elem()
	}
	for i := range sh.slots {
		sl := &sh.slots[i]
		switch {
		case sl.how == unexported || sl.Body:
		case sl.Class == site.Derived:
			if !m.held(h, sl, v.Field(i), fullCards, visit, false) {
				return false
			}
		case h != nil:
			m.value(h, sl, v.Field(i))
		}
	}
	return true
}

// placed hashes into h where the page p sits: its place fields, those of
// the own values it holds (its front matter's tags, aliases, canonical
// URL...), and of its source the path, bundle and the images its body
// shows. Two versions of a post with the same placed digest take the same
// place in the site.
func (m *model) placed(h *hw, sh *shape, v reflect.Value) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			h.num(-1)
			return
		}
		v = v.Elem()
	}
	for i := range sh.slots {
		sl := &sh.slots[i]
		fv := v.Field(i)
		switch {
		case sl.how == unexported || sl.Class == site.Derived:
		case sl.how == holdsFile:
			if f, _ := fv.Interface().(*content.File); f != nil {
				h.str(f.Path)
				h.str(f.BundleDir)
				h.num(int64(len(f.Resources)))
				for _, r := range f.Resources {
					h.str(r)
				}
				if f.Doc != nil {
					h.num(int64(len(f.Doc.Images)))
					for _, im := range f.Doc.Images {
						h.str(im.Src)
					}
				}
			}
		case sl.Class == site.Own && sl.how == holdsModel:
			m.placed(h, sl.elem, fv)
		case sl.Class == site.Place && (sl.how == holdsModel || sl.how == holdsModels):
			// By key: the card of a term is worked out from every post.
			if sl.how == holdsModel {
				m.keyOf(h, sl.elem, fv)
			} else {
				h.num(int64(fv.Len()))
				for j := range fv.Len() {
					m.keyOf(h, sl.elem, fv.Index(j))
				}
			}
		case sl.Class == site.Place:
			m.value(h, sl, fv)
		}
	}
}

func (m *model) keyOf(h *hw, sh *shape, v reflect.Value) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			h.num(-1)
			return
		}
		v = v.Elem()
	}
	m.key(h, sh, v)
}

// samePlace reports whether the post p, loaded again as q, keeps its place
// in the site: nothing that other pages, lists, feeds, the sitemap,
// redirects or the image phase read of it has changed.
func (m *model) samePlace(p, q *site.Page) bool {
	a, b := newHW(), newHW()
	m.placed(a, m.page, reflect.ValueOf(p))
	m.placed(b, m.page, reflect.ValueOf(q))
	return a.sum() == b.sum()
}

// adopt gives p the own values of q, its new version, and keeps those
// that tie it to the rest of the model.
func (m *model) adopt(p, q *site.Page) {
	pv, qv := reflect.ValueOf(p).Elem(), reflect.ValueOf(q).Elem()
	for i := range m.page.slots {
		if m.page.slots[i].Class == site.Own {
			pv.Field(i).Set(qv.Field(i))
		}
	}
}

// deep hashes a value that is not of the model, whole: what a template
// may print of it.
func deep(h *hw, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		h.str(v.String())
	case reflect.Bool:
		h.flag(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.num(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.num(int64(v.Uint()))
	case reflect.Float32, reflect.Float64:
		h.num(int64(v.Float() * 1e6))
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			h.num(-1)
			return
		}
		h.num(1)
		deep(h, v.Elem())
	case reflect.Slice, reflect.Array:
		h.num(int64(v.Len()))
		for i := range v.Len() {
			deep(h, v.Index(i))
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) })
		h.num(int64(len(keys)))
		for _, k := range keys {
			deep(h, k)
			deep(h, v.MapIndex(k))
		}
	case reflect.Struct:
		if v.Type() == timeType {
			if v.CanAddr() {
				h.time(*v.Addr().Interface().(*time.Time))
			} else {
				h.time(v.Interface().(time.Time))
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				deep(h, v.Field(i))
			}
		}
	}
}
