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
	fail := func(*site.Site) diag.List {
		return diag.List{diag.Errorf(diag.Pos{File: "content/posts/x.md", Line: 3, Col: 1}, "", "a patient's name [privacy/patient-name]")}
	}
	_, err := build.Build(context.Background(), build.Options{Root: root, Now: now, Check: fail})
	if err == nil || !strings.Contains(err.Error(), "privacy/patient-name") {
		t.Fatalf("err = %v, want the check's error", err)
	}
	if _, err := os.Stat(filepath.Join(root, "public")); !os.IsNotExist(err) {
		t.Errorf("public/ was written: %v", err)
	}
	warn := func(*site.Site) diag.List {
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
