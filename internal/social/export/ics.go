package export

import (
	"strings"
	"time"
	"unicode/utf8"
)

// EventLength is how long a calendar event for a snippet lasts: the few
// minutes of posting it and looking at the first replies.
const EventLength = 15 * time.Minute

// maxLineOctets is RFC 5545's limit on a content line, CRLF not counted
// (section 3.1).
const maxLineOctets = 75

// calendarFile writes calendar.ics per RFC 5545: CRLF line ends, TEXT values
// escaped, every content line folded at 75 octets on a UTF-8 boundary.
//
// Each item is one VEVENT: UID is the item id at the base URL's host, stable
// across rebuilds, so a subscribed calendar updates an event in place;
// DTSTAMP is Plan.Generated and DTSTART the scheduled time, both in UTC
// (a UTC time needs no VTIMEZONE); DTEND is [EventLength] later, since
// without it an event lasts no time at all (RFC 5545 3.6.1), which some
// calendars hide or show as a sliver; SUMMARY is "Platform: post title";
// DESCRIPTION is the snippet's full text; URL is the post's canonical URL,
// without tracking parameters, so opening it from a calendar is not counted
// as a social visit. The events are TRANSPARENT: a reminder to post does not
// make the practice look busy to anyone booking its time.
func calendarFile(p *Plan, items []Item) []byte {
	var b strings.Builder
	line := func(name, value string) {
		b.WriteString(foldLine(name + ":" + value))
	}
	utc := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

	h := host(p.BaseURL)
	stamp := utc(p.Generated)
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//carepress//social plan//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if p.Site != "" {
		line("X-WR-CALNAME", icsText(p.Site+" social plan"))
	}
	for _, it := range items {
		link := it.PostURL
		if link == "" {
			link = it.URL
		}
		line("BEGIN", "VEVENT")
		line("UID", icsText(it.ID+"@"+h))
		line("DTSTAMP", stamp)
		line("DTSTART", utc(it.ScheduledAt))
		line("DTEND", utc(it.ScheduledAt.Add(EventLength)))
		// The language of a post's title and text (RFC 5545 3.2.10).
		lang := ""
		if it.Lang != "" {
			lang = ";LANGUAGE=" + it.Lang
		}
		line("SUMMARY"+lang, icsText(platformName(it.Platform)+": "+it.PostTitle))
		line("DESCRIPTION"+lang, icsText(it.Text))
		if link != "" {
			line("URL", link) // a URI value: not TEXT-escaped (RFC 5545 3.3.13)
		}
		line("TRANSP", "TRANSPARENT")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return []byte(b.String())
}

// icsText returns s as an RFC 5545 TEXT value (section 3.3.11): backslash,
// ';' and ',' are backslash-escaped and a line break becomes "\n".
//
// TEXT cannot hold control characters other than HTAB, so s is first
// normalised by [normalizeText]; for a text that needs no normalising,
// unescaping the result gives s back exactly.
func icsText(s string) string {
	s = normalizeText(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// normalizeText makes s fit for a TEXT value: CRLF and a lone CR become LF,
// other control characters but HTAB are dropped, and invalid UTF-8 becomes
// U+FFFD.
func normalizeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || (r >= 0x20 && r != 0x7f) {
			return r
		}
		return -1
	}, s)
}

// foldLine ends the content line with CRLF and folds it (RFC 5545 section
// 3.1) so that no physical line exceeds 75 octets: a continuation line starts
// with one space, which counts toward its 75. A fold never splits a UTF-8
// sequence, nor a backslash escape, whose halves on two lines trip up lax
// readers even though unfolding rejoins them.
func foldLine(line string) string {
	var b strings.Builder
	b.Grow(len(line) + len(line)/70*3 + 2)
	width := 0 // octets on the current physical line, leading space included
	for i := 0; i < len(line); {
		n := unitLen(line[i:])
		if width+n > maxLineOctets {
			b.WriteString("\r\n ")
			width = 1
		}
		b.WriteString(line[i : i+n])
		width += n
		i += n
	}
	b.WriteString("\r\n")
	return b.String()
}

// unitLen is the length of the unit a fold must not split at the start of
// s: a backslash escape, or one UTF-8 sequence (one byte if invalid).
func unitLen(s string) int {
	if s[0] == '\\' && len(s) > 1 && s[1] < utf8.RuneSelf {
		return 2
	}
	_, n := utf8.DecodeRuneInString(s)
	return n
}
