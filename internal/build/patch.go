package build

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/markdown"
	"github.com/carepress/carepress/internal/par"
	"github.com/carepress/carepress/internal/site"
)

// The patch path (fast render) of an in-memory session. When every
// changed file is a published post whose place in the site is unchanged
// (its URL, dates, draft state, tags, categories, series, people, notices,
// aliases, layout, image and sitemap fields are as they were), the model
// of the last build is patched in place: the post's own fields (title,
// description, body, summary, headings, reading time...) are taken from
// the new source and nothing else is assembled again. Then the pages that
// show the post (its page, its series, its neighbours, the lists, term
// and person pages it is on, site-wide layouts, its redirects) and its
// feeds, share card and the social exports are stale. The ones asked for
// first are rendered before the build returns; the rest are rendered in
// the background, or when they are opened, whichever comes first, so
// that no stale file is ever served once the build has returned. Anything
// else takes the full path.

// state is what the patch path keeps of the last full build.
type state struct {
	run        *run
	l          *loaded
	conv       *markdown.Converter
	warnings   diag.List
	publicBase string
}

// pending is a stale output file, or a group of them, rendered by the
// first of the background worker, a request (Open) and a full build.
type pending struct {
	once  sync.Once
	names []string
	lazy  bool // only on request: too long to hold the model for
	// make renders the files under the model's read lock; it returns
	// them with their digests (zero: none is kept).
	make func() (map[string][]byte, map[string]digest, error)
	err  error
}

// patchable reports whether changed can take the patch path, and returns
// the posts it changes.
func (s *Session) patchable(changed []string) []*site.Page {
	st := s.last
	if st == nil || !s.good || !s.opts.InMemory || len(changed) == 0 {
		return nil
	}
	set := map[string]bool{}
	for _, c := range changed {
		c = path.Clean(c)
		if !strings.HasPrefix(c, content.Dir+"/posts/") || path.Ext(c) != ".md" {
			return nil
		}
		set[c] = true
	}
	var posts []*site.Page
	for _, p := range st.run.site.Posts {
		if p.Source != nil && set[p.Source.Path] {
			posts = append(posts, p)
		}
	}
	if len(posts) != len(set) {
		return nil // a new, removed or unpublished post
	}
	return posts
}

