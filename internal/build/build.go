// Package build runs a whole build, in named phases:
//
//	load     carepress.yaml and content/ (parallel parse and markdown)
//	assemble the site model: URLs, publish rules, lists, taxonomies, series
//	render   every page (parallel, html/template) into a staging directory
//	commit   bring the output directory in line with the stage
//
// A build that fails in any phase before commit leaves the output directory
// exactly as it was. Build is the only place that knows where files live
// on disk; the packages it calls read fs.FS values and return data.
package build

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/images"
	"github.com/carepress/carepress/internal/markdown"
	"github.com/carepress/carepress/internal/output"
	"github.com/carepress/carepress/internal/par"
	"github.com/carepress/carepress/internal/render"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/themes"
)

// Options configure a build.
type Options struct {
	// Root is the site root (the folder with carepress.yaml).
	Root string
	// Out is the output directory; "" means public/ in Root.
	Out string
	// Now is the build's clock; zero means the current time.
	Now     time.Time
	Drafts  bool
	Future  bool
	Expired bool
	// Force allows a non-empty output directory without a manifest, and
	// drafts or future posts in the default output directory.
	Force bool
	// BaseURL replaces the configuration's base_url.
	BaseURL string
	// Social is the folder of the social exports; "" means social/ in
	// Root. It holds posts that are not public yet, so it may never lie
	// inside the output directory.
	Social string
}

// Result summarises a build.
type Result struct {
	Site     *site.Site
	Pages    int // pages rendered
	Posts    int
	Notices  int
	Files    int // files in the output
	Written  int // files written (changed or new)
	Removed  int
	Duration time.Duration
	// Warnings are problems that did not stop the build.
	Warnings diag.List
	Out      string
	// Encoded counts the images and share cards encoded in this build
	// rather than taken from the cache in .carepress/cache/.
	Encoded int
}

// Summary is the one line a build ends with.
func (r *Result) Summary() string {
	return fmt.Sprintf("built %d pages (%d posts, %d notices) in %s: %d files written, %d unchanged, %d removed",
		r.Pages, r.Posts, r.Notices, r.Duration.Round(time.Millisecond), r.Written, r.Files-r.Written, r.Removed)
}

// OutDir resolves the output directory of opts.
func (o Options) OutDir() string {
	if o.Out == "" {
		return filepath.Join(o.Root, "public")
	}
	return o.Out
}

// SocialDir resolves the social exports directory of opts.
func (o Options) SocialDir() string {
	if o.Social == "" {
		return filepath.Join(o.Root, "social")
	}
	return o.Social
}

