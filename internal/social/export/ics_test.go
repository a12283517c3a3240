package export

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

// checkContentLines fails unless every line of an iCalendar stream ends in
// CRLF, has no bare CR or LF, is at most 75 octets and is valid UTF-8 on
// its own (so no fold split a character).
func checkContentLines(t testing.TB, stream string) {
	t.Helper()
	if !strings.HasSuffix(stream, "\r\n") {
		t.Errorf("stream does not end in CRLF")
	}
	for i, line := range strings.Split(strings.TrimSuffix(stream, "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d holds a bare CR or LF: %q", i+1, line)
		}
		if len(line) > maxLineOctets {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, line)
		}
	}
}

// unfold undoes RFC 5545 folding: a CRLF followed by one space or tab goes.
func unfold(s string) string {
	s = strings.ReplaceAll(s, "\r\n ", "")
	return strings.ReplaceAll(s, "\r\n\t", "")
}

// unescapeText undoes TEXT escaping, reading left to right. It fails on a
// value RFC 5545 does not allow: a bare ';' or ',', or an unknown escape.
func unescapeText(t testing.TB, s string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == ';' || s[i] == ',' {
			t.Fatalf("unescaped %q at %d in %q", s[i], i, s)
		}
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		i++
		if i == len(s) {
			t.Fatalf("dangling backslash in %q", s)
		}
		switch s[i] {
		case '\\', ';', ',':
			b.WriteByte(s[i])
		case 'n', 'N':
			b.WriteByte('\n')
		default:
			t.Fatalf("unknown escape \\%c in %q", s[i], s)
		}
	}
	return b.String()
}

