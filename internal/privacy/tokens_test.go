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

func FuzzUpperAt(f *testing.F) {
	f.Add("no capitals here, none at all", 0)
	f.Add("some Capital words @[`{ \xc3\x80 Z", 3)
	f.Fuzz(func(t *testing.T, s string, from int) {
		if from < 0 || from > len(s) {
			return
		}
		want := -1
		for i := from; i < len(s); i++ {
			if 'A' <= s[i] && s[i] <= 'Z' {
				want = i
				break
			}
		}
		if got := upperAt(s, from); got != want {
			t.Fatalf("upperAt(%q, %d) = %d, want %d", s, from, got, want)
		}
	})
}
