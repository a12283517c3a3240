package config

import (
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown key with suggestion", "title: X\ntimezon: UTC\n", `x.yaml:2:1: unknown field "timezon" (did you mean "timezone"?)`},
		{"unknown nested key", "title: X\npractice:\n  phonne: \"1\"\n", `x.yaml:3:3: unknown field "practice.phonne" (did you mean "phone"?)`},
		{"unknown key far from any", "title: X\nzzzzzz: 1\n", `x.yaml:2:1: unknown field "zzzzzz" (known fields: title, base_url`},
		{"relative base_url", "title: X\nbase_url: /clinic/\n", `x.yaml:2:11: base_url "/clinic/" is not an absolute http(s) URL`},
		{"bad time zone", "title: X\ntimezone: America/Chicagoo\n", `x.yaml:2:11: unknown time zone "America/Chicagoo"`},
		{"bad colour", "title: X\nbrand: {color: blue}\n", `x.yaml:2:16: brand.color "blue" is not a colour`},
		{"bad platform", "title: X\nsocial: {platforms: {tiktok: {}}}\n", `unknown social platform "tiktok"`},
		{"bad slot", "title: X\nsocial: {slots: [\"Tue 9am\"]}\n", `x.yaml:2:18: social.slots.0: slot "Tue 9am" does not parse (write "Tue 09:00")`},
		{"bad platform slot", "title: X\nsocial: {platforms: {x: {slots: [\"Mo 09:00\"]}}}\n", `social.platforms.x.slots.0: slot "Mo 09:00" does not parse (write "Mon 09:00")`},
		{"bad offset", "title: X\nsocial: {reshare: [7 days]}\n", `x.yaml:2:20: social.reshare.0: offset "7 days" does not parse (write "7d")`},
		{"bad rebuild time", "title: X\nsocial: {rebuild_at: 6am}\n", `social.rebuild_at: clock "6am" does not parse (write "06:00")`},
		{"max_chars on a fixed platform", "title: X\nsocial: {platforms: {x: {max_chars: 500}}}\n", `platform "x" has a fixed limit`},
		{"bad hours", "title: X\npractice: {locations: [{hours: [\"Mon 9-5\"]}]}\n", `opening hours "Mon 9-5" do not parse`},
		{"bad duration", "title: X\ncheck: {review_max_age: 1 year}\n", `"1 year" is not a duration`},
		{"bad severity", "title: X\ncheck: {rules: {seo/title: loud}}\n", `unknown severity "loud"`},
		{"bad practice type", "title: X\npractice: {type: Clinic}\n", `unknown practice.type "Clinic"`},
		{"syntax", "title: X\n  bad: [\n", `x.yaml:2: malformed YAML`},
		{"no title", "base_url: https://x.example/\n", `the site has no title`},
		{"wrong type", "title: X\npaginate: many\n", `x.yaml:2:11: "paginate": "many" is not a whole number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(tt.src))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n%s\nwant it to contain\n%s", err, tt.want)
			}
		})
	}
}

func TestDefaultsAndKnownKeys(t *testing.T) {
	// Every key of the design's example configuration is known.
	src := `title: Riverbend Family Clinic
base_url: https://riverbend.example.com/clinic
language: en-US
timezone: America/Chicago
theme: default
brand: {color: "#1f6f8b", logo: /images/logo.svg, favicon: /favicon.ico}
menu: [{name: Services, url: /services/}, {name: Contact, url: /contact/}]
domain: riverbend.example.com
markdown: {unsafe: false}
practice:
  type: MedicalClinic
  specialty: [PrimaryCare]
  phone: "+1-555-010-0100"
  email: hello@riverbend.example.com
  emergency_number: "911"
  portal_url: https://portal.riverbend.example.com
  booking_url: https://riverbend.example.com/book/
  same_as: ["https://mastodon.social/@riverbend"]
  locations:
    - {name: Main clinic, street: "12 River Rd", city: Springfield, region: IL, postal_code: "62701", country: US,
       phone: "+1-555-010-0100", hours: ["Mo-Fr 08:00-17:00"], closed: ["2026-12-25", "2027-01-01"]}
notices:
  require: [no-advice, emergency, privacy, contact]
seo:
  share_cards: true
  csp_sources: {frame-src: ["https://www.google.com"]}
social:
  platforms:
    x: {handle: "@riverbend"}
    mastodon: {max_chars: 500}
    bluesky: {}
    facebook: {}
    linkedin: {}
    instagram: {max_hashtags: 5}
  slots: ["Tue 09:00", "Thu 12:30"]
  reshare: ["7d", "90d"]
  per_day: 2
  rebuild_at: "06:00"
  utm: {medium: social}
check:
  reading_grade_max: 8
  review_max_age: 365d
  rules: {privacy/tracker: error, health/testimonial: error}
`
	c, err := Parse("carepress.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "https://riverbend.example.com/clinic/" || c.BasePath() != "/clinic" {
		t.Errorf("base_url = %q, base path %q", c.BaseURL, c.BasePath())
	}
	if got := c.RelURL("/posts/flu/"); got != "/clinic/posts/flu/" {
		t.Errorf("RelURL = %q", got)
	}
	if got := c.AbsURL("/posts/flu/"); got != "https://riverbend.example.com/clinic/posts/flu/" {
		t.Errorf("AbsURL = %q", got)
	}
	if c.Location.String() != "America/Chicago" || c.Paginate != 10 || c.Practice.Name != "Riverbend Family Clinic" {
		t.Errorf("defaults: %v %d %q", c.Location, c.Paginate, c.Practice.Name)
	}
	if len(c.Social.ReshareOffsets) != 2 || c.Social.ReshareOffsets[1].Days != 90 || c.Check.ReviewMaxAge.Days() != 365 {
		t.Errorf("durations: %v %v", c.Social.ReshareOffsets, c.Check.ReviewMaxAge)
	}
	if p := c.Pos["practice.phone"]; p.Line != 13 || p.Col != 10 {
		t.Errorf("position of practice.phone = %v", p)
	}
	if err := c.ValidateForBuild(); err != nil {
		t.Error(err)
	}
}

func TestMissingBaseURLFailsBuild(t *testing.T) {
	c, err := Parse("carepress.yaml", []byte("title: X\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ValidateForBuild(); err == nil || !strings.Contains(err.Error(), "base_url is missing") {
		t.Errorf("ValidateForBuild = %v", err)
	}
}

func TestParseHours(t *testing.T) {
	h, err := ParseHours("Mo-We,Fr 08:00-17:30")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(h.Days, " ") != "Monday Tuesday Wednesday Friday" || h.Opens != "08:00" || h.Closes != "17:30" {
		t.Errorf("got %+v", h)
	}
	for _, bad := range []string{"Fr-Mo 08:00-17:00", "Xx 08:00-17:00", "Mo 8-5", ""} {
		if _, err := ParseHours(bad); err == nil {
			t.Errorf("ParseHours(%q) succeeded", bad)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("title: X\nbase_url: https://x.example/\n"))
	f.Add([]byte("practice: {locations: [{hours: [\"Mo-Fr 08:00-17:00\"]}]}\n"))
	f.Add([]byte("social: {reshare: [7d, x]}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := Parse("f.yaml", src)
		if err == nil && (c.Location == nil || c.Title == "") {
			t.Fatalf("accepted config without title or location: %q", src)
		}
	})
}
