// Package output writes a built site into the output directory safely and
// incrementally, and never trusts what it finds there blindly.
//
// # Contract
//
// A build writes every output file into a Stage, a staging directory beside
// the output directory (same parent, so moving a file into place is an atomic
// rename). Nothing in the output directory changes while the site is built.
//
// If the build fails, Stage.Discard removes the staging directory and the
// previous output stays exactly as it was. If it succeeds, Stage.Commit brings
// the output directory in line with the staged site, using the manifest
// (.carepress-manifest, in the output directory) of what carepress wrote the
// last time:
//
//   - a staged file whose size and SHA-256 match the manifest, and whose copy
//     on disk carepress can vouch for (below), is left untouched, so its
//     modification time stays and rsync or a deploy sees only real changes.
//     It is hashed in memory and never written to the staging directory;
//   - any other staged file is renamed into place;
//   - a file the old manifest lists that is no longer staged is removed only
//     if it still holds what carepress wrote (its SHA-256). One edited since
//     is left in place, with a warning (Stage.Warnings) naming it, and is no
//     longer carepress's: the new manifest does not list it. A directory
//     that became empty because of the removals goes too;
//   - a file carepress did not write (a .git directory, a hand-made CNAME) is
//     never deleted. If the new site wants to write over one, Commit fails
//     before it changes anything, unless force is given.
//
// When the output directory does not exist yet, Commit moves the whole
// staging directory, manifest included, into place with one rename.
//
// Preflight, before any work, and Commit both refuse a non-empty output
// directory that holds no manifest unless force is given, so that a mistyped
// -o cannot clobber a directory of someone else's files.
//
// Commit never follows a symbolic link inside the output directory: it
// refuses to write through one and does not delete through one. Writes go
// only to the output directory, the staging directory and the lock file
// beside them.
//
// # What carepress vouches for
//
// The manifest lists, for every file carepress wrote, its size, SHA-256 and
// modification time. A file on disk is taken to be what the manifest says,
// at the cost of one lstat, when it is a regular file in real directories
// with the listed size and modification time (to the nanosecond the file
// system keeps), and that time is before the manifest's own: a file written
// in the same clock tick as the manifest could be edited within that tick
// without its time changing. Any other file is read and hashed. So an old
// copy of the output restored over it (cp -a, rsync -a, tar, a backup), a
// git checkout, or another site built into the same directory is found and
// rewritten, never reported as unchanged. An incremental build checks that
// the manifest is the one its last build left (Stage.Stamp) before it
// trusts what it knows of that build.
//
// # One build at a time
//
// NewStage takes the output directory's lock, an OS file lock (flock) on a
// file beside it (.public.lock for public/) that exists only while a build
// holds it, and keeps it until Commit or Discard. A second build into the
// same directory waits for the first, and is told so; the two never
// interleave. On systems without flock there is no lock. The dev server
// builds in memory and takes no lock.
//
// # Interrupted commits
//
// Before it changes anything in the output directory, Commit writes its
// plan to a journal (.carepress-journal, in the output directory) and syncs
// it to disk: the files to remove, with the hashes they must still have;
// the files to rename from the staging directory, with their manifest
// entries; the foreign files force lets it remove; the files the manifest
// drops. The journal goes once the new manifest is written. If the process
// dies in between (kill -9, a crash, a power cut), the next NewStage of that
// output directory finds the journal and finishes the commit: it removes
// what is left to remove (still only files that hold what carepress wrote),
// renames what is left in the staging directory, takes a file whose staged
// copy is gone as it is on disk, writes the manifest, and removes the
// journal and the staging directory. The output directory is then the site
// of the interrupted build, never a mix of two builds. NewStage also removes
// the staging directories and temporary files of dead builds: holding the
// lock, it knows that no build of that directory still runs.
//
// The journal and the manifest are synced; the site's files are not, as a
// sync per file would cost seconds. After a power cut, a file whose data had
// not reached the disk shows by its size, on file systems that write a
// file's data before the size that covers it (ext4's default), and the next
// build writes it again.
package output

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ManifestName is the name of the manifest file in the output directory. It
// is never listed in itself, and a site may not write a file of that name.
const ManifestName = ".carepress-manifest"

// JournalName is the name of the journal of a commit in progress, in the
// output directory. A site may not write a file of that name either.
const JournalName = ".carepress-journal"

