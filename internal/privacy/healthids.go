package privacy

// privacy/health-id finds the national health identifiers of the
// countries carepress supports, each by its shape and its check digit:
//
//   - AU: the Medicare card number (10 digits, 2123 45670 1, a weighted
//     check digit; an 11th, the person's number on the card, may follow)
//     and the Individual Healthcare Identifier (IHI: 16 digits starting
//     800360, Luhn).
//   - GB: the NHS number (10 digits, 943 476 5919, modulus 11).
//   - CA: Ontario's health card number (10 digits, Luhn, with a version
//     code of one or two letters), British Columbia's Personal Health
//     Number (10 digits starting with 9, modulus 11) and Quebec's RAMQ
//     number (4 letters and 8 digits holding a birth date: LOUF 7004 1512).
//   - NZ: the National Health Index number (NHI), in its first form
//     (3 letters and 4 digits, ABC1235, modulus 11) and its new one (3
//     letters, 2 digits, 2 letters, ABC12DX, modulus 23 to a letter).
//   - IE: the Personal Public Service Number (PPSN: 7 digits and a check
//     letter, modulus 23, and maybe a second letter: 1234567FA).
//
// A check digit leaves one chance in ten (or 11, or 23) that any number
// of the right shape passes, which is too many for text full of numbers.
// So an identifier is reported when words that name it come before it
// ("NHS number", "Medicare card", "health card", "NHI"), or, for the
// site's own country, when it is written in the grouping its card prints
// (an NHS number in 3-3-4 digits on a British site, a Medicare number in
// 4-5-1 on an Australian one), or its shape is unmistakable (an IHI, a
// RAMQ number).

// healthWords name a health identifier: the digits after them are read
// as one whatever their grouping.
var healthWords = set("nhs", "chi", "medicare", "ihi", "ohip", "phn", "msp", "ramq", "nhi", "pps", "ppsn",
	"health", "healthcare", "carte", "soleil", "hcn")

// healthID is one kind of identifier.
type healthID struct {
	country string // whose: "AU"
	name    string // the Finding's Identifier
}

var (
	idMedicare = healthID{"AU", "Medicare number"}
	idIHI      = healthID{"AU", "Individual Healthcare Identifier (IHI)"}
	idNHS      = healthID{"GB", "NHS number"}
	idOHIP     = healthID{"CA", "Ontario health card number"}
	idPHN      = healthID{"CA", "BC Personal Health Number"}
	idRAMQ     = healthID{"CA", "Quebec health insurance (RAMQ) number"}
	idNHI      = healthID{"NZ", "National Health Index (NHI) number"}
	idPPSN     = healthID{"IE", "PPS number"}
)

func (s *scan) healthIDs() {
	for i := 0; i < len(s.t); i++ {
		t := &s.t[i]
		if t.link || t.punct || t.ndig == 0 && !(t.caps && t.nlet == 4) {
			continue
		}
		if s.adj(i) && (s.is(i-1, '-') || s.is(i-1, '.') || s.is(i-1, '+') || s.is(i-1, '/') || !s.t[i-1].punct) {
			continue // the tail of something longer: "x-1234567"
		}
		if end, id, ok := s.healthIDAt(i); ok {
			s.add("privacy/health-id", id.name, s.t[i].s, s.t[end].e,
				"%q looks like a "+id.name,
				"remove it: a patient's health number identifies them as surely as their name")
			i = end
		}
	}
}

// context reports whether words naming a health identifier come shortly
// before token i, in its sentence.
func (s *scan) healthContext(i int) bool {
	return s.anyWordIn(i, i-5, i-1, healthWords) >= 0
}

