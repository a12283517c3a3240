// Package output writes a built site into the output directory safely and
// incrementally.
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
//     on disk still has that size and was not modified after the manifest
//     (or, if it was, still holds exactly those bytes), is left untouched, so
//     its modification time stays and rsync or a deploy sees only real
//     changes. It is hashed in memory and never written to the staging
//     directory;
//   - any other staged file is renamed into place;
//   - a file the old manifest lists that is no longer staged is removed, and
//     so is any directory that became empty because of that;
//   - a file carepress did not write (a .git directory, a hand-made CNAME) is
//     never deleted. If the new site wants to write over one, Commit fails
//     before it changes anything, unless force is given.
//
// When the output directory does not exist yet, Commit moves the whole
// staging directory into place with one rename.
//
// Preflight, before any work, and Commit both refuse a non-empty output
// directory that holds no manifest unless force is given, so that a mistyped
// -o cannot clobber a directory of someone else's files.
//
// Commit never follows a symbolic link inside the output directory: it
// refuses to write through one and does not delete through one. Writes go
// only to the output directory and the staging directory.
//
// # Interrupted commits
//
// Before it changes anything, Commit records every path it is about to own
// in the manifest, with an unknown hash for the ones it will rewrite. If the
// process dies half-way, the next commit still knows which files are
// carepress's (so it neither refuses them as foreign nor leaves stale ones
// behind) and rewrites every file whose content it cannot vouch for.
package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ManifestName is the name of the manifest file in the output directory. It
// is never listed in itself, and a site may not write a file of that name.
const ManifestName = ".carepress-manifest"

// manifestVersion is bumped when the manifest format changes incompatibly.
const manifestVersion = 1

// ErrNotOwned is wrapped by the errors that refuse to touch files carepress
// did not write, so that the command line can point at --force.
var ErrNotOwned = errors.New("not written by carepress")

// ErrDuplicate is wrapped by the error of a second write to one output path;
// the caller reports it as two sources mapping to one URL.
var ErrDuplicate = errors.New("written twice")

// Preflight checks outDir before any work is done, so that a build does not
// run for nothing. outDir may be missing, empty, or hold a carepress manifest.
// A non-empty directory without a manifest (or with an unreadable one) is an
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
	_, _, err = loadManifest(root, outDir, force)
	return err
}

