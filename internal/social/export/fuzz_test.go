package export

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzCSVText checks, for any snippet text Files accepts, that the Buffer
// CSV gives the text back exactly to a CSV reader (behind an apostrophe
// when it would start a spreadsheet formula), that the Hootsuite row gives
// back the text without its link plus the whole link, and that no cell of
// either starts a formula.
func FuzzCSVText(f *testing.F) {
	f.Add("plain", "https://c.example/p?a=1&b=2")
	f.Add("a, \"quoted\"; line\nnext https://c.example/p #Tag", "https://c.example/p")
	f.Add("\n\nhttps://c.example/p\n\n", "https://c.example/p")
	f.Add("=SUM(A1) 🌼 流感", "")
	f.Add("@riverbend https://c.example/p", "https://c.example/p")
	f.Add("https://c.example/p\n-5 °C tonight", "https://c.example/p")
	f.Add("\t+1", "")
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
		formula := func(s string) bool { return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) }
		safe := func(s string) string {
			if formula(s) {
				return "'" + s
			}
			return s
		}
		// unsafe undoes safe: the cell as it was before the apostrophe.
		unsafe := func(s string) string {
			if strings.HasPrefix(s, "'") && formula(s[1:]) {
				return s[1:]
			}
			return s
		}
		want := safe(text)
		recs := readCSV(t, files["buffer-x.csv"])
		if len(recs) != 2 || recs[1][0] != want {
			t.Fatalf("Buffer CSV gave back %q, want text %q", recs, want)
		}
		h := readCSV(t, files["hootsuite-x.csv"])
		for _, rec := range append(recs, h...) {
			for _, cell := range rec {
				if formula(cell) {
					t.Fatalf("cell %q starts a spreadsheet formula", cell)
				}
			}
		}
		if len(h) != 1 || len(h[0]) != 3 {
			t.Fatalf("Hootsuite CSV = %q, want one row of three fields", h)
		}
		msg, gotLink := h[0][1], h[0][2]
		switch {
		case link != "" && strings.Contains(text, link):
			if gotLink != safe(link) {
				t.Fatalf("link column = %q, want %q", gotLink, safe(link))
			}
			if strings.Count(unsafe(msg), link) != strings.Count(text, link)-1 {
				t.Fatalf("message %q still holds the link %q taken out of %q", msg, link, text)
			}
		default:
			if msg != want || gotLink != "" {
				t.Fatalf("row = %q, want the text unchanged and no link", h[0])
			}
		}
	})
}
