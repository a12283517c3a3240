package site

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/locale"
	"github.com/carepress/carepress/internal/slug"
)

// translations makes a page of each translation (content.Set.Translations)
// that this build publishes, under its language's path, and links it with
// its original both ways (Page.Translations). Run last: an original may be
// any page, a generated list included (the home page's translation has no
// original file).
//
// A translation is held to its original's rules: it needs a title, its
// people and series must exist, its slug must make a URL no other page
// has. It is published when its original is (a translation of a draft or
// of a post still to come waits for it) and its own front matter allows.
// What a translation leaves out, its original gives: a post's date and
// series, a page's layout.
func (b *builder) translations(set *content.Set) {
	if len(set.Translations) == 0 {
		return
	}
	cfg := b.s.Config
	origs := b.originalPages()
	files := map[string]bool{} // kind and ID of every original file, published or not
	for _, fs := range [][]*content.File{set.Posts, set.Pages, set.People, set.Series, set.Notices, set.Services} {
		for _, f := range fs {
			files[translationKey(f.Kind, f.ID)] = true
		}
	}
	for _, f := range set.Translations {
		lang := cfg.LanguageOf(f.Lang)
		if lang == nil {
			continue // content.Load gives only the site's languages
		}
		orig := origs[translationKey(f.Kind, f.ID)]
		if orig == nil && f.Kind == content.KindPage {
			// A generated page: the home page ("") or a list (services).
			orig = b.generated("/" + strings.TrimPrefix(f.ID+"/", "/"))
		}
		if orig == nil {
			if !files[translationKey(f.Kind, f.ID)] {
				b.errs = append(b.errs, diag.Errorf(diag.Pos{File: f.Path}, fmt.Sprintf("write the original in %s first, or rename %s if it is not a translation", cfg.Language, f.Path),
					"%s translates %s, which does not exist", f.Path, content.OriginalPath(f.Path)))
			}
			continue // the original is not published in this build
		}
		p := b.translation(f, orig, lang)
		if p == nil || !b.claim(p) {
			continue
		}
		b.s.Translations = append(b.s.Translations, p)
		if f.Kind == content.KindNotice {
			b.noticeVersion(f, p)
		}
	}
	// A translated post or page shows its original's notices, each in
	// the translation's language where it has been translated.
	for _, p := range b.s.Translations {
		if o := p.Translations[0]; len(o.Notices) > 0 && p.Notices == nil {
			p.Notices = make([]*Notice, len(o.Notices))
			for i, n := range o.Notices {
				p.Notices[i] = n.In(p.Lang)
			}
		}
	}
	order := map[string]int{}
	for i, code := range cfg.LanguageCodes() {
		order[code] = i
	}
	sort.SliceStable(b.s.Translations, func(i, j int) bool {
		a, c := b.s.Translations[i], b.s.Translations[j]
		if a.Lang != c.Lang {
			return order[a.Lang] < order[c.Lang]
		}
		return a.Path < c.Path
	})
	// Each version lists the others, in the order of the languages.
	versions := map[*Page][]*Page{}
	var origList []*Page
	for _, p := range b.s.Translations {
		o := p.Translations[0] // set by translation: the original
		if versions[o] == nil {
			versions[o] = []*Page{o}
			origList = append(origList, o)
		}
		versions[o] = append(versions[o], p)
	}
	for _, o := range origList {
		all := versions[o]
		for _, p := range all {
			p.Translations = slices.DeleteFunc(slices.Clone(all), func(q *Page) bool { return q == p })
		}
	}
}

// noticeVersion makes the Notice of f, a notice's translation whose page
// is p, and adds it to its original's versions: it keeps the original's
// kind, placement and dates, and has its own title, summary and text.
func (b *builder) noticeVersion(f *content.File, p *Page) {
	orig, ok := b.s.NoticesByID[f.ID]
	if !ok {
		return
	}
	v := *orig
	v.Title, v.Page, v.Source, v.Lang, v.Translations = p.Title, p, f, f.Lang, nil
	v.Summary, v.Content, v.Embed = "", "", ""
	if f.Notice.Summary != "" {
		v.Summary = p.Description // expanded by translation
	}
	if f.Doc != nil {
		v.Content = html(f.Doc.HTML)
		v.Embed = html(embed(f.ID, f.Doc.HTML))
	}
	if v.Summary == "" && (orig.Placed("footer") || orig.Placed("social")) {
		b.errs = append(b.errs, diag.Errorf(diag.Pos{File: f.Path, Line: 1, Col: 1}, "add `summary: one line` in the translation's language — footers and social snippets show only the summary",
			"the notice is placed in the footer or social snippets, but its translation has no summary"))
	}
	orig.Translations = append(orig.Translations, &v)
}

