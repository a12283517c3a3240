package rules_test

import (
	"regexp"
	"testing"

	"github.com/carepress/carepress/internal/check/rules"
)

// TestCatalogue: every rule has one unique, well-formed name a user can
// write in check.rules, a known default and a line of documentation.
func TestCatalogue(t *testing.T) {
	name := regexp.MustCompile(`^(privacy|health|seo|links|markup|social|reply|i18n|check)/[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, r := range rules.All {
		if !name.MatchString(r.ID) {
			t.Errorf("rule name %q", r.ID)
		}
		if seen[r.ID] {
			t.Errorf("rule %q listed twice", r.ID)
		}
		seen[r.ID] = true
		if r.Default != rules.Error && r.Default != rules.Warning || r.Doc == "" {
			t.Errorf("rule %q: default %v, doc %q", r.ID, r.Default, r.Doc)
		}
		if !rules.Known(r.ID) {
			t.Errorf("Known(%q) = false", r.ID)
		}
	}
	if len(rules.IDs()) != len(rules.All) {
		t.Errorf("IDs has %d names for %d rules", len(rules.IDs()), len(rules.All))
	}
	for _, id := range []string{"", "seo/descripton", "privacy/trackers", "check/config", "Privacy/ssn"} {
		if rules.Known(id) {
			t.Errorf("Known(%q) = true", id)
		}
	}
}

func TestParseSeverity(t *testing.T) {
	for _, s := range []rules.Severity{rules.Error, rules.Warning, rules.Info, rules.Off} {
		if got, ok := rules.ParseSeverity(s.String()); !ok || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", s, got, ok)
		}
	}
	for _, bad := range []string{"", "Error", "loud", "fatal"} {
		if _, ok := rules.ParseSeverity(bad); ok {
			t.Errorf("ParseSeverity(%q) ok", bad)
		}
	}
}
