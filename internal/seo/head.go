// Package seo computes what search engines and link previews read from a
// page: the <title>, the meta description, the canonical URL, robots,
// Open Graph and Twitter card tags, links to the feeds, and one JSON-LD
// @graph per page.
//
// Everything is built as data from the site model and written in one
// place, so that escaping is decided once: the head tags go through
// html/template, and the JSON-LD through encoding/json, whose escaping of
// <, > and & means no text from front matter or markdown can close its
// script element.
//
// A Builder is made once per build and is safe for concurrent use: it only
// reads the site.
package seo

import (
	"html/template"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/carepress/carepress/internal/htmlesc"
	"github.com/carepress/carepress/internal/i18n"
	"github.com/carepress/carepress/internal/site"
)

// MinTitle and MaxTitle are the lengths of a <title> that search results
// show in full; a "Title | Site" longer than MaxTitle drops the site
// name. `carepress check` measures titles as Title renders them.
const (
	MinTitle = 30
	MaxTitle = 60
)

// MaxDescription is the longest meta description made from a summary.
const MaxDescription = 160

// Options configure a Builder.
type Options struct {
	// ImageSize reports the pixel size of the image at a site path
	// ("/posts/sun-safety/sunscreen.jpg"). When it is nil or reports !ok,
	// og:image:width and og:image:height are left out.
	ImageSize func(path string) (w, h int, ok bool)
}

// Builder computes the head and the JSON-LD of the pages of one site.
type Builder struct {
	site   *site.Site
	opts   Options
	byPath map[string]*site.Page
	// msgs write carepress's words in each of the site's languages (the
	// breadcrumb's "Home"), by code.
	msgs map[string]*i18n.Localizer

	// shared is the start of every page's JSON-LD document, through the
	// nodes every graph begins with; nil when they cannot be encoded
	// ahead (JSONLD then encodes the whole graph).
	shared     []byte
	sharedOnce sync.Once
}

// New returns a Builder for s.
func New(s *site.Site, opts Options) *Builder {
	b := &Builder{site: s, opts: opts, byPath: map[string]*site.Page{}, msgs: map[string]*i18n.Localizer{}}
	for _, lang := range s.Config.LanguageCodes() {
		b.msgs[lang] = i18n.Builtin().For(lang, s.Config.Language)
	}
	for _, p := range s.All {
		b.byPath[p.Path] = p
	}
	return b
}

// Title is the text of p's <title>: "Post title | Site", the title alone
// when that would be longer than MaxTitle, and the site's title on the
// home page.
func (b *Builder) Title(p *site.Page) string {
	name := b.site.Config.Title
	if p.Kind == site.KindHome || p.Title == "" || p.Title == name {
		return name
	}
	if t := p.Title + " | " + name; utf8.RuneCountInString(t) <= MaxTitle {
		return t
	}
	return p.Title
}

// Description is p's meta description: the one its front matter gives, or
// else its summary cut on a word at MaxDescription characters.
func (b *Builder) Description(p *site.Page) string {
	if p.Meta != nil && p.Meta.Description != "" {
		return p.Meta.Description
	}
	d := p.Description
	if d == "" {
		d = p.SummaryText
	}
	return Cut(d, MaxDescription)
}

// Cut shortens s to at most max characters, cutting between words and
// ending with "…" when anything was cut.
func Cut(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max]
	cut := -1
	for i := max - 1; i > 0; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	if cut < 0 { // one long word
		return string(r[:max-1]) + "…"
	}
	out := strings.TrimRightFunc(string(r[:cut]), func(c rune) bool { return unicode.IsSpace(c) || unicode.IsPunct(c) })
	return out + "…"
}

// Canonical is p's absolute canonical URL: the front matter's canonical
// when given. The 404 page has none.
func (b *Builder) Canonical(p *site.Page) string {
	if p.Kind == site.KindNotFound {
		return ""
	}
	if p.Meta != nil && p.Meta.Canonical != "" {
		return b.site.Config.AbsURL(p.Meta.Canonical)
	}
	return b.url(p)
}

// Noindex reports whether p asks search engines not to index it.
func (b *Builder) Noindex(p *site.Page) bool {
	return p.Kind == site.KindNotFound || p.Meta != nil && p.Meta.Noindex
}

// url is the absolute URL of p itself (not its canonical).
func (b *Builder) url(p *site.Page) string { return b.site.Config.AbsURL(p.Path) }

// Locale is the Open Graph form of a language tag: "en-US" → "en_US".
func Locale(lang string) string {
	if lang == "" {
		return "en_US"
	}
	return strings.ReplaceAll(lang, "-", "_")
}

// Meta is one <meta> tag.
type Meta struct {
	Key     string // the property or name
	Content string
}

// Link is one <link rel="alternate"> to a feed.
type Link struct {
	// Format is "rss", "atom" or "json": the link's type is
	// application/rss+xml, application/atom+xml or application/feed+json.
	Format string
	Href   string // root-relative, with the base path
	Title  string
}

