package markdown

import (
	"strings"
	"testing"
)

// sizeOpts knows some images and not others, like a site with a few files.
func sizeOpts(lazyAll bool) ConvertOptions {
	return ConvertOptions{LazyAll: lazyAll, Images: func(src string) (ImageInfo, bool) {
		switch {
		case strings.HasSuffix(src, "a.jpg"):
			return ImageInfo{Width: 800, Height: 600, SrcSet: "/img/a-480w.jpg 480w, /img/a.jpg 800w", Sizes: "100vw"}, true
		case strings.HasSuffix(src, ".png"):
			return ImageInfo{Width: 10, Height: 20}, true
		case strings.HasSuffix(src, ".gif"):
			return ImageInfo{Width: 0, Height: 5}, true // unknown size: no width
		}
		return ImageInfo{}, false
	}}
}

// checkSized asserts that sizing what Convert wrote gives exactly what
// ConvertWith writes, for the body and the summary; it returns whether
// SizeImages could do it without converting again.
func checkSized(t *testing.T, c *Converter, src []byte, lazyAll bool) bool {
	t.Helper()
	plain, err := c.Convert(src)
	if err != nil {
		return false
	}
	opts := sizeOpts(lazyAll)
	want, err := c.ConvertWith(src, opts)
	if err != nil {
		t.Fatalf("ConvertWith: %v", err)
	}
	body, okBody := c.SizeImages(plain.HTML, plain.Images, opts, false)
	if okBody && string(body) != string(want.HTML) {
		t.Fatalf("body of %q:\nsized     %s\nconverted %s", src, body, want.HTML)
	}
	sum, okSum := c.SizeImages([]byte(plain.Summary), plain.Images, opts, true)
	if okSum && string(sum) != want.Summary {
		t.Fatalf("summary of %q:\nsized     %s\nconverted %s", src, sum, want.Summary)
	}
	return okBody && okSum
}

func TestSizeImagesMatchesConvertWith(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		fast bool // sized without converting again
	}{
		{"none", "Just text.\n", true},
		{"one", "![A](/img/a.jpg)\n", true},
		{"title and relative", "![A](/img/a.jpg)\n\n![B](b.png \"t\")\n", true},
		{"unknown file", "![X](/img/x.webp) and ![A](/img/a.jpg)\n", true},
		{"zero width", "![G](g.gif)\n", true},
		{"in summary and after more", "Intro ![A](a.jpg)\n\n<!--more-->\n\n![B](b.png)\n", true},
		{"in a link", "[![A](/img/a.jpg)](/posts/x/)\n", true},
		{"alt with quotes and markup", "![a \"q\" *em* <b>](/img/a.jpg \"t & 'q'\")\n", true},
		{"spaces in path", "![A](</img/my a.jpg>)\n", true},
		{"escaped source", "![A](/img/a\\_b.png)\n", true},
		{"entity in source", "![A](/img/a&amp;b.png)\n", true},
		{"in a footnote", "See[^1].\n\n[^1]: ![A](/img/a.jpg)\n\n![B](b.png)\n", true},
		{"in a table", "| a |\n|---|\n| ![A](a.jpg) |\n", true},
		{"same image twice", "![A](a.jpg) ![A](a.jpg)\n", true},
		{"code is not an image", "`<img src=\"a.jpg\" alt=\"\">`\n\n    <img src=\"b.png\" alt=\"\">\n\n![A](a.jpg)\n", true},
		{"raw html is escaped", "<img src=\"a.jpg\" alt=\"x\">\n\n![A](a.jpg)\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := New(Options{BasePath: "/clinic"})
			for _, lazy := range []bool{false, true} {
				if got := checkSized(t, c, []byte(tc.src), lazy); got != tc.fast {
					t.Errorf("sized without converting again = %v, want %v", got, tc.fast)
				}
			}
			if !checkSized(t, New(Options{}), []byte(tc.src), false) && tc.fast {
				t.Errorf("without a base path: not sized in place")
			}
		})
	}
}

func TestSizeImagesRefusesRawHTML(t *testing.T) {
	c := New(Options{Unsafe: true})
	doc, _ := c.Convert([]byte("<img src=\"a.jpg\" alt=\"\">\n\n![A](a.jpg)\n"))
	if _, ok := c.SizeImages(doc.HTML, doc.Images, sizeOpts(false), false); ok {
		t.Error("sized a body whose raw HTML may hold tags like ours")
	}
}

// FuzzSizeImages checks that sizing in place never differs from
// converting again: it either gives the same bytes or declines.
func FuzzSizeImages(f *testing.F) {
	for _, s := range []string{
		"![A](/img/a.jpg)\n\n![B](b.png \"t\")\n", "[![A](a.jpg)](/x)", "x[^1]\n\n[^1]: ![A](a.jpg)",
		"![a ![b](b.png)](a.jpg)", "![A](a.jpg)\n<!--more-->\n![B](b.png)", "![](<a b.png> 'x\"y')",
		"![A](/img/a%20b.png)", "![A](//host/a.png)", "![A](javascript:x.png)", "| ![A](a.jpg) |\n|--|",
	} {
		f.Add([]byte(s), false)
	}
	c := New(Options{BasePath: "/clinic"})
	f.Fuzz(func(t *testing.T, src []byte, lazy bool) {
		checkSized(t, c, src, lazy)
	})
}