// entry is what the manifest knows of one file. An empty SHA256 means the
// content is unknown (a commit was interrupted): the file is carepress's, but
// must be rewritten.
type entry struct {
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

type manifest struct {
	Version int              `json:"version"`
	Files   map[string]entry `json:"files"`
}

// loadManifest reads the manifest of the output directory open at root. It
// returns the listed files (empty when there is no manifest) and the raw
// bytes (nil when there is none), so that an identical manifest need not be
// rewritten. name is outDir as the user gave it, for messages.
func loadManifest(root *os.Root, name string, force bool) (map[string]entry, []byte, error) {
	data, err := root.ReadFile(ManifestName)
	if errors.Is(err, fs.ErrNotExist) {
		empty, err := isEmpty(root)
		if err != nil {
			return nil, nil, fmt.Errorf("cannot read output directory %q: %w", name, err)
		}
		if !empty && !force {
			return nil, nil, fmt.Errorf("output directory %q is not empty and was %w (empty it, choose another with -o, or pass --force)", name, ErrNotOwned)
		}
		return map[string]entry{}, nil, nil
	}
	if err == nil {
		var files map[string]entry
		files, err = parseManifest(data)
		if err == nil {
			return files, data, nil
		}
	}
	if force {
		// With an unreadable manifest carepress cannot tell its files from
		// anyone else's; force means the user accepts treating them all as
		// foreign (kept unless overwritten).
		return map[string]entry{}, nil, nil
	}
	mpath := filepath.Join(name, ManifestName)
	return nil, nil, fmt.Errorf("cannot read manifest %q: %w (delete it and pass --force)", mpath, err)
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
func parseManifest(data []byte) (map[string]entry, error) {
	files, ok := parseCanonical(data)
	if !ok {
		var m manifest
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, err
		}
		if m.Version != manifestVersion {
			return nil, fmt.Errorf("unknown manifest version %d", m.Version)
		}
		files = m.Files
		if files == nil {
			files = map[string]entry{}
		}
	}
	for p, e := range files {
		if c, err := cleanRel(p); err != nil || c != p {
			return nil, fmt.Errorf("bad path %q", p)
		}
		if e.Size < 0 {
			return nil, fmt.Errorf("bad size for %q", p)
		}
		if e.SHA256 != "" && !isSHA256(e.SHA256) {
			return nil, fmt.Errorf("bad sha256 for %q", p)
		}
	}
	return files, nil
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
// and not the manifest. It may say no to a path that cleanRel accepts.
func plainRel(rel string) bool {
	if rel == "" || rel == ManifestName {
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

// The pieces of the manifest as encodeManifest writes it.
const (
	manifestHead = "{\n  \"version\": 1,\n  \"files\": {"
	manifestTail = "}\n}\n"
	lineHead     = "\n    \""
	lineSize     = "\": {\"size\": "
	lineSum      = ", \"sha256\": \""
	lineTail     = "\"}"
)

// parseCanonical reads a manifest as encodeManifest writes it, without
// the cost of encoding/json on tens of thousands of entries; ok is false
// for anything else (a path that JSON escapes, a manifest edited by hand),
// which parseManifest then decodes as plain JSON.
func parseCanonical(data []byte) (files map[string]entry, ok bool) {
	rest, found := bytes.CutPrefix(data, []byte(manifestHead))
	if !found {
		return nil, false
	}
	files = make(map[string]entry, bytes.Count(rest, []byte(lineHead)))
	for {
		if len(files) == 0 && string(rest) == manifestTail ||
			len(files) > 0 && string(rest) == "\n  "+manifestTail {
			return files, true
		}
		if len(files) > 0 {
			if len(rest) == 0 || rest[0] != ',' {
				return nil, false
			}
			rest = rest[1:]
		}
		if rest, found = bytes.CutPrefix(rest, []byte(lineHead)); !found {
			return nil, false
		}
		i := bytes.IndexByte(rest, '"')
		if i < 0 || needsEscape(rest[:i]) {
			return nil, false
		}
		name := string(rest[:i])
		if rest, found = bytes.CutPrefix(rest[i:], []byte(lineSize)); !found {
			return nil, false
		}
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if j == 0 || j > 18 || j > 1 && rest[0] == '0' {
			return nil, false
		}
		size, err := strconv.ParseInt(string(rest[:j]), 10, 64)
		if err != nil {
			return nil, false
		}
		if rest, found = bytes.CutPrefix(rest[j:], []byte(lineSum)); !found {
			return nil, false
		}
		k := bytes.IndexByte(rest, '"')
		if k < 0 || needsEscape(rest[:k]) {
			return nil, false
		}
		sum := string(rest[:k])
		if rest, found = bytes.CutPrefix(rest[k:], []byte(lineTail)); !found {
			return nil, false
		}
		if _, dup := files[name]; dup {
			return nil, false
		}
		files[name] = entry{Size: size, SHA256: sum}
	}
}

// needsEscape reports whether encoding/json would escape any byte of s.
func needsEscape[S string | []byte](s S) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return true
		}
	}
	return false
}

// encodeManifest writes one file per line, sorted, so the manifest is
// deterministic and diffs well; parseManifest reads it as plain JSON.
func encodeManifest(files map[string]entry) []byte {
	keys := make([]string, 0, len(files))
	n := len(manifestHead) + len(manifestTail) + 4
	for k := range files {
		keys = append(keys, k)
		n += len(k) + len(lineHead) + len(lineSize) + len(lineSum) + len(lineTail) + 2*sha256.Size + 24
	}
	sort.Strings(keys)
	b := make([]byte, 0, n)
	b = append(b, "{\n  \"version\": "+strconv.Itoa(manifestVersion)+",\n  \"files\": {"...)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    "...)
		if needsEscape(k) {
			key, _ := json.Marshal(k) // a string always marshals
			b = append(b, key...)
		} else {
			b = append(b, '"')
			b = append(b, k...)
			b = append(b, '"')
		}
		e := files[k]
		b = append(b, lineSize[1:]...)
		b = strconv.AppendInt(b, e.Size, 10)
		b = append(b, lineSum...)
		b = append(b, e.SHA256...) // hex digits, or nothing: no escapes
		b = append(b, lineTail...)
	}
	if len(keys) > 0 {
		b = append(b, "\n  "...)
	}
	b = append(b, manifestTail...)
	return b
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
	}
	return c, nil
}
