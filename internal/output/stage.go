package output

import (
	"bytes"
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
	"time"
)

// Stage is a site being built: files are written to a staging directory
// beside the output directory, and reach the output directory only through
// Commit. Its methods are safe for concurrent use.
//
// A file whose bytes match what the manifest says the output directory
// already holds is not written to the staging directory at all: WriteFile
// hashes it in memory, and Commit leaves the copy in place. So a build
// writes to disk only what changed.
//
// A Stage ends with exactly one Commit or Discard; calling Discard after
// Commit does nothing, so a caller can defer Discard.
type Stage struct {
	out  string // output directory: absolute, symbolic links resolved
	name string // output directory as the caller gave it, for messages
	dir  string // staging directory

	// old is the manifest found when the stage was made (nil when it was
	// missing or unreadable: Commit then decides), and oldTime its
	// modification time. A file on disk not modified since the manifest
	// was written is trusted to hold what the manifest says.
	old     map[string]entry
	oldData []byte // the manifest's bytes, so that Commit need not parse it again
	oldTime time.Time
	root    *os.Root // the output directory, nil when it does not exist

	// real caches, for the directories of the output directory that
	// intact looked at, whether each is a real directory (not a link),
	// and subdirs the real directories among the entries of each
	// directory listed for it.
	realMu  sync.Mutex
	real    map[string]bool
	subdirs map[string]map[string]bool
	// surveyed holds, after Survey, whether each file of the manifest
	// was intact.
	surveyed map[string]bool

	mu      sync.Mutex
	files   map[string]entry    // staged files; SHA256 is "" until written
	kept    map[string]bool     // staged files left in place: unchanged
	dirs    map[string]struct{} // directories implied by staged files
	made    map[string]bool     // directories made in the staging directory
	changed []string            // after Commit: files written or removed
	closed  bool
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
	s := &Stage{
		out:     abs,
		name:    outDir,
		dir:     dir,
		files:   map[string]entry{},
		kept:    map[string]bool{},
		dirs:    map[string]struct{}{},
		made:    map[string]bool{".": true},
		real:    map[string]bool{".": true},
		subdirs: map[string]map[string]bool{},
	}
	if root, err := os.OpenRoot(abs); err == nil {
		s.root = root
		if fi, err := root.Stat(ManifestName); err == nil {
			if data, err := root.ReadFile(ManifestName); err == nil {
				if files, err := parseManifest(data); err == nil {
					s.old, s.oldData, s.oldTime = files, data, fi.ModTime()
					s.files = make(map[string]entry, len(files))
					s.kept = make(map[string]bool, len(files))
				}
			}
		}
	}
	return s, nil
}

