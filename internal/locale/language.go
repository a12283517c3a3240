package locale

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// Language is a language carepress writes its interface in: the names of
// its months and weekdays, and how it phrases a date. Which words a page
// shows is the message catalog's business (package i18n); how a date, a
// time of day or a number is written is this package's.
type Language struct {
	// Code is the ISO 639-1 code: "en", "es".
	Code string
	// Name is the language's name in itself, as a language switcher
	// shows it: "English", "Español".
	Name string
	// English is its name in English, for messages: "Spanish".
	English  string
	months   [12]string
	weekdays [7]string // from Sunday, as time.Weekday counts
	// dayFirst phrases a date "15 de septiembre de 2026", whatever the
	// country: Spanish has one order, in the US as in Spain. English
	// follows the country (Country.MonthFirst).
	dayFirst bool
}

var languages = map[string]*Language{
	"en": {Code: "en", Name: "English", English: "English",
		months:   [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		weekdays: [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}},
	"es": {Code: "es", Name: "Español", English: "Spanish", dayFirst: true,
		months:   [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		weekdays: [7]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"}},
}

// Languages are the codes of the languages carepress writes its interface
// in, in the order the documentation lists them. Every one has a complete
// message catalog (package i18n tests it).
var Languages = []string{"en", "es"}

// Base is the language subtag of a BCP 47 tag, lower-cased: "es-US" →
// "es", "EN" → "en". It does not check that the tag is valid.
func Base(tag string) string {
	b, _, _ := strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
	return strings.ToLower(b)
}

// LookupLanguage returns the conventions of the language of tag ("es-US",
// "es", "en-GB"), when carepress supports it.
func LookupLanguage(tag string) (*Language, bool) {
	l, ok := languages[Base(tag)]
	return l, ok
}

// TagError is why ParseTag refused a language tag.
type TagError struct {
	Tag string
	// Msg says what is wrong; Hint how to write a supported tag.
	Msg, Hint string
}

func (e *TagError) Error() string { return e.Msg }

// ParseTag checks that tag is a well-formed, valid BCP 47 tag of a
// language carepress supports, and returns it in its canonical form
// ("es-us" → "es-US"). A region or script is kept as it is written; any
// the IANA registry knows is accepted ("es-419", "en-CA").
func ParseTag(tag string) (string, error) {
	supported := "carepress writes its interface in " + languageList() + ": write one of them, alone or with a region, such as es-US or en-GB"
	t, err := language.Parse(tag)
	if err != nil || strings.TrimSpace(tag) == "" || strings.ContainsAny(tag, " _") {
		return "", &TagError{Tag: tag, Msg: "is not a BCP 47 language tag", Hint: supported}
	}
	base, _ := t.Base()
	if _, ok := languages[base.String()]; !ok {
		name := base.String()
		return "", &TagError{Tag: tag, Msg: "is a language carepress has no interface in (" + name + ")", Hint: supported}
	}
	return t.String(), nil
}

// IsLanguageCode reports whether s is an ISO 639 language code, alone or
// with a region ("fr", "pt-BR"): what a content file's name may end with
// to say its language (flu-shot.fr.md). "js" (node.js.md) is not.
func IsLanguageCode(s string) bool {
	b, rest, dash := strings.Cut(s, "-")
	if dash && rest == "" || len(b) != 2 || !isLetters(b) || b != strings.ToLower(b) {
		return false
	}
	if _, err := language.ParseBase(b); err != nil {
		return false
	}
	if rest == "" {
		return true
	}
	_, err := language.Parse(s)
	return err == nil
}

func languageList() string {
	var parts []string
	for _, c := range Languages {
		parts = append(parts, languages[c].English+" ("+c+")")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// Locale writes what readers see in one language in one country: the
// language's words and phrasing, and the country's conventions where the
// language leaves them open.
//
// English follows the country entirely: "December 1, 2026" in the US,
// "1 December 2026" in Britain. Spanish writes a date one way everywhere,
// "1 de diciembre de 2026" (month and weekday in lower case, as the RAE
// and the CDC's and CMS's Spanish pages write them), and a time on the
// country's clock with the Americas' Spanish marks: "8:00 a.m." in the
// US, Canada, the UK, Ireland, Australia and New Zealand, and "08:00"
// where the country keeps a 24-hour clock. Numbers group thousands with a
// comma in those countries in either language (US Spanish writes 1,500,
// as CLDR's es-US and the US government's Spanish pages do), and with a
// dot in Spanish in an EU country (Spain writes 1500 and 15.000).
type Locale struct {
	Country *Country
	Lang    *Language
}

// For returns the Locale of the language of tag in c; a language
// carepress does not support is written as English is.
func For(c *Country, tag string) Locale {
	l, ok := LookupLanguage(tag)
	if !ok {
		l = languages["en"]
	}
	return Locale{Country: c, Lang: l}
}

// english reports whether the locale writes dates as its country's English.
func (l Locale) english() bool { return l.Lang == nil || !l.Lang.dayFirst }

// Date writes t's calendar day: "December 1, 2026", "1 December 2026",
// "1 de diciembre de 2026". t is taken in its own location.
func (l Locale) Date(t time.Time) string {
	if l.english() {
		return l.Country.Date(t)
	}
	return strconv.Itoa(t.Day()) + " de " + l.Lang.months[t.Month()-1] + " de " + strconv.Itoa(t.Year())
}

// LongDate writes t's day with its weekday: "Tuesday, December 1, 2026",
// "martes, 1 de diciembre de 2026".
func (l Locale) LongDate(t time.Time) string {
	if l.english() {
		return l.Country.LongDate(t)
	}
	return l.Lang.weekdays[t.Weekday()] + ", " + l.Date(t)
}

// Day parses a calendar day written "2006-01-02" and writes it as Date
// does; anything else is returned as it is.
func (l Locale) Day(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return l.Date(t)
}

// Time writes a time of day, hour 0-24 and minute, on the country's clock.
func (l Locale) Time(hour, minute int) string {
	if l.english() || l.Country.Clock == Clock24 {
		return l.Country.Time(hour, minute)
	}
	h := hour % 12
	if h == 0 {
		h = 12
	}
	suffix := " a.m."
	if hour%24 >= 12 {
		suffix = " p.m."
	}
	return strconv.Itoa(h) + ":" + twoDigits(minute) + suffix
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// ClockText writes a time of day written "HH:MM" (24-hour) as Time does;
// anything else is returned as it is.
func (l Locale) ClockText(hhmm string) string {
	h, m, ok := ParseHHMM(hhmm)
	if !ok {
		return hhmm
	}
	return l.Time(h, m)
}

// Number writes a whole number with its thousands grouped: "15,000" (or
// "15.000" in Spanish in Spain, where a four-digit number stays whole:
// "1500").
func (l Locale) Number(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep, minDigits := ",", 4
	if !l.english() && l.Country != nil && l.Country.EU {
		sep, minDigits = ".", 5
	}
	if len(s) >= minDigits {
		var b strings.Builder
		for i, r := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteString(sep)
			}
			b.WriteRune(r)
		}
		s = b.String()
	}
	if neg {
		return "-" + s
	}
	return s
}

var dayCodes = []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}

// DaysText writes days of the week as opening hours give them ("Mo-Fr",
// "Mo,We", "Mo-Th,Sa") in words: "Monday to Friday", "Lunes a viernes".
// The text heads a line of opening hours, so a Spanish one starts with
// a capital. A code it does not know is left as it is.
func (l Locale) DaysText(written string) string {
	lang := l.Lang
	if lang == nil {
		lang = languages["en"]
	}
	to := " to "
	if lang.Code == "es" {
		to = " a "
	}
	name := func(code string) string {
		for i, c := range dayCodes {
			if c == code {
				return lang.weekdays[(i+1)%7]
			}
		}
		return code
	}
	var parts []string
	for _, part := range strings.Split(written, ",") {
		from, until, isRange := strings.Cut(part, "-")
		w := name(from)
		if isRange {
			w += to + name(until)
		}
		parts = append(parts, w)
	}
	s := strings.Join(parts, ", ")
	if lang.Code != "en" && s != "" {
		r := []rune(s)
		s = strings.ToUpper(string(r[0])) + string(r[1:])
	}
	return s
}
