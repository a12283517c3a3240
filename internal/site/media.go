package site

import (
	"context"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/images"
	"github.com/carepress/carepress/internal/markdown"
	"github.com/carepress/carepress/internal/par"
)

// Media is what the model learns of the site's image files. New asks it
// while it assembles the model, so that every page has its images' sizes
// and smaller copies when New returns and nothing changes the model after:
// the build knows where files are and provides it.
type Media interface {
	// Image describes the local image at site path sp ("/posts/x/a.jpg"):
	// its size and the smaller copies to publish. bundled is the file in
	// the site root when sp is a bundle's file (File.Src), else "" and
	// the provider looks where static files are. missing is true when no
	// file is there; im is nil for a file that is not sized (an SVG, an
	// image of the built-in theme). It may be called in parallel.
	Image(sp, bundled string) (im *Image, missing bool, err error)
	// Size is the pixel size of the image at sp (bundled as for Image),
	// SVG included; zero when it cannot be known.
	Size(sp, bundled string) (w, h int)
	// Remote reports whether pages may show the image at the remote URL
	// src: the site's Content-Security-Policy allows its host.
	Remote(src string) bool
}

// CardName is the file name of a post's share card, beside its page.
const CardName = "card.png"

// sizing gives the images of a page's body their sizes when the body is
// read (Page.Content): bodies are not kept in memory, and adding the sizes
// to the tags of the converted HTML costs little next to a render.
type sizing struct {
	conv *markdown.Converter
	opts markdown.ConvertOptions
}

// body returns the body of f with its images sized.
func (z *sizing) body(f *content.File) (template.HTML, error) {
	if plain, err := f.HTML(); err == nil && plain != nil {
		if h, ok := z.conv.SizeImages(plain, f.Doc.Images, z.opts, false); ok {
			return template.HTML(h), nil //nolint:gosec // produced by our markdown converter
		}
	}
	h, _, err := z.reconvert(f)
	return h, err
}

// summary returns the summary of f with its images sized.
func (z *sizing) summary(f *content.File) (template.HTML, error) {
	if s, ok := z.conv.SizeImages([]byte(f.Doc.Summary), f.Doc.Images, z.opts, true); ok {
		return template.HTML(s), nil //nolint:gosec // produced by our markdown converter
	}
	_, s, err := z.reconvert(f)
	return s, err
}

// reconvert converts the source of f again, with its images sized: when
// the tags of the HTML cannot be matched to the images one for one.
func (z *sizing) reconvert(f *content.File) (html, summary template.HTML, err error) {
	src, err := f.Markdown()
	if err != nil {
		return "", "", diag.Errorf(diag.Pos{File: f.Path, Line: f.BodyLine}, "", "cannot read the post again: %v", err)
	}
	doc, err := z.conv.ConvertWith(src, z.opts)
	if err != nil {
		return "", "", diag.Errorf(diag.Pos{File: f.Path, Line: f.BodyLine}, "", "cannot convert markdown: %v", err)
	}
	return template.HTML(doc.HTML), template.HTML(doc.Summary), nil //nolint:gosec // produced by our markdown converter
}

// media finds every local image that posts and plain pages show, in their
// front matter (image:) and in their markdown, learns its size from
// b.media, and arranges for each <img> of their bodies to carry width,
// height and srcset. An image that does not exist is an error at the
// place it is named; one without alt text is a warning. A post without an
// image gets a share card when they are on.
//
// Bodies are sized here, not in content, because an image's path is
// relative to its page's URL and bundle, which content does not know. A
// body is sized when it is read (Page.Content); a summary that shows an
// image is sized here, since lists show it.
func (b *builder) media(ctx context.Context) {
	s, m := b.s, b.opts.Media
	cfg := s.Config
	if m != nil {
		b.images(ctx, m)
	}
	if cfg.ShareCardsEnabled() {
		for _, p := range s.Posts {
			if p.Image == "" {
				p.Card = p.Path + CardName
				p.ImageWidth, p.ImageHeight = images.CardWidth, images.CardHeight
			}
		}
	}
}

