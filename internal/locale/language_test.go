package locale

import (
	"errors"
	"testing"
	"time"
)

func locale(t *testing.T, country, lang string) Locale {
	t.Helper()
	return For(mustLookup(t, country), lang)
}

func TestDatesAreWrittenInTheLanguageAndCountry(t *testing.T) {
	sep15 := time.Date(2026, 9, 15, 23, 30, 0, 0, time.UTC)
	jan1 := time.Date(2027, 1, 1, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		country, lang string
		day           time.Time
		date, long    string
	}{
		// English follows the country, as Country.Date does.
		{"US", "en-US", sep15, "September 15, 2026", "Tuesday, September 15, 2026"},
		{"GB", "en-GB", sep15, "15 September 2026", "Tuesday 15 September 2026"},
		{"AU", "en", jan1, "1 January 2027", "Friday 1 January 2027"},
		// Spanish has one order everywhere, in lower case.
		{"US", "es-US", sep15, "15 de septiembre de 2026", "martes, 15 de septiembre de 2026"},
		{"US", "es", jan1, "1 de enero de 2027", "viernes, 1 de enero de 2027"},
		{"ES", "es-ES", sep15, "15 de septiembre de 2026", "martes, 15 de septiembre de 2026"},
		{"CA", "es-419", time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC), "6 de diciembre de 2026", "domingo, 6 de diciembre de 2026"},
		// A language carepress has no interface in is written as English.
		{"US", "fr-CA", sep15, "September 15, 2026", "Tuesday, September 15, 2026"},
	} {
		l := locale(t, tc.country, tc.lang)
		if got := l.Date(tc.day); got != tc.date {
			t.Errorf("%s in %s: Date = %q, want %q", tc.lang, tc.country, got, tc.date)
		}
		if got := l.LongDate(tc.day); got != tc.long {
			t.Errorf("%s in %s: LongDate = %q, want %q", tc.lang, tc.country, got, tc.long)
		}
		if got, want := l.Day(tc.day.Format(time.DateOnly)), tc.date; got != want {
			t.Errorf("%s in %s: Day = %q, want %q", tc.lang, tc.country, got, want)
		}
	}
	if got := locale(t, "US", "es").Day("pronto"); got != "pronto" {
		t.Errorf("Day of a non-date = %q, want it as it is", got)
	}
}

// English keeps exactly what Country writes: every page of an English
// site stays as it was.
func TestEnglishLocaleIsTheCountrys(t *testing.T) {
	day := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	for _, code := range Codes() {
		c := mustLookup(t, code)
		l := For(c, "en")
		if l.Date(day) != c.Date(day) || l.LongDate(day) != c.LongDate(day) {
			t.Errorf("%s: English dates %q, %q differ from the country's %q, %q", code, l.Date(day), l.LongDate(day), c.Date(day), c.LongDate(day))
		}
		for _, hm := range [][2]int{{0, 0}, {8, 5}, {12, 0}, {17, 30}, {24, 0}} {
			if l.Time(hm[0], hm[1]) != c.Time(hm[0], hm[1]) {
				t.Errorf("%s: English Time(%d, %d) = %q, country's %q", code, hm[0], hm[1], l.Time(hm[0], hm[1]), c.Time(hm[0], hm[1]))
			}
		}
	}
}

func TestSpanishTimesUseTheCountrysClock(t *testing.T) {
	for _, tc := range []struct {
		country, hhmm, want string
	}{
		{"US", "08:00", "8:00 a.m."},
		{"US", "17:30", "5:30 p.m."},
		{"US", "12:00", "12:00 p.m."},
		{"US", "00:15", "12:15 a.m."},
		{"US", "24:00", "12:00 a.m."},
		{"GB", "09:05", "9:05 a.m."},
		{"ES", "08:00", "08:00"},
		{"ES", "18:30", "18:30"},
		{"US", "8h", "8h"},
	} {
		if got := locale(t, tc.country, "es").ClockText(tc.hhmm); got != tc.want {
			t.Errorf("es in %s: ClockText(%q) = %q, want %q", tc.country, tc.hhmm, got, tc.want)
		}
	}
}

func TestNumbersGroupThousandsAsTheLanguageDoesThere(t *testing.T) {
	for _, tc := range []struct {
		country, lang string
		n             int
		want          string
	}{
		{"US", "en", 7, "7"},
		{"US", "en", 999, "999"},
		{"US", "en", 1500, "1,500"},
		{"GB", "en", 1234567, "1,234,567"},
		{"DE", "en", 15000, "15,000"},
		{"US", "es", 1500, "1,500"},
		{"US", "es", -25000, "-25,000"},
		{"ES", "es", 1500, "1500"},
		{"ES", "es", 15000, "15.000"},
		{"ES", "es", 1234567, "1.234.567"},
	} {
		if got := locale(t, tc.country, tc.lang).Number(tc.n); got != tc.want {
			t.Errorf("%s in %s: Number(%d) = %q, want %q", tc.lang, tc.country, tc.n, got, tc.want)
		}
	}
}

func TestDaysOfOpeningHoursInWords(t *testing.T) {
	for _, tc := range []struct{ lang, in, want string }{
		{"en", "Mo-Fr", "Monday to Friday"},
		{"en", "Mo,We", "Monday, Wednesday"},
		{"en", "Mo-Th,Sa", "Monday to Thursday, Saturday"},
		{"en", "Su", "Sunday"},
		{"es", "Mo-Fr", "Lunes a viernes"},
		{"es", "Sa", "Sábado"},
		{"es", "We,Fr-Su", "Miércoles, viernes a domingo"},
		{"es", "Xx", "Xx"},
	} {
		if got := For(mustLookup(t, "US"), tc.lang).DaysText(tc.in); got != tc.want {
			t.Errorf("%s: DaysText(%q) = %q, want %q", tc.lang, tc.in, got, tc.want)
		}
	}
}

func TestParseTagAcceptsSupportedLanguagesOnly(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"es-US", "es-US"},
		{"es-us", "es-US"},
		{"es", "es"},
		{"es-419", "es-419"},
		{"en-GB", "en-GB"},
		{"EN-ca", "en-CA"},
	} {
		got, err := ParseTag(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseTag(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, msg string }{
		{"", "is not a BCP 47 language tag"},
		{"spanish", "is not a BCP 47 language tag"},
		{"es_US", "is not a BCP 47 language tag"},
		{"es-", "is not a BCP 47 language tag"},
		{"xx-US", "is not a BCP 47 language tag"},
		{"fr-CA", "is a language carepress has no interface in (fr)"},
		{"de", "is a language carepress has no interface in (de)"},
	} {
		_, err := ParseTag(tc.in)
		var te *TagError
		if !errors.As(err, &te) || te.Msg != tc.msg || te.Hint == "" {
			t.Errorf("ParseTag(%q) = %v, want %q with a hint", tc.in, err, tc.msg)
		}
	}
}

func TestIsLanguageCode(t *testing.T) {
	for _, s := range []string{"es", "fr", "de", "pt-BR", "es-US", "es-419", "zh-Hant"} {
		if !IsLanguageCode(s) {
			t.Errorf("IsLanguageCode(%q) = false", s)
		}
	}
	// What a file name may end with that is no language: node.js.md,
	// v2.0.md, covid.19.md, a.b.md, and upper case (a name, not a code).
	for _, s := range []string{"js", "0", "19", "b", "ES", "spanish", "es-", "es-USA-", "xx", "qq"} {
		if IsLanguageCode(s) {
			t.Errorf("IsLanguageCode(%q) = true", s)
		}
	}
}