// untranslatedNotices warns of each required notice that one of the
// site's languages lacks: a page in that language must still show it, so
// it links the default language's, labelled in its own language, until
// the translation is written.
func (b *builder) untranslatedNotices() {
	cfg := b.s.Config
	if len(cfg.Languages) == 0 {
		return
	}
	def := languageName(cfg.Language)
	for _, id := range cfg.Notices.Require {
		n, ok := b.s.NoticesByID[id]
		if !ok || n.Page == nil || n.Source == nil {
			continue // require reports it
		}
		for _, l := range cfg.Languages {
			if n.Page.Translation(l.Code) != nil {
				continue
			}
			ext := path.Ext(n.Source.Path)
			want := strings.TrimSuffix(n.Source.Path, ext) + "." + locale.Base(l.Code) + ext
			b.errs = append(b.errs, diag.Warnf(diag.Pos{File: n.Source.Path}, "write "+want,
				"required notice %q has no %s translation: pages in %s link the %s one", id, languageName(l.Code), l.Code, def))
		}
	}
}

// languageName is the English name of the language of tag ("Spanish").
func languageName(tag string) string {
	if l, ok := locale.LookupLanguage(tag); ok {
		return l.English
	}
	return tag
}

// translationKey names a file in its kind, whatever its language.
func translationKey(k content.Kind, id string) string { return k.String() + "\x00" + id }

// originalPages are the published pages of the default language's files,
// by kind and ID: every page to render that has a source (a plain page
// that introduces a list is that list's page).
func (b *builder) originalPages() map[string]*Page {
	out := make(map[string]*Page, len(b.s.All))
	for _, p := range b.s.All {
		if p.Source != nil {
			out[translationKey(p.Source.Kind, p.Source.ID)] = p
		}
	}
	return out
}

// generated is the generated page at path (the home page, a list with no
// text of its own), or nil.
func (b *builder) generated(path string) *Page {
	for _, p := range b.s.All {
		if p.Path == path && p.Source == nil {
			return p
		}
	}
	return nil
}

// translation makes the page of f, a translation of orig into lang, or
// returns nil when this build does not publish it.
func (b *builder) translation(f *content.File, orig *Page, lang *config.Language) *Page {
	p := &Page{Kind: orig.Kind, Layout: orig.Layout, Lang: f.Lang, Translations: []*Page{orig}}
	fromFile(p, f)
	switch f.Kind {
	case content.KindPost, content.KindPage:
		m := f.Post
		p.Meta, p.Title, p.Description = m, m.Title, m.Description
		p.ImageAlt, p.LastReviewed, p.ExpiryDate = m.ImageAlt, m.LastReviewed, m.ExpiryDate
		if p.ExpiryDate.IsZero() {
			p.ExpiryDate = orig.ExpiryDate
		}
		if m.Layout != "" {
			p.Layout = m.Layout
		}
		p.Date = orig.Date
		if !m.PublishDate.IsZero() {
			p.Date = m.PublishDate
		} else if !m.Date.IsZero() {
			p.Date = m.Date
		}
		p.Date = p.Date.In(b.s.Config.Location)
		p.Lastmod = p.Date
		if !m.Lastmod.IsZero() {
			p.Lastmod = m.Lastmod.In(b.s.Config.Location)
		}
		if !b.publish(p, m, p.Date) {
			return nil
		}
		if p.Title == "" {
			if f.Kind == content.KindPost {
				b.errs = append(b.errs, diag.Errorf(diag.Pos{File: f.Path, Line: 1, Col: 1}, "add `title: ...` in the translation's language", "translation has no title"))
			}
			p.Title = orig.Title
		}
		if p.Description == "" {
			p.Description = p.SummaryText
		}
		if !b.translatedPath(p, f, orig, lang) {
			return nil
		}
		if m.Image != "" {
			// A bundle's images are published beside the original.
			p.Image = b.resource(orig, f, m.Image)
		}
		b.translatedRefs(p, f, orig)
		return p
	case content.KindNotice:
		m := f.Notice
		p.Title, p.Description, p.Lastmod = m.Title, m.Summary, m.Lastmod
		if m.Summary != "" {
			s, err := content.ExpandIn(f.Lang, f.Path, f.At("summary").Line, []byte(m.Summary), b.s.Config)
			if err != nil {
				b.errs.Add(err)
			} else {
				p.Description = string(s)
			}
		}
	case content.KindPerson:
		m := f.Person
		p.Title, p.Description = m.Name, m.Bio
		if p.Title == "" {
			p.Title = orig.Title
		} else if orig.Person != nil && orig.Person.Credentials != "" {
			p.Title += ", " + orig.Person.Credentials
		}
	case content.KindSeries:
		p.Title, p.Description = f.Series.Title, f.Series.Description
	case content.KindService:
		m := f.Service
		if m.Draft && !b.opts.Drafts {
			return nil
		}
		p.Title, p.Description, p.ImageAlt, p.Draft = m.Title, strings.TrimSpace(m.Summary), m.ImageAlt, m.Draft
		if m.Image != "" {
			p.Image = b.resource(orig, f, m.Image)
		}
	}
	if p.Title == "" {
		b.errs = append(b.errs, diag.Errorf(diag.Pos{File: f.Path, Line: 1, Col: 1}, "add `title: ...` in the translation's language", "translation has no title"))
		p.Title = orig.Title
	}
	if p.Description == "" {
		p.Description = p.SummaryText
	}
	if !b.translatedPath(p, f, orig, lang) {
		return nil
	}
	return p
}

