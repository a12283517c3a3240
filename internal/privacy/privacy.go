// Package privacy finds patient identifiers in plain text, and the faults
// of a draft reply to a review or comment that would breach a patient's
// privacy.
//
// A Detector is built once from an Allow list (the practice's own names,
// phones, emails, addresses and domains, which are never a patient's) and
// is then safe for concurrent use. Scan reports the privacy/* findings in a
// text; ScanReply adds the reply/* rules. Both are pure: they read nothing
// but their argument and return findings with byte offsets into it, so a
// caller can map them back to line:col in a post body, a front-matter
// string, an image file name, an alt text or a snippet.
//
// Each privacy/* finding names the identifier it matches, in the terms of
// the HIPAA Safe Harbor list (45 CFR 164.514(b)(2)) where it has one; the
// checker names the law of the site's country beside it:
//
//   - privacy/ssn: Social Security numbers: 123-45-6789 with a valid area,
//     group and serial; nine digits with or without dashes only when the
//     words before them say "SSN" or "social security".
//   - privacy/health-id: the national health identifiers of AU (Medicare
//     number, IHI), GB (NHS number), CA (Ontario health card, BC PHN,
//     RAMQ), NZ (NHI) and IE (PPSN), each with its check digit, after
//     words that name it or, for the site's own country, in the grouping
//     its card prints (see healthids.go).
//   - privacy/record-number: medical record, account, health plan
//     (member, policy, Medicaid, Medicare) and license numbers, found by
//     their context words ("MRN", "chart #", "member ID: ...").
//   - privacy/drivers-license: a driver's license number after "driver's
//     license", "driving licence", "DL #" or "DLN", in the shapes of the
//     US states', Canada's provinces', the UK's, Ireland's, Australia's
//     and New Zealand's (D1234567, A1234-56789-01234, MORGA657054SM9IJ,
//     123 456 789).
//   - privacy/phone: North American numbers in their usual shapes,
//     international numbers written with "+", and any digit groups after
//     a word such as "call" or "phone"; not the practice's own numbers.
//   - privacy/email: email addresses not at the site's domains.
//   - privacy/address: a house number, street name and suffix
//     ("48 Elm Street"), or a PO box; not the practice's locations.
//   - privacy/birth-date: a day and month after "DOB" or "date of birth",
//     or a full date next to "born".
//   - privacy/service-date: a day and month after a word of care ("seen",
//     "admitted", "her appointment on") when a person is in the sentence.
//   - privacy/age-over-89: "92-year-old", "aged 95", "95 years old", but
//     not a group ("adults aged 90 and over", "95-year-olds").
//   - privacy/patient-name: a name after a title or "patient" near
//     clinical words ("Mr. Jones was diagnosed", "my patient Maria"), or a
//     name followed by a patient's event ("Maria was admitted",
//     "Maria's biopsy"). Diseases named after people are not names.
//
// ScanReply's reply/* rules:
//
//   - reply/confirms-care: a phrase that confirms the person is a patient
//     ("when we saw you", "your test results"), or a care of theirs
//     ("the knee surgery", "her recovery") in a reply that greets them by
//     name ("Hi Maria,", "Thanks, Tom.", "@maria_l").
//   - reply/advice: individual advice ("you should stop taking"), and any
//     dose or schedule ("take two tablets twice a day", "use the cream
//     twice daily", "two puffs every morning").
//   - reply/offline (a warning): nothing steers the talk to the phone, the
//     portal or the office.
//
// False positives cost a practice as much as misses, so each rule needs
// the shape and, where the shape alone is ambiguous, the context words.
// Doses, years on their own, codes such as "E11.9" or "H1N1", times,
// URLs and the site's own people are never findings.
package privacy

import (
	"slices"
	"strings"
	"sync"
)

// Allow lists what is not a patient identifier: the practice's and its
// people's own details.
type Allow struct {
	Names     []string // the site's people ("Elena Marsh") and the practice's name: never patient names
	Phones    []string // practice, location and people phones, in any format: compared by digits
	Emails    []string // the practice's and its people's email addresses
	Addresses []string // street lines of the practice's locations ("12 River Rd")
	Domains   []string // the site's own domains: emails at them or their subdomains are allowed
	// Country is the site's country ("AU"): its health identifiers are
	// found by their shape and check digit alone, those of other
	// countries only after words that name them ("NHS number").
	Country string
}