// patch is the patch path of Build. ok is false when the change turned out
// to need the full path; nothing was changed then.
func (s *Session) patch(ctx context.Context, start time.Time, posts []*site.Page, first []string) (res *Result, ok bool, err error) {
	st := s.last
	b := st.run
	m := b.site
	cfg := m.Config
	// Load the changed posts with only what they refer to: their series
	// and people, and the notices (every post shows some).
	roots := []string{content.Dir + "/notices"}
	for _, p := range posts {
		src := p.Source.Path
		if p.Source.BundleDir != "" {
			src = p.Source.BundleDir
		}
		roots = append(roots, src)
		for _, x := range []*site.Person{p.Author, p.Reviewer} {
			if x != nil && x.Source != nil {
				roots = append(roots, x.Source.Path)
			}
		}
		if p.Series != nil && p.Series.Source != nil {
			roots = append(roots, p.Series.Source.Path)
		}
	}
	changed := map[string]bool{}
	for _, p := range posts {
		changed[p.Source.Path] = true
	}
	set, probs := content.Load(ctx, &partFS{FS: s.src, roots: roots}, content.Options{
		Config: cfg, Converter: st.conv, Cache: s.cache, Unchanged: func(p string) bool { return !changed[p] }})
	if probs.Err() != nil {
		return nil, false, nil
	}
	// The same image files as the last build: what it learned of them
	// is not read again.
	mini, sprobs := site.New(ctx, cfg, set, site.Options{Now: st.l.now, Drafts: s.opts.Drafts, Future: s.opts.Future, Expired: s.opts.Expired,
		Media: st.l.media, Converter: st.conv})
	if sprobs.Err() != nil {
		return nil, false, nil
	}
	fresh := make([]*site.Page, len(posts))
	for i, p := range posts {
		for _, q := range mini.Posts {
			if q.Source.Path == p.Source.Path {
				fresh[i] = q
			}
		}
		if fresh[i] == nil || !b.dig.samePlace(p, fresh[i]) {
			return nil, false, nil
		}
	}

	// From here the model changes; a failure puts it back.
	s.model.Lock()
	locked := true
	defer func() {
		if locked {
			s.model.Unlock()
		}
	}()
	saved := make([]site.Page, len(posts))
	savedCards := make([]digest, len(posts))
	savedLight := make([]digest, len(posts))
	savedAll, savedAllCards := b.dig.all, b.dig.allCards
	for i, p := range posts {
		saved[i], savedCards[i], savedLight[i] = *p, b.dig.full[p], b.dig.cards[p]
		b.dig.adopt(p, fresh[i])
		b.dig.recard(p)
	}
	b.dig.all = b.dig.sumAll(m, true)
	b.dig.allCards = b.dig.sumAll(m, false)
	b.r.Forget() // partials cached with the posts' old fields
	undo := func() {
		b.r.Forget()
		for i, p := range posts {
			*p, b.dig.full[p], b.dig.cards[p] = saved[i], savedCards[i], savedLight[i]
		}
		b.dig.all, b.dig.allCards = savedAll, savedAllCards
	}

	// What is stale: the files of the last build whose declarations read
	// a changed post (unit.stale). Those of the changed posts' pages, and
	// those asked for first, are made now; the rest are pending.
	isChanged := map[*site.Page]bool{}
	for _, p := range posts {
		isChanged[p] = true
	}
	want := map[string]bool{}
	for _, f := range first {
		want[strings.TrimPrefix(f, "/")] = true
	}
	var hot, later []*pending
	for _, u := range b.units {
		if !u.stale(b.dig, isChanged) {
			continue
		}
		j := s.job(u)
		switch {
		case j == nil:
		case !u.lazy && (isChanged[u.reads.page] || slices.ContainsFunc(u.names, func(n string) bool { return want[n] })):
			hot = append(hot, j)
		default:
			later = append(later, j)
		}
	}
	type out struct {
		files   map[string][]byte
		digests map[string]digest
		err     error
	}
	outs := make([]out, len(hot))
	if err := par.Each(ctx, len(hot), func(i int) {
		outs[i].files, outs[i].digests, outs[i].err = hot[i].make()
	}); err != nil {
		undo() // cancelled: some are not made
		return nil, true, err
	}
	var errs diag.List
	for _, o := range outs {
		errs.Add(o.err)
	}
	if err := errs.Err(); err != nil {
		undo()
		return nil, true, firstDistinct(errs)
	}

	// Commit: the hot files, and the rest as pending.
	s.outMu.Lock()
	var changedFiles []string
	for _, o := range outs {
		for n, data := range o.files {
			if old, ok := s.mem[n]; !ok || !bytes.Equal(old, data) {
				changedFiles = append(changedFiles, n)
			}
			s.mem[n] = data
		}
		for n, d := range o.digests {
			s.digests[n] = d
		}
	}
	if s.pending == nil {
		s.pending = map[string]*pending{}
	}
	for _, j := range later {
		for _, n := range j.names {
			if old := s.pending[n]; old == nil || !slices.Equal(old.names, j.names) {
				s.pending[n] = j
			}
			changedFiles = append(changedFiles, n)
		}
	}
	files := len(s.mem)
	s.outMu.Unlock()
	s.model.Unlock()
	locked = false
	s.startWorker()

	slices.Sort(changedFiles)
	changedFiles = slices.Compact(changedFiles)
	warnings := slices.DeleteFunc(slices.Clone(st.warnings), func(e *diag.Error) bool { return changed[e.Pos.File] })
	for _, e := range append(probs.Warnings(), sprobs.Warnings()...) {
		if changed[e.Pos.File] {
			warnings = append(warnings, e)
		}
	}
	warnings.Sort()
	st.warnings = warnings
	res = &Result{Site: m, Warnings: warnings, Out: "", Posts: len(m.Posts), Notices: len(m.Notices), Pages: pageCount(m),
		Rendered: len(hot), Changed: changedFiles, Patched: true, Files: files, Written: len(changedFiles)}
	res.Duration = time.Since(start)
	return res, true, nil
}

