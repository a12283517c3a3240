package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/carepress/carepress/internal/check/exiftest"
	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "update golden files and testscript expectations")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"carepress": func() { os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

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
