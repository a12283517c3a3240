package content

import (
	"slices"
	"testing"

	"github.com/carepress/carepress/internal/markdown"
)

// Headings and links written to the pack read back as they were, and any
// bytes read back from a damaged pack give an error or a value, never a
// panic.
func FuzzTOCAndLinks(f *testing.F) {
	f.Add(2, 3, "why", "Why", "https://cdc.example/flu", 5, 6, []byte{})
	f.Add(1, 1, "", "", "", 0, 0, []byte{0x02, 0x04, 0x02, 0xff})
	f.Add(6, 900, "a-b", "A “b”", "/posts/x/#y", 12345, 80, appendTOC(nil, []markdown.Heading{{Level: 2, ID: "x", Text: "X", Line: 1}}))
	f.Fuzz(func(t *testing.T, level, line int, id, text, url string, lline, col int, junk []byte) {
		toc := []markdown.Heading{{Level: level, ID: id, Text: text, Line: line}, {Level: 3, ID: text, Text: id, Line: line + 1}}
		got, err := decodeTOC(appendTOC(nil, toc))
		if err != nil || !slices.Equal(got, toc) {
			t.Errorf("TOC %+v read back as %+v, %v", toc, got, err)
		}
		links := []markdown.Link{{URL: url, Line: lline, Col: col}, {URL: id, Line: 1, Col: 1}}
		gotLinks, err := decodeLinks(appendLinks(nil, links))
		if err != nil || !slices.Equal(gotLinks, links) {
			t.Errorf("links %+v read back as %+v, %v", links, gotLinks, err)
		}
		decodeTOC(junk)
		decodeLinks(junk)
	})
}

func TestDecodeRejectsTruncatedRecords(t *testing.T) {
	toc := appendTOC(nil, []markdown.Heading{{Level: 2, ID: "why", Text: "Why", Line: 3}})
	links := appendLinks(nil, []markdown.Link{{URL: "https://cdc.example/", Line: 1, Col: 2}})
	for n := 1; n < len(toc); n++ {
		if _, err := decodeTOC(toc[:n]); err == nil {
			t.Errorf("TOC cut to %d bytes: no error", n)
		}
	}
	for n := 1; n < len(links); n++ {
		if _, err := decodeLinks(links[:n]); err == nil {
			t.Errorf("links cut to %d bytes: no error", n)
		}
	}
}
