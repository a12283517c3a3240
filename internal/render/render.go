// Package render turns the site model into HTML with html/template.
//
// Templates are looked up in layers, first match wins: the site's
// templates/, then themes/NAME/layouts in the site, then the theme built
// into carepress. A site can so override one file and keep the rest.
//
// A layout set is baseof.html (the document), partials/*.html, and one
// file per page kind (post.html, list.html, ...) that defines "main".
// Every set is parsed once per build and is safe for concurrent use. A
// template error names the template's file and line.
package render

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/htmlesc"
	"github.com/carepress/carepress/internal/i18n"
	"github.com/carepress/carepress/internal/locale"
	"github.com/carepress/carepress/internal/markdown"
	"github.com/carepress/carepress/internal/seo"
	"github.com/carepress/carepress/internal/site"
)

// Layer is one place templates are looked up.
type Layer struct {
	FS fs.FS
	// Label is how files of this layer are named in errors:
	// "templates", "themes/default/layouts".
	Label string
}

// Data is what every page template executes with.
type Data struct {
	Site *site.Site
	Page *site.Page
	// Dev is true in the dev server.
	Dev bool
}

// AliasData is what alias.html executes with.
type AliasData struct {
	Site *site.Site
	Page *site.Page // the target
	From string
}

// Renderer renders pages of one site.
type Renderer struct {
	site    *site.Site
	sets    map[string]*template.Template // layout name → parsed set
	alias   *template.Template
	sources map[string]string // template name → file label, for errors
	files   []Source          // the files read, in the order read
	bufs    sync.Pool
	// Uses maps a layout to the template files it was built from, for the
	// dependency graph of incremental builds.
	Uses map[string][]string
	deps map[string]Deps // by layout, and "alias"
	// base holds baseof.html and the partials, for partialCached; cached
	// is what partialCached made in this build, by partial and key.
	base *template.Template
	// A plain map under a lock rather than a sync.Map, whose entries cost
	// as much again as the cards of a 100k-post site.
	cachedMu sync.RWMutex
	cached   map[cacheKey]template.HTML
	// langs are the layouts of each of the site's other languages, by
	// code: clones of sets, alias and base whose functions (t, date,
	// clock...) write that language. The fields above are the default
	// language's.
	langs map[string]*langSet
	// catalog is the interface's messages in each language, and
	// msgFiles the site's own catalog files it was read from.
	catalog  *i18n.Catalog
	msgFiles []string
}

// langSet is the parsed layouts of one language.
type langSet struct {
	sets  map[string]*template.Template
	alias *template.Template
	base  *template.Template
}

// cacheKey names one output of partialCached. dev keeps apart what was
// made for the dev server and for a deployed page, should one Renderer
// render both (a check renders pages as deployed, beside a dev build).
type cacheKey struct {
	name string
	key  any
	dev  bool
	lang string
}

// Deps is what the pages of one layout depend on besides their own data,
// for incremental builds.
type Deps struct {
	// Hash covers the name and bytes of every template file the layout
	// is built from: a page must be rendered again when it changes.
	Hash [32]byte
	// SiteWide is true when a template reaches the site's lists (such as
	// range .Site.Posts), so that its pages depend on every post; a bare
	// {{ if .Site.Posts }} only asks whether there are any.
	SiteWide bool
	// Deep is true when a template may show more of the posts a page
	// lists than their cards (see ReadsDeep); incremental builds then
	// render the page again whenever a listed post's source changes.
	Deep bool
}

// siteListRE finds a template's uses of the site's lists of posts (and of
// what leads to them: people, series, terms), and of .Site itself passed on
// whole. Plain pages and notices are not posts: every page depends on
// their sources anyway.
var siteListRE = regexp.MustCompile(`\.Site(\.(Posts|Tags|Categories|Series|People|All|Home|Aliases|Images|Files|PeopleByID|SeriesByID|Services|ServicesByID|Providers|ProvidersByLocation|ProvidersBySpecialty)\b|[^.\w]|$)`)

// ifSiteListRE is the one harmless use: asking whether a list is empty.
var ifSiteListRE = regexp.MustCompile(`\{\{-?\s*if\s+\$?\.Site\.(Posts|Pages|Tags|Categories|Series|People|Services|Providers)\s*-?\}\}`)

