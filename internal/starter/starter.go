// Package starter writes new sites and notices from the texts built into
// carepress: the standard notice set for a kind of practice and its
// country, with the emergency number, privacy wording and legal notices
// that country expects.
//
// Texts live in files/notices/SET/ID.md: "common" for every site, and a
// country set (US, CA, GB, IE, AU, NZ, and EU for the other member
// states) whose file of the same id replaces the common one. Every text is
// written in American English and spelt as the country spells when it is
// written (see Spell). Legal texts the practice must complete carry [[FILL IN: ...]]
// placeholders, which the build warns about until they are filled in.
package starter

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/carepress/carepress/internal/locale"
)

//go:embed files
var files embed.FS

// Kind is a kind of practice and what it means for its structured data.
type Kind struct {
	Name string
	// Type is the schema.org type of the practice.
	Type      string
	Specialty []string
}

// Kinds are the kinds `new site --kind` accepts. schema.org has no
// dietitian, nurse or physiotherapist type, so those are MedicalBusiness
// with a medicalSpecialty.
var Kinds = []Kind{
	{"clinic", "MedicalClinic", []string{"PrimaryCare"}},
	{"physician", "Physician", []string{"PrimaryCare"}},
	{"dental", "Dentist", []string{"Dentistry"}},
	{"dietitian", "MedicalBusiness", []string{"DietNutrition"}},
	{"nurse", "MedicalBusiness", []string{"Nursing"}},
	{"physiotherapy", "MedicalBusiness", []string{"PhysicalTherapy"}},
	{"pharmacy", "Pharmacy", []string{"Pharmacy"}},
}

// Country is what a country changes in a starter site: its conventions
// (package locale), the notice set and the notices it cannot publish
// without.
type Country struct {
	*locale.Country
	Set string // the notice set: US, CA, GB, IE, AU, NZ, or EU for the other member states
	// Require are the notices the site cannot publish without.
	Require []string
}

var baseRequire = []string{"no-advice", "emergency", "privacy", "contact"}

// LookupCountry returns the settings for an ISO 3166 country code.
func LookupCountry(code string) (Country, error) {
	lc, ok := locale.Lookup(code)
	if !ok {
		return Country{}, fmt.Errorf("unsupported country %q (%s)", code, locale.SupportedText())
	}
	c := Country{Country: lc, Set: lc.Code, Require: baseRequire}
	switch {
	case lc.Code == "US":
		c.Require = append(baseRequire[:4:4], "notice-of-privacy-practices", "nondiscrimination")
	case lc.Code == "AU":
		c.Require = append(baseRequire[:4:4], "testimonials")
	case lc.EU && lc.Code != "IE":
		c.Set = "EU"
	}
	return c, nil
}

// Countries are the codes LookupCountry accepts (besides "UK", another
// name for GB): US, CA, GB, IE, AU, NZ and the other EU countries.
func Countries() []string { return locale.Codes() }

// LookupKind returns the kind called name.
func LookupKind(name string) (Kind, error) {
	var names []string
	for _, k := range Kinds {
		if k.Name == name {
			return k, nil
		}
		names = append(names, k.Name)
	}
	return Kind{}, fmt.Errorf("unknown kind %q (use one of: %s)", name, strings.Join(names, ", "))
}

// Notices returns the notice texts of a country's set, by id.
func Notices(c Country) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, set := range []string{"common", c.Set} {
		dir := "files/notices/" + set
		entries, err := fs.ReadDir(files, dir)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, err
		}
		for _, e := range entries {
			id, ok := strings.CutSuffix(e.Name(), ".md")
			if !ok {
				continue
			}
			b, err := fs.ReadFile(files, path.Join(dir, e.Name()))
			if err != nil {
				return nil, err
			}
			out[id] = Spell(b, c.Spelling)
		}
	}
	return out, nil
}

// NoticeKinds are the kinds a notice may be.
var NoticeKinds = []string{"boundary", "disclaimer", "emergency", "privacy", "contact", "reviews", "advertising", "testimonials", "legal", "accessibility"}

// Notice returns the starter text for notice id: the shipped text of that
// id for the country, or else a skeleton of kind.
func Notice(id, kind string, c Country) ([]byte, error) {
	all, err := Notices(c)
	if err != nil {
		return nil, err
	}
	if b, ok := all[id]; ok && kind == "" {
		return b, nil
	}
	if kind == "" {
		kind = "boundary"
	}
	ok := false
	for _, k := range NoticeKinds {
		ok = ok || k == kind
	}
	if !ok {
		return nil, fmt.Errorf("unknown notice kind %q (use one of: %s)", kind, strings.Join(NoticeKinds, ", "))
	}
	if b, ok := all[id]; ok && strings.Contains(string(b), "\nkind: "+kind+"\n") {
		return b, nil
	}
	title := strings.ToUpper(id[:1]) + strings.ReplaceAll(id[1:], "-", " ")
	return []byte(fmt.Sprintf(`---
title: %s
kind: %s
summary: "[[FILL IN: one line for footers and social posts]]"
placement: [footer]       # footer, banner, post-end, contact, social
order: 50
# lastmod: 2026-03-14     # the date of this version, shown on the notice
---
[[FILL IN: the full text of this notice, in plain language. You may use
{{ .Practice.Name }}, {{ .Practice.Phone }}, {{ .Practice.Email }},
{{ .Practice.PortalURL }} and {{ .Practice.EmergencyNumber }}.]]
`, title, kind)), nil
}

// WriteFileNew writes a file that must not exist yet.
func WriteFileNew(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists (edit it, or remove it first)", name)
		}
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
