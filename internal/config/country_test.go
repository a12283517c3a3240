package config

import (
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/locale"
)

func TestTheSitesCountryComesFromPracticeThenLanguageThenLocations(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"default language", "title: X\n", "US"},
		{"practice.country wins over language", "title: X\nlanguage: en-GB\npractice: {country: IE}\n", "IE"},
		{"lower case", "title: X\npractice: {country: nz}\n", "NZ"},
		{"UK is GB", "title: X\npractice: {country: UK}\n", "GB"},
		{"region of language", "title: X\nlanguage: en-AU\n", "AU"},
		{"language with a script", "title: X\nlanguage: en-Latn-CA\n", "CA"},
		{"first location when language has no region", "title: X\nlanguage: en\npractice: {locations: [{city: Dunedin, country: NZ}]}\n", "NZ"},
		{"an EU member state", "title: X\nlanguage: en\npractice: {country: DE}\n", "DE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("x.yaml", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if c.Country == nil || c.Country.Code != tc.want {
				t.Errorf("country = %+v, want %s", c.Country, tc.want)
			}
		})
	}
}

func TestUnsupportedCountriesAreErrorsWithTheList(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"practice.country", "title: X\npractice:\n  country: JP\n", `x.yaml:3:12: unsupported country "JP" (supported: US, CA, GB, IE, AU, NZ, and the other EU countries (AT,`},
		{"language region", "title: X\nlanguage: en-IN\n", `x.yaml:2:11: unsupported country "IN" (the region of language "en-IN")`},
		{"a location's", "title: X\npractice:\n  locations:\n    - {city: Tokyo, country: JP}\n", `x.yaml:4:30: unsupported country "JP" for a location (supported: US, CA`},
		{"none at all", "title: X\nlanguage: en\n", `x.yaml:2:11: the site's country is unknown: language "en" names no region (add ` + "`country: US`"},
		{"a name, not a code", "title: X\npractice: {country: Australia}\n", `unsupported country "Australia"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n%v\nwant it to contain\n%s", err, tc.want)
			}
		})
	}
}

func TestPhonesMustBeValidForTheirPlacesCountry(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"fictional US area code", "title: X\npractice:\n  phone: \"+1-555-010-0100\"\n", `x.yaml:3:10: practice.phone: "+1-555-010-0100" is not a valid phone number in the United States (write it as (201) 555-0123, or +1 201-555-0123)`},
		{"US number for an AU site", "title: X\nlanguage: en-AU\npractice: {phone: \"+1 217 555 0100\"}\n", `practice.phone: "+1 217 555 0100" is a phone number of the United States, not of Australia (write it as`},
		{"AU number at an NZ location", "title: X\npractice:\n  country: NZ\n  locations:\n    - {city: Auckland, phone: \"+61 3 9374 4000\"}\n", `x.yaml:5:31: practice.locations.0.phone: "+61 3 9374 4000" is a phone number of Australia, not of New Zealand`},
		{"location in GB of an IE site", "title: X\npractice:\n  country: IE\n  locations:\n    - {city: Newry, country: GB, phone: \"01 234 5678\"}\n", `practice.locations.0.phone: "01 234 5678" is not a valid phone number in the United Kingdom`},
		{"letters", "title: X\npractice: {phone: call us}\n", `practice.phone: "call us" is not a phone number`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n%v\nwant it to contain\n%s", err, tc.want)
			}
		})
	}
}

func TestPhonesAreReadForTheirPlace(t *testing.T) {
	c, err := Parse("x.yaml", []byte(`title: X
practice:
  country: IE
  phone: "01 234 5678"
  locations:
    - {city: Dublin, phone: "+353 1 234 5678"}
    - {city: Newry, country: GB, phone: "028 3026 1234"}
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ raw, text, e164 string }{
		{"01 234 5678", "(01) 234 5678", "+35312345678"},
		{"+353 1 234 5678", "(01) 234 5678", "+35312345678"},
		{"028 3026 1234", "+44 28 3026 1234", "+442830261234"},
		{"not one", "not one", "not one"},
	} {
		if got := c.PhoneText(tc.raw); got != tc.text {
			t.Errorf("PhoneText(%q) = %q, want %q", tc.raw, got, tc.text)
		}
		if got := c.PhoneE164(tc.raw); got != tc.e164 {
			t.Errorf("PhoneE164(%q) = %q, want %q", tc.raw, got, tc.e164)
		}
	}
}

func TestEmergencyNumberDefaultsToTheCountrys(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"title: X\nlanguage: en-AU\n", "000"},
		{"title: X\npractice: {country: NZ}\n", "111"},
		{"title: X\npractice: {country: GB}\n", "999"},
		{"title: X\npractice: {country: IE}\n", "112"},
		{"title: X\n", "911"},
		{"title: X\npractice: {country: IE, emergency_number: \"999\"}\n", "999"},
	} {
		c, err := Parse("x.yaml", []byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Practice.EmergencyNumber; got != tc.want {
			t.Errorf("%q: emergency_number = %q, want %q", tc.src, got, tc.want)
		}
	}
}

func TestOpeningHoursThatCannotBeAreErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Mo-Fr 08:00-29:00", `"29:00" is not a time of day`},
		{"Mo-Fr 24:00-08:00", `"24:00" is not a time of day`},
		{"Mo-Fr 17:00-08:00", `close at or before they open`},
		{"Mo-Fr 08:60-17:00", `do not parse`},
		{"Fr-Mo 08:00-17:00", `"Fr-Mo" is not a day or range of days`},
		{"Monday 8-5", `do not parse`},
		{"Mo-Fr 8:00-17:00", `do not parse`},
	} {
		src := "title: X\npractice:\n  locations:\n    - hours: [\"" + tc.in + "\"]\n"
		_, err := Parse("x.yaml", []byte(src))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "x.yaml:4:") || !strings.Contains(err.Error(), "write hours as") {
			t.Errorf("%q: error\n%v\nwant one at x.yaml:4 saying %s and how to write hours", tc.in, err, tc.want)
		}
	}
	c, err := Parse("x.yaml", []byte("title: X\npractice:\n  locations:\n    - hours: [\"Mo-Th,Sa 08:00-24:00\", \"Su 10:00-12:30\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	o := c.Practice.Locations[0].Opening
	if len(o) != 2 || o[0].DaysText() != "Monday to Thursday, Saturday" || o[1].DaysText() != "Sunday" || o[0].Closes != "24:00" {
		t.Errorf("Opening = %+v", o)
	}
}

// FuzzParseHours: opening hours parse or are an error, and parsed hours
// name real days and times that open before they close.
func FuzzParseHours(f *testing.F) {
	for _, s := range []string{"Mo-Fr 08:00-17:00", "Mo,We 09:00-12:00", "Mo-Th,Sa 08:00-24:00", "Su 10:00-09:00", "Mo-Fr 29:00-30:00", "", "Mo-", "Fr-Mo 08:00-17:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHours(s)
		if err != nil {
			return
		}
		if len(h.Days) == 0 || h.DaysText() == "" {
			t.Fatalf("%q: no days", s)
		}
		oh, om, ok1 := locale.ParseHHMM(h.Opens)
		ch, cm, ok2 := locale.ParseHHMM(h.Closes)
		if !ok1 || !ok2 || oh*60+om >= ch*60+cm {
			t.Fatalf("%q: opens %q, closes %q", s, h.Opens, h.Closes)
		}
	})
}
