package export

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzCSVText checks, for any snippet text Files accepts, that the Buffer
// CSV gives the text back exactly to a CSV reader, and that the Hootsuite
// row gives back the text without its link plus the whole link.
func FuzzCSVText(f *testing.F) {
	f.Add("plain", "https://c.example/p?a=1&b=2")
	f.Add("a, \"quoted\"; line\nnext https://c.example/p #Tag", "https://c.example/p")
	f.Add("\n\nhttps://c.example/p\n\n", "https://c.example/p")
	f.Add("=SUM(A1) 🌼 流感", "")
	f.Fuzz(func(t *testing.T, text, link string) {
		if !utf8.ValidString(text) || strings.ContainsRune(text, '\r') ||
			strings.ContainsFunc(link, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
			t.Skip() // rejected by Files, tested in TestFilesRejectsPlansItCannotExport
		}
		loc := time.UTC
		now := time.Date(2026, 12, 1, 0, 0, 0, 0, loc)
		files, err := Files(&Plan{Generated: now, Location: loc, Items: []Item{
			{ID: "p:x:0", Platform: "x", Text: text, URL: link, ScheduledAt: now.Add(time.Hour)},
		}})
		if err != nil {
			t.Fatal(err)
		}
		recs := readCSV(t, files["buffer-x.csv"])
		if len(recs) != 2 || recs[1][0] != text {
			t.Fatalf("Buffer CSV gave back %q, want text %q", recs, text)
		}
		h := readCSV(t, files["hootsuite-x.csv"])
		if len(h) != 1 || len(h[0]) != 3 {
			t.Fatalf("Hootsuite CSV = %q, want one row of three fields", h)
		}
		msg, gotLink := h[0][1], h[0][2]
		switch {
		case link != "" && strings.Contains(text, link):
			if gotLink != link {
				t.Fatalf("link column = %q, want %q", gotLink, link)
			}
			if strings.Count(msg, link) != strings.Count(text, link)-1 {
				t.Fatalf("message %q still holds the link %q taken out of %q", msg, link, text)
			}
		default:
			if msg != text || gotLink != "" {
				t.Fatalf("row = %q, want the text unchanged and no link", h[0])
			}
		}
	})
}
