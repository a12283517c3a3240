package build_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/corpus"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/render"
	"github.com/carepress/carepress/internal/site"
)

// TestCheckErrorStopsBuildBeforeWriting: an error from Options.Check fails
// the build and leaves the output directory as it was; its warnings join
// the result.
func TestCheckErrorStopsBuildBeforeWriting(t *testing.T) {
	root := t.TempDir()
	if err := corpus.Write(root, corpus.Options{Posts: 2, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	fail := func(context.Context, *site.Site, *render.Renderer) diag.List {
		return diag.List{diag.Errorf(diag.Pos{File: "content/posts/x.md", Line: 3, Col: 1}, "", "a patient's name [privacy/patient-name]")}
	}
	_, err := build.Build(context.Background(), build.Options{Root: root, Now: now, Check: fail})
	if err == nil || !strings.Contains(err.Error(), "privacy/patient-name") {
		t.Fatalf("err = %v, want the check's error", err)
	}
	if _, err := os.Stat(filepath.Join(root, "public")); !os.IsNotExist(err) {
		t.Errorf("public/ was written: %v", err)
	}
	warn := func(context.Context, *site.Site, *render.Renderer) diag.List {
		return diag.List{diag.Warnf(diag.Pos{File: "content/posts/x.md"}, "", "a tracker [privacy/tracker]")}
	}
	res, err := build.Build(context.Background(), build.Options{Root: root, Now: now, Check: warn})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) == 0 || !strings.Contains(res.Warnings.Error(), "privacy/tracker") {
		t.Errorf("warnings = %v, want the check's warning", res.Warnings)
	}
}

// TestCheckErrorLeavesTheLastGoodSite: the checks run beside the render,
// so a page of the failed build may already be rendered; none of it may
// reach the output directory, and no staging directory may be left.
func TestCheckErrorLeavesTheLastGoodSite(t *testing.T) {
	root := t.TempDir()
	if err := corpus.Write(root, corpus.Options{Posts: 20, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := build.Build(context.Background(), build.Options{Root: root, Now: now}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, filepath.Join(root, "public"))
	posts, _ := filepath.Glob(filepath.Join(root, "content", "posts", "*.md"))
	if len(posts) == 0 {
		t.Fatal("the corpus has no posts")
	}
	f, err := os.OpenFile(posts[0], os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\nA new paragraph that the failed build renders.\n")
	f.Close()
	fail := func(context.Context, *site.Site, *render.Renderer) diag.List {
		return diag.List{diag.Errorf(diag.Pos{File: "content/posts/x.md", Line: 3, Col: 1}, "", "a patient's name [privacy/patient-name]")}
	}
	if _, err := build.Build(context.Background(), build.Options{Root: root, Now: now, Check: fail}); err == nil {
		t.Fatal("the build passed despite the check's error")
	}
	after := snapshot(t, filepath.Join(root, "public"))
	if len(after) != len(before) {
		t.Fatalf("public/ has %d files after the failed build, %d before", len(after), len(before))
	}
	for name, data := range before {
		if after[name] != data {
			t.Errorf("%s changed in the failed build", name)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(root, ".public.staging-*")); len(left) > 0 {
		t.Errorf("staging directories left behind: %v", left)
	}
}

// snapshot reads every file under dir, by path.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		files[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
