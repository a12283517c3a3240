package privacy

import "testing"

// TestHealthIDChecks holds each check to published examples and to the
// same numbers with one character changed.
func TestHealthIDChecks(t *testing.T) {
	for _, tc := range []struct {
		name  string
		check func(string) bool
		good  []string
		bad   []string
	}{
		{"NHS", validNHS, []string{"9434765919", "4010232137", "4857773457"}, []string{"9434765918", "9434765929", "4010232136"}},
		{"Medicare", validMedicare, []string{"2123456701", "2950372111", "3298765131"}, []string{"2123456711", "2123456700", "1123456701", "7123456701"}},
		{"IHI", validIHI, []string{"8003608166690503", "8003601234567894"}, []string{"8003608166690504", "8003618166690503", "4111111111111111"}},
		{"Luhn (Ontario)", validLuhn, []string{"1234567897", "4582156123"}, []string{"1234567898", "4582156124"}},
		{"BC PHN", validPHN, []string{"9876543218"}, []string{"9876543217", "8876543218"}},
		{"RAMQ", validRAMQ, []string{"LOUF70041512", "ABCD50612301"}, []string{"LOUF70131512", "LOUF70040012", "lOUF70041512", "LOUF7004151A"}},
		{"NHI", validNHI, []string{"WLD9413", "ZAC5361", "ZSC21TN", "ZBN77VL", "zsc21tn"}, []string{"ZZZ0044", "ZZZ00AA", "WLD9414", "ZBN77VM", "IAC5361", "ZA15361"}},
		{"PPSN", validPPSN, []string{"1234567T", "1234567FA", "1234567tw"}, []string{"1234567U", "1234567FB", "123456XT"}},
	} {
		for _, s := range tc.good {
			if !tc.check(s) {
				t.Errorf("%s: %q refused", tc.name, s)
			}
		}
		for _, s := range tc.bad {
			if tc.check(s) {
				t.Errorf("%s: %q accepted", tc.name, s)
			}
		}
	}
}

// TestHealthIDsOfTheSitesCountryNeedNoWords: a number printed as its card
// prints it is one on a site of that country, and not elsewhere.
func TestHealthIDsOfTheSitesCountryNeedNoWords(t *testing.T) {
	for _, tc := range []struct {
		text, country string
		want          string // the Identifier, or "" for none
	}{
		{"Seen: 943 476 5919.", "GB", "NHS number"},
		{"Seen: 943 476 5919.", "AU", ""},
		{"Seen: 9434765919.", "GB", ""}, // not grouped, no words
		{"NHS number 9434765919.", "AU", "NHS number"},
		{"Card 2123 45670 1.", "AU", "Medicare number"},
		{"Card 2123 45670 1.", "US", ""},
		{"Medicare 2123456701.", "US", "Medicare number"},
		{"Seen: ZAC5361.", "NZ", "National Health Index (NHI) number"},
		{"Seen: ZAC5361.", "GB", ""},
		{"Seen: 1234567T.", "IE", "PPS number"},
		{"Seen: 1234567T.", "GB", ""},
		{"Card 9876 543 218.", "CA", "BC Personal Health Number"},
		{"Card 1234 567 897 AB.", "CA", "Ontario health card number"},
		{"Card 1234 567 897.", "CA", ""}, // no version code, no words
		{"IHI 8003 6081 6669 0503.", "US", "Individual Healthcare Identifier (IHI)"},
		{"Form: LOUF 7004 1512.", "US", "Quebec health insurance (RAMQ) number"},
	} {
		d := New(Allow{Country: tc.country})
		got := ""
		for _, f := range d.Scan(tc.text) {
			if f.Rule == "privacy/health-id" {
				got = f.Identifier
			}
		}
		if got != tc.want {
			t.Errorf("%s %q: found %q, want %q", tc.country, tc.text, got, tc.want)
		}
	}
}
