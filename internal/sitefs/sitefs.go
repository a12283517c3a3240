// Package sitefs is the site's files as every loader reads them: one
// fs.FS over the site root through which no symbolic link leads out.
//
// carepress publishes what it reads, so a link in static/ to
// /proc/self/environ, or in content/ to another project, would put a
// file from outside the site on the public web. Through an FS:
//
//   - A link whose target stays inside the site root works as the file
//     or folder it names: a post bundle, a static folder or a template
//     linked from elsewhere in the site. Folder listings see through such
//     links, so fs.WalkDir walks a linked folder like any other.
//   - A link that leads out of the site root (an absolute target, or
//     one that climbs above the root) is an error naming the link, where
//     it points and how to fix it. A listing leaves it out and returns
//     the error with the entries it could list, so a walk can go on and
//     report every bad link.
//   - So is a link into one of the root's hidden folders (.git holds a
//     CI token in its config, .carepress the build cache), in a listing:
//     every file a build publishes comes from one.
//   - A folder link that leads back into a folder that holds it (a loop,
//     which would make every walk endless) is an error naming the link,
//     and is left out of the listing in the same way.
//   - A dangling link (an editor's lock file) is listed as the link it
//     is; reading it is an error that says where it points.
//   - The site root itself may be a link.
//
// The guarantee rests on os.Root, which resolves every name inside the
// root without a race and refuses any that leaves it (and any absolute
// link, even one that points back inside). This package adds what os.Root
// leaves to its caller: listings that follow links, loop detection, and
// errors that say which link is at fault.
package sitefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/carepress/carepress/internal/diag"
)

// The errors a bad link's *diag.Error wraps, for errors.Is.
var (
	// ErrOutside is a link that leads out of the site root.
	ErrOutside = errors.New("link leads outside the site")
	// ErrLoop is a folder link that leads back into a folder holding it,
	// or a chain of links too long to follow.
	ErrLoop = errors.New("link loop")
)

// maxHops bounds a chain of links to links, as SYMLOOP_MAX does.
const maxHops = 40

// FS is the files of a site root. It is safe for concurrent use, and
// holds no state besides the open root: a long-lived FS (the dev server's)
// sees links change.
type FS struct {
	root *os.Root
	fsys fs.FS
	// abs is the root's absolute path with its links resolved, to tell
	// an absolute link into the site from one out of it.
	abs string
}

// Open opens the site root dir, which may itself be a link.
func Open(dir string) (*FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err == nil {
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
	}
	return &FS{root: root, fsys: root.FS(), abs: abs}, nil
}

// Close releases the root.
func (f *FS) Close() error { return f.root.Close() }

// Open opens the named file (a slash path from the site root). A folder
// lists its entries as ReadDir does.
func (f *FS) Open(name string) (fs.File, error) {
	file, err := f.fsys.Open(name)
	if err != nil {
		return nil, f.explain(name, err)
	}
	if fi, err := file.Stat(); err == nil && fi.IsDir() {
		return &dir{File: file, f: f, name: name}, nil
	}
	return file, nil
}

// ReadFile reads the named file.
func (f *FS) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(f.fsys, name)
	if err != nil {
		return nil, f.explain(name, err)
	}
	return b, nil
}

// Stat describes the named file, following links.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	fi, err := fs.Stat(f.fsys, name)
	if err != nil {
		return nil, f.explain(name, err)
	}
	return fi, nil
}

// ReadDir lists the named folder, sorted by name. An entry that is a link
// to a file or folder in the site is listed as what it points to (so
// fs.WalkDir descends into a linked folder). A link that leads out of the
// site, or makes a loop, is left out, and the error (a diag.List) names
// each; the other entries come with it.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(f.fsys, name)
	if err != nil {
		return nil, f.explain(name, err)
	}
	if !slices.ContainsFunc(entries, isLink) {
		return entries, nil // almost every folder: nothing more to do
	}
	r := f.resolver()
	var probs diag.List
	out := entries[:0]
	for _, e := range entries {
		if !isLink(e) {
			out = append(out, e)
			continue
		}
		link := path.Join(name, e.Name())
		real, err := r.real(link)
		if err != nil {
			if Refused(err) {
				probs.Add(err)
			} else {
				out = append(out, e) // dangling: reading it says so
			}
			continue
		}
		fi, err := f.root.Lstat(real)
		if err != nil {
			out = append(out, e)
			continue
		}
		if fi.IsDir() {
			if err := r.loop(name, link, real); err != nil {
				probs.Add(err)
				continue
			}
		}
		out = append(out, linkEntry{name: e.Name(), info: fi})
	}
	if len(probs) > 0 {
		return out, probs
	}
	return out, nil
}

