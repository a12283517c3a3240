package privacy

import "strings"

// emails reports email addresses not at the site's domains. It works on
// the raw text around each '@', since an address is not made of words.
func (s *scan) emails() {
	text := s.text
	for at := strings.IndexByte(text, '@'); at >= 0; {
		start := at
		for start > 0 && isEmailLocal(text[start-1]) {
			start--
		}
		for start < at && text[start] == '.' {
			start++
		}
		end := at + 1
		for end < len(text) && isEmailDomain(text[end]) {
			end++
		}
		for end > at+1 && (text[end-1] == '.' || text[end-1] == '-') {
			end--
		}
		next := strings.IndexByte(text[at+1:], '@')
		domain := strings.ToLower(text[at+1 : end])
		dot := strings.LastIndexByte(domain, '.')
		if start < at && dot > 0 && len(domain)-dot-1 >= 2 && isLetters(domain[dot+1:]) &&
			!(start >= 3 && text[start-3:start] == "://") && !s.d.allowedEmail(strings.ToLower(text[start:end]), domain) {
			s.add("privacy/email", "email address", start, end,
				"%q looks like an email address that is not the practice's",
				"remove it, or add it to the practice's or an author's details if it is theirs")
		}
		if next < 0 {
			break
		}
		at = at + 1 + next
	}
}

func isEmailLocal(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || isOneOf(c, "._%+-")
}

func isEmailDomain(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-'
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !('a' <= s[i] && s[i] <= 'z' || 'A' <= s[i] && s[i] <= 'Z') {
			return false
		}
	}
	return s != ""
}

func (d *Detector) allowedEmail(email, domain string) bool {
	if d.emails[email] {
		return true
	}
	for _, a := range d.domains {
		if domain == a || strings.HasSuffix(domain, "."+a) {
			return true
		}
	}
	return false
}

// ssnWords are the words that say the digits after them are an SSN.
var ssnWords = set("ssn", "ss", "ssns", "social")

// ssns reports Social Security numbers: 3-2-4 digits with dashes, or nine
// digits (bare or with spaces) after "SSN" or "social security". The area
// (000, 666, 900-999), group (00) and serial (0000) must be possible ones.
func (s *scan) ssns() {
	for i := range s.t {
		if s.t[i].link || s.ndig(i) == 0 || s.adj(i) && (s.is(i-1, '-') || s.is(i-1, '.') || !s.t[i-1].punct) {
			continue
		}
		var digits string
		end := i
		dashed := false
		switch {
		case s.ndig(i) == 3 && s.is(i+1, '-') && s.adj(i+1) && s.ndig(i+2) == 2 && s.adj(i+2) &&
			s.is(i+3, '-') && s.adj(i+3) && s.ndig(i+4) == 4 && s.adj(i+4):
			digits, end, dashed = s.raw(i)+s.raw(i+2)+s.raw(i+4), i+4, true
		case s.ndig(i) == 3 && s.ndig(i+1) == 2 && s.t[i+1].gap == gapSpace && s.ndig(i+2) == 4 && s.t[i+2].gap == gapSpace:
			digits, end = s.raw(i)+s.raw(i+1)+s.raw(i+2), i+2
		case s.ndig(i) == 9:
			digits = s.raw(i)
		default:
			continue
		}
		if s.adj(end+1) && (s.is(end+1, '-') || s.is(end+1, '.') && s.ndig(end+2) > 0 || !s.t[end+1].punct) {
			continue // part of a longer code
		}
		if !validSSN(digits) {
			continue
		}
		if !dashed && s.anyWordIn(i, i-6, i-1, ssnWords) < 0 {
			continue
		}
		s.add("privacy/ssn", "Social Security number", s.t[i].s, s.t[end].e,
			"%q looks like a Social Security number",
			"remove it: a patient's Social Security number never belongs in a post")
	}
}

func validSSN(d string) bool {
	if len(d) != 9 {
		return false
	}
	area, group, serial := d[:3], d[3:5], d[5:]
	return area != "000" && area != "666" && area[0] != '9' && group != "00" && serial != "0000"
}

// recordKind describes a context word that introduces an ID number.
type recordKind struct {
	ident  string
	strong bool // the ID may follow the word directly ("MRN 12345")
}

var (
	mrn     = "medical record number"
	account = "account number"
	plan    = "health plan beneficiary number"
	license = "certificate or license number"
)

