package starter_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/starter"
)

// optionals are the values a notice or a layout may use that a practice
// may not have, each as carepress.yaml writes it when it has it.
var optionals = []struct{ name, empty, full string }{
	{"phone", `  phone: ""`, `  phone: "%[1]s"`},
	{"email", `  email: ""`, `  email: hello@clinic.example.com`},
	{"portal_url", `  portal_url: ""`, `  portal_url: https://portal.clinic.example.com/`},
	{"booking_url", `  booking_url: ""`, `  booking_url: https://clinic.example.com/book/`},
	{"location phone", `%[2]s`, `%[2]s`}, // the location is always there; only its phone goes
}

// brokenRE finds what a sentence looks like when a value it names is
// empty: "at , or", "at .", "call  or", "email ." (the text of a page, its
// tags removed).
// An empty value leaves a space before punctuation ("at , or", "call ."),
// two spaces where it stood ("call  or"), empty brackets, or a line that
// starts with punctuation (the value ended the line before).
var brokenRE = regexp.MustCompile(`\s[,.;)]|\S  +\S|\(\s*\)|^\s*[,.;:)]`)

// emptyLinkRE finds a link with no address left.
var emptyLinkRE = regexp.MustCompile(`href="(tel:|mailto:)?"`)

var tagRE = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)

// TestNoSentenceHasAnEmptyValue builds every starter kind in every
// country, with all the optional contact values and with each one left
// out, and fails on a sentence or a link with an empty value in any page.
func TestNoSentenceHasAnEmptyValue(t *testing.T) {
	countries := []string{"US", "CA", "GB", "IE", "AU", "NZ", "DE"}
	for _, k := range starter.Kinds {
		for _, cc := range countries {
			c, err := starter.LookupCountry(cc)
			if err != nil {
				t.Fatal(err)
			}
			variants := append([]string{""}, names()...)
			if testing.Short() && k.Name != starter.Kinds[0].Name {
				variants = variants[:1] // -short: each value left out for one kind only
			}
			for _, missing := range variants {
				t.Run(fmt.Sprintf("%s-%s-without-%s", k.Name, cc, missing), func(t *testing.T) {
					t.Parallel()
					dir := socialSite(t, k, c, "platforms: {}", "")
					fillIn(t, dir, c, missing)
					if _, err := build.Build(context.Background(), build.Options{Root: dir, Now: beforeWelcome}); err != nil {
						t.Fatal(err)
					}
					checkSentences(t, filepath.Join(dir, "public"))
				})
			}
		}
	}
}

func names() []string {
	var out []string
	for _, o := range optionals {
		out = append(out, o.name)
	}
	return out
}

// fillIn gives the starter's carepress.yaml every optional value but
// missing, and a location.
func fillIn(t *testing.T, dir string, c starter.Country, missing string) {
	t.Helper()
	p := filepath.Join(dir, "carepress.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	cfg := string(b)
	phone := c.ExamplePhone()
	loc := fmt.Sprintf(`  locations: [{name: Main office, street: "1 High St", city: Brookfield, country: %s, phone: "%s", hours: ["Mo-Fr 08:00-17:30", "Sa 09:00-12:00"], closed: ["2026-12-25"]}]`, c.Code, phone)
	if missing == "location phone" {
		loc = strings.Replace(loc, `, phone: "`+phone+`"`, "", 1)
	}
	cfg = regexp.MustCompile(`(?m)^  locations: \[\].*$`).ReplaceAllLiteralString(cfg, loc)
	for _, o := range optionals {
		if o.name == missing || o.name == "location phone" {
			continue
		}
		if !strings.Contains(cfg, o.empty) {
			t.Fatalf("carepress.yaml has no %q", o.empty)
		}
		cfg = strings.Replace(cfg, o.empty, strings.ReplaceAll(o.full, "%[1]s", phone), 1)
	}
	cfg += "seo: {share_cards: false}   # no card to draw: the test reads text\n"
	if err := os.WriteFile(p, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
}

func checkSentences(t *testing.T, public string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(public, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		rel, _ := filepath.Rel(public, path)
		html := string(b)
		if m := emptyLinkRE.FindString(html); m != "" {
			t.Errorf("%s: empty link %s", rel, m)
		}
		for i, line := range strings.Split(tagRE.ReplaceAllString(html, ""), "\n") {
			if m := brokenRE.FindStringIndex(line); m != nil {
				t.Errorf("%s: text line %d has an empty value: %q", rel, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Errorf("only %d pages", n)
	}
}

// TestBrokenSentencesAreFound: the pattern the test above relies on finds
// the faults it is meant to, and passes sentences that are whole.
func TestBrokenSentencesAreFound(t *testing.T) {
	for _, s := range []string{
		"use the patient portal at , or call (02) 9374 4000",
		"use the patient portal at https://p.example, or call .",
		"call  or email us",
		"Tell us at  or 555.",
		"Email .",
		"Call us on .",
		"contact us ( ) today",
		". Please leave out health details.",
	} {
		if !brokenRE.MatchString(s) {
			t.Errorf("%q not found broken", s)
		}
	}
	for _, s := range []string{
		"use the patient portal at https://p.example, or call (02) 9374 4000.",
		"Call 911 or go to the nearest emergency department.",
		"Tell us at hello@clinic.example.com or 0800 611 116.",
		"Please tell us.",
		"Monday to Friday 8am–5:30pm",
		"Email: hello@clinic.example.com",
		"If you have not heard back and it can’t wait, please call.",
		"Reading this website, or liking, following, commenting on or messaging our social media",
	} {
		if brokenRE.MatchString(s) {
			t.Errorf("%q found broken", s)
		}
	}
}
