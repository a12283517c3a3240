package build_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/diag"
)

// phonePhoto is a JPEG as a phone writes it: an APP1 Exif segment with
// GPS bytes in it, before the image data.
func phonePhoto(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 0xff})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	seg := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x00GPS 41.8781N 87.6298W")
	var out bytes.Buffer
	out.Write(b.Bytes()[:2])
	out.Write([]byte{0xFF, 0xE1})
	binary.Write(&out, binary.BigEndian, uint16(len(seg)+2))
	out.Write(seg)
	out.Write(b.Bytes()[2:])
	return out.Bytes()
}

func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

const imageConfig = "title: Test Clinic\nbase_url: https://test.example.com/clinic/\ntimezone: America/Chicago\nbrand: {color: \"#2a9d8f\"}\n"

func imageSite(t *testing.T) string {
	return writeSite(t, map[string]string{
		"carepress.yaml":                imageConfig,
		"content/authors/maria.md":      "---\nname: Maria Alvarez\ncredentials: MD\n---\n",
		"content/posts/beach/index.md":  "---\ntitle: Beach day\ndate: 2026-06-01\nimage: photo.jpg\nimage_alt: A beach\n---\nIntro.\n\n![The shore](photo.jpg)\n\n![A chart](/images/chart.png)\n",
		"content/posts/beach/photo.jpg": string(phonePhoto(t, 1000, 600)),
		"static/images/chart.png":       string(pngOf(t, 600, 300)),
		"content/posts/plain.md":        "---\ntitle: Wash your hands\ndate: 2026-06-02\nauthor: maria\n---\nSoap and water.\n",
	})
}

func pngOf(t *testing.T, w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewNRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestImagesAreSizedAndStripped(t *testing.T) {
	root := imageSite(t)
	res, err := build.Build(context.Background(), build.Options{Root: root, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "public")
	page, _ := os.ReadFile(filepath.Join(out, "posts/beach/index.html"))
	for _, want := range []string{
		// The front matter image, above the body: eager.
		`<img src="/clinic/posts/beach/photo.jpg" alt="A beach" width="1000" height="600" srcset="/clinic/posts/beach/photo-480w.jpg 480w, /clinic/posts/beach/photo-800w.jpg 800w, /clinic/posts/beach/photo.jpg 1000w" sizes="(max-width: 45rem) 100vw, 45rem" decoding="async">`,
		// The same photo in the body: lazy, since the page's own image comes first.
		`<img src="photo.jpg" alt="The shore" width="1000" height="600" srcset="/clinic/posts/beach/photo-480w.jpg 480w, /clinic/posts/beach/photo-800w.jpg 800w, /clinic/posts/beach/photo.jpg 1000w" sizes="(max-width: 45rem) 100vw, 45rem" loading="lazy" decoding="async">`,
		`<img src="/clinic/images/chart.png" alt="A chart" width="600" height="300" srcset="/clinic/images/chart-480w.png 480w, /clinic/images/chart.png 600w" sizes="(max-width: 45rem) 100vw, 45rem" loading="lazy" decoding="async">`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("post page lacks\n%s", want)
		}
	}
	for _, f := range []string{"posts/beach/photo.jpg", "posts/beach/photo-480w.jpg", "posts/beach/photo-800w.jpg"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("Exif")) || bytes.Contains(b, []byte("GPS")) {
			t.Errorf("%s still carries the phone's EXIF and GPS data", f)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "images/chart-480w.png")); err != nil {
		t.Error("the static PNG has no 480w variant")
	}
	if res.Encoded == 0 {
		t.Error("first build encoded nothing")
	}

	// A second build takes every image and card from .carepress/cache.
	res2, err := build.Build(context.Background(), build.Options{Root: root, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res2.Encoded != 0 {
		t.Errorf("second build encoded %d images or cards, want 0", res2.Encoded)
	}
	if res2.Written != 0 {
		t.Errorf("second build rewrote %d files", res2.Written)
	}
}

func TestShareCards(t *testing.T) {
	root := imageSite(t)
	res, err := build.Build(context.Background(), build.Options{Root: root, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Site.Posts {
		switch p.Path {
		case "/posts/plain/":
			if p.Card != "/posts/plain/card.png" || p.ShareImage() != p.Card || p.ImageWidth != 1200 || p.ImageHeight != 630 {
				t.Errorf("plain post: card %q, %dx%d", p.Card, p.ImageWidth, p.ImageHeight)
			}
		case "/posts/beach/":
			if p.Card != "" || p.ShareImage() != "/posts/beach/photo.jpg" || p.ImageWidth != 1000 || p.ImageHeight != 600 {
				t.Errorf("post with an image: card %q, share %q, %dx%d", p.Card, p.ShareImage(), p.ImageWidth, p.ImageHeight)
			}
		}
	}
	b, err := os.ReadFile(filepath.Join(root, "public/posts/plain/card.png"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width != 1200 || cfg.Height != 630 {
		t.Errorf("card: %v %dx%d", err, cfg.Width, cfg.Height)
	}
	if _, err := os.Stat(filepath.Join(root, "public/posts/beach/card.png")); err == nil {
		t.Error("a post with an image got a card")
	}

	// seo.share_cards: false turns them off.
	os.WriteFile(filepath.Join(root, "carepress.yaml"), []byte(imageConfig+"seo: {share_cards: false}\n"), 0o644)
	res, err = build.Build(context.Background(), build.Options{Root: root, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "public/posts/plain/card.png")); err == nil {
		t.Error("share_cards: false still wrote a card")
	}
	for _, p := range res.Site.Posts {
		if p.Card != "" {
			t.Errorf("%s has card %q with share cards off", p.Path, p.Card)
		}
	}
}

func TestMissingImageNamesTheFile(t *testing.T) {
	root := writeSite(t, map[string]string{
		"carepress.yaml":              imageConfig,
		"content/posts/a/index.md":    "---\ntitle: A\ndate: 2026-06-01\nimage: hero.jpg\nimage_alt: Hero\n---\nText.\n\n![Gone](/images/gone.png)\n",
		"content/posts/b.md":          "---\ntitle: B\ndate: 2026-06-01\n---\nSee ![](photo.jpg)\n",
		"content/posts/c/index.md":    "---\ntitle: C\ndate: 2026-06-01\n---\n![](ok.png)\n",
		"content/posts/c/ok.png":      string(pngOf(t, 10, 10)),
		"content/posts/c/unused.jpeg": "not read",
	})
	_, err := build.Build(context.Background(), build.Options{Root: root, Now: now})
	if err == nil {
		t.Fatal("build succeeded with missing images")
	}
	msg := err.Error()
	for _, want := range []string{
		`content/posts/a/index.md:4:8: image "hero.jpg" not found (put the file at content/posts/a/hero.jpg, or fix the path)`,
		`content/posts/a/index.md:9:1: image "/images/gone.png" not found (put the file at static/images/gone.png, or fix the path)`,
		`content/posts/b.md:5:5: image "photo.jpg" not found`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}

	// An image without alt text is a warning, not an error.
	os.Remove(filepath.Join(root, "content/posts/a/index.md"))
	os.Remove(filepath.Join(root, "content/posts/b.md"))
	res, err := build.Build(context.Background(), build.Options{Root: root, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var warned bool
	for _, w := range res.Warnings {
		if w.Severity == diag.SevWarning && w.Pos.String() == "content/posts/c/index.md:5:1" && strings.Contains(w.Msg, "no alt text") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no alt-text warning at content/posts/c/index.md:5:1; got %v", res.Warnings)
	}
}
