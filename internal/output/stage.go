package output

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"
)

// Stage is a site being built: files are written to a staging directory
// beside the output directory, and reach the output directory only through
// Commit. Its methods are safe for concurrent use.
//
// A Stage ends with exactly one Commit or Discard; calling Discard after
// Commit does nothing, so a caller can defer Discard.
type Stage struct {
	out  string // output directory: absolute, symbolic links resolved
	name string // output directory as the caller gave it, for messages
	dir  string // staging directory

	mu     sync.Mutex
	files  map[string]entry    // staged files; SHA256 is "" until written
	dirs   map[string]struct{} // directories implied by staged files
	closed bool
}

// NewStage makes a staging directory beside outDir (same parent, so that
// Commit's renames are atomic), named like .public.staging-123. outDir need
// not exist yet. If outDir is a symbolic link, the staging directory goes
// beside its target, since a rename cannot cross file systems.
func NewStage(outDir string) (*Stage, error) {
	abs, err := filepath.Abs(outDir)
	if err != nil {
		return nil, fmt.Errorf("cannot use output directory %q: %w", outDir, err)
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("cannot use output directory %q: %w", outDir, err)
	}
	parent := filepath.Dir(abs)
	if parent == abs {
		return nil, fmt.Errorf("output directory %q is the file system root", outDir)
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create staging directory for %q: %w", outDir, err)
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(abs)+".staging-")
	if err != nil {
		return nil, fmt.Errorf("cannot create staging directory for %q: %w", outDir, err)
	}
	return &Stage{
		out:   abs,
		name:  outDir,
		dir:   dir,
		files: map[string]entry{},
		dirs:  map[string]struct{}{},
	}, nil
}

// WriteFile stages data as the output file rel, a slash-separated path
// relative to the output directory. Absolute paths, "..", empty paths and the
// manifest's name are refused. Writing one path twice is an error wrapping
// ErrDuplicate and naming the path.
func (s *Stage) WriteFile(rel string, data []byte) error {
	return s.write(rel, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// CopyFile stages the file name of src as the output file rel, streaming it
// so that a large image is never held in memory. rel is checked as in
// WriteFile.
func (s *Stage) CopyFile(rel string, src fs.FS, name string) error {
	return s.write(rel, func(w io.Writer) error {
		f, err := src.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	})
}

// Has reports whether rel has been staged (or is being staged).
func (s *Stage) Has(rel string) bool {
	c, err := cleanRel(rel)
	if err != nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.files[c]
	return ok
}

// Discard removes the staging directory and leaves the output directory as
// it was. It does nothing after Commit.
func (s *Stage) Discard() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	if err := os.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("cannot remove staging directory %q: %w", s.dir, err)
	}
	return nil
}

var errClosed = errors.New("stage already committed or discarded")

// write reserves rel, then fills the staged file outside the lock so that
// writers run in parallel, hashing what fill writes as it goes.
func (s *Stage) write(rel string, fill func(io.Writer) error) error {
	c, err := s.reserve(rel)
	if err != nil {
		return err
	}
	dst := filepath.Join(s.dir, filepath.FromSlash(c))
	size, sum, err := writeNew(dst, fill)
	if err != nil {
		// The reservation stays, with no hash: Commit refuses a stage
		// holding a file that was not written completely.
		return fmt.Errorf("cannot stage %q: %w", c, err)
	}
	s.mu.Lock()
	s.files[c] = entry{Size: size, SHA256: sum}
	s.mu.Unlock()
	return nil
}

// reserve claims rel for one writer. Besides duplicates, it refuses a path
// that would need a staged file to be a directory, or the reverse, because
// the output directory cannot hold both.
func (s *Stage) reserve(rel string) (string, error) {
	c, err := cleanRel(rel)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", fmt.Errorf("cannot stage %q: %w", c, errClosed)
	}
	if _, ok := s.files[c]; ok {
		return "", fmt.Errorf("output path %q %w", c, ErrDuplicate)
	}
	if _, ok := s.dirs[c]; ok {
		return "", fmt.Errorf("output path %q is already a directory of other output files", c)
	}
	for d := path.Dir(c); d != "."; d = path.Dir(d) {
		if _, ok := s.files[d]; ok {
			return "", fmt.Errorf("output path %q needs %q to be a directory, but it is an output file", c, d)
		}
	}
	s.files[c] = entry{}
	for d := path.Dir(c); d != "."; d = path.Dir(d) {
		s.dirs[d] = struct{}{}
	}
	return c, nil
}

// writeNew creates dst (which must not exist) and returns the size and
// SHA-256 of what fill wrote. Staged files are not synced: a crash before
// Commit loses only the staging directory, and Commit's renames keep the
// previous output intact until each file is complete.
func writeNew(dst string, fill func(io.Writer) error) (int64, string, error) {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return 0, "", err
	}
	// O_EXCL also catches two paths that differ only in case on a
	// case-insensitive file system.
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, "", err
	}
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(f, h)}
	err = fill(cw)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, "", err
	}
	return cw.n, hex.EncodeToString(h.Sum(nil)), nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