func (b *builder) images(ctx context.Context, m Media) {
	s := b.s
	cfg := s.Config
	bundled := make(map[string]string, len(s.Files))
	for _, f := range s.Files {
		bundled["/"+f.Dst] = f.Src
	}
	if logo := cfg.Brand.Logo; logo != "" && !strings.Contains(logo, "://") {
		s.LogoWidth, s.LogoHeight = m.Size(logo, bundled[logo])
	}
	type use struct {
		p      *Page
		front  bool
		src    string
		sitep  string
		pos    diag.Pos
		hasAlt bool
	}
	var uses []use
	pages := append([]*Page(nil), s.Posts...)
	for _, p := range s.All {
		if p.Kind != KindPost && p.Source != nil && (p.Meta != nil || p.Service != nil || p.Person != nil) {
			pages = append(pages, p)
		}
	}
	// A translation shows its own image or its original's, and its body's
	// bundle images are those beside the original: it is sized the same way.
	bundleOf := map[*Page]string{}
	for _, p := range s.Translations {
		if len(p.Translations) > 0 {
			bundleOf[p] = p.Translations[0].Path
		}
		pages = append(pages, p)
	}
	base := func(p *Page) string {
		if b, ok := bundleOf[p]; ok {
			return b
		}
		return p.Path
	}
	for _, p := range pages {
		f := p.Source
		if f == nil {
			continue
		}
		if src, field := frontImage(p); src != "" {
			// A person's photo has alt text of its own ("Photo of ...").
			hasAlt := p.Person != nil || strings.TrimSpace(p.ImageAlt) != ""
			uses = append(uses, use{p: p, front: true, src: src, sitep: p.Image, pos: f.At(field), hasAlt: hasAlt})
		}
		if f.Doc != nil {
			for _, im := range f.Doc.Images {
				pos := diag.Pos{File: f.Path, Line: im.Line + f.BodyLine - 1, Col: im.Col}
				uses = append(uses, use{p: p, src: im.Src, sitep: sitePath(base(p), im.Src), pos: pos, hasAlt: strings.TrimSpace(im.Alt) != ""})
			}
		}
	}
	// Read each distinct file once, in parallel.
	byPath := map[string]*Image{}
	var order []string
	for _, u := range uses {
		if u.sitep == "" {
			continue
		}
		if _, ok := byPath[u.sitep]; !ok {
			byPath[u.sitep] = nil
			order = append(order, u.sitep)
		}
	}
	sort.Strings(order)
	found := make([]*Image, len(order))
	missing := make([]bool, len(order))
	errs := make([]error, len(order))
	if err := par.Each(ctx, len(order), func(i int) { found[i], missing[i], errs[i] = m.Image(order[i], bundled[order[i]]) }); err != nil {
		b.errs.Add(err)
		return
	}
	missed := map[string]bool{}
	for i, sp := range order {
		if errs[i] != nil {
			b.errs.Add(fmt.Errorf("%s: %w", sp, errs[i]))
			continue
		}
		if missing[i] {
			missed[sp] = true
			continue
		}
		if found[i] != nil {
			byPath[sp] = found[i]
			s.Images = append(s.Images, found[i])
		}
	}
	for _, u := range uses {
		if missed[u.sitep] {
			b.errs = append(b.errs, diag.Errorf(u.pos, missingHint(u.p, u.src, u.sitep), "image %q not found", u.src))
		}
		if u.sitep == "" && !m.Remote(u.src) {
			b.errs = append(b.errs, hotlinked(u.pos, u.src))
		}
		if !u.hasAlt {
			hint := "describe the image in the brackets: ![what it shows](" + u.src + ")"
			if u.front {
				hint = "add `image_alt: what the image shows`"
			}
			b.errs = append(b.errs, diag.Warnf(u.pos, hint, "image %q has no alt text", u.src))
		}
	}
	if b.errs.Err() != nil {
		return
	}

	for _, p := range pages {
		if im := byPath[p.Image]; im != nil {
			p.ImageWidth, p.ImageHeight = im.Info.Width, im.Info.Height
			if p.ImageSrcSet = im.SrcSet(cfg.RelURL); p.ImageSrcSet != "" {
				p.ImageSizes = images.Sizes
			}
		}
	}
	for _, p := range pages {
		f := p.Source
		if f == nil || f.Doc == nil || len(f.Doc.Images) == 0 {
			continue
		}
		base := base(p)
		z := &sizing{conv: b.opts.Converter, opts: markdown.ConvertOptions{
			LazyAll: p.Image != "",
			Images: func(src string) (markdown.ImageInfo, bool) {
				im := byPath[sitePath(base, src)]
				if im == nil {
					return markdown.ImageInfo{}, false
				}
				info := markdown.ImageInfo{Width: im.Info.Width, Height: im.Info.Height, SrcSet: im.SrcSet(cfg.RelURL)}
				if info.SrcSet != "" {
					info.Sizes = images.Sizes
				}
				return info, true
			},
		}}
		if z.conv == nil {
			continue
		}
		p.sizing = z
		if strings.Contains(f.Doc.Summary, "<img") {
			summary, err := z.summary(f)
			if err != nil {
				b.errs.Add(err)
				continue
			}
			p.Summary = summary
		}
	}
}

