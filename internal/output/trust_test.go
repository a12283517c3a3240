package output

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// snapshot is a copy of files of an output directory with their times, as
// cp -a, rsync -a, tar or a backup keeps them.
type snapshot map[string]struct {
	data  []byte
	mtime time.Time
}

func takeSnapshot(t *testing.T, out string, rels ...string) snapshot {
	t.Helper()
	s := snapshot{}
	for _, rel := range rels {
		p := filepath.Join(out, filepath.FromSlash(rel))
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		s[rel] = struct {
			data  []byte
			mtime time.Time
		}{data, fi.ModTime()}
	}
	return s
}

// restore writes the snapshot back over out, with its times.
func (s snapshot) restore(t *testing.T, out string) {
	t.Helper()
	for rel, f := range s {
		p := filepath.Join(out, filepath.FromSlash(rel))
		writeFile(t, p, string(f.data))
		if err := os.Chtimes(p, f.mtime, f.mtime); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRestoredOldCopyIsRewritten: files of an older build put back over
// the output, with their own times or new ones, and with the same size as
// the current ones, are found and rewritten, never reported as unchanged.
func TestRestoredOldCopyIsRewritten(t *testing.T) {
	v1 := map[string]string{"index.html": "home v1", "posts/a/index.html": "post a1", "about.html": "about", "style.css": "body{}"}
	v2 := map[string]string{"index.html": "home v2", "posts/a/index.html": "post a2", "about.html": "about", "style.css": "body{}"}
	tests := []struct {
		name    string
		restore func(t *testing.T, out string, old snapshot)
		written int
	}{
		{"cp -a of the changed files", func(t *testing.T, out string, old snapshot) {
			old.restore(t, out)
		}, 2},
		{"cp -a of the whole directory, manifest included", func(t *testing.T, out string, old snapshot) {
			old.restore(t, out)
		}, 2},
		{"git checkout: old bytes, new times", func(t *testing.T, out string, old snapshot) {
			for rel, f := range old {
				writeFile(t, filepath.Join(out, filepath.FromSlash(rel)), string(f.data))
			}
		}, 2},
		{"one file only", func(t *testing.T, out string, old snapshot) {
			delete(old, "index.html")
			old.restore(t, out)
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			build(t, out, false, v1)
			rels := []string{"index.html", "posts/a/index.html"}
			if strings.Contains(tt.name, "manifest") {
				rels = append(rels, ManifestName)
			}
			old := takeSnapshot(t, out, rels...)
			build(t, out, false, v2)
			tt.restore(t, out, old)
			if st := build(t, out, false, v2); st != (Stats{Written: tt.written, Unchanged: len(v2) - tt.written}) {
				t.Errorf("stats = %+v, want %d written", st, tt.written)
			}
			equalTrees(t, siteTree(t, out), withDirs(v2))
		})
	}
}

// TestKeepRefusesRestoredOldCopy: an incremental build that would keep a
// page finds an older copy put back with its time.
func TestKeepRefusesRestoredOldCopy(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, false, map[string]string{"index.html": "home v1", "a.html": "a"})
	old := takeSnapshot(t, out, "index.html")
	build(t, out, false, map[string]string{"index.html": "home v2", "a.html": "a"})
	old.restore(t, out)
	for _, survey := range []bool{false, true} {
		s, err := NewStage(context.Background(), out, nil)
		if err != nil {
			t.Fatal(err)
		}
		if survey {
			s.Survey()
		}
		if err := s.Keep("index.html"); !errors.Is(err, ErrNotKept) {
			t.Errorf("survey=%v: Keep(index.html) = %v, want ErrNotKept", survey, err)
		}
		if err := s.Keep("a.html"); err != nil {
			t.Errorf("survey=%v: Keep(a.html) = %v", survey, err)
		}
		s.Discard()
	}
}

// TestTouchedFileIsHashedThenVouchedFor: a file with a new time but the
// same bytes is kept as it is (its time too), and the manifest notes the
// time, so that the next build vouches for it by lstat alone.
func TestTouchedFileIsHashedThenVouchedFor(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	site := map[string]string{"index.html": "home", "a.html": "a"}
	build(t, out, false, site)
	p := filepath.Join(out, "index.html")
	touched := time.Date(2030, 1, 2, 3, 4, 5, 6000, time.UTC)
	if err := os.Chtimes(p, touched, touched); err != nil {
		t.Fatal(err)
	}
	for _, keep := range []bool{false, true} {
		s, err := NewStage(context.Background(), out, nil)
		if err != nil {
			t.Fatal(err)
		}
		for rel, data := range site {
			if keep && s.Keep(rel) == nil {
				continue
			}
			if err := s.WriteFile(rel, []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
		if st, err := s.Commit(false); err != nil || st != (Stats{Unchanged: 2}) {
			t.Errorf("keep=%v: stats = %+v, %v; want 2 unchanged", keep, st, err)
		}
		if fi, err := os.Stat(p); err != nil || !fi.ModTime().Equal(touched) {
			t.Errorf("keep=%v: index.html was rewritten", keep)
		}
		m := readManifest(t, out)
		if got := m.files["index.html"].MTime; got != touched.UnixNano() {
			t.Errorf("keep=%v: manifest time %d, want %d", keep, got, touched.UnixNano())
		}
	}
}

// TestEditWithinTheManifestsTickIsFound: a file whose time is not before
// the manifest's could have been edited in the same clock tick as the
// build wrote it, without its time changing: it is hashed, not trusted.
func TestEditWithinTheManifestsTickIsFound(t *testing.T) {
	for _, keep := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "public")
		site := map[string]string{"index.html": "home", "a.html": "a"}
		build(t, out, false, site)
		recorded := time.Unix(0, readManifest(t, out).files["index.html"].MTime)
		p := filepath.Join(out, "index.html")
		writeFile(t, p, "HOME")
		for _, name := range []string{p, filepath.Join(out, ManifestName)} {
			if err := os.Chtimes(name, recorded, recorded); err != nil {
				t.Fatal(err)
			}
		}
		s, err := NewStage(context.Background(), out, nil)
		if err != nil {
			t.Fatal(err)
		}
		for rel, data := range site {
			if keep && s.Keep(rel) == nil {
				continue
			}
			if err := s.WriteFile(rel, []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
		if st, err := s.Commit(false); err != nil || st != (Stats{Written: 1, Unchanged: 1}) {
			t.Errorf("keep=%v: stats = %+v, %v; want 1 written", keep, st, err)
		}
		equalTrees(t, siteTree(t, out), site)
	}
}

// TestAnotherSitesBuildChangesTheStamp: what a caller remembers of its
// last build is tied to the manifest's Stamp; a build that changes
// nothing keeps it, any other build into the directory changes it.
func TestAnotherSitesBuildChangesTheStamp(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	siteA := map[string]string{"index.html": "clinic A", "posts/a/index.html": "a"}
	siteB := map[string]string{"index.html": "clinic B", "posts/b/index.html": "b"}
	stamp := func(files map[string]string) (before, after string) {
		t.Helper()
		s, err := NewStage(context.Background(), out, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Discard()
		before = s.Stamp()
		for rel, data := range files {
			if err := s.WriteFile(rel, []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Commit(false); err != nil {
			t.Fatal(err)
		}
		return before, s.Stamp()
	}
	none, a1 := stamp(siteA)
	if none != "" || a1 == "" {
		t.Fatalf("stamps of the first build: %q, %q", none, a1)
	}
	if before, after := stamp(siteA); before != a1 || after != a1 {
		t.Errorf("a build that changes nothing: stamps %q, %q, want %q", before, after, a1)
	}
	_, b := stamp(siteB)
	if b == a1 {
		t.Errorf("another site's build kept the stamp")
	}
	equalTrees(t, siteTree(t, out), withDirs(siteB))
	before, a2 := stamp(siteA)
	if before != b || a2 == a1 || a2 == b {
		t.Errorf("stamps %q, %q after %q, %q", before, a2, a1, b)
	}
	equalTrees(t, siteTree(t, out), withDirs(siteA))
}

func readManifest(t *testing.T, out string) *manifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	m, err := parseManifest(data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestRemovesOnlyWhatCarepressWrote: a file the site no longer has is
// removed when it still holds what carepress wrote, however it got there;
// changed, it is left in place with a warning that names it, and is no
// longer carepress's.
func TestRemovesOnlyWhatCarepressWrote(t *testing.T) {
	tests := []struct {
		name    string
		change  func(t *testing.T, p string)
		removed bool
		warned  bool
	}{
		{"untouched", func(t *testing.T, p string) {}, true, false},
		{"touched, same bytes", func(t *testing.T, p string) {
			later := time.Now().Add(time.Hour)
			os.Chtimes(p, later, later)
		}, true, false},
		{"copied back, same bytes", func(t *testing.T, p string) {
			fi, _ := os.Stat(p)
			os.Remove(p)
			writeFile(t, p, "old page")
			os.Chtimes(p, fi.ModTime(), fi.ModTime())
		}, true, false},
		{"edited, other size", func(t *testing.T, p string) { writeFile(t, p, "old page, with notes by hand") }, false, true},
		{"edited, same size", func(t *testing.T, p string) {
			writeFile(t, p, "OLD PAGE")
			later := time.Now().Add(time.Hour)
			os.Chtimes(p, later, later)
		}, false, true},
		{"replaced by a link", func(t *testing.T, p string) {
			os.Remove(p)
			if err := os.Symlink("index.html", p); err != nil {
				t.Skip(err)
			}
		}, false, true},
		{"deleted", func(t *testing.T, p string) { os.Remove(p) }, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			build(t, out, false, map[string]string{"index.html": "home", "posts/old/index.html": "old page", "posts/old/a.jpg": "jpeg"})
			p := filepath.Join(out, "posts", "old", "index.html")
			tt.change(t, p)
			before, _ := os.Lstat(p)
			st, warnings, err := tryBuildWarn(out, false, map[string]string{"index.html": "home"})
			if err != nil {
				t.Fatal(err)
			}
			_, gone := os.Lstat(p)
			if tt.removed != (gone != nil) {
				t.Errorf("removed = %v, want %v", gone != nil, tt.removed)
			}
			if want := 1; tt.removed && before != nil {
				want = 2
				if st.Removed != want {
					t.Errorf("stats = %+v, want %d removed", st, want)
				}
			}
			named := len(warnings) == 1 && strings.Contains(warnings[0], p) && strings.Contains(warnings[0], "warning: ")
			if tt.warned != named || !tt.warned && len(warnings) > 0 {
				t.Errorf("warnings = %q, want one naming %s: %v", warnings, p, tt.warned)
			}
			if _, listed := readManifest(t, out).files["posts/old/index.html"]; listed {
				t.Errorf("the manifest still lists posts/old/index.html")
			}
			if !tt.warned {
				return
			}
			// No longer carepress's: a build that drops it again says
			// nothing, and one that would write it is refused, as for
			// any foreign file, unless forced.
			if _, warnings, err := tryBuildWarn(out, false, map[string]string{"index.html": "home"}); err != nil || len(warnings) > 0 {
				t.Errorf("next build: %v, warnings %q", err, warnings)
			}
			back := map[string]string{"index.html": "home", "posts/old/index.html": "old page"}
			if _, err := tryBuild(out, false, back); !errors.Is(err, ErrNotOwned) {
				t.Errorf("writing it again: err = %v, want ErrNotOwned", err)
			}
			build(t, out, true, back)
			equalTrees(t, siteTree(t, out), withDirs(back))
		})
	}
}

// TestChangedFileBlocksADirectory: a file left in place because it was
// changed is someone else's, also where the new site needs a directory.
func TestChangedFileBlocksADirectory(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, false, map[string]string{"feed": "feed file"})
	writeFile(t, filepath.Join(out, "feed"), "feed file, edited")
	v2 := map[string]string{"feed/index.xml": "feed"}
	if _, err := tryBuild(out, false, v2); !errors.Is(err, ErrNotOwned) || !strings.Contains(err.Error(), filepath.Join(out, "feed")) {
		t.Errorf("err = %v, want ErrNotOwned naming feed", err)
	}
	build(t, out, true, v2)
	equalTrees(t, siteTree(t, out), withDirs(v2))
}
