package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/output"
	"github.com/carepress/carepress/internal/render"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/sitefs"
	"github.com/carepress/carepress/internal/social"
	"github.com/carepress/carepress/internal/social/export"
)

// Session keeps a site between builds, so a rebuild re-renders only what
// a change affects: the dev server holds one for its life, and Build makes
// one that reads and writes what the last build left in .carepress/cache.
//
// A Session is safe for concurrent use; builds run one at a time.
type Session struct {
	opts Options
	// reg is the outputs its builds make; nil is registry's.
	reg []step

	mu      sync.Mutex // one build at a time
	src     *sitefs.FS // the site root, as the last full build opened it
	cache   *content.Cache
	digests map[string]digest // output file → digest of the last good build
	stamp   string            // the Stamp of the manifest that build left, on disk
	good    bool              // the last build succeeded (its state is current)

	outMu  sync.RWMutex
	mem    map[string][]byte // InMemory: the output of the last good build
	social map[string][]byte // InMemory: its social exports

	// The patch path (patch.go), InMemory only.
	last    *state              // the last good build, patched in place
	model   sync.RWMutex        // held to read the model while rendering, and to patch it
	pending map[string]*pending // under outMu: stale files not rendered yet
	worker  sync.WaitGroup      // the background renderer
	working bool                // under outMu: the worker runs
	closing bool                // under outMu: the worker stops
	broken  bool                // under outMu: a pending file failed; take the full path
	// building and lastBuild (under outMu) hold the worker back while
	// builds come in.
	building  bool
	lastBuild time.Time
}

// NewSession returns a session for the site of opts. Nothing is read until
// the first Build.
func NewSession(opts Options) *Session {
	return &Session{opts: opts}
}

// Close releases the cache in .carepress/cache, which one process at a
// time can use. A later Build opens it again, and starts from what is on
// disk.
func (s *Session) Close() error {
	s.outMu.Lock()
	s.closing = true
	s.outMu.Unlock()
	s.worker.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	// Close has no caller's context (it is an io.Closer) and must leave
	// the output whole: the files still pending are made, uncancelled.
	s.drain(context.Background())
	s.outMu.Lock()
	s.closing = false
	s.outMu.Unlock()
	s.last = nil
	if s.src != nil {
		s.src.Close()
		s.src = nil
	}
	if s.cache == nil {
		return nil
	}
	err := s.cache.Close()
	s.cache, s.digests, s.stamp, s.good = nil, nil, "", false
	return err
}

// Open returns the file name (a slash path relative to the output
// directory) of the last good build, with InMemory; ok is false when
// there is no such file.
//
// A file that a fast rebuild (BuildFirst) left stale is rendered first:
// once a build has returned, Open never returns what it made stale.
func (s *Session) Open(name string) ([]byte, bool) {
	name = strings.TrimPrefix(name, "/")
	s.outMu.RLock()
	j := s.pending[name]
	b, ok := s.mem[name]
	s.outMu.RUnlock()
	if j == nil {
		return b, ok
	}
	s.runJob(j)
	s.outMu.RLock()
	defer s.outMu.RUnlock()
	b, ok = s.mem[name]
	return b, ok
}

// plan plans the social snippets, for a preview that finds the output
// folder at previewBase. The dev server (Dev) serves the site at its own
// address, but snippets link to the public one, and a snippet fault is
// shown as a warning there rather than stopping the preview.
func (s *Session) plan(st *site.Site, l *loaded, previewBase string) (*export.Plan, diag.List, error) {
	if !s.opts.Dev {
		return Plan(st, st.Now, previewBase)
	}
	public := *st
	if l.publicBase != "" {
		cfg := *st.Config
		cfg.BaseURL = l.publicBase
		public.Config = &cfg
	}
	plan, errs := social.Plan(&public, planOptions(&public, st.Now, previewBase))
	var warnings diag.List
	for _, e := range errs {
		w := *e
		w.Severity = diag.SevWarning
		w.Msg = "social: " + w.Msg
		warnings = append(warnings, &w)
	}
	if errs.Err() != nil {
		plan.Items = nil // a build would fail: preview nothing rather than part
	}
	return plan, warnings, nil
}

