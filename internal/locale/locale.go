// Package locale holds the conventions of each country carepress
// supports: how a date, a time of day and a phone number are written
// there, its emergency and health-advice numbers, the privacy law that
// protects a patient's details, its spelling and its public health
// authority.
//
// Everything that writes a date, a time or a phone number for readers (the
// theme's layouts, JSON-LD, notices, the social preview) asks a *Country,
// so that a site in Australia says "1 December 2026" and "(02) 9374 4000"
// on every page, and one in the US "December 1, 2026" and "(217)
// 555-0100". Machine formats stay what their standard says: feeds are RFC
// 3339 and RFC 1123, JSON-LD telephone is E.164, tel: links are E.164.
//
// The supported countries are US, CA, GB, IE, AU and NZ, each with its own
// conventions, and the other member states of the EU, which share the
// EU's (the GDPR, 112, day-month-year order, a 24-hour clock).
package locale

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Spelling is a variety of English spelling.
type Spelling string

// The spellings of the supported countries: American; British (GB, IE,
// AU, NZ: centre, organisation, colour); Canadian (Canadian Oxford: centre
// and colour as in Britain, but organization and -ize as in the US).
const (
	American Spelling = "US"
	British  Spelling = "GB"
	Canadian Spelling = "CA"
)

// Clock is how a country writes a time of day.
type Clock int

// The clocks: "8:00 AM" (US), "8:00 a.m." (Canada), "8am" and "6:30pm"
// (the style of the NHS, the HSE, healthdirect and Health NZ), "08:00".
const (
	ClockAMPM Clock = iota
	ClockDottedAMPM
	ClockCompact
	Clock24
)

// Line is a phone line for help: an emergency, advice or crisis line.
type Line struct {
	Name   string // "healthdirect"; empty for the emergency number
	Number string // as dialled there: "1800 022 222"
	URL    string // its website, when it has one
}

// Say is the line as a sentence names it: "NHS 111", "healthdirect on
// 1800 022 222".
func (l *Line) Say() string {
	if l.Name == "" {
		return l.Number
	}
	if strings.Contains(l.Name, l.Number) {
		return l.Name
	}
	return l.Name + " on " + l.Number
}

// Source is a public health authority, cited as a post's source.
type Source struct {
	Publisher string // "NHS"
	URL       string
}

// Country is one country's conventions.
type Country struct {
	Code string // ISO 3166-1 alpha-2: "AU"
	Name string // "Australia"
	// MonthFirst writes "December 1, 2026"; otherwise "1 December 2026".
	MonthFirst bool
	Clock      Clock
	// Emergency is the number for emergency services.
	Emergency string
	// Advice is the health-advice line for urgent help that is not an
	// emergency (NHS 111, healthdirect, Healthline, 811), when the country
	// has one nationwide.
	Advice *Line
	// Crisis is the national mental-health crisis line, when there is one.
	Crisis *Line
	// Law names the law that protects a patient's details, as a note on a
	// privacy finding: "HIPAA identifier", "personal data under UK GDPR".
	Law string
	// RegionLaw names the law of a state or province where it is the one
	// that applies to a practice's health records (Canada's provinces).
	RegionLaw map[string]string
	Spelling  Spelling
	// Authority is the public health authority that starter posts cite.
	Authority Source
	// NoTestimonials is true where the law bans testimonials in health
	// advertising (Australia's National Law, enforced by Ahpra): the
	// health/testimonial rule is then an error by default.
	NoTestimonials bool
	// Language and Timezone are a new site's defaults.
	Language string
	Timezone string
	// EU is true for a member state of the European Union.
	EU bool
}