// Finding is one identifier or unsafe phrase in a text.
type Finding struct {
	Rule       string // "privacy/ssn", ..., "reply/confirms-care", "reply/advice", "reply/offline"
	Identifier string // the Safe Harbor identifier matched ("Social Security number"); empty for reply rules
	Severity   string // the rule's default severity: "error", or "warning" for reply/offline
	Start, End int    // byte offsets of Match in the text
	Match      string // text[Start:End]
	Message    string // what is wrong, lowercase
	Hint       string // how to fix it
}

// Detector finds identifiers in texts. It holds only data fixed by New
// and a pool of token buffers, so one Detector may be used by many
// goroutines at once.
type Detector struct {
	names     map[string]bool // lower-case words of allowed names
	phones    []string        // digits of allowed phones
	emails    map[string]bool // lower-case allowed emails
	domains   []string        // lower-case allowed domains
	addresses []string        // normalised allowed street lines
	country   string          // the site's country, upper case
	reply     replyRules      // compiled reply/* patterns
	// toks holds *[]token buffers between scans: a build scans every
	// post, and a fresh buffer per post was most of a scan's allocation.
	toks sync.Pool
}

// New returns a Detector that never reports what a lists.
func New(a Allow) *Detector {
	d := &Detector{names: map[string]bool{}, emails: map[string]bool{}, reply: newReplyRules(), country: strings.ToUpper(a.Country)}
	for _, n := range a.Names {
		for _, t := range tokenize(n, nil) {
			if !t.punct && t.nlet > 0 {
				d.names[lowerASCII(n[t.s:t.e])] = true
			}
		}
	}
	for _, p := range a.Phones {
		if ds := digitsOf(p); len(ds) >= 7 {
			d.phones = append(d.phones, ds)
		}
	}
	for _, e := range a.Emails {
		d.emails[strings.ToLower(strings.TrimSpace(e))] = true
	}
	for _, dom := range a.Domains {
		dom = strings.ToLower(strings.TrimSpace(dom))
		dom = strings.TrimPrefix(strings.TrimPrefix(dom, "https://"), "http://")
		dom = strings.TrimPrefix(strings.TrimSuffix(dom, "/"), "www.")
		if dom != "" {
			d.domains = append(d.domains, dom)
		}
	}
	for _, ad := range a.Addresses {
		if n := normAddress(ad); n != "" {
			d.addresses = append(d.addresses, n)
		}
	}
	return d
}

// Scan returns the privacy/* findings in text, sorted by Start.
func (d *Detector) Scan(text string) []Finding {
	s := d.newScan(text)
	defer d.done(s)
	s.privacy()
	return s.result()
}

// ScanReply returns the findings in a draft reply to a review or a
// comment: the privacy/* rules, and the reply/* rules that keep a reply
// from confirming a care relationship, giving individual advice or
// keeping the conversation online. Sorted by Start.
func (d *Detector) ScanReply(text string) []Finding {
	s := d.newScan(text)
	defer d.done(s)
	s.privacy()
	s.reply()
	return s.result()
}

// scan is the state of one Scan call.
type scan struct {
	d    *Detector
	text string
	low  string // text with ASCII letters lower-cased; same offsets
	t    []token
	out  []Finding

	sawPhone bool // a phone number, allowed or not: a reply that has one steers offline
}

func (d *Detector) newScan(text string) *scan {
	var toks []token
	if p, ok := d.toks.Get().(*[]token); ok {
		toks = (*p)[:0]
	} else {
		toks = make([]token, 0, len(text)/4+4)
	}
	return &scan{d: d, text: text, low: lowerASCII(text), t: tokenize(text, toks)}
}

// done returns s's tokens to the pool; the findings do not refer to them.
func (d *Detector) done(s *scan) {
	t := s.t[:0]
	s.t = nil
	d.toks.Put(&t)
}

func (s *scan) privacy() {
	s.emails()
	s.ssns()
	s.healthIDs()
	s.records()
	s.phonesRule()
	s.dates()
	s.ages()
	s.addressesRule()
	s.names()
}

// rulePriority orders rules for overlapping matches: the most specific
// identifier wins, so "SSN 123-45-6789" is not also a phone number, and
// "increase your dose" is advice rather than also a confirmation.
var rulePriority = map[string]int{
	"privacy/ssn": 0, "privacy/health-id": 1, "privacy/drivers-license": 2, "privacy/record-number": 3, "privacy/email": 4,
	"privacy/birth-date": 5, "privacy/service-date": 6, "privacy/phone": 7, "privacy/address": 8, "privacy/age-over-89": 9,
	"privacy/patient-name": 10, "reply/advice": 11, "reply/confirms-care": 12,
}

