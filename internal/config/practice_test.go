package config

import (
	"strings"
	"testing"
)

// A practice that writes no tagline gets one that suits what it is; one
// that writes its own keeps it.
func TestDefaultTaglineSuitsThePractice(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"practice: {type: MedicalClinic}", "Care for the whole family"},
		{"practice: {type: Dentist}", "Gentle dental care"},
		{"practice: {type: MedicalBusiness, specialty: [DietNutrition]}", "nutrition care"},
		{"practice: {type: MedicalBusiness, specialty: [Physiotherapy]}", "physical therapy"},
		{"practice: {type: MedicalBusiness, specialty: [Nursing]}", "Nursing care"},
		{"practice: {type: Pharmacy}", "pharmacy"},
		{"practice: {type: Physician, specialty: [Pediatric]}", "children and teens"},
		{"practice: {type: MedicalOrganization}", "Care you can count on"},
		{"practice: {type: Dentist, tagline: \"Smiles since 1990.\"}", "Smiles since 1990."},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		c, err := Parse("x.yaml", []byte("title: X\n"+tt.src+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(c.Practice.Tagline, tt.want) {
			t.Errorf("%s: tagline %q, want it to contain %q", tt.src, c.Practice.Tagline, tt.want)
		}
		seen[c.Practice.Tagline] = true
	}
	if len(seen) < len(tests)-1 {
		t.Errorf("only %d different taglines for %d kinds of practice", len(seen), len(tests))
	}
}

// Locations have ids that people and services name: written, or the
// name's slug, or their place in the list.
func TestLocationIDs(t *testing.T) {
	c, err := Parse("x.yaml", []byte(`title: X
practice:
  locations:
    - {name: Main Clinic, street: "12 River Rd", city: Springfield, region: IL, postal_code: "62701"}
    - {id: west, name: Westside office}
    - {city: Springfield}
    - {name: "Clínica del Sur", map_url: "https://maps.example/place/42"}
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"main-clinic", "west", "location-3", "clinica-del-sur"}
	if got := c.LocationIDs(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ids %v, want %v", got, want)
	}
	if l, ok := c.LocationByID("west"); !ok || l.Name != "Westside office" {
		t.Errorf("LocationByID(west) = %v, %v", l, ok)
	}
	if _, ok := c.LocationByID("Westside office"); ok {
		t.Errorf("a location found by its name rather than its id")
	}
	locs := c.Practice.Locations
	if got := locs[0].Map(); got != "https://www.google.com/maps/search/?api=1&query=12+River+Rd%2C+Springfield%2C+IL+62701" {
		t.Errorf("map link %q", got)
	}
	if got := locs[3].Map(); got != "https://maps.example/place/42" {
		t.Errorf("map_url not used: %q", got)
	}
	if got := locs[1].Map(); got != "" {
		t.Errorf("a location with no address has a map link %q", got)
	}
	if got := locs[0].Address(); got != "12 River Rd, Springfield, IL 62701" {
		t.Errorf("address %q", got)
	}
}

func TestLocationErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"same id twice", "practice:\n  locations:\n    - {name: Main}\n    - {name: main}\n", `x.yaml:5:14: two locations have the id "main" (give each location its own ` + "`id:`" + `)`},
		{"id written twice", "practice:\n  locations:\n    - {id: a}\n    - {id: a}\n", `x.yaml:5:12: two locations have the id "a"`},
		{"id not a slug", "practice:\n  locations:\n    - {id: Main Clinic}\n", `x.yaml:4:12: location id "Main Clinic" is not lowercase ASCII letters, digits and hyphens (use "main-clinic")`},
		{"map_url javascript", "practice:\n  locations:\n    - {map_url: \"javascript:alert(1)\"}\n", `practice.locations.0.map_url "javascript:alert(1)" uses the javascript: scheme`},
		{"map_url relative", "practice:\n  locations:\n    - {map_url: /map/}\n", `practice.locations.0.map_url "/map/" is not an absolute http(s) URL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte("title: X\n"+tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n%v\nwant it to contain\n%s", err, tt.want)
			}
		})
	}
}
