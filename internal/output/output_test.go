package output

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// build stages files and commits them into out, failing the test on error.
func build(t *testing.T, out string, force bool, files map[string]string) Stats {
	t.Helper()
	st, err := tryBuild(out, force, files)
	if err != nil {
		t.Fatalf("commit: %v", err)
	}
	return st
}

func tryBuild(out string, force bool, files map[string]string) (Stats, error) {
	st, _, err := tryBuildWarn(out, force, files)
	return st, err
}

// tryBuildWarn is tryBuild that also returns the stage's warnings, one
// string each.
func tryBuildWarn(out string, force bool, files map[string]string) (Stats, []string, error) {
	s, err := NewStage(context.Background(), out, nil)
	if err != nil {
		return Stats{}, nil, err
	}
	defer s.Discard()
	for rel, data := range files {
		if err := s.WriteFile(rel, []byte(data)); err != nil {
			return Stats{}, nil, err
		}
	}
	st, err := s.Commit(force)
	var warnings []string
	for _, w := range s.Warnings() {
		warnings = append(warnings, w.Error())
	}
	return st, warnings, err
}

// tree returns every file under dir (slash paths, symbolic links as
// "-> target"), and every directory as "path/" with an empty value.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".":
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			m[rel] = "-> " + target
		case d.IsDir():
			m[rel+"/"] = ""
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			m[rel] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// mtimes returns the modification time of every file under dir.
func mtimes(t *testing.T, dir string) map[string]time.Time {
	t.Helper()
	m := map[string]time.Time{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		m[p] = fi.ModTime()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func without(m map[string]string, keys ...string) map[string]string {
	m = maps.Clone(m)
	for _, k := range keys {
		delete(m, k)
	}
	return m
}

// siteTree is what out should hold besides the manifest.
func siteTree(t *testing.T, out string) map[string]string {
	t.Helper()
	return without(tree(t, out), ManifestName)
}

func equalTrees(t *testing.T, got, want map[string]string) {
	t.Helper()
	for k, w := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("missing %q", k)
		} else if g != w {
			t.Errorf("%q = %q, want %q", k, g, w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected %q", k)
		}
	}
}

func TestCommitWritesSiteIntoMissingDirectory(t *testing.T) {
	out := filepath.Join(t.TempDir(), "deep", "public")
	st := build(t, out, false, map[string]string{
		"index.html":            "home",
		"posts/flu/index.html":  "flu",
		"images/logo.svg":       "<svg/>",
		".well-known/security":  "contact",
		"posts/flu/shot.jpg":    "jpeg",
		"notices/privacy/x.txt": "",
	})
	if st != (Stats{Written: 6}) {
		t.Errorf("stats = %+v, want 6 written", st)
	}
	equalTrees(t, siteTree(t, out), map[string]string{
		"index.html": "home", "posts/": "", "posts/flu/": "", "posts/flu/index.html": "flu",
		"posts/flu/shot.jpg": "jpeg", "images/": "", "images/logo.svg": "<svg/>",
		".well-known/": "", ".well-known/security": "contact",
		"notices/": "", "notices/privacy/": "", "notices/privacy/x.txt": "",
	})
}

func TestCommitRemovesStagingDirectory(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	build(t, out, false, map[string]string{"index.html": "home"})
	build(t, out, false, map[string]string{"index.html": "home 2"})
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "public" {
		t.Errorf("parent holds %v, want only public", entries)
	}
}

func TestCommitLeavesUnchangedFilesUntouched(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, false, map[string]string{
		"index.html":           "home",
		"posts/flu/index.html": "flu",
		"style.css":            "body{}",
	})
	// Backdate everything so that a rewrite, even within the file system's
	// timestamp granularity, shows.
	past := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	for p := range mtimes(t, out) {
		if err := os.Chtimes(p, past, past); err != nil {
			t.Fatal(err)
		}
	}
	st := build(t, out, false, map[string]string{
		"index.html":           "home, changed",
		"posts/flu/index.html": "flu",
		"style.css":            "body{}",
	})
	if st != (Stats{Written: 1, Unchanged: 2}) {
		t.Errorf("stats = %+v, want 1 written, 2 unchanged", st)
	}
	for p, mt := range mtimes(t, out) {
		name := filepath.ToSlash(strings.TrimPrefix(p, out))
		switch name {
		case "/index.html", "", "/" + ManifestName:
			if mt.Equal(past) {
				t.Errorf("%s was not rewritten", name)
			}
		default:
			if !mt.Equal(past) {
				t.Errorf("%s was touched: mtime %v", name, mt)
			}
		}
	}
	if got, _ := os.ReadFile(filepath.Join(out, "index.html")); string(got) != "home, changed" {
		t.Errorf("index.html = %q", got)
	}
}

func TestCommitWithNoChangesTouchesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	site := map[string]string{"index.html": "home", "a/b.html": "b"}
	build(t, out, false, site)
	// Backdated, the files are read to be vouched for, and their new
	// times noted in the manifest; nothing else changes.
	past := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	for p := range mtimes(t, out) {
		if err := os.Chtimes(p, past, past); err != nil {
			t.Fatal(err)
		}
	}
	before := mtimes(t, out)
	if st := build(t, out, false, site); st != (Stats{Unchanged: 2}) {
		t.Errorf("stats = %+v, want 2 unchanged", st)
	}
	after := mtimes(t, out)
	delete(before, filepath.Join(out, ManifestName))
	delete(after, filepath.Join(out, ManifestName))
	delete(before, out)
	delete(after, out)
	if !maps.Equal(before, after) {
		t.Errorf("mtimes changed:\n%v\n%v", before, after)
	}
	// Now the manifest vouches for them as they are: the next build
	// changes nothing at all, the manifest included.
	manifest := filepath.Join(out, ManifestName)
	data, _ := os.ReadFile(manifest)
	if err := os.Chtimes(manifest, past.Add(time.Hour), past.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	before = mtimes(t, out)
	if st := build(t, out, false, site); st != (Stats{Unchanged: 2}) {
		t.Errorf("stats = %+v, want 2 unchanged", st)
	}
	if after := mtimes(t, out); !maps.Equal(before, after) {
		t.Errorf("mtimes changed:\n%v\n%v", before, after)
	}
	if again, _ := os.ReadFile(manifest); string(again) != string(data) {
		t.Errorf("manifest changed:\n%s\n%s", data, again)
	}
}

func TestCommitRewritesFileEditedByHand(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, p string)
	}{
		{"different size", func(t *testing.T, p string) { writeFile(t, p, "edited by hand") }},
		{"same size", func(t *testing.T, p string) {
			writeFile(t, p, "HOME")
			// Even with its old time back, the edit must not pass for the
			// file carepress wrote: the file is newer than the manifest.
			if err := os.Chtimes(filepath.Join(filepath.Dir(p), ManifestName), time.Unix(1e9, 0), time.Unix(1e9, 0)); err != nil {
				t.Fatal(err)
			}
		}},
		{"deleted", func(t *testing.T, p string) { os.Remove(p) }},
		{"replaced by link", func(t *testing.T, p string) {
			os.Remove(p)
			if err := os.Symlink("other", p); err != nil {
				t.Skip(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			site := map[string]string{"index.html": "home"}
			build(t, out, false, site)
			tt.edit(t, filepath.Join(out, "index.html"))
			if st := build(t, out, false, site); st != (Stats{Written: 1}) {
				t.Errorf("stats = %+v, want 1 written", st)
			}
			equalTrees(t, siteTree(t, out), site)
		})
	}
}

func TestCommitRemovesFilesNoLongerStaged(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, false, map[string]string{
		"index.html":                "home",
		"posts/old/index.html":      "old",
		"posts/old/img/a.png":       "png",
		"posts/new/index.html":      "new",
		"tags/flu/index.html":       "flu",
		"tags/flu/page/2/index.htm": "p2",
	})
	// Someone else's file in a directory that carepress empties.
	writeFile(t, filepath.Join(out, "tags", "flu", "notes.txt"), "mine")
	st := build(t, out, false, map[string]string{
		"index.html":           "home",
		"posts/new/index.html": "new",
	})
	if st != (Stats{Unchanged: 2, Removed: 4}) {
		t.Errorf("stats = %+v, want 2 unchanged, 4 removed", st)
	}
	equalTrees(t, siteTree(t, out), map[string]string{
		"index.html": "home", "posts/": "", "posts/new/": "", "posts/new/index.html": "new",
		// tags/flu/page/2 and tags/flu/page are gone; tags/flu keeps its
		// foreign file and so stays.
		"tags/": "", "tags/flu/": "", "tags/flu/notes.txt": "mine",
	})
}

