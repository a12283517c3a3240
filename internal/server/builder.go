package server

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/output"
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
}

// DirBuilder is a Builder that runs a whole build.Build into a private
// temporary folder and keeps the output in memory. It rebuilds everything
// on every change; a Builder on the incremental build session replaces it
// where one exists.
type DirBuilder struct {
	opts build.Options
	dir  string // the temporary folder: public/ and social/ inside

	mu     sync.RWMutex
	files  map[string]dirFile // output-relative path → file
	social map[string]dirFile
}

// dirFile is one output file as last read, with what tells a rewrite.
type dirFile struct {
	data []byte
	size int64
	mod  time.Time
}

// NewDirBuilder returns a DirBuilder for opts. opts.Out and opts.Social
// are replaced by folders in a new temporary directory, so the site's own
// public/ and social/ are never touched; Close removes it.
func NewDirBuilder(opts build.Options) (*DirBuilder, error) {
	dir, err := os.MkdirTemp("", "carepress-serve-")
	if err != nil {
		return nil, err
	}
	opts.Out = filepath.Join(dir, "public")
	opts.Social = filepath.Join(dir, "social")
	opts.Force = true // the folder is ours, and drafts are meant to be seen
	return &DirBuilder{opts: opts, dir: dir}, nil
}

// Close removes the temporary folder.
func (b *DirBuilder) Close() error { return os.RemoveAll(b.dir) }

// Build runs a whole build whatever changed, then reads back the files
// the commit rewrote.
func (b *DirBuilder) Build(ctx context.Context, _ []string) (Report, error) {
	res, err := build.Build(ctx, b.opts)
	if err != nil {
		var rep Report
		if res != nil {
			rep.Warnings = res.Warnings
		}
		return rep, err
	}
	b.mu.RLock()
	oldFiles, oldSocial := b.files, b.social
	b.mu.RUnlock()
	files, changed, err := readTree(b.opts.Out, oldFiles)
	if err != nil {
		return Report{}, err
	}
	social, _, err := readTree(b.opts.Social, oldSocial)
	if err != nil {
		return Report{}, err
	}
	b.mu.Lock()
	b.files, b.social = files, social
	b.mu.Unlock()
	return Report{Rendered: res.Pages, Changed: changed, Warnings: res.Warnings}, nil
}

// Open returns a file of the last good build.
func (b *DirBuilder) Open(name string) ([]byte, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	f, ok := b.files[name]
	return f.data, ok
}

// OpenSocial returns a file of the last good build's social exports.
func (b *DirBuilder) OpenSocial(name string) ([]byte, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	f, ok := b.social[name]
	return f.data, ok
}

// readTree reads the files under dir into memory, reusing the bytes of
// old for files whose size and modification time did not move (the output
// commit leaves unchanged files untouched), and lists the paths whose bytes
// differ from old. A missing dir is empty.
func readTree(dir string, old map[string]dirFile) (map[string]dirFile, []string, error) {
	files := map[string]dirFile{}
	changed := []string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() || d.Name() == output.ManifestName {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		prev, had := old[rel]
		if had && prev.size == info.Size() && prev.mod.Equal(info.ModTime()) {
			files[rel] = prev
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[rel] = dirFile{data: data, size: info.Size(), mod: info.ModTime()}
		if !had || !bytes.Equal(prev.data, data) {
			changed = append(changed, rel)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	for rel := range old {
		if _, ok := files[rel]; !ok {
			changed = append(changed, rel)
		}
	}
	sort.Strings(changed)
	return files, changed, nil
}
