// Package build runs a whole build, in named phases:
//
//	load     carepress.yaml and content/ (parallel parse and markdown)
//	assemble the site model: URLs, publish rules, lists, taxonomies, series,
//	         image sizes and share cards (site.New, with the files of media.go)
//	digest   the cards of every page and the site-wide inputs (digest.go)
//	outputs  every registered output, step by step, into a staging
//	         directory (engine.go, outputs.go)
//	commit   bring the output directory in line with the stage
//
// A build that fails in any phase before commit leaves the output directory
// exactly as it was. Build is the only place that knows where files live
// on disk; the packages it calls read fs.FS values and return data.
//
// # The output registry
//
// Every file a build writes comes from one registered output (registry, in
// outputs.go): the pages of each kind, redirects, feeds, the sitemap, host
// files, share cards, image copies, bundle and static files, the brand
// stylesheet, the social exports. An output is a type with three methods:
// name; files, which lists its units (a file, or the few files it makes
// together) and declares what each reads (reads: the site-wide inputs, a
// layout's templates, a page as its layout shows it, the cards of the
// posts it lists, every post, or nothing it can name: always); and make,
// which writes a unit's files to the sink it is given.
//
// The engine (engine.go) is the only code that reads those declarations.
// From them it works out each unit's digest, keeps the files whose digest
// is the one the last build recorded and makes the others (warm builds),
// and, on the dev server's patch path (patch.go), finds the units that
// read a post whose own fields changed (unit.stale) and makes them again,
// before it returns or in the background. A declaration that leaves out
// an input makes a warm build differ from a cold one, which
// TestSessionMatchesColdBuild finds for every registered output.
//
// To add an output: write the type, declare in files what each unit reads
// (values hashes anything else, and may cover only site-wide inputs and
// pages' place fields), and add it to the registry's step it belongs in.
// Nothing else names it.
package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/markdown"
	"github.com/carepress/carepress/internal/render"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/sitefs"
	"github.com/carepress/carepress/internal/social/export"
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
	// InMemory keeps the output in memory (Session.Open) instead of
	// writing the output directory: the dev server serves it from there.
	InMemory bool
	// Social is the folder of the social exports; "" means social/ in
	// Root. It holds posts that are not public yet, so it may never lie
	// inside the output directory or a folder whose files are published
	// (checkOut, in folders.go).
	Social string
	// Wait, when set, is told when the build waits for another build
	// that is writing the same output (or social) directory: builds into
	// one directory run one at a time.
	Wait func(msg string)
	// Check, when set, audits the loaded site, with the templates the
	// build parsed, while the build renders: an error in the list it
	// returns fails the build before anything reaches the output, and its
	// warnings join Result.Warnings. The build imports no checks: the
	// command hands it the one it runs (check.Gate).
	Check func(context.Context, *site.Site, *render.Renderer) diag.List
}

