package build_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/build"
)

// TestOutputAndSocialFolderRules builds into folders that would destroy
// the sources or publish the unpublished schedule, named directly or
// through symbolic links: each is refused as an OptionsError naming the
// folder, before anything is written; the folders a site may use work.
func TestOutputAndSocialFolderRules(t *testing.T) {
	tests := []struct {
		name    string
		links   map[string]string // link (relative to the test folder) → target
		out     string            // relative to the test folder; "" is the default
		social  string
		drafts  bool
		force   bool
		refused string // a part of the message; "" means the build works
	}{
		{name: "defaults"},
		{name: "beside the site", out: "www", social: "schedule"},
		{name: "social in a private folder of the site", social: "site/private/social"},
		{name: "out is the root", out: "site", refused: `output directory "ROOT/site" is the site root`},
		{name: "out contains the root", out: ".", refused: `contains the site root`},
		{name: "out in content", out: "site/content/out", refused: `output directory "ROOT/site/content/out" is inside the site's content/ folder`},
		{name: "out is static", out: "site/static", refused: `is inside the site's static/ folder`},
		{name: "out in a theme", out: "site/themes/calm/out", refused: `is inside the site's themes/ folder`},
		{name: "out in the cache", out: "site/.carepress/out", refused: `is inside the site's .carepress/ folder`},
		{name: "out through a link to the root", links: map[string]string{"alias": "site"}, out: "alias", refused: `output directory "ROOT/alias" is the site root`},
		{name: "out through a link into content", links: map[string]string{"drop": "site/content/posts"}, out: "drop/out", refused: `is inside the site's content/ folder`},
		{name: "out through a dangling link into static", links: map[string]string{"later": "site/static/later"}, out: "later", refused: `is inside the site's static/ folder`},
		{name: "out contains a linked static folder", links: map[string]string{"site/static": "shared/static"}, out: "shared", refused: `output directory "ROOT/shared" contains the site's static/ folder`},
		{name: "out contains a linked theme", links: map[string]string{"site/themes/calm": "shared/calm"}, out: "shared", refused: `contains the site's themes/calm/ folder`},
		{name: "out is a file", out: "site/carepress.yaml", refused: `output directory "ROOT/site/carepress.yaml" is a file`},
		{name: "social is a file", social: "site/carepress.yaml", refused: `social directory "ROOT/site/carepress.yaml" is a file`},
		{name: "social is out", out: "www", social: "www", refused: `social directory "ROOT/www" is the output directory`},
		{name: "social in out", out: "www", social: "www/social", refused: `social directory "ROOT/www/social" is inside the output directory`},
		{name: "social in default out", social: "site/public/social", refused: `is inside the output directory`},
		{name: "social in static", social: "site/static/social", refused: `social directory "ROOT/site/static/social" is inside static/, whose files are published`},
		{name: "social is static", social: "site/static", refused: `is inside static/, whose files are published`},
		{name: "social in content", social: "site/content/posts/flu/social", refused: `is inside content/, whose bundles' files are published`},
		{name: "social in a theme's static", social: "site/themes/calm/static/social", refused: `is inside themes/, whose static folders are published`},
		{name: "social in templates", social: "site/templates/social", refused: `is inside templates/, the site's templates`},
		{name: "social is the root", social: "site", refused: `social directory "ROOT/site" is the site root`},
		{name: "social through a link into out", links: map[string]string{"sched": "www/social"}, out: "www", social: "sched", refused: `social directory "ROOT/sched" is inside the output directory`},
		{name: "social through a link into static", links: map[string]string{"sched": "site/static/s"}, social: "sched", refused: `is inside static/, whose files are published`},
		{name: "social in a static folder that is a link", links: map[string]string{"site/static": "shared/static"}, social: "shared/static/social", refused: `is inside static/, whose files are published`},
		{name: "social in a theme that is a link", links: map[string]string{"site/themes/calm": "shared/calm"}, social: "shared/calm/static/social", refused: `is inside themes/calm/, whose static folder is published`},
		{name: "drafts into public", drafts: true, refused: `--drafts, --future and --expired would put unpublished posts in public/`},
		{name: "drafts into public named with -o", drafts: true, out: "site/public", refused: `would put unpublished posts in public/`},
		{name: "drafts into public through a link", drafts: true, links: map[string]string{"pub": "site/public"}, out: "pub", refused: `would put unpublished posts in public/`},
		{name: "drafts into public with --force", drafts: true, force: true},
		{name: "drafts elsewhere", drafts: true, out: "preview"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{
				"site/carepress.yaml":           "title: Test Clinic\nbase_url: https://test.example.com/\ntheme: calm\n",
				"site/content/posts/flu.md":     "---\ntitle: Flu\ndate: 2026-10-01\n---\nGet your flu shot.\n",
				"site/themes/calm/static/a.css": "body{}\n",
			})
			for link, target := range tt.links {
				link, target := filepath.Join(dir, link), filepath.Join(dir, target)
				if fi, err := os.Lstat(link); err == nil && fi.IsDir() {
					// Move the folder to where the link will point.
					os.MkdirAll(filepath.Dir(target), 0o755)
					if err := os.Rename(link, target); err != nil {
						t.Fatal(err)
					}
				}
				if err := os.Symlink(target, link); err != nil {
					t.Skipf("no symbolic links here: %v", err)
				}
			}
			opts := build.Options{Root: filepath.Join(dir, "site"), Now: now, Drafts: tt.drafts, Force: tt.force}
			if tt.out != "" {
				opts.Out = filepath.Join(dir, tt.out)
			}
			if tt.social != "" {
				opts.Social = filepath.Join(dir, tt.social)
			}
			before := listFiles(t, dir)
			_, err := build.Build(context.Background(), opts)
			if tt.refused == "" {
				if err != nil {
					t.Fatalf("Build: %v", err)
				}
				return
			}
			var oe *build.OptionsError
			if !errors.As(err, &oe) {
				t.Fatalf("Build = %v, want an OptionsError", err)
			}
			if want := strings.ReplaceAll(tt.refused, "ROOT", dir); !strings.Contains(err.Error(), want) {
				t.Errorf("Build = %q\nwant it to say %q", err, want)
			}
			if after := listFiles(t, dir); after != before {
				t.Errorf("a refused build changed the files:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

// TestNonEmptyFolderIsRefusedAsOption: a folder carepress did not write
// is refused for the options (choose another or --force), not the site.
func TestNonEmptyFolderIsRefusedAsOption(t *testing.T) {
	for _, which := range []string{"out", "social"} {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{
			"site/carepress.yaml":       "title: Test Clinic\nbase_url: https://test.example.com/\n",
			"site/content/posts/flu.md": "---\ntitle: Flu\ndate: 2026-10-01\n---\nGet your flu shot.\n",
			"mine/notes.txt":            "mine\n",
		})
		opts := build.Options{Root: filepath.Join(dir, "site"), Now: now}
		if which == "out" {
			opts.Out = filepath.Join(dir, "mine")
		} else {
			opts.Social = filepath.Join(dir, "mine")
		}
		_, err := build.Build(context.Background(), opts)
		var oe *build.OptionsError
		if !errors.As(err, &oe) || !strings.Contains(err.Error(), "is not empty and was not written by carepress") {
			t.Errorf("%s into a folder carepress did not write: Build = %v, want an OptionsError", which, err)
		}
	}
}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// listFiles lists every path under root, links as they are.
func listFiles(t *testing.T, root string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		b.WriteString(rel + " " + fi.Mode().String() + "\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
