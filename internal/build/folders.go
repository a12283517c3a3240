package build

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/output"
)

// OptionsError is a build refused for its options, not for the site: an
// output or social folder the rules below forbid, or drafts bound for
// public/. The command line reports it as bad usage.
type OptionsError struct{ Err error }

func (e *OptionsError) Error() string { return e.Err.Error() }
func (e *OptionsError) Unwrap() error { return e.Err }

func refuse(format string, args ...any) error {
	return &OptionsError{fmt.Errorf(format, args...)}
}

// sourceDirs are the site root's folders that carepress reads, with why a
// social folder may not lie in them: they are published, or read as
// templates.
var sourceDirs = []struct{ name, why string }{
	{content.Dir, "whose bundles' files are published"},
	{"static", "whose files are published"},
	{"themes", "whose static folders are published"},
	{"templates", "the site's templates"},
	{".carepress", "the build cache"},
}

// checkOut refuses output and social folders that would destroy the
// sources or publish what is not public yet. out is the output directory
// as the user will read it in messages; every path is compared with its
// symbolic links resolved, so that a link cannot bring one folder inside
// another.
func checkOut(opts Options, out string) error {
	root, err := realPath(opts.Root)
	if err != nil {
		return err
	}
	realOut, err := realPath(out)
	if err != nil {
		return err
	}
	social, err := filepath.Abs(opts.SocialDir())
	if err != nil {
		return err
	}
	realSocial, err := realPath(social)
	if err != nil {
		return err
	}
	type source struct{ name, why, real string }
	var sources []source
	for _, d := range sourceDirs {
		r, err := realPath(filepath.Join(root, d.name))
		if err != nil {
			return err
		}
		sources = append(sources, source{d.name, d.why, r})
	}
	// A theme may be a link to a folder elsewhere.
	themeDirs, _ := os.ReadDir(filepath.Join(root, "themes"))
	for _, e := range themeDirs {
		name := "themes/" + e.Name()
		if r, err := realPath(filepath.Join(root, name)); err == nil {
			sources = append(sources, source{name, "whose static folder is published", r})
		}
	}

	switch {
	case realOut == root:
		return refuse("output directory %q is the site root (choose another with -o, such as public)", out)
	case within(root, realOut):
		return refuse("output directory %q contains the site root (choose a folder inside or beside the site, such as public)", out)
	}
	for _, src := range sources {
		if within(realOut, src.real) {
			return refuse("output directory %q is inside the site's %s/ folder (choose another with -o, such as public)", out, src.name)
		}
		if within(src.real, realOut) {
			return refuse("output directory %q contains the site's %s/ folder (choose another with -o, such as public)", out, src.name)
		}
	}
	if fi, err := os.Stat(realOut); err == nil && !fi.IsDir() {
		return refuse("output directory %q is a file (choose a folder with -o, such as public)", out)
	}

	switch {
	case realSocial == realOut:
		return refuse("social directory %q is the output directory (it holds posts that are not public yet; choose another with --social, such as social)", social)
	case within(realSocial, realOut):
		return refuse("social directory %q is inside the output directory (it holds posts that are not public yet; choose another with --social)", social)
	case realSocial == root:
		return refuse("social directory %q is the site root (choose another with --social, such as social)", social)
	}
	for _, src := range sources {
		if within(realSocial, src.real) {
			return refuse("social directory %q is inside %s/, %s (it holds posts that are not public yet; choose another with --social, such as social)", social, src.name, src.why)
		}
	}
	if fi, err := os.Stat(realSocial); err == nil && !fi.IsDir() {
		return refuse("social directory %q is a file (choose a folder with --social, such as social)", social)
	}

	if (opts.Drafts || opts.Future || opts.Expired) && !opts.Force {
		public, err := realPath(filepath.Join(root, "public"))
		if err != nil {
			return err
		}
		if realOut == public {
			return refuse("--drafts, --future and --expired would put unpublished posts in public/, which gets deployed (use `carepress serve` to preview them, pass -o DIR for another folder, or --force)")
		}
	}
	return nil
}

// within reports whether dir is parent or inside it. Both are clean
// absolute paths.
func within(dir, parent string) bool {
	rel, err := filepath.Rel(parent, dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// preflight is output.Preflight for the output or social folder dir, with
// a non-empty folder carepress did not write refused as an option: the
// fix is another folder or --force, not a change to the site.
func preflight(dir string, force bool) error {
	err := output.Preflight(dir, force)
	if errors.Is(err, output.ErrNotOwned) {
		return &OptionsError{err}
	}
	return err
}

// realPath is p made absolute with its symbolic links resolved as far as
// it exists: a folder the build will create is compared by where it will
// be. A link whose target does not exist yet is followed too.
func realPath(p string) (string, error) {
	p, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	for range 40 { // links to links: as many as Linux follows
		dir, rest := p, ""
		for {
			if r, err := filepath.EvalSymlinks(dir); err == nil {
				return filepath.Join(r, rest), nil
			}
			if target, err := os.Readlink(dir); err == nil {
				// A dangling link: go on from where it points.
				if !filepath.IsAbs(target) {
					target = filepath.Join(filepath.Dir(dir), target)
				}
				p = filepath.Join(target, rest)
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				return p, nil
			}
			rest = filepath.Join(filepath.Base(dir), rest)
			dir = parent
		}
	}
	return "", fmt.Errorf("cannot resolve %q: too many symbolic links", p)
}
