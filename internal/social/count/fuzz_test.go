package count

import (
	"errors"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func FuzzCount(f *testing.F) {
	for _, s := range []string{
		"", "I am a Tweet", "Hi http://test.co", family + flagUS + keycap + thumbs,
		"A\uFB2C", "e\u0301", poem, "see example.com/path.", "http://☃.net/ and t.co",
		"\xff\xfe bad utf8 https://x.org", "a\r\nb",
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
			if over != (err != nil) {
				t.Fatalf("%s: Count %d, Limit %d, bytes %d, Valid %v", p, n, c.Limit(), len(s), err)
			}
			var le *LimitError
			if err != nil && (!errors.As(err, &le) || le.Count <= le.Limit) {
				t.Fatalf("%s: bad error %v", p, err)
			}
			if p == "x" {
				// X counts the NFC form, so runes and URLs are those of it.
				ns := norm.NFC.String(s)
				if bound := 2*utf8.RuneCountInString(ns) + 23*len(URLs(ns)); n > bound {
					t.Fatalf("x: Count %d > bound %d", n, bound)
				}
			}
		}
		prevEnd := 0
		for _, u := range URLs(s) {
			if u.Start < prevEnd || u.End <= u.Start || u.End > len(s) {
				t.Fatalf("bad spans %v", URLs(s))
			}
			prevEnd = u.End
		}
	})
}
