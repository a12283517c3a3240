package output

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Stats counts what Commit did to the output directory.
type Stats struct {
	Written   int // staged files moved into place: new or changed
	Unchanged int // staged files whose copy in the output was left untouched
	Removed   int // files the site no longer has, and (with force) foreign files where a directory must go
}

// ErrUnfinished is wrapped by the error of a commit that failed after it
// began to change the output directory: the journal stays, and the next
// build (NewStage) finishes the commit.
var ErrUnfinished = errors.New("commit unfinished")

// Commit brings the output directory in line with the staged site (see the
// package documentation), writes the new manifest, removes the staging
// directory and lets go of the lock. It creates the output directory if
// needed.
//
// Every conflict (a file carepress did not write in the way, a symbolic link
// on the way to an output file) is found before anything changes. force
// allows overwriting files carepress did not write; it never allows writing
// through a symbolic link or deleting a directory of foreign files.
func (s *Stage) Commit(force bool) (st Stats, err error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return Stats{}, fmt.Errorf("cannot commit to %q: %w", s.name, errClosed)
	}
	s.closed = true
	// A copy, because a misbehaving caller's WriteFile may still finish
	// after this; Commit then refuses its incomplete entry.
	files, kept, dirs := maps.Clone(s.files), maps.Clone(s.kept), s.dirs
	s.mu.Unlock()
	s.closeRoot()
	s.stepped(0)

	defer s.release()
	defer func() {
		if errors.Is(err, ErrUnfinished) {
			return // the next build needs what is staged
		}
		if rerr := os.RemoveAll(s.dir); rerr != nil && err == nil {
			err = fmt.Errorf("cannot remove staging directory %q: %w", s.dir, rerr)
		}
	}()

	for _, rel := range sortedKeys(files) {
		if files[rel].SHA256 == "" {
			return Stats{}, fmt.Errorf("cannot commit to %q: output path %q was not staged completely", s.name, rel)
		}
	}
	if _, err := os.Lstat(s.out); errors.Is(err, fs.ErrNotExist) && len(kept) == 0 {
		return s.commitFresh(files)
	}
	if err := os.MkdirAll(s.out, 0o755); err != nil {
		return Stats{}, fmt.Errorf("cannot create output directory %q: %w", s.name, err)
	}
	root, err := os.OpenRoot(s.out)
	if err != nil {
		return Stats{}, fmt.Errorf("cannot open output directory %q: %w", s.name, err)
	}
	defer root.Close()

	old, err := s.loadManifest(root, force)
	if err != nil {
		return Stats{}, err
	}
	p, err := s.plan(root, old, files, kept, force)
	if err != nil {
		return Stats{}, err
	}
	return s.apply(root, p, dirs, old)
}

// plan is what Commit will do, decided before anything changes.
type plan struct {
	writes    []string         // staged files to rename into place
	unchanged int              // staged files to leave alone
	removes   []string         // files of the old manifest no longer staged, as carepress wrote them
	clobbers  []string         // foreign files where a directory must go (force only)
	drops     []string         // files of the old manifest no longer staged, left in place
	gone      map[string]entry // the old entries of removes
	next      map[string]entry // manifest once committed
}

// commitFresh moves the whole staging directory into place as the output
// directory, which does not exist yet: one rename instead of one per file,
// with the manifest inside, so that there is nothing to journal.
func (s *Stage) commitFresh(files map[string]entry) (Stats, error) {
	data := encodeManifest(files)
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return Stats{}, fmt.Errorf("cannot write manifest of %q: %w", s.name, err)
	}
	err = writeSynced(root, ManifestName, data)
	root.Close()
	if err != nil {
		return Stats{}, fmt.Errorf("cannot write manifest of %q: %w", s.name, err)
	}
	// MkdirTemp made the staging directory private; the site is not.
	if err := os.Chmod(s.dir, 0o755); err != nil {
		return Stats{}, fmt.Errorf("cannot create output directory %q: %w", s.name, err)
	}
	if err := os.Rename(s.dir, s.out); err != nil {
		return Stats{}, fmt.Errorf("cannot create output directory %q: %w", s.name, err)
	}
	s.stepped(1)
	s.mu.Lock()
	s.changed, s.stamp = sortedKeys(files), stampOf(data)
	s.mu.Unlock()
	return Stats{Written: len(files)}, nil
}

// stepped calls the hook of WithCommitHook, if any.
func (s *Stage) stepped(n int) {
	if s.step != nil {
		s.step(n)
	}
}

// Changed lists, after Commit, the output files it wrote or removed: those
// whose bytes changed.
func (s *Stage) Changed() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed
}