// translatedPath puts p, the translation of orig in file f, under its
// language's path: the original's path there, or, for a post or a page
// that sets its own slug, with that slug as its last segment.
func (b *builder) translatedPath(p *Page, f *content.File, orig *Page, lang *config.Language) bool {
	rest := strings.TrimPrefix(orig.Path, "/")
	if f.Post != nil && f.Post.Slug != "" && orig.Kind != KindHome {
		s := slug.Make(f.Post.Slug)
		if s == "" {
			b.errs = append(b.errs, diag.Errorf(f.At("slug"), "set `slug:` with letters a-z and digits", "cannot make a URL from %q", f.Post.Slug))
			return false
		}
		if !slug.Valid(f.Post.Slug) {
			b.errs = append(b.errs, diag.Warnf(f.At("slug"), fmt.Sprintf("use %q", s), "slug %q is not lowercase ASCII letters, digits and hyphens", f.Post.Slug))
		}
		dir := strings.TrimSuffix(rest, "/")
		if i := strings.LastIndexByte(dir, '/'); i >= 0 {
			rest = dir[:i+1] + s + "/"
		} else {
			rest = s + "/"
		}
	}
	p.Path = lang.Path + rest
	p.Out = outFile(p.Path)
	return true
}

// translatedRefs resolves the people and series a translated post or page
// names, as its original's are; what it leaves out, it has from its
// original.
func (b *builder) translatedRefs(p *Page, f *content.File, orig *Page) {
	m := p.Meta
	p.Author, p.Reviewer = orig.Author, orig.Reviewer
	if m.Author != "" {
		if a, ok := b.s.PeopleByID[m.Author]; ok {
			p.Author = a
		} else {
			b.errs = append(b.errs, diag.Errorf(f.At("author"), b.unknownHint(m.Author, peopleIDs(b.s)), "unknown author %q", m.Author))
		}
	}
	if m.ReviewedBy != "" {
		if r, ok := b.s.PeopleByID[m.ReviewedBy]; ok {
			p.Reviewer = r
		} else {
			b.errs = append(b.errs, diag.Errorf(f.At("reviewed_by"), b.unknownHint(m.ReviewedBy, peopleIDs(b.s)), "unknown reviewer %q", m.ReviewedBy))
		}
	}
	p.Series, p.SeriesOrder = orig.Series, orig.SeriesOrder
	if m.Series != "" {
		if s, ok := b.s.SeriesByID[m.Series]; ok {
			p.Series = s
			if m.SeriesOrder != 0 {
				p.SeriesOrder = m.SeriesOrder
			}
		} else {
			b.errs = append(b.errs, diag.Errorf(f.At("series"), b.unknownHint(m.Series, seriesIDs(b.s)), "unknown series %q", m.Series))
		}
	}
}

// languages sets the language of every page of the default language.
func (b *builder) languages() {
	lang := b.s.Config.Language
	for _, ps := range [][]*Page{b.s.All, b.s.Scheduled, b.s.Drafts} {
		for _, p := range ps {
			if p.Lang == "" {
				p.Lang = lang
			}
		}
	}
}

// Translation returns p's version in the language lang, or nil when it
// has none (or lang is p's own).
func (p *Page) Translation(lang string) *Page {
	for _, q := range p.Translations {
		if strings.EqualFold(q.Lang, lang) {
			return q
		}
	}
	return nil
}

// Original is the page p translates, or nil for a page in the default
// language: the first of its translations, which are in the order of
// the site's languages.
func (p *Page) Original(defaultLang string) *Page {
	if p.Lang == defaultLang || len(p.Translations) == 0 || p.Translations[0].Lang != defaultLang {
		return nil
	}
	return p.Translations[0]
}