// Load runs the load and assemble phases: it reads the site at opts.Root
// into its model. Warnings come back with the site; errors as a diag.List.
func Load(ctx context.Context, opts Options) (*site.Site, diag.List, error) {
	fsys := os.DirFS(opts.Root)
	cfg, err := config.Load(fsys)
	if err != nil {
		return nil, nil, err
	}
	if opts.BaseURL != "" {
		if err := cfg.SetBaseURL(opts.BaseURL); err != nil {
			return nil, nil, err
		}
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	conv := markdown.New(markdown.Options{Unsafe: cfg.Markdown.Unsafe, BasePath: cfg.BasePath()})
	set, probs := content.Load(ctx, fsys, content.Options{Config: cfg, Converter: conv})
	if err := probs.Err(); err != nil {
		return nil, probs, err
	}
	s, sprobs := site.New(cfg, set, site.Options{Now: now, Drafts: opts.Drafts, Future: opts.Future, Expired: opts.Expired})
	probs = append(probs, sprobs...)
	if sprobs.Err() == nil {
		probs = append(probs, sizeImages(ctx, opts.Root, s, conv)...)
	}
	probs.Sort()
	if err := probs.Err(); err != nil {
		return nil, probs, err
	}
	return s, probs.Warnings(), nil
}

// Build builds the site at opts.Root into its output directory.
func Build(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	out, err := filepath.Abs(opts.OutDir())
	if err != nil {
		return nil, err
	}
	if err := checkOut(opts, out); err != nil {
		return nil, err
	}
	if err := output.Preflight(out, opts.Force); err != nil {
		return nil, err
	}
	s, warnings, err := Load(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := s.Config.ValidateForBuild(); err != nil {
		return nil, err
	}
	res := &Result{Site: s, Warnings: warnings, Out: out, Posts: len(s.Posts), Notices: len(s.Notices)}

	layers, err := Layers(opts.Root, s.Config)
	if err != nil {
		return nil, err
	}
	r, err := render.New(s, layers)
	if err != nil {
		return nil, err
	}
	stage, err := output.NewStage(out)
	if err != nil {
		return nil, err
	}
	media, err := newMedia(opts.Root, s)
	if err != nil {
		stage.Discard()
		return nil, err
	}
	if err := renderAll(ctx, s, r, stage, opts.Root, s.Config, media); err != nil {
		stage.Discard()
		return nil, err
	}
	res.Encoded = media.encoded()
	for _, x := range extras(opts) {
		if err := x(ctx, s, stage); err != nil {
			stage.Discard()
			return nil, err
		}
	}
	res.Pages = len(s.All)
	st, err := stage.Commit(opts.Force)
	if err != nil {
		return nil, err
	}
	res.Written, res.Removed, res.Files = st.Written, st.Removed, st.Written+st.Unchanged
	res.Duration = time.Since(start)
	return res, nil
}

// checkOut refuses output directories that would destroy sources.
func checkOut(opts Options, out string) error {
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return err
	}
	within := func(dir, parent string) bool {
		rel, err := filepath.Rel(parent, dir)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	switch {
	case out == root:
		return fmt.Errorf("output directory %q is the site root (choose another with -o, such as public)", out)
	case within(root, out):
		return fmt.Errorf("output directory %q contains the site root (choose a folder inside or beside the site, such as public)", out)
	case within(out, filepath.Join(root, content.Dir)), within(out, filepath.Join(root, "templates")), within(out, filepath.Join(root, "static")), within(out, filepath.Join(root, "themes")):
		return fmt.Errorf("output directory %q is inside the site's sources (choose another with -o, such as public)", out)
	}
	social, err := filepath.Abs(opts.SocialDir())
	if err != nil {
		return err
	}
	if within(social, out) {
		return fmt.Errorf("social directory %q is inside the output directory (it holds posts that are not public yet; choose another with --social)", social)
	}
	if (opts.Drafts || opts.Future || opts.Expired) && opts.Out == "" && !opts.Force {
		return errors.New("--drafts, --future and --expired would put unpublished posts in public/, which gets deployed (use `carepress serve` to preview them, pass -o DIR for another folder, or --force)")
	}
	return nil
}

// Layers lists where templates come from for cfg's theme.
func Layers(root string, cfg *config.Config) ([]render.Layer, error) {
	layers := []render.Layer{{FS: os.DirFS(filepath.Join(root, "templates")), Label: "templates"}}
	themeDir := filepath.Join(root, "themes", cfg.Theme)
	_, statErr := os.Stat(themeDir)
	if statErr == nil {
		layers = append(layers, render.Layer{FS: os.DirFS(filepath.Join(themeDir, "layouts")), Label: "themes/" + cfg.Theme + "/layouts"})
	}
	builtin, err := fs.Sub(themes.FS, cfg.Theme)
	_, embErr := fs.Stat(themes.FS, cfg.Theme)
	if err == nil && embErr == nil {
		sub, _ := fs.Sub(builtin, "layouts")
		layers = append(layers, render.Layer{FS: sub, Label: "(built-in) themes/" + cfg.Theme + "/layouts"})
	} else if statErr != nil {
		pos := cfg.Pos["theme"]
		pos.File = cfg.File
		return nil, diag.Errorf(pos, fmt.Sprintf("use %q, or put the theme in themes/%s/", themes.Default, cfg.Theme), "theme %q not found", cfg.Theme)
	}
	if cfg.Theme != themes.Default {
		// A site's own theme may leave out what the default provides.
		sub, _ := fs.Sub(themes.FS, themes.Default+"/layouts")
		layers = append(layers, render.Layer{FS: sub, Label: "(built-in) themes/default/layouts"})
	}
	return layers, nil
}

// statics lists the static folders, lowest priority first: the built-in
// theme, the site's theme, the site's static/.
func statics(root string, cfg *config.Config) []fs.FS {
	var out []fs.FS
	for _, name := range []string{themes.Default, cfg.Theme} {
		if sub, err := fs.Sub(themes.FS, name+"/static"); err == nil {
			if _, err := fs.Stat(themes.FS, name+"/static"); err == nil && (name == cfg.Theme || name == themes.Default && len(out) == 0) {
				out = append(out, sub)
			}
		}
	}
	out = append(out, os.DirFS(filepath.Join(root, "themes", cfg.Theme, "static")), os.DirFS(filepath.Join(root, "static")))
	return out
}

// renderAll renders every page, alias and file into stage, in parallel.
func renderAll(ctx context.Context, s *site.Site, r *render.Renderer, stage *output.Stage, root string, cfg *config.Config, m *media) error {
	type task func() error
	var tasks []task
	for _, p := range s.All {
		tasks = append(tasks, func() error {
			var b strings.Builder
			if err := r.Page(&b, p, false); err != nil {
				return err
			}
			return writeOnce(stage, p.Out, []byte(b.String()), srcName(p))
		})
	}
	for _, a := range s.Aliases {
		tasks = append(tasks, func() error {
			var b strings.Builder
			if err := r.Alias(&b, a); err != nil {
				return err
			}
			return writeOnce(stage, strings.TrimPrefix(outFile(a.From), "/"), []byte(b.String()), "alias of "+a.To.Path)
		})
	}
	rootFS := os.DirFS(root)
	for _, im := range s.Images {
		tasks = append(tasks, func() error { return m.image(stage, rootFS, im) })
	}
	for _, p := range s.All {
		if p.Card != "" {
			tasks = append(tasks, func() error { return m.card(stage, s, p) })
		}
	}
	for _, f := range s.Files {
		if m.replaces(f.Dst) {
			continue // published re-encoded, without its metadata
		}
		tasks = append(tasks, func() error {
			return stage.CopyFile(f.Dst, rootFS, f.Src)
		})
	}
	tasks = append(tasks, func() error { return stage.WriteFile("css/brand.css", render.BrandCSS(s)) })

	errs := make([]error, len(tasks))
	if err := par.Each(ctx, len(tasks), func(i int) { errs[i] = tasks[i]() }); err != nil {
		return err
	}
	var list diag.List
	for _, err := range errs {
		list.Add(err)
	}
	if err := list.Err(); err != nil {
		return firstDistinct(list)
	}
	// Static files last: a generated page wins over nothing, and a static
	// file that collides with a page is an error.
	seen := map[string]fs.FS{}
	var order []string
	for _, sfs := range statics(root, cfg) {
		fs.WalkDir(sfs, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			if _, ok := seen[p]; !ok {
				order = append(order, p)
			}
			seen[p] = sfs // a later layer (the site's static/) overrides
			return nil
		})
	}
	for _, p := range order {
		if m.replaces(p) {
			continue
		}
		if stage.Has(p) {
			return diag.Errorf(diag.Pos{File: "static/" + p}, "rename or remove the file", "static file %s has the same path as a generated page", p)
		}
		if err := stage.CopyFile(p, seen[p], p); err != nil {
			return err
		}
	}
	return nil
}

// firstDistinct drops repeats of one template error reported by every page.
func firstDistinct(list diag.List) error {
	seen := map[string]bool{}
	var out diag.List
	for _, e := range list.Errors() {
		k := e.Pos.String() + e.Msg
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	out.Sort()
	return out
}

func writeOnce(stage *output.Stage, rel string, data []byte, src string) error {
	if err := stage.WriteFile(rel, data); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	return nil
}

func srcName(p *site.Page) string {
	if p.Source != nil {
		return p.Source.Path
	}
	return "page " + p.Path
}

func outFile(p string) string {
	if path.Ext(p) == ".html" {
		return p
	}
	return strings.TrimSuffix(p, "/") + "/index.html"
}

// sizeImages finds every local image that posts and plain pages show, in
// their front matter (image:) and in their markdown, reads its size, plans
// its smaller copies, and converts the bodies again so that each <img>
// carries width, height and srcset. An image that does not exist is an
// error at the place it is named; one without alt text is a warning. A
// post without an image gets a share card when they are on.
//
// Bodies are converted once more here, not in content, because an image's
// path is relative to its page's URL and bundle, which content does not
// know; only bodies that show an image pay for it.
func sizeImages(ctx context.Context, root string, s *site.Site, conv *markdown.Converter) diag.List {
	cfg := s.Config
	r := newImageResolver(root, s)
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
	pages := append(append([]*site.Page(nil), s.Posts...), s.Pages...)
	for _, p := range pages {
		f := p.Source
		if f == nil {
			continue
		}
		if p.Meta != nil && p.Meta.Image != "" {
			uses = append(uses, use{p: p, front: true, src: p.Meta.Image, sitep: p.Image, pos: f.At("image"), hasAlt: strings.TrimSpace(p.ImageAlt) != ""})
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
	for _, u := range uses {
		if missed[u.sitep] {
			probs = append(probs, diag.Errorf(u.pos, r.hint(u.p, u.src, u.sitep), "image %q not found", u.src))
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
		return probs
	}

	srcset := func(im *site.Image) string {
		return images.SrcSet(cfg.RelURL(im.Path), im.Info.Width, im.Variants, cfg.RelURL)
	}
	for _, p := range pages {
		if im := byPath[p.Image]; im != nil {
			p.ImageWidth, p.ImageHeight = im.Info.Width, im.Info.Height
			if p.ImageSrcSet = srcset(im); p.ImageSrcSet != "" {
				p.ImageSizes = images.Sizes
			}
		}
		f := p.Source
		if f == nil || f.Doc == nil || len(f.Doc.Images) == 0 {
			continue
		}
		base := p.Path
		doc, err := conv.ConvertWith(f.Body, markdown.ConvertOptions{
			LazyAll: p.Image != "",
			Images: func(src string) (markdown.ImageInfo, bool) {
				im := byPath[sitePath(base, src)]
				if im == nil {
					return markdown.ImageInfo{}, false
				}
				info := markdown.ImageInfo{Width: im.Info.Width, Height: im.Info.Height, SrcSet: srcset(im)}
				if info.SrcSet != "" {
					info.Sizes = images.Sizes
				}
				return info, true
			},
		})
		if err != nil {
			probs = append(probs, diag.Errorf(diag.Pos{File: f.Path, Line: f.BodyLine}, "", "cannot convert markdown: %v", err))
			continue
		}
		p.Content, p.Summary = template.HTML(doc.HTML), template.HTML(doc.Summary) //nolint:gosec // produced by our markdown converter
	}
	if cfg.ShareCardsEnabled() {
		for _, p := range s.Posts {
			if p.Image == "" {
				p.Card = p.Path + cardName
				p.ImageWidth, p.ImageHeight = images.CardWidth, images.CardHeight
			}
		}
	}
	return probs
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

// imageResolver finds the file behind an image's site path: a bundle
// resource, or a file in static/ or the theme's static/.
type imageResolver struct {
	root    string
	theme   string
	bundles map[string]string // output path → source path
}

func newImageResolver(root string, s *site.Site) *imageResolver {
	r := &imageResolver{root: root, theme: s.Config.Theme, bundles: map[string]string{}}
	for _, f := range s.Files {
		r.bundles[f.Dst] = f.Src
	}
	return r
}

// locate finds the source of output path rel in the site: a bundle file,
// static/ or the site's theme's static/; "" when it is not there.
func (r *imageResolver) locate(rel string) string {
	if b, ok := r.bundles[rel]; ok {
		return b
	}
	for _, dir := range []string{"static", "themes/" + r.theme + "/static"} {
		if st, err := os.Stat(filepath.Join(r.root, filepath.FromSlash(dir+"/"+rel))); err == nil && !st.IsDir() {
			return dir + "/" + rel
		}
	}
	return ""
}

// size reads the pixel size of the image at site path sp, SVG included;
// zero when it cannot be known.
func (r *imageResolver) size(sp string) (w, h int) {
	src := r.locate(strings.TrimPrefix(sp, "/"))
	if src == "" {
		return 0, 0
	}
	data, err := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(src)))
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
	src := r.locate(rel)
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
	data, err := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(src)))
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
func (m *media) image(stage *output.Stage, rootFS fs.FS, im *site.Image) error {
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
func (m *media) card(stage *output.Stage, s *site.Site, p *site.Page) error {
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
