package build

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/images"
	"github.com/carepress/carepress/internal/markdown"
	"github.com/carepress/carepress/internal/par"
	"github.com/carepress/carepress/internal/seo"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/sitefs"
	"github.com/carepress/carepress/themes"
)

// sizeImages finds every local image that posts and plain pages show, in
// their front matter (image:) and in their markdown, reads its size, plans
// its smaller copies, and arranges for each <img> of the bodies to carry
// width, height and srcset. An image that does not exist is an
// error at the place it is named; one without alt text is a warning. A
// post without an image gets a share card when they are on.
//
// Bodies are sized here, not in content, because an image's path is
// relative to its page's URL and bundle, which content does not know;
// only bodies that show an image pay for it. sizeImages returns how to
// size each such body, and the body is sized when its page or a feed is
// rendered: an incremental build renders few of them. Only a summary that
// shows an image is sized here, since lists show it.
func sizeImages(ctx context.Context, src fs.FS, s *site.Site, conv *markdown.Converter, cache *content.Cache, publicBase string) (map[*site.Page]*imageBody, diag.List) {
	cfg := s.Config
	r := newImageResolver(src, s)
	var probs diag.List
	if logo := cfg.Brand.Logo; logo != "" && !strings.Contains(logo, "://") {
		s.LogoWidth, s.LogoHeight = r.size(logo)
	}
	type use struct {
		p      *site.Page
		front  bool
		src    string
		sitep  string
		pos    diag.Pos
		hasAlt bool
	}
	var uses []use
	pages := append([]*site.Page(nil), s.Posts...)
	for _, p := range s.All {
		if p.Kind != site.KindPost && p.Source != nil && (p.Meta != nil || p.Service != nil || p.Person != nil) {
			pages = append(pages, p)
		}
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
				uses = append(uses, use{p: p, src: im.Src, sitep: sitePath(p.Path, im.Src), pos: pos, hasAlt: strings.TrimSpace(im.Alt) != ""})
			}
		}
	}
	// Read each distinct file once, in parallel.
	byPath := map[string]*site.Image{}
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
	found := make([]*site.Image, len(order))
	missing := make([]bool, len(order))
	errs := make([]error, len(order))
	_ = par.Each(ctx, len(order), func(i int) { found[i], missing[i], errs[i] = r.read(order[i]) })
	missed := map[string]bool{}
	for i, sp := range order {
		if errs[i] != nil {
			probs.Add(fmt.Errorf("%s: %w", sp, errs[i]))
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
	// An image hot-linked from another host is lost as surely as a
	// missing one: the site's Content-Security-Policy blocks it.
	policy := seo.NewImagePolicy(cfg, publicBase)
	for _, u := range uses {
		if missed[u.sitep] {
			probs = append(probs, diag.Errorf(u.pos, r.hint(u.p, u.src, u.sitep), "image %q not found", u.src))
		}
		if u.sitep == "" && !policy.Allows(u.src) {
			probs = append(probs, hotlinked(u.pos, u.src))
		}
		if !u.hasAlt {
			hint := "describe the image in the brackets: ![what it shows](" + u.src + ")"
			if u.front {
				hint = "add `image_alt: what the image shows`"
			}
			probs = append(probs, diag.Warnf(u.pos, hint, "image %q has no alt text", u.src))
		}
	}
	if probs.Err() != nil {
		return nil, probs
	}

	bodies := map[*site.Page]*imageBody{}
	for _, p := range pages {
		if im := byPath[p.Image]; im != nil {
			p.ImageWidth, p.ImageHeight = im.Info.Width, im.Info.Height
			if p.ImageSrcSet = srcSet(cfg, im); p.ImageSrcSet != "" {
				p.ImageSizes = images.Sizes
			}
		}
	}
	// A body that shows images is sized when its page or a feed is
	// rendered (run.body), from the source: keeping sized HTML for every
	// post of a large site would cost more memory than converting again.
	// Only a summary that shows an image is sized here, since lists show it.
	for _, p := range pages {
		f := p.Source
		if f == nil || f.Doc == nil || len(f.Doc.Images) == 0 {
			continue
		}
		base := p.Path
		body := &imageBody{conv: conv, cache: cache, opts: markdown.ConvertOptions{
			LazyAll: p.Image != "",
			Images: func(src string) (markdown.ImageInfo, bool) {
				im := byPath[sitePath(base, src)]
				if im == nil {
					return markdown.ImageInfo{}, false
				}
				info := markdown.ImageInfo{Width: im.Info.Width, Height: im.Info.Height, SrcSet: srcSet(cfg, im)}
				if info.SrcSet != "" {
					info.Sizes = images.Sizes
				}
				return info, true
			},
		}}
		body.key = body.inputs(f)
		if !strings.Contains(f.Doc.Summary, "<img") {
			p.Content = "" // the body without sizes must not be rendered
			bodies[p] = body
			continue
		}
		html, summary, err := body.convert(f)
		if err != nil {
			probs.Add(err)
			continue
		}
		p.Content, p.Summary = html, summary
	}
	if cfg.ShareCardsEnabled() {
		for _, p := range s.Posts {
			if p.Image == "" {
				p.Card = p.Path + cardName
				p.ImageWidth, p.ImageHeight = images.CardWidth, images.CardHeight
			}
		}
	}
	return bodies, probs
}

// frontImage is the image p's front matter names, and the field that
// names it: a post's or page's image, a service's, a person's photo.
func frontImage(p *site.Page) (src, field string) {
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

// An imageBody gives a page's body the sizes of its images.
type imageBody struct {
	conv  *markdown.Converter
	cache *content.Cache // where the body's HTML without sizes is; nil: none
	opts  markdown.ConvertOptions
	// key identifies what the conversion reads besides the source (which
	// a page's digest covers): what it is told of each image.
	key digest
}

func (b *imageBody) inputs(f *content.File) digest {
	h := newHW()
	h.flag(b.opts.LazyAll)
	for _, im := range f.Doc.Images {
		info, ok := b.opts.Images(im.Src)
		h.str(im.Src)
		h.flag(ok)
		h.num(int64(info.Width))
		h.num(int64(info.Height))
		h.str(info.SrcSet)
		h.str(info.Sizes)
	}
	return h.sum()
}

// convert returns the body and summary of f with its images sized.
func (b *imageBody) convert(f *content.File) (html, summary template.HTML, err error) {
	if h, ok := b.sized(f); ok {
		if s, ok := b.conv.SizeImages([]byte(f.Doc.Summary), f.Doc.Images, b.opts, true); ok {
			return h, template.HTML(s), nil //nolint:gosec // produced by our markdown converter
		}
	}
	return b.reconvert(f)
}

// body returns the body of f with its images sized.
func (b *imageBody) body(f *content.File) (template.HTML, error) {
	if h, ok := b.sized(f); ok {
		return h, nil
	}
	h, _, err := b.reconvert(f)
	return h, err
}

// sized adds the sizes to the tags of the HTML the cache holds, which
// costs far less than converting the markdown again; ok is false when
// that cannot be done and the body must be converted again.
func (b *imageBody) sized(f *content.File) (template.HTML, bool) {
	if b.cache == nil {
		return "", false
	}
	plain, err := b.cache.HTML(f)
	if err != nil || plain == nil {
		return "", false
	}
	h, ok := b.conv.SizeImages(plain, f.Doc.Images, b.opts, false)
	return template.HTML(h), ok //nolint:gosec // produced by our markdown converter
}

// reconvert converts the source of f again, with its images sized.
func (b *imageBody) reconvert(f *content.File) (html, summary template.HTML, err error) {
	src, err := f.Markdown()
	if err != nil {
		return "", "", diag.Errorf(diag.Pos{File: f.Path, Line: f.BodyLine}, "", "cannot read the post again: %v", err)
	}
	doc, err := b.conv.ConvertWith(src, b.opts)
	if err != nil {
		return "", "", diag.Errorf(diag.Pos{File: f.Path, Line: f.BodyLine}, "", "cannot convert markdown: %v", err)
	}
	return template.HTML(doc.HTML), template.HTML(doc.Summary), nil //nolint:gosec // produced by our markdown converter
}

func srcSet(cfg *config.Config, im *site.Image) string {
	return images.SrcSet(cfg.RelURL(im.Path), im.Info.Width, im.Variants, cfg.RelURL)
}

// cardName is the file name of a post's share card, beside its page.
const cardName = "card.png"

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

// imageResolver finds the file behind an image's site path: a bundle
// resource, or a file in static/ or the theme's static/.
type imageResolver struct {
	src     fs.FS // the site root
	theme   string
	bundles map[string]string // output path → source path
}

func newImageResolver(src fs.FS, s *site.Site) *imageResolver {
	r := &imageResolver{src: src, theme: s.Config.Theme, bundles: map[string]string{}}
	for _, f := range s.Files {
		r.bundles[f.Dst] = f.Src
	}
	return r
}

// locate finds the source of output path rel in the site: a bundle file,
// static/ or the site's theme's static/; "" when it is not there. The
// error is a link there that leads out of the site.
func (r *imageResolver) locate(rel string) (string, error) {
	if b, ok := r.bundles[rel]; ok {
		return b, nil
	}
	for _, dir := range []string{"static", "themes/" + r.theme + "/static"} {
		name := dir + "/" + rel
		if !fs.ValidPath(name) {
			continue
		}
		st, err := fs.Stat(r.src, name)
		if err == nil && !st.IsDir() {
			return name, nil
		}
		if sitefs.Refused(err) {
			return "", err
		}
	}
	return "", nil
}

// size reads the pixel size of the image at site path sp, SVG included;
// zero when it cannot be known.
func (r *imageResolver) size(sp string) (w, h int) {
	src, _ := r.locate(strings.TrimPrefix(sp, "/"))
	if src == "" {
		return 0, 0
	}
	data, err := fs.ReadFile(r.src, src)
	if err != nil {
		return 0, 0
	}
	if strings.EqualFold(path.Ext(src), ".svg") {
		w, h, _ = images.SVGSize(data)
		return w, h
	}
	if info, err := images.Read(data); err == nil {
		return info.Width, info.Height
	}
	return 0, 0
}

// read finds and reads the image at site path sp. missing reports a file
// that is nowhere; im is nil for one that exists but cannot be sized (an
// SVG, or an image of the built-in theme).
func (r *imageResolver) read(sp string) (im *site.Image, missing bool, err error) {
	rel := strings.TrimPrefix(sp, "/")
	src, err := r.locate(rel)
	if err != nil {
		return nil, false, err
	}
	if src == "" {
		for _, t := range []string{r.theme, themes.Default} {
			if st, err := fs.Stat(themes.FS, t+"/static/"+rel); err == nil && !st.IsDir() {
				return nil, false, nil
			}
		}
		return nil, true, nil
	}
	if !images.Sizable(src) {
		return nil, false, nil
	}
	data, err := fs.ReadFile(r.src, src)
	if err != nil {
		return nil, false, err
	}
	info, err := images.Read(data)
	if err != nil {
		return nil, false, diag.Errorf(diag.Pos{File: src}, "save it again as PNG, JPEG, GIF or WebP", "cannot read image: %v", err)
	}
	return &site.Image{Path: sp, Src: src, Info: info, Variants: images.Plan(sp, info, images.DefaultWidths)}, false, nil
}

// hint says where a missing image was looked for.
func (r *imageResolver) hint(p *site.Page, src, sp string) string {
	rel := strings.TrimPrefix(sp, "/")
	if strings.HasPrefix(src, "/") {
		return fmt.Sprintf("put the file at static/%s, or fix the path", rel)
	}
	if p.Source != nil && p.Source.BundleDir != "" {
		return fmt.Sprintf("put the file at %s/%s, or fix the path", p.Source.BundleDir, src)
	}
	if p.Kind != site.KindPost {
		return fmt.Sprintf("use a site path such as /images/%s, with the file at static/images/%s", path.Base(src), path.Base(src))
	}
	return fmt.Sprintf("make the post a bundle (%s/posts/NAME/index.md with the image beside it), or use a site path such as /images/%s for static/images/%s", content.Dir, path.Base(src), path.Base(src))
}

// media publishes images and share cards, through caches in .carepress/.
type media struct {
	proc  *images.Processor
	cards *images.CardMaker
	// reencoded are the output paths of images published re-encoded,
	// which are therefore not copied as they are.
	reencoded map[string]bool
}

func newMedia(root string, s *site.Site) (*media, error) {
	cache := filepath.Join(root, ".carepress", "cache")
	m := &media{proc: images.NewProcessor(filepath.Join(cache, "images")), reencoded: map[string]bool{}}
	for _, im := range s.Images {
		if images.Reencoded(im.Info) {
			m.reencoded[strings.TrimPrefix(im.Path, "/")] = true
		}
	}
	for _, p := range s.All {
		if p.Card != "" {
			c, err := images.NewCardMaker(filepath.Join(cache, "cards"))
			if err != nil {
				return nil, err
			}
			m.cards = c
			break
		}
	}
	return m, nil
}

func (m *media) replaces(out string) bool { return m.reencoded[out] }

func (m *media) encoded() int {
	n := m.proc.Encoded()
	if m.cards != nil {
		n += m.cards.Drawn()
	}
	return n
}

// image publishes an image's variants and, for a JPEG, its re-encode.
func (m *media) image(stage sink, rootFS fs.FS, im *site.Image) error {
	data, err := fs.ReadFile(rootFS, im.Src)
	if err != nil {
		return err
	}
	outs, err := m.proc.Process(im.Path, data, im.Info, im.Variants)
	if err != nil {
		return fmt.Errorf("%s: %w", im.Src, err)
	}
	for _, o := range outs {
		if err := writeOnce(stage, strings.TrimPrefix(o.Path, "/"), o.Data, im.Src); err != nil {
			return err
		}
	}
	return nil
}

// card publishes a post's share card.
func (m *media) card(stage sink, s *site.Site, p *site.Page) error {
	c := images.Card{Site: s.Config.Title, Title: p.Title, Color: s.Config.Brand.Color}
	var by []string
	if p.Author != nil {
		by = append(by, "By "+p.Author.DisplayName())
	}
	if p.Series != nil {
		part := p.Series.Title
		if p.SeriesOrder > 0 {
			part += fmt.Sprintf(", part %d", p.SeriesOrder)
		}
		by = append(by, part)
	}
	c.Byline = strings.Join(by, " · ")
	b, err := m.cards.Make(c)
	if err != nil {
		return fmt.Errorf("%s: share card: %w", srcName(p), err)
	}
	return writeOnce(stage, strings.TrimPrefix(p.Card, "/"), b, srcName(p))
}
