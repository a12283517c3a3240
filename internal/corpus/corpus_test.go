package corpus

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestSameSeedWritesSameBytes(t *testing.T) {
	for _, f := range []Format{Carepress, Hugo} {
		a, b := t.TempDir(), t.TempDir()
		o := Options{Posts: 30, Seed: 7, Format: f}
		if err := Write(a, o); err != nil {
			t.Fatal(err)
		}
		if err := Write(b, o); err != nil {
			t.Fatal(err)
		}
		fa, fb := readTree(t, a), readTree(t, b)
		if len(fa) != len(fb) {
			t.Fatalf("format %d: %d files, then %d", f, len(fa), len(fb))
		}
		for name, x := range fa {
			if !bytes.Equal(x, fb[name]) {
				t.Errorf("format %d: %s differs between two writes with the same seed", f, name)
			}
		}
	}
}

func TestPostsAreRealisticInSizeAndStructure(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, Options{Posts: 200, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dir)
	var total int
	var series, images, bodyImages, notices int
	for i := range 200 {
		b, ok := files["content/posts/post-"+pad(i)+".md"]
		if !ok {
			t.Fatalf("post %d missing", i)
		}
		s := string(b)
		total += len(b)
		for _, want := range []string{"\ntags: [", "\nauthor: ", "\nreviewed_by: ", "\nsources:\n", "\n## ", "| When |"} {
			if !strings.Contains(s, want) {
				t.Fatalf("post %d has no %q", i, want)
			}
		}
		if strings.Contains(s, "\nseries: ") {
			series++
		}
		if strings.Contains(s, "\nimage: ") {
			images++
		}
		if strings.Contains(s, "![") {
			bodyImages++
		}
		if strings.Contains(s, "\nnotices: ") {
			notices++
		}
	}
	if avg := total / 200; avg < 7000 || avg > 12000 {
		t.Errorf("posts average %d bytes, want about 8 KB", avg)
	}
	if series == 0 || images == 0 || bodyImages == 0 || notices == 0 {
		t.Errorf("want some posts in a series (%d), with a share image (%d), with an image in the text (%d) and with extra notices (%d)",
			series, images, bodyImages, notices)
	}
}

func TestHugoSiteHasTheSamePosts(t *testing.T) {
	cp, hu := t.TempDir(), t.TempDir()
	if err := Write(cp, Options{Posts: 50, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	if err := Write(hu, Options{Posts: 50, Seed: 3, Format: Hugo}); err != nil {
		t.Fatal(err)
	}
	cf, hf := readTree(t, cp), readTree(t, hu)
	if _, ok := hf["hugo.toml"]; !ok {
		t.Fatal("no hugo.toml")
	}
	for i := range 50 {
		name := "content/posts/post-" + pad(i) + ".md"
		c, h := string(cf[name]), string(hf[name])
		cBody, hBody := c[strings.Index(c[4:], "\n---\n")+9:], h[strings.Index(h[4:], "\n---\n")+9:]
		if cBody != hBody {
			t.Errorf("%s: the Hugo body differs from the carepress body", name)
		}
		title := c[:strings.Index(c, "\ndescription:")]
		if !strings.HasPrefix(h, title) {
			t.Errorf("%s: the Hugo title differs: %q", name, h[:len(title)])
		}
	}
}

func pad(i int) string { return fmt.Sprintf("%05d", i) }