// previewBase is where the social preview finds the output folder: the dev
// server's root for a build in memory, else the output folder out as seen
// from the social folder.
func (s *Session) previewBase(st *site.Site, social, out string) string {
	if s.opts.InMemory {
		return st.Config.RelURL("/")
	}
	return PreviewBase(social, out)
}

// OpenSocial returns a social export (plan.json, index.html, ...) of the
// last good build, with InMemory, for the dev server's preview.
func (s *Session) OpenSocial(name string) ([]byte, bool) {
	s.outMu.RLock()
	j := s.pending[socialName]
	s.outMu.RUnlock()
	if j != nil {
		s.runJob(j)
	}
	s.outMu.RLock()
	defer s.outMu.RUnlock()
	b, ok := s.social[strings.TrimPrefix(name, "/")]
	return b, ok
}

func cacheStamp() []byte {
	st := content.BuildStamp()
	return st[:]
}

// Build builds. changed lists site-root-relative slash paths that changed
// since the last Build (nil = unknown: every source is looked at). A
// configuration change rebuilds everything; a template change re-renders
// the pages that use it; a post change re-renders that post and the pages,
// feeds and sitemap it appears in. A failed build keeps the previous
// output, on disk and in memory.
func (s *Session) Build(ctx context.Context, changed []string) (*Result, error) {
	return s.build(ctx, changed, nil, true)
}

// BuildFirst is Build for the dev server: when the change allows it (see
// patch.go), it renders the changed posts and the output files in first
// (slash paths relative to the output directory: the pages open in a
// browser), and returns; the other files the change makes stale are
// rendered in the background, or by Open when asked for before. Wait
// waits for them.
func (s *Session) BuildFirst(ctx context.Context, changed, first []string) (*Result, error) {
	return s.build(ctx, changed, first, false)
}

func (s *Session) build(ctx context.Context, changed, first []string, all bool) (*Result, error) {
	s.outMu.Lock()
	s.building = true
	s.outMu.Unlock()
	defer func() {
		s.outMu.Lock()
		s.building, s.lastBuild = false, time.Now()
		s.outMu.Unlock()
	}()
	s.mu.Lock()
	defer s.mu.Unlock()
	start := time.Now()
	s.outMu.RLock()
	broken := s.broken
	s.outMu.RUnlock()
	if posts := s.patchable(changed); posts != nil && !broken {
		res, ok, err := s.patch(ctx, start, posts, first)
		if ok {
			if err == nil && all {
				s.drain(ctx)
				res.Duration = time.Since(start)
			}
			return res, err
		}
	}
	// The full path reads the output and digests of the last build as
	// they are: nothing may be pending.
	s.drain(ctx)
	res, err := s.full(ctx, changed, start)
	if err == nil {
		s.outMu.Lock()
		s.broken = false
		s.outMu.Unlock()
	}
	return res, err
}

