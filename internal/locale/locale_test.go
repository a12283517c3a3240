package locale

import (
	"strings"
	"testing"
	"time"
)

func mustLookup(t *testing.T, code string) *Country {
	t.Helper()
	c, ok := Lookup(code)
	if !ok {
		t.Fatalf("Lookup(%q) failed", code)
	}
	return c
}

func TestDateIsWrittenInEachCountrysOrder(t *testing.T) {
	day := time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC)
	for _, tc := range []struct{ code, want string }{
		{"US", "December 1, 2026"},
		{"CA", "December 1, 2026"},
		{"GB", "1 December 2026"},
		{"uk", "1 December 2026"},
		{"IE", "1 December 2026"},
		{"AU", "1 December 2026"},
		{"NZ", "1 December 2026"},
		{"FR", "1 December 2026"},
	} {
		if got := mustLookup(t, tc.code).Date(day); got != tc.want {
			t.Errorf("%s: Date = %q, want %q", tc.code, got, tc.want)
		}
	}
	if got := mustLookup(t, "AU").Day("2027-01-26"); got != "26 January 2027" {
		t.Errorf("AU Day = %q", got)
	}
	if got := mustLookup(t, "US").Day("not a day"); got != "not a day" {
		t.Errorf("US Day of a non-date = %q, want it as it is", got)
	}
}

func TestTimeIsWrittenWithEachCountrysClock(t *testing.T) {
	for _, tc := range []struct {
		code      string
		h, m      int
		want      string
		hhmmInput string
	}{
		{"US", 8, 0, "8:00 AM", "08:00"},
		{"US", 17, 30, "5:30 PM", "17:30"},
		{"US", 12, 0, "12:00 PM", "12:00"},
		{"US", 0, 15, "12:15 AM", "00:15"},
		{"CA", 8, 0, "8:00 a.m.", "08:00"},
		{"CA", 18, 0, "6:00 p.m.", "18:00"},
		{"GB", 8, 0, "8am", "08:00"},
		{"GB", 18, 30, "6:30pm", "18:30"},
		{"AU", 12, 0, "12pm", "12:00"},
		{"NZ", 24, 0, "12am", "24:00"},
		{"IE", 9, 5, "9:05am", "09:05"},
		{"DE", 8, 0, "08:00", "08:00"},
		{"DE", 18, 30, "18:30", "18:30"},
	} {
		c := mustLookup(t, tc.code)
		if got := c.Time(tc.h, tc.m); got != tc.want {
			t.Errorf("%s: Time(%d, %d) = %q, want %q", tc.code, tc.h, tc.m, got, tc.want)
		}
		if got := c.ClockText(tc.hhmmInput); got != tc.want {
			t.Errorf("%s: ClockText(%q) = %q, want %q", tc.code, tc.hhmmInput, got, tc.want)
		}
	}
}

func TestParseHHMMRefusesImpossibleTimes(t *testing.T) {
	for _, s := range []string{"25:00", "24:01", "08:60", "8:00", "08-00", "0800", "ab:cd", ""} {
		if _, _, ok := ParseHHMM(s); ok {
			t.Errorf("ParseHHMM(%q) ok, want refused", s)
		}
	}
	for _, s := range []string{"00:00", "08:30", "23:59", "24:00"} {
		if _, _, ok := ParseHHMM(s); !ok {
			t.Errorf("ParseHHMM(%q) refused", s)
		}
	}
}

func TestPhonesAreShownNationallyAndLinkedInE164(t *testing.T) {
	for _, tc := range []struct{ code, raw, national, e164 string }{
		{"US", "+1-217-555-0100", "(217) 555-0100", "+12175550100"},
		{"US", "217.555.0100", "(217) 555-0100", "+12175550100"},
		{"CA", "416-555-0199", "(416) 555-0199", "+14165550199"},
		{"GB", "+44 20 7946 0958", "020 7946 0958", "+442079460958"},
		{"GB", "020 7946 0958", "020 7946 0958", "+442079460958"},
		{"IE", "01 234 5678", "(01) 234 5678", "+35312345678"},
		{"AU", "+61 2 9374 4000", "(02) 9374 4000", "+61293744000"},
		{"AU", "1800 022 222", "1800 022 222", "+611800022222"},
		{"NZ", "0800 611 116", "0800 611 116", "+64800611116"},
		{"NZ", "+64 9 555 0123", "09 555 0123", "+6495550123"},
	} {
		p, err := mustLookup(t, tc.code).ParsePhone(tc.raw)
		if err != nil {
			t.Errorf("%s: ParsePhone(%q): %v", tc.code, tc.raw, err)
			continue
		}
		if p.National != tc.national || p.E164 != tc.e164 {
			t.Errorf("%s: ParsePhone(%q) = %q, %q; want %q, %q", tc.code, tc.raw, p.National, p.E164, tc.national, tc.e164)
		}
	}
}

