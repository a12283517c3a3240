package readability

import (
	"strings"
	"unicode"

	"github.com/carepress/carepress/internal/locale"
)

// Spanish text is scored by Fernández Huerta's formula (1959), the
// adaptation of Flesch's reading ease that Spanish health writing uses,
// in the form Gwillim Law corrected (2011): the second term is words per
// sentence, as in Flesch's, not sentences per hundred words as the
// formula is often misprinted:
//
//	L = 206.84 − 60·(syllables/words) − 1.02·(words/sentences)
//
// A score is read with Fernández Huerta's own table, which gives each band
// a school grade (see FernandezHuertaGrade): that grade is what
// check.reading_grade_max is compared with. Szigriszt-Pazos's perspicuity
// (1993), the base of the INFLESZ scale that Barrio-Cantalejo validated
// for texts written for patients (2008), is given too:
//
//	P = 206.835 − 62.3·(syllables/words) − words/sentences

// FernandezHuerta is the Fernández Huerta reading ease of the counts:
// higher is easier, 60 to 70 "normal" for an adult; 0 with no words.
func (s Stats) FernandezHuerta() float64 {
	if s.Words == 0 {
		return 0
	}
	w := float64(s.Words)
	return 206.84 - 60*float64(s.Syllables)/w - 1.02*w/float64(max(s.Sentences, 1))
}

// SzigrisztPazos is the Szigriszt-Pazos perspicuity of the counts, the
// score the INFLESZ scale reads (55 to 65 "normal"); 0 with no words.
func (s Stats) SzigrisztPazos() float64 {
	if s.Words == 0 {
		return 0
	}
	w := float64(s.Words)
	return 206.835 - 62.3*float64(s.Syllables)/w - w/float64(max(s.Sentences, 1))
}

// fhBands is Fernández Huerta's table: the lowest score of each band, its
// level and its school grade. "7.º u 8.º grado" is taken as grade 8,
// "preuniversitario" as 12, "cursos selectivos" (a first university
// year) as 13 and "universitario" as 16.
var fhBands = []struct {
	min   float64
	level string
	grade int
}{
	{90, "muy fácil", 4},
	{80, "fácil", 5},
	{70, "algo fácil", 6},
	{60, "normal", 8},
	{50, "algo difícil", 12},
	{30, "difícil", 13},
	{-1e9, "muy difícil", 16},
}

// FernandezHuertaGrade reads a Fernández Huerta score with his table: the
// school grade of its band and the band's level ("normal", "algo
// difícil").
func FernandezHuertaGrade(score float64) (grade int, level string) {
	for _, b := range fhBands {
		if score >= b.min {
			return b.grade, b.level
		}
	}
	return 16, "muy difícil"
}

// INFLESZ reads a Szigriszt-Pazos score with the INFLESZ scale.
func INFLESZ(score float64) string {
	switch {
	case score >= 80:
		return "muy fácil"
	case score >= 65:
		return "bastante fácil"
	case score >= 55:
		return "normal"
	case score >= 40:
		return "algo difícil"
	}
	return "muy difícil"
}

// Assessment is how hard a text in one language is to read.
type Assessment struct {
	Stats
	// Formula names the formula: "Flesch–Kincaid", "Fernández Huerta".
	Formula string
	// Grade is the US school grade the text reads at: Flesch–Kincaid's
	// grade level, or the grade of Fernández Huerta's table.
	Grade float64
	// Score is the formula's own score (the grade, for Flesch–Kincaid),
	// and Level the name its scale gives it ("" for Flesch–Kincaid).
	Score float64
	Level string
}

// Assess scores text written in the language lang (a BCP 47 tag): by
// Flesch–Kincaid for English, Fernández Huerta for Spanish. ok is false
// for a language carepress has no formula for, whose text it does not
// score at all: an English formula would only mislead.
func Assess(lang, text string) (a Assessment, ok bool) {
	switch locale.Base(lang) {
	case "en", "":
		st := Measure(text)
		return Assessment{Stats: st, Formula: "Flesch–Kincaid", Grade: st.Grade(), Score: st.Grade()}, true
	case "es":
		st := measure(text, SyllablesES)
		score := st.FernandezHuerta()
		g, level := FernandezHuertaGrade(score)
		if st.Words == 0 {
			g = 0
		}
		return Assessment{Stats: st, Formula: "Fernández Huerta", Grade: float64(g), Score: score, Level: level}, true
	}
	return Assessment{}, false
}

// SyllablesES counts the syllables of a Spanish word, at least 1, by the
// rules of the RAE's Ortografía (2010): a syllable for each vowel group,
// where a diphthong or triphthong (a weak vowel i, u, ü, or a final y,
// beside another vowel: "ciu-dad", "Uru-guay") is one, and a hiatus (two
// strong vowels a, e, o, or a stressed í or ú: "po-e-ta", "pa-ís") is
// two. The u of "que", "qui", "gue" and "gui" is silent, and an h between
// vowels does not part them ("ahu-ma-do", but "a-ho-ra").
func SyllablesES(word string) int {
	total := 0
	for part := range strings.SplitSeq(word, "-") {
		if strings.IndexFunc(part, unicode.IsLetter) >= 0 {
			total += syllablesES(strings.ToLower(part))
		}
	}
	return max(total, 1)
}

// vowel classes of a Spanish letter.
const (
	notVowel = iota
	weak     // i, u, ü, a y that ends a vowel group
	strong   // a, e, o, and their accented forms
	stressed // í, ú: a weak vowel that takes the stress, so stands alone
)

func syllablesES(w string) int {
	rs := []rune(w)
	class := func(i int) int {
		switch rs[i] {
		case 'a', 'e', 'o', 'á', 'é', 'ó':
			return strong
		case 'í', 'ú':
			return stressed
		case 'i', 'ü':
			return weak
		case 'u':
			// Silent in que, qui, gue and gui.
			if i > 0 && (rs[i-1] == 'q' || rs[i-1] == 'g' && i+1 < len(rs) && strings.ContainsRune("eiéí", rs[i+1])) {
				return notVowel
			}
			return weak
		case 'y':
			// A vowel when no vowel follows it: "hoy", "muy", "y".
			if i+1 == len(rs) || !isVowelES(rs[i+1]) {
				return weak
			}
		}
		return notVowel
	}
	n := 0
	prev := notVowel
	for i := range rs {
		c := class(i)
		switch {
		case c == notVowel:
			if rs[i] != 'h' && unicode.IsLetter(rs[i]) {
				prev = notVowel // an h between vowels does not part them
			}
			continue
		case prev == notVowel:
			n++
		case prev == strong && c == strong, prev == stressed || c == stressed,
			prev == weak && c == weak && rs[i] == rsPrevVowel(rs, i):
			n++ // a hiatus: "le-er", "pa-ís", "chi-i-ta"
		}
		prev = c
	}
	return max(n, 1)
}

// rsPrevVowel is the vowel before rs[i], h aside.
func rsPrevVowel(rs []rune, i int) rune {
	for j := i - 1; j >= 0; j-- {
		if rs[j] != 'h' {
			return rs[j]
		}
	}
	return 0
}

func isVowelES(r rune) bool { return strings.ContainsRune("aeiouáéíóúü", r) }
