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
	"time"
)

// Stats counts what Commit did to the output directory.
type Stats struct {
	Written   int // staged files moved into place: new or changed
	Unchanged int // staged files whose copy in the output was left untouched
	Removed   int // files the site no longer has, and (with force) foreign files where a directory must go
}

// Commit brings the output directory in line with the staged site (see the
// package documentation), writes the new manifest and removes the staging
// directory. It creates the output directory if needed.
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

	defer func() {
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

	old, oldData, err := s.loadManifest(root, force)
	if err != nil {
		return Stats{}, err
	}
	p, err := s.plan(root, old, files, kept, force)
	if err != nil {
		return Stats{}, err
	}
	return s.apply(root, p, dirs, oldData)
}

// plan is what Commit will do, decided before anything changes.
type plan struct {
	writes    []string         // staged files to rename into place
	unchanged int              // staged files to leave alone
	removes   []string         // files of the old manifest no longer staged
	clobbers  []string         // foreign files where a directory must go (force only)
	intent    map[string]entry // manifest while committing: every path carepress may own
	next      map[string]entry // manifest once committed
}

// commitFresh moves the whole staging directory into place as the output
// directory, which does not exist yet: one rename instead of one per file.
func (s *Stage) commitFresh(files map[string]entry) (Stats, error) {
	if err := os.Rename(s.dir, s.out); err != nil {
		return Stats{}, fmt.Errorf("cannot create output directory %q: %w", s.name, err)
	}
	// MkdirTemp made the staging directory private; the site is not.
	if err := os.Chmod(s.out, 0o755); err != nil {
		return Stats{}, fmt.Errorf("cannot create output directory %q: %w", s.name, err)
	}
	root, err := os.OpenRoot(s.out)
	if err != nil {
		return Stats{}, fmt.Errorf("cannot open output directory %q: %w", s.name, err)
	}
	defer root.Close()
	if err := writeManifest(root, encodeManifest(files)); err != nil {
		return Stats{}, fmt.Errorf("cannot write manifest of %q: %w", s.name, err)
	}
	s.changed = sortedKeys(files)
	return Stats{Written: len(files)}, nil
}

// Changed lists, after Commit, the output files it wrote or removed: those
// whose bytes changed.
func (s *Stage) Changed() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed
}