// recordWords map context words to the identifier of the number after
// them. A weak word ("account", "member") needs a connector such as "#",
// "no." or "ID" before the number, so "account for 2024" is not one.
var recordWords = map[string]recordKind{
	"mrn": {mrn, true}, "mrns": {mrn, true}, "record": {mrn, false}, "records": {mrn, false}, "chart": {mrn, false},
	"patient": {mrn, false}, "hospital": {mrn, false}, "case": {mrn, false}, "encounter": {mrn, false},
	"account": {account, false}, "acct": {account, true}, "billing": {account, false}, "invoice": {account, false},
	"member": {plan, false}, "subscriber": {plan, false}, "policy": {plan, false}, "insurance": {plan, false},
	"beneficiary": {plan, false}, "group": {plan, false}, "plan": {plan, false}, "medicaid": {plan, true},
	"medicare": {plan, true}, "mbi": {plan, true}, "insurer": {plan, false}, "nhs": {plan, true},
	"license": {license, false}, "licence": {license, false}, "certificate": {license, false},
	// Spanish: "expediente número 0048213", "n.º de afiliado".
	"expediente": {mrn, false}, "expedientes": {mrn, false}, "cuenta": {account, false},
	"póliza": {plan, false}, "afiliado": {plan, false},
}

// recordConnectors may stand between a context word and its number.
var recordConnectors = set("no", "nr", "num", "number", "id", "is", "was", "#", ":", "-", "=", ".", "ids", "numbers", "card",
	"número", "núm", "es", "era")

func (s *scan) records() {
	for i := range s.t {
		if !s.kw(i, kwRecord|kwLicence) || s.t[i].link {
			continue
		}
		if s.kw(i, kwLicence) && (s.driversLicence(i) || !s.kw(i, kwRecord)) {
			continue
		}
		kind := recordWords[s.w(i)]
		if s.w(i) == "record" || s.w(i) == "records" {
			if s.w(i-1) == "medical" || s.w(i-1) == "health" {
				kind.strong = true
			}
		}
		connected := kind.strong
		j := i + 1
		for n := 0; n < 4 && s.same(i, j); n++ {
			c := s.w(j)
			if s.t[j].punct {
				c = s.raw(j)
			}
			if !recordConnectors[c] {
				break
			}
			if c != "is" && c != "was" && c != "-" && c != "." {
				connected = true
			}
			j++
		}
		if !connected || !s.same(i, j) {
			continue
		}
		start, end, ok := s.idAt(j)
		if !ok {
			continue
		}
		s.add("privacy/record-number", kind.ident, s.t[start].s, s.t[end].e,
			"%q looks like a "+kind.ident+" (after "+quote(s.raw(i))+")",
			"remove it: no number that identifies a patient's record, account or plan belongs in a post")
	}
}

// licenceWords introduce a driver's license number: "DL", "DLN" and
// "CDL" on their own (in capitals), "license" and "licence" after a word
// that makes it a driver's ("driver's license", "driving licence").
var licenceWords = set("dl", "dln", "cdl", "license", "licence", "lic", "licenses", "licences")

// driverWords make the license after them a driver's.
var driverWords = set("driver", "drivers", "driving", "driver’s")

// licenceConnectors may stand between the context words and the number,
// besides recordConnectors: "driver's license (D1234567)".
var licenceConnectors = set(",", "(", "state")

// driversLicence reports a driver's license number after the context word
// at i, and whether it found one. The formats differ by state and country
// (US states: 1-2 letters and 4-14 digits or digits alone, Washington's
// 12 letters and digits; Ontario's A1234-56789-01234, Quebec's
// A1234-567890-12; the UK's 16-character MORGA657054SM9IJ; Ireland's,
// Australia's and New Zealand's digits or AB123456), so the number is
// known by its context and a shape common to all: one code of letters and
// digits, or digit groups joined by dashes or single spaces.
func (s *scan) driversLicence(i int) bool {
	w := s.w(i)
	switch w {
	case "dl", "dln", "cdl":
		// Only in capitals: "mg/dL" is a unit.
		if !s.t[i].caps || s.adj(i) && s.is(i-1, '/') {
			return false
		}
	default:
		j := s.wordBefore(i)
		if j < 0 || j < i-2 || !driverWords[s.w(j)] {
			return false
		}
	}
	j := i + 1
	for n := 0; n < 4 && s.same(i, j); n++ {
		c := s.w(j)
		if s.t[j].punct {
			c = s.raw(j)
		}
		if !recordConnectors[c] && !licenceConnectors[c] {
			break
		}
		j++
	}
	if !s.same(i, j) {
		return false
	}
	start, end, ok := s.licenceAt(j)
	if !ok {
		return false
	}
	s.add("privacy/drivers-license", license, s.t[start].s, s.t[end].e,
		"%q looks like a driver's license number (after "+quote(s.raw(i))+")",
		"remove it: a driver's license number identifies a person as surely as a name")
	return true
}

