package count

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func FuzzCount(f *testing.F) {
	for _, s := range []string{
		"", "I am a Tweet", "Hi http://test.co", family + flagUS + keycap + thumbs,
		"A\uFB2C", "e\u0301", poem, "see example.com/path.", "http://☃.net/ and t.co",
		"\xff\xfe bad utf8 https://x.org", "a\r\nb", "https://example.com/path日本語", "rx.pharmacy's",
		"\u200Fhttps://example.com", "\u202Aexample.com\u202C", "a\uFFFEb", "日本example.com/a(b(c)d)e",
		"https://t.co/abc?x=1", "xn--p1ai.xn--p1ai", "a.co1日a.co", "https://zentrum-für-prävention.de",
		"\U0001F9D1\u200D\U0001F4BB \u263A\uFE0E \u00A9\uFE0F", "a.b.c.d.e.f.com.", "http://😀.com/😀",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range Platforms() {
			c, err := For(p, 0)
			if err != nil {
				t.Fatal(err)
			}
			if c.Count("") != 0 {
				t.Fatalf("%s: Count(\"\") = %d", p, c.Count(""))
			}
			n := c.Count(s)
			if n < 0 {
				t.Fatalf("%s: Count = %d", p, n)
			}
			err = c.Valid(s)
			over := n > c.Limit()
			if p == "bluesky" {
				over = over || len(s) > BlueskyByteLimit
			}
			invalid := p == "x" && strings.ContainsAny(s, "\uFFFE\uFEFF\uFFFF")
			var le *LimitError
			var ie *InvalidCharError
			switch {
			case invalid:
				if !errors.As(err, &ie) || ie.Offset < 0 || ie.Offset >= len(s) || !strings.HasPrefix(s[ie.Offset:], string(ie.Char)) {
					t.Fatalf("%s: Valid = %v, want the invalid character", p, err)
				}
			case over:
				if !errors.As(err, &le) || le.Count <= le.Limit {
					t.Fatalf("%s: Count %d, Limit %d, bytes %d, Valid %v", p, n, c.Limit(), len(s), err)
				}
			case err != nil:
				t.Fatalf("%s: Count %d within %d, but Valid = %v", p, n, c.Limit(), err)
			}
			if p == "x" {
				// X counts the NFC form: every code point weighs at most 2,
				// and a URL 23 for all it holds.
				ns := norm.NFC.String(s)
				if bound := 2*utf8.RuneCountInString(ns) + 23*len(URLs(ns)); n > bound {
					t.Fatalf("x: Count %d > bound %d", n, bound)
				}
			}
		}
		// URLs are in order, within the text, non-empty, apart, whole runes,
		// and each starts with http(s):// or a letter of an ASCII domain (ASCII,
		// or Latin with accents).
		bound := map[int]bool{len(s): true} // where a character (or invalid byte) starts
		for i := range s {
			bound[i] = true
		}
		prevEnd := 0
		for _, u := range URLs(s) {
			if u.Start < prevEnd || u.End <= u.Start || u.End > len(s) {
				t.Fatalf("bad spans %v in %q", URLs(s), s)
			}
			if !bound[u.Start] || !bound[u.End] {
				t.Fatalf("span %v of %q cuts a character", u, s)
			}
			if r, _ := utf8.DecodeRuneInString(s[u.Start:]); !hasScheme(s[u.Start:u.End]) && !(r < 0x10000 && isASCIIDomainUnit(uint16(r))) {
				t.Fatalf("URL %q of %q starts oddly", s[u.Start:u.End], s)
			}
			prevEnd = u.End
		}
	})
}