// job is the pending making of the files of the unit u of the last full
// build, with the model as it is then. Call it, and the job's make, with
// the model locked.
func (s *Session) job(u *unit) *pending {
	b := s.last.run
	names := u.names
	if u.social {
		names = []string{socialName}
	}
	if len(names) == 0 {
		return nil // the site's static files stand in for all of it
	}
	return &pending{names: names, lazy: u.lazy, make: func() (map[string][]byte, map[string]digest, error) {
		mem := newMemOut(nil)
		// Only the files it put in the full build: the others are the
		// site's static files.
		o := &unitOut{sink: mem, restrict: !u.social, only: u.names}
		if err := u.out.make(b, u, o); err != nil {
			return nil, nil, err
		}
		if u.social {
			s.outMu.Lock()
			s.social = mem.files
			s.outMu.Unlock()
			return nil, nil, nil
		}
		var digests map[string]digest
		if !u.reads.always {
			if d, ok := b.digest(u); ok {
				digests = make(map[string]digest, len(mem.files))
				for n := range mem.files {
					digests[n] = d
				}
			}
		}
		return mem.files, digests, nil
	}}
}

// socialName is the pending name of the social exports.
const socialName = "\x00social"

// runJob renders j, once, and puts its files in the output. A file that
// cannot be rendered keeps its last bytes and loses its digest, and the
// next build takes the full path, which reports the error.
func (s *Session) runJob(j *pending) {
	j.once.Do(func() {
		s.model.RLock()
		defer s.model.RUnlock()
		files, digests, err := j.make()
		s.outMu.Lock()
		defer s.outMu.Unlock()
		for _, n := range j.names {
			if s.pending[n] == j {
				delete(s.pending, n)
			}
		}
		if err != nil {
			j.err = err
			for _, n := range j.names {
				delete(s.digests, n)
			}
			s.broken = true
			return
		}
		for n, data := range files {
			s.mem[n] = data
		}
		for n, d := range digests {
			s.digests[n] = d
		}
	})
}

// startWorker renders pending files in the background, one at a time,
// once no build has run for workerIdle: a writer saving again and again
// gets each save's pages first, and a request for a stale file renders it
// at once.
func (s *Session) startWorker() {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	if s.working {
		return
	}
	s.working = true
	s.worker.Go(func() {
		for {
			s.outMu.Lock()
			if s.closing {
				s.working = false
				s.outMu.Unlock()
				return
			}
			if wait := time.Until(s.lastBuild.Add(workerIdle)); s.building || wait > 0 {
				s.outMu.Unlock()
				time.Sleep(max(wait, workerIdle/10))
				continue
			}
			var next *pending
			for _, j := range s.pending {
				if !j.lazy {
					next = j
					break
				}
			}
			if next == nil {
				s.working = false
				s.outMu.Unlock()
				return
			}
			s.outMu.Unlock()
			s.runJob(next)
		}
	})
}

// workerIdle is how long after a build the background renderer waits.
const workerIdle = 100 * time.Millisecond

// drain renders everything pending, in parallel.
func (s *Session) drain(ctx context.Context) {
	s.outMu.RLock()
	var jobs []*pending
	seen := map[*pending]bool{}
	for _, j := range s.pending {
		if !seen[j] {
			seen[j] = true
			jobs = append(jobs, j)
		}
	}
	s.outMu.RUnlock()
	par.Each(ctx, len(jobs), func(i int) { s.runJob(jobs[i]) })
}

// Wait renders every file a fast rebuild (BuildFirst) left to render, and
// returns once the output is that of a full build, or ctx is done (what is
// left stays pending, made when opened).
func (s *Session) Wait(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drain(ctx)
}

// partFS is the site root with only some files of content/ in it: the
// files under roots, and the folders that lead to them.
type partFS struct {
	fs.FS
	roots []string
}

// ReadDir lists a folder under a root as it is, and of any other only
// the entries that lead to a root, without listing it: content/posts may
// hold 10,000 files.
func (p *partFS) ReadDir(name string) ([]fs.DirEntry, error) {
	for _, r := range p.roots {
		if name == r || strings.HasPrefix(name, r+"/") {
			return fs.ReadDir(p.FS, name)
		}
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, r := range p.roots {
		rest, ok := strings.CutPrefix(r, name+"/")
		if !ok {
			continue
		}
		child, _, _ := strings.Cut(rest, "/")
		if seen[child] {
			continue
		}
		seen[child] = true
		fi, err := fs.Stat(p.FS, path.Join(name, child))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, fs.FileInfoToDirEntry(fi))
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

func (p *partFS) ReadFile(name string) ([]byte, error) { return fs.ReadFile(p.FS, name) }

func (p *partFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(p.FS, name) }