func TestPhonesNotValidForTheCountryAreRefused(t *testing.T) {
	for _, tc := range []struct{ code, raw, want string }{
		{"US", "+1-555-010-0100", "not a valid phone number in the United States"},
		{"AU", "+1-217-555-0100", "a phone number of the United States, not of Australia"},
		{"NZ", "+61 2 9374 4000", "a phone number of Australia, not of New Zealand"},
		{"GB", "12345", "not a valid phone number in the United Kingdom"},
		{"IE", "call us", "not a phone number"},
		{"CA", "+1-217-555-0100", "a phone number of the United States, not of Canada"},
	} {
		_, err := mustLookup(t, tc.code).ParsePhone(tc.raw)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "write it as") && !strings.Contains(err.Error(), "country code") {
			t.Errorf("%s: ParsePhone(%q) = %v, want an error saying %q and how to write one", tc.code, tc.raw, err, tc.want)
		}
	}
}

func TestDisplayGivesAForeignNumberItsCountryCode(t *testing.T) {
	gb, ie := mustLookup(t, "GB"), mustLookup(t, "IE")
	p, err := gb.ParsePhone("028 9032 1234") // Belfast, for a practice in Ireland near the border
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Display(ie); got != "+44 28 9032 1234" {
		t.Errorf("Display(IE) = %q", got)
	}
	if got := p.Display(gb); got != "028 9032 1234" {
		t.Errorf("Display(GB) = %q", got)
	}
}

func TestRegionOfALanguageTag(t *testing.T) {
	for _, tc := range []struct{ tag, want string }{
		{"en-AU", "AU"}, {"en_nz", "NZ"}, {"en", ""}, {"es-419", ""}, {"zh-Hant-TW", "TW"}, {"", ""}, {"fr-CA", "CA"},
	} {
		if got := Region(tc.tag); got != tc.want {
			t.Errorf("Region(%q) = %q, want %q", tc.tag, got, tc.want)
		}
	}
}

func TestEveryCountryIsComplete(t *testing.T) {
	for _, code := range Codes() {
		c := mustLookup(t, code)
		if c.Code != code || c.Name == "" || c.Emergency == "" || c.Law == "" || c.Authority.URL == "" || c.Timezone == "" || c.Language == "" {
			t.Errorf("%s: incomplete: %+v", code, c)
		}
		if _, err := time.LoadLocation(c.Timezone); err != nil {
			t.Errorf("%s: %v", code, err)
		}
	}
	if _, ok := Lookup("JP"); ok {
		t.Error("JP is supported")
	}
	if !strings.Contains(SupportedText(), "US, CA, GB, IE, AU, NZ") {
		t.Errorf("SupportedText = %q", SupportedText())
	}
}

func TestPrivacyLawIsTheCountrysAndTheProvincesWhereItApplies(t *testing.T) {
	for _, tc := range []struct{ code, region, want string }{
		{"US", "IL", "HIPAA"},
		{"AU", "NSW", "Privacy Act 1988"},
		{"GB", "", "UK GDPR"},
		{"IE", "", "GDPR and the Data Protection Act 2018"},
		{"NZ", "", "Health Information Privacy Code 2020"},
		{"CA", "ON", "PHIPA"},
		{"CA", "yt", "PIPEDA"},
	} {
		if got := mustLookup(t, tc.code).PrivacyLaw(tc.region); !strings.Contains(got, tc.want) {
			t.Errorf("%s/%s: PrivacyLaw = %q, want it to name %q", tc.code, tc.region, got, tc.want)
		}
	}
	if strings.Contains(mustLookup(t, "AU").PrivacyLaw(""), "HIPAA") {
		t.Error("AU names HIPAA")
	}
}

// FuzzParsePhone: whatever the text, ParsePhone returns a number or an
// error saying how to write one; a number it accepts reads back, from its
// national and its E.164 forms, as the same number.
func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"+1-217-555-0100", "(02) 9374 4000", "0800 611 116", "020 7946 0958", "+353 1 234 5678", "911", "", "+", "tel:+1", "１２３"} {
		f.Add(s, "AU")
		f.Add(s, "US")
	}
	f.Fuzz(func(t *testing.T, raw, code string) {
		c, ok := Lookup(code)
		if !ok {
			return
		}
		p, err := c.ParsePhone(raw)
		if err != nil {
			if !strings.Contains(err.Error(), "write it") && err != ErrNoPhone {
				t.Fatalf("ParsePhone(%q) error %q gives no fix", raw, err)
			}
			return
		}
		for _, again := range []string{p.National, p.E164, p.International} {
			q, err := c.ParsePhone(again)
			if err != nil || q.E164 != p.E164 {
				t.Fatalf("%q read as %q, whose %q reads as %q, %v", raw, p.E164, again, q.E164, err)
			}
		}
	})
}

func TestLinesAreNamedAsASentenceSaysThem(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{"GB", "NHS 111"}, {"AU", "healthdirect on 1800 022 222"}, {"NZ", "Healthline on 0800 611 116"}, {"CA", "811"},
	} {
		if got := mustLookup(t, tc.code).Advice.Say(); got != tc.want {
			t.Errorf("%s: Say = %q, want %q", tc.code, got, tc.want)
		}
	}
	for _, code := range []string{"US", "IE", "FR"} {
		if a := mustLookup(t, code).Advice; a != nil {
			t.Errorf("%s has an advice line %+v", code, a)
		}
	}
}