func reachesSite(src []byte) bool {
	return siteListRE.Match(ifSiteListRE.ReplaceAll(src, nil))
}

// deepRE finds, in a template's actions, what reaches more of a page than
// lists show of a post: its source and front matter, its body and the
// parts of it that a summary does not show, and the functions that read a
// whole page.
var (
	actionRE = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	deepRE   = regexp.MustCompile(`\.(Source|Meta|WordCount|TOC|Content)\b|\b(seoHead|jsonLD|title)\b`)
	// pageArgRE is their one harmless use: on the page being rendered.
	pageArgRE = regexp.MustCompile(`\b(seoHead|jsonLD|title)\s+\$?\.Page(\s|\)|-?\}\})|\$?\.Page\.(Source|Meta|WordCount|TOC|Content)\b`)
)

// ReadsDeep reports whether the template src may show, of a post it
// lists (or links as a neighbour), more than its card: the fields that
// site.Page computes for lists (title, description, dates, summary,
// reading time, image, people, series, tags...). It may, if it names
// .Source, .Meta, .WordCount, .TOC or .Content other than the page's own
// (.Page.Content), or hands anything but .Page to seoHead, jsonLD or
// title. A page's own source is part of its digest whatever this says.
func ReadsDeep(src []byte) bool {
	for _, a := range actionRE.FindAll(src, -1) {
		if deepRE.Match(pageArgRE.ReplaceAll(a, nil)) {
			return true
		}
	}
	return false
}

func depsOf(names []string, files map[string][]byte) Deps {
	h := sha256.New()
	var d Deps
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(files[n])
		h.Write([]byte{0})
		d.SiteWide = d.SiteWide || reachesSite(files[n])
		d.Deep = d.Deep || ReadsDeep(files[n])
	}
	h.Sum(d.Hash[:0])
	return d
}

// Deps returns what the pages of layout depend on; ok is false for a
// layout that does not exist.
func (r *Renderer) Deps(layout string) (d Deps, ok bool) {
	d, ok = r.deps[layout]
	return d, ok
}

// New parses the templates for s from layers, in priority order.
func New(s *site.Site, layers []Layer) (*Renderer, error) {
	r := &Renderer{site: s, sets: map[string]*template.Template{}, sources: map[string]string{}, Uses: map[string][]string{}, deps: map[string]Deps{}, cached: map[cacheKey]template.HTML{}}
	r.bufs.New = func() any { return new(bytes.Buffer) }
	files := map[string][]byte{}
	for _, l := range layers {
		if l.FS == nil {
			continue
		}
		err := fs.WalkDir(l.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == "." && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipAll // the layer's folder does not exist
				}
				return err // a link out of the site names itself
			}
			if d.IsDir() || path.Ext(p) != ".html" || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			if _, seen := files[p]; seen {
				return nil // a higher layer has it
			}
			b, err := fs.ReadFile(l.FS, p)
			if err != nil {
				return err
			}
			files[p] = b
			r.sources[p] = path.Join(l.Label, p)
			r.files = append(r.files, Source{Name: r.sources[p], Text: b})
			return nil
		})
		if err != nil {
			var d *diag.Error
			var list diag.List
			if errors.As(err, &d) || errors.As(err, &list) {
				return nil, err // it names its file
			}
			return nil, fmt.Errorf("cannot read templates in %s: %w", l.Label, err)
		}
	}
	if _, ok := files["baseof.html"]; !ok {
		return nil, errors.New("no baseof.html template found (is the theme complete?)")
	}
	msgHash, err := r.loadCatalog(layers)
	if err != nil {
		return nil, err
	}
	base := template.New("baseof.html").Funcs(r.funcs(s.Config.Language))
	var partials []string
	for name := range files {
		if strings.HasPrefix(name, "partials/") {
			partials = append(partials, name)
		}
	}
	sort.Strings(partials)
	if err := r.parse(base, "baseof.html", files["baseof.html"]); err != nil {
		return nil, err
	}
	for _, name := range partials {
		if err := r.parse(base.New(name), name, files[name]); err != nil {
			return nil, err
		}
	}
	var errs diag.List
	for name, src := range files {
		if strings.Contains(name, "/") || name == "baseof.html" {
			continue
		}
		layout := strings.TrimSuffix(name, ".html")
		if name == "alias.html" {
			t := template.New(name).Funcs(r.funcs(s.Config.Language))
			if err := r.parse(t, name, src); err != nil {
				errs.Add(err)
				continue
			}
			r.alias = t
			r.Uses["alias"] = append([]string{r.sources[name]}, r.msgFiles...)
			r.deps["alias"] = withMessages(depsOf([]string{name}, files), msgHash)
			continue
		}
		set, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if err := r.parse(set.New(name), name, src); err != nil {
			errs.Add(err)
			continue
		}
		r.sets[layout] = set
		uses := []string{r.sources["baseof.html"], r.sources[name]}
		for _, p := range partials {
			uses = append(uses, r.sources[p])
		}
		r.Uses[layout] = append(uses, r.msgFiles...)
		r.deps[layout] = withMessages(depsOf(append([]string{"baseof.html", name}, partials...), files), msgHash)
	}
	errs.Sort()
	if err := errs.Err(); err != nil {
		return nil, err
	}
	r.base = base // cloned for every layout above: it may now be executed
	if err := r.cloneLanguages(); err != nil {
		return nil, err
	}
	return r, nil
}