func (s *Stage) plan(root *os.Root, old, files map[string]entry, kept map[string]bool, force bool) (*plan, error) {
	p := &plan{intent: map[string]entry{}, next: files}
	gone := map[string]bool{} // in the old manifest, not staged now
	for rel, e := range old {
		if _, ok := files[rel]; !ok {
			gone[rel] = true
			p.removes = append(p.removes, rel)
			p.intent[rel] = e
		}
	}
	sort.Strings(p.removes)

	lstat := cachedLstat(root)
	since := manifestTime(root)
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
			if o, owned := old[rel]; !owned || o != e {
				return nil, fmt.Errorf("output file %q changed during the build (build again)", s.show(rel))
			}
			p.unchanged++
			p.intent[rel] = e
			continue
		}
		p.intent[rel] = entry{Size: e.Size} // unknown content until renamed
		d, dfi, err := firstNonDir(lstat, rel)
		if err != nil {
			return nil, fmt.Errorf("cannot read output directory %q: %w", s.name, err)
		}
		if d != "" {
			switch {
			case dfi == nil:
				// Missing: the directories are created on the way.
			case dfi.Mode()&fs.ModeSymlink != 0:
				if !links[d] { // one error per link, not per file under it
					links[d] = true
					hard = append(hard, fmt.Errorf("cannot write %q: %q is a symbolic link (carepress does not write through links; remove it)", s.show(rel), s.show(d)))
				}
				continue
			case gone[d]:
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
			if err := s.checkDirGoes(root, rel, gone); err != nil {
				hard = append(hard, err)
				continue
			}
		default:
			o, owned := old[rel]
			// A file staged with its bytes differed from the output when
			// it was staged, unless it was streamed; then the size on
			// disk is the check that nobody edited the file since.
			if owned && o.SHA256 != "" && o == e && fi.Mode().IsRegular() && fi.Size() == e.Size && !fi.ModTime().After(since) {
				p.unchanged++
				p.intent[rel] = e
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

// checkDirGoes makes sure that a directory where a staged file must go holds
// only files that carepress is about to remove, so that it will be empty.
func (s *Stage) checkDirGoes(root *os.Root, rel string, gone map[string]bool) error {
	var keep string
	err := fs.WalkDir(root.FS(), rel, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && !gone[p] {
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

// apply carries out p. Removals go first, so that a file that becomes a
// directory (or the reverse) has room; they only drop pages the new site no
// longer links to.
func (s *Stage) apply(root *os.Root, p *plan, dirs map[string]struct{}, oldData []byte) (Stats, error) {
	var st Stats
	st.Unchanged = p.unchanged
	onDisk := oldData
	if len(p.writes)+len(p.removes)+len(p.clobbers) > 0 {
		onDisk = encodeManifest(p.intent)
		if err := writeManifest(root, onDisk); err != nil {
			return st, fmt.Errorf("cannot write manifest of %q: %w", s.name, err)
		}
	}
	var removed []string
	for _, rel := range p.removes {
		ok, err := removeOwned(root, rel)
		if err != nil {
			return st, fmt.Errorf("cannot remove %q: %w", s.show(rel), err)
		}
		if ok {
			removed = append(removed, rel)
			st.Removed++
		}
	}
	for _, rel := range p.clobbers {
		if err := root.Remove(rel); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return st, fmt.Errorf("cannot remove %q: %w", s.show(rel), err)
		}
		removed = append(removed, rel)
		st.Removed++
	}
	removeEmptyDirs(root, removed, dirs)
	ready := map[string]bool{}
	for _, rel := range p.writes {
		if err := s.place(root, rel, ready); err != nil {
			return st, err
		}
		st.Written++
	}
	changed := append(append([]string(nil), p.writes...), removed...)
	sort.Strings(changed)
	s.mu.Lock()
	s.changed = changed
	s.mu.Unlock()
	// Compared with what is on disk now: after rewriting files that only
	// a hand had changed, the final manifest is the old one, but the
	// intent, which does not vouch for them, was written over it.
	if final := encodeManifest(p.next); !bytes.Equal(final, onDisk) {
		if err := writeManifest(root, final); err != nil {
			return st, fmt.Errorf("cannot write manifest of %q: %w", s.name, err)
		}
	}
	return st, nil
}

// loadManifest is loadManifest for Commit: a manifest that did not change
// since NewStage read it is not parsed again.
func (s *Stage) loadManifest(root *os.Root, force bool) (map[string]entry, []byte, error) {
	if s.old != nil {
		if data, err := root.ReadFile(ManifestName); err == nil && bytes.Equal(data, s.oldData) {
			return s.old, data, nil
		}
	}
	return loadManifest(root, s.name, force)
}

// manifestTime is when the manifest was last written: output files not
// modified since are as the manifest says.
func manifestTime(root *os.Root) time.Time {
	fi, err := root.Stat(ManifestName)
	if err != nil {
		return time.Time{}
	}
	return fi.ModTime()
}

// place renames the staged rel into the output directory. It checks the way
// again, since the output directory may have changed since plan; ready
// holds the directories already checked or made by this commit.
func (s *Stage) place(root *os.Root, rel string, ready map[string]bool) error {
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
	from := filepath.Join(s.dir, filepath.FromSlash(rel))
	to := filepath.Join(s.out, filepath.FromSlash(rel))
	if err := os.Rename(from, to); err != nil {
		return fmt.Errorf("cannot write %q: %w", s.show(rel), err)
	}
	return nil
}

// removeOwned removes rel, a file carepress wrote, and reports whether it did.
// It leaves the path alone if it is now a directory or is reached through
// something other than real directories (a symbolic link could lead to a
// file carepress did not write).
func removeOwned(root *os.Root, rel string) (bool, error) {
	d, _, err := firstNonDir(root.Lstat, rel)
	if err != nil || d != "" {
		return false, err
	}
	fi, err := root.Lstat(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil || fi.IsDir() {
		return false, err
	}
	if err := root.Remove(rel); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	return true, nil
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

// writeManifest replaces the manifest atomically, so that a crash leaves
// either the old or the new one, never half of one.
func writeManifest(root *os.Root, data []byte) error {
	tmp := ManifestName + ".tmp-" + rand.Text()
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		// The manifest decides what a later build may delete, so it is
		// worth a sync, unlike the site's own files.
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(tmp, ManifestName)
	}
	if err != nil {
		_ = root.Remove(tmp)
	}
	return err
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