// Image is a page's share image.
type Image struct {
	URL           string // absolute
	Width, Height int    // 0 when not known
	Alt           string
}

// Head is everything seo writes into a page's <head> besides JSON-LD.
type Head struct {
	Title       string
	Description string
	Canonical   string // "" on the 404 page
	Noindex     bool
	// Props are Open Graph and article tags (<meta property>).
	Props []Meta
	// Names are Twitter card tags (<meta name>).
	Names []Meta
	Feeds []Link
	// Alternates are the page in each language it is written in, itself
	// included, then x-default; none for a page in one language.
	Alternates []Alternate
}

// Alternate is a version of a page in one language: a <link rel=alternate
// hreflang> in the head, an <xhtml:link> in the sitemap.
type Alternate struct {
	// Lang is a language tag, or "x-default" for the version a reader
	// whose language the site does not have is shown (the default
	// language's).
	Lang string
	Href string // absolute
}

// Alternates are p and its translations, in the order of the site's
// languages, then x-default, the default language's version; nil for a
// page with no translation.
func Alternates(s *site.Site, p *site.Page) []Alternate {
	if len(p.Translations) == 0 {
		return nil
	}
	cfg := s.Config
	versions := make([]*site.Page, 0, len(p.Translations)+1)
	for _, code := range cfg.LanguageCodes() {
		if strings.EqualFold(p.Lang, code) {
			versions = append(versions, p)
		} else if t := p.Translation(code); t != nil {
			versions = append(versions, t)
		}
	}
	out := make([]Alternate, 0, len(versions)+1)
	for _, v := range versions {
		out = append(out, Alternate{Lang: v.Lang, Href: cfg.AbsURL(v.Path)})
	}
	if len(versions) > 0 && strings.EqualFold(versions[0].Lang, cfg.Language) {
		out = append(out, Alternate{Lang: "x-default", Href: out[0].Href})
	}
	return out
}

// Feed paths, below the site or a tag or series page.
const (
	RSSFile  = "index.xml"
	AtomFile = "atom.xml"
	JSONFile = "feed.json"
)

// HeadOf computes the head of p.
func (b *Builder) HeadOf(p *site.Page) Head {
	cfg := b.site.Config
	h := Head{Title: b.Title(p), Description: b.Description(p), Canonical: b.Canonical(p), Noindex: b.Noindex(p)}
	ogType := "website"
	switch p.Kind {
	case site.KindPost:
		ogType = "article"
	case site.KindPerson:
		ogType = "profile"
	}
	add := func(k, v string) {
		if v != "" {
			h.Props = append(h.Props, Meta{k, v})
		}
	}
	add("og:type", ogType)
	add("og:title", ogTitle(p, cfg.Title))
	add("og:description", h.Description)
	add("og:url", h.Canonical)
	add("og:site_name", cfg.Title)
	lang := p.Lang
	if lang == "" {
		lang = cfg.Language
	}
	add("og:locale", Locale(lang))
	img, hasImg := b.image(p)
	if hasImg {
		add("og:image", img.URL)
		if img.Width > 0 && img.Height > 0 {
			add("og:image:width", itoa(img.Width))
			add("og:image:height", itoa(img.Height))
		}
		add("og:image:alt", img.Alt)
	}
	if p.Kind == site.KindPost {
		add("article:published_time", b.datetime(p.Date))
		add("article:modified_time", b.datetime(p.Lastmod))
		if p.Author != nil && p.Author.Page != nil {
			add("article:author", b.url(p.Author.Page))
		}
		for _, t := range p.Tags {
			add("article:tag", t.Name)
		}
	}
	card := "summary"
	if hasImg {
		card = "summary_large_image"
	}
	h.Names = append(h.Names, Meta{"twitter:card", card})
	if x, ok := cfg.Social.Platforms["x"]; ok && x.Handle != "" {
		handle := x.Handle
		if !strings.HasPrefix(handle, "@") {
			handle = "@" + handle
		}
		h.Names = append(h.Names, Meta{"twitter:site", handle})
	}
	h.Feeds = b.feeds(p)
	h.Alternates = Alternates(b.site, p)
	return h
}

// ogTitle is the title a link preview shows: the page's own, since the
// preview names the site beside it.
func ogTitle(p *site.Page, siteTitle string) string {
	if p.Kind == site.KindHome || p.Title == "" {
		return siteTitle
	}
	return p.Title
}

// image is p's share image, if it has one.
func (b *Builder) image(p *site.Page) (Image, bool) {
	path, alt := p.ShareImage(), p.ImageAlt
	if p.Image == "" && p.Card != "" {
		alt = p.Title // the card shows the title
	}
	if path == "" && p.Kind == site.KindPerson && p.Person != nil {
		path, alt = p.Person.Image, p.Person.ImageAlt
	}
	if path == "" {
		return Image{}, false
	}
	img := Image{URL: b.site.Config.AbsURL(path), Alt: alt}
	if path == p.ShareImage() && p.ImageWidth > 0 {
		img.Width, img.Height = p.ImageWidth, p.ImageHeight
	} else if b.opts.ImageSize != nil {
		if w, h, ok := b.opts.ImageSize(path); ok {
			img.Width, img.Height = w, h
		}
	}
	return img, true
}

