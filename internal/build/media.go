package build

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/images"
	"github.com/carepress/carepress/internal/seo"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/sitefs"
	"github.com/carepress/carepress/themes"
)

// files is the site's image files as the model learns of them (site.Media):
// a bundle's files, static/ and the theme's static/ in the site root,
// and the built-in theme. What it learns is kept: the dev server's patch
// path assembles a changed post again with the same files, and reads
// none of them again.
type files struct {
	src    fs.FS // the site root
	theme  string
	policy *seo.ImagePolicy

	mu    sync.Mutex
	known map[[2]string]fileFact // by site path and bundle file
}

// fileFact is what files learned of one image.
type fileFact struct {
	im      *site.Image
	missing bool
	err     error
	read    bool // im, missing and err are known
	w, h    int  // Size
	sized   bool // w and h are known
}

var _ site.Media = (*files)(nil)

// newFiles returns the image files of the site root src, for cfg;
// publicBase is base_url as configured, the address the site's
// Content-Security-Policy allows images from.
func newFiles(src fs.FS, cfg *config.Config, publicBase string) *files {
	return &files{src: src, theme: cfg.Theme, policy: seo.NewImagePolicy(cfg, publicBase), known: map[[2]string]fileFact{}}
}

// Remote reports whether the site's Content-Security-Policy allows the
// remote image src.
func (r *files) Remote(src string) bool { return r.policy.Allows(src) }

// locate finds the source of output path rel in the site: the bundle
// file bundled, static/ or the site's theme's static/; "" when it is not
// there. The error is a link there that leads out of the site.
func (r *files) locate(rel, bundled string) (string, error) {
	if bundled != "" {
		return bundled, nil
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

func (r *files) fact(sp, bundled string) (fileFact, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f, ok := r.known[[2]string{sp, bundled}]
	return f, ok
}

func (r *files) learn(sp, bundled string, f func(*fileFact)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := [2]string{sp, bundled}
	x := r.known[k]
	f(&x)
	r.known[k] = x
}

// Size reads the pixel size of the image at site path sp, SVG included;
// zero when it cannot be known.
func (r *files) Size(sp, bundled string) (w, h int) {
	if f, ok := r.fact(sp, bundled); ok && f.sized {
		return f.w, f.h
	}
	w, h = r.size(sp, bundled)
	r.learn(sp, bundled, func(f *fileFact) { f.w, f.h, f.sized = w, h, true })
	return w, h
}

func (r *files) size(sp, bundled string) (w, h int) {
	src, _ := r.locate(strings.TrimPrefix(sp, "/"), bundled)
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

// Image finds and reads the image at site path sp. missing reports a file
// that is nowhere; im is nil for one that exists but cannot be sized (an
// SVG, or an image of the built-in theme).
func (r *files) Image(sp, bundled string) (im *site.Image, missing bool, err error) {
	if f, ok := r.fact(sp, bundled); ok && f.read {
		return f.im, f.missing, f.err
	}
	im, missing, err = r.read(sp, bundled)
	r.learn(sp, bundled, func(f *fileFact) { f.im, f.missing, f.err, f.read = im, missing, err, true })
	return im, missing, err
}

func (r *files) read(sp, bundled string) (im *site.Image, missing bool, err error) {
	rel := strings.TrimPrefix(sp, "/")
	src, err := r.locate(rel, bundled)
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