// WriteFile stages data as the output file rel, a slash-separated path
// relative to the output directory. Absolute paths, "..", empty paths and the
// manifest's name are refused. Writing one path twice is an error wrapping
// ErrDuplicate and naming the path.
//
// WriteFile does not keep data: the caller may reuse it once WriteFile
// returns.
func (s *Stage) WriteFile(rel string, data []byte) error {
	c, err := s.reserve(rel)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	e := entry{Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	if s.inPlace(c, e, data) {
		s.mu.Lock()
		s.files[c], s.kept[c] = e, true
		s.mu.Unlock()
		return nil
	}
	if err := s.mkdirs(path.Dir(c)); err != nil {
		return fmt.Errorf("cannot stage %q: %w", c, err)
	}
	if err := writeData(filepath.Join(s.dir, filepath.FromSlash(c)), data); err != nil {
		return fmt.Errorf("cannot stage %q: %w", c, err)
	}
	s.mu.Lock()
	s.files[c] = e
	s.mu.Unlock()
	return nil
}

// writeData creates dst, which must not exist, holding data.
func writeData(dst string, data []byte) error {
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// inlineCopy is the size up to which CopyFile reads a file into memory, to
// hash it before deciding whether it needs writing at all.
const inlineCopy = 4 << 20

// CopyFile stages the file name of src as the output file rel. A large
// file is streamed, so that it is never held in memory whole. rel is
// checked as in WriteFile.
func (s *Stage) CopyFile(rel string, src fs.FS, name string) error {
	if fi, err := fs.Stat(src, name); err == nil && fi.Mode().IsRegular() && fi.Size() <= inlineCopy {
		data, err := fs.ReadFile(src, name)
		if err == nil {
			return s.WriteFile(rel, data)
		}
	}
	c, err := s.reserve(rel)
	if err != nil {
		return err
	}
	return s.fill(c, func(w io.Writer) error {
		f, err := src.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	})
}

// Keep stages rel as unchanged since the last build, without its bytes:
// the caller knows it would write what the output directory holds (the
// incremental build did not re-render the page). Keep fails when the
// manifest or the output directory cannot vouch for that, so that the
// caller writes the file after all.
func (s *Stage) Keep(rel string) error {
	c, err := s.reserve(rel)
	if err != nil {
		return err
	}
	o, ok := s.old[c]
	if ok && o.SHA256 != "" && s.intact(c, o) {
		s.mu.Lock()
		s.files[c], s.kept[c] = o, true
		s.mu.Unlock()
		return nil
	}
	s.mu.Lock()
	delete(s.files, c)
	s.mu.Unlock()
	return fmt.Errorf("output path %q: %w", c, ErrNotKept)
}

// ErrNotKept is returned by Keep when a file must be written after all.
var ErrNotKept = errors.New("cannot be kept: it changed on disk or is not in the manifest")

// Entry returns the size and SHA-256 (hex) staged for rel.
func (s *Stage) Entry(rel string) (size int64, sha string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.files[rel]
	return e.Size, e.SHA256, ok && e.SHA256 != ""
}

// inPlace reports whether the output directory already holds data as c:
// the manifest lists the same size and hash, and the file on disk has that
// size and was not modified after the manifest, or else holds the same
// bytes.
func (s *Stage) inPlace(c string, e entry, data []byte) bool {
	o, ok := s.old[c]
	if !ok || o.SHA256 == "" || o.Size != e.Size || o.SHA256 != e.SHA256 {
		return false
	}
	return s.intact(c, o) || s.sameOnDisk(c, data)
}

// intact reports whether the output file c is a regular file of the size
// the manifest gives, not modified since the manifest was written, in
// real directories of the output directory.
//
// It costs one lstat for the file, and one listing of each directory
// that holds directories: a build keeps thousands of files, most in a
// directory of their own (posts/SLUG/index.html), and os.Root would open
// every directory on the way for each. Commit trusts what it found (see
// plan).
func (s *Stage) intact(c string, o entry) bool {
	s.realMu.Lock()
	ok, seen := s.surveyed[c]
	s.realMu.Unlock()
	if seen {
		return ok
	}
	return s.look(c, o)
}

// Survey looks at every file the manifest lists, in one pass, so that
// Keep and WriteFile can vouch for a file without a system call of their
// own. Call it while the site is being made, on a core that would
// otherwise wait: the files are taken as they are then, as Keep would
// take them as they are when it is called. A Stage works the same
// without it.
func (s *Stage) Survey() {
	if s.root == nil || len(s.old) == 0 {
		return
	}
	seen := make(map[string]bool, len(s.old))
	for c, o := range s.old {
		if o.SHA256 != "" {
			seen[c] = s.look(c, o)
		}
	}
	s.realMu.Lock()
	s.surveyed = seen
	s.realMu.Unlock()
}

// look is intact, from the disk.
func (s *Stage) look(c string, o entry) bool {
	if s.root == nil || !s.realDir(path.Dir(c)) {
		return false
	}
	fi, err := os.Lstat(filepath.Join(s.out, filepath.FromSlash(c)))
	return err == nil && fi.Mode().IsRegular() && fi.Size() == o.Size && !fi.ModTime().After(s.oldTime)
}

// realDir reports whether dir and its parents are real directories in the
// output directory. Parents are looked at first, so that no path through
// a symbolic link is ever looked up.
func (s *Stage) realDir(dir string) bool {
	s.realMu.Lock()
	ok, seen := s.real[dir]
	s.realMu.Unlock()
	if seen {
		return ok
	}
	parent := path.Dir(dir)
	if ok = s.realDir(parent); ok {
		ok = s.subdirsOf(parent)[path.Base(dir)]
	}
	s.realMu.Lock()
	s.real[dir] = ok
	s.realMu.Unlock()
	return ok
}

// subdirsOf lists the real directories in dir, a real directory of the
// output directory: one listing tells, by the type of each entry, which
// of thousands of post folders are directories rather than links.
func (s *Stage) subdirsOf(dir string) map[string]bool {
	s.realMu.Lock()
	subs, ok := s.subdirs[dir]
	s.realMu.Unlock()
	if ok {
		return subs
	}
	subs = map[string]bool{}
	if f, err := os.Open(filepath.Join(s.out, filepath.FromSlash(dir))); err == nil {
		entries, _ := f.ReadDir(-1) // unsorted: cheaper; a partial list only keeps less
		f.Close()
		for _, e := range entries {
			if e.Type() == fs.ModeDir {
				subs[e.Name()] = true
			}
		}
	}
	s.realMu.Lock()
	s.subdirs[dir] = subs
	s.realMu.Unlock()
	return subs
}

// sameOnDisk reports whether the output file c holds exactly data: a file
// touched since the last build is compared by content, so that an edit by
// hand that kept the size is still undone.
func (s *Stage) sameOnDisk(c string, data []byte) bool {
	if s.root == nil {
		return false
	}
	fi, err := s.root.Lstat(c)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	got, err := s.root.ReadFile(c)
	return err == nil && bytes.Equal(got, data)
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
	s.closeRoot()
	if err := os.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("cannot remove staging directory %q: %w", s.dir, err)
	}
	return nil
}

func (s *Stage) closeRoot() {
	if s.root != nil {
		s.root.Close()
	}
}

var errClosed = errors.New("stage already committed or discarded")

// fill writes the staged file c, reserved by the caller, outside the lock
// so that writers run in parallel, hashing what fill writes as it goes.
func (s *Stage) fill(c string, fill func(io.Writer) error) error {
	if err := s.mkdirs(path.Dir(c)); err != nil {
		return fmt.Errorf("cannot stage %q: %w", c, err)
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

// mkdirs makes the staging directory dir and its parents once, however
// many files go into it.
func (s *Stage) mkdirs(dir string) error {
	s.mu.Lock()
	done := s.made[dir]
	s.mu.Unlock()
	if done {
		return nil
	}
	if err := s.mkdirs(path.Dir(dir)); err != nil {
		return err
	}
	err := os.Mkdir(filepath.Join(s.dir, filepath.FromSlash(dir)), 0o755)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	s.mu.Lock()
	s.made[dir] = true
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
		if _, ok := s.dirs[d]; ok {
			break // its parents are in already
		}
		s.dirs[d] = struct{}{}
	}
	return c, nil
}

// writeNew creates dst (which must not exist) and returns the size and
// SHA-256 of what fill wrote. Staged files are not synced: a crash before
// Commit loses only the staging directory, and Commit's renames keep the
// previous output intact until each file is complete.
func writeNew(dst string, fill func(io.Writer) error) (int64, string, error) {
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