// feeds are the feeds a page links to: the site's, and on a tag, category
// or series page also that one's.
func (b *Builder) feeds(p *site.Page) []Link {
	cfg := b.site.Config
	list := func(base, title string) []Link {
		return []Link{
			{"rss", cfg.RelURL(base + RSSFile), title + " (RSS)"},
			{"atom", cfg.RelURL(base + AtomFile), title + " (Atom)"},
			{"json", cfg.RelURL(base + JSONFile), title + " (JSON Feed)"},
		}
	}
	home := "/" // the site's feed, in the page's language
	if b.site.Home != nil {
		home = b.site.Home.Path
	}
	out := list(home, cfg.Title)
	switch {
	case p.Kind == site.KindTerm && p.Term != nil:
		out = append(out, list(p.Term.Path, cfg.Title+": "+p.Term.Name)...)
	case p.Kind == site.KindSeries && p.Series != nil && p.Series.Page != nil:
		out = append(out, list(p.Series.Page.Path, cfg.Title+": "+p.Series.Title)...)
	}
	return out
}

func (b *Builder) datetime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if loc := b.site.Config.Location; loc != nil {
		t = t.In(loc)
	}
	return t.Format(time.RFC3339)
}

func (b *Builder) date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if loc := b.site.Config.Location; loc != nil {
		t = t.In(loc)
	}
	return t.Format("2006-01-02")
}

func itoa(n int) string {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(buf[i:])
}

// HeadHTML renders the head of p: title, description, canonical, robots,
// Open Graph, Twitter card and feed links. It is written directly rather
// than by a template, since every page has one: that took the head from
// 0.95 s to 0.16 s of the 14.7 s of CPU of a cold 10k-post build (5.4%,
// BENCHMARKS.md, 2026-11-24). It is escaped exactly as html/template
// escapes text, attributes and URLs (a test holds it to a template's
// output).
func (b *Builder) HeadHTML(p *site.Page) (template.HTML, error) {
	return template.HTML(writeHead(b.HeadOf(p))), nil //nolint:gosec // escaped by writeHead
}

// writeMeta writes a <meta> element for each of ms, keyed by attr.
func writeMeta(sb *strings.Builder, attr string, ms []Meta) {
	for _, m := range ms {
		sb.WriteString("\n<meta ")
		sb.WriteString(attr)
		sb.WriteString("=\"")
		htmlesc.Text(sb, m.Key)
		sb.WriteString("\" content=\"")
		htmlesc.Text(sb, m.Content)
		sb.WriteString("\">")
	}
}

func writeHead(h Head) string {
	var sb strings.Builder
	sb.Grow(2048)
	sb.WriteString("<title>")
	htmlesc.Text(&sb, h.Title)
	sb.WriteString("</title>")
	if h.Description != "" {
		sb.WriteString("\n<meta name=\"description\" content=\"")
		htmlesc.Text(&sb, h.Description)
		sb.WriteString("\">")
	}
	if h.Canonical != "" {
		sb.WriteString("\n<link rel=\"canonical\" href=\"")
		htmlesc.URL(&sb, h.Canonical)
		sb.WriteString("\">")
	}
	if h.Noindex {
		sb.WriteString("\n<meta name=\"robots\" content=\"noindex\">")
	}
	writeMeta(&sb, "property", h.Props)
	writeMeta(&sb, "name", h.Names)
	for _, l := range h.Feeds {
		sb.WriteString("\n<link rel=\"alternate\" type=\"application/")
		switch l.Format {
		case "rss":
			sb.WriteString("rss+xml")
		case "atom":
			sb.WriteString("atom+xml")
		default:
			sb.WriteString("feed+json")
		}
		sb.WriteString("\" href=\"")
		htmlesc.URL(&sb, l.Href)
		sb.WriteString("\" title=\"")
		htmlesc.Text(&sb, l.Title)
		sb.WriteString("\">")
	}
	for _, a := range h.Alternates {
		sb.WriteString("\n<link rel=\"alternate\" hreflang=\"")
		htmlesc.Text(&sb, a.Lang)
		sb.WriteString("\" href=\"")
		htmlesc.URL(&sb, a.Href)
		sb.WriteString("\">")
	}
	return sb.String()
}

// msg writes carepress's words in the language of p (nil: the site's
// default language).
func (b *Builder) msg(p *site.Page) *i18n.Localizer {
	if p != nil {
		if l, ok := b.msgs[p.Lang]; ok {
			return l
		}
	}
	return b.msgs[b.site.Config.Language]
}
