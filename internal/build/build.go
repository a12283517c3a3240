// Package build runs a whole build, in named phases:
//
//	load     carepress.yaml and content/ (parallel parse and markdown)
//	assemble the site model: URLs, publish rules, lists, taxonomies, series;
//	         image sizes and share cards (media.go)
//	render   every page (parallel, html/template) into a staging directory
//	post     feeds, sitemap, host files, image variants (outputs.go)
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
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
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
	// Dev renders for the dev server: pages carry their draft and
	// scheduled ribbons. Never set for output that gets deployed.
	Dev bool
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
	if err := renderAll(ctx, s, r, stage, opts, media); err != nil {
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
func renderAll(ctx context.Context, s *site.Site, r *render.Renderer, stage *output.Stage, opts Options, m *media) error {
	root, cfg := opts.Root, s.Config
	type task func() error
	var tasks []task
	for _, p := range s.All {
		tasks = append(tasks, func() error {
			var b strings.Builder
			if err := r.Page(&b, p, opts.Dev); err != nil {
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
