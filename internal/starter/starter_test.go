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
		for _, cc := range []string{"US", "AU", "GB", "DE", "IE"} {
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
	for cc, want := range map[string]string{"US": "911", "AU": "000", "GB": "999", "uk": "999", "FR": "112", "PL": "112"} {
		c, err := starter.LookupCountry(cc)
		if err != nil || c.Emergency != want {
			t.Errorf("%s: %+v, %v", cc, c, err)
		}
	}
	if _, err := starter.LookupCountry("XX"); err == nil {
		t.Error("unknown country accepted")
	}
}