// manifestVersion is bumped when the manifest format changes incompatibly.
// A field added since version 1 (mtime) is read as absent from an older
// manifest, and ignored by an older carepress.
const manifestVersion = 1

// ErrNotOwned is wrapped by the errors that refuse to touch files carepress
// did not write, so that the command line can point at --force.
var ErrNotOwned = errors.New("not written by carepress")

// ErrDuplicate is wrapped by the error of a second write to one output path;
// the caller reports it as two sources mapping to one URL.
var ErrDuplicate = errors.New("written twice")

// Preflight checks outDir before any work is done, so that a build does not
// run for nothing. outDir may be missing, empty, or hold a carepress manifest
// or the journal of an interrupted commit (NewStage finishes it). A
// non-empty directory without a manifest (or with an unreadable one) is an
// error unless force is given.
func Preflight(outDir string, force bool) error {
	fi, err := os.Stat(outDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot use output directory %q: %w", outDir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("output directory %q is not a directory", outDir)
	}
	root, err := os.OpenRoot(outDir)
	if err != nil {
		return fmt.Errorf("cannot use output directory %q: %w", outDir, err)
	}
	defer root.Close()
	if _, err := root.Lstat(JournalName); err == nil {
		return nil
	}
	_, err = loadManifest(root, outDir, force)
	return err
}

// entry is what the manifest knows of one file. An empty SHA256 means the
// content is unknown (a manifest of an older carepress, written while a
// commit was in progress): the file is carepress's to overwrite, but not to
// delete. MTime is the file's modification time in nanoseconds since 1970,
// zero when unknown: the file is then hashed before it is trusted.
type entry struct {
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	MTime  int64  `json:"mtime,omitempty"`
}

// same reports whether e and o describe the same bytes.
func (e entry) same(o entry) bool {
	return e.Size == o.Size && e.SHA256 == o.SHA256
}

// vouches reports whether fi, the file on disk, is the file e describes
// without reading it: a regular file of e's size and modification time,
// written in a clock tick before since, the modification time of the
// manifest that lists e (see the package documentation).
func (e entry) vouches(fi fs.FileInfo, since int64) bool {
	return e.SHA256 != "" && e.MTime != 0 && e.MTime < since &&
		fi.Mode().IsRegular() && fi.Size() == e.Size && fi.ModTime().UnixNano() == e.MTime
}

// manifest is a manifest as read from the output directory.
type manifest struct {
	files map[string]entry
	data  []byte // the bytes read, nil when there was no manifest
	time  int64  // its modification time, in nanoseconds
}

// manifestJSON is the manifest's format, as encoding/json reads it.
type manifestJSON struct {
	Version int              `json:"version"`
	Files   map[string]entry `json:"files"`
}