var countries = map[string]*Country{
	"US": {Code: "US", Name: "the United States", MonthFirst: true, Clock: ClockAMPM,
		Emergency: "911", Crisis: &Line{Name: "988 Suicide & Crisis Lifeline", Number: "988", URL: "https://988lifeline.org/"},
		Law: "HIPAA identifier", Spelling: American,
		Authority: Source{"Centers for Disease Control and Prevention (CDC)", "https://www.cdc.gov/"},
		Language:  "en-US", Timezone: "America/New_York"},
	"CA": {Code: "CA", Name: "Canada", MonthFirst: true, Clock: ClockDottedAMPM,
		Emergency: "911",
		Advice:    &Line{Name: "811", Number: "811"},
		Crisis:    &Line{Name: "9-8-8 Suicide Crisis Helpline", Number: "988", URL: "https://988.ca/"},
		Law:       "personal health information under PIPEDA and provincial law",
		RegionLaw: map[string]string{
			"ON": "personal health information under PHIPA (Ontario)",
			"AB": "health information under Alberta's Health Information Act",
			"BC": "personal information under PIPA (British Columbia)",
			"QC": "personal information under Quebec's Law 25",
			"MB": "personal health information under Manitoba's PHIA",
			"SK": "personal health information under Saskatchewan's HIPA",
			"NB": "personal health information under New Brunswick's PHIPAA",
			"NS": "personal health information under Nova Scotia's PHIA",
			"NL": "personal health information under Newfoundland and Labrador's PHIA",
			"PE": "personal health information under PEI's Health Information Act",
		},
		Spelling:  Canadian,
		Authority: Source{"Public Health Agency of Canada", "https://www.canada.ca/en/public-health.html"},
		Language:  "en-CA", Timezone: "America/Toronto"},
	"GB": {Code: "GB", Name: "the United Kingdom", Clock: ClockCompact,
		Emergency: "999", Advice: &Line{Name: "NHS 111", Number: "111", URL: "https://111.nhs.uk/"},
		Crisis: &Line{Name: "Samaritans", Number: "116 123", URL: "https://www.samaritans.org/"},
		Law:    "personal data under UK GDPR and the Data Protection Act 2018", Spelling: British,
		Authority: Source{"NHS", "https://www.nhs.uk/"},
		Language:  "en-GB", Timezone: "Europe/London"},
	"IE": {Code: "IE", Name: "Ireland", Clock: ClockCompact, EU: true,
		Emergency: "112",
		Crisis:    &Line{Name: "Samaritans", Number: "116 123", URL: "https://www.samaritans.org/ireland/"},
		Law:       "personal data under the GDPR and the Data Protection Act 2018", Spelling: British,
		Authority: Source{"HSE", "https://www2.hse.ie/"},
		Language:  "en-IE", Timezone: "Europe/Dublin"},
	"AU": {Code: "AU", Name: "Australia", Clock: ClockCompact,
		Emergency: "000", Advice: &Line{Name: "healthdirect", Number: "1800 022 222", URL: "https://www.healthdirect.gov.au/"},
		Crisis: &Line{Name: "Lifeline", Number: "13 11 14", URL: "https://www.lifeline.org.au/"},
		Law:    "personal information under the Privacy Act 1988 and the APPs", Spelling: British,
		Authority:      Source{"healthdirect Australia", "https://www.healthdirect.gov.au/"},
		NoTestimonials: true,
		Language:       "en-AU", Timezone: "Australia/Sydney"},
	"NZ": {Code: "NZ", Name: "New Zealand", Clock: ClockCompact,
		Emergency: "111", Advice: &Line{Name: "Healthline", Number: "0800 611 116", URL: "https://info.health.nz/"},
		Crisis: &Line{Name: "1737, Need to talk?", Number: "1737", URL: "https://1737.org.nz/"},
		Law:    "health information under the Health Information Privacy Code 2020", Spelling: British,
		Authority: Source{"Health New Zealand – Te Whatu Ora", "https://info.health.nz/"},
		Language:  "en-NZ", Timezone: "Pacific/Auckland"},
}

// euCountries are the EU's other member states, by code, with the time
// zone of their capital; IE has conventions of its own above.
var euCountries = map[string][2]string{
	"AT": {"Austria", "Europe/Vienna"}, "BE": {"Belgium", "Europe/Brussels"}, "BG": {"Bulgaria", "Europe/Sofia"},
	"HR": {"Croatia", "Europe/Zagreb"}, "CY": {"Cyprus", "Asia/Nicosia"}, "CZ": {"Czechia", "Europe/Prague"},
	"DK": {"Denmark", "Europe/Copenhagen"}, "EE": {"Estonia", "Europe/Tallinn"}, "FI": {"Finland", "Europe/Helsinki"},
	"FR": {"France", "Europe/Paris"}, "DE": {"Germany", "Europe/Berlin"}, "GR": {"Greece", "Europe/Athens"},
	"HU": {"Hungary", "Europe/Budapest"}, "IT": {"Italy", "Europe/Rome"}, "LV": {"Latvia", "Europe/Riga"},
	"LT": {"Lithuania", "Europe/Vilnius"}, "LU": {"Luxembourg", "Europe/Luxembourg"}, "MT": {"Malta", "Europe/Malta"},
	"NL": {"the Netherlands", "Europe/Amsterdam"}, "PL": {"Poland", "Europe/Warsaw"}, "PT": {"Portugal", "Europe/Lisbon"},
	"RO": {"Romania", "Europe/Bucharest"}, "SK": {"Slovakia", "Europe/Bratislava"}, "SI": {"Slovenia", "Europe/Ljubljana"},
	"ES": {"Spain", "Europe/Madrid"}, "SE": {"Sweden", "Europe/Stockholm"},
}