func (s *Stage) plan(root *os.Root, old *manifest, files map[string]entry, kept map[string]bool, force bool) (*plan, error) {
	p := &plan{gone: map[string]entry{}, next: files}
	lstat := cachedLstat(root)
	// A file of the old manifest that the site no longer has is removed
	// only if it still holds what carepress wrote.
	for _, rel := range sortedKeys(old.files) {
		if _, ok := files[rel]; ok {
			continue
		}
		switch e := old.files[rel]; ours(root, lstat, rel, e, old.time) {
		case isOurs:
			p.gone[rel] = e
			p.removes = append(p.removes, rel)
		case notOurs:
			p.drops = append(p.drops, rel)
			s.warn(rel, "delete it by hand if the site should not publish it",
				"changed since carepress wrote it, so it was not removed, and carepress no longer counts it as its own")
		default:
			p.drops = append(p.drops, rel)
		}
	}

	var hard []error
	foreign := map[string]bool{}
	clobber := map[string]bool{}
	links := map[string]bool{}
	for _, rel := range sortedKeys(files) {
		e := files[rel]
		if kept[rel] {
			// Left in place when staged: the manifest and the file on
			// disk, in real directories, vouched for it then. The
			// manifest must still. The file is not looked at again, as
			// nothing is written to it: one deleted or edited by hand
			// since is restored by the next build, which finds it so.
			if o, owned := old.files[rel]; !owned || !o.same(e) {
				return nil, fmt.Errorf("output file %q changed during the build (build again)", s.show(rel))
			}
			p.unchanged++
			continue
		}
		d, dfi, err := firstNonDir(lstat, rel)
		if err != nil {
			return nil, fmt.Errorf("cannot read output directory %q: %w", s.name, err)
		}
		if d != "" {
			_, gone := p.gone[d]
			switch {
			case dfi == nil:
				// Missing: the directories are created on the way.
			case dfi.Mode()&fs.ModeSymlink != 0:
				if !links[d] { // one error per link, not per file under it
					links[d] = true
					hard = append(hard, fmt.Errorf("cannot write %q: %q is a symbolic link (carepress does not write through links; remove it)", s.show(rel), s.show(d)))
				}
				continue
			case gone:
				// A file carepress wrote, removed before the writes.
			case force:
				clobber[d] = true
			default:
				foreign[d] = true
			}
			p.writes = append(p.writes, rel)
			continue
		}
		fi, err := lstat(rel)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, fmt.Errorf("cannot read output directory %q: %w", s.name, err)
		case fi.IsDir():
			if err := s.checkDirGoes(root, rel, p.gone); err != nil {
				hard = append(hard, err)
				continue
			}
		default:
			o, owned := old.files[rel]
			// A file staged with its bytes differed from the output when
			// it was staged, unless it was streamed; then the manifest
			// must vouch for the file on disk.
			if owned && o.same(e) && o.vouches(fi, old.time) {
				p.unchanged++
				files[rel] = o
				continue
			}
			if !owned && !force {
				foreign[rel] = true
			}
		}
		p.writes = append(p.writes, rel)
	}
	if len(foreign) > 0 {
		hard = append(hard, s.foreignError(sortedKeys(foreign)))
	}
	if len(hard) > 0 {
		return nil, errors.Join(hard...)
	}
	p.clobbers = sortedKeys(clobber)
	return p, nil
}

// owner is what ours finds of a file the old manifest lists.
type owner int

const (
	isOurs  owner = iota // holds what carepress wrote
	notOurs              // changed since: someone else's now
	absent               // missing, a directory, or behind a link
)

// ours tells whether rel, listed with e in the manifest written at since,
// still holds what carepress wrote: at the cost of an lstat when the
// manifest vouches for it, else of reading it. A path reached through
// something other than real directories is absent: a symbolic link could
// lead to a file carepress did not write.
func ours(root *os.Root, lstat func(string) (fs.FileInfo, error), rel string, e entry, since int64) owner {
	if d, _, err := firstNonDir(lstat, rel); err != nil || d != "" {
		return absent
	}
	fi, err := root.Lstat(rel)
	switch {
	case err != nil || fi.IsDir():
		return absent
	case e.vouches(fi, since):
		return isOurs
	case !fi.Mode().IsRegular() || fi.Size() != e.Size || e.SHA256 == "":
		return notOurs
	}
	if got, err := hashFile(root, rel); err == nil && got.same(e) {
		return isOurs
	}
	return notOurs
}