// stampOf identifies a manifest by its bytes (see Stage.Stamp): they list
// every file with its time, so no two commits write the same manifest
// unless they leave the same files.
func stampOf(data []byte) string {
	if data == nil {
		return ""
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// loadManifest reads the manifest of the output directory open at root.
// It lists no files when there is no manifest. name is outDir as the user
// gave it, for messages.
func loadManifest(root *os.Root, name string, force bool) (*manifest, error) {
	data, err := root.ReadFile(ManifestName)
	if errors.Is(err, fs.ErrNotExist) {
		empty, err := isEmpty(root)
		if err != nil {
			return nil, fmt.Errorf("cannot read output directory %q: %w", name, err)
		}
		if !empty && !force {
			return nil, fmt.Errorf("output directory %q is not empty and was %w (empty it, choose another with -o, or pass --force)", name, ErrNotOwned)
		}
		return &manifest{files: map[string]entry{}}, nil
	}
	if err == nil {
		var m *manifest
		m, err = parseManifest(data)
		if err == nil {
			if fi, serr := root.Stat(ManifestName); serr == nil {
				m.time = fi.ModTime().UnixNano()
			}
			return m, nil
		}
	}
	if force {
		// With an unreadable manifest carepress cannot tell its files from
		// anyone else's; force means the user accepts treating them all as
		// foreign (kept unless overwritten).
		return &manifest{files: map[string]entry{}}, nil
	}
	mpath := filepath.Join(name, ManifestName)
	return nil, fmt.Errorf("cannot read manifest %q: %w (delete it and pass --force)", mpath, err)
}

// isEmpty reports whether the directory open at root has no entries.
func isEmpty(root *os.Root) (bool, error) {
	f, err := root.Open(".")
	if err != nil {
		return false, err
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if errors.Is(err, io.EOF) {
		return true, nil
	}
	return len(names) == 0, err
}

// parseManifest decodes and validates a manifest. Every path is checked as
// strictly as a staged one, because a path like "../x" in a tampered manifest
// would otherwise make Commit delete outside the output directory.
func parseManifest(data []byte) (*manifest, error) {
	var m manifestJSON
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	if m.Version != manifestVersion {
		return nil, fmt.Errorf("unknown manifest version %d", m.Version)
	}
	files := m.Files
	if files == nil {
		files = map[string]entry{}
	}
	if err := checkFiles(files); err != nil {
		return nil, err
	}
	return &manifest{files: files, data: data}, nil
}

// checkFiles validates the paths and entries of a manifest or journal.
func checkFiles(files map[string]entry) error {
	for p, e := range files {
		if c, err := cleanRel(p); err != nil || c != p {
			return fmt.Errorf("bad path %q", p)
		}
		if e.Size < 0 {
			return fmt.Errorf("bad size for %q", p)
		}
		if e.SHA256 != "" && !isSHA256(e.SHA256) {
			return fmt.Errorf("bad sha256 for %q", p)
		}
	}
	return nil
}

// isSHA256 reports whether s is a SHA-256 in lower-case hex.
func isSHA256(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// plainRel reports, cheaply, whether rel is a path that cleanRel keeps as
// it is: slash-separated names of printable ASCII other than "." and "..",
// and not the manifest or the journal. It may say no to a path that
// cleanRel accepts.
func plainRel(rel string) bool {
	if rel == "" || rel == ManifestName || rel == JournalName {
		return false
	}
	start := 0
	for i := 0; i <= len(rel); i++ {
		if i < len(rel) {
			c := rel[i]
			if c < 0x21 || c > 0x7e || c == '\\' || c == ':' {
				return false
			}
			if c != '/' {
				continue
			}
		}
		switch rel[start:i] {
		case "", ".", "..":
			return false
		}
		start = i + 1
	}
	return true
}

// encodeManifest writes the manifest with encoding/json, indented: it is
// deterministic (a map's keys are written sorted) and diffs well. The
// hand-written encoder and reader it replaced (one file a line) saved
// 0.2% of the CPU of a cold 10k-post build (24 ms of ~14 s, measured
// 2026-12-03), under the 5% a hand-written format must save to be kept; a
// warm build, which reads the manifest twice and writes it once, spends
// some 50 ms more on it.
func encodeManifest(files map[string]entry) []byte {
	if files == nil {
		files = map[string]entry{}
	}
	b, err := json.MarshalIndent(manifestJSON{Version: manifestVersion, Files: files}, "", "  ")
	if err != nil {
		panic(err) // strings and integers always encode
	}
	return append(b, '\n')
}

// cleanRel checks an output path and returns it cleaned. Paths are
// slash-separated and relative to the output directory; anything that could
// name a file outside it, or the manifest, is refused.
func cleanRel(rel string) (string, error) {
	if plainRel(rel) {
		return rel, nil // the common case, without allocating
	}
	return cleanRelSlow(rel)
}

// cleanRelSlow is cleanRel for every path.
func cleanRelSlow(rel string) (string, error) {
	bad := func(why string) (string, error) {
		return "", fmt.Errorf("invalid output path %q: %s", rel, why)
	}
	switch {
	case rel == "":
		return bad("empty")
	case strings.HasPrefix(rel, "/"):
		return bad("absolute")
	case strings.ContainsAny(rel, "\\\x00"):
		return bad("use forward slashes only")
	}
	for _, el := range strings.Split(rel, "/") {
		if el == ".." {
			return bad(`contains ".."`)
		}
	}
	c := path.Clean(rel)
	switch {
	case c == ".":
		return bad("empty")
	case filepath.VolumeName(filepath.FromSlash(c)) != "":
		return bad("absolute")
	case c == ManifestName:
		return bad("reserved for the carepress manifest")
	case c == JournalName:
		return bad("reserved for the carepress journal")
	}
	return c, nil
}
