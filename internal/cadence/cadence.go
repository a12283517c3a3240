// Package cadence reads the times of the social planner's settings, as
// carepress.yaml writes them: a weekly slot ("Tue 09:00"), a reshare offset
// ("7d") and a time of day ("06:00"). Each has one accepted form; anything
// else is a *ParseError that names the value and, when the input can be read
// leniently, suggests the accepted form.
//
// It sits below both the configuration (internal/config), which parses the
// settings at load, and the planner (internal/social/schedule), which places
// shares in the slots, so that neither imports the other.
package cadence

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Slot is a weekly posting time, a wall-clock time in the site's time zone,
// written "Tue 09:00".
type Slot struct {
	Weekday      time.Weekday
	Hour, Minute int
}

// String returns the slot in its canonical form, e.g. "Tue 09:00".
func (s Slot) String() string {
	return fmt.Sprintf("%s %02d:%02d", dayAbbr(s.Weekday), s.Hour, s.Minute)
}

// Valid reports whether the slot could have come from [ParseSlot]: a weekday
// Sunday..Saturday, an hour 0..23 and a minute 0..55 on a 5-minute mark.
func (s Slot) Valid() error {
	switch {
	case s.Weekday < time.Sunday || s.Weekday > time.Saturday:
		return fmt.Errorf("slot weekday %d out of range", int(s.Weekday))
	case s.Hour < 0 || s.Hour > 23:
		return fmt.Errorf("slot %s: hour out of range 0..23", s)
	case s.Minute < 0 || s.Minute > 59:
		return fmt.Errorf("slot %s: minute out of range 0..59", s)
	case s.Minute%5 != 0:
		return fmt.Errorf("slot %s: minutes must be on a 5-minute mark", s)
	}
	return nil
}

// ParseError is the error of [ParseSlot], [ParseClock] and [ParseOffset]. It
// names the kind of value, the input and the reason, and, when one can be
// worked out, a corrected value to suggest. Callers add the file and field.
type ParseError struct {
	Kind       string // "slot", "clock" or "offset"
	Input      string
	Reason     string
	Suggestion string // "" when there is nothing to suggest
}

func (e *ParseError) Error() string {
	msg := fmt.Sprintf("%s %q: %s", e.Kind, e.Input, e.Reason)
	if e.Suggestion != "" {
		msg += fmt.Sprintf("; did you mean %q?", e.Suggestion)
	}
	return msg
}

