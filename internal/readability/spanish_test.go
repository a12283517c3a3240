package readability

import (
	"math"
	"testing"
)

// Words whose division the RAE's Ortografía (2010) and its Diccionario
// panhispánico de dudas give, each class of the rules once or more.
func TestSyllablesES(t *testing.T) {
	for _, tc := range []struct {
		word string
		want int
	}{
		// Open syllables and codas.
		{"salud", 2}, {"médico", 3}, {"vacuna", 3}, {"enfermedad", 4}, {"examen", 3}, {"cita", 2},
		// Diphthongs: a weak vowel beside another vowel.
		{"aire", 2}, {"ciudad", 2}, {"huevo", 2}, {"paciente", 3}, {"tratamiento", 4},
		{"información", 4}, {"diabetes", 3}, {"cuidado", 3}, {"quiero", 2}, {"murciélago", 4},
		// iu and ui are diphthongs for the Ortografía: "fluir" is one syllable.
		{"fluir", 1}, {"construir", 2}, {"jesuita", 3},
		// Triphthongs, a final y among them.
		{"buey", 1}, {"Uruguay", 3}, {"estudiáis", 3}, {"averiguáis", 4},
		// A final y is a vowel; the word y is one.
		{"hoy", 1}, {"muy", 1}, {"rey", 1}, {"y", 1}, {"ayuda", 3}, {"mayo", 2},
		// Hiatus: two strong vowels, or a stressed í or ú.
		{"poeta", 3}, {"leer", 2}, {"oído", 3}, {"país", 2}, {"día", 2}, {"reír", 2},
		{"baúl", 2}, {"ataúd", 3}, {"Raúl", 2}, {"chiita", 3},
		// The silent u of que, qui, gue, gui; the sounded ü.
		{"queso", 2}, {"guerra", 2}, {"guitarra", 3}, {"pingüino", 3}, {"agua", 2}, {"guion", 1},
		// An h between vowels does not part them, nor joins two strong ones.
		{"ahumado", 3}, {"ahora", 3}, {"alcohol", 3}, {"prohíbe", 3}, {"búho", 2},
		// Capitals, hyphens and what is not a letter.
		{"VACUNA", 3}, {"COVID-19", 2}, {"sí", 1}, {"", 1},
	} {
		if got := SyllablesES(tc.word); got != tc.want {
			t.Errorf("SyllablesES(%q) = %d, want %d", tc.word, got, tc.want)
		}
	}
}

// The formulas as their authors wrote them, checked on counts made by
// hand. No published text with its counts and score was found to test
// against (Fernández Huerta's 1959 article and Szigriszt-Pazos's thesis
// give the formulas and tables only), so these are the arithmetic and
// the tables.
func TestSpanishFormulas(t *testing.T) {
	// "La vacuna es segura." La(1) va-cu-na(3) es(1) se-gu-ra(3): 8
	// syllables, 4 words, 1 sentence.
	a, ok := Assess("es-US", "La vacuna es segura.")
	if !ok || a.Stats != (Stats{Sentences: 1, Words: 4, Syllables: 8}) {
		t.Fatalf("counts %+v, %v", a.Stats, ok)
	}
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	near("Fernández Huerta", a.Score, 206.84-60*2-1.02*4)         // 82.76
	near("Szigriszt-Pazos", a.SzigrisztPazos(), 206.835-62.3*2-4) // 78.235
	if a.Formula != "Fernández Huerta" || a.Level != "fácil" || a.Grade != 5 {
		t.Errorf("assessment %+v", a)
	}
	// Longer sentences and words score lower: the corrected formula (a
	// misprinted one scores shorter sentences as harder).
	short := Stats{Sentences: 10, Words: 100, Syllables: 180}
	long := Stats{Sentences: 4, Words: 100, Syllables: 180}
	if short.FernandezHuerta() <= long.FernandezHuerta() {
		t.Errorf("shorter sentences score %v, longer %v", short.FernandezHuerta(), long.FernandezHuerta())
	}
	near("FH of 180 syllables, 100 words, 10 sentences", short.FernandezHuerta(), 206.84-108-10.2)
	near("SP of the same", short.SzigrisztPazos(), 206.835-112.14-10)
	if (Stats{}).FernandezHuerta() != 0 || (Stats{}).SzigrisztPazos() != 0 {
		t.Error("no words scores other than 0")
	}
}

func TestFernandezHuertaTable(t *testing.T) {
	for _, tc := range []struct {
		score float64
		grade int
		level string
	}{
		{100, 4, "muy fácil"}, {90, 4, "muy fácil"}, {89.9, 5, "fácil"}, {75, 6, "algo fácil"},
		{60, 8, "normal"}, {59.9, 12, "algo difícil"}, {45, 13, "difícil"}, {10, 16, "muy difícil"}, {-20, 16, "muy difícil"},
	} {
		g, l := FernandezHuertaGrade(tc.score)
		if g != tc.grade || l != tc.level {
			t.Errorf("FernandezHuertaGrade(%v) = %d %q, want %d %q", tc.score, g, l, tc.grade, tc.level)
		}
	}
	for score, want := range map[float64]string{85: "muy fácil", 70: "bastante fácil", 60: "normal", 50: "algo difícil", 30: "muy difícil"} {
		if got := INFLESZ(score); got != want {
			t.Errorf("INFLESZ(%v) = %q, want %q", score, got, want)
		}
	}
}

func TestAssessPicksTheLanguagesFormula(t *testing.T) {
	text := "Lávese las manos con agua y jabón. Hágalo antes de comer."
	es, ok := Assess("es", text)
	if !ok || es.Formula != "Fernández Huerta" || es.Words != 11 || es.Sentences != 2 {
		t.Errorf("es: %+v %v", es, ok)
	}
	en, ok := Assess("en-US", "Wash your hands. Do it before you eat.")
	if !ok || en.Formula != "Flesch–Kincaid" || en.Grade != Measure("Wash your hands. Do it before you eat.").Grade() {
		t.Errorf("en: %+v %v", en, ok)
	}
	if _, ok := Assess("de-DE", "Waschen Sie die Hände."); ok {
		t.Error("German scored by a formula for another language")
	}
	// Spanish abbreviations do not end a sentence.
	if got := Sentences("La Dra. Ruiz y la Sra. Pérez la atenderán. Llame hoy."); len(got) != 2 {
		t.Errorf("Sentences = %q", got)
	}
}

func FuzzSyllablesES(f *testing.F) {
	for _, s := range []string{"murciélago", "Uruguay", "ahí", "güe", "qu", "y", "hhh", "aéíóú"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w string) {
		n := SyllablesES(w)
		if n < 1 || n > len(w)+1 {
			t.Fatalf("SyllablesES(%q) = %d", w, n)
		}
	})
}
