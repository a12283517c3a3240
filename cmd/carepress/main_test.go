package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/exif/exiftest"
	"github.com/carepress/carepress/internal/output"
	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "update golden files and testscript expectations")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"carepress": func() { os.Exit(run(testContext(), os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// testContext is the context of carepress in the scripts. With
// CAREPRESS_TEST_KILL_AT=N in the environment, the process kills itself
// (SIGKILL where there are signals) at step N of committing the output
// (output.WithCommitHook; 0 is just before the commit begins), as a
// crash or a power loss would stop it.
func testContext() context.Context {
	ctx := context.Background()
	at, err := strconv.Atoi(os.Getenv("CAREPRESS_TEST_KILL_AT"))
	if err != nil {
		return ctx
	}
	return output.WithCommitHook(ctx, func(step int) {
		if step == at {
			p, _ := os.FindProcess(os.Getpid())
			p.Kill()
			select {} // dead before it goes on
		}
	})
}

// held are the output directories that scripts hold (holdout), by script.
var held = struct {
	sync.Mutex
	m map[*testscript.TestScript]map[string]*output.Stage
}{m: map[*testscript.TestScript]map[string]*output.Stage{}}

// mtimes matches the files' times in a manifest.
var mtimes = regexp.MustCompile(`,\s*"mtime": -?\d+`)

// TestScripts runs the CLI scripts in testdata/script: each is a small site
// and the commands a user would run on it, with their expected output.
func TestScripts(t *testing.T) {
	root, _ := filepath.Abs("../..")
	testscript.Run(t, testscript.Params{
		Dir:           filepath.Join(root, "testdata", "script"),
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", root)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// exits N PROG [ARGS...] runs PROG as exec does and fails
			// unless it exits with status N; stdout and stderr are kept
			// for the next assertions.
			"exits": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exits STATUS PROG [ARGS...]")
				}
				want, err := strconv.Atoi(args[0])
				ts.Check(err)
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("%s: %v", args[1], err)
					}
					got = ee.ExitCode()
				}
				if got != want {
					ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
				}
			},
			// exifjpeg FILE [gps|clean] writes a JPEG with camera EXIF
			// data, with a GPS position too, or with no metadata.
			"exifjpeg": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 1 {
					ts.Fatalf("usage: exifjpeg FILE [gps|clean]")
				}
				m := exiftest.Meta{Make: "Canon", Model: "Canon EOS R5"}
				switch {
				case len(args) > 1 && args[1] == "gps":
					m.GPS, m.Lat, m.Lon = true, 39.7817, -89.6501
				case len(args) > 1 && args[1] == "clean":
					m = exiftest.Meta{}
				}
				ts.Check(os.MkdirAll(filepath.Dir(ts.MkAbs(args[0])), 0o755))
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), exiftest.JPEG(m), 0o644))
			},
			// holdout DIR holds the output directory DIR as a build in
			// progress does, until releaseout DIR or the end of the script.
			"holdout": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: holdout DIR")
				}
				s, err := output.NewStage(context.Background(), ts.MkAbs(args[0]), nil)
				ts.Check(err)
				held.Lock()
				defer held.Unlock()
				if held.m[ts] == nil {
					held.m[ts] = map[string]*output.Stage{}
					ts.Defer(func() {
						held.Lock()
						defer held.Unlock()
						for _, s := range held.m[ts] {
							s.Discard()
						}
						delete(held.m, ts)
					})
				}
				held.m[ts][args[0]] = s
			},
			// releaseout DIR lets go of DIR, held by holdout.
			"releaseout": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: releaseout DIR")
				}
				held.Lock()
				s := held.m[ts][args[0]]
				delete(held.m[ts], args[0])
				held.Unlock()
				if s == nil {
					ts.Fatalf("%s is not held", args[0])
				}
				ts.Check(s.Discard())
			},
			// waitfor FILE REGEXP waits, up to a minute, until FILE
			// matches REGEXP: a background command's progress.
			"waitfor": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 {
					ts.Fatalf("usage: waitfor FILE REGEXP")
				}
				re := regexp.MustCompile(args[1])
				for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
					if b, err := os.ReadFile(ts.MkAbs(args[0])); err == nil && re.Match(b) {
						return
					}
					if time.Now().After(deadline) {
						ts.Fatalf("%s does not match %q after a minute", args[0], args[1])
					}
				}
			},
			// cmpmanifest A B compares the manifests of the output
			// directories A and B but for the files' times, which are
			// those of each directory's files on disk.
			"cmpmanifest": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 2 {
					ts.Fatalf("usage: cmpmanifest A B")
				}
				a, err := os.ReadFile(filepath.Join(ts.MkAbs(args[0]), output.ManifestName))
				ts.Check(err)
				b, err := os.ReadFile(filepath.Join(ts.MkAbs(args[1]), output.ManifestName))
				ts.Check(err)
				if same := bytes.Equal(mtimes.ReplaceAll(a, nil), mtimes.ReplaceAll(b, nil)); same == neg {
					ts.Fatalf("manifests of %s and %s: same = %v", args[0], args[1], same)
				}
			},
			// cmptree A B compares the output directories A and B: the
			// same files with the same bytes, and manifests alike
			// (cmpmanifest).
			"cmptree": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 {
					ts.Fatalf("usage: cmptree A B")
				}
				a, b := treeOf(ts, ts.MkAbs(args[0])), treeOf(ts, ts.MkAbs(args[1]))
				var diffs []string
				for name, x := range a {
					if y, ok := b[name]; !ok {
						diffs = append(diffs, "only in "+args[0]+": "+name)
					} else if x != y {
						diffs = append(diffs, "differs: "+name)
					}
				}
				for name := range b {
					if _, ok := a[name]; !ok {
						diffs = append(diffs, "only in "+args[1]+": "+name)
					}
				}
				if len(diffs) > 0 {
					ts.Fatalf("%s and %s differ:\n%s", args[0], args[1], strings.Join(diffs, "\n"))
				}
			},
			// tidy DIR checks that no build left anything of its own
			// beside or in the output directory DIR: a staging directory,
			// a lock, a journal, a temporary file.
			"tidy": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 {
					ts.Fatalf("usage: tidy DIR")
				}
				dir := ts.MkAbs(args[0])
				var left []string
				entries, err := os.ReadDir(filepath.Dir(dir))
				ts.Check(err)
				for _, e := range entries {
					if n := e.Name(); strings.HasPrefix(n, "."+filepath.Base(dir)+".") {
						left = append(left, n)
					}
				}
				entries, err = os.ReadDir(dir)
				ts.Check(err)
				for _, e := range entries {
					if n := e.Name(); strings.HasPrefix(n, ".carepress-") && n != output.ManifestName {
						left = append(left, filepath.Join(args[0], n))
					}
				}
				if tidy := len(left) == 0; tidy == neg {
					ts.Fatalf("left beside or in %s: %q", args[0], left)
				}
			},
			// jpeg FILE WIDTHxHEIGHT writes a plain JPEG of that size.
			"jpeg": func(ts *testscript.TestScript, neg bool, args []string) {
				var w, h int
				if neg || len(args) != 2 {
					ts.Fatalf("usage: jpeg FILE WIDTHxHEIGHT")
				}
				if _, err := fmt.Sscanf(args[1], "%dx%d", &w, &h); err != nil {
					ts.Fatalf("jpeg: size %q: %v", args[1], err)
				}
				var b bytes.Buffer
				ts.Check(jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, w, h)), nil))
				ts.Check(os.MkdirAll(filepath.Dir(ts.MkAbs(args[0])), 0o755))
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), b.Bytes(), 0o644))
			},
		},
	})
}

// treeOf returns every file under dir, by slash path, with its bytes; the
// manifest without its times; a directory as "DIR/" and a link as
// "-> TARGET".
func treeOf(ts *testscript.TestScript, dir string) map[string]string {
	m := map[string]string{}
	ts.Check(filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".":
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			m[rel] = "-> " + target
			return err
		case d.IsDir():
			m[rel+"/"] = ""
		default:
			b, err := os.ReadFile(p)
			if rel == output.ManifestName {
				b = mtimes.ReplaceAll(b, nil)
			}
			m[rel] = string(b)
			return err
		}
		return nil
	}))
	return m
}
