package starter

import (
	"regexp"
	"strings"

	"github.com/carepress/carepress/internal/locale"
)

// The starter texts are written once, in American English. Spell gives
// them the spelling and the words of the country a site is made for:
// British spelling and words for GB, IE, AU, NZ and the EU ("centre",
// "organisation", "working days", "reception", "repeat prescription");
// Canadian for CA, which follows the Canadian Oxford Dictionary: British
// "centre", "colour" and "behaviour", but American -ize ("organization")
// and the same words for care ("flu shot", "front desk") as the US.

// canadian are the changes both Canada and Britain make.
var canadian = [][2]string{
	{"center", "centre"}, {"centers", "centres"}, {"color", "colour"}, {"colors", "colours"},
	{"behavior", "behaviour"}, {"behaviors", "behaviours"}, {"favorite", "favourite"},
	{"honor", "honour"}, {"labor", "labour"}, {"neighbor", "neighbour"}, {"neighborhood", "neighbourhood"},
	{"counselor", "counsellor"}, {"counselors", "counsellors"}, {"counseling", "counselling"},
	{"fiber", "fibre"}, {"emergency room", "emergency department"},
}

// british are the further changes of Britain, Ireland, Australia, New
// Zealand and the EU's English.
var british = append([][2]string{
	{"organization", "organisation"}, {"organizations", "organisations"}, {"organize", "organise"},
	{"organized", "organised"}, {"recognize", "recognise"}, {"recognized", "recognised"},
	{"apologize", "apologise"}, {"minimize", "minimise"}, {"prioritize", "prioritise"},
	{"specialize", "specialise"}, {"specialized", "specialised"}, {"realize", "realise"},
	{"emphasize", "emphasise"}, {"summarize", "summarise"}, {"authorize", "authorise"},
	{"authorized", "authorised"}, {"authorization", "authorisation"}, {"personalized", "personalised"},
	{"pediatric", "paediatric"}, {"anesthesia", "anaesthesia"}, {"gynecology", "gynaecology"},
	{"orthopedic", "orthopaedic"}, {"enroll", "enrol"},
	{"flu shot", "flu vaccination"}, {"flu shots", "flu vaccinations"},
	{"a refill of a medicine", "a repeat prescription"},
	{"business day", "working day"}, {"business days", "working days"},
	{"the front desk", "reception"}, {"front desk", "reception"},
}, canadian...)

type speller struct {
	re   *regexp.Regexp
	repl map[string]string // lower-case American → the country's
}

func newSpeller(pairs [][2]string) *speller {
	sp := &speller{repl: map[string]string{}}
	alts := make([]string, 0, len(pairs))
	for _, p := range pairs {
		sp.repl[p[0]] = p[1]
		alts = append(alts, regexp.QuoteMeta(p[0]))
	}
	// Longest first, so "business days" wins over "business day".
	for i := range alts {
		for j := i + 1; j < len(alts); j++ {
			if len(alts[j]) > len(alts[i]) {
				alts[i], alts[j] = alts[j], alts[i]
			}
		}
	}
	sp.re = regexp.MustCompile(`(?i)\b(` + strings.Join(alts, "|") + `)\b`)
	return sp
}

var spellers = map[locale.Spelling]*speller{
	locale.British:  newSpeller(british),
	locale.Canadian: newSpeller(canadian),
}

// Spell returns text in the spelling sp; American text is returned as it
// is. A word's capital is kept ("Center" → "Centre"); URLs and template
// actions are words like any other, so the starter texts name none that
// would change.
func Spell(text []byte, sp locale.Spelling) []byte {
	s, ok := spellers[sp]
	if !ok {
		return text
	}
	return s.re.ReplaceAllFunc(text, func(m []byte) []byte {
		out := s.repl[strings.ToLower(string(m))]
		if m[0] >= 'A' && m[0] <= 'Z' {
			out = strings.ToUpper(out[:1]) + out[1:]
		}
		return []byte(out)
	})
}