// checkDirGoes makes sure that a directory where a staged file must go holds
// only files that carepress is about to remove, so that it will be empty.
func (s *Stage) checkDirGoes(root *os.Root, rel string, gone map[string]entry) error {
	var keep string
	err := fs.WalkDir(root.FS(), rel, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if _, ok := gone[p]; !d.IsDir() && !ok {
			keep = p
			return fs.SkipAll
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("cannot read %q: %w", s.show(rel), err)
	}
	if keep != "" {
		return fmt.Errorf("cannot write %q: it is a directory holding files carepress did not write, such as %q (move them away)", s.show(rel), s.show(keep))
	}
	return nil
}

func (s *Stage) foreignError(paths []string) error {
	if len(paths) == 1 {
		return fmt.Errorf("output file %q was %w (remove it, or pass --force to overwrite it)", s.show(paths[0]), ErrNotOwned)
	}
	const shown = 3
	var names []string
	for i, p := range paths {
		if i == shown {
			break
		}
		names = append(names, fmt.Sprintf("%q", s.show(p)))
	}
	more := ""
	if len(paths) > shown {
		more = fmt.Sprintf(" and %d more", len(paths)-shown)
	}
	return fmt.Errorf("output files %s%s were %w (remove them, or pass --force to overwrite them)", strings.Join(names, ", "), more, ErrNotOwned)
}

// apply carries out p: it writes the journal, removes (first, so that a
// file that becomes a directory, or the reverse, has room; they only drop
// pages the new site no longer links to), renames, writes the manifest and
// removes the journal.
func (s *Stage) apply(root *os.Root, p *plan, dirs map[string]struct{}, old *manifest) (Stats, error) {
	var st Stats
	st.Unchanged = p.unchanged
	if len(p.writes)+len(p.removes)+len(p.clobbers) == 0 {
		// Nothing to journal; the manifest may still change, as it
		// drops files left in place and notes times of files hashed.
		if final := encodeManifest(p.next); !bytes.Equal(final, old.data) {
			if err := writeSynced(root, ManifestName, final); err != nil {
				return st, fmt.Errorf("cannot write manifest of %q: %w", s.name, err)
			}
			s.mu.Lock()
			s.stamp = stampOf(final)
			s.mu.Unlock()
		}
		return st, nil
	}
	j := &journal{Version: journalVersion, Staging: filepath.Base(s.dir), Remove: p.gone, Clobber: p.clobbers, Drop: p.drops,
		Write: make(map[string]entry, len(p.writes))}
	for _, rel := range p.writes {
		j.Write[rel] = p.next[rel]
	}
	if err := writeJournal(root, j); err != nil {
		return st, fmt.Errorf("cannot write journal of %q: %w", s.name, err)
	}
	step := 1
	s.stepped(step)
	unfinished := func(err error) (Stats, error) {
		return st, fmt.Errorf("%w (%w)", err, ErrUnfinished)
	}
	var removed []string
	for _, rel := range p.removes {
		if err := root.Remove(rel); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return unfinished(fmt.Errorf("cannot remove %q: %w", s.show(rel), err))
		}
		removed = append(removed, rel)
		st.Removed++
		step++
		s.stepped(step)
	}
	for _, rel := range p.clobbers {
		if err := root.Remove(rel); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return unfinished(fmt.Errorf("cannot remove %q: %w", s.show(rel), err))
		}
		removed = append(removed, rel)
		st.Removed++
		step++
		s.stepped(step)
	}
	removeEmptyDirs(root, removed, dirs)
	ready := map[string]bool{}
	for _, rel := range p.writes {
		if err := s.place(root, s.dir, rel, ready); err != nil {
			return unfinished(err)
		}
		st.Written++
		step++
		s.stepped(step)
	}
	changed := append(append([]string(nil), p.writes...), removed...)
	sort.Strings(changed)
	final := encodeManifest(p.next)
	if err := writeSynced(root, ManifestName, final); err != nil {
		return unfinished(fmt.Errorf("cannot write manifest of %q: %w", s.name, err))
	}
	step++
	s.stepped(step)
	if err := root.Remove(JournalName); err != nil {
		return unfinished(fmt.Errorf("cannot remove journal of %q: %w", s.name, err))
	}
	s.stepped(step + 1)
	s.mu.Lock()
	s.changed, s.stamp = changed, stampOf(final)
	s.mu.Unlock()
	return st, nil
}

// loadManifest is loadManifest for Commit: a manifest that did not change
// since NewStage read it is not parsed again.
func (s *Stage) loadManifest(root *os.Root, force bool) (*manifest, error) {
	if s.old != nil {
		if data, err := root.ReadFile(ManifestName); err == nil && bytes.Equal(data, s.oldData) {
			return &manifest{files: s.old, data: data, time: s.oldTime}, nil
		}
	}
	return loadManifest(root, s.name, force)
}