// licenceAt reads a license number starting at token j: one word of
// letters and digits, or groups joined by '-' without spaces or by single
// spaces between digits ("123 456 789"). Not a year, a dose or a date
// ('/' joins nothing here).
func (s *scan) licenceAt(j int) (start, end int, ok bool) {
	if !s.ok(j) || s.t[j].punct {
		return 0, 0, false
	}
	chars, digits := int(s.t[j].ndig+s.t[j].nlet), int(s.t[j].ndig)
	end = j
	for {
		switch {
		case s.adj(end+1) && s.is(end+1, '-') && s.adj(end+2) && !s.t[end+2].punct:
			end += 2
		case s.ok(end+1) && s.t[end+1].gap == gapSpace && s.ndig(end+1) > 0 && s.ndig(end) > 0 && s.same(j, end+1) && chars < 16:
			end++
		default:
			goto done
		}
		chars += int(s.t[end].ndig + s.t[end].nlet)
		digits += int(s.t[end].ndig)
	}
done:
	if s.adj(end+1) && (s.is(end+1, '%') || s.is(end+1, '/') || s.is(end+1, '.') && s.ndig(end+2) > 0) {
		return 0, 0, false
	}
	if chars < 5 || chars > 20 || digits == 0 {
		return 0, 0, false
	}
	// A code of fewer than four digits must be long to be one, like
	// Washington's SMITHJA123AB; "B12" or "COVID19" are not.
	if digits < 4 && (end != j || chars < 8) {
		return 0, 0, false
	}
	return j, end, true
}

// idAt reads an ID starting at token j: words joined by '-' or '/'
// without spaces, holding at least four digits and not a year alone.
func (s *scan) idAt(j int) (start, end int, ok bool) {
	if !s.ok(j) || s.t[j].punct {
		return 0, 0, false
	}
	digits, end := s.t[j].ndig, j
	// "BCX 99812": a short code of capitals, a space, then digits
	if s.t[j].ndig == 0 && s.t[j].caps && s.t[j].nlet <= 4 && s.ok(j+1) && s.t[j+1].gap == gapSpace && s.t[j+1].ndig >= 4 {
		end++
		digits = s.t[end].ndig
	}
	for s.adj(end+1) && (s.is(end+1, '-') || s.is(end+1, '/')) && s.adj(end+2) && !s.t[end+2].punct {
		end += 2
		digits += s.t[end].ndig
	}
	if digits < 4 {
		return 0, 0, false
	}
	if end == j {
		if v, isNum := s.num(j); isNum && s.t[j].ndig == 4 && v >= 1900 && v <= 2099 {
			return 0, 0, false
		}
	}
	if s.adj(end+1) && (s.is(end+1, '%') || s.is(end+1, '.') && s.ndig(end+2) > 0) {
		return 0, 0, false
	}
	return j, end, true
}

// isTollFree reports whether digits are a freephone or national-rate
// number, which only organisations have: NANP toll-free, with or without
// the country code 1; Australia's 1800 and 1300 numbers and its six-digit
// 13 numbers (Lifeline's 13 11 14); Ireland's 1800; the UK's and New
// Zealand's 0800, 0808 and 0508 (NHS 111's partners, Healthline's 0800
// 611 116).
func isTollFree(digits string) bool {
	if len(digits) == 11 && digits[0] == '1' && tollFree[digits[1:4]] {
		return true
	}
	switch {
	case len(digits) == 10 && tollFree[digits[:3]]:
		return true
	case len(digits) == 10 && (digits[:4] == "1800" || digits[:4] == "1300"):
		return true
	case len(digits) == 6 && digits[:2] == "13":
		return true
	case len(digits) >= 9 && len(digits) <= 11 && (digits[:4] == "0800" || digits[:4] == "0808" || digits[:4] == "0508"):
		return true
	}
	return false
}

// tollFree are the NANP toll-free area codes: numbers of organisations
// (poison control, insurers), not of a person.
var tollFree = set("800", "833", "844", "855", "866", "877", "888")

// phoneWords say that digits after them are a phone number.
var phoneWords = set("phone", "phones", "telephone", "tel", "call", "called", "calling", "cell", "cellphone",
	"mobile", "fax", "text", "texted", "reach", "reached", "ph", "whatsapp", "dial", "ring", "landline", "pager")

