package seo

import (
	"bytes"
	"encoding/xml"
	"testing"
)

// encodeURL is how each <url> was written before appendXML: the reference.
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

func checkURL(t *testing.T, u sitemapURL) {
	t.Helper()
	if got, want := u.appendXML(nil), encodeURL(t, u); !bytes.Equal(got, want) {
		t.Fatalf("%+v:\n got: %q\nwant: %q", u, got, want)
	}
}

func TestSitemapURLWritesWhatEncodingXMLWrites(t *testing.T) {
	for _, loc := range []string{"", "https://example.org/clinic/posts/flu/", `https://x.test/a?b=1&c='2'"<>"`,
		"tab\tnl\ncr\r", "\x00\x01\ufffe\xff\xed\xa0\x80 ünï 💉", "\ufffd"} {
		checkURL(t, sitemapURL{Loc: loc, Lastmod: "2026-11-24T12:00:00-06:00"})
		checkURL(t, sitemapURL{Loc: loc})
	}
}

func FuzzSitemapURL(f *testing.F) {
	f.Add("https://x.test/a&b", "2026-01-01")
	f.Fuzz(func(t *testing.T, loc, mod string) { checkURL(t, sitemapURL{Loc: loc, Lastmod: mod}) })
}