func isLink(e fs.DirEntry) bool { return e.Type()&fs.ModeSymlink != 0 }

// Refused reports whether err is a link the FS does not follow (one that
// leads out of the site, or loops), or ReadDir's list of them.
func Refused(err error) bool {
	var list diag.List
	if errors.As(err, &list) {
		for _, e := range list {
			if !Refused(e) {
				return false
			}
		}
		return len(list) > 0
	}
	return errors.Is(err, ErrOutside) || errors.Is(err, ErrLoop)
}

// explain turns os.Root's refusal of a name ("path escapes from parent",
// "too many levels of symbolic links") or a dangling link into an error
// naming the link at fault; other errors come back as they are.
func (f *FS) explain(name string, err error) error {
	if !fs.ValidPath(name) {
		return err
	}
	if _, rerr := f.resolver().real(name); rerr != nil {
		var d *diag.Error
		if errors.As(rerr, &d) {
			return rerr
		}
	}
	return err
}

// resolver resolves the links in names, for one call: it remembers what
// it resolved only for that call, so the FS never goes stale.
type resolver struct {
	f    *FS
	memo map[string]string
}

func (f *FS) resolver() *resolver { return &resolver{f: f, memo: map[string]string{}} }

// real returns name with every link in it resolved: the file's own path
// from the root. A link that leads out, loops or leads nowhere is a
// *diag.Error naming it; a name that does not exist is the os error.
func (r *resolver) real(name string) (string, error) {
	if name == "." {
		return ".", nil
	}
	if p, ok := r.memo[name]; ok {
		return p, nil
	}
	dir, err := r.real(path.Dir(name))
	if err != nil {
		return "", err
	}
	p, err := r.follow(dir, path.Base(name), 0)
	if err != nil {
		return "", err
	}
	r.memo[name] = p
	return p, nil
}

// follow resolves the entry elem of the folder dir (a path with no links
// in it); hops counts the links followed to get there.
func (r *resolver) follow(dir, elem string, hops int) (string, error) {
	p := path.Join(dir, elem)
	fi, err := r.f.root.Lstat(p)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return p, err
	}
	target, err := r.f.root.Readlink(p)
	if err != nil {
		return "", err
	}
	if hops >= maxHops {
		return "", &diag.Error{Pos: diag.Pos{File: p}, Err: ErrLoop,
			Msg:  fmt.Sprintf("link to %q starts a chain of links too long to follow", target),
			Hint: "link straight to the file, and check that no link in the chain points back at another"}
	}
	if filepath.IsAbs(target) || path.IsAbs(target) {
		return "", r.f.absolute(p, target)
	}
	cur := dir
	for _, e := range strings.Split(filepath.ToSlash(target), "/") {
		switch e {
		case "", ".":
		case "..":
			if cur == "." {
				return "", outside(p, target)
			}
			cur = path.Dir(cur)
		default:
			next, err := r.follow(cur, e, hops+1)
			if err != nil {
				var d *diag.Error
				if errors.As(err, &d) {
					return "", err // the link further down is at fault
				}
				if errors.Is(err, fs.ErrNotExist) {
					return "", &diag.Error{Pos: diag.Pos{File: p}, Err: fs.ErrNotExist,
						Msg:  fmt.Sprintf("link to %q leads to no file", target),
						Hint: "fix the link's target, or remove the link"}
				}
				return "", err
			}
			cur = next
		}
	}
	if top, _, _ := strings.Cut(cur, "/"); strings.HasPrefix(top, ".") && top != "." {
		return "", &diag.Error{Pos: diag.Pos{File: p}, Err: ErrOutside,
			Msg:  fmt.Sprintf("link to %q leads into %s, which is not part of the site", target, top),
			Hint: "the site root's hidden folders hold a repository, caches and secrets (a CI token in .git/config), never pages: copy the file into the site, or remove the link"}
	}
	return cur, nil
}

