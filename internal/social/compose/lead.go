package compose

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// phrases are the words the composer writes itself, in one language.
type phrases struct {
	// reshare are the prefixes that keep leads distinct once every lead
	// of a post has been used once.
	reshare [3]string
	// question is the lead of a title that is already a question:
	// repeating the title as its own hook would read twice.
	question string
	// wonder: a title that is not a question makes one ("Wondering
	// about flu shots?"), which only English knows how to write.
	wonder bool
}

var (
	english = &phrases{reshare: [...]string{"In case you missed it: ", "Worth a read: ", "From our archive: "},
		question: "A question we hear a lot:", wonder: true}
	spanish = &phrases{reshare: [...]string{"Por si no lo vio: ", "Vale la pena leerlo: ", "De nuestro archivo: "},
		question: "Una pregunta que nos hacen mucho:"}
)

// phrasesIn are the composer's words in the language tag lang: English
// for "" and for a language it has no words in.
func phrasesIn(lang string) *phrases {
	if base, _, _ := strings.Cut(strings.ToLower(lang), "-"); base == "es" {
		return spanish
	}
	return english
}

// rotation is the prefix and the index in a post's n leads of the lead of
// rotation step k: each lead once, then each again behind the next
// reshare prefix of ph. See the package documentation.
func rotation(ph *phrases, k, n int) (prefix string, i int) {
	if n == 0 {
		return "", 0
	}
	round, i := k/n, k%n
	if round == 0 {
		return "", i
	}
	return ph.reshare[(round-1)%len(ph.reshare)], i
}

// sentenceForms are the shorter forms of a lead of several sentences, as
// the lead writes them: firsts are its first sentences, one, two, ... up to
// all but the last; others are its later sentences, each alone.
func sentenceForms(lead string) (firsts, others []string) {
	var spans [][2]int // each sentence's bytes, spaces trimmed
	state, rest, pos := -1, lead, 0
	for rest != "" {
		var s string
		s, rest, state = uniseg.FirstSentenceInString(rest, state)
		start := pos
		pos += len(s)
		t := strings.TrimSpace(s)
		if t == "" {
			continue
		}
		start += strings.Index(s, t)
		spans = append(spans, [2]int{start, start + len(t)})
	}
	if len(spans) < 2 {
		return nil, nil
	}
	for n := 1; n < len(spans); n++ {
		firsts = append(firsts, lead[spans[0][0]:spans[n-1][1]])
	}
	for _, sp := range spans[1:] {
		others = append(others, lead[sp[0]:sp[1]])
	}
	return firsts, others
}

// titleForms are the ways a title may appear: whole, then its main clause
// (before a colon or a dash: "Colorectal Cancer Screening" of
// "Colorectal Cancer Screening: When to Start"). A title is never cut
// elsewhere, since a title cut mid-phrase says something else.
func titleForms(title string) []string {
	t := oneLine(title)
	if t == "" {
		return nil
	}
	out := []string{t}
	cut := -1
	for _, sep := range titleSeparators {
		if i := strings.Index(t, sep); i > 0 && (cut < 0 || i < cut) {
			cut = i
		}
	}
	if cut > 0 {
		main := strings.TrimRightFunc(t[:cut], func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsPunct(r) && r != ')' && r != '"' && r != '?' && r != '!'
		})
		if hasWords(main) && main != t {
			out = append(out, main)
		}
	}
	return out
}

// titleSeparators end a title's main clause.
var titleSeparators = []string{": ", " — ", " – ", " - ", " | "}

// leads lists p's distinct leads in rotation order: the description, a
// summary sentence, the question from the title, then the other summary
// sentences.
func leads(p Post) []string {
	seen := map[string]bool{sameKey(p.Title): true}
	var texts []string
	add := func(s string) {
		s = oneLine(s)
		if k := sameKey(s); s != "" && !seen[k] {
			seen[k] = true
			texts = append(texts, s)
		}
	}
	add(p.Description)
	for _, s := range sentences(p.Summary) {
		add(s)
	}
	ph := phrasesIn(p.Lang)
	q := question(p.Title)
	switch {
	case q == english.question:
		q = ph.question
	case !ph.wonder:
		q = ""
	}
	if q == "" || seen[sameKey(q)] {
		return texts
	}
	at := min(2, len(texts))
	return append(texts[:at], append([]string{q}, texts[at:]...)...)
}

// sentences splits text into its sentences (UAX #29), so "e.g. cdc.gov"
// or "3.5" do not end one.
func sentences(text string) []string {
	var out []string
	state := -1
	for text != "" {
		var s string
		s, text, state = uniseg.FirstSentenceInString(text, state)
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// question builds a question from a title: "Flu shots: what to know" gives
// "Wondering about flu shots?", "How to read a label" gives "Wondering how
// to read a label?". A title that is a question already gives english.question.
func question(title string) string {
	t := oneLine(title)
	if t == "" {
		return ""
	}
	if strings.HasSuffix(t, "?") || strings.HasSuffix(t, "？") {
		return english.question
	}
	// The main clause: before a subtitle.
	for _, sep := range titleSeparators {
		if i := strings.Index(t, sep); i > 0 {
			t = t[:i]
		}
	}
	t = strings.TrimRightFunc(t, func(r rune) bool { return unicode.IsPunct(r) && r != ')' && r != '"' || unicode.IsSpace(r) })
	if t == "" {
		return ""
	}
	first, rest, _ := strings.Cut(t, " ")
	if !titleCase(rest) {
		t = lowerFirstWord(t, first)
	}
	switch strings.ToLower(first) {
	case "how", "what", "why", "when", "where", "which", "who", "whether":
		// The question word joins the sentence, lower-case in any title style.
		return "Wondering " + lowerFirstWord(t, first) + "?"
	}
	return "Wondering about " + t + "?"
}

// titleCase reports whether the words of s are capitalised as in a title
// ("Season 2026–27", "Questions Answered"): then the first word keeps its
// capital too, since lowering it alone ("flu Season") reads as a typo.
func titleCase(s string) bool {
	for _, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) && len(w) > 1 && !smallWords[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// smallWords are left lower-case in titles, so they say nothing of the case style.
var smallWords = map[string]bool{"a": true, "an": true, "and": true, "as": true, "at": true, "but": true, "by": true, "for": true, "in": true, "of": true, "on": true, "or": true, "the": true, "to": true, "with": true}

// lowerFirstWord lower-cases the first letter of t when its first word is
// an ordinary capitalised word ("Getting", "A"), but not an acronym or a
// word cased on purpose ("COVID", "iPhone", "I").
func lowerFirstWord(t, first string) string {
	r, size := utf8.DecodeRuneInString(first)
	if !unicode.IsUpper(r) || first == "I" || strings.HasPrefix(first, "I'") {
		return t
	}
	for _, q := range first[size:] {
		if !unicode.IsLower(q) && !unicode.IsPunct(q) {
			return t
		}
	}
	return string(unicode.ToLower(r)) + t[size:]
}

// oneLine collapses white space to single spaces and trims it.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// sameKey is what two leads share when they read the same: case, spacing
// and end punctuation aside.
func sameKey(s string) string {
	s = strings.ToLower(oneLine(s))
	return strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}
