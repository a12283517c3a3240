package site

import (
	"slices"
	"sort"
	"strings"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/i18n"
	"github.com/carepress/carepress/internal/locale"
	"github.com/carepress/carepress/internal/slug"
)

// languageSites makes the site in each of its other languages (Site.Langs)
// from the translations this build publishes: its posts and plain pages
// are the translations in that language, and its lists (home, posts, tags,
// series, authors, policies) are made the default language's way, under
// the language's path, from those posts alone. An untranslated page exists
// only in its own language; a series or an author of a translated post has
// a page in the post's language (with the original's title or bio when
// it has no translation of its own).
//
// Each generated page is linked with the default language's page at the
// same path below the language's (the home page, /posts/, a series...),
// so that every page with a version in another language says so.
func (b *builder) languageSites() {
	s, cfg := b.s, b.s.Config
	s.Lang = cfg.Language
	if len(cfg.Languages) == 0 {
		return
	}
	s.sites = []*Site{s}
	order := map[string]int{}
	for i, code := range cfg.LanguageCodes() {
		order[strings.ToLower(code)] = i
	}
	for i := range cfg.Languages {
		v := b.languageSite(&cfg.Languages[i], order)
		s.Langs = append(s.Langs, v)
		s.sites = append(s.sites, v)
	}
	for _, v := range s.Langs {
		v.sites = s.sites
	}
}

// languageSite makes the site in the language l.
func (b *builder) languageSite(l *config.Language, order map[string]int) *Site {
	s, cfg := b.s, b.s.Config
	lc := *cfg
	lc.Title = l.Title
	if l.Tagline != "" {
		lc.Practice.Tagline = l.Tagline
	}
	v := &Site{
		Config: &lc, Now: s.Now, Publish: s.Publish, Lang: l.Code,
		PeopleByID: map[string]*Person{}, SeriesByID: map[string]*Series{}, NoticesByID: map[string]*Notice{},
		ServicesByID: map[string]*Service{},
		Providers:    s.Providers, ProvidersByLocation: s.ProvidersByLocation, ProvidersBySpecialty: s.ProvidersBySpecialty,
		Images: s.Images, LogoWidth: s.LogoWidth, LogoHeight: s.LogoHeight,
	}
	lb := &builder{s: v, opts: b.opts, urls: b.urls, drafts: b.drafts, intros: map[string]*Page{},
		msg: i18n.Builtin().For(l.Code, cfg.Language), spellings: map[*Term][]spelling{},
		prefix: strings.TrimSuffix(l.Path, "/"), placed: map[*Page]bool{}}

	for _, n := range s.Notices {
		vn := n.In(l.Code)
		v.Notices = append(v.Notices, vn)
		v.NoticesByID[n.ID] = vn
	}
	person := func(o *Person) *Person {
		if o == nil {
			return nil
		}
		if x, ok := v.PeopleByID[o.ID]; ok {
			return x
		}
		x := *o
		x.Posts, x.Reviewed, x.Page = nil, nil, nil
		v.PeopleByID[o.ID] = &x
		v.People = append(v.People, &x)
		return &x
	}
	series := func(o *Series) *Series {
		if o == nil {
			return nil
		}
		if x, ok := v.SeriesByID[o.ID]; ok {
			return x
		}
		x := *o
		x.Posts, x.Page = nil, nil
		v.SeriesByID[o.ID] = &x
		v.Series = append(v.Series, &x)
		return &x
	}
	var rest []*Page // the translations that are pages of their own
	for _, p := range s.Translations {
		if !strings.EqualFold(p.Lang, l.Code) {
			continue
		}
		lb.placed[p] = true
		o := p.Translations[0]
		switch o.Kind {
		case KindPost:
			v.Posts = append(v.Posts, p)
		case KindHome:
			v.Home = p
			if p.Meta != nil && p.Meta.Title == "" {
				p.Title = lc.Title // the site's name in the language
			}
		case KindPerson:
			x := person(o.Person)
			x.Bio, x.Page = p.Description, p
			p.Person = x
		case KindSeries:
			x := series(o.Series)
			x.Title, x.Description, x.Page = p.Title, p.Description, p
			p.Series = x
		case KindNotice:
			p.Notice = o.Notice.In(l.Code)
			rest = append(rest, p)
		case KindService:
			x := *o.Service
			x.Title, x.Summary, x.Page, x.Related, x.Tags = p.Title, p.Description, p, nil, nil
			if m := p.Source.Service; m != nil && m.For != "" {
				x.For = m.For
			}
			p.Service = &x
			v.Services = append(v.Services, &x)
			v.ServicesByID[x.ID] = &x
			rest = append(rest, p)
		default:
			if o.Kind == KindPage {
				v.Pages = append(v.Pages, p)
			}
			rest = append(rest, p)
		}
	}
	if v.Home == nil {
		v.Home = &Page{Description: l.Description}
	}
	sortNewest(v.Posts)
	for _, p := range v.Posts {
		lb.add(p)
		p.Author, p.Reviewer = person(p.Author), person(p.Reviewer)
		if p.Author != nil {
			p.Author.Posts = append(p.Author.Posts, p)
		}
		if p.Reviewer != nil {
			p.Reviewer.Reviewed = append(p.Reviewer.Reviewed, p)
		}
		if p.Series = series(p.Series); p.Series != nil {
			p.Series.Posts = append(p.Series.Posts, p)
		}
	}
	sort.SliceStable(v.People, func(i, j int) bool { return v.People[i].Name < v.People[j].Name })
	sort.SliceStable(v.Series, func(i, j int) bool { return v.Series[i].Title < v.Series[j].Title })
	for _, x := range v.People {
		if x.Page == nil {
			pg := *s.PeopleByID[x.ID].Page
			pg.Source, pg.Translations, pg.Person, pg.Lang = nil, nil, x, ""
			pg.Path = lb.prefix + pg.Path
			pg.Out = outFile(pg.Path)
			x.Page = &pg
		}
		lb.add(x.Page)
	}
	for _, x := range v.Series {
		if x.Page == nil {
			x.Page = &Page{Kind: KindSeries, Layout: string(KindSeries), Title: x.Title, Description: x.Description,
				Path: lb.prefix + "/series/" + slug.Make(x.ID) + "/", Series: x}
			x.Page.Out = outFile(x.Page.Path)
		}
	}
	for _, p := range rest {
		lb.add(p)
	}
	for _, m := range l.Menu {
		v.Menu = append(v.Menu, MenuItem{Name: m.Name, URL: cfg.RelURL(m.URL)})
	}
	if len(l.Menu) == 0 {
		v.Menu = s.Menu
	}
	lb.lists()
	b.errs = append(b.errs, lb.errs...)
	v.paths = make(map[string]bool, len(v.All))
	for _, p := range v.All {
		p.Lang = l.Code
		v.paths[p.Path] = true
	}
	// The lists and pages of the language with a page of the default
	// language at the same place are its versions there.
	byPath := make(map[string]*Page, len(s.All))
	for _, p := range s.All {
		byPath[p.Path] = p
	}
	for _, p := range v.All {
		if len(p.Translations) > 0 {
			continue
		}
		if o := byPath["/"+strings.TrimPrefix(p.Path, l.Path)]; o != nil && o.Kind == p.Kind {
			versions := append([]*Page{o, p}, o.Translations...)
			sort.SliceStable(versions, func(i, j int) bool {
				return order[strings.ToLower(versions[i].Lang)] < order[strings.ToLower(versions[j].Lang)]
			})
			for _, q := range versions {
				q.Translations = slices.DeleteFunc(slices.Clone(versions), func(x *Page) bool { return x == q })
			}
		}
	}
	return v
}