// full is the full path of Build: load and assemble the whole site, and
// render what the digests say changed.
func (s *Session) full(ctx context.Context, changed []string, start time.Time) (_ *Result, err error) {
	s.last = nil
	opts := s.opts
	out, err := filepath.Abs(opts.OutDir())
	if err != nil {
		return nil, err
	}
	// The output directory is looked at, and its manifest read, while
	// the sources are loaded; a refusal is still the error the build
	// reports, whatever else failed.
	type prepared struct {
		stage *output.Stage
		err   error
	}
	prep := make(chan prepared, 1)
	// A build that fails while another holds the output directory does
	// not wait for it.
	prepCtx, stopPrep := context.WithCancel(ctx)
	defer stopPrep()
	if opts.InMemory {
		prep <- prepared{}
	} else {
		if err := checkOut(opts, out); err != nil {
			return nil, err
		}
		go func() {
			if err := preflight(out, opts.Force); err != nil {
				prep <- prepared{err: err}
				return
			}
			stage, err := output.NewStage(prepCtx, out, opts.Wait)
			if err == nil {
				stage.Survey() // a core is free while the content cache loads
			}
			prep <- prepared{stage, err}
		}()
	}
	outDir := sync.OnceValue(func() prepared { return <-prep })
	defer func() {
		if err != nil {
			stopPrep()
		}
		o := outDir()
		if o.stage != nil {
			o.stage.Discard() // nothing after Commit
		}
		if o.err != nil && (err == nil || !errors.Is(o.err, context.Canceled)) {
			err = o.err
		}
	}()
	// The root is opened again for each full build: a dev server outlives
	// a site folder replaced, or a -s link pointed at another folder.
	// Nothing of the last build is pending (see build).
	if s.src != nil {
		s.src.Close()
	}
	if s.src, err = OpenSite(opts.Root); err != nil {
		return nil, err
	}
	cacheDir := CacheDir(opts.Root)
	if s.cache == nil {
		s.cache = content.OpenCache(filepath.Join(cacheDir, "content"))
		if !opts.InMemory {
			s.digests, s.stamp = loadState(filepath.Join(cacheDir, stateName), out)
		}
	}
	var unchanged func(string) bool
	if changed != nil && s.good && !slices.ContainsFunc(changed, isConfig) {
		set := map[string]bool{}
		for _, c := range changed {
			set[path.Clean(c)] = true
		}
		unchanged = func(p string) bool { return !set[p] }
	}
	l, warnings, err := load(ctx, opts, s.src, s.cache, unchanged)
	if err != nil {
		return nil, err
	}
	st := l.site
	if !opts.InMemory {
		if err := st.Config.ValidateForBuild(); err != nil {
			return nil, err
		}
	}
	// The digests' shared part and the posts' cards need no templates:
	// they are worked out while the templates are parsed.
	type digested struct {
		d   *digester
		err error
	}
	digestedc := make(chan digested, 1)
	go func() {
		d, err := newDigester(ctx, st, opts, l.cfgRaw, l.now)
		digestedc <- digested{d, err}
	}()
	dig := sync.OnceValue(func() digested { return <-digestedc })
	defer dig() // never left running
	layers, err := Layers(s.src, st.Config)
	if err != nil {
		return nil, err
	}
	r, err := render.New(st, layers)
	if err != nil {
		return nil, err
	}
	// The checks run beside the render, which only reads the model too,
	// with the templates it parsed: a privacy error must stop the build,
	// and does, before anything reaches the output directory (a failed
	// build discards the stage). When both fail, the checks' error is the
	// one reported.
	found := make(chan diag.List, 1)
	if opts.Check != nil {
		go func() { found <- opts.Check(ctx, st, r) }()
	} else {
		found <- nil
	}
	checked := sync.OnceValue(func() diag.List { return <-found })
	checkErr := func() error {
		if list := checked(); list.Err() != nil {
			all := append(slices.Clone(warnings), list...)
			all.Sort()
			return all
		}
		return nil
	}
	defer func() {
		if cerr := checkErr(); cerr != nil && err != nil {
			err = cerr
		}
	}()
	socialDir, err := filepath.Abs(opts.SocialDir())
	if err != nil {
		return nil, err
	}
	if !opts.InMemory {
		if err := preflight(socialDir, opts.Force); err != nil {
			return nil, err
		}
	}
	plan, planWarnings, err := s.plan(st, l, s.previewBase(st, socialDir, out))
	if err != nil {
		return nil, err
	}
	warnings = append(warnings, planWarnings...)
	res := &Result{Site: st, Warnings: warnings, Out: out, Posts: len(st.Posts), Notices: len(st.Notices), Pages: pageCount(st), Plan: plan, Social: socialDir}
	var dst sink
	var stage *output.Stage
	var mem *memOut
	if opts.InMemory {
		s.outMu.RLock()
		mem = newMemOut(s.mem)
		s.outMu.RUnlock()
		dst = mem
	} else {
		o := outDir()
		if o.err != nil {
			return nil, o.err
		}
		stage = o.stage
		dst = stage
		if st := stage.Stamp(); st == "" || st != s.stamp {
			// The output directory is not as the last build left it:
			// another build wrote it, or a copy was restored.
			s.digests = nil
		}
	}
	media, err := newMedia(opts.Root, st)
	if err != nil {
		return nil, err
	}
	if err := dig().err; err != nil {
		return nil, err
	}
	dig().d.r = r
	reg := s.reg
	if reg == nil {
		reg = registry()
	}
	socialOut := newMemOut(nil)
	b := &run{opts: opts, src: s.src, site: st, r: r, out: dst, cache: s.cache, media: media,
		dig: dig().d, prev: s.digests, next: make(map[string]digest, len(s.digests)),
		reg: reg, social: socialOut, plan: func() (*export.Plan, error) { return plan, nil }, record: opts.InMemory}
	if err := b.outputs(ctx); err != nil {
		return nil, err
	}
	res.Encoded = media.encoded()
	res.Rendered = int(b.rendered.Load())
	if err := checkErr(); err != nil {
		return nil, err
	}
	if list := checked(); len(list) > 0 {
		warnings = append(warnings, list...)
		warnings.Sort()
		res.Warnings = warnings
	}
	saved := make(chan struct{})
	if opts.InMemory {
		close(saved)
	} else {
		// The content cache is not read again by this build: it is
		// saved while the output is committed. It only saves work and
		// holds nothing of the output, so a failed commit is no reason
		// not to keep it.
		go func() {
			defer close(saved)
			s.cache.Forget(l.files)
			_ = s.cache.Save()
		}()
	}
	defer func() { <-saved }()

	if opts.InMemory {
		s.outMu.Lock()
		s.social = socialOut.files
		s.outMu.Unlock()
		res.Changed = mem.changed()
		res.Files, res.Written, res.Removed = len(mem.files), len(res.Changed), 0
		for _, c := range res.Changed {
			if _, ok := mem.files[c]; !ok {
				res.Removed++
				res.Written--
			}
		}
		s.outMu.Lock()
		s.mem = mem.files
		s.outMu.Unlock()
		// A patch plans the posts again, as the model has them then.
		b.plan = func() (*export.Plan, error) {
			plan, _, err := s.plan(b.site, l, s.previewBase(b.site, "", ""))
			return plan, err
		}
		s.last = &state{run: b, l: l, conv: l.conv, warnings: warnings}
	} else {
		sstage, err := socialStage(ctx, socialDir, socialOut.files, opts.Wait)
		if err != nil {
			return nil, err
		}
		defer sstage.Discard()
		cst, err := stage.Commit(opts.Force)
		if err != nil {
			s.good = false
			return nil, err
		}
		if _, err := sstage.Commit(opts.Force); err != nil {
			return nil, fmt.Errorf("the site was written, but not the social exports: %w", err)
		}
		s.stamp = stage.Stamp()
		warnings = append(warnings, stage.Warnings()...)
		warnings = append(warnings, sstage.Warnings()...)
		warnings.Sort()
		res.Warnings = warnings
		res.Written, res.Removed, res.Files = cst.Written, cst.Removed, cst.Written+cst.Unchanged
		res.Changed = stage.Changed()
	}
	s.digests, s.good = b.next, true
	if opts.InMemory {
		s.cache.Forget(l.files)
	} else {
		// The caches only save work: failing to save them fails nothing.
		<-saved
		_ = saveState(filepath.Join(cacheDir, stateName), out, s.stamp, b.next)
	}
	res.Duration = time.Since(start)
	return res, nil
}

func isConfig(p string) bool {
	p = path.Clean(p)
	return !strings.Contains(p, "/") && (strings.HasPrefix(p, "carepress.") || p == "config.yaml")
}

// run is one build of a session.
type run struct {
	opts  Options
	src   fs.FS // the site root (Session.src)
	site  *site.Site
	r     *render.Renderer
	out   sink
	cache *content.Cache
	media *media
	dig   *digester
	prev  map[string]digest
	// reg is the outputs the build makes (registry).
	reg []step
	// social is where the social exports go.
	social sink
	// plan is the social schedule of the model as it is.
	plan func() (*export.Plan, error)
	// record keeps the units made (units), for the patch path.
	record bool
	units  []*unit

	mu       sync.Mutex
	next     map[string]digest
	rendered atomicInt
}

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}
