// Package readability scores text by a formula for its language, so that
// carepress can tell a practice when a post or notice is harder to read
// than its patients can be expected to manage: English by the
// Flesch–Kincaid grade level, Spanish by Fernández Huerta's reading ease
// (see spanish.go and Assess).
//
// The score needs three counts: sentences, words and syllables. Sentences
// end at '.', '!' or '?' followed by a space or the end of the text (so
// "2.5" and "example.com" do not end one), but not after a known
// abbreviation such as "Dr." or "e.g."; a blank line also ends a sentence,
// so headings and list items without a full stop are not run together.
// A word is a token with at least one letter: numbers such as "911" or
// "24/7" are not words. Syllables are counted by an English heuristic (see
// Syllables); it is right for most common words and close for the rest,
// which is all a grade level needs.
package readability

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Grade returns the Flesch–Kincaid grade level of text:
//
//	0.39·(words/sentences) + 11.8·(syllables/words) − 15.59
//
// Very simple text scores below 1 and may score below 0. Text with no
// words scores 0. The result is always a finite number.
func Grade(text string) float64 {
	st := Measure(text)
	return st.Grade()
}

// Stats are the counts a grade is computed from.
type Stats struct {
	Sentences int // sentences that hold at least one word
	Words     int // tokens with at least one letter
	Syllables int // syllables in those words
}

// Grade returns the Flesch–Kincaid grade level for the counts, or 0 when
// there are no words.
func (s Stats) Grade() float64 {
	if s.Words == 0 {
		return 0
	}
	sentences := max(s.Sentences, 1)
	w := float64(s.Words)
	return 0.39*(w/float64(sentences)) + 11.8*(float64(s.Syllables)/w) - 15.59
}

// Measure counts the sentences, words and syllables in English text.
func Measure(text string) Stats { return measure(text, Syllables) }

// measure counts text with the syllable counter of its language.
func measure(text string, syllables func(string) int) Stats {
	var st Stats
	for _, s := range Sentences(text) {
		n := 0
		for _, tok := range strings.Fields(s) {
			if !IsWord(tok) {
				continue
			}
			n++
			st.Syllables += syllables(tok)
		}
		if n > 0 {
			st.Sentences++
			st.Words += n
		}
	}
	return st
}

// IsWord reports whether a token counts as a word: it holds a letter.
func IsWord(token string) bool {
	for _, r := range token {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// neverEnd are abbreviations (lower case, without their final dot) that do
// not end a sentence.
var neverEnd = map[string]bool{
	"dr": true, "mr": true, "mrs": true, "ms": true, "mx": true, "prof": true,
	"sr": true, "jr": true, "st": true, "vs": true, "e.g": true, "i.e": true,
	"cf": true, "approx": true, "fig": true, "no": false, "dept": true,
	"u.s": true, "u.k": true, "ph.d": true, "m.d": true, "ave": true, "rd": true,
	// Spanish: Sra., Srta., Dra., Ud., Uds., p. ej., pág., núm., tel.
	"sra": true, "srta": true, "dra": true, "ud": true, "uds": true, "p": true, "ej": true,
	"pág": true, "núm": true, "tel": true,
}

// endIfCapital are abbreviations that end a sentence only when the next
// word starts with a capital letter ("... and so on, etc. Then ...").
var endIfCapital = map[string]bool{
	"etc": true, "a.m": true, "p.m": true, "inc": true, "ltd": true, "co": true, "no": true,
}

// closers may follow a sentence's final punctuation and still belong to it.
const closers = "\"')]}’”»"

// Sentences splits text into sentences, each trimmed of surrounding space
// and with its inner runs of white space kept as they were. See the package
// comment for the rules.
func Sentences(text string) []string {
	var out []string
	start := 0
	add := func(end int) {
		if s := strings.TrimSpace(text[start:end]); s != "" {
			out = append(out, s)
		}
		start = end
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			// A blank line (only spaces between two newlines) ends a sentence.
			j := i + size
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
				j++
			}
			if j < len(text) && text[j] == '\n' {
				add(i)
				i = j + 1
				continue
			}
		case r == '.' || r == '!' || r == '?' || r == '…':
			j := i
			for j < len(text) {
				c, n := utf8.DecodeRuneInString(text[j:])
				if c != '.' && c != '!' && c != '?' && c != '…' {
					break
				}
				j += n
			}
			for j < len(text) {
				c, n := utf8.DecodeRuneInString(text[j:])
				if !strings.ContainsRune(closers, c) {
					break
				}
				j += n
			}
			next, _ := utf8.DecodeRuneInString(text[j:])
			if j < len(text) && !unicode.IsSpace(next) {
				i = j // "2.5", "example.com", "e.g" inside a token
				continue
			}
			if r == '.' && j == i+1 && !endsSentence(text[start:i], text[j:]) {
				i = j
				continue
			}
			add(j)
			i = j
			continue
		}
		i += size
	}
	add(len(text))
	return out
}

