package markdown

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// collapseRef and countWordsRef are the plain definitions that
// collapseCount computes in one pass.
func collapseRef(b []byte, keepLines bool) string {
	var sb strings.Builder
	space, line := false, false
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		i += size
		switch {
		case r == '\n' && keepLines:
			line = true
		case unicode.IsSpace(r):
			space = true
		default:
			if sb.Len() > 0 {
				if line {
					sb.WriteByte('\n')
				} else if space {
					sb.WriteByte(' ')
				}
			}
			space, line = false, false
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func countWordsRef(s string) int {
	n := 0
	counted := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			counted = false
		case !counted && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			n++
			counted = true
		}
	}
	return n
}

func TestCollapseCount(t *testing.T) {
	tests := []struct {
		in        string
		keepLines bool
		want      string
		words     int
	}{
		{"  Wash  your\thands \n\n often. ", true, "Wash your hands\noften.", 4},
		{"  Wash  your\thands \n\n often. ", false, "Wash your hands often.", 4},
		{"a – b — 3\u00a0mg\u2003x", false, "a – b — 3 mg x", 5},
		{"- * ·\n\nÉté naïve 12h", true, "- * ·\nÉté naïve 12h", 3},
		{"", true, "", 0},
	}
	for _, tt := range tests {
		got, words := collapseCount([]byte(tt.in), tt.keepLines)
		if got != tt.want || words != tt.words {
			t.Errorf("collapseCount(%q, %t) = %q, %d; want %q, %d", tt.in, tt.keepLines, got, words, tt.want, tt.words)
		}
	}
}

func FuzzCollapseCount(f *testing.F) {
	for _, s := range []string{"a  b\n\nc", " \u00a0x\u0085y\u2028 ", "\xff\xfe a", "- · 1"} {
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, b []byte, keepLines bool) {
		got, words := collapseCount(b, keepLines)
		want := collapseRef(b, keepLines)
		if got != want || words != countWordsRef(want) {
			t.Fatalf("collapseCount(%q, %t) = %q, %d; want %q, %d", b, keepLines, got, words, want, countWordsRef(want))
		}
	})
}