// healthIDAt reads an identifier starting at token i.
func (s *scan) healthIDAt(i int) (end int, id healthID, ok bool) {
	home := s.d.country
	t := s.t[i]
	// One word of letters and digits: NHI, PPSN, RAMQ written solid.
	if t.nlet > 0 && t.ndig > 0 {
		n := t.e - t.s
		if n != 7 && n != 8 && n != 9 && n != 12 || s.glued(i) {
			return 0, healthID{}, false
		}
		word := s.raw(i)
		switch {
		case n == 7 && validNHI(word) && (home == "NZ" && t.caps || hasWord(s, i, "nhi")):
			return i, idNHI, true
		case (n == 8 || n == 9) && validPPSN(word) && (home == "IE" || s.healthContext(i)):
			return i, idPPSN, true
		case n == 12 && validRAMQ(word):
			return i, idRAMQ, true
		}
		return 0, healthID{}, false
	}
	var r run
	// RAMQ with spaces: LOUF 7004 1512.
	if t.ndig == 0 {
		last := s.digitRun(i+1, &r)
		if last > i && r.n == 8 && (r.grouped(4, 4) || r.ng == 1) && s.t[i+1].gap == gapSpace && !s.glued(last) {
			var b [12]byte
			copy(b[:], s.raw(i))
			copy(b[4:], r.d[:8])
			if validRAMQ(string(b[:])) {
				return last, idRAMQ, true
			}
		}
		return 0, healthID{}, false
	}
	last := s.digitRun(i, &r)
	if last < 0 || r.n != 10 && r.n != 11 && r.n != 16 {
		return 0, healthID{}, false
	}
	// A version code of letters after an Ontario number: 1234-567-890-AB.
	version := -1
	if s.ok(last+1) && (s.is(last+1, '-') && s.adj(last+1) || s.t[last+1].gap == gapSpace) {
		v := last + 1
		if s.is(v, '-') {
			v++
		}
		if s.ok(v) && s.t[v].caps && s.t[v].ndig == 0 && s.t[v].nlet <= 2 && !s.glued(v) {
			version = v
		}
	}
	if version < 0 && s.glued(last) || version > 0 && s.glued(version) {
		return 0, healthID{}, false
	}
	digits := string(r.d[:r.n])
	ctx := s.healthContext(i)
	switch r.n {
	case 16:
		if validIHI(digits) {
			return last, idIHI, true
		}
	case 11:
		if validMedicare(digits) && (ctx || home == "AU" && r.grouped(4, 5, 1, 1)) {
			return last, idMedicare, true
		}
	case 10:
		switch {
		case validMedicare(digits) && (ctx && (home == "AU" || hasWord(s, i, "medicare")) || home == "AU" && r.grouped(4, 5, 1)):
			return last, idMedicare, true
		case validNHS(digits) && (ctx && (home == "GB" || hasWord(s, i, "nhs")) || home == "GB" && r.grouped(3, 3, 4)):
			return last, idNHS, true
		case validPHN(digits) && (ctx && (home == "CA" || hasWord(s, i, "phn")) || home == "CA" && r.grouped(4, 3, 3)):
			return last, idPHN, true
		case validLuhn(digits) && (ctx && (home == "CA" || hasWord(s, i, "ohip")) || home == "CA" && version > 0 && r.grouped(4, 3, 3)):
			if version > 0 {
				last = version
			}
			return last, idOHIP, true
		}
	}
	return 0, healthID{}, false
}

// glued reports whether token i runs on into more of a code: a letter or
// digit, or "-"/"." then one, right after it.
func (s *scan) glued(i int) bool {
	return s.adj(i+1) && (!s.t[i+1].punct || (s.is(i+1, '-') || s.is(i+1, '.') || s.is(i+1, '/')) && s.adj(i+2) && !s.t[i+2].punct)
}

// hasWord reports whether w is one of the few words before token i.
func hasWord(s *scan, i int, w string) bool {
	for j := max(i-5, 0); j < i; j++ {
		if s.same(i, j) && s.w(j) == w {
			return true
		}
	}
	return false
}

// digitRun reads digit groups from token i, joined by single spaces or by
// '-' without spaces: "943 476 5919", "2123-45670-1". It returns the
// digits (at most 16) and the size of each group (at most 8) in r, and the
// last token, or -1. Every number of every post is tried here, so it
// works in r's arrays rather than allocating.
func (s *scan) digitRun(i int, r *run) (last int) {
	r.n, r.ng = 0, 0
	if s.ndig(i) == 0 {
		return -1
	}
	last = -1
	for j := i; s.ndig(j) > 0 && r.n+s.ndig(j) <= len(r.d) && r.ng < len(r.groups); {
		r.n += copy(r.d[r.n:], s.raw(j))
		r.groups[r.ng] = s.ndig(j)
		r.ng++
		last = j
		switch {
		case s.is(j+1, '-') && s.adj(j+1) && s.adj(j+2) && s.ndig(j+2) > 0:
			j += 2
		case s.ok(j+1) && s.t[j+1].gap == gapSpace && s.ndig(j+1) > 0 && s.same(j, j+1):
			j++
		default:
			return last
		}
	}
	return last
}

// run is the digits digitRun read.
type run struct {
	d      [16]byte
	n      int
	groups [8]int
	ng     int
}

// grouped reports whether the groups have exactly sizes.
func (r *run) grouped(sizes ...int) bool {
	if r.ng != len(sizes) {
		return false
	}
	for k, sz := range sizes {
		if r.groups[k] != sz {
			return false
		}
	}
	return true
}

func digit(c byte) int { return int(c - '0') }

