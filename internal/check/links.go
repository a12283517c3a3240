package check

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/seo"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/themes"
)

// targets is what a site path can lead to.
type targets struct {
	pages map[string]*site.Page // page path → page
	files map[string]bool       // other outputs: aliases, bundle files, images, static files
	// ids are the element ids of the pages links name a fragment of, as
	// pageIDs read them.
	ids map[*site.Page]map[string]bool
}

func (c *checker) targets() *targets {
	t := &targets{pages: map[string]*site.Page{}, files: map[string]bool{}, ids: map[*site.Page]map[string]bool{}}
	s := c.s
	// The pages of every language, translations and their lists: a link
	// to /es/... is a link to the site.
	for _, ls := range s.Sites() {
		for _, p := range ls.All {
			t.pages[p.Path] = p
		}
	}
	for _, p := range s.Translations {
		if _, ok := t.pages[p.Path]; !ok {
			t.pages[p.Path] = p
		}
	}
	// Posts this build leaves out are still link targets: a link to one
	// is unpublished, not broken.
	for _, p := range slices.Concat(s.Scheduled, s.Drafts) {
		if _, ok := t.pages[p.Path]; !ok {
			t.pages[p.Path] = p
		}
	}
	for _, a := range s.Aliases {
		t.files[a.From] = true
	}
	for _, f := range s.Files {
		t.files["/"+f.Dst] = true
	}
	for _, im := range s.Images {
		t.files[im.Path] = true
	}
	for _, p := range []string{"/sitemap.xml", "/robots.txt", "/css/brand.css"} {
		t.files[p] = true
	}
	for _, ls := range s.Sites() { // each language's feeds
		home := "/"
		if ls.Home != nil {
			home = ls.Home.Path
		}
		for _, f := range []string{seo.RSSFile, seo.AtomFile, seo.JSONFile} {
			t.files[home+f] = true
		}
	}
	var statics []fs.FS
	if sub, err := fs.Sub(themes.FS, themes.Default+"/static"); err == nil {
		statics = append(statics, sub)
	}
	if c.rootFS != nil {
		if sub, err := fs.Sub(c.rootFS, "static"); err == nil {
			statics = append(statics, sub)
		}
		if sub, err := fs.Sub(c.rootFS, "themes/"+s.Config.Theme+"/static"); err == nil {
			statics = append(statics, sub)
		}
	}
	for _, sfs := range statics {
		fs.WalkDir(sfs, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				t.files["/"+p] = true
			}
			return nil
		})
	}
	return t
}

// publishes returns when p goes public: now for a published page, its
// date for a scheduled post. ok is false for a draft, whose links are
// judged once it is published, and for an expired post, which no one
// reads.
func (c *checker) publishes(p *site.Page) (at time.Time, ok bool) {
	if !dated(p) {
		return c.now, true
	}
	if p.Draft || !p.ExpiryDate.IsZero() && !p.ExpiryDate.After(c.now) {
		return time.Time{}, false
	}
	if p.Date.After(c.now) {
		return p.Date, true
	}
	return c.now, true
}

// dated reports whether p has publish rules of its own: posts and plain
// pages, not generated pages (whose date is their newest post's).
func dated(p *site.Page) bool { return p.Kind == site.KindPost || p.Kind == site.KindPage }

// unpublished says why p is not public at t, or "" when it is.
func (c *checker) unpublished(p *site.Page, t time.Time) string {
	loc := c.s.Config.Location
	switch {
	case !dated(p):
		return ""
	case p.Draft:
		return "a draft"
	case !p.ExpiryDate.IsZero() && !p.ExpiryDate.After(t):
		if p.ExpiryDate.After(c.now) {
			return "expires on " + p.ExpiryDate.In(loc).Format("2006-01-02")
		}
		return "expired"
	case p.Date.After(t):
		return "scheduled for " + p.Date.In(loc).Format("2006-01-02")
	}
	return ""
}

// resolved is where an internal link leads.
type resolved struct {
	path, frag string
	page       *site.Page
	file       bool
}

// resolve follows href, written on the page at from, to a site path. ok
// is false for links that leave the site (a scheme or another host).
func (t *targets) resolve(from, href, basePath string) (r resolved, internal bool) {
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(href, "//") {
		return r, false
	}
	r.frag = u.Fragment
	p := u.Path
	switch {
	case p == "":
		p = from
	case strings.HasPrefix(p, "/"):
		if basePath != "" && (p == basePath || strings.HasPrefix(p, basePath+"/")) {
			p = strings.TrimPrefix(p, basePath)
		}
	default:
		dir := from
		if !strings.HasSuffix(dir, "/") {
			dir = path.Dir(dir) + "/"
		}
		p = dir + p
	}
	trail := strings.HasSuffix(p, "/")
	p = path.Clean(p)
	if trail && p != "/" {
		p += "/"
	}
	r.path = p
	for _, cand := range []string{p, strings.TrimSuffix(p, "index.html"), p + "/"} {
		if pg, ok := t.pages[cand]; ok {
			r.page, r.path = pg, cand
			return r, true
		}
	}
	if t.files[p] {
		r.file = true
		return r, true
	}
	base := path.Base(p)
	if base == seo.RSSFile || base == seo.AtomFile || base == seo.JSONFile {
		if _, ok := t.pages[path.Dir(p)+"/"]; ok {
			r.file = true
		}
	}
	return r, true
}

