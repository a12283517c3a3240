package privacy

import (
	"strings"
	"testing"
)

// matches lists "rule match" for the findings of rule.
func matches(fs []Finding, rule string) []string {
	var out []string
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f.Match)
		}
	}
	return out
}

func TestDriversLicenseNumberAfterItsContext(t *testing.T) {
	d := New(corpusAllow)
	tests := []struct{ text, match string }{
		{"Her driver's license number is D1234567.", "D1234567"},          // California
		{"Driver’s licence: F255-921-50-094-0", "F255-921-50-094-0"},      // Florida, written with dashes
		{"DL# 123456789 was on the copy.", "123456789"},                   // nine digits (many states)
		{"DLN 99887766", "99887766"},                                      // Pennsylvania
		{"Driver's Lic. S530-4556-1123-04 on file.", "S530-4556-1123-04"}, // Wisconsin
		{"Washington driver's license SMITHJA123AB.", "SMITHJA123AB"},     // letters and few digits
		{"His drivers license: A1234-56789-01234", "A1234-56789-01234"},   // Ontario
		{"Quebec driver's licence L1234-567890-12", "L1234-567890-12"},    // Quebec
		{"Driving licence MORGA657054SM9IJ", "MORGA657054SM9IJ"},          // UK
		{"Her driving licence number is 123 456 789.", "123 456 789"},     // Ireland
		{"NSW driver licence no. 12345678", "12345678"},                   // Australia
		{"NZ driver licence no. AB123456", "AB123456"},                    // New Zealand
		{"CDL #12345678", "12345678"},
		{"driver license (D1234567) and insurance", "D1234567"},
	}
	for _, tt := range tests {
		fs := d.Scan(tt.text)
		got := matches(fs, "privacy/drivers-license")
		if len(got) != 1 || got[0] != tt.match || len(fs) != 1 {
			t.Errorf("Scan(%q) = %s, want one privacy/drivers-license %q", tt.text, describe(fs), tt.match)
			continue
		}
		if f := fs[0]; f.Identifier != "certificate or license number" || !strings.Contains(f.Message, "driver's license number") {
			t.Errorf("Scan(%q): %+v", tt.text, f)
		}
	}
	for _, text := range []string{
		"Bring your driver's license and insurance card.",
		"A driver's license is needed to park here.",
		"Her driver's licence was suspended after the seizure.",
		"Glucose under 100 mg/dL 8 hours after eating.",
		"Renew your DL before 2027.",
		"DL 2026 renewal",
		"Driving licence 03/14/2020",
		"DL: B12 and COVID19",
		"Driver's license, 2 forms of ID and a bill.",
		"License 12345678", // no driver: a record rule's, if any
		"The dl is a unit: 5 dl of water.",
	} {
		if got := matches(d.Scan(text), "privacy/drivers-license"); len(got) > 0 {
			t.Errorf("Scan(%q) = %q, want no driver's license", text, got)
		}
	}
}

func TestReplyThatNamesAPersonAndTheirCare(t *testing.T) {
	d := New(corpusAllow)
	tests := []struct{ text, match string }{
		{"Hi Maria, sorry your knee surgery went badly", "your knee surgery"},
		{"Hi Maria, sorry the knee surgery went badly.", "the knee surgery"},
		{"Dear Tom, we hope the chemo is going better.", "the chemo"},
		{"Maria, so sorry about the miscarriage.", "the miscarriage"},
		{"Hi John! Glad the new hip is working out.", "the new hip"},
		{"Thanks for the update on the recovery, Sarah!", "the recovery"},
		{"@maria_l so sorry the treatment was painful.", "the treatment"},
		{"Good morning Carlos, glad the stitches came out fine.", "the stitches"},
		{"Thank you so much, Olivia. We hope her recovery is quick.", "her recovery"},
		{"Hello Mr. Brown, we are glad the operation went well.", "the operation"},
	}
	for _, tt := range tests {
		fs := d.ScanReply(tt.text)
		got := matches(fs, "reply/confirms-care")
		if len(got) != 1 || got[0] != tt.match {
			t.Errorf("ScanReply(%q) = %s, want reply/confirms-care %q", tt.text, describe(fs), tt.match)
			continue
		}
		for _, f := range fs {
			if f.Rule == "reply/confirms-care" && !strings.Contains(f.Message, "the person the reply names") {
				t.Errorf("ScanReply(%q): message %q does not say the person is named", tt.text, f.Message)
			}
		}
	}
	for _, text := range []string{
		"Hi Maria, thank you for the five stars!",
		"Hi Tom, the surgery is closed on Friday afternoons.", // a British GP's practice
		"Hi Jane, the flu shot clinic runs every Saturday.",
		"Hi Sarah, we're sorry about the wait times.",
		"Dear Ahmed, we cannot discuss anyone's treatment online.",
		"Hello Friends! Our treatment options are on the website.",
		"Hi Tom, the surgery team will call you back.",
		"Hi Elena, the chemo unit moved to the second floor.", // a colleague of the practice's allow list
		"Hi Priya, the recovery room is ready.",               // the practice's own
		"We hope the new hip clinic helps our community.",     // nobody named
		"Sorry, the procedure for complaints is on our website.",
		"Hi Tom, the procedure for complaints is on our website.",
		"Hi Tom, the treatment for flu is rest and fluids at home.",
		"Thank you for your feedback about the booking procedure. Please call us. Thanks, Maria",
		"We are glad the stitches clinic helped. Please call us. Best, Tom",
	} {
		if got := matches(d.ScanReply(text), "reply/confirms-care"); len(got) > 0 {
			t.Errorf("ScanReply(%q) = %q, want no reply/confirms-care", text, got)
		}
	}
}

func TestReplyThatDosesAMedicine(t *testing.T) {
	d := New(corpusAllow)
	tests := []struct{ text, match string }{
		{"Take two tablets twice a day.", "Take two tablets twice a day"},
		{"take 2 tablets twice a day", "take 2 tablets twice a day"},
		{"Just take one pill in the morning.", "take one pill in the morning"},
		{"Use the cream twice daily for a week.", "Use the cream twice daily"},
		{"Give her 5 ml every 6 hours.", "Give her 5 ml every 6 hours"},
		{"You can take it with food twice a day.", "take it with food twice a day"},
		{"Two puffs twice a day should help.", "Two puffs twice a day"},
		{"Take half a tablet at bedtime.", "Take half a tablet at bedtime"},
		{"Apply the ointment 3 times a day.", "Apply the ointment 3 times a day"},
		{"Try taking ibuprofen every 4 to 6 hours.", "taking ibuprofen every 4 to 6 hours"},
	}
	for _, tt := range tests {
		fs := d.ScanReply(tt.text)
		got := matches(fs, "reply/advice")
		if len(got) != 1 || got[0] != tt.match {
			t.Errorf("ScanReply(%q) = %s, want reply/advice %q", tt.text, describe(fs), tt.match)
		}
	}
	for _, text := range []string{
		"Please take a moment to call us.",
		"Take care!",
		"We are open twice a week.",
		"Take a walk twice a day.",
		"Please use the portal once a day to check messages.",
		"It takes two days for results to come back.",
		"We give 2 free parking hours to every visitor.",
		"Take the stairs to the second floor.",
		"Please take one of our leaflets when you visit.",
	} {
		if got := matches(d.ScanReply(text), "reply/advice"); len(got) > 0 {
			t.Errorf("ScanReply(%q) = %q, want no reply/advice", text, got)
		}
	}
}
