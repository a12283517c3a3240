package readability

import (
	"math"
	"reflect"
	"testing"
)

func TestSyllables(t *testing.T) {
	tests := []struct {
		word string
		want int
	}{
		{"the", 1}, {"a", 1}, {"cat", 1}, {"be", 1}, {"free", 1}, {"see", 1},
		{"make", 1}, {"whole", 1}, {"type", 1}, {"yes", 1}, {"rhythm", 1},
		{"table", 2}, {"people", 2}, {"little", 2}, {"able", 2},
		{"tables", 2}, {"handled", 2},
		{"walked", 1}, {"played", 1}, {"used", 1}, {"tried", 1},
		{"wanted", 2}, {"needed", 2},
		{"makes", 1}, {"boxes", 2}, {"uses", 2}, {"places", 2}, {"changes", 2}, {"wishes", 2}, {"babies", 2},
		{"many", 2}, {"happy", 2}, {"player", 2}, {"beyond", 2},
		{"safely", 2}, {"movement", 2}, {"useful", 2}, {"completely", 3},
		{"being", 2}, {"doing", 2}, {"seeing", 2}, {"saying", 2},
		{"radio", 3}, {"nation", 2}, {"serious", 3}, {"special", 2}, {"trial", 2}, {"usual", 3}, {"language", 2},
		{"information", 4}, {"privacy", 3}, {"medical", 3}, {"emergency", 4}, {"health", 1},
		{"follow-up", 3}, {"well-known", 2}, {"über", 2}, {"DON'T", 1},
		{"", 1}, {"-", 1}, {"xyz", 1}, {"患者", 1},
	}
	for _, tt := range tests {
		if got := Syllables(tt.word); got != tt.want {
			t.Errorf("Syllables(%q) = %d, want %d", tt.word, got, tt.want)
		}
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"simple", "One. Two! Three? Four", []string{"One.", "Two!", "Three?", "Four"}},
		{"decimal", "Take 2.5 mg. Then rest.", []string{"Take 2.5 mg.", "Then rest."}},
		{"url", "Go to www.cms.gov/nosurprises for help. Or call.", []string{"Go to www.cms.gov/nosurprises for help.", "Or call."}},
		{"doctor", "Dr. Lee will see you. Mrs. Park too.", []string{"Dr. Lee will see you.", "Mrs. Park too."}},
		{"eg", "Eat fruit, e.g. apples. Or i.e. pears.", []string{"Eat fruit, e.g. apples.", "Or i.e. pears."}},
		{"initial", "Ask J. Smith. She knows.", []string{"Ask J. Smith.", "She knows."}},
		{"etc end", "Pens, paper, etc. Then go.", []string{"Pens, paper, etc.", "Then go."}},
		{"etc mid", "Pens, paper, etc. and more.", []string{"Pens, paper, etc. and more."}},
		{"ellipsis", "Wait... What?! Fine.", []string{"Wait...", "What?!", "Fine."}},
		{"quote", `He said "stop." Then left.`, []string{`He said "stop."`, "Then left."}},
		{"blank line", "# Heading\n\nA list item\n\nLast one", []string{"# Heading", "A list item", "Last one"}},
		{"line break", "one line\nsame sentence.", []string{"one line\nsame sentence."}},
		{"numbers", "Call 911. Now.", []string{"Call 911.", "Now."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sentences(tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestMeasure(t *testing.T) {
	got := Measure("Call 911 now. It costs $400, or 2.5 times more!")
	want := Stats{Sentences: 2, Words: 7, Syllables: 7}
	if got != want {
		t.Errorf("Measure = %+v, want %+v", got, want)
	}
	if got := Measure("911. 24/7."); got != (Stats{}) {
		t.Errorf("numbers only: %+v, want no words", got)
	}
}

func TestGrade(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		min, max float64
	}{
		{"cat", "The cat sat on the mat.", math.Inf(-1), 1},
		{"children", "I like to run. We go to the park. It is fun to play.", math.Inf(-1), 2},
		{"plain notice", "If you have a medical emergency, call 911 now. Do not use the portal or email. No one reads them at night.", 2, 8},
		{"health info", "The posts on this website share general health information. They are not medical advice for you. Talk with your own doctor about your care.", 4, 9},
		{"legal", "Notwithstanding any provision of this agreement to the contrary, the covered entity shall, in accordance with applicable federal and state regulations, maintain the confidentiality of individually identifiable health information and shall not disclose such information except as expressly authorized hereunder.", 12, math.Inf(1)},
		{"academic", "The epidemiological characterization of cardiovascular comorbidities necessitates longitudinal investigation of heterogeneous populations.", 16, math.Inf(1)},
		{"empty", "", 0, 0},
		{"numbers only", "911 2.5 $400.", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := Grade(tt.text)
			if g < tt.min || g > tt.max {
				t.Errorf("Grade = %.2f, want in [%g, %g] (%+v)", g, tt.min, tt.max, Measure(tt.text))
			}
		})
	}
	// The formula itself, on counts known by hand: 6 words, 1 sentence, 6 syllables.
	if g, want := Grade("The cat sat on the mat."), 0.39*6+11.8*1-15.59; math.Abs(g-want) > 1e-9 {
		t.Errorf("cat: Grade = %v, want %v", g, want)
	}
}

func FuzzGrade(f *testing.F) {
	for _, s := range []string{
		"", ".", "...", "a", "The cat sat on the mat.", "Dr. e.g. etc. J. U.S.", "2.5. 3!?",
		"\n\n\n", "a\n \nb", "follow-up -- - -a-", "\xff\xfe.", "患者さん。", "“Stop.” he said.", "é è ê",
		"ATTENTION: If you speak Spanish, language assistance services, free of charge, are available to you.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g := Grade(s)
		if math.IsNaN(g) || math.IsInf(g, 0) {
			t.Fatalf("Grade(%q) = %v", s, g)
		}
		st := Measure(s)
		if st.Words > 0 && (st.Sentences < 1 || st.Syllables < st.Words) {
			t.Fatalf("Measure(%q) = %+v", s, st)
		}
		for _, sent := range Sentences(s) {
			if sent == "" {
				t.Fatalf("Sentences(%q) has an empty sentence", s)
			}
		}
	})
}
