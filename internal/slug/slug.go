// Package slug turns titles and file names into URL path segments: lowercase
// ASCII letters, digits and hyphens only, so every URL is safe to print,
// share and type. Accented letters are transliterated ("Café" → "cafe",
// "Straße" → "strasse"); letters with no ASCII form are dropped.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// special holds letters that do not decompose into an ASCII base letter.
var special = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'œ': "oe", 'Œ': "oe",
	'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d",
	'ı': "i", '&': "and", '+': "plus",
}

// Make returns the slug of s, or "" when s has no letter or digit that
// can be written in ASCII.
func Make(s string) string {
	var b strings.Builder
	// One allocation, about the slug's size: heading ids are kept for
	// every post of a site, and a grown builder keeps up to twice that.
	b.Grow(len(s))
	dash := false
	for _, r := range norm.NFKD.String(s) {
		var out string
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			out = string(unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r):
			continue // an accent, split off by NFKD
		case special[r] != "":
			out = special[r]
		case r == '\'' || r == '’':
			continue // "Crohn's" → "crohns"
		default:
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(out)
	}
	return b.String()
}

// Valid reports whether s is already a slug.
func Valid(s string) bool {
	return s != "" && Make(s) == s
}
