package server

import (
	"context"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/diag"
)

// Builder builds a site and keeps its last good output for the server.
//
// Build and Open may be called concurrently: requests are served while a
// rebuild runs, and see the previous output until the new one is complete.
type Builder interface {
	// Build rebuilds the site after the files in changed (site-root-relative
	// slash paths such as "content/posts/flu.md") were created, written or
	// removed; nil means everything. A failed build keeps the last good
	// output.
	Build(ctx context.Context, changed []string) (Report, error)
	// Open returns the file at name (an output-relative slash path such as
	// "posts/flu/index.html") of the last good build.
	Open(name string) ([]byte, bool)
}

// FirstBuilder is a Builder that can render some pages first: it builds
// the files in first (output-relative slash paths: the pages open in a
// browser) before it returns, and may leave other files it made stale for
// later, as long as Open never returns them stale once Build returned.
type FirstBuilder interface {
	BuildFirst(ctx context.Context, changed, first []string) (Report, error)
}

// SocialOpener is a Builder that also builds the social exports. The
// server serves them at /_carepress/social/; a Builder without this method,
// or one whose exports have no index.html yet, gets a page saying so.
type SocialOpener interface {
	// OpenSocial returns the file at name (a slash path relative to the
	// social exports folder) of the last good build.
	OpenSocial(name string) ([]byte, bool)
}

// Report says what a successful build did.
type Report struct {
	// Rendered counts the pages rendered.
	Rendered int
	// Changed lists the output paths whose bytes changed, were added or
	// removed. nil means unknown: the browser reloads.
	Changed []string
	// Warnings are problems that did not stop the build.
	Warnings diag.List
	// Patched is true when the build patched the site model rather than
	// assembling it again; files it made stale and did not render yet
	// are rendered in the background.
	Patched bool
}

// SessionBuilder is the Builder of carepress serve: an incremental
// build.Session that keeps its output in memory, so that a rebuild renders
// only what a change touches and nothing is written to the output folder.
type SessionBuilder struct {
	s *build.Session
}

// NewSessionBuilder returns a SessionBuilder for opts, with InMemory set.
func NewSessionBuilder(opts build.Options) *SessionBuilder {
	opts.InMemory = true
	return &SessionBuilder{s: build.NewSession(opts)}
}

// Build rebuilds what changed touches.
func (b *SessionBuilder) Build(ctx context.Context, changed []string) (Report, error) {
	return b.report(b.s.Build(ctx, changed))
}

// BuildFirst rebuilds what changed touches, the pages in first before it
// returns; when the change moves no post, the other stale files are
// rendered after, in the background or when opened.
func (b *SessionBuilder) BuildFirst(ctx context.Context, changed, first []string) (Report, error) {
	return b.report(b.s.BuildFirst(ctx, changed, first))
}

func (b *SessionBuilder) report(res *build.Result, err error) (Report, error) {
	if err != nil {
		var rep Report
		if res != nil {
			rep.Warnings = res.Warnings
		}
		return rep, err
	}
	rep := Report{Rendered: res.Rendered, Changed: res.Changed, Warnings: res.Warnings, Patched: res.Patched}
	if rep.Changed == nil {
		rep.Changed = []string{} // the session knows: nothing changed
	}
	return rep, nil
}

// Wait waits for the files a BuildFirst left to render, or ctx.
func (b *SessionBuilder) Wait(ctx context.Context) { b.s.Wait(ctx) }

// Close waits for them and releases the session's cache.
func (b *SessionBuilder) Close() error { return b.s.Close() }

// Open returns a file of the last good build.
func (b *SessionBuilder) Open(name string) ([]byte, bool) { return b.s.Open(name) }

// OpenSocial returns a social export of the last good build, for the
// preview at /_carepress/social/.
func (b *SessionBuilder) OpenSocial(name string) ([]byte, bool) { return b.s.OpenSocial(name) }
