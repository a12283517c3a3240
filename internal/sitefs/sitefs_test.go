package sitefs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/carepress/carepress/internal/diag"
)

// makeSite writes a site under a temporary folder: each entry is a file's
// contents, a folder (a name ending in /), or a link ("-> TARGET"). It
// returns the site root; beside it is outside/secret.txt.
func makeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	base := t.TempDir()
	if err := os.MkdirAll(filepath.Join(base, "outside"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(base, "outside", "secret.txt"), []byte("SECRET=1"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(base, "site")
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		v := files[name]
		switch {
		case strings.HasSuffix(name, "/"):
			err := os.MkdirAll(p, 0o755)
			if err != nil {
				t.Fatal(err)
			}
		case strings.HasPrefix(v, "-> "):
			target := strings.ReplaceAll(strings.TrimPrefix(v, "-> "), "$BASE", base)
			if err := os.Symlink(target, p); err != nil {
				t.Skipf("cannot make links here: %v", err)
			}
		default:
			if err := os.WriteFile(p, []byte(v), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return root
}

func open(t *testing.T, root string) *FS {
	t.Helper()
	f, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// walk lists every file fs.WalkDir reaches under dir, and the errors it
// met, as "FILE: MESSAGE".
func walk(f fs.FS, dir string) (files []string, errs []string) {
	fs.WalkDir(f, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			var l diag.List
			l.Add(err)
			for _, e := range l {
				errs = append(errs, e.Pos.File+": "+e.Msg)
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	return files, errs
}

func TestReadThroughLinks(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		read  string
		want  string // the contents, or the start of the error
		is    error  // what the error wraps
	}{
		{"file linked inside", map[string]string{"shared/logo.svg": "<svg/>", "static/logo.svg": "-> ../shared/logo.svg"}, "static/logo.svg", "<svg/>", nil},
		{"folder linked inside", map[string]string{"shared/img/a.png": "png", "static/img": "-> ../shared/img"}, "static/img/a.png", "png", nil},
		{"chain of links", map[string]string{"a.txt": "end", "static/b": "-> c", "static/c": "-> ../a.txt"}, "static/b", "end", nil},
		{"process environment", map[string]string{"static/env.txt": "-> /proc/self/environ"}, "static/env.txt",
			`static/env.txt: link to "/proc/self/environ" leads outside the site (carepress reads only files inside the site root: copy the file into the site, or remove the link)`, ErrOutside},
		{"relative climb out", map[string]string{"static/s.txt": "-> ../../outside/secret.txt"}, "static/s.txt",
			`static/s.txt: link to "../../outside/secret.txt" leads outside the site`, ErrOutside},
		{"folder out", map[string]string{"content/posts": "-> ../../outside"}, "content/posts/secret.txt",
			`content/posts: link to "../../outside" leads outside the site`, ErrOutside},
		{"absolute into the site", map[string]string{"shared/a.txt": "a", "static/a.txt": "-> $BASE/site/shared/a.txt"}, "static/a.txt",
			`static/a.txt: link to "` + "$BASE" + `/site/shared/a.txt" is absolute, so it points outside the site wherever else the site is checked out (make it relative`, ErrOutside},
		{"out through a linked folder", map[string]string{"shared/evil": "-> ../../outside/secret.txt", "static/dir": "-> ../shared"}, "static/dir/evil",
			`shared/evil: link to "../../outside/secret.txt" leads outside the site`, ErrOutside},
		{"cycle of links", map[string]string{"static/x": "-> y", "static/y": "-> x"}, "static/x",
			`static/`, ErrLoop},
		{"dangling", map[string]string{"static/gone.txt": "-> nothere.txt"}, "static/gone.txt",
			`static/gone.txt: link to "nothere.txt" leads to no file (fix the link's target, or remove the link)`, fs.ErrNotExist},
		{"missing file", map[string]string{"static/": ""}, "static/none.txt", "", fs.ErrNotExist}, // the os error, as it is,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := makeSite(t, tt.files)
			f := open(t, root)
			want := strings.ReplaceAll(tt.want, "$BASE", filepath.Dir(root))
			for _, op := range []string{"ReadFile", "Open", "Stat"} {
				var got string
				var err error
				switch op {
				case "ReadFile":
					var b []byte
					b, err = f.ReadFile(tt.read)
					got = string(b)
				case "Open":
					var file fs.File
					if file, err = f.Open(tt.read); err == nil {
						b := make([]byte, 64)
						n, _ := file.Read(b)
						got = string(b[:n])
						file.Close()
					}
				case "Stat":
					var fi fs.FileInfo
					if fi, err = f.Stat(tt.read); err == nil {
						got = want[:min(len(want), int(fi.Size()))]
					}
				}
				if tt.is == nil {
					if err != nil || got != want {
						t.Errorf("%s = %q, %v; want %q", op, got, err, want)
					}
					continue
				}
				if err == nil || !strings.HasPrefix(err.Error(), want) || !errors.Is(err, tt.is) {
					t.Errorf("%s error = %v; want %q, wrapping %v", op, err, want, tt.is)
				}
				if strings.Contains(got, "SECRET") {
					t.Errorf("%s read the file outside the site", op)
				}
			}
		})
	}
}

func TestWalkFollowsLinksInside(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		dir   string
		want  []string // files reached
		errs  []string // "LINK: message start"
	}{
		{"plain", map[string]string{"static/a.txt": "a", "static/css/b.css": "b"}, "static", []string{"static/a.txt", "static/css/b.css"}, nil},
		{"linked folder", map[string]string{"shared/img/a.png": "a", "static/img": "-> ../shared/img", "static/z.txt": "z"}, "static",
			[]string{"static/img/a.png", "static/z.txt"}, nil},
		{"linked folder of posts", map[string]string{"drafts/p.md": "p", "content/posts/more": "-> ../../drafts", "content/posts/q.md": "q"}, "content",
			[]string{"content/posts/more/p.md", "content/posts/q.md"}, nil},
		{"link out skipped, the rest listed", map[string]string{"static/env.txt": "-> /proc/self/environ", "static/ok.txt": "ok", "static/out": "-> ../../outside"}, "static",
			[]string{"static/ok.txt"}, []string{`static/env.txt: link to "/proc/self/environ" leads outside`, `static/out: link to "../../outside" leads outside`}},
		{"loop to the parent", map[string]string{"static/a.txt": "a", "static/sub/loop": "-> .."}, "static",
			[]string{"static/a.txt"}, []string{`static/sub/loop: link to ".." makes a loop: it leads back to static, which holds it`}},
		{"loop to itself", map[string]string{"content/posts/me": "-> .", "content/posts/p.md": "p"}, "content",
			[]string{"content/posts/p.md"}, []string{`content/posts/me: link to "." makes a loop: it leads back to content/posts`}},
		{"loop to the site root", map[string]string{"templates/all": "-> ..", "templates/x.html": "x"}, "templates",
			[]string{"templates/x.html"}, []string{`templates/all: link to ".." makes a loop: it leads back to the site root`}},
		{"loop through two links", map[string]string{"static/a/l1": "-> ../b", "static/b/l2": "-> ../a", "static/b/f.txt": "f"}, "static/a",
			[]string{"static/a/l1/f.txt"}, []string{`static/b/l2: link to "../a" makes a loop: it leads back to static/a`}},
		{"into .git", map[string]string{".git/config": "[http]\n\textraheader = AUTHORIZATION: basic SECRET", "static/c.txt": "-> ../.git/config", "static/ok.txt": "ok"}, "static",
			[]string{"static/ok.txt"}, []string{`static/c.txt: link to "../.git/config" leads into .git, which is not part of the site`}},
		{"into the build cache", map[string]string{".carepress/cache/x": "x", "templates/partials": "-> ../.carepress/cache"}, "templates",
			nil, []string{`templates/partials: link to "../.carepress/cache" leads into .carepress`}},
		{"into a hidden folder below the root", map[string]string{"static/.well-known/security.txt": "Contact: x", "static/security.txt": "-> .well-known/security.txt"}, "static",
			[]string{"static/.well-known/security.txt", "static/security.txt"}, nil},
		{"the same folder twice is no loop", map[string]string{"shared/f.txt": "f", "static/x": "-> ../shared", "static/y": "-> ../shared"}, "static",
			[]string{"static/x/f.txt", "static/y/f.txt"}, nil},
		{"dangling link listed", map[string]string{"content/.#p.md": "-> user@host.123:456", "content/p.md": "p"}, "content",
			[]string{"content/.#p.md", "content/p.md"}, nil},
		{"walk root is a link", map[string]string{"shared/t.html": "t", "templates": "-> shared"}, "templates",
			[]string{"templates/t.html"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := open(t, makeSite(t, tt.files))
			files, errs := walk(f, tt.dir)
			if !slices.Equal(files, tt.want) {
				t.Errorf("walked %q, want %q", files, tt.want)
			}
			if len(errs) != len(tt.errs) {
				t.Fatalf("errors %q, want %q", errs, tt.errs)
			}
			for i := range errs {
				if !strings.HasPrefix(errs[i], tt.errs[i]) {
					t.Errorf("error %q, want %q", errs[i], tt.errs[i])
				}
			}
			// The same through fs.Sub, as the loaders read static/ and templates/.
			sub, err := fs.Sub(f, tt.dir)
			if err != nil {
				t.Fatal(err)
			}
			subFiles, subErrs := walk(sub, ".")
			if len(subFiles) != len(files) || len(subErrs) != len(errs) {
				t.Errorf("through fs.Sub: %q %q, want %q %q", subFiles, subErrs, files, errs)
			}
		})
	}
}

// TestRootIsALink: -s may name a link to the site.
func TestRootIsALink(t *testing.T) {
	root := makeSite(t, map[string]string{"carepress.yaml": "title: X\n"})
	link := filepath.Join(t.TempDir(), "site")
	if err := os.Symlink(root, link); err != nil {
		t.Skip(err)
	}
	f := open(t, link)
	if b, err := f.ReadFile("carepress.yaml"); err != nil || string(b) != "title: X\n" {
		t.Fatalf("ReadFile = %q, %v", b, err)
	}
}

// TestConformance runs the standard fs.FS tests over a site with links
// inside it: Open(dir).ReadDir and ReadDir agree, and so on.
func TestConformance(t *testing.T) {
	root := makeSite(t, map[string]string{
		"carepress.yaml":      "title: X\n",
		"shared/img/a.png":    "png",
		"static/img":          "-> ../shared/img",
		"static/robots.txt":   "-> ../shared/robots.txt",
		"shared/robots.txt":   "User-agent: *\n",
		"content/posts/p.md":  "---\ntitle: P\n---\nBody\n",
		"templates/page.html": "{{ .Title }}",
	})
	f := open(t, root)
	if err := fstest.TestFS(f, "carepress.yaml", "static/img/a.png", "static/robots.txt", "content/posts/p.md", "templates/page.html"); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkLoad compares what a content load does per file (a walk, then
// a stat and a read of each post bundle) through os.DirFS and through an
// FS: os.Root resolves each name one folder at a time.
func BenchmarkLoad(b *testing.B) {
	root := b.TempDir()
	for i := range 1000 {
		p := filepath.Join(root, "content", "posts", fmt.Sprintf("post-%04d", i), "index.md")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Repeat("word ", 1600)), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	load := func(b *testing.B, fsys fs.FS) {
		n := 0
		err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if _, err := fs.Stat(fsys, p); err != nil {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			n += len(data)
			return err
		})
		if err != nil || n != 1000*8000 {
			b.Fatal(n, err)
		}
	}
	b.Run("os.DirFS", func(b *testing.B) {
		for b.Loop() {
			load(b, os.DirFS(root))
		}
	})
	b.Run("sitefs", func(b *testing.B) {
		f, err := Open(root)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		for b.Loop() {
			load(b, f)
		}
	})
}

func TestRefused(t *testing.T) {
	f := open(t, makeSite(t, map[string]string{
		"static/a.txt":   "-> /proc/self/environ",
		"static/b":       "-> ..",
		"static/gone":    "-> nothere",
		"static/ok.txt":  "ok",
		"content/x.md":   "-> ../../outside/secret.txt",
		"content/y.md":   "y",
		"templates/.dir": "",
	}))
	_, listErr := f.ReadDir("static")
	_, outErr := f.ReadFile("content/x.md")
	_, goneErr := f.ReadFile("static/gone")
	_, missErr := f.ReadFile("static/none")
	for _, tt := range []struct {
		name string
		err  error
		want bool
	}{
		{"a listing's links out and loops", listErr, true},
		{"a link out", outErr, true},
		{"a dangling link", goneErr, false},
		{"a missing file", missErr, false},
		{"no error", nil, false},
		{"a list with another error", diag.List{listErr.(diag.List)[0], diag.Errorf(diag.Pos{}, "", "other")}, false},
	} {
		if got := Refused(tt.err); got != tt.want {
			t.Errorf("%s: Refused(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}
