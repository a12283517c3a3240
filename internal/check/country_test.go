package check_test

import (
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/check"
)

// TestPrivacyFindingsNameTheCountrysLaw: a finding says which law makes the
// text an identifier where the practice is; HIPAA only in the US.
func TestPrivacyFindingsNameTheCountrysLaw(t *testing.T) {
	for _, tc := range []struct{ name, cfg, want string }{
		{"US", "language: en-US\n", "(HIPAA identifier: telephone number)"},
		{"AU", "language: en-AU\n", "(personal information under the Privacy Act 1988 and the APPs: telephone number)"},
		{"GB", "language: en-GB\n", "(personal data under UK GDPR and the Data Protection Act 2018: telephone number)"},
		{"IE", "practice: {country: IE}\n", "(personal data under the GDPR and the Data Protection Act 2018: telephone number)"},
		{"NZ", "practice: {country: NZ}\n", "(health information under the Health Information Privacy Code 2020: telephone number)"},
		{"CA in Ontario", "practice: {country: CA, locations: [{city: Ottawa, region: ON}]}\n", "(personal health information under PHIPA (Ontario): telephone number)"},
		{"CA elsewhere", "practice: {country: CA}\n", "(personal health information under PIPEDA and provincial law: telephone number)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root, s := load(t, map[string]string{
				"carepress.yaml":     config + tc.cfg,
				"content/posts/p.md": post("Call her daughter on +33 6 12 34 56 78 if she misses a dose."),
			})
			got := strings.Join(rules(t, s, root, "privacy/", check.Options{}), "\n")
			if !strings.Contains(got, tc.want) {
				t.Errorf("findings:\n%s\nwant one ending %q", got, tc.want)
			}
			if tc.name != "US" && strings.Contains(got, "HIPAA") {
				t.Errorf("a %s site's findings name HIPAA:\n%s", tc.name, got)
			}
		})
	}
}

func TestTestimonialsAreErrorsInAustralia(t *testing.T) {
	body := "> Dr Lee cured my migraines. — Ann"
	for _, tc := range []struct {
		cfg  string
		want check.Severity
	}{
		{"language: en-AU\n", check.Severity(0)}, // error
		{"language: en-AU\ncheck: {testimonials: warning}\n", check.Severity(1)},
		{"language: en-AU\ncheck: {rules: {health/testimonial: info}}\n", check.Severity(2)},
		{"language: en-US\n", check.Severity(1)},
		{"language: en-GB\n", check.Severity(1)},
	} {
		root, s := load(t, map[string]string{"carepress.yaml": config + tc.cfg, "content/posts/p.md": post(body)})
		var got []check.Severity
		for _, f := range check.Run(t.Context(), s, check.Options{Root: root, Now: now}) {
			if f.Rule == "health/testimonial" {
				got = append(got, f.Severity)
			}
		}
		if len(got) == 0 || got[0] != tc.want {
			t.Errorf("%q: health/testimonial severities %v, want %v", tc.cfg, got, tc.want)
		}
	}
}

// TestThePracticesOwnPlacesAndNumbersAreNotAPatients: the practice's suburb
// is no patient's name, and its phone written nationally is no patient's.
func TestThePracticesOwnPlacesAndNumbersAreNotAPatients(t *testing.T) {
	cfg := config + `language: en-AU
practice:
  phone: "+61 2 9374 4000"
  locations:
    - {name: Main surgery, street: "1 Spring St", city: Castle Hill, region: NSW, country: AU, phone: "+61 2 9412 3456"}
`
	body := "Castle Hill had a measles outbreak this winter, so book your child's vaccines.\n\n" +
		"Call us on (02) 9374 4000 or (02) 9412 3456 to book your flu vaccination.\n\n" +
		"Call her carer on (02) 9555 0199 if she misses a dose."
	root, s := load(t, map[string]string{"carepress.yaml": cfg, "content/posts/p.md": post(body)})
	got := rules(t, s, root, "privacy/", check.Options{})
	if len(got) != 1 || !strings.Contains(got[0], "(02) 9555 0199") {
		t.Errorf("findings %q, want only the carer's number", got)
	}
	// Another town is read as a name would be: the allow list is what
	// spares the practice's own.
	other := strings.Replace(cfg, "city: Castle Hill", "city: Parramatta", 1)
	root, s = load(t, map[string]string{"carepress.yaml": other, "content/posts/p.md": post(body)})
	if got := strings.Join(rules(t, s, root, "privacy/patient-name", check.Options{}), "\n"); !strings.Contains(got, "Castle Hill") {
		t.Errorf("with the practice elsewhere, findings %q, want Castle Hill read as a name", got)
	}
}