var (
	slotRE   = regexp.MustCompile(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([01][0-9]|2[0-3]):([0-5][0-9])$`)
	clockRE  = regexp.MustCompile(`^([01][0-9]|2[0-3]):([0-5][0-9])$`)
	offsetRE = regexp.MustCompile(`^([0-9]{1,5})([hdw])$`)
)

var dayNames = [7]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

func dayAbbr(d time.Weekday) string {
	if d < time.Sunday || d > time.Saturday {
		return fmt.Sprintf("Day(%d)", int(d))
	}
	n := dayNames[d]
	return strings.ToUpper(n[:1]) + n[1:3]
}

// ParseSlot parses a slot in the one accepted form "Ddd HH:MM": an English
// three-letter weekday with a capital first letter (Mon Tue Wed Thu Fri Sat
// Sun), one space, and a 24-hour time with two-digit hour and minute. The
// minute must be on a 5-minute mark.
//
// Anything else is a *[ParseError]. When the input can be read leniently
// ("tue 9:30", "Tuesday 9am", "Thu 12.30pm") the error suggests the canonical
// form ("Tue 09:30"); when the minute is off a 5-minute mark it suggests the
// nearest mark ("Tue 09:07" suggests "Tue 09:05", "Sun 23:58" suggests
// "Mon 00:00").
func ParseSlot(s string) (Slot, error) {
	if m := slotRE.FindStringSubmatch(s); m != nil {
		day, _ := lookupDay(m[1])
		h, _ := strconv.Atoi(m[2])
		mi, _ := strconv.Atoi(m[3])
		slot := Slot{Weekday: day, Hour: h, Minute: mi}
		if mi%5 != 0 {
			return Slot{}, &ParseError{Kind: "slot", Input: s,
				Reason:     "minutes must be on a 5-minute mark",
				Suggestion: roundSlot(slot).String()}
		}
		return slot, nil
	}
	const want = `want "Ddd HH:MM", a weekday Mon..Sun and a 24-hour time`
	e := &ParseError{Kind: "slot", Input: s, Reason: want, Suggestion: "Tue 09:00"}
	fields := strings.Fields(s)
	if len(fields) < 2 {
		return Slot{}, e
	}
	day, ok := lookupDay(fields[0])
	if !ok {
		e.Reason = want + "; unknown weekday " + strconv.Quote(fields[0])
		if h, mi, ok := lenientClock(strings.Join(fields[1:], "")); ok {
			e.Suggestion = roundSlot(Slot{time.Tuesday, h, mi}).String()
		}
		return Slot{}, e
	}
	h, mi, ok := lenientClock(strings.Join(fields[1:], ""))
	if !ok {
		e.Suggestion = Slot{day, 9, 0}.String()
		return Slot{}, e
	}
	e.Suggestion = roundSlot(Slot{day, h, mi}).String()
	return Slot{}, e
}

// roundSlot moves a slot to the nearest 5-minute mark (2 minutes down, 3 or 4
// up), into the next day when it rounds up to midnight.
func roundSlot(s Slot) Slot {
	t := s.Hour*60 + s.Minute
	t = (t + 2) / 5 * 5
	if t >= 24*60 {
		t -= 24 * 60
		s.Weekday = (s.Weekday + 1) % 7
	}
	s.Hour, s.Minute = t/60, t%60
	return s
}

// lookupDay reads a weekday leniently: any case, the full English name or a
// prefix of it of at least two letters ("Mo", "tue", "Tues", "THURS"; two
// letters already tell the days apart), with a trailing "." or "," ignored.
func lookupDay(tok string) (time.Weekday, bool) {
	tok = strings.ToLower(strings.TrimRight(tok, ".,"))
	if len(tok) < 2 {
		return 0, false
	}
	for i, n := range dayNames {
		if strings.HasPrefix(n, tok) {
			return time.Weekday(i), true
		}
	}
	return 0, false
}

// lenientClock reads a time of day leniently, for suggestions only: "9",
// "9:30", "9.30", "0930", "9am", "9:30 p.m.", "noon", "midnight". Spaces must
// already be removed.
func lenientClock(s string) (h, mi int, ok bool) {
	s = strings.ToLower(strings.ReplaceAll(s, " ", ""))
	switch s {
	case "noon", "midday":
		return 12, 0, true
	case "midnight":
		return 0, 0, true
	}
	s = strings.ReplaceAll(s, ".m.", "m")
	s = strings.ReplaceAll(s, ".m", "m")
	ampm := ""
	for _, suf := range []string{"am", "pm", "a", "p"} {
		if strings.HasSuffix(s, suf) {
			ampm = suf[:1]
			s = strings.TrimSuffix(s, suf)
			break
		}
	}
	var hs, ms string
	if i := strings.IndexAny(s, ":.h"); i >= 0 {
		hs, ms = s[:i], s[i+1:]
	} else if len(s) >= 3 && len(s) <= 4 {
		hs, ms = s[:len(s)-2], s[len(s)-2:]
	} else {
		hs, ms = s, "0"
	}
	if hs == "" || len(hs) > 2 || len(ms) > 2 || ms == "" {
		return 0, 0, false
	}
	h, err1 := strconv.Atoi(hs)
	mi, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || h < 0 || mi < 0 || mi > 59 {
		return 0, 0, false
	}
	switch ampm {
	case "":
		if h > 23 {
			return 0, 0, false
		}
	default:
		if h < 1 || h > 12 {
			return 0, 0, false
		}
		h %= 12
		if ampm == "p" {
			h += 12
		}
	}
	return h, mi, true
}

// ParseClock parses a time of day in the one accepted form "HH:MM", 24-hour,
// two-digit hour and minute ("06:00"), as used by social.rebuild_at. Any
// minute is accepted. Anything else is a *[ParseError], with a suggestion
// when the input can be read leniently ("6am" suggests "06:00").
func ParseClock(s string) (hour, min int, err error) {
	if m := clockRE.FindStringSubmatch(s); m != nil {
		hour, _ = strconv.Atoi(m[1])
		min, _ = strconv.Atoi(m[2])
		return hour, min, nil
	}
	e := &ParseError{Kind: "clock", Input: s, Reason: `want "HH:MM", a 24-hour time`, Suggestion: "06:00"}
	if h, mi, ok := lenientClock(s); ok {
		e.Suggestion = fmt.Sprintf("%02d:%02d", h, mi)
	}
	return 0, 0, e
}

// Offset is a reshare offset such as "7d": whole calendar days (weeks are 7
// days) plus hours. Days are added on the calendar in the planner's zone, so
// "7d" after Tue 09:00 is the next Tue 09:00 across a DST change; hours are
// added as elapsed time.
type Offset struct {
	Days  int
	Hours int
}

// String returns the offset in the form ParseOffset accepts.
func (o Offset) String() string {
	switch {
	case o.Days == 0:
		return fmt.Sprintf("%dh", o.Hours)
	case o.Hours == 0 && o.Days%7 == 0:
		return fmt.Sprintf("%dw", o.Days/7)
	case o.Hours == 0:
		return fmt.Sprintf("%dd", o.Days)
	}
	return fmt.Sprintf("%dd%dh", o.Days, o.Hours)
}

// ParseOffset parses a reshare offset: a positive whole number and one unit,
// h (hours), d (days) or w (weeks), e.g. "7d", "90d", "2w", "36h". Anything
// else is a *[ParseError], with a suggestion when the input can be read
// leniently ("7 days" suggests "7d").
func ParseOffset(s string) (Offset, error) {
	if m := offsetRE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n > 0 {
			switch m[2] {
			case "h":
				return Offset{Hours: n}, nil
			case "d":
				return Offset{Days: n}, nil
			default:
				return Offset{Days: 7 * n}, nil
			}
		}
	}
	e := &ParseError{Kind: "offset", Input: s, Reason: `want a positive number and a unit h, d or w, e.g. "7d"`}
	l := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	i := strings.IndexFunc(l, func(r rune) bool { return r < '0' || r > '9' })
	if i > 0 {
		n, err := strconv.Atoi(l[:i])
		unit := ""
		switch l[i:] {
		case "h", "hr", "hrs", "hour", "hours":
			unit = "h"
		case "d", "day", "days":
			unit = "d"
		case "w", "wk", "wks", "week", "weeks":
			unit = "w"
		}
		if err == nil && n > 0 && unit != "" && n < 100000 {
			e.Suggestion = strconv.Itoa(n) + unit
		}
	}
	return Offset{}, e
}