// validNHS is the NHS number's modulus 11 check.
func validNHS(d string) bool {
	sum := 0
	for k := 0; k < 9; k++ {
		sum += digit(d[k]) * (10 - k)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == digit(d[9])
}

// validMedicare is the Medicare card number's check: the first digit 2-6,
// digits 1-8 weighted 1, 3, 7, 9, 1, 3, 7, 9, their sum's last digit the
// ninth; the tenth is the card's issue number, never 0.
func validMedicare(d string) bool {
	if d[0] < '2' || d[0] > '6' || d[9] == '0' {
		return false
	}
	w := [8]int{1, 3, 7, 9, 1, 3, 7, 9}
	sum := 0
	for k := range w {
		sum += digit(d[k]) * w[k]
	}
	return sum%10 == digit(d[8])
}

// validLuhn is the Luhn check over all of d.
func validLuhn(d string) bool {
	sum := 0
	for k := len(d) - 1; k >= 0; k-- {
		v := digit(d[k])
		if (len(d)-1-k)%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return sum%10 == 0
}

// validIHI: 16 digits, 800360 (Australia's healthcare identifiers for
// individuals), Luhn.
func validIHI(d string) bool { return d[:6] == "800360" && validLuhn(d) }

// validPHN is British Columbia's Personal Health Number check: 9, then
// digits 2-9 weighted 2, 4, 8, 5, 10, 9, 7, 3 modulo 11, the tenth
// 11 less their sum modulo 11.
func validPHN(d string) bool {
	if d[0] != '9' {
		return false
	}
	w := [8]int{2, 4, 8, 5, 10, 9, 7, 3}
	sum := 0
	for k := range w {
		sum += digit(d[k+1]) * w[k] % 11
	}
	check := 11 - sum%11
	return check < 10 && check == digit(d[9])
}

// validRAMQ: four capital letters (from the name), then a birth date
// YYMMDD (a woman's month plus 50) and two digits.
func validRAMQ(s string) bool {
	for k := 0; k < 4; k++ {
		if s[k] < 'A' || s[k] > 'Z' {
			return false
		}
	}
	for k := 4; k < 12; k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	m := digit(s[6])*10 + digit(s[7])
	d := digit(s[8])*10 + digit(s[9])
	if m > 50 {
		m -= 50
	}
	return m >= 1 && m <= 12 && d >= 1 && d <= 31
}

// nhiLetter is a letter's value in an NHI: A=1 ... Z=24, without I and O.
func nhiLetter(c byte) int {
	if c >= 'a' && c <= 'z' {
		c -= 'a' - 'A'
	}
	if c < 'A' || c > 'Z' || c == 'I' || c == 'O' {
		return 0
	}
	v := int(c-'A') + 1
	if c > 'I' {
		v--
	}
	if c > 'O' {
		v--
	}
	return v
}

// validNHI checks both forms of the National Health Index number: AAANNNC
// with a check digit (modulus 11), and AAANNAC with a check letter
// (modulus 23), each over the first six characters weighted 7 down to 2.
func validNHI(s string) bool {
	isD := func(c byte) bool { return c >= '0' && c <= '9' }
	val := func(c byte) int {
		if isD(c) {
			return digit(c)
		}
		return nhiLetter(c)
	}
	for k := 0; k < 3; k++ {
		if nhiLetter(s[k]) == 0 {
			return false
		}
	}
	if !isD(s[3]) || !isD(s[4]) {
		return false
	}
	sum := 0
	for k := 0; k < 6; k++ {
		sum += val(s[k]) * (7 - k)
	}
	switch {
	case isD(s[5]) && isD(s[6]):
		r := sum % 11
		if r == 0 {
			return false
		}
		return (11-r)%10 == digit(s[6])
	case nhiLetter(s[5]) > 0 && nhiLetter(s[6]) > 0:
		r := sum % 23
		if r == 0 {
			return false
		}
		return 23-r == nhiLetter(s[6])
	}
	return false
}

// validPPSN checks a PPS number: 7 digits weighted 8 down to 2, plus a
// second letter's value (A=1 ... W=0) times 9, modulo 23 gives the check
// letter (0 is W, 1 is A ...).
func validPPSN(s string) bool {
	for k := 0; k < 7; k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	up := func(c byte) byte {
		if c >= 'a' && c <= 'z' {
			return c - ('a' - 'A')
		}
		return c
	}
	sum := 0
	for k := 0; k < 7; k++ {
		sum += digit(s[k]) * (8 - k)
	}
	if len(s) == 9 {
		c := up(s[8])
		if c < 'A' || c > 'Z' {
			return false
		}
		if c != 'W' {
			sum += 9 * int(c-'A'+1)
		}
	}
	c := up(s[7])
	if c < 'A' || c > 'W' {
		return false
	}
	want := byte('W')
	if r := sum % 23; r > 0 {
		want = byte('A' + r - 1)
	}
	return c == want
}
