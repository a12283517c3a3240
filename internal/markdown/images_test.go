package markdown

import (
	"strings"
	"testing"
)

func TestConvertWithSizesImages(t *testing.T) {
	c := New(Options{BasePath: "/clinic"})
	var asked []string
	opts := ConvertOptions{Images: func(src string) (ImageInfo, bool) {
		asked = append(asked, src)
		if src == "/img/a.jpg" {
			return ImageInfo{Width: 800, Height: 600, SrcSet: "/clinic/img/a-480w.jpg 480w, /clinic/img/a.jpg 800w", Sizes: "100vw"}, true
		}
		return ImageInfo{}, false
	}}
	doc, err := c.ConvertWith([]byte("![A](/img/a.jpg)\n\n![B](b.png \"t\")\n"), opts)
	if err != nil {
		t.Fatal(err)
	}
	got := string(doc.HTML)
	for _, want := range []string{
		`<img src="/clinic/img/a.jpg" alt="A" width="800" height="600" srcset="/clinic/img/a-480w.jpg 480w, /clinic/img/a.jpg 800w" sizes="100vw" decoding="async">`,
		`<img src="b.png" alt="B" title="t" loading="lazy" decoding="async">`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("HTML lacks %s\n%s", want, got)
		}
	}
	if strings.Join(asked, ",") != "/img/a.jpg,b.png,/img/a.jpg" { // body, then summary
		t.Errorf("resolver asked for %v, want sources as written (no base path)", asked)
	}
	// The summary is the first paragraph: its image is lazy there.
	if !strings.Contains(string(doc.Summary), `sizes="100vw" loading="lazy" decoding="async">`) {
		t.Errorf("summary: %s", doc.Summary)
	}
	// LazyAll: the page shows its own image first.
	doc, _ = c.ConvertWith([]byte("![A](/img/a.jpg)\n"), ConvertOptions{Images: opts.Images, LazyAll: true})
	if !strings.Contains(string(doc.HTML), `loading="lazy"`) {
		t.Errorf("LazyAll left the first image eager: %s", doc.HTML)
	}
	// Without a resolver, images are as before.
	doc, _ = c.Convert([]byte("![A](/img/a.jpg)\n"))
	if got := string(doc.HTML); got != "<p><img src=\"/clinic/img/a.jpg\" alt=\"A\"></p>\n" {
		t.Errorf("plain Convert: %s", got)
	}
}
