package cadence

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseSlot(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Slot
		suggest string // "" with wantErr false
		errPart string
	}{
		{in: "Tue 09:00", want: Slot{time.Tuesday, 9, 0}},
		{in: "Thu 12:30", want: Slot{time.Thursday, 12, 30}},
		{in: "Sun 00:00", want: Slot{time.Sunday, 0, 0}},
		{in: "Sat 23:55", want: Slot{time.Saturday, 23, 55}},
		{in: "Tue 9am", suggest: "Tue 09:00", errPart: "HH:MM"},
		{in: "tue 9:30", suggest: "Tue 09:30"},
		{in: "Tuesday 09:00", suggest: "Tue 09:00"},
		{in: "THURS 12.30pm", suggest: "Thu 12:30"},
		{in: "Fri 2:15 p.m.", suggest: "Fri 14:15"},
		{in: "Mon 12am", suggest: "Mon 00:00"},
		{in: "Wed noon", suggest: "Wed 12:00"},
		{in: "Tue  09:00", suggest: "Tue 09:00"},
		{in: "Tue 0930", suggest: "Tue 09:30"},
		{in: "Tue 9:07am", suggest: "Tue 09:05"},
		{in: "Tue 09:07", suggest: "Tue 09:05", errPart: "5-minute mark"},
		{in: "Tue 09:08", suggest: "Tue 09:10", errPart: "5-minute mark"},
		{in: "Sat 23:58", suggest: "Sun 00:00", errPart: "5-minute mark"},
		{in: "Tue 24:00", suggest: "Tue 09:00"},
		{in: "Tue 13pm", suggest: "Tue 09:00"},
		{in: "Tue", suggest: "Tue 09:00"},
		{in: "", suggest: "Tue 09:00"},
		{in: "Tu 09:00", suggest: "Tue 09:00"},
		{in: "Mo 9:00", suggest: "Mon 09:00"},
		{in: "T 09:00", suggest: "Tue 09:00", errPart: "unknown weekday"},
		{in: "Blursday 10:00", suggest: "Tue 10:00", errPart: "unknown weekday"},
	} {
		got, err := ParseSlot(tc.in)
		if tc.suggest == "" {
			if err != nil || got != tc.want {
				t.Errorf("ParseSlot(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
			if got.String() != tc.in {
				t.Errorf("Slot.String() = %q, want %q", got.String(), tc.in)
			}
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("ParseSlot(%q) = %v, %v; want *ParseError", tc.in, got, err)
			continue
		}
		if pe.Suggestion != tc.suggest {
			t.Errorf("ParseSlot(%q) suggests %q, want %q (%v)", tc.in, pe.Suggestion, tc.suggest, err)
		}
		if _, err := ParseSlot(pe.Suggestion); err != nil {
			t.Errorf("suggestion %q does not parse: %v", pe.Suggestion, err)
		}
		msg := err.Error()
		if !strings.Contains(msg, `"`+tc.suggest+`"`) || !strings.Contains(msg, tc.errPart) || !strings.Contains(msg, tc.in) {
			t.Errorf("ParseSlot(%q) error %q should quote input, %q and suggest %q", tc.in, msg, tc.errPart, tc.suggest)
		}
	}
}

func TestParseClock(t *testing.T) {
	for _, tc := range []struct {
		in      string
		h, m    int
		suggest string
	}{
		{in: "06:00", h: 6},
		{in: "23:59", h: 23, m: 59},
		{in: "6am", suggest: "06:00"},
		{in: "6:00", suggest: "06:00"},
		{in: "18.30", suggest: "18:30"},
		{in: "6:30 pm", suggest: "18:30"},
		{in: "25:00", suggest: "06:00"},
		{in: "", suggest: "06:00"},
	} {
		h, m, err := ParseClock(tc.in)
		if tc.suggest == "" {
			if err != nil || h != tc.h || m != tc.m {
				t.Errorf("ParseClock(%q) = %d, %d, %v", tc.in, h, m, err)
			}
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Suggestion != tc.suggest {
			t.Errorf("ParseClock(%q) = %v; want suggestion %q", tc.in, err, tc.suggest)
		}
	}
}

func TestParseOffset(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Offset
		suggest string
		bad     bool
	}{
		{in: "7d", want: Offset{Days: 7}},
		{in: "90d", want: Offset{Days: 90}},
		{in: "2w", want: Offset{Days: 14}},
		{in: "36h", want: Offset{Hours: 36}},
		{in: "7 days", suggest: "7d", bad: true},
		{in: "1 Week", suggest: "1w", bad: true},
		{in: "7D", suggest: "7d", bad: true},
		{in: "0d", bad: true},
		{in: "-7d", bad: true},
		{in: "7", bad: true},
		{in: "7m", bad: true},
		{in: "1d12h", bad: true},
	} {
		got, err := ParseOffset(tc.in)
		if !tc.bad {
			if err != nil || got != tc.want {
				t.Errorf("ParseOffset(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Suggestion != tc.suggest {
			t.Errorf("ParseOffset(%q) = %v, %v; want error suggesting %q", tc.in, got, err, tc.suggest)
		}
	}
}

// FuzzParse holds the three parsers to their contract for any input: a
// value that parses prints back as its input, and an error is a
// *ParseError naming the input, whose suggestion, when there is one, is
// itself accepted.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"Tue 09:00", "tue 9:30", "Tuesday 9am", "Sun 23:58", "06:00", "6:30 pm", "7d", "2w", "7 days", "", "noon", "Thu 12.30pm"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		suggested := func(err error, accept func(string) error) {
			t.Helper()
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Input != s {
				t.Fatalf("%q: error %v is not a *ParseError of the input", s, err)
			}
			if pe.Suggestion != "" {
				if err := accept(pe.Suggestion); err != nil {
					t.Fatalf("%q: suggestion %q does not parse: %v", s, pe.Suggestion, err)
				}
			}
		}
		if sl, err := ParseSlot(s); err == nil {
			if sl.String() != s || sl.Valid() != nil {
				t.Fatalf("ParseSlot(%q) = %v, which prints as %q", s, sl, sl.String())
			}
		} else {
			suggested(err, func(x string) error { _, err := ParseSlot(x); return err })
		}
		if h, m, err := ParseClock(s); err == nil {
			if got := fmt.Sprintf("%02d:%02d", h, m); got != s {
				t.Fatalf("ParseClock(%q) = %s", s, got)
			}
		} else {
			suggested(err, func(x string) error { _, _, err := ParseClock(x); return err })
		}
		if off, err := ParseOffset(s); err == nil {
			if again, err := ParseOffset(off.String()); err != nil || again != off {
				t.Fatalf("ParseOffset(%q) = %v, which does not read back: %v, %v", s, off, again, err)
			}
		} else {
			suggested(err, func(x string) error { _, err := ParseOffset(x); return err })
		}
	})
}