// Link is the site path of the page at path (a site path of the default
// language: "/posts/") in the language of s: the language's own when it
// has one, else path itself. It reads no list of the site: layouts that
// call it do not depend on every post (render.Deps).
func (s *Site) Link(path string) string {
	if s.paths == nil {
		return path
	}
	if lp := strings.TrimSuffix(s.Home.Path, "/") + path; s.paths[lp] {
		return lp
	}
	return path
}

// In returns the site in the language lang: s itself for its own
// language, and for a language it does not have.
func (s *Site) In(lang string) *Site {
	for _, v := range s.sites {
		if strings.EqualFold(v.Lang, lang) {
			return v
		}
	}
	return s
}

// Sites are the site in each of its languages, the default one first; a
// site in one language has just itself.
func (s *Site) Sites() []*Site {
	if len(s.sites) == 0 {
		return []*Site{s}
	}
	return s.sites
}

// A Version is a page in another language, for the language switcher.
type Version struct {
	// Lang is the language's code, Name its name in itself ("Español").
	Lang, Name string
	// Path is the page's translation, or that language's home page.
	Path string
	// Translated is true when Path is p's translation.
	Translated bool
}

// Switcher lists p in each of the site's other languages: its translation,
// or, where it has none, that language's home page.
func (s *Site) Switcher(p *Page) []Version {
	var out []Version
	for _, v := range s.Sites() {
		if strings.EqualFold(v.Lang, p.Lang) || v.Home == nil {
			continue
		}
		ver := Version{Lang: v.Lang, Name: v.Lang, Path: v.Home.Path}
		if l, ok := locale.LookupLanguage(v.Lang); ok {
			ver.Name = l.Name
		}
		if t := p.Translation(v.Lang); t != nil {
			ver.Path, ver.Translated = t.Path, true
		}
		out = append(out, ver)
	}
	return out
}