// loadCatalog reads the message catalogs of layers (an i18n/ folder in
// any of them: templates/i18n/es.yaml) over the built-in one, the higher
// layer's message first, and returns what the pages' digests take of
// them: every layout may show any message.
func (r *Renderer) loadCatalog(layers []Layer) ([32]byte, error) {
	h := sha256.New()
	cat := i18n.Builtin()
	for i := len(layers) - 1; i >= 0; i-- {
		l := layers[i]
		if l.FS == nil {
			continue
		}
		if fi, err := fs.Stat(l.FS, "i18n"); err != nil || !fi.IsDir() {
			continue
		}
		label := path.Join(l.Label, "i18n")
		own, errs := i18n.Load(l.FS, "i18n", label)
		if err := errs.Err(); err != nil {
			return [32]byte{}, err
		}
		merged, errs := cat.Overlay(own)
		if err := errs.Err(); err != nil {
			return [32]byte{}, err
		}
		cat = merged
		entries, _ := fs.ReadDir(l.FS, "i18n")
		for _, e := range entries {
			if path.Ext(e.Name()) != ".yaml" {
				continue
			}
			b, _ := fs.ReadFile(l.FS, "i18n/"+e.Name())
			name := path.Join(label, e.Name())
			r.msgFiles = append(r.msgFiles, name)
			h.Write([]byte(name))
			h.Write([]byte{0})
			h.Write(b)
			h.Write([]byte{0})
		}
	}
	r.catalog = cat
	var sum [32]byte
	h.Sum(sum[:0])
	return sum, nil
}

// withMessages mixes the digest of the site's own messages into d: a
// page must be rendered again when a message it may show changes. (The
// built-in messages change only with carepress.)
func withMessages(d Deps, msgs [32]byte) Deps {
	if msgs == sha256.Sum256(nil) {
		return d
	}
	h := sha256.New()
	h.Write(d.Hash[:])
	h.Write(msgs[:])
	h.Sum(d.Hash[:0])
	return d
}

// Catalog is the interface's messages the pages show: the built-in
// catalog with the site's own over it.
func (r *Renderer) Catalog() *i18n.Catalog { return r.catalog }

// cloneLanguages makes the layouts of each of the site's other languages:
// the default language's, cloned before any of them runs, with functions
// that write that language. A site in one language clones nothing.
func (r *Renderer) cloneLanguages() error {
	for _, l := range r.site.Config.Languages {
		fm := r.funcs(l.Code)
		ls := &langSet{sets: make(map[string]*template.Template, len(r.sets))}
		var err error
		if ls.base, err = r.base.Clone(); err != nil {
			return err
		}
		ls.base.Funcs(fm)
		for name, set := range r.sets {
			c, err := set.Clone()
			if err != nil {
				return err
			}
			ls.sets[name] = c.Funcs(fm)
		}
		if r.alias != nil {
			if ls.alias, err = r.alias.Clone(); err != nil {
				return err
			}
			ls.alias.Funcs(fm)
		}
		if r.langs == nil {
			r.langs = map[string]*langSet{}
		}
		r.langs[l.Code] = ls
	}
	return nil
}

