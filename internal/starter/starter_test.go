package starter_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/starter"
)

// TestEveryStarterSiteBuilds: whatever kind and country a practice picks,
// the starter site builds, with warnings only for the gaps it must fill in,
// also with its own post published and every social platform on (see
// TestEveryStarterPlansEveryPlatform for every country).
func TestEveryStarterSiteBuilds(t *testing.T) {
	for _, k := range starter.Kinds {
		for _, cc := range []string{"US", "CA", "GB", "IE", "AU", "NZ", "DE"} {
			t.Run(k.Name+"-"+cc, func(t *testing.T) {
				c, err := starter.LookupCountry(cc)
				if err != nil {
					t.Fatal(err)
				}
				dir := socialSite(t, k, c, allPlatforms, "")
				res, err := build.Build(context.Background(), build.Options{Root: dir, Now: beforeWelcome})
				if err != nil {
					t.Fatal(err)
				}
				checkSnippets(t, res.Plan, 7, 2)
				if _, err := os.Stat(filepath.Join(dir, "social", "hootsuite-instagram.csv")); err != nil {
					t.Error(err)
				}
				for _, w := range res.Warnings {
					if !strings.Contains(w.Msg, "placeholder not filled in") {
						t.Errorf("unexpected warning: %v", w)
					}
				}
				for _, id := range c.Require {
					if _, err := os.Stat(filepath.Join(dir, "public", "notices", id, "index.html")); err != nil {
						t.Errorf("required notice %s has no page", id)
					}
				}
				cfg, _ := os.ReadFile(filepath.Join(dir, "carepress.yaml"))
				if !strings.Contains(string(cfg), "type: "+k.Type) || !strings.Contains(string(cfg), `emergency_number: "`+c.Emergency+`"`) {
					t.Errorf("configuration lacks the kind's type or the country's emergency number:\n%s", cfg)
				}
			})
		}
	}
}

func TestDietitianIsMedicalBusinessWithDietNutrition(t *testing.T) {
	k, err := starter.LookupKind("dietitian")
	if err != nil || k.Type != "MedicalBusiness" || k.Specialty[0] != "DietNutrition" {
		t.Errorf("dietitian = %+v, %v", k, err)
	}
}

func TestCountries(t *testing.T) {
	for cc, want := range map[string]string{"US": "911", "CA": "911", "AU": "000", "GB": "999", "uk": "999", "IE": "112", "NZ": "111", "FR": "112", "PL": "112"} {
		c, err := starter.LookupCountry(cc)
		if err != nil || c.Emergency != want {
			t.Errorf("%s: %+v, %v", cc, c, err)
		}
	}
	if _, err := starter.LookupCountry("XX"); err == nil {
		t.Error("unknown country accepted")
	}
}

// TestStarterTextIsSpeltAsTheCountrySpells: a British, Irish, Australian
// or New Zealand site says "centre" and "working days", a Canadian one
// "centre" but "organization", and a US one keeps its own.
func TestStarterTextIsSpeltAsTheCountrySpells(t *testing.T) {
	in := []byte("Our Center helps your organization. Call the front desk within 2 business days for a flu shot or a refill of a medicine, or go to the emergency room.")
	for _, tc := range []struct{ cc, want string }{
		{"US", string(in)},
		{"CA", "Our Centre helps your organization. Call the front desk within 2 business days for a flu shot or a refill of a medicine, or go to the emergency department."},
		{"GB", "Our Centre helps your organisation. Call reception within 2 working days for a flu vaccination or a repeat prescription, or go to the emergency department."},
		{"NZ", "Our Centre helps your organisation. Call reception within 2 working days for a flu vaccination or a repeat prescription, or go to the emergency department."},
	} {
		c, err := starter.LookupCountry(tc.cc)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(starter.Spell(in, c.Spelling)); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.cc, got, tc.want)
		}
	}
}

// TestEachCountrysStarterNamesItsOwnLawsAndNumbers: the notices of a new
// site name the country's emergency and advice numbers and its privacy
// law, and never another country's.
func TestEachCountrysStarterNamesItsOwnLawsAndNumbers(t *testing.T) {
	for _, tc := range []struct {
		cc        string
		want, not []string
	}{
		{"US", []string{"911", "988", "HIPAA"}, []string{"000", "999", "GDPR"}},
		{"CA", []string{"911", "9-8-8", "811", "PIPEDA"}, []string{"HIPAA", "GDPR", "000"}},
		{"GB", []string{"999", "NHS 111", "UK GDPR", "Data Protection Act"}, []string{"HIPAA", "911"}},
		{"IE", []string{"112 or 999", "GDPR", "Data Protection Act", "Data Protection Commission"}, []string{"HIPAA", "911", "UK GDPR", "NHS 111"}},
		{"AU", []string{"000", "1800 022 222", "Privacy Act 1988", "Ahpra"}, []string{"HIPAA", "911", "GDPR"}},
		{"NZ", []string{"111", "0800 611 116", "Health Information Privacy Code"}, []string{"HIPAA", "911", "GDPR", "000"}},
	} {
		c, err := starter.LookupCountry(tc.cc)
		if err != nil {
			t.Fatal(err)
		}
		all, err := starter.Notices(c)
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		for _, b := range all {
			text.Write(b)
		}
		for _, w := range tc.want {
			if !strings.Contains(text.String(), w) {
				t.Errorf("%s notices do not name %q", tc.cc, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(text.String(), w) {
				t.Errorf("%s notices name %q", tc.cc, w)
			}
		}
		if tc.cc != "US" {
			for _, us := range []string{"organization", "center ", "business day", "front desk", "emergency room"} {
				if strings.Contains(text.String(), us) && (tc.cc != "CA" || us == "center " || us == "emergency room") {
					t.Errorf("%s notices say %q", tc.cc, us)
				}
			}
		}
	}
}
