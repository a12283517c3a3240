package check

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"

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
	for _, p := range s.All {
		t.pages[p.Path] = p
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
	for _, p := range []string{"/sitemap.xml", "/robots.txt", "/css/brand.css", "/" + seo.RSSFile, "/" + seo.AtomFile, "/" + seo.JSONFile} {
		t.files[p] = true
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

// published reports whether p is in a normal build: not a draft, not
// future, not expired.
func (c *checker) published(p *site.Page) bool {
	if p.Draft || p.Future {
		return false
	}
	return p.ExpiryDate.IsZero() || p.ExpiryDate.After(c.now)
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
	switch {
	case r.page == nil && !r.file:
		hint := "check the path; pages end in a slash, such as /posts/flu-shots/"
		if strings.HasSuffix(r.path, ".md") {
			hint = "link to the page's URL, not its source file: /posts/NAME/"
		}
		c.report("links/broken", pos, hint, "link to %s: no such page or file", r.path)
	case r.page != nil && from != nil && c.published(from) && !c.published(r.page):
		state := "a draft"
		switch {
		case r.page.Future:
			state = "scheduled for " + r.page.Date.Format("2006-01-02")
		case !r.page.Draft:
			state = "expired"
		}
		c.report("links/unpublished", pos, "remove the link until that post is published, or publish it first",
			"link to %s, which is %s: the link would 404 or leak it", r.path, state)
	case r.page != nil && r.frag != "" && !strings.HasPrefix(r.frag, "fn:") && !strings.HasPrefix(r.frag, "fnref:"):
		if r.page.Source == nil {
			return // generated pages: ids come from templates
		}
		if !c.pageIDs(t, r.page)[r.frag] {
			c.report("links/anchor", pos, c.anchorHint(t, r.page, r.frag), "link to #%s: %s has no heading with that id", r.frag, r.path)
		}
	}
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