// loop reports whether following the folder link (listed in the folder
// dir, and resolving to the folder real) walks back into a folder that
// holds it. It does if real holds, or is, the folder that any part of
// dir resolves to: walking real then reaches that folder, and the same
// entries lead from it to the link again. Any endless walk has such a
// step, so this finds every loop and nothing else.
func (r *resolver) loop(dir, link, real string) error {
	q := dir
	for {
		rq, err := r.real(q)
		if err != nil {
			return nil // the walk that reached dir will hit this itself
		}
		if real == "." || rq == real || strings.HasPrefix(rq, real+"/") {
			at, _ := r.real(path.Dir(link))
			target, _ := r.f.root.Readlink(link)
			shown := real
			if real == "." {
				shown = "the site root"
			}
			return &diag.Error{Pos: diag.Pos{File: path.Join(at, path.Base(link))}, Err: ErrLoop,
				Msg:  fmt.Sprintf("link to %q makes a loop: it leads back to %s, which holds it", target, shown),
				Hint: "remove the link, or point it at a folder that does not hold it"}
		}
		if q == "." {
			return nil
		}
		q = path.Dir(q)
	}
}

func outside(link, target string) error {
	return &diag.Error{Pos: diag.Pos{File: link}, Err: ErrOutside,
		Msg:  fmt.Sprintf("link to %q leads outside the site", target),
		Hint: "carepress reads only files inside the site root: copy the file into the site, or remove the link"}
}

// absolute is the error for a link with an absolute target. os.Root
// refuses every one, even one into the site: it would break wherever else
// the site is checked out (a CI runner), so the fix is to make it relative.
func (f *FS) absolute(link, target string) error {
	if f.abs != "" {
		if rel, err := filepath.Rel(f.abs, target); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return &diag.Error{Pos: diag.Pos{File: link}, Err: ErrOutside,
				Msg:  fmt.Sprintf("link to %q is absolute, so it points outside the site wherever else the site is checked out", target),
				Hint: "make it relative, e.g. `ln -sfr TARGET LINK`"}
		}
	}
	return outside(link, target)
}

// dir is an open folder whose ReadDir is FS.ReadDir's.
type dir struct {
	fs.File
	f       *FS
	name    string
	entries []fs.DirEntry
	err     error // the listing's error, returned once
	read    bool
}

// ReadDir returns the next n entries, or all that are left when n <= 0,
// as fs.ReadDirFile documents; the listing's error comes after its
// entries.
func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		d.read = true
		d.entries, d.err = d.f.ReadDir(d.name)
	}
	if n <= 0 || len(d.entries) == 0 {
		out, err := d.entries, d.err
		d.entries, d.err = nil, nil
		if n > 0 && err == nil {
			err = io.EOF
		}
		return out, err
	}
	n = min(n, len(d.entries))
	out := d.entries[:n:n]
	d.entries = d.entries[n:]
	return out, nil
}

// linkEntry is a listed link, shown as the file or folder it points to.
type linkEntry struct {
	name string
	info fs.FileInfo
}

func (e linkEntry) Name() string               { return e.name }
func (e linkEntry) IsDir() bool                { return e.info.IsDir() }
func (e linkEntry) Type() fs.FileMode          { return e.info.Mode().Type() }
func (e linkEntry) Info() (fs.FileInfo, error) { return namedInfo{e.info, e.name}, nil }
func (e linkEntry) String() string             { return fs.FormatDirEntry(e) }

// namedInfo is the target's FileInfo under the link's name.
type namedInfo struct {
	fs.FileInfo
	name string
}

func (i namedInfo) Name() string { return i.name }
