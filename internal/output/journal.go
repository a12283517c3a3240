package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// journal is the plan of a commit, written before it changes anything in
// the output directory, so that the next build can finish it (see the
// package documentation).
type journal struct {
	Version int              `json:"version"`
	Staging string           `json:"staging"` // the staging directory's name, beside the output directory
	Remove  map[string]entry `json:"remove"`  // files to remove, as carepress wrote them
	Clobber []string         `json:"clobber"` // foreign files where a directory must go (force)
	Drop    []string         `json:"drop"`    // files the manifest lists no more, left in place
	Write   map[string]entry `json:"write"`   // files to rename from the staging directory
}

// journalVersion is bumped when the journal's format changes.
const journalVersion = 1

// encodeJournal writes j as the manifest is written; it is read only
// after a crash.
func encodeJournal(j *journal) []byte {
	b, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		panic(err) // strings and integers always encode
	}
	return append(b, '\n')
}

// parseJournal decodes and validates the journal of the output directory
// named base: its paths as strictly as a manifest's, and its staging
// directory as one NewStage makes for that output directory.
func parseJournal(data []byte, base string) (*journal, error) {
	var j journal
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, err
	}
	if j.Version != journalVersion {
		return nil, fmt.Errorf("unknown journal version %d", j.Version)
	}
	if !isStaging(j.Staging, base) {
		return nil, fmt.Errorf("bad staging directory %q", j.Staging)
	}
	if err := checkFiles(j.Remove); err != nil {
		return nil, err
	}
	if err := checkFiles(j.Write); err != nil {
		return nil, err
	}
	for _, rel := range slices.Concat(j.Clobber, j.Drop) {
		if c, err := cleanRel(rel); err != nil || c != rel {
			return nil, fmt.Errorf("bad path %q", rel)
		}
	}
	return &j, nil
}

