package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/carepress/carepress/internal/locale"
)

// Hours is one line of opening hours: days of the week and a time span.
type Hours struct {
	Days        []string // schema.org day names: Monday, Tuesday, ...
	Opens       string   // "08:00"
	Closes      string   // "17:00"
	DaysWritten string   // as written: "Mo-Fr"
}

var (
	dayCodes = []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}
	dayNames = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	hoursRE  = regexp.MustCompile(`^([A-Z][a-z](?:-[A-Z][a-z])?(?:,[A-Z][a-z](?:-[A-Z][a-z])?)*)\s+([0-2]\d:[0-5]\d)-([0-2]\d:[0-5]\d)$`)
)

// DaysText is the days in words, in English: "Monday to Friday",
// "Monday, Wednesday". A page in another language writes them with
// locale.Locale.DaysText.
func (h Hours) DaysText() string {
	return locale.Locale{}.DaysText(h.DaysWritten)
}

// ParseHours parses schema.org openingHours text such as "Mo-Fr 08:00-17:00"
// or "Mo,We 08:00-12:00".
func ParseHours(s string) (Hours, error) {
	m := hoursRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Hours{}, fmt.Errorf("opening hours %q do not parse", s)
	}
	h := Hours{Opens: m[2], Closes: m[3], DaysWritten: m[1]}
	oh, om, ok1 := locale.ParseHHMM(h.Opens)
	ch, cm, ok2 := locale.ParseHHMM(h.Closes)
	switch {
	case !ok1 || oh == 24:
		return Hours{}, fmt.Errorf("opening hours %q: %q is not a time of day", s, h.Opens)
	case !ok2:
		return Hours{}, fmt.Errorf("opening hours %q: %q is not a time of day", s, h.Closes)
	case ch*60+cm <= oh*60+om:
		return Hours{}, fmt.Errorf("opening hours %q close at or before they open", s)
	}
	for _, part := range strings.Split(m[1], ",") {
		from, to, isRange := strings.Cut(part, "-")
		i, j := index(dayCodes, from), index(dayCodes, from)
		if isRange {
			j = index(dayCodes, to)
		}
		if i < 0 || j < 0 || j < i {
			return Hours{}, fmt.Errorf("opening hours %q: %q is not a day or range of days (Mo, Tu, We, Th, Fr, Sa, Su)", s, part)
		}
		h.Days = append(h.Days, dayNames[i:j+1]...)
	}
	return h, nil
}

func index(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
