package privacy

import "strings"

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
}

// monthsES are Spanish month names, written in lower case. They are kept
// out of the keyword lists (kwMonth): "Julio" and "Mercedes" are names,
// and a Spanish date is read by its shape, "3 de marzo de 1950".
var monthsES = map[string]int{
	"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
	"agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}

// date is a date phrase found in the text.
type date struct {
	start, end          int // token range
	day, month, hasYear bool
}

// monthAt reports whether token i is a capitalised month name.
func (s *scan) monthAt(i int) bool {
	return s.kw(i, kwMonth) && s.t[i].upper
}

// dayAt reads a day of the month at token i: "3", "03", "3rd".
func (s *scan) dayAt(i int) bool {
	if !s.ok(i) || s.t[i].punct || s.t[i].ndig == 0 || s.t[i].ndig > 2 {
		return false
	}
	w := s.w(i)
	n := s.t[i].ndig
	if w[:n] != s.raw(i)[:n] || !isDigits(w[:n]) {
		return false
	}
	switch w[n:] {
	case "", "st", "nd", "rd", "th":
	default:
		return false
	}
	v := int(w[0] - '0')
	if n == 2 {
		v = v*10 + int(w[1]-'0')
	}
	return v >= 1 && v <= 31
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// yearAt reads a four-digit year, 1800 to 2199, at token i.
func (s *scan) yearAt(i int) bool {
	v, ok := s.num(i)
	return ok && s.t[i].ndig == 4 && v >= 1800 && v < 2200
}

// dateAt reads a date phrase starting at token i.
func (s *scan) dateAt(i int) (date, bool) {
	if !s.ok(i) || s.t[i].link {
		return date{}, false
	}
	if s.monthAt(i) {
		// "March 3, 2026", "Mar. 3rd 2026", "March 2026"
		d := date{start: i, end: i, month: true}
		j := i + 1
		if s.is(j, '.') && s.adj(j) {
			j++
		}
		if s.dayAt(j) && !(s.adj(j+1) && (s.is(j+1, ':') || s.is(j+1, '.') && s.ndig(j+2) > 0)) {
			d.day, d.end = true, j
			j++
			if s.is(j, ',') {
				j++
			}
			if s.yearAt(j) {
				d.hasYear, d.end = true, j
			}
			return d, true
		}
		if s.yearAt(j) {
			d.hasYear, d.end = true, j
			return d, true
		}
		return date{}, false
	}
	if s.dayAt(i) && !s.adj(i) {
		// "3 March 2026", "3rd of March"
		j := i + 1
		if s.w(j) == "of" {
			j++
		}
		if s.monthAt(j) {
			d := date{start: i, end: j, day: true, month: true}
			j++
			if s.is(j, '.') && s.adj(j) {
				j++
			}
			if s.is(j, ',') {
				j++
			}
			if s.yearAt(j) {
				d.hasYear, d.end = true, j
			}
			return d, true
		}
		// "3 de marzo de 1950", "14 de julio"
		if s.w(j) == "de" && monthsES[s.w(j+1)] > 0 {
			d := date{start: i, end: j + 1, day: true, month: true}
			if s.w(j+2) == "de" && s.yearAt(j+3) {
				d.hasYear, d.end = true, j+3
			}
			return d, true
		}
	}
	if end, day, month, year, ok := s.numericDate(i); ok {
		return date{start: i, end: end, day: day, month: month, hasYear: year}, true
	}
	return date{}, false
}

// numericDate reads "3/3/2026", "03-03-26", "2026-03-03", "3.3.2026",
// or "3/3" (a month and day with a slash).
func (s *scan) numericDate(i int) (end int, day, month, year, ok bool) {
	if s.ndig(i) == 0 || s.adj(i) && !s.t[i-1].punct || s.adj(i) && isOneOf(s.text[s.t[i-1].s], "/-.") {
		return
	}
	a, _ := s.num(i)
	if !s.ok(i+2) || !s.t[i+1].punct || !s.adj(i+1) || !s.adj(i+2) {
		return
	}
	sep := s.text[s.t[i+1].s]
	if !isOneOf(sep, "/-.") {
		return
	}
	b, okb := s.num(i + 2)
	if !okb || s.t[i+2].ndig > 2 {
		return
	}
	if s.is(i+3, sep) && s.adj(i+3) && s.adj(i+4) {
		c, okc := s.num(i + 4)
		if !okc || s.adj(i+5) && !s.t[i+5].punct || s.adj(i+5) && isOneOf(s.text[s.t[i+5].s], "/-") {
			return
		}
		na, nc := s.t[i].ndig, s.t[i+4].ndig
		switch {
		case na == 4 && nc <= 2 && sep != '.':
			if s.yearAt(i) && b >= 1 && b <= 12 && c >= 1 && c <= 31 {
				return i + 4, true, true, true, true
			}
		case na <= 2 && (nc == 4 || nc == 2 && sep != '.'):
			if nc == 4 && !s.yearAt(i+4) {
				return
			}
			if a >= 1 && b >= 1 && (a <= 12 && b <= 31 || a <= 31 && b <= 12) {
				return i + 4, true, true, true, true
			}
		}
		return
	}
	if sep == '/' && s.t[i].ndig <= 2 && a >= 1 && a <= 12 && b >= 1 && b <= 31 &&
		!(s.adj(i+3) && (!s.t[i+3].punct || isOneOf(s.text[s.t[i+3].s], "/-"))) {
		return i + 2, true, true, false, true
	}
	return
}

// birthWords introduce a date of birth; "born" and "birthday" need a
// full date, since "babies born on February 29" is not one person's.
var birthWords = set("dob", "birth", "birthdate", "born", "birthday", "b",
	"nacimiento", "nació", "nacida", "nacido", "cumpleaños")

// serviceVerbs are words of care that need no one else in the sentence:
// "seen on March 3" says someone was seen.
var serviceVerbs = set("seen", "saw", "visited", "admitted", "readmitted", "discharged", "treated", "examined",
	"hospitalized", "hospitalised", "operated", "diagnosed", "presented", "underwent", "died", "tested",
	"transferred", "delivered", "vaccinated", "injured", "intubated", "resuscitated", "screened", "came",
	// Spanish, in both genders.
	"atendido", "atendida", "ingresado", "ingresada", "ingresó", "hospitalizado", "hospitalizada",
	"internado", "internada", "operado", "operada", "intervenido", "intervenida", "diagnosticado",
	"diagnosticada", "examinado", "examinada", "trasladado", "trasladada", "vacunado", "vacunada",
	"falleció", "murió", "acudió")

// serviceNouns are events of care that are a date of service only when
// a person is in the sentence: "her appointment on March 3".
var serviceNouns = set("visit", "visits", "appointment", "appointments", "appt", "admission", "discharge",
	"surgery", "procedure", "operation", "consultation", "consult", "exam", "examination", "scan", "mri",
	"biopsy", "test", "checkup", "check", "session", "stay", "delivery", "death", "colonoscopy",
	"mammogram", "ultrasound", "x", "ray", "labs", "bloodwork", "infusion", "injection", "treatment",
	"diagnosis", "accident", "fall", "stroke", "seizure", "overdose",
	"cita", "consulta", "visita", "cirugía", "operación", "ingreso", "biopsia", "examen", "análisis",
	"tratamiento", "diagnóstico", "accidente", "caída", "parto", "prueba")

// personWords say a person is the subject of a sentence.
var personWords = set("he", "she", "his", "her", "him", "hers", "patient", "client", "mr", "mrs", "ms", "miss",
	"man", "woman", "boy", "girl", "child", "son", "daughter", "husband", "wife", "mother", "father", "mom",
	"dad", "baby", "infant", "toddler", "teen", "teenager", "gentleman", "lady", "grandmother", "grandfather",
	"grandma", "grandpa", "newborn", "resident",
	// Spanish; not "su", which a practice writes to its reader ("su cita").
	"él", "ella", "paciente", "señor", "señora", "sr", "sra", "hijo", "hija", "esposo", "esposa",
	"madre", "padre", "bebé", "niño", "niña", "abuelo", "abuela")

func (s *scan) dates() {
	for i := 0; i < len(s.t); i++ {
		d, ok := s.dateAt(i)
		if !ok {
			continue
		}
		i = d.end
		if !d.day || !d.month {
			continue
		}
		start, end := s.t[d.start].s, s.t[d.end].e
		if s.birthContext(d) {
			s.add("privacy/birth-date", "date (birth date)", start, end,
				"%q looks like a patient's date of birth",
				"remove the date, or give the year alone if it matters")
			continue
		}
		if s.serviceContext(d) {
			s.add("privacy/service-date", "date (service date)", start, end,
				"%q looks like the date a patient received care",
				"remove the date, or keep only the year (\"in 2026\")")
		}
	}
}

func (s *scan) birthContext(d date) bool {
	for j := d.start - 1; j >= d.start-8 && s.same(d.start, j); j-- {
		w := s.w(j)
		switch w {
		case "dob", "birth", "birthdate", "nacimiento":
			return true
		case "b":
			// "D.O.B." and "d.o.b"
			if s.w(j-2) == "o" && s.w(j-4) == "d" {
				return true
			}
		case "born", "birthday", "nació", "nacida", "nacido", "cumpleaños":
			return d.hasYear
		}
	}
	if d.hasYear {
		for j := d.end + 1; j <= d.end+5 && s.same(d.end, j); j++ {
			if s.w(j) == "born" {
				return true
			}
		}
	}
	return false
}

func (s *scan) serviceContext(d date) bool {
	noun := false
	for j := d.start - 1; j >= d.start-10 && s.same(d.start, j); j-- {
		w := s.w(j)
		if serviceVerbs[w] {
			if w == "came" && s.w(j+1) != "in" {
				continue
			}
			return true
		}
		if serviceNouns[w] {
			noun = true
		}
	}
	// "On March 3, 2026, she was admitted"
	for j := d.end + 1; j <= d.end+6 && s.same(d.end, j); j++ {
		if w := s.w(j); serviceVerbs[w] && w != "came" && w != "tested" {
			return true
		}
	}
	if !noun {
		return false
	}
	for j := d.start - 1; s.same(d.start, j); j-- {
		if personWords[s.w(j)] || s.firstName(j) {
			return true
		}
	}
	return false
}

// thingWords are subjects that have an age but are not people: "the
// clinic is 95 years old".
var thingWords = set("clinic", "hospital", "practice", "building", "company", "tradition", "house", "institution",
	"center", "centre", "tree", "church", "town", "city", "bridge", "vaccine", "drug", "technique", "law",
	"study", "school", "firm", "business", "society", "organization", "organisation", "journal", "method",
	"test", "treatment", "remedy", "recipe", "it", "this", "that")

// groupWords before an age make it a group, not a person: "over 90
// years old", "adults aged 90 and over".
var groupWords = set("over", "above", "under", "than", "beyond", "past", "least", "between", "from", "ages", "to")

// ages reports ages over 89 ("92-year-old", "aged 95", "95 years old",
// "turned 100", "her 100th birthday"). Groups are not ages of a person.
func (s *scan) ages() {
	for i := range s.t {
		if s.t[i].link {
			continue
		}
		v, isNum := s.num(i)
		ordinal := false
		if !isNum && s.t[i].ndig == 3 && !s.t[i].punct {
			if w := s.w(i); w[3:] == "th" || w[3:] == "st" || w[3:] == "nd" || w[3:] == "rd" {
				v = int(w[0]-'0')*100 + int(w[1]-'0')*10 + int(w[2]-'0')
				ordinal = isDigits(w[:3])
			}
		}
		if !isNum && !ordinal || v < 90 || v > 130 {
			continue
		}
		if s.adj(i) && (s.is(i-1, '.') || s.is(i-1, ',') || s.is(i-1, '-') || !s.t[i-1].punct) {
			continue
		}
		if s.adj(i+1) && (s.is(i+1, '.') || s.is(i+1, ',')) && s.ndig(i+2) > 0 {
			continue
		}
		end, ok := -1, false
		if ordinal {
			if w := s.w(s.wordAfter(i)); w == "birthday" {
				end, ok = s.wordAfter(i), true
			}
		} else {
			end, ok = s.ageAfter(i)
			if !ok {
				ok = s.ageBefore(i)
				end = i
			}
		}
		if !ok || s.groupAge(i, end) {
			continue
		}
		start := i
		if !isNum || end == i {
			if b := s.wordBefore(i); b >= 0 && (s.w(b) == "aged" || s.w(b) == "age" || s.w(b) == "turned" || s.w(b) == "turns" || s.w(b) == "turning") && b >= i-3 {
				start = b
			}
		}
		s.add("privacy/age-over-89", "age over 89", s.t[start].s, s.t[end].e,
			"%q gives an age over 89",
			"write \"over 90\" or leave the age out: Safe Harbor allows ages over 89 only as one group")
	}
}

// ageAfter matches the words after a number: "-year-old", " years old",
// " yo", " y/o", " years of age".
func (s *scan) ageAfter(i int) (int, bool) {
	j := i + 1
	if s.is(j, '-') && s.adj(j) {
		j++
	}
	switch s.w(j) {
	case "year", "years", "yr", "yrs", "y":
		if s.w(j) == "y" && s.is(j+1, '/') && s.w(j+2) == "o" {
			return j + 2, true
		}
		k := j + 1
		if s.is(k, '-') && s.adj(k) {
			k++
		}
		switch s.w(k) {
		case "old":
			if s.t[j].gap == gapSpace && s.w(j) != "year" && s.thingAge(i) {
				return 0, false
			}
			return k, true
		case "of":
			if s.w(k+1) == "age" {
				return k + 1, true
			}
		}
	case "yo", "yoa":
		return j, true
	}
	return 0, false
}

// ageBefore matches "aged 95", "age 95", "age: 95", "at the age of 95",
// "turned 95".
func (s *scan) ageBefore(i int) bool {
	j := i - 1
	if s.is(j, ':') {
		j--
	}
	if s.w(j) == "of" {
		j--
	}
	switch s.w(j) {
	case "aged", "age", "turned", "turns", "turning":
		return !groupWords[s.w(s.wordBefore(j))] && !groupWords[s.w(s.wordBefore(s.wordBefore(j)))]
	}
	return false
}

// groupAge reports an age that names a group: "90 and over", "90+",
// "95-year-olds", "90 to 95", "over 90 years old".
func (s *scan) groupAge(i, end int) bool {
	if b := s.wordBefore(i); groupWords[s.w(b)] && b >= i-2 {
		return true
	}
	if s.w(end+1) == "olds" || s.is(end+1, '-') && s.w(end+2) == "olds" {
		return true
	}
	if s.is(end+1, '+') || s.is(end+1, '-') && s.ndig(end+2) > 0 || s.raw(end+1) == "–" {
		return true
	}
	a := s.wordAfter(end)
	switch s.w(a) {
	case "plus", "olds":
		return true
	case "and", "or":
		switch s.w(s.wordAfter(a)) {
		case "over", "older", "up", "above", "more", "beyond":
			return true
		}
	case "to", "through":
		return s.ndig(s.wordAfter(a)) > 0
	}
	return false
}

func (s *scan) thingAge(i int) bool {
	for j := i - 1; j >= i-6 && s.same(i, j); j-- {
		if thingWords[s.w(j)] {
			return true
		}
		if personWords[s.w(j)] {
			return false
		}
	}
	return false
}

// streetSuffixes map street suffixes to one spelling, so "12 River Rd"
// and "12 River Road" are the same allowed address.
var streetSuffixes = map[string]string{
	"st": "street", "street": "street", "rd": "road", "road": "road", "ave": "avenue", "av": "avenue",
	"avenue": "avenue", "blvd": "boulevard", "boulevard": "boulevard", "ln": "lane", "lane": "lane",
	"dr": "drive", "drive": "drive", "ct": "court", "court": "court", "way": "way", "pl": "place",
	"place": "place", "ter": "terrace", "terr": "terrace", "terrace": "terrace", "hwy": "highway",
	"highway": "highway", "pkwy": "parkway", "parkway": "parkway", "cir": "circle", "circle": "circle",
	"trl": "trail", "trail": "trail", "sq": "square", "square": "square", "crescent": "crescent",
	"cres": "crescent", "close": "close", "row": "row", "pike": "pike", "loop": "loop", "alley": "alley",
	"plaza": "plaza", "walk": "walk", "grove": "grove", "gardens": "gardens", "mews": "mews",
}

var directions = set("n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west")

var unitWords = set("apt", "apartment", "suite", "ste", "unit", "floor", "fl", "bldg", "building", "room", "rm")

// addressesRule reports street addresses ("48 Elm Street", "221 W 5th
// Ave") and PO boxes that are not the practice's.
func (s *scan) addressesRule() {
	for i := range s.t {
		if s.t[i].link {
			continue
		}
		if s.w(i) == "box" && s.t[i].upper && s.ndig(i+1) > 0 && (s.w(i-1) == "po" || s.w(i-2) == "o" && s.is(i-1, '.')) {
			start := i - 1
			if s.w(i-1) != "po" {
				start = i - 4
				if !s.ok(start) {
					continue
				}
			}
			s.addAddress(start, i+1)
			continue
		}
		if !s.houseNumber(i) {
			continue
		}
		for j := i + 1; j <= i+5 && s.ok(j) && s.t[j].gap == gapSpace; j++ {
			w := s.w(j)
			if suffix, ok := streetSuffixes[w]; ok && j > i+1 && s.t[j].upper && s.streetEnds(j, suffix != w) {
				s.addAddress(i, j+boolInt(suffix != w && s.is(j+1, '.') && s.adj(j+1)))
				break
			}
			if !s.streetWord(j) {
				break
			}
		}
	}
}

func (s *scan) houseNumber(i int) bool {
	if !s.ok(i) || s.t[i].punct || s.t[i].ndig == 0 || s.t[i].ndig > 6 {
		return false
	}
	if s.adj(i) || s.ok(i-1) && (s.is(i-1, '$') || s.is(i-1, '#')) {
		return false
	}
	w := s.w(i)
	n := s.t[i].ndig
	return isDigits(w[:n]) && len(w)-int(n) <= 1 // "12" or "12a"
}

// streetWord is a word of a street name: "River", "Martin", "5th", "W".
func (s *scan) streetWord(j int) bool {
	if !s.ok(j) || s.t[j].punct {
		return false
	}
	w := s.w(j)
	if s.t[j].ndig > 0 {
		n := s.t[j].ndig
		return isDigits(w[:n]) && (w[n:] == "st" || w[n:] == "nd" || w[n:] == "rd" || w[n:] == "th")
	}
	return s.t[j].upper && !s.t[j].poss
}

// streetEnds checks what follows a street suffix: the end of the text,
// punctuation, a lower-case word, a unit ("Apt 4") or a direction. A
// capitalised word means a title ("5 Best Road Trips"), not an address.
func (s *scan) streetEnds(j int, abbrev bool) bool {
	k := j + 1
	if abbrev && s.is(k, '.') && s.adj(k) {
		k++
		if s.w(j) == "dr" || s.w(j) == "st" {
			// "Dr. Marsh", "St. Louis"
			return !s.ok(k) || !s.t[k].upper || s.t[k].punct || unitWords[s.w(k)] || s.t[k].sent != s.t[j].sent
		}
	}
	if !s.ok(k) || s.t[k].punct || s.t[k].gap > gapSpace {
		return true
	}
	return !s.t[k].upper || unitWords[s.w(k)] || directions[s.w(k)]
}

func (s *scan) addAddress(i, j int) {
	start, end := s.t[i].s, s.t[j].e
	if s.d.allowedAddress(s.text[start:end]) {
		return
	}
	s.add("privacy/address", "street address", start, end,
		"%q looks like a street address that is not the practice's",
		"remove it, or add it to a location in carepress.yaml if it is the practice's")
}

// normAddress lower-cases an address, drops its punctuation and spells
// its suffixes one way.
func normAddress(a string) string {
	var words []string
	for _, t := range tokenize(a, nil) {
		if t.punct {
			continue
		}
		w := lowerASCII(a[t.s:t.e])
		if c, ok := streetSuffixes[w]; ok {
			w = c
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

func (d *Detector) allowedAddress(a string) bool {
	n := normAddress(a)
	for _, al := range d.addresses {
		if al == n || strings.HasPrefix(al, n+" ") || strings.HasPrefix(n, al+" ") {
			return true
		}
	}
	return false
}