// Result summarises a build.
type Result struct {
	Site     *site.Site
	Pages    int // pages in the site, in all its languages
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
	// Plan is the social schedule written to Social.
	Plan   *export.Plan
	Social string
	// Rendered counts the pages, redirects, feeds and sitemaps made by
	// this build (the outputs with a digest); an incremental build makes
	// only what a change affects.
	Rendered int
	// Changed lists the output files (slash paths relative to the output
	// directory) whose bytes changed, or that are gone, since the last
	// build.
	Changed []string
	// Patched is true when the build patched the last model in place
	// rather than assembling the site again (an in-memory Session, after
	// an edit that moves no post; see Session.BuildFirst).
	Patched bool
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

// CacheDir is the build cache of the site at root.
func CacheDir(root string) string { return filepath.Join(root, ".carepress", "cache") }

// Load runs the load and assemble phases: it reads the site at opts.Root
// into its model. Warnings come back with the site; errors as a diag.List.
func Load(ctx context.Context, opts Options) (*site.Site, diag.List, error) {
	src, err := OpenSite(opts.Root)
	if err != nil {
		return nil, nil, err
	}
	defer src.Close()
	l, probs, err := load(ctx, opts, src, nil, nil)
	if err != nil {
		return nil, probs, err
	}
	return l.site, probs, nil
}

// loaded is the outcome of the load and assemble phases.
type loaded struct {
	site *site.Site
	// media is what the model learned of the image files.
	media  *files
	cfgRaw []byte
	now    time.Time
	files  map[string]bool // content files, by path
	// publicBase is base_url as configured, before --base-url (serve's
	// own address): the address social snippets link to.
	publicBase string
	conv       *markdown.Converter
}

// OpenSite opens the site root: every source file is read through it, so
// that no link in the site leads a build to a file outside (see sitefs).
func OpenSite(root string) (*sitefs.FS, error) {
	src, err := sitefs.Open(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("site root %q does not exist (pass -s DIR with the site's folder, or create one with `carepress new site DIR`)", root)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot open the site root: %w", err)
	}
	return src, nil
}

func load(ctx context.Context, opts Options, fsys fs.FS, cache *content.Cache, unchanged func(string) bool) (*loaded, diag.List, error) {
	cfg, err := config.Load(fsys)
	if err != nil {
		return nil, nil, err
	}
	publicBase := cfg.BaseURL
	if opts.BaseURL != "" {
		if err := cfg.SetBaseURL(opts.BaseURL); err != nil {
			return nil, nil, err
		}
	}
	raw, _ := fs.ReadFile(fsys, cfg.File)
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	conv := markdown.New(markdown.Options{Unsafe: cfg.Markdown.Unsafe, BasePath: cfg.BasePath()})
	set, probs := content.Load(ctx, fsys, content.Options{Config: cfg, Converter: conv, Cache: cache, Unchanged: unchanged})
	if err := probs.Err(); err != nil {
		return nil, probs, err
	}
	media := newFiles(fsys, cfg, publicBase)
	s, sprobs := site.New(ctx, cfg, set, site.Options{Now: now, Drafts: opts.Drafts, Future: opts.Future, Expired: opts.Expired, Media: media, Converter: conv})
	probs = append(probs, sprobs...)
	probs.Sort()
	if err := probs.Err(); err != nil {
		return nil, probs, err
	}
	files := map[string]bool{}
	for _, fs := range [][]*content.File{set.Posts, set.Pages, set.People, set.Series, set.Notices} {
		for _, f := range fs {
			files[f.Path] = true
		}
	}
	return &loaded{site: s, media: media, cfgRaw: raw, now: now, files: files, publicBase: publicBase, conv: conv}, probs.Warnings(), nil
}

// Build builds the site at opts.Root into its output directory. What it
// learns is kept in .carepress/cache, so that the next build renders only
// what changed.
func Build(ctx context.Context, opts Options) (*Result, error) {
	s := NewSession(opts)
	defer s.Close()
	return s.Build(ctx, nil)
}

// Layers lists where templates come from for cfg's theme, in the site src
// (see OpenSite).
func Layers(src fs.FS, cfg *config.Config) ([]render.Layer, error) {
	// config.Parse allows only a plain folder name for a theme, so every
	// path here is valid.
	sub := func(dir string) fs.FS {
		f, _ := fs.Sub(src, dir)
		return f
	}
	layers := []render.Layer{{FS: sub("templates"), Label: "templates"}}
	themeDir := "themes/" + cfg.Theme
	_, statErr := fs.Stat(src, themeDir)
	if statErr != nil && !errors.Is(statErr, fs.ErrNotExist) {
		return nil, statErr // a link out of the site, or a loop
	}
	if statErr == nil {
		layers = append(layers, render.Layer{FS: sub(themeDir + "/layouts"), Label: themeDir + "/layouts"})
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

// Templates parses the templates of the site at root for s, as a build
// does: for a command that checks the site without building it.
func Templates(root string, s *site.Site) (*render.Renderer, error) {
	src, err := OpenSite(root)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	layers, err := Layers(src, s.Config)
	if err != nil {
		return nil, err
	}
	return render.New(s, layers)
}

// staticFolders lists the static folders, lowest priority first: the built-in
// theme, the site's theme, the site's static/ (the last two in src).
func staticFolders(src fs.FS, cfg *config.Config) []fs.FS {
	var out []fs.FS
	for _, name := range []string{themes.Default, cfg.Theme} {
		if sub, err := fs.Sub(themes.FS, name+"/static"); err == nil {
			if _, err := fs.Stat(themes.FS, name+"/static"); err == nil && (name == cfg.Theme || name == themes.Default && len(out) == 0) {
				out = append(out, sub)
			}
		}
	}
	for _, dir := range []string{"themes/" + cfg.Theme + "/static", "static"} {
		if sub, err := fs.Sub(src, dir); err == nil {
			out = append(out, sub)
		}
	}
	return out
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

func writeOnce(out sink, rel string, data []byte, src string) error {
	if err := out.WriteFile(rel, data); err != nil {
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