func init() {
	for code, v := range euCountries {
		countries[code] = &Country{Code: code, Name: v[0], Clock: Clock24, EU: true,
			Emergency: "112", Law: "personal data under the GDPR", Spelling: British,
			Authority: Source{"European Centre for Disease Prevention and Control (ECDC)", "https://www.ecdc.europa.eu/"},
			Language:  "en", Timezone: v[1]}
	}
}

// Main are the countries with conventions of their own, in the order the
// documentation lists them.
var Main = []string{"US", "CA", "GB", "IE", "AU", "NZ"}

// Lookup returns the conventions of the country with ISO code code (any
// case; "UK" is GB).
func Lookup(code string) (*Country, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "UK" {
		code = "GB"
	}
	c, ok := countries[code]
	return c, ok
}

// Codes are every supported code: Main, then the EU's, sorted.
func Codes() []string {
	var eu []string
	for c := range euCountries {
		eu = append(eu, c)
	}
	slices.Sort(eu)
	return append(slices.Clone(Main), eu...)
}

// SupportedText lists the supported countries for an error's hint.
func SupportedText() string {
	return "supported: " + strings.Join(Main, ", ") + ", and the other EU countries (" + strings.Join(Codes()[len(Main):], ", ") + ")"
}

// Region returns the region subtag of a language tag ("en-AU" → "AU",
// "es-419" → ""), upper-cased, or "" when it has none.
func Region(tag string) string {
	parts := strings.FieldsFunc(tag, func(r rune) bool { return r == '-' || r == '_' })
	for _, p := range parts[min(1, len(parts)):] {
		if len(p) == 2 && isLetters(p) {
			return strings.ToUpper(p)
		}
	}
	return ""
}

func isLetters(s string) bool {
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return false
		}
	}
	return true
}

// Date writes t's calendar day as the country does: "December 1, 2026"
// or "1 December 2026". t is taken in its own location.
func (c *Country) Date(t time.Time) string {
	if c.MonthFirst {
		return t.Format("January 2, 2006")
	}
	return t.Format("2 January 2006")
}

// LongDate writes t's day with its weekday: "Tuesday, December 1, 2026"
// or "Tuesday 1 December 2026".
func (c *Country) LongDate(t time.Time) string {
	if c.MonthFirst {
		return t.Format("Monday, ") + c.Date(t)
	}
	return t.Format("Monday ") + c.Date(t)
}

// Day parses a calendar day written "2006-01-02" and writes it as Date
// does; anything else is returned as it is.
func (c *Country) Day(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return c.Date(t)
}

// Time writes a time of day, hour 0-24 and minute, as the country does.
func (c *Country) Time(hour, minute int) string {
	if c.Clock == Clock24 {
		return fmt.Sprintf("%02d:%02d", hour, minute)
	}
	h := hour % 12
	if h == 0 {
		h = 12
	}
	pm := hour%24 >= 12
	switch c.Clock {
	case ClockCompact:
		// "8am", "6:30pm", "12pm": the NHS's, the HSE's and healthdirect's style.
		suffix := "am"
		if pm {
			suffix = "pm"
		}
		if minute == 0 {
			return fmt.Sprintf("%d%s", h, suffix)
		}
		return fmt.Sprintf("%d:%02d%s", h, minute, suffix)
	case ClockDottedAMPM:
		suffix := "a.m."
		if pm {
			suffix = "p.m."
		}
		return fmt.Sprintf("%d:%02d %s", h, minute, suffix)
	}
	suffix := "AM"
	if pm {
		suffix = "PM"
	}
	return fmt.Sprintf("%d:%02d %s", h, minute, suffix)
}

// ClockText writes a time of day written "HH:MM" (24-hour) as Time does;
// anything else is returned as it is.
func (c *Country) ClockText(hhmm string) string {
	h, m, ok := ParseHHMM(hhmm)
	if !ok {
		return hhmm
	}
	return c.Time(h, m)
}

// ParseHHMM reads a 24-hour time "08:00"; "24:00" is the end of a day.
func ParseHHMM(s string) (hour, minute int, ok bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, 0, false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, 0, false
		}
	}
	hour = int(s[0]-'0')*10 + int(s[1]-'0')
	minute = int(s[3]-'0')*10 + int(s[4]-'0')
	if minute > 59 || hour > 24 || hour == 24 && minute != 0 {
		return 0, 0, false
	}
	return hour, minute, true
}

// PrivacyLaw names the law that protects a patient's details at a
// practice in region (a state or province code, "ON"; may be empty), as a
// privacy finding's note says it: "HIPAA identifier", "personal
// information under the Privacy Act 1988 (APPs)".
func (c *Country) PrivacyLaw(region string) string {
	if l, ok := c.RegionLaw[strings.ToUpper(region)]; ok {
		return l
	}
	return c.Law
}