// phonesRule reports phone numbers that are not the practice's.
func (s *scan) phonesRule() {
	for i := 0; i < len(s.t); i++ {
		if s.t[i].link {
			continue
		}
		plus := s.is(i, '+') && s.ndig(i+1) > 0 && s.adj(i+1)
		paren := s.is(i, '(') && s.ndig(i+1) > 0 && s.adj(i+1)
		if !plus && !paren && s.ndig(i) == 0 {
			continue
		}
		if s.adj(i) && !s.is(i-1, '(') && !s.is(i-1, ':') {
			continue // glued to something before: "E11", "1.5", "x2"
		}
		if s.ndig(i) > 0 && s.ok(i-1) && (s.is(i-1, '$') || s.is(i-1, '#')) {
			continue
		}
		// Buffers on the stack: almost every number in a post is tried
		// here, and a phone has at most seven groups.
		var gbuf [8]int
		var dbuf [32]byte
		groups, end := s.digitGroups(i, gbuf[:0])
		if end < 0 {
			continue
		}
		total := 0
		digits := dbuf[:0]
		for _, g := range groups {
			total += int(s.t[g].ndig)
			digits = append(digits, s.raw(g)...)
		}
		if isTollFree(string(digits)) {
			// A NANP toll-free number ("1-800-222-1222", "(800) 222-1222")
			// is a hotline's or an organisation's, never a patient's,
			// whatever the words around it; its parts are not numbers
			// of their own either.
			i = end
			continue
		}
		if !s.phoneShape(i, groups, plus, total) {
			continue
		}
		s.sawPhone = true
		if s.d.allowedPhone(string(digits)) {
			i = end
			continue
		}
		s.add("privacy/phone", "telephone number", s.t[i].s, s.t[end].e,
			"%q looks like a telephone number that is not the practice's",
			"remove it, or add it to the practice's or an author's details if it is theirs")
		i = end
	}
}

// digitGroups reads digit groups from token i: "+1 (555) 010-0100",
// "555.010.0100", "+44 20 7946 0958". It returns the group tokens and the
// index of the last token, or -1. The groups are appended to buf.
func (s *scan) digitGroups(i int, buf []int) ([]int, int) {
	groups := buf
	j := i
	if s.is(j, '+') {
		j++
	}
	end := -1
	for s.ok(j) {
		if j > i && s.t[j].gap > gapSpace {
			break
		}
		open := false
		if s.is(j, '(') && s.adj(j+1) {
			open = true
			j++
		}
		if s.ndig(j) == 0 {
			break
		}
		groups = append(groups, j)
		end = j
		if open {
			if !s.is(j+1, ')') || !s.adj(j+1) {
				return nil, -1
			}
			j++
			end = j
		}
		j++
		if s.adj(j) && (s.is(j, '-') || s.is(j, '.')) && s.adj(j+1) && s.ndig(j+1) > 0 {
			j++
		} else if !(s.ok(j) && s.t[j].gap == gapSpace) && !(open && s.adj(j) && s.ndig(j) > 0) {
			break
		}
		if len(groups) > 6 {
			break
		}
	}
	if end < 0 {
		return nil, -1
	}
	// glued to letters or more digits after: "555-0100x" or "1.5.2"
	if s.adj(end+1) && (!s.t[end+1].punct || (s.is(end+1, '-') || s.is(end+1, '/')) && s.adj(end+2)) {
		return nil, -1
	}
	return groups, end
}

func (s *scan) phoneShape(i int, groups []int, plus bool, total int) bool {
	sizes := make([]int, len(groups))
	for k, g := range groups {
		sizes[k] = int(s.t[g].ndig)
	}
	sepBefore := func(k int) byte { // the separator before group k
		g := groups[k]
		switch {
		case s.is(g-1, ')'):
			return ')'
		case s.t[g].gap != gapNone:
			return ' '
		case s.t[g-1].punct:
			return s.text[s.t[g-1].s]
		}
		return ' '
	}
	nanp := func(sz []int, from int) bool {
		if len(sz) != 3 || sz[0] != 3 || sz[1] != 3 || sz[2] != 4 {
			return false
		}
		if tollFree[s.raw(groups[from])] {
			return false // a hotline's number, never a patient's
		}
		if c := s.raw(groups[from])[0]; c < '2' {
			return false
		}
		a, b := sepBefore(from+1), sepBefore(from+2)
		parens := s.is(groups[from]-1, '(')
		return parens || a == b && a != ' ' || a == ')'
	}
	switch {
	case len(sizes) == 3 && nanp(sizes, 0):
		return true
	case len(sizes) == 4 && sizes[0] == 1 && s.raw(groups[0]) == "1" && nanp(sizes[1:], 1):
		return true
	case plus && total >= 8 && total <= 15:
		return true
	}
	if s.anyWordIn(i, i-5, i-1, phoneWords) < 0 || total < 7 || total > 15 {
		return false
	}
	if len(groups) == 1 {
		return total >= 10
	}
	return !s.looksLikeDate(groups)
}

func (s *scan) looksLikeDate(groups []int) bool {
	if len(groups) != 3 {
		return false
	}
	_, _, _, _, ok := s.numericDate(groups[0] - boolInt(s.is(groups[0]-1, '(')))
	return ok
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (d *Detector) allowedPhone(digits string) bool {
	for _, a := range d.phones {
		short, long := digits, a
		if len(short) > len(long) {
			short, long = long, short
		}
		if len(short) >= 7 && strings.HasSuffix(long, short) {
			return true
		}
	}
	return false
}
