package markdown

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.html from the current output")

// TestGolden converts each testdata/NAME.md and compares the HTML with
// testdata/NAME.html. Files named unsafe-*.md are converted with Unsafe.
// All use BasePath "/clinic" so that prefixing shows in the output.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			c := New(Options{BasePath: "/clinic", Unsafe: strings.HasPrefix(name, "unsafe-")})
			doc, err := c.Convert(src)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(name, "unsafe-") {
				if msg := checkSafeHTML(string(doc.HTML)); msg != "" {
					t.Errorf("%s: %s", file, msg)
				}
			}
			want := strings.TrimSuffix(file, ".md") + ".html"
			if *update {
				if err := os.WriteFile(want, doc.HTML, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			exp, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/markdown -update)", err)
			}
			if !bytes.Equal(doc.HTML, exp) {
				t.Errorf("%s differs from %s; got:\n%s", file, want, doc.HTML)
			}
		})
	}
}