// pageIDs lists the element ids a link's fragment may name on p. A post's
// headings are read from the content cache, once per page.
func (c *checker) pageIDs(t *targets, p *site.Page) map[string]bool {
	if ids, ok := t.ids[p]; ok {
		return ids
	}
	ids := map[string]bool{"main": true, "top": true}
	add := func(f *content.File, prefix string) {
		toc, err := f.TOC()
		if err != nil {
			c.unreadable(f, err)
		}
		for _, h := range toc {
			ids[prefix+h.ID] = true
		}
	}
	if p.Source != nil {
		add(p.Source, "")
	}
	for _, n := range p.Notices {
		if n.Source != nil {
			add(n.Source, n.ID+"-")
		}
	}
	t.ids[p] = ids
	return ids
}

func (c *checker) runLinks() {
	if !c.enabled("links/broken") && !c.enabled("links/anchor") && !c.enabled("links/unpublished") {
		return
	}
	t := c.targets()
	base := c.s.Config.BasePath()
	for _, f := range c.files {
		p := c.pages[f]
		if p == nil || f.Doc == nil {
			continue
		}
		links, err := f.Links()
		if err != nil {
			c.unreadable(f, err)
		}
		for _, l := range links {
			pos := bodyLine(f, l.Line, l.Col)
			c.link(t, p, l.URL, base, pos)
		}
	}
	cfg := c.s.Config
	for i, m := range cfg.Menu {
		pos, ok := cfg.Pos[fmt.Sprintf("menu.%d.url", i)]
		if !ok {
			pos = cfg.Pos[fmt.Sprintf("menu.%d", i)]
		}
		pos.File = cfg.File
		c.link(t, c.s.Home, m.URL, base, pos)
	}
}

// link checks one internal link written on page from.
func (c *checker) link(t *targets, from *site.Page, href, base string, pos diag.Pos) {
	fromPath := "/"
	if from != nil {
		fromPath = from.Path
	}
	r, internal := t.resolve(fromPath, href, base)
	if !internal {
		return
	}
	var early, earlyHint string
	if r.page != nil && from != nil {
		early, earlyHint = c.early(from, r.page, r.path)
	}
	switch {
	case r.page == nil && !r.file:
		hint := "check the path; pages end in a slash, such as /posts/flu-shots/"
		if strings.HasSuffix(r.path, ".md") {
			hint = "link to the page's URL, not its source file: /posts/NAME/"
		}
		c.report("links/broken", pos, hint, "link to %s: no such page or file", r.path)
	case early != "":
		c.report("links/unpublished", pos, earlyHint, "%s", early)
	case r.page != nil && r.frag != "" && !strings.HasPrefix(r.frag, "fn:") && !strings.HasPrefix(r.frag, "fnref:"):
		if r.page.Source == nil {
			return // generated pages: ids come from templates
		}
		if !c.pageIDs(t, r.page)[r.frag] {
			c.report("links/anchor", pos, c.anchorHint(t, r.page, r.frag), "link to #%s: %s has no heading with that id", r.frag, r.path)
		}
	}
}

// early says what is wrong with a link from a page to a post that is not
// public on the day the page is: today for a published page, and for a
// scheduled post the day the unattended rebuild publishes it. It returns
// "" when the link is fine.
func (c *checker) early(from, to *site.Page, path string) (msg, hint string) {
	at, ok := c.publishes(from)
	if !ok {
		return "", "" // a draft may link to drafts; it is judged when published
	}
	state := c.unpublished(to, at)
	switch {
	case state == "":
		return "", ""
	case !at.After(c.now) || state == "a draft" || state == "expired":
		return fmt.Sprintf("link to %s, which is %s: the link would 404 or leak it", path, state),
			"remove the link until that post is published, or publish it first"
	}
	day := at.In(c.s.Config.Location).Format("2006-01-02")
	if strings.HasPrefix(state, "expires") {
		return fmt.Sprintf("link to %s, which %s, before this post publishes on %s: the link would 404", path, state, day),
			"remove the link, or keep that post until this one is published"
	}
	return fmt.Sprintf("link to %s, which is %s, after this post publishes on %s: the link would 404 until then", path, state, day),
		"schedule that post no later than this one, or remove the link"
}

func (c *checker) anchorHint(t *targets, p *site.Page, frag string) string {
	var ids []string
	for id := range c.pageIDs(t, p) {
		if id != "main" && id != "top" {
			ids = append(ids, id)
		}
	}
	if h := diag.DidYouMean(frag, ids); h != "" {
		return h
	}
	if toc, _ := p.Source.TOC(); len(toc) == 0 {
		return "that page has no headings"
	}
	return "heading ids are the heading text in lowercase with hyphens, or {#id} after the heading"
}
