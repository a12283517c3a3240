package seo

import (
	"bytes"
	"encoding/xml"
	"testing"
)

// encodeURL is each <url> as a new xml.Encoder writes it alone: the
// reference.
func encodeURL(t *testing.T, u sitemapURL) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := xml.NewEncoder(&b)
	enc.Indent("  ", "  ")
	if err := enc.EncodeElement(u, xml.StartElement{Name: xml.Name{Local: "url"}}); err != nil {
		t.Fatal(err)
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// checkURLs holds eachURL to encodeURL, element by element: what one
// Encoder writes for each URL in turn is what a new Encoder writes for it
// alone.
func checkURLs(t *testing.T, us ...sitemapURL) {
	t.Helper()
	n := 0
	eachURL(us, func(i int, el []byte) {
		n++
		if want := encodeURL(t, us[i]); !bytes.Equal(el, want) {
			t.Fatalf("url %d, %+v:\n got: %q\nwant: %q", i, us[i], el, want)
		}
	})
	if n != len(us) {
		t.Fatalf("%d elements for %d URLs", n, len(us))
	}
}

func TestSitemapURLWritesWhatEncodingXMLWrites(t *testing.T) {
	var us []sitemapURL
	for _, loc := range []string{"", "https://example.org/clinic/posts/flu/", `https://x.test/a?b=1&c='2'"<>"`,
		"tab\tnl\ncr\r", "\x00\x01\ufffe\xff\xed\xa0\x80 ünï 💉", "\ufffd"} {
		us = append(us, sitemapURL{Loc: loc, Lastmod: "2026-11-24T12:00:00-06:00"}, sitemapURL{Loc: loc})
	}
	checkURLs(t, us...)
}

func FuzzSitemapURL(f *testing.F) {
	f.Add("https://x.test/a&b", "2026-01-01", "\n")
	f.Fuzz(func(t *testing.T, loc, mod, next string) {
		checkURLs(t, sitemapURL{Loc: loc, Lastmod: mod}, sitemapURL{Loc: next}, sitemapURL{Loc: loc, Lastmod: next})
	})
}