func TestCommitCleansEmptyDirectories(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, false, map[string]string{"a/b/c/d.html": "d", "keep.html": "k"})
	// A directory that was empty before the build is not carepress's to
	// remove, even beside removed files.
	if err := os.Mkdir(filepath.Join(out, "a", "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	build(t, out, false, map[string]string{"keep.html": "k", "x/y.html": "y"})
	equalTrees(t, siteTree(t, out), map[string]string{
		"keep.html": "k", "x/": "", "x/y.html": "y", "a/": "", "a/empty/": "",
	})
}

func TestCommitKeepsFilesCarepressDidNotWrite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, false, map[string]string{"index.html": "home", "old.html": "old"})
	hand := map[string]string{
		"CNAME":            "riverbend.example.com",
		".git/config":      "[core]",
		".git/HEAD":        "ref: refs/heads/main",
		"downloads/form.p": "pdf",
	}
	for rel, data := range hand {
		writeFile(t, filepath.Join(out, filepath.FromSlash(rel)), data)
	}
	build(t, out, false, map[string]string{"index.html": "home 2", "downloads/new.pdf": "new"})
	want := map[string]string{
		"index.html": "home 2", "downloads/": "", "downloads/new.pdf": "new", ".git/": "",
	}
	maps.Copy(want, hand)
	equalTrees(t, siteTree(t, out), want)

	// An empty site removes everything carepress wrote, and only that.
	build(t, out, false, nil)
	want = map[string]string{".git/": "", "downloads/": ""}
	maps.Copy(want, hand)
	equalTrees(t, siteTree(t, out), want)
}

func TestCommitRefusesOverwritingForeignFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, false, map[string]string{"index.html": "home", "gone.html": "gone"})
	writeFile(t, filepath.Join(out, "CNAME"), "hand made")
	writeFile(t, filepath.Join(out, "about", "index.html"), "hand made")
	writeFile(t, filepath.Join(out, "contact"), "a file where a directory goes")
	before := tree(t, out)
	beforeTimes := mtimes(t, out)

	site := map[string]string{
		"index.html":         "home 2",
		"new.html":           "new",
		"CNAME":              "riverbend.example.com",
		"about/index.html":   "about",
		"contact/index.html": "contact",
	}
	_, err := tryBuild(out, false, site)
	if !errors.Is(err, ErrNotOwned) {
		t.Fatalf("err = %v, want ErrNotOwned", err)
	}
	for _, p := range []string{"CNAME", "about/index.html", "contact"} {
		if !strings.Contains(err.Error(), fmt.Sprintf("%q", filepath.Join(out, filepath.FromSlash(p)))) {
			t.Errorf("error %q does not name %q", err, p)
		}
	}
	if !strings.Contains(err.Error(), "--force") {
		t.Errorf("error %q does not mention --force", err)
	}
	// Checked before any change.
	equalTrees(t, tree(t, out), before)
	if after := mtimes(t, out); !maps.Equal(beforeTimes, after) {
		t.Errorf("mtimes changed")
	}
	assertNoStaging(t, out)

	st := build(t, out, true, site)
	if st != (Stats{Written: 5, Removed: 2}) { // gone.html and the file "contact"
		t.Errorf("stats = %+v, want 5 written, 2 removed", st)
	}
	equalTrees(t, siteTree(t, out), map[string]string{
		"index.html": "home 2", "new.html": "new", "CNAME": "riverbend.example.com",
		"about/": "", "about/index.html": "about", "contact/": "", "contact/index.html": "contact",
	})
	// Overwritten with force, they are carepress's now.
	build(t, out, false, map[string]string{"index.html": "home 2"})
	equalTrees(t, siteTree(t, out), map[string]string{"index.html": "home 2"})
}

func TestCommitRefusesDirectoryOfForeignFilesEvenWithForce(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, false, map[string]string{"index.html": "home"})
	writeFile(t, filepath.Join(out, "blog", "mine.txt"), "mine")
	for _, force := range []bool{false, true} {
		_, err := tryBuild(out, force, map[string]string{"blog": "file where a dir is"})
		if err == nil || !strings.Contains(err.Error(), "mine.txt") {
			t.Errorf("force=%v: err = %v, want one naming blog/mine.txt", force, err)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(out, "blog", "mine.txt")); string(got) != "mine" {
		t.Errorf("blog/mine.txt = %q", got)
	}
}