// isStaging reports whether name is that of a staging directory of the
// output directory named base, as os.MkdirTemp makes them.
func isStaging(name, base string) bool {
	rest, ok := strings.CutPrefix(name, "."+base+".staging-")
	if !ok || rest == "" {
		return false
	}
	for _, c := range rest {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// writeJournal writes j into the output directory open at root, synced.
func writeJournal(root *os.Root, j *journal) error {
	return writeSynced(root, JournalName, encodeJournal(j))
}

// heal finishes the commit that a dead build left half done, if any, and
// removes what dead builds left: temporary files in the output directory,
// staging directories beside it. The caller holds the lock, so no build of
// this output directory is running.
func (s *Stage) heal(parent, base string) error {
	if root, err := os.OpenRoot(s.out); err == nil {
		err := s.finish(root, parent, base)
		if err == nil {
			removeTemps(root)
		}
		root.Close()
		if err != nil {
			return err
		}
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil // nothing to clean that can be seen
	}
	for _, e := range entries {
		if e.IsDir() && isStaging(e.Name(), base) {
			_ = os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
	return nil
}

// removeTemps removes the manifests and journals that a dead build had
// begun to write in the output directory open at root.
func removeTemps(root *os.Root) {
	d, err := root.Open(".")
	if err != nil {
		return
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	for _, n := range names {
		if strings.HasPrefix(n, ManifestName+tmpMark) || strings.HasPrefix(n, JournalName+tmpMark) {
			_ = root.Remove(n)
		}
	}
}

// finish completes the commit recorded in the journal of the output
// directory open at root, if there is one (see the package
// documentation): the same removals, renames and manifest as the commit
// that wrote it would have made, with each step done again only where it
// was not done yet.
func (s *Stage) finish(root *os.Root, parent, base string) error {
	data, err := root.ReadFile(JournalName)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	jpath := s.show(JournalName)
	if err != nil {
		return fmt.Errorf("cannot read journal %q: %w", jpath, err)
	}
	j, err := parseJournal(data, base)
	if err != nil {
		return fmt.Errorf("cannot read journal %q: %w (a build into %q was interrupted; delete the journal and build again with --force)", jpath, err, s.name)
	}
	// What the output directory held before the commit, or after it
	// when only the journal's removal was left.
	files := map[string]entry{}
	var since int64
	if mdata, err := root.ReadFile(ManifestName); err == nil {
		m, err := parseManifest(mdata)
		if err != nil {
			return fmt.Errorf("cannot read manifest %q: %w (delete it and build again with --force)", s.show(ManifestName), err)
		}
		files = maps.Clone(m.files)
		if fi, err := root.Stat(ManifestName); err == nil {
			since = fi.ModTime().UnixNano()
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot read manifest %q: %w", s.show(ManifestName), err)
	}
	// The staged files are older than the journal.
	var written int64
	if fi, err := root.Stat(JournalName); err == nil {
		written = fi.ModTime().UnixNano()
	}
	step := 0
	stepped := func() {
		step++
		s.stepped(step)
	}

	for _, rel := range j.Drop {
		delete(files, rel)
	}
	lstat := root.Lstat
	for _, rel := range sortedKeys(j.Remove) {
		delete(files, rel)
		switch ours(root, lstat, rel, j.Remove[rel], since) {
		case isOurs:
			if err := root.Remove(rel); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("cannot finish the interrupted build into %q: cannot remove %q: %w", s.name, s.show(rel), err)
			}
			stepped()
		case notOurs:
			s.warn(rel, "delete it by hand if the site should not publish it",
				"changed since carepress wrote it, so it was not removed, and carepress no longer counts it as its own")
		}
	}
	for _, rel := range j.Clobber {
		if d, _, err := firstNonDir(lstat, rel); err != nil || d != "" {
			continue
		}
		if fi, err := root.Lstat(rel); err == nil && !fi.IsDir() {
			if err := root.Remove(rel); err != nil {
				return fmt.Errorf("cannot finish the interrupted build into %q: cannot remove %q: %w", s.name, s.show(rel), err)
			}
			stepped()
		}
	}
	keep := map[string]struct{}{}
	for rel := range j.Write {
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			keep[d] = struct{}{}
		}
	}
	// Removed now or before the crash: their directories may be empty.
	removeEmptyDirs(root, slices.Concat(sortedKeys(j.Remove), j.Clobber), keep)

	staging := filepath.Join(parent, j.Staging)
	ready := map[string]bool{}
	for _, rel := range sortedKeys(j.Write) {
		e := j.Write[rel]
		if fi, err := os.Lstat(filepath.Join(staging, filepath.FromSlash(rel))); err == nil && fi.Mode().IsRegular() {
			if err := s.place(root, staging, rel, ready); err != nil {
				return fmt.Errorf("cannot finish the interrupted build into %q: %w", s.name, err)
			}
			files[rel] = e
			stepped()
			continue
		}
		// Renamed before the crash, or lost with the staging directory:
		// whatever the path holds is carepress's, as it was writing it.
		delete(files, rel)
		if d, _, err := firstNonDir(lstat, rel); err != nil || d != "" {
			continue
		}
		fi, err := root.Lstat(rel)
		switch {
		case err != nil || !fi.Mode().IsRegular():
		case e.vouches(fi, written):
			files[rel] = e
		default:
			if got, err := hashFile(root, rel); err == nil {
				files[rel] = got
			}
		}
	}
	// Its Stamp is new: the staged files' times differ from any before.
	if err := writeSynced(root, ManifestName, encodeManifest(files)); err != nil {
		return fmt.Errorf("cannot finish the interrupted build into %q: cannot write manifest: %w", s.name, err)
	}
	stepped()
	if err := root.Remove(JournalName); err != nil {
		return fmt.Errorf("cannot finish the interrupted build into %q: cannot remove journal: %w", s.name, err)
	}
	stepped()
	_ = os.RemoveAll(staging)
	s.warn("", "", "the last build into this directory was interrupted while it wrote it; it was finished before this build")
	return nil
}