// SrcSet is the srcset attribute of the image, its URLs made by url from
// site paths (Config.RelURL); "" when it has no smaller copies.
func (im *Image) SrcSet(url func(string) string) string {
	return images.SrcSet(url(im.Path), im.Info.Width, im.Variants, url)
}

// frontImage is the image p's front matter names, and the field that
// names it: a post's or page's image, a service's, a person's photo.
func frontImage(p *Page) (src, field string) {
	f := p.Source
	switch {
	case f == nil:
	case f.Service != nil:
		return f.Service.Image, "image"
	case f.Person != nil:
		return f.Person.PhotoPath()
	case f.Post != nil:
		return f.Post.Image, "image"
	}
	return "", ""
}

// sitePath is the site path of an image src written on the page at page
// ("/posts/x/"), or "" for a remote image or one with no path.
func sitePath(page, src string) string {
	if src == "" || strings.HasPrefix(src, "//") || strings.Contains(src, ":") {
		return ""
	}
	if i := strings.IndexAny(src, "?#"); i >= 0 {
		src = src[:i]
	}
	if u, err := url.PathUnescape(src); err == nil {
		src = u
	}
	if src == "" {
		return ""
	}
	if !strings.HasPrefix(src, "/") {
		src = path.Join(page, src)
	}
	return path.Clean(src)
}

// hotlinked is the error for an image on a host the policy blocks.
func hotlinked(pos diag.Pos, src string) *diag.Error {
	host := src
	if u, err := url.Parse(src); err == nil && u.Host != "" {
		host = u.Scheme + "://" + u.Host
		if u.Scheme == "" {
			host = "https://" + u.Host
		}
	}
	return diag.Errorf(pos, fmt.Sprintf("save a copy beside the post or in static/ and link to it, or allow the host with seo: {csp_sources: {img-src: [%q]}}", host),
		"image %q is on another host, which the site's Content-Security-Policy (img-src) blocks: readers would see no image", src)
}

// missingHint says where a missing image was looked for.
func missingHint(p *Page, src, sp string) string {
	rel := strings.TrimPrefix(sp, "/")
	if strings.HasPrefix(src, "/") {
		return fmt.Sprintf("put the file at static/%s, or fix the path", rel)
	}
	if p.Source != nil && p.Source.BundleDir != "" {
		return fmt.Sprintf("put the file at %s/%s, or fix the path", p.Source.BundleDir, src)
	}
	if p.Kind != KindPost {
		return fmt.Sprintf("use a site path such as /images/%s, with the file at static/images/%s", path.Base(src), path.Base(src))
	}
	return fmt.Sprintf("make the post a bundle (%s/posts/NAME/index.md with the image beside it), or use a site path such as /images/%s for static/images/%s", content.Dir, path.Base(src), path.Base(src))
}