// place renames rel, staged in the directory from, into the output
// directory. It checks the way again, since the output directory may have
// changed since plan; ready holds the directories already checked or made
// by this commit.
func (s *Stage) place(root *os.Root, from, rel string, ready map[string]bool) error {
	if dir := path.Dir(rel); dir != "." && !ready[dir] {
		d, dfi, err := firstNonDir(root.Lstat, rel)
		if err != nil {
			return fmt.Errorf("cannot write %q: %w", s.show(rel), err)
		}
		if d != "" && dfi != nil {
			return fmt.Errorf("cannot write %q: %q is not a directory", s.show(rel), s.show(d))
		}
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("cannot write %q: %w", s.show(rel), err)
		}
		ready[dir] = true
	}
	if fi, err := root.Lstat(rel); err == nil && fi.IsDir() {
		// checkDirGoes saw to it that this directory is empty by now.
		if err := root.Remove(rel); err != nil {
			return fmt.Errorf("cannot write %q: %w", s.show(rel), err)
		}
	}
	src := filepath.Join(from, filepath.FromSlash(rel))
	dst := filepath.Join(s.out, filepath.FromSlash(rel))
	if err := os.Rename(src, dst); err != nil {
		return fmt.Errorf("cannot write %q: %w", s.show(rel), err)
	}
	return nil
}

// removeEmptyDirs removes the parent directories of removed files that are
// now empty, deepest first, except those the new site needs. A directory that
// still holds anything (someone else's files) fails to be removed, which is
// the point, so that error is ignored.
func removeEmptyDirs(root *os.Root, removed []string, keep map[string]struct{}) {
	cand := map[string]bool{}
	for _, rel := range removed {
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			cand[d] = true
		}
	}
	list := sortedKeys(cand)
	sort.SliceStable(list, func(i, j int) bool {
		return strings.Count(list[i], "/") > strings.Count(list[j], "/")
	})
	for _, d := range list {
		if _, ok := keep[d]; ok {
			continue
		}
		if fi, err := root.Lstat(d); err != nil || !fi.IsDir() {
			continue
		}
		_ = root.Remove(d)
	}
}

// firstNonDir returns the first parent of rel, outermost first, that is not a
// real directory in the output, with its FileInfo, or nil if it does not
// exist. It returns "" when all parents are directories. Because it stops at
// the first link or file, nothing beneath a symbolic link is ever looked up.
func firstNonDir(lstat func(string) (fs.FileInfo, error), rel string) (string, fs.FileInfo, error) {
	for i := 0; i < len(rel); i++ {
		if rel[i] != '/' {
			continue
		}
		d := rel[:i]
		fi, err := lstat(d)
		if errors.Is(err, fs.ErrNotExist) {
			return d, nil, nil
		}
		if err != nil {
			return "", nil, err
		}
		if !fi.IsDir() {
			return d, fi, nil
		}
	}
	return "", nil, nil
}

// cachedLstat saves looking up the same directories once per file while
// planning, when nothing changes yet.
func cachedLstat(root *os.Root) func(string) (fs.FileInfo, error) {
	type result struct {
		fi  fs.FileInfo
		err error
	}
	cache := map[string]result{}
	return func(name string) (fs.FileInfo, error) {
		if r, ok := cache[name]; ok {
			return r.fi, r.err
		}
		fi, err := root.Lstat(name)
		cache[name] = result{fi, err}
		return fi, err
	}
}

// writeSynced replaces the file name of the directory open at root with
// data atomically, so that a crash leaves either the old or the new one,
// never half of one, and syncs both the file and the directory: the
// manifest decides what a later build may delete, and the journal what
// it finishes, so they are worth it, unlike the site's own files.
func writeSynced(root *os.Root, name string, data []byte) error {
	tmp := name + tmpMark + rand.Text()
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(tmp, name)
	}
	if err != nil {
		_ = root.Remove(tmp)
		return err
	}
	syncDir(root)
	return nil
}

// tmpMark is in the name of a manifest or journal being written: one left
// by a dead build is removed by the next (see heal).
const tmpMark = ".tmp-"

// syncDir syncs the directory open at root, so that a rename in it is on
// disk, where the system allows it (not every one syncs a directory).
func syncDir(root *os.Root) {
	if d, err := root.Open("."); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

func (s *Stage) show(rel string) string {
	return filepath.Join(s.name, filepath.FromSlash(rel))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