// result drops findings that overlap a higher-priority one of the
// privacy rules and sorts the rest by offset.
func (s *scan) result() []Finding {
	if len(s.out) == 0 {
		return nil
	}
	slices.SortStableFunc(s.out, func(a, b Finding) int {
		pa, oka := rulePriority[a.Rule]
		pb, okb := rulePriority[b.Rule]
		if !oka {
			pa = 100
		}
		if !okb {
			pb = 100
		}
		return pa - pb
	})
	kept := s.out[:0]
	for _, f := range s.out {
		dup := false
		for _, k := range kept {
			_, kp := rulePriority[k.Rule]
			_, fp := rulePriority[f.Rule]
			if kp && fp && f.Start < k.End && k.Start < f.End || k.Rule == f.Rule && k.Start == f.Start && k.End == f.End {
				dup = true
				break
			}
		}
		if !dup {
			kept = append(kept, f)
		}
	}
	slices.SortStableFunc(kept, func(a, b Finding) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	return kept
}

// add records a privacy finding over text[start:end].
func (s *scan) add(rule, ident string, start, end int, msg, hint string) {
	m := s.text[start:end]
	s.out = append(s.out, Finding{
		Rule: rule, Identifier: ident, Severity: "error",
		Start: start, End: end, Match: m,
		Message: strings.ReplaceAll(msg, "%q", quote(m)), Hint: hint,
	})
}

func quote(s string) string { return `"` + s + `"` }

// Token helpers. Each is safe for any index: out of range is "no token".

func (s *scan) ok(i int) bool { return i >= 0 && i < len(s.t) }

// w is the lower-cased text of word i, or "" for punctuation.
func (s *scan) w(i int) string {
	if !s.ok(i) || s.t[i].punct {
		return ""
	}
	return s.low[s.t[i].s:s.t[i].e]
}

// raw is the text of token i.
func (s *scan) raw(i int) string {
	if !s.ok(i) {
		return ""
	}
	return s.text[s.t[i].s:s.t[i].e]
}

// is reports whether token i is the punctuation c.
func (s *scan) is(i int, c byte) bool {
	return s.ok(i) && s.t[i].punct && s.text[s.t[i].s] == c
}

// adj reports whether token i follows token i-1 with no space between.
func (s *scan) adj(i int) bool { return s.ok(i) && i > 0 && s.t[i].gap == gapNone }

// num reports whether token i is all digits, and its value (capped).
func (s *scan) num(i int) (int, bool) {
	if !s.ok(i) || s.t[i].punct || s.t[i].nlet > 0 || int(s.t[i].ndig) != s.t[i].e-s.t[i].s {
		return 0, false
	}
	v := 0
	for _, c := range []byte(s.raw(i)) {
		if v < 1e9 {
			v = v*10 + int(c-'0')
		}
	}
	return v, true
}

// ndig is the number of digits of an all-digit token i, or 0.
func (s *scan) ndig(i int) int {
	if _, ok := s.num(i); ok {
		return int(s.t[i].ndig)
	}
	return 0
}

// kw reports whether token i is in the keyword list b.
func (s *scan) kw(i int, b kwBits) bool { return s.ok(i) && s.t[i].kw&b != 0 }

// same reports whether tokens i and j are in the same sentence.
func (s *scan) same(i, j int) bool { return s.ok(i) && s.ok(j) && s.t[i].sent == s.t[j].sent }

// wordBefore returns the index of the nearest word before i in the same
// sentence, skipping punctuation, or -1.
func (s *scan) wordBefore(i int) int {
	for j := i - 1; j >= 0 && s.same(i, j); j-- {
		if !s.t[j].punct {
			return j
		}
	}
	return -1
}

// wordAfter returns the index of the nearest word after i in the same
// sentence, skipping punctuation, or -1.
func (s *scan) wordAfter(i int) int {
	for j := i + 1; j < len(s.t) && s.same(i, j); j++ {
		if !s.t[j].punct {
			return j
		}
	}
	return -1
}

// anyWordIn reports whether a word of set occurs among the words in
// tokens [from, to] of i's sentence.
func (s *scan) anyWordIn(i, from, to int, words map[string]bool) int {
	for j := max(from, 0); j <= to && j < len(s.t); j++ {
		if s.same(i, j) && words[s.w(j)] {
			return j
		}
	}
	return -1
}

func digitsOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