// layouts returns the layouts that write the language lang: the default
// language's for it, for "" and for a language the site does not have.
func (r *Renderer) layouts(lang string) (sets map[string]*template.Template, alias, base *template.Template) {
	if ls, ok := r.langs[lang]; ok {
		return ls.sets, ls.alias, ls.base
	}
	return r.sets, r.alias, r.base
}

// Source is one template file as a Renderer read it.
type Source struct {
	// Name is the file's path with its layer's label:
	// "themes/default/layouts/partials/head.html".
	Name string
	Text []byte
}

// Sources returns the template files r was parsed from, for each name the
// highest layer's, in layer order: what a check of the templates reads,
// without reading or parsing them again. The caller must not change them.
func (r *Renderer) Sources() []Source { return r.files }

// Forget drops what partialCached made, for a Renderer that renders again
// after its pages changed in place (the dev server's patch path): a cached
// post card would otherwise show the post's old title.
func (r *Renderer) Forget() {
	r.cachedMu.Lock()
	clear(r.cached)
	r.cachedMu.Unlock()
}

// partialCached renders the partial name with data once per Renderer for
// each key (none: once), and gives that HTML to every later call: what is
// the same on every page (the footer, the banners) or on every list that
// shows a post (its card) is rendered once, not on every page. The partial
// must begin and end in HTML text, and its output may depend on nothing
// but key and what is the same for the whole build.
func (r *Renderer) partialCached(lang, name string, data any, key ...any) (template.HTML, error) {
	k := cacheKey{name: name, lang: lang}
	if d, ok := data.(Data); ok {
		k.dev = d.Dev
	}
	switch len(key) {
	case 0:
	case 1:
		k.key = key[0]
		if k.key != nil && !reflect.TypeOf(k.key).Comparable() {
			return "", fmt.Errorf("partialCached %q: key of type %T cannot be a cache key (use a string or a page)", name, k.key)
		}
	default:
		return "", fmt.Errorf("partialCached %q: takes one key at most, got %d", name, len(key))
	}
	r.cachedMu.RLock()
	h, ok := r.cached[k]
	r.cachedMu.RUnlock()
	if ok {
		return h, nil
	}
	_, _, base := r.layouts(lang)
	if base == nil || base.Lookup(name) == nil {
		return "", fmt.Errorf("partialCached: no template %q", name)
	}
	buf := r.bufs.Get().(*bytes.Buffer)
	defer func() { buf.Reset(); r.bufs.Put(buf) }()
	if err := base.ExecuteTemplate(buf, name, data); err != nil {
		return "", &partialError{err}
	}
	h = template.HTML(buf.String()) //nolint:gosec // the output of our own escaping templates
	r.cachedMu.Lock()
	r.cached[k] = h
	r.cachedMu.Unlock()
	return h, nil
}

func (r *Renderer) parse(t *template.Template, name string, src []byte) error {
	if _, err := t.Parse(string(src)); err != nil {
		return r.templateError(err)
	}
	return nil
}

// tmplErrRE matches the position in html/template errors:
// "template: post.html:12:5: ..." or "template: post.html:12: ...".
var tmplErrRE = regexp.MustCompile(`template: ([^:\s]+):(\d+)(?::(\d+))?: `)

// partialError is an error inside a partial that partialCached ran: it is
// reported where it is, not at the call.
type partialError struct{ err error }

func (e *partialError) Error() string { return e.err.Error() }
func (e *partialError) Unwrap() error { return e.err }