// endsSentence reports whether a single '.' after before ends the sentence,
// given the text after it.
func endsSentence(before, after string) bool {
	k := strings.LastIndexFunc(before, unicode.IsSpace)
	word := strings.ToLower(strings.TrimLeft(before[k+1:], "\"'([{‘“«"))
	if word == "" {
		return true
	}
	if neverEnd[word] {
		return false
	}
	// A single capital letter is an initial: "J. Smith".
	if r, n := utf8.DecodeRuneInString(before[k+1:]); n == len(before)-k-1 && unicode.IsUpper(r) {
		return false
	}
	if endIfCapital[word] {
		next, _ := utf8.DecodeRuneInString(strings.TrimLeft(after, " \t\r\n\"'([{‘“«"))
		return unicode.IsUpper(next)
	}
	return true
}

// Syllables returns an estimate of the number of syllables in an English
// word, at least 1. Hyphenated words are counted part by part; letters
// other than a–z (after folding common accents) count as consonants.
//
// The estimate counts groups of vowels (a, e, i, o, u, and y when no vowel
// follows it), then:
//   - a final silent e is dropped ("make"), but not in a consonant + "le"
//     ending ("table"), nor after a vowel ("free");
//   - "-ed" is silent except after t or d ("walked" 1, "wanted" 2);
//   - "-es" is silent except after s, x, z, c, g, ch or sh ("makes" 1,
//     "boxes" 2);
//   - a silent e before "-ly", "-ment", "-ful", "-less" or "-ness" is
//     dropped ("safely" 2);
//   - "ia", "io" and "ua" are two syllables except in endings such as
//     "-tion", "-cial" and "-gua-" ("radio" 3, "nation" 2);
//   - a vowel before "-ing" is its own syllable ("being" 2).
func Syllables(word string) int {
	total := 0
	for part := range strings.SplitSeq(word, "-") {
		if w := fold(part); w != "" {
			total += syllables(w)
		}
	}
	return max(total, 1)
}

// fold lower-cases word, maps accented Latin vowels to plain ones, and
// keeps only letters; letters outside a–z become 'x' (a consonant).
func fold(word string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(word) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case strings.ContainsRune("àáâãäåā", r):
			b.WriteByte('a')
		case strings.ContainsRune("èéêëē", r):
			b.WriteByte('e')
		case strings.ContainsRune("ìíîïī", r):
			b.WriteByte('i')
		case strings.ContainsRune("òóôõöøō", r):
			b.WriteByte('o')
		case strings.ContainsRune("ùúûüū", r):
			b.WriteByte('u')
		case unicode.IsLetter(r):
			b.WriteByte('x')
		}
	}
	return b.String()
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

// vowelAt reports whether w[i] acts as a vowel: y does when no vowel
// follows it ("many", "type", but not "yes" or "player").
func vowelAt(w string, i int) bool {
	if isVowel(w[i]) {
		return true
	}
	if w[i] != 'y' {
		return false
	}
	return i+1 >= len(w) || !isVowel(w[i+1])
}

// syllables counts one folded, hyphen-free word of letters a–z.
func syllables(w string) int {
	n := 0
	for i := 0; i < len(w); i++ {
		if !vowelAt(w, i) {
			continue
		}
		if i == 0 || !vowelAt(w, i-1) {
			n++
			continue
		}
		// Inside a vowel group: some pairs are two syllables.
		pair := w[i-1 : i+1]
		var prev byte
		if i >= 2 {
			prev = w[i-2]
		}
		switch {
		case pair == "io" && !strings.ContainsRune("cgstx", rune(prev)),
			pair == "ia" && prev != 0 && !strings.ContainsRune("cgstx", rune(prev)),
			pair == "ua" && prev != 0 && !strings.ContainsRune("qg", rune(prev)):
			n++
		}
	}
	l := len(w)
	if strings.HasSuffix(w, "ing") && l >= 5 && isVowel(w[l-4]) {
		n++ // "being", "doing", "seeing": the vowel and "-ing" were one group
	}
	if n <= 1 {
		return 1
	}
	cons := func(i int) bool { return i >= 0 && i < l && !vowelAt(w, i) }
	switch {
	case l >= 3 && strings.HasSuffix(w, "e") && cons(l-2):
		// Silent final e, except consonant + "le" ("table", "people").
		if !(w[l-2] == 'l' && cons(l-3)) {
			n--
		}
	case l >= 4 && strings.HasSuffix(w, "ed") && cons(l-3):
		if w[l-3] != 't' && w[l-3] != 'd' && !(w[l-3] == 'l' && cons(l-4)) {
			n--
		}
	case l >= 4 && strings.HasSuffix(w, "es") && cons(l-3):
		c := w[l-3]
		sibilant := strings.ContainsRune("sxzcg", rune(c)) ||
			(c == 'h' && l >= 5 && (w[l-4] == 'c' || w[l-4] == 's'))
		if !sibilant && !(c == 'l' && cons(l-4)) {
			n--
		}
	}
	// A silent e before a suffix: "safely", "movement", "careful".
	for _, suf := range []string{"ly", "ment", "ments", "ful", "less", "ness"} {
		stem, ok := strings.CutSuffix(w, suf)
		if !ok || len(stem) < 3 {
			continue
		}
		s := len(stem)
		if stem[s-1] == 'e' && cons(s-2) && !(stem[s-2] == 'l' && cons(s-3)) && vowelAt(stem, s-3) {
			n--
		}
		break
	}
	return max(n, 1)
}
