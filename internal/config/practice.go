package config

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/slug"
)

// DefaultTagline is the promise of a practice whose configuration gives
// none (practice.tagline): one that suits its specialty, or else its
// schema.org type. It promises care, never an outcome.
func DefaultTagline(typ string, specialty []string) string {
	for _, s := range specialty {
		if t, ok := specialtyTaglines[s]; ok {
			return t
		}
	}
	if t, ok := typeTaglines[typ]; ok {
		return t
	}
	return "Care you can count on, close to home."
}

var specialtyTaglines = map[string]string{
	"DietNutrition":   "Eating well, made practical: nutrition care that fits your life, your culture and your budget.",
	"Dentistry":       "Gentle dental care for the whole family, from first teeth onward.",
	"Nursing":         "Nursing care with time to listen, at every stage of life.",
	"Physiotherapy":   "Move with more ease: physical therapy built around your goals.",
	"PhysicalTherapy": "Move with more ease: physical therapy built around your goals.",
	"Pharmacy":        "Your local pharmacy, here to help you take your medicines well.",
	"Pediatric":       "Care for children and teens, and support for the families who raise them.",
	"Geriatric":       "Unhurried care for older adults and the people who look after them.",
	"PrimaryCare":     "Care for the whole family, at every age, from people who know you.",
}

var typeTaglines = map[string]string{
	"MedicalClinic": "Care for the whole family, at every age, from people who know you.",
	"Physician":     "Personal care from a doctor who takes the time to know you.",
	"Dentist":       "Gentle dental care for the whole family, from first teeth onward.",
	"Pharmacy":      "Your local pharmacy, here to help you take your medicines well.",
	"Optician":      "Eye care and glasses that fit your life.",
	"Hospital":      "Care for our community, every day of the year.",
}

// Map is the link to the location on a map: map_url, or else a search of
// its address on Google Maps (an ordinary https link: no script, no
// embed, nothing loaded until a reader follows it). It is "" when the
// location has no address to search for.
func (l Location) Map() string {
	if l.MapURL != "" {
		return l.MapURL
	}
	q := l.Address()
	if q == "" {
		return ""
	}
	return "https://www.google.com/maps/search/?api=1&query=" + url.QueryEscape(q)
}

// Address is the location's address on one line: "12 River Rd,
// Springfield, IL 62701".
func (l Location) Address() string {
	var parts []string
	for _, p := range []string{l.Street, l.City, strings.TrimSpace(l.Region + " " + l.PostalCode)} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// LocationIDs are the ids of the practice's locations, in order.
func (c *Config) LocationIDs() []string {
	out := make([]string, len(c.Practice.Locations))
	for i, l := range c.Practice.Locations {
		out[i] = l.ID
	}
	return out
}

// LocationByID returns the location with id, and false when there is
// none.
func (c *Config) LocationByID(id string) (*Location, bool) {
	for i := range c.Practice.Locations {
		if c.Practice.Locations[i].ID == id {
			return &c.Practice.Locations[i], true
		}
	}
	return nil, false
}

// validateLocationIDs checks that each location has its own id, written
// as a slug, since people and services name locations by it.
func (c *Config) validateLocationIDs(at func(string) diag.Pos) diag.List {
	var errs diag.List
	var seen []string
	for i, l := range c.Practice.Locations {
		key := fmt.Sprintf("practice.locations.%d", i)
		if _, set := c.Pos[key+".id"]; set {
			key += ".id"
			if !slug.Valid(l.ID) {
				hint := "use lowercase letters a-z, digits and hyphens"
				if s := slug.Make(l.ID); s != "" {
					hint = fmt.Sprintf("use %q", s)
				}
				errs = append(errs, diag.Errorf(at(key), hint, "location id %q is not lowercase ASCII letters, digits and hyphens", l.ID))
				continue
			}
		} else if _, named := c.Pos[key+".name"]; named {
			key += ".name"
		}
		if slices.Contains(seen, l.ID) {
			errs = append(errs, diag.Errorf(at(key), "give each location its own `id:`", "two locations have the id %q", l.ID))
		}
		seen = append(seen, l.ID)
	}
	return errs
}