func TestICSTextEscapes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`a\b`, `a\\b`},
		{"a;b,c", `a\;b\,c`},
		{"line\nnext", `line\nnext`},
		{"crlf\r\nnext\rlast", `crlf\nnext\nlast`},
		{"tab\tkept, bell\a dropped", `tab` + "\t" + `kept\, bell dropped`},
		{`\n is not a newline`, `\\n is not a newline`},
		{"\"quotes\" and: colons", `"quotes" and: colons`},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := icsText(tt.in); got != tt.want {
			t.Errorf("icsText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestICSFoldsLongLinesOnCharacterBoundaries(t *testing.T) {
	texts := []string{
		strings.Repeat("流感疫苗接种", 40),           // 3-byte runes
		strings.Repeat("🤧🌼👩‍⚕️", 30),           // 4-byte runes and ZWJ sequences
		"x" + strings.Repeat("é", 100),         // 2-byte runes at an odd offset
		strings.Repeat("a;b,c\\d\n", 30),       // escapes everywhere
		strings.Repeat("a", 63) + "🌼" + "tail", // a rune straddling octet 75
	}
	for _, text := range texts {
		line := foldLine("DESCRIPTION:" + icsText(text))
		checkContentLines(t, line)
		if got := unescapeText(t, strings.TrimPrefix(strings.TrimSuffix(unfold(line), "\r\n"), "DESCRIPTION:")); got != text {
			t.Errorf("round trip of %q gave %q", text, got)
		}
		// No physical line ends inside a backslash escape.
		for _, l := range strings.Split(line, "\r\n") {
			if n := len(l) - len(strings.TrimRight(l, `\`)); n%2 == 1 {
				t.Errorf("a fold split an escape: %q", l)
			}
		}
	}
}

func TestICSLineIsFoldedAtExactly75Octets(t *testing.T) {
	line := foldLine(strings.Repeat("a", 75))
	if line != strings.Repeat("a", 75)+"\r\n" {
		t.Errorf("a 75-octet line was folded: %q", line)
	}
	line = foldLine(strings.Repeat("a", 76))
	if line != strings.Repeat("a", 75)+"\r\n a\r\n" {
		t.Errorf("76 octets folded as %q", line)
	}
	// A continuation line holds 74 octets after its space.
	line = foldLine(strings.Repeat("a", 75+74+1))
	want := strings.Repeat("a", 75) + "\r\n " + strings.Repeat("a", 74) + "\r\n a\r\n"
	if line != want {
		t.Errorf("150 octets folded as %q", line)
	}
}

func TestCalendarHasTheRequiredProperties(t *testing.T) {
	files, err := Files(samplePlan(t))
	if err != nil {
		t.Fatal(err)
	}
	cal := string(files["calendar.ics"])
	checkContentLines(t, cal)
	unfolded := unfold(cal)
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\n", "VERSION:2.0\r\n", "PRODID:", "CALSCALE:GREGORIAN\r\n",
		"UID:spring-allergies:x:0@clinic.example.com\r\n",
		"DTSTAMP:20261201T060000Z\r\n",
		"DTSTART:20261201T150000Z\r\n",
		"SUMMARY:X: Spring allergies: what “helps”\\, really\r\n",
		"URL:https://clinic.example.com/posts/spring-allergies/\r\n",
		"END:VCALENDAR\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("calendar.ics lacks %q", want)
		}
	}
	if n := strings.Count(unfolded, "BEGIN:VEVENT\r\n"); n != 4 {
		t.Errorf("%d events, want 4 (every item but the past one)", n)
	}
}

// TestCalendarSurvivesARealParser parses calendar.ics with an independent
// iCalendar library and checks that every event's UID, DTSTART, SUMMARY,
// DESCRIPTION (unescaped) and URL come back as the plan gave them.
func TestCalendarSurvivesARealParser(t *testing.T) {
	p := samplePlan(t)
	// Long multilingual text, so folding is exercised through the parser too.
	p.Items[0].Text += "\n" + strings.Repeat("花粉症の季節です；“quoted”, comma\\backslash 🤧 ", 8)
	files, err := Files(p)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(files["calendar.ics"]))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Item{}
	for _, it := range p.Items {
		if !it.ScheduledAt.Before(p.Generated) {
			want[it.ID+"@clinic.example.com"] = it
		}
	}
	events := cal.Events()
	if len(events) != len(want) {
		t.Fatalf("parser found %d events, want %d", len(events), len(want))
	}
	prop := func(e *ics.VEvent, name ics.ComponentProperty) string {
		if p := e.GetProperty(name); p != nil {
			return p.Value
		}
		return ""
	}
	for _, e := range events {
		it, ok := want[e.Id()]
		if !ok {
			t.Errorf("unexpected UID %q", e.Id())
			continue
		}
		delete(want, e.Id())
		start, err := e.GetStartAt()
		if err != nil || !start.Equal(it.ScheduledAt) {
			t.Errorf("%s DTSTART = %v, %v; want %v", it.ID, start, err, it.ScheduledAt)
		}
		stamp, err := e.GetDtStampTime()
		if err != nil || !stamp.Equal(p.Generated) {
			t.Errorf("%s DTSTAMP = %v, %v; want %v", it.ID, stamp, err, p.Generated)
		}
		if got, w := prop(e, ics.ComponentPropertySummary), platformName(it.Platform)+": "+it.PostTitle; got != w {
			t.Errorf("%s SUMMARY = %q, want %q", it.ID, got, w)
		}
		if got := prop(e, ics.ComponentPropertyDescription); got != it.Text {
			t.Errorf("%s DESCRIPTION = %q, want the snippet text %q", it.ID, got, it.Text)
		}
		if got := prop(e, ics.ComponentPropertyUrl); got != it.PostURL {
			t.Errorf("%s URL = %q, want %q", it.ID, got, it.PostURL)
		}
	}
	for uid := range want {
		t.Errorf("event %s did not survive", uid)
	}
	if got := cal.CalendarProperties; len(got) == 0 {
		t.Errorf("parser found no calendar properties")
	}
}

func TestEmptyCalendarStillParses(t *testing.T) {
	p := samplePlan(t)
	p.Items = nil
	files, err := Files(p)
	if err != nil {
		t.Fatal(err)
	}
	checkContentLines(t, string(files["calendar.ics"]))
	cal, err := ics.ParseCalendar(bytes.NewReader(files["calendar.ics"]))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cal.Events()); n != 0 {
		t.Errorf("%d events in an empty plan's calendar", n)
	}
}

func TestCalendarDTSTAMPComesFromThePlanClock(t *testing.T) {
	p := samplePlan(t)
	a, err := Files(p)
	if err != nil {
		t.Fatal(err)
	}
	p.Generated = p.Generated.Add(-24 * time.Hour)
	b, err := Files(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(unfold(string(b["calendar.ics"])), "DTSTAMP:20261130T060000Z\r\n") {
		t.Errorf("DTSTAMP does not follow Plan.Generated")
	}
	if bytes.Equal(a["calendar.ics"], b["calendar.ics"]) {
		t.Errorf("calendar.ics did not change with Plan.Generated")
	}
}

// FuzzICSText checks, for any text, that the escaped and folded content line
// obeys RFC 5545's line rules and that unfolding and unescaping it gives back
// the text (after the documented normalisation, which leaves ordinary text
// alone).
func FuzzICSText(f *testing.F) {
	for _, s := range []string{
		"", "plain", "a;b,c\\d\ne", "\r\n\r", strings.Repeat("流感🤧", 50),
		strings.Repeat("\\", 80), "bad \xff\xfe bytes", "tab\there\x00nul",
		strings.Repeat("é", 37) + "\\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line := foldLine("DESCRIPTION:" + icsText(s))
		checkContentLines(t, line)
		got := unescapeText(t, strings.TrimPrefix(strings.TrimSuffix(unfold(line), "\r\n"), "DESCRIPTION:"))
		if want := normalizeText(s); got != want {
			t.Fatalf("round trip of %q gave %q, want %q", s, got, want)
		}
		if normalizeText(s) == s && got != s {
			t.Fatalf("a text needing no normalisation changed: %q -> %q", s, got)
		}
	})
}
