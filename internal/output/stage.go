package output

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"

	"github.com/carepress/carepress/internal/diag"
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
// A Stage holds the output directory's lock from NewStage until it ends
// with exactly one Commit or Discard; calling Discard after Commit does
// nothing, so a caller can defer Discard.
type Stage struct {
	out  string // output directory: absolute, symbolic links resolved
	name string // output directory as the caller gave it, for messages
	dir  string // staging directory

	lock     *os.File // the output directory's lock; nil where there is none
	lockName string
	step     func(int) // see WithCommitHook

	// old is the manifest found when the stage was made (nil when it was
	// missing or unreadable: Commit then decides), and oldTime its
	// modification time in nanoseconds: see entry.vouches.
	old     map[string]entry
	oldData []byte // the manifest's bytes, so that Commit need not parse it again
	oldTime int64
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

	mu       sync.Mutex
	files    map[string]entry    // staged files; SHA256 is "" until written
	kept     map[string]bool     // staged files left in place: unchanged
	dirs     map[string]struct{} // directories implied by staged files
	made     map[string]bool     // directories made in the staging directory
	changed  []string            // after Commit: files written or removed
	stamp    string              // the manifest's Stamp: found, then written
	warnings diag.List
	closed   bool
}

// stepKey is the context key of WithCommitHook.
type stepKey struct{}

// WithCommitHook returns a context whose stages call hook after each
// change that Commit, or the recovery of an interrupted commit, makes to
// the output directory (writing the journal, a removal, a rename, writing
// the manifest, removing the journal), with its number from 1, and with 0
// when Commit begins, before it changes anything. Tests use it to stop a
// commit dead half-way and prove that the next build finishes it; a build
// has no reason to.
func WithCommitHook(ctx context.Context, hook func(step int)) context.Context {
	return context.WithValue(ctx, stepKey{}, hook)
}

// NewStage takes the lock of outDir (see the package documentation) and
// makes a staging directory beside it (same parent, so that Commit's
// renames are atomic), named like .public.staging-123. outDir need not
// exist yet. If outDir is a symbolic link, the staging directory goes
// beside its target, since a rename cannot cross file systems.
//
// While another build holds the lock, NewStage calls wait, if not nil,
// once with a message saying so, and waits until it can take the lock or
// ctx is done. Holding it, NewStage finishes a commit that a dead build
// left half done (Warnings tells), and removes what dead builds left.
func NewStage(ctx context.Context, outDir string, wait func(msg string)) (*Stage, error) {
	abs, err := filepath.Abs(outDir)
	if err != nil {
		return nil, fmt.Errorf("cannot use output directory %q: %w", outDir, err)
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("cannot use output directory %q: %w", outDir, err)
	}
	parent, base := filepath.Dir(abs), filepath.Base(abs)
	if parent == abs {
		return nil, fmt.Errorf("output directory %q is the file system root", outDir)
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create staging directory for %q: %w", outDir, err)
	}
	s := &Stage{
		out:      abs,
		name:     outDir,
		lockName: filepath.Join(parent, "."+base+".lock"),
		files:    map[string]entry{},
		kept:     map[string]bool{},
		dirs:     map[string]struct{}{},
		made:     map[string]bool{".": true},
		real:     map[string]bool{".": true},
		subdirs:  map[string]map[string]bool{},
	}
	s.step, _ = ctx.Value(stepKey{}).(func(int))
	s.lock, err = lockFile(ctx, s.lockName, func(pid string) {
		if wait == nil {
			return
		}
		by := "another build"
		if pid != "" {
			by += " (process " + pid + ")"
		}
		wait(fmt.Sprintf("waiting for %s to finish writing %q", by, outDir))
	})
	if err != nil {
		return nil, fmt.Errorf("cannot lock output directory %q: %w", outDir, err)
	}
	if err := s.heal(parent, base); err != nil {
		s.release()
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, "."+base+".staging-")
	if err != nil {
		s.release()
		return nil, fmt.Errorf("cannot create staging directory for %q: %w", outDir, err)
	}
	s.dir = dir
	if root, err := os.OpenRoot(abs); err == nil {
		s.root = root
		if fi, err := root.Stat(ManifestName); err == nil {
			if data, err := root.ReadFile(ManifestName); err == nil {
				if m, err := parseManifest(data); err == nil {
					s.old, s.oldData, s.oldTime, s.stamp = m.files, data, fi.ModTime().UnixNano(), stampOf(data)
					s.files = make(map[string]entry, len(m.files))
					s.kept = make(map[string]bool, len(m.files))
				}
			}
		}
	}
	return s, nil
}

// release lets go of the output directory's lock.
func (s *Stage) release() {
	unlock(s.lock, s.lockName)
	s.lock = nil
}

// Stamp identifies the manifest of the output directory by a digest of
// its bytes: the one found by NewStage, and after Commit the one Commit
// left. It is "" when there is none (or none that can be read). What a
// caller remembers of the build that left a manifest holds only while the
// stamp is the same: another build into the same directory (another
// site's, or one finished after an interruption) or a restored copy has
// another.
func (s *Stage) Stamp() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stamp
}

// Warnings lists what the user should know of what the stage did to the
// output directory: an interrupted commit it finished, and files it left
// in place, not removed, because they were changed since carepress wrote
// them.
func (s *Stage) Warnings() diag.List {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.warnings)
}

