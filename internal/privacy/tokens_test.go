package privacy

import "testing"

func TestKeywordTableFindsEveryListedWord(t *testing.T) {
	lists := []struct {
		bit   kwBits
		words map[string]bool
	}{{kwTitle, titles}, {kwRole, roleWords}, {kwStop, stopWords}, {kwEponym, eponyms}, {kwFirstName, firstNames}}
	for _, l := range lists {
		for w := range l.words {
			if keywords.lookup([]byte(w))&l.bit == 0 {
				t.Errorf("%q: lookup lacks bit %b", w, l.bit)
			}
		}
	}
	for w := range months {
		if keywords.lookup([]byte(w))&kwMonth == 0 {
			t.Errorf("month %q not found", w)
		}
	}
	for _, w := range []string{"", "zzzz", "hypertension", "fibre", "x"} {
		if b := keywords.lookup([]byte(w)); b != 0 {
			t.Errorf("%q: got bits %b, want none", w, b)
		}
	}
}

func TestLowerASCIIKeepsOffsets(t *testing.T) {
	for in, want := range map[string]string{
		"":                "",
		"plain":           "plain",
		"Call DR. Lee":    "call dr. lee",
		"Ünïcode STAYS Ä": "Ünïcode stays Ä",
		"END":             "end",
	} {
		if got := lowerASCII(in); got != want || len(got) != len(in) {
			t.Errorf("lowerASCII(%q) = %q, want %q", in, got, want)
		}
	}
}