func TestCommitSwapsFilesAndDirectories(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, false, map[string]string{"feed": "old feed file", "docs/a/index.html": "a"})
	st := build(t, out, false, map[string]string{"feed/index.xml": "feed", "docs": "docs file"})
	if st != (Stats{Written: 2, Removed: 2}) {
		t.Errorf("stats = %+v, want 2 written, 2 removed", st)
	}
	equalTrees(t, siteTree(t, out), map[string]string{
		"feed/": "", "feed/index.xml": "feed", "docs": "docs file",
	})
}

func TestCommitRefusesNonEmptyDirectoryWithoutManifest(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	writeFile(t, filepath.Join(out, "notes.txt"), "mine")
	writeFile(t, filepath.Join(out, "index.html"), "hand-made home")
	site := map[string]string{"index.html": "home", "about.html": "about"}

	_, err := tryBuild(out, false, site)
	if !errors.Is(err, ErrNotOwned) {
		t.Fatalf("err = %v, want ErrNotOwned", err)
	}
	equalTrees(t, tree(t, out), map[string]string{"notes.txt": "mine", "index.html": "hand-made home"})

	build(t, out, true, site)
	equalTrees(t, siteTree(t, out), map[string]string{"notes.txt": "mine", "index.html": "home", "about.html": "about"})
	// notes.txt stays foreign: a later build keeps it.
	build(t, out, false, nil)
	equalTrees(t, siteTree(t, out), map[string]string{"notes.txt": "mine"})
}

func TestPreflight(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, out string)
		force   bool
		wantErr string // substring; "" for no error
	}{
		{"missing", func(t *testing.T, out string) {}, false, ""},
		{"empty", func(t *testing.T, out string) { os.Mkdir(out, 0o755) }, false, ""},
		{"with manifest", func(t *testing.T, out string) {
			build(t, out, false, map[string]string{"index.html": "home"})
			writeFile(t, filepath.Join(out, "CNAME"), "x")
		}, false, ""},
		{"not empty", func(t *testing.T, out string) { writeFile(t, filepath.Join(out, "x"), "x") }, false,
			`is not empty and was not written by carepress (empty it, choose another with -o, or pass --force)`},
		{"only a dot file", func(t *testing.T, out string) { writeFile(t, filepath.Join(out, ".git", "config"), "x") }, false,
			`not written by carepress`},
		{"not empty, force", func(t *testing.T, out string) { writeFile(t, filepath.Join(out, "x"), "x") }, true, ""},
		{"a file", func(t *testing.T, out string) { writeFile(t, out, "x") }, false, "is not a directory"},
		{"a file, force", func(t *testing.T, out string) { writeFile(t, out, "x") }, true, "is not a directory"},
		{"bad manifest", func(t *testing.T, out string) { writeFile(t, filepath.Join(out, ManifestName), "{") }, false,
			"cannot read manifest"},
		{"manifest escaping", func(t *testing.T, out string) {
			writeFile(t, filepath.Join(out, ManifestName), `{"version":1,"files":{"../x":{"size":1,"sha256":""}}}`)
		}, false, `bad path "../x"`},
		{"manifest of a later version", func(t *testing.T, out string) {
			writeFile(t, filepath.Join(out, ManifestName), `{"version":9,"files":{}}`)
		}, false, "unknown manifest version 9"},
		{"bad manifest, force", func(t *testing.T, out string) { writeFile(t, filepath.Join(out, ManifestName), "{") }, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			tt.setup(t, out)
			err := Preflight(out, tt.force)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("err = %v, want nil", err)
			case tt.wantErr != "" && err == nil:
				t.Errorf("err = nil, want %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Errorf("err = %q, want it to contain %q", err, tt.wantErr)
			case err != nil && !strings.Contains(err.Error(), out):
				t.Errorf("err = %q does not name %q", err, out)
			}
		})
	}
}

func TestPreflightMessage(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, filepath.Join("public", "x"), "x")
	err := Preflight("public", false)
	const want = `output directory "public" is not empty and was not written by carepress (empty it, choose another with -o, or pass --force)`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