func (s *Stage) warn(rel, hint, format string, args ...any) {
	file := s.name
	if rel != "" {
		file = s.show(rel)
	}
	w := diag.Warnf(diag.Pos{File: file}, hint, format, args...)
	s.mu.Lock()
	s.warnings = append(s.warnings, w)
	s.mu.Unlock()
}

// WriteFile stages data as the output file rel, a slash-separated path
// relative to the output directory. Absolute paths, "..", empty paths and the
// names of the manifest and the journal are refused. Writing one path twice is an error wrapping
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
	if mtime, ok := s.inPlace(c, e); ok {
		e.MTime = mtime
		s.mu.Lock()
		s.files[c], s.kept[c] = e, true
		s.mu.Unlock()
		return nil
	}
	if err := s.mkdirs(path.Dir(c)); err != nil {
		return fmt.Errorf("cannot stage %q: %w", c, err)
	}
	mtime, err := writeData(filepath.Join(s.dir, filepath.FromSlash(c)), data)
	if err != nil {
		return fmt.Errorf("cannot stage %q: %w", c, err)
	}
	e.MTime = mtime
	s.mu.Lock()
	s.files[c] = e
	s.mu.Unlock()
	return nil
}

// writeData creates dst, which must not exist, holding data, and returns
// its modification time, which the rename into the output keeps.
func writeData(dst string, data []byte) (int64, error) {
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, err
	}
	_, err = f.Write(data)
	mtime := int64(0)
	if err == nil {
		mtime, err = modTime(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return mtime, err
}

// modTime is the modification time of f, written and not to be written
// again, in nanoseconds.
func modTime(f *os.File) (int64, error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return fi.ModTime().UnixNano(), nil
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
// the caller knows that it would write what the manifest lists (the
// incremental build did not re-render the page, and the manifest's Stamp
// is the one its last build left). Keep fails when the output directory
// does not hold what the manifest lists, so that the caller writes the
// file after all. A file whose size or time differ from the manifest's is
// hashed, and kept if it still holds the same bytes.
func (s *Stage) Keep(rel string) error {
	c, err := s.reserve(rel)
	if err != nil {
		return err
	}
	o, ok := s.old[c]
	if ok && o.SHA256 != "" {
		mtime, same := o.MTime, s.intact(c, o)
		if !same {
			mtime, same = s.hashOnDisk(c, o)
		}
		if same {
			o.MTime = mtime
			s.mu.Lock()
			s.files[c], s.kept[c] = o, true
			s.mu.Unlock()
			return nil
		}
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

// inPlace reports whether the output directory already holds e as c, and
// the modification time of the file there: the manifest lists the same
// size and hash, and the file on disk is vouched for (entry.vouches) or
// else hashes the same.
func (s *Stage) inPlace(c string, e entry) (int64, bool) {
	o, ok := s.old[c]
	if !ok || o.SHA256 == "" || !o.same(e) {
		return 0, false
	}
	if s.intact(c, o) {
		return o.MTime, true
	}
	return s.hashOnDisk(c, o)
}

// intact reports whether the output file c, in real directories of the
// output directory, is vouched for by its entry o without being read.
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
	return err == nil && o.vouches(fi, s.oldTime)
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

// hashOnDisk reports whether the output file c, a regular file in real
// directories of the output directory, holds the bytes o lists, and its
// modification time: a file touched or copied since the last build is
// compared by content, so that an edit by hand that kept the size is
// still undone.
func (s *Stage) hashOnDisk(c string, o entry) (int64, bool) {
	if s.root == nil || !s.realDir(path.Dir(c)) {
		return 0, false
	}
	if fi, err := s.root.Lstat(c); err != nil || !fi.Mode().IsRegular() || fi.Size() != o.Size {
		return 0, false // not worth reading
	}
	got, err := hashFile(s.root, c)
	return got.MTime, err == nil && got.same(o)
}

// hashFile returns the entry of rel, a regular file of the directory open
// at root, as it is now.
func hashFile(root *os.Root, rel string) (entry, error) {
	fi, err := root.Lstat(rel)
	if err != nil {
		return entry{}, err
	}
	if !fi.Mode().IsRegular() {
		return entry{}, fmt.Errorf("%s is not a regular file", rel)
	}
	f, err := root.Open(rel)
	if err != nil {
		return entry{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return entry{}, err
	}
	// The time of the file read: one changed while it was read shows
	// by its time at the next build.
	mtime, err := modTime(f)
	if err != nil {
		return entry{}, err
	}
	return entry{Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), MTime: mtime}, nil
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
	defer s.release()
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
	e, err := writeNew(dst, fill)
	if err != nil {
		// The reservation stays, with no hash: Commit refuses a stage
		// holding a file that was not written completely.
		return fmt.Errorf("cannot stage %q: %w", c, err)
	}
	s.mu.Lock()
	s.files[c] = e
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

// writeNew creates dst (which must not exist) and returns the entry of
// what fill wrote. Staged files are not synced: a crash before Commit
// loses only the staging directory, and Commit's renames keep the
// previous output intact until each file is complete.
func writeNew(dst string, fill func(io.Writer) error) (entry, error) {
	// O_EXCL also catches two paths that differ only in case on a
	// case-insensitive file system.
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return entry{}, err
	}
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(f, h)}
	err = fill(cw)
	mtime := int64(0)
	if err == nil {
		mtime, err = modTime(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return entry{}, err
	}
	return entry{Size: cw.n, SHA256: hex.EncodeToString(h.Sum(nil)), MTime: mtime}, nil
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