// templateError puts a template error at its file and line.
func (r *Renderer) templateError(err error) error {
	if pe, ok := errors.AsType[*partialError](err); ok {
		err = pe.err
	}
	msg := err.Error()
	m := tmplErrRE.FindStringSubmatchIndex(msg)
	if m == nil {
		return fmt.Errorf("template error: %s", msg)
	}
	name := msg[m[2]:m[3]]
	pos := diag.Pos{File: name}
	if label, ok := r.sources[name]; ok {
		pos.File = label
	}
	fmt.Sscanf(msg[m[4]:m[5]], "%d", &pos.Line)
	if m[6] >= 0 {
		fmt.Sscanf(msg[m[6]:m[7]], "%d", &pos.Col)
	}
	rest := msg[m[1]:]
	// html/template repeats the template name: "executing \"post.html\" at <...>".
	return diag.Errorf(pos, "fix the template", "%s", rest)
}

// Layouts lists the layouts that can be rendered.
func (r *Renderer) Layouts() []string {
	var out []string
	for k := range r.sets {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Page renders p to w.
func (r *Renderer) Page(w io.Writer, p *site.Page, dev bool) error {
	// A layout named in front matter that does not exist is an error, not
	// a silent fallback: the author asked for something specific.
	sets, _, _ := r.layouts(p.Lang)
	set, ok := sets[p.Layout]
	if !ok {
		pos := diag.Pos{File: "templates"}
		hint := "add templates/" + p.Layout + ".html, or use one of: " + strings.Join(r.Layouts(), ", ")
		if p.Source != nil {
			pos = p.Source.At("layout")
		}
		return diag.Errorf(pos, hint, "no template %q for %s", p.Layout, p.Path)
	}
	buf := r.bufs.Get().(*bytes.Buffer)
	defer func() { buf.Reset(); r.bufs.Put(buf) }()
	if err := set.ExecuteTemplate(buf, "baseof.html", Data{Site: r.site.In(p.Lang), Page: p, Dev: dev}); err != nil {
		return r.templateError(err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Alias renders the redirect page for a.
func (r *Renderer) Alias(w io.Writer, a site.Alias) error {
	_, alias, _ := r.layouts(a.To.Lang)
	if alias == nil {
		return errors.New("no alias.html template found (is the theme complete?)")
	}
	if err := alias.Execute(w, AliasData{Site: r.site.In(a.To.Lang), Page: a.To, From: a.From}); err != nil {
		return r.templateError(err)
	}
	return nil
}

// funcs are the template functions of the pages in the language lang.
func (r *Renderer) funcs(lang string) template.FuncMap {
	cfg := r.site.Config
	loc := cfg.Location
	lc := locale.For(cfg.Locale(), lang)
	msgs := r.catalog.For(lang, cfg.Language)
	// ImageSize is left nil until image dimensions are read (issue 3, item 6).
	// The head and JSON-LD of a page name the site in its language.
	meta := seo.New(r.site.In(lang), seo.Options{})
	csp := template.HTML(`<meta http-equiv="Content-Security-Policy" content="` + template.HTMLEscapeString(seo.CSPMeta(cfg)) + `">`)
	return template.FuncMap{
		"relURL":   cfg.RelURL,
		"absURL":   cfg.AbsURL,
		"date":     func(v any) (string, error) { return localDate(cfg, lc, v) },
		"isoDate":  func(t time.Time) string { return t.In(loc).Format("2006-01-02") },
		"datetime": func(t time.Time) string { return t.In(loc).Format(time.RFC3339) },
		"notices":  noticesIn(r.site, lang),
		"now":      func() time.Time { return r.site.Now },
		"add":      func(a, b int) int { return a + b },
		"deref":    func(b *bool) bool { return b != nil && *b },
		"join":     strings.Join,
		"lower":    strings.ToLower,
		"title":    meta.Title,
		"seoHead":  meta.HeadHTML,
		// partialCached "partials/NAME.html" DATA [KEY] is {{ template }}
		// rendered once per build and key (see Renderer.partialCached).
		"partialCached": func(name string, data any, key ...any) (template.HTML, error) {
			return r.partialCached(lang, name, data, key...)
		},
		"tocList": tocList,
		"jsonLD":  meta.ScriptHTML,
		// cspMeta is the <meta http-equiv> Content-Security-Policy, for hosts
		// that ignore _headers; it belongs right after <meta charset>.
		"cspMeta": func() template.HTML { return csp },

		// date (above), clock, phone and tel write what readers see in the
		// site country's conventions (package locale): "1 December 2026"
		// or "December 1, 2026", "8am" or "8:00 AM", "(02) 9374 4000"
		// linked as "tel:+61293744000".
		"clock":        lc.ClockText,
		"phone":        cfg.PhoneText,
		"tel":          func(raw string) template.URL { return telURL(cfg, raw) },
		"openingHours": config.ParseHours,

		// t "KEY" [NAME VALUE]... is the message KEY of the interface's
		// catalog in the page's language (package i18n), with its
		// placeholders filled: {{ t "post.min-read" "n" .ReadingMinutes }}.
		// days writes the days of a line of opening hours ("Mo-Fr") in
		// words, and number a count with its thousands grouped, as the
		// language does in the site's country.
		"t":      msgs.HTML,
		"days":   lc.DaysText,
		"number": lc.Number,
		// lang is the language the page is rendered in, and languageName
		// the name of a language (a tag, "en-US") in it: "inglés".
		"lang":         func() string { return lang },
		"languageName": func(tag string) (string, error) { return msgs.Text("language." + locale.Base(tag)) },
	}
}

// noticesIn is the notices function of the pages in the language lang:
// the site's notices at a placement, each in lang where it has been
// translated (site.Notice.In). The default language's is the site's own.
func noticesIn(s *site.Site, lang string) func(placement string) []*site.Notice {
	if strings.EqualFold(lang, s.Config.Language) {
		return s.NoticesAt
	}
	return func(placement string) []*site.Notice {
		ns := s.NoticesAt(placement)
		out := make([]*site.Notice, len(ns))
		for i, n := range ns {
			out[i] = n.In(lang)
		}
		return out
	}
}

// localDate writes v, a time or a day written "2026-12-25" (as closed
// days are), as lc writes a date, in the site's time zone.
func localDate(cfg *config.Config, lc locale.Locale, v any) (string, error) {
	switch t := v.(type) {
	case time.Time:
		return lc.Date(t.In(cfg.Location)), nil
	case *time.Time:
		if t == nil {
			return "", nil
		}
		return lc.Date(t.In(cfg.Location)), nil
	case string:
		return lc.Day(t), nil
	}
	return "", fmt.Errorf("date: cannot write a %T as a date", v)
}

// telURL is the tel: link of a phone number, in E.164 ("tel:+61293744000")
// so that it dials from abroad too. The number was validated at load; one
// that does not parse keeps only what a dialler reads.
func telURL(cfg *config.Config, raw string) template.URL {
	n := cfg.PhoneE164(raw)
	var b strings.Builder
	b.WriteString("tel:")
	for _, r := range n {
		if r == '+' && b.Len() == 4 || '0' <= r && r <= '9' {
			b.WriteRune(r)
		}
	}
	return template.URL(b.String()) //nolint:gosec // "tel:" and digits only
}

// tocList is the items of a table of contents of headings, the second and
// third levels: "\n<li><a href="#ID">TEXT</a></li>" each, a third-level
// one with class "toc__level-3". Every post has one, and writing it in Go
// costs a fraction of ranging over the headings in a template (four
// function calls and two escapers each, all through reflection). It is
// escaped as a template would escape it.
func tocList(hs []markdown.Heading) template.HTML {
	var sb strings.Builder
	for _, h := range hs {
		if h.Level < 2 || h.Level > 3 {
			continue
		}
		sb.WriteString("\n<li")
		if h.Level == 3 {
			sb.WriteString(` class="toc__level-3"`)
		}
		sb.WriteString(`><a href="#`)
		htmlesc.URLPart(&sb, h.ID)
		sb.WriteString(`">`)
		htmlesc.Text(&sb, h.Text)
		sb.WriteString("</a></li>")
	}
	return template.HTML(sb.String()) //nolint:gosec // escaped as html/template would
}

// BrandCSS is the stylesheet that carries the practice's colour, so that
// no page needs an inline style (a strict Content-Security-Policy holds).
func BrandCSS(s *site.Site) []byte {
	return []byte(":root{--brand:" + s.Config.Brand.Color + "}\n")
}
