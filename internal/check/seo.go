package check

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/seo"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/slug"
)

// Description lengths search engines show in full; titles are measured
// against seo.MinTitle and seo.MaxTitle.
const descMin, descMax = 70, 160

func (c *checker) runSEO() {
	titles := map[string]*content.File{}
	descs := map[string]*content.File{}
	// A page's title is shown with the site's name in its language.
	metas := map[*site.Site]*seo.Builder{}
	meta := func(p *site.Page) *seo.Builder {
		ls := c.s.In(p.Lang)
		if metas[ls] == nil {
			metas[ls] = seo.New(ls, seo.Options{})
		}
		return metas[ls]
	}
	for _, f := range c.files {
		if f.Service != nil && f.Service.Title != "" {
			c.titleLength(meta, f)
		}
		if f.Post == nil || f.Kind != content.KindPost && f.Kind != content.KindPage {
			continue
		}
		m := f.Post
		isPost := f.Kind == content.KindPost
		if isPost || m.Title != "" {
			c.titleLength(meta, f)
		}
		if isPost {
			n := utf8.RuneCountInString(strings.TrimSpace(m.Description))
			switch {
			case n == 0:
				c.report("seo/description", f.At("title"), "add `description:` of 70–160 characters; search engines show it under the title",
					"post has no description")
			case n < descMin || n > descMax:
				c.report("seo/description", f.At("description"), fmt.Sprintf("aim for %d–%d characters", descMin, descMax),
					"description is %d characters", n)
			}
		}
		// Per language: a translation may keep a name that reads the same
		// in both ("Diabetes"), and search engines show each language's
		// results apart.
		lang := strings.ToLower(c.langOf(f)) + "\x00"
		if t := strings.ToLower(strings.TrimSpace(m.Title)); t != "" {
			if first, dup := titles[lang+t]; dup {
				c.report("seo/duplicate", f.At("title"), "give each page its own title", "title is the same as %s's", first.Path)
			} else {
				titles[lang+t] = f
			}
		}
		if d := strings.ToLower(strings.TrimSpace(m.Description)); d != "" {
			d = lang + d
			if first, dup := descs[d]; dup {
				c.report("seo/duplicate", f.At("description"), "give each page its own description", "description is the same as %s's", first.Path)
			} else {
				descs[d] = f
			}
		}
		if m.Slug != "" && !slug.Valid(m.Slug) {
			c.report("seo/slug", f.At("slug"), fmt.Sprintf("use %q", slug.Make(m.Slug)), "slug %q is not lowercase ASCII letters, digits and hyphens", m.Slug)
		} else if m.Slug == "" && isPost && f.ID != "" && !slug.Valid(f.ID) {
			c.report("seo/slug", f.At("slug"), fmt.Sprintf("rename the file, or set `slug: %s`", slug.Make(f.ID)),
				"file name %q is not lowercase ASCII letters, digits and hyphens", f.ID)
		}
		if m.Image != "" && strings.TrimSpace(m.ImageAlt) == "" {
			c.report("seo/image-alt", f.At("image"), "add `image_alt:` describing the image for people who cannot see it", "image %q has no alt text", m.Image)
		}
		c.headings(f)
	}
}

// titleLength measures the title of f's page as its <title> shows it,
// with the site's name after it when the page adds it ("Flu shots |
// Riverbend Family Clinic"): that is what search results show.
func (c *checker) titleLength(meta func(*site.Page) *seo.Builder, f *content.File) {
	title := ""
	switch {
	case f.Post != nil:
		title = f.Post.Title
	case f.Service != nil:
		title = f.Service.Title
	}
	if strings.TrimSpace(title) == "" {
		return
	}
	shown := strings.TrimSpace(title)
	if p := c.pages[f]; p != nil {
		shown = meta(p).Title(p)
	}
	n := utf8.RuneCountInString(shown)
	switch {
	case n > seo.MaxTitle:
		c.report("seo/title-length", f.At("title"), fmt.Sprintf("shorten it: search results show about %d–%d characters", seo.MinTitle, seo.MaxTitle),
			"title is %d characters", n)
	case n < seo.MinTitle:
		c.report("seo/title-length", f.At("title"), fmt.Sprintf("say more: search results show about %d–%d characters", seo.MinTitle, seo.MaxTitle),
			"title is %d characters as shown in search results (%q)", n, shown)
	}
}

func (c *checker) headings(f *content.File) {
	if f.Doc == nil {
		return
	}
	toc, err := f.TOC()
	if err != nil {
		c.unreadable(f, err)
	}
	prev := 1 // the page title is the h1
	for _, h := range toc {
		pos := bodyLine(f, h.Line, 1)
		if h.Level == 1 {
			c.report("seo/h1", pos, "start body headings at ##, an h2: the title is already the page's h1", "second h1 %q", h.Text)
		} else if h.Level > prev+1 {
			c.report("seo/heading-skip", pos, fmt.Sprintf("use %s, or add the missing level above it", strings.Repeat("#", prev+1)),
				"heading %q is h%d after h%d", h.Text, h.Level, prev)
		}
		prev = h.Level
	}
	for _, im := range f.Doc.Images {
		if strings.TrimSpace(im.Alt) == "" {
			c.report("seo/image-alt", bodyLine(f, im.Line, im.Col), "write what the image shows between the brackets: ![a nurse giving a flu shot](...)",
				"image %q has no alt text", im.Src)
		}
	}
}