func TestDiscardLeavesOutputIdentical(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	build(t, out, false, map[string]string{"index.html": "home", "old/index.html": "old"})
	writeFile(t, filepath.Join(out, "CNAME"), "riverbend.example.com")
	before := tree(t, out)
	beforeTimes := mtimes(t, out)

	s, err := NewStage(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	for rel, data := range map[string]string{"index.html": "new home", "new/index.html": "new", "CNAME": "x"} {
		if err := s.WriteFile(rel, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Discard(); err != nil {
		t.Fatal(err)
	}
	equalTrees(t, tree(t, out), before)
	if after := mtimes(t, out); !maps.Equal(beforeTimes, after) {
		t.Errorf("mtimes changed")
	}
	assertNoStaging(t, out)
	if err := s.Discard(); err != nil {
		t.Errorf("second Discard: %v", err)
	}
	if _, err := s.Commit(false); err == nil {
		t.Errorf("Commit after Discard succeeded")
	}
	if err := s.WriteFile("late.html", nil); err == nil {
		t.Errorf("WriteFile after Discard succeeded")
	}
}

func TestDiscardAfterCommitDoesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	s, err := NewStage(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile("index.html", []byte("home")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Commit(false); err != nil {
		t.Fatal(err)
	}
	if err := s.Discard(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Commit(false); err == nil {
		t.Errorf("second Commit succeeded")
	}
	equalTrees(t, siteTree(t, out), map[string]string{"index.html": "home"})
}

func assertNoStaging(t *testing.T, out string) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".staging-") {
			t.Errorf("staging directory %s left behind", e.Name())
		}
	}
}

func TestWriteFileRefusesSecondWriteOfOnePath(t *testing.T) {
	s, err := NewStage(context.Background(), filepath.Join(t.TempDir(), "public"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard()
	if err := s.WriteFile("posts/flu/index.html", []byte("a")); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"posts/flu/index.html", "posts//flu/./index.html"} {
		err := s.WriteFile(rel, []byte("b"))
		if !errors.Is(err, ErrDuplicate) {
			t.Errorf("WriteFile(%q) = %v, want ErrDuplicate", rel, err)
		} else if !strings.Contains(err.Error(), `"posts/flu/index.html"`) {
			t.Errorf("error %q does not name the path", err)
		}
	}
	err = s.CopyFile("posts/flu/index.html", fstest.MapFS{"x": {Data: []byte("c")}}, "x")
	if !errors.Is(err, ErrDuplicate) {
		t.Errorf("CopyFile = %v, want ErrDuplicate", err)
	}
	if !s.Has("posts/flu/index.html") || s.Has("posts/flu") || s.Has("../x") {
		t.Errorf("Has is wrong")
	}
}

func TestWriteFileRefusesBadPaths(t *testing.T) {
	tests := []struct {
		rel  string
		want string
	}{
		{"", "empty"},
		{".", "empty"},
		{"./", "empty"},
		{"/etc/passwd", "absolute"},
		{"../x", `".."`},
		{"a/../../x", `".."`},
		{"a/../b", `".."`},
		{"..", `".."`},
		{`a\b`, "forward slashes"},
		{"a\x00b", "forward slashes"},
		{ManifestName, "reserved"},
		{"./" + ManifestName, "reserved"},
		// A file where a staged directory is, and the reverse.
		{"posts", "directory of other output files"},
		{"index.html/x", `needs "index.html" to be a directory`},
	}
	out := filepath.Join(t.TempDir(), "public")
	s, err := NewStage(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard()
	for _, rel := range []string{"posts/a.html", "index.html"} {
		if err := s.WriteFile(rel, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range tests {
		err := s.WriteFile(tt.rel, []byte("x"))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("WriteFile(%q) = %v, want error containing %q", tt.rel, err, tt.want)
		}
	}
	if _, err := s.Commit(false); err != nil {
		t.Fatal(err)
	}
	equalTrees(t, siteTree(t, out), map[string]string{"posts/": "", "posts/a.html": "", "index.html": ""})
}

func TestWriteFileIsSafeForConcurrentUse(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	s, err := NewStage(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard()
	const n = 64
	var wg sync.WaitGroup
	var mu sync.Mutex
	dups := 0
	for i := range n {
		for range 2 { // every path twice: exactly one write of each wins
			wg.Go(func() {
				rel := fmt.Sprintf("posts/p%d/index.html", i%8)
				if i >= 16 {
					rel = fmt.Sprintf("tags/t%d/page/%d/index.html", i%5, i)
				}
				err := s.WriteFile(rel, []byte(rel))
				if errors.Is(err, ErrDuplicate) {
					mu.Lock()
					dups++
					mu.Unlock()
				} else if err != nil {
					t.Error(err)
				}
				s.Has(rel)
			})
		}
	}
	wg.Wait()
	// 8 posts written by 4 goroutines each, 48 tag pages by 2 each.
	if want := 8*3 + 48; dups != want {
		t.Errorf("%d duplicates, want %d", dups, want)
	}
	st, err := s.Commit(false)
	if err != nil {
		t.Fatal(err)
	}
	if st.Written != 8+48 {
		t.Errorf("written = %d, want 56", st.Written)
	}
	for rel, data := range siteTree(t, out) {
		if !strings.HasSuffix(rel, "/") && rel != data {
			t.Errorf("%s holds %q", rel, data)
		}
	}
}

func TestCopyFileStreamsAndHashes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	big := strings.Repeat("0123456789abcdef", 1<<16) // 1 MiB, more than one copy buffer
	src := fstest.MapFS{"static/img/big.jpg": {Data: []byte(big)}}
	s, err := NewStage(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CopyFile("images/big.jpg", src, "static/img/big.jpg"); err != nil {
		t.Fatal(err)
	}
	if err := s.CopyFile("images/missing.jpg", src, "nope.jpg"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("copying a missing file: %v", err)
	}
	// The failed copy leaves an incomplete entry, which Commit refuses.
	if _, err := s.Commit(false); err == nil || !strings.Contains(err.Error(), "images/missing.jpg") {
		t.Fatalf("commit with an incomplete file: %v", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("output directory created by a refused commit")
	}

	copyBuild := func() Stats {
		s, err := NewStage(context.Background(), out, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CopyFile("images/big.jpg", src, "static/img/big.jpg"); err != nil {
			t.Fatal(err)
		}
		st, err := s.Commit(false)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := copyBuild(); st.Written != 1 {
		t.Errorf("stats = %+v", st)
	}
	if got, _ := os.ReadFile(filepath.Join(out, "images", "big.jpg")); string(got) != big {
		t.Errorf("copy differs")
	}
	data, err := os.ReadFile(filepath.Join(out, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(big))
	m, err := parseManifest(data)
	if err != nil {
		t.Fatal(err)
	}
	if e := m.files["images/big.jpg"]; e.Size != int64(len(big)) || e.SHA256 != hex.EncodeToString(sum[:]) || e.MTime == 0 {
		t.Errorf("manifest entry %+v, want size %d, sha256 %x and a time:\n%s", e, len(big), sum, data)
	}
	if st := copyBuild(); st != (Stats{Unchanged: 1}) {
		t.Errorf("second copy: stats = %+v, want 1 unchanged", st)
	}
}

// TestManifestIsDeterministic: the same site gives the same manifest but
// for the files' times, which are those on disk.
func TestManifestIsDeterministic(t *testing.T) {
	site := map[string]string{"b.html": "b", "a/index.html": "a", `q"uote.html`: "q", "z/é.html": "e"}
	var got []string
	for range 3 {
		out := filepath.Join(t.TempDir(), "public")
		build(t, out, false, site)
		data, err := os.ReadFile(filepath.Join(out, ManifestName))
		if err != nil {
			t.Fatal(err)
		}
		m, err := parseManifest(data)
		if err != nil {
			t.Fatalf("manifest does not parse: %v\n%s", err, data)
		}
		if len(m.files) != len(site) {
			t.Errorf("manifest lists %d files, want %d", len(m.files), len(site))
		}
		for rel, e := range m.files {
			fi, err := os.Lstat(filepath.Join(out, filepath.FromSlash(rel)))
			if err != nil || fi.ModTime().UnixNano() != e.MTime {
				t.Errorf("%s: manifest time %d, file %v %v", rel, e.MTime, fi.ModTime(), err)
			}
		}
		got = append(got, mtimeRE.ReplaceAllString(string(data), ""))
	}
	if got[0] != got[1] || got[1] != got[2] {
		t.Errorf("manifests differ:\n%s\n%s", got[0], got[1])
	}
	if i, j := strings.Index(got[0], `"a/index.html"`), strings.Index(got[0], `"b.html"`); i < 0 || i > j {
		t.Errorf("manifest not sorted:\n%s", got[0])
	}
	if empty := string(encodeManifest(nil)); empty != "{\n  \"version\": 1,\n  \"files\": {}\n}\n" {
		t.Errorf("empty manifest = %q", empty)
	}
}

var mtimeRE = regexp.MustCompile(`,\s*"mtime": -?\d+`)

func TestCommitDoesNotFollowSymlinks(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "outside")
	writeFile(t, filepath.Join(outside, "secret.txt"), "secret")
	out := filepath.Join(dir, "public")
	build(t, out, false, map[string]string{"index.html": "home", "images/a.png": "a"})

	// images becomes a link out of the output directory.
	if err := os.RemoveAll(filepath.Join(out, "images")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(out, "images")); err != nil {
		t.Skip(err)
	}
	for _, force := range []bool{false, true} {
		_, err := tryBuild(out, force, map[string]string{"index.html": "home 2", "images/secret.txt": "overwritten"})
		if err == nil || !strings.Contains(err.Error(), "symbolic link") {
			t.Errorf("force=%v: err = %v, want a symbolic link error", force, err)
		}
	}
	// The old manifest lists images/a.png: removing it must not go through
	// the link either.
	writeFile(t, filepath.Join(outside, "a.png"), "not carepress's")
	build(t, out, false, map[string]string{"index.html": "home 2"})
	equalTrees(t, tree(t, outside), map[string]string{"secret.txt": "secret", "a.png": "not carepress's"})
	if got := tree(t, out)["images"]; got != "-> "+outside {
		t.Errorf("link changed: %q", got)
	}
}

func TestCommitIgnoresTamperedManifestPaths(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "victim.txt"), "keep")
	out := filepath.Join(dir, "public")
	build(t, out, false, map[string]string{"index.html": "home"})
	writeFile(t, filepath.Join(out, ManifestName),
		`{"version":1,"files":{"../victim.txt":{"size":4,"sha256":""},"index.html":{"size":4,"sha256":""}}}`)
	if _, err := tryBuild(out, false, nil); err == nil {
		t.Errorf("commit accepted a manifest with ../victim.txt")
	}
	// force treats the manifest as absent: nothing is deleted.
	build(t, out, true, nil)
	if got, _ := os.ReadFile(filepath.Join(dir, "victim.txt")); string(got) != "keep" {
		t.Errorf("victim.txt = %q", got)
	}
	equalTrees(t, siteTree(t, out), map[string]string{"index.html": "home"})
}

// TestCommitAfterOlderInterruptedCommit: an older carepress marked the
// files of a commit in progress with an unknown hash. They are carepress's
// to overwrite, but, unverifiable, not to delete.
func TestCommitAfterOlderInterruptedCommit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, false, map[string]string{"index.html": "home", "old.html": "old"})
	writeFile(t, filepath.Join(out, ManifestName), string(encodeManifest(map[string]entry{
		"index.html": {Size: 4},             // rewrite pending, content unknown
		"new.html":   {Size: 3},             // written before the crash
		"more.html":  {Size: 4},             // not written yet
		"old.html":   {Size: 3, SHA256: ""}, // removal pending
	})))
	writeFile(t, filepath.Join(out, "index.html"), "HOME") // same size, new content
	writeFile(t, filepath.Join(out, "new.html"), "new")
	st, warnings, err := tryBuildWarn(out, false, map[string]string{"index.html": "home", "new.html": "new", "more.html": "more"})
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Written: 3}) {
		t.Errorf("stats = %+v, want 3 written", st)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], filepath.Join(out, "old.html")) {
		t.Errorf("warnings = %q, want one naming old.html", warnings)
	}
	equalTrees(t, siteTree(t, out), map[string]string{"index.html": "home", "new.html": "new", "more.html": "more", "old.html": "old"})
}

func TestNewStageBesideOutput(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	s, err := NewStage(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard()
	if filepath.Dir(s.dir) != parent || !strings.HasPrefix(filepath.Base(s.dir), ".public.staging-") {
		t.Errorf("staging dir %q, want .public.staging-* in %q", s.dir, parent)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("NewStage created the output directory")
	}
}

func TestNewStageFollowsLinkedOutputDirectory(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "www", "site")
	if err := os.MkdirAll(target, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "public")
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	build(t, link, false, map[string]string{"index.html": "home"})
	equalTrees(t, siteTree(t, target), map[string]string{"index.html": "home"})
	assertNoStaging(t, target)
}

func TestUnchangedFilesAreNotStaged(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	site := map[string]string{"index.html": "home", "posts/a/index.html": "a", "posts/b/index.html": "b"}
	build(t, out, false, site)
	s, err := NewStage(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard()
	for rel, data := range without(site, "posts/b/index.html") {
		if err := s.WriteFile(rel, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.WriteFile("posts/b/index.html", []byte("b, changed")); err != nil {
		t.Fatal(err)
	}
	equalTrees(t, tree(t, s.dir), map[string]string{"posts/": "", "posts/b/": "", "posts/b/index.html": "b, changed"})
	st, err := s.Commit(false)
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Written: 1, Unchanged: 2}) {
		t.Errorf("stats = %+v, want 1 written, 2 unchanged", st)
	}
	equalTrees(t, siteTree(t, out), map[string]string{"index.html": "home", "posts/": "", "posts/a/": "", "posts/a/index.html": "a",
		"posts/b/": "", "posts/b/index.html": "b, changed"})
}

func TestKeepLeavesFileAndRefusesWhatItCannotVouchFor(t *testing.T) {
	for _, survey := range []bool{false, true} {
		t.Run(fmt.Sprintf("survey=%v", survey), func(t *testing.T) { testKeep(t, survey) })
	}
}

func testKeep(t *testing.T, survey bool) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, false, map[string]string{"index.html": "home", "a.html": "a", "b.html": "b"})
	writeFile(t, filepath.Join(out, "b.html"), "B") // edited by hand since
	later := time.Now().Add(time.Second)            // past the file system's clock tick
	if err := os.Chtimes(filepath.Join(out, "b.html"), later, later); err != nil {
		t.Fatal(err)
	}
	s, err := NewStage(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard()
	if survey {
		s.Survey()
	}
	if err := s.Keep("index.html"); err != nil {
		t.Fatalf("Keep(index.html) = %v", err)
	}
	if size, sum, ok := s.Entry("index.html"); !ok || size != 4 || sum == "" {
		t.Errorf("Entry(index.html) = %d, %q, %v", size, sum, ok)
	}
	for _, rel := range []string{"b.html", "new.html"} {
		if err := s.Keep(rel); !errors.Is(err, ErrNotKept) {
			t.Errorf("Keep(%s) = %v, want ErrNotKept", rel, err)
		}
	}
	// What cannot be kept is written instead.
	for rel, data := range map[string]string{"a.html": "a", "b.html": "b", "new.html": "new"} {
		if err := s.WriteFile(rel, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	st, err := s.Commit(false)
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Written: 2, Unchanged: 2}) {
		t.Errorf("stats = %+v, want 2 written, 2 unchanged", st)
	}
	equalTrees(t, siteTree(t, out), map[string]string{"index.html": "home", "a.html": "a", "b.html": "b", "new.html": "new"})
}

// TestRestoredFileIsVouchedFor: a file deleted by hand is written again,
// and the manifest then vouches for it, so that the build after leaves it.
func TestRestoredFileIsVouchedFor(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	site := map[string]string{"index.html": "home", "posts/a/index.html": "a"}
	build(t, out, false, site)
	if err := os.Remove(filepath.Join(out, "posts", "a", "index.html")); err != nil {
		t.Fatal(err)
	}
	for i, want := range []Stats{{Written: 1, Unchanged: 1}, {Unchanged: 2}} {
		s, err := NewStage(context.Background(), out, nil)
		if err != nil {
			t.Fatal(err)
		}
		for rel, data := range site {
			if err := s.Keep(rel); err != nil {
				if err := s.WriteFile(rel, []byte(data)); err != nil {
					t.Fatal(err)
				}
			}
		}
		if st, err := s.Commit(false); err != nil || st != want {
			t.Errorf("build %d: %+v, %v; want %+v", i+1, st, err, want)
		}
	}
	equalTrees(t, siteTree(t, out), map[string]string{"index.html": "home", "posts/": "", "posts/a/": "", "posts/a/index.html": "a"})
}

// TestKeepRefusesFileBehindLink: a kept file must lie in real
// directories of the output directory, not behind a symbolic link.
func TestKeepRefusesFileBehindLink(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	build(t, out, false, map[string]string{"index.html": "home", "images/a.png": "a"})
	if err := os.Rename(filepath.Join(out, "images"), filepath.Join(dir, "elsewhere")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(out, "images")); err != nil {
		t.Skip(err)
	}
	s, err := NewStage(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard()
	if err := s.Keep("images/a.png"); !errors.Is(err, ErrNotKept) {
		t.Errorf("Keep(images/a.png) = %v, want ErrNotKept", err)
	}
	if err := s.Keep("index.html"); err != nil {
		t.Errorf("Keep(index.html) = %v", err)
	}
}
