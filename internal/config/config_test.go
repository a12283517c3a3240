package config

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/safeurl"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown key with suggestion", "title: X\ntimezon: UTC\n", `x.yaml:2:1: unknown field "timezon" (did you mean "timezone"?)`},
		{"theme as a path", "title: X\ntheme: ../../etc\n", `x.yaml:2:8: theme "../../etc" is not a folder name (name a folder in themes/, such as default)`},
		{"theme as a nested path", "title: X\ntheme: a/b\n", `x.yaml:2:8: theme "a/b" is not a folder name`},
		{"max_file_kb zero", "title: X\nmarkdown: {max_file_kb: 0}\n", `x.yaml:2:25: markdown.max_file_kb 0 is not a size (give a size in KB from 1 to 1048576; the default is 2048)`},
		{"max_file_kb negative", "title: X\nmarkdown:\n  max_file_kb: -5\n", `x.yaml:3:16: markdown.max_file_kb -5 is not a size`},
		{"max_file_kb too large", "title: X\nmarkdown:\n  max_file_kb: 99999999\n", `x.yaml:3:16: markdown.max_file_kb 99999999 is not a size`},
		{"max_file_kb not a number", "title: X\nmarkdown:\n  max_file_kb: 2MB\n", `x.yaml:3:16: "markdown.max_file_kb": "2MB" is not a whole number`},
		{"control character", "title: X\ntagline: a\x01b\n", `x.yaml:2:11: malformed YAML: control characters are not allowed (remove the character U+0001)`},
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
		{"max_chars on a fixed platform", "title: X\nsocial: {platforms: {x: {max_chars: 500}}}\n", `x.yaml:2:37: platform "x" has a fixed limit; max_chars (500) can be set only for mastodon (remove max_chars, or set it only for mastodon)`},
		{"max_chars negative", "title: X\nsocial:\n  platforms:\n    mastodon: {max_chars: -1}\n", `x.yaml:4:27: social.platforms.mastodon.max_chars is -1 (use a positive number of characters`},
		{"bad hours", "title: X\npractice: {locations: [{hours: [\"Mon 9-5\"]}]}\n", `opening hours "Mon 9-5" do not parse`},
		{"bad duration", "title: X\ncheck: {review_max_age: 1 year}\n", `"1 year" is not a duration`},
		{"bad severity", "title: X\ncheck: {rules: {seo/title-length: loud}}\n", `x.yaml:2:35: check.rules.seo/title-length: unknown severity "loud"`},
		{"bad practice type", "title: X\npractice: {type: Clinic}\n", `unknown practice.type "Clinic"`},
		{"syntax", "title: X\n  bad: [\n", `x.yaml:2: malformed YAML`},
		{"no title", "base_url: https://x.example/\n", `the site has no title`},
		{"wrong type", "title: X\npaginate: many\n", `x.yaml:2:11: "paginate": "many" is not a whole number`},
		{"utm.content not a boolean", "title: X\nsocial: {utm: {content: maybe}}\n", `x.yaml:2:25:`},
		{"unknown utm key", "title: X\nsocial: {utm: {source: fb}}\n", `unknown field "social.utm.source"`},
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

// TestParseRefusesWhatWouldReachAPageOrHostFile tries each value that ends
// up in an attribute, in JSON-LD or in _redirects, _headers or CNAME, as an
// attacker and as a careless user would write it.
func TestParseRefusesWhatWouldReachAPageOrHostFile(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		// base_url (and --base-url, see TestSetBaseURL).
		{"base_url with a query", "base_url: https://x.example/?utm=1\n", `x.yaml:2:11: base_url "https://x.example/?utm=1" has a query (remove the ?... part`},
		{"base_url with a fragment", "base_url: https://x.example/#top\n", `base_url "https://x.example/#top" has a fragment`},
		{"base_url with a user", "base_url: https://admin:pw@x.example/\n", `base_url "https://admin:pw@x.example/" holds a user name`},
		{"base_url with a space", "base_url: \"https://x.example/my clinic/\"\n", `holds a space`},
		{"base_url with a line break", "base_url: \"https://x.example/\\n/* https://evil.example/ 301!\"\n", `holds a line break`},
		{"base_url javascript", "base_url: \"javascript:alert(1)//\"\n", `uses the javascript: scheme`},
		{"base_url with no host", "base_url: \"https:///clinic/\"\n", `has no host`},
		// domain, written to CNAME.
		{"domain as a URL", "domain: https://riverbend.example.com/\n", `x.yaml:2:9: domain "https://riverbend.example.com/" is a URL, not a host name (write riverbend.example.com)`},
		{"domain with a line break", "domain: \"riverbend.example.com\\nevil.example\"\n", `domain "riverbend.example.com\nevil.example" holds a line break`},
		{"domain with a CR", "domain: \"riverbend.example.com\\r\"\n", `holds a line break`},
		{"domain with U+2028", "domain: \"riverbend.example.com\\u2028evil\"\n", `holds a line break`},
		{"domain with a space", "domain: \"river bend.example\"\n", `holds a space`},
		{"domain with a path", "domain: riverbend.example.com/clinic\n", `holds a path`},
		{"domain with a port", "domain: riverbend.example.com:443\n", `holds a port`},
		{"domain with an underscore", "domain: river_bend.example\n", `holds '_'`},
		{"domain one label", "domain: riverbend\n", `is not a full host name`},
		// URLs of the configuration.
		{"menu javascript", "menu: [{name: X, url: \"javascript:alert(1)\"}]\n", `x.yaml:2:23: menu.0.url "javascript:alert(1)" uses the javascript: scheme, which is not allowed here (link with http, https, mailto or tel`},
		{"menu mixed case", "menu: [{name: X, url: \"JaVaScRiPt:alert(1)\"}]\n", `uses the javascript: scheme`},
		{"menu leading spaces", "menu: [{name: X, url: \"  javascript:alert(1)\"}]\n", `uses the javascript: scheme`},
		{"menu tab in scheme", "menu: [{name: X, url: \"java\\tscript:alert(1)\"}]\n", `uses the javascript: scheme`},
		{"menu NUL in scheme", "menu: [{name: X, url: \"java\\0script:alert(1)\"}]\n", `uses the javascript: scheme`},
		{"menu vbscript", "menu: [{name: X, url: \"vbscript:x\"}]\n", `uses the vbscript: scheme`},
		{"menu data", "menu: [{name: X, url: \"data:text/html,x\"}]\n", `uses the data: scheme`},
		{"menu protocol-relative", "menu: [{name: X, url: //evil.example/}]\n", `leads to another site without naming its scheme`},
		{"menu backslash", "menu: [{name: X, url: \"/\\\\evil.example\"}]\n", `holds a backslash`},
		{"logo file", "brand: {logo: \"file:///etc/passwd\"}\n", `brand.logo "file:///etc/passwd" uses the file: scheme`},
		{"logo mailto", "brand: {logo: \"mailto:a@b.example\"}\n", `brand.logo "mailto:a@b.example" uses the mailto: scheme`},
		{"favicon data", "brand: {favicon: \"data:image/png;base64,AAAA\"}\n", `brand.favicon "data:image/png;base64,AAAA" uses the data: scheme`},
		{"favicon dot-dot", "brand: {favicon: /../favicon.ico}\n", `holds a . or .. segment`},
		{"booking javascript", "practice: {booking_url: \"javascript:alert(1)\"}\n", `practice.booking_url "javascript:alert(1)" uses the javascript: scheme`},
		{"booking relative", "practice: {booking_url: /book/}\n", `practice.booking_url "/book/" is not an absolute http(s) URL`},
		{"portal user name", "practice: {portal_url: \"https://portal.example@evil.example/\"}\n", `holds a user name`},
		{"same_as data", "practice: {same_as: [\"data:text/html,x\"]}\n", `x.yaml:2:22: practice.same_as.0 "data:text/html,x" uses the data: scheme`},
		{"same_as empty", "practice: {same_as: [\"\"]}\n", `practice.same_as.0 is empty`},
		{"same_as line break", "practice: {same_as: [\"https://x.example/\\nX: y\"]}\n", `holds a line break`},
		// check.rules.
		{"unknown rule", "check: {rules: {seo/descripton: off}}\n", `x.yaml:2:33: unknown rule "seo/descripton" in check.rules (did you mean "seo/description"?)`},
		{"unknown rule far from any", "check: {rules: {zzz: off}}\n", `unknown rule "zzz" in check.rules (run ` + "`carepress check --rules`" + ` for the list)`},
		{"unknown privacy rule", "check: {rules: {privacy/trackers: error}}\n", `did you mean "privacy/tracker"?`},
		// seo.csp_sources.
		{"csp unknown directive", "seo: {csp_sources: {frame-scr: [\"https://a.example\"]}}\n", `x.yaml:2:32: seo.csp_sources.frame-scr: unknown Content-Security-Policy directive "frame-scr" (did you mean "frame-src"?)`},
		{"csp upper-case directive", "seo: {csp_sources: {Frame-Src: [\"https://a.example\"]}}\n", `did you mean "frame-src"?`},
		{"csp frame-ancestors", "seo: {csp_sources: {frame-ancestors: [\"https://partner.example\"]}}\n", `seo.csp_sources.frame-ancestors: cannot be changed here: it stops other sites from framing this one`},
		{"csp base-uri", "seo: {csp_sources: {base-uri: [\"https://a.example\"]}}\n", `seo.csp_sources.base-uri: cannot be changed here`},
		{"csp object-src", "seo: {csp_sources: {object-src: [\"https://a.example\"]}}\n", `seo.csp_sources.object-src: cannot be changed here`},
		{"csp sandbox", "seo: {csp_sources: {sandbox: [\"allow-scripts\"]}}\n", `seo.csp_sources.sandbox: cannot be changed here`},
		{"csp script star", "seo: {csp_sources: {script-src: [\"*\"]}}\n", `x.yaml:2:34: seo.csp_sources.script-src: "*" is a wildcard, which would let scripts from any host run through script-src`},
		{"csp script wildcard host", "seo: {csp_sources: {script-src: [\"https://*.cdn.example\"]}}\n", `is a wildcard`},
		{"csp default star", "seo: {csp_sources: {default-src: [\"*\"]}}\n", `run through default-src`},
		{"csp script unsafe-inline", "seo: {csp_sources: {script-src: [\"'unsafe-inline'\"]}}\n", `"'unsafe-inline'" would let injected scripts run through script-src`},
		{"csp script unsafe-eval", "seo: {csp_sources: {script-src-elem: [\"'unsafe-eval'\"]}}\n", `would let injected scripts run through script-src-elem`},
		{"csp default unsafe-inline", "seo: {csp_sources: {default-src: [\"'UNSAFE-INLINE'\"]}}\n", `would let injected scripts run through default-src`},
		{"csp script unsafe-hashes", "seo: {csp_sources: {script-src: [\"'unsafe-hashes'\"]}}\n", `would let injected scripts run`},
		{"csp script strict-dynamic", "seo: {csp_sources: {script-src: [\"'strict-dynamic'\"]}}\n", `would let injected scripts run`},
		{"csp script data", "seo: {csp_sources: {script-src: [\"data:\"]}}\n", `allows every data: URL as a script through script-src`},
		{"csp script blob", "seo: {csp_sources: {worker-src: [\"blob:\"]}}\n", `allows every blob: URL as a script through worker-src`},
		{"csp script https scheme", "seo: {csp_sources: {script-src: [\"https:\"]}}\n", `allows every https: URL`},
		{"csp script http", "seo: {csp_sources: {script-src: [\"http://widget.example\"]}}\n", `loads scripts over plain http`},
		{"csp script nonce", "seo: {csp_sources: {script-src: [\"'nonce-abc'\"]}}\n", `is a nonce`},
		{"csp bare self", "seo: {csp_sources: {img-src: [self]}}\n", `"self" is a keyword without its quotes`},
		{"csp misspelt keyword", "seo: {csp_sources: {img-src: [\"'slef'\"]}}\n", `"'slef'" is not a Content-Security-Policy keyword (did you mean "'self'"?)`},
		{"csp none", "seo: {csp_sources: {frame-src: [\"'none'\"]}}\n", `would be ignored`},
		{"csp semicolon", "seo: {csp_sources: {frame-src: [\"https://a.example; script-src *\"]}}\n", `holds a semicolon`},
		{"csp semicolon only", "seo: {csp_sources: {frame-src: [\"https://a.example;script-src\"]}}\n", `holds a semicolon`},
		{"csp comma", "seo: {csp_sources: {frame-src: [\"https://a.example,https://b.example\"]}}\n", `holds a comma`},
		{"csp newline", "seo: {csp_sources: {frame-src: [\"https://a.example\\nX-Evil: 1\"]}}\n", `holds a line break`},
		{"csp U+2028", "seo: {csp_sources: {frame-src: [\"https://a.example\\u2028\"]}}\n", `holds a line break`},
		{"csp tab", "seo: {csp_sources: {frame-src: [\"https://a.example\\t\"]}}\n", `holds a space`},
		{"csp NUL", "seo: {csp_sources: {frame-src: [\"https://a.example\\0\"]}}\n", `holds a control character`},
		{"csp empty", "seo: {csp_sources: {frame-src: [\"\"]}}\n", `"" is empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte("title: X\n"+tt.src))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n%s\nwant it to contain\n%s", err, tt.want)
			}
		})
	}
}

func TestParseAcceptsSafeValues(t *testing.T) {
	src := `title: X
base_url: http://localhost:1313
domain: www.riverbend-clinic.example
brand: {logo: "https://cdn.example/logo.svg", favicon: favicon.ico}
menu:
  - {name: Mail, url: "mailto:hello@riverbend.example.com"}
  - {name: Call, url: "tel:+1-555-010-0100"}
  - {name: Map, url: "/contact/#map"}
  - {name: Partner, url: "https://partner.example/?ref=riverbend"}
practice: {same_as: ["https://bücher.example/@x"]}
seo:
  csp_sources:
    script-src: ["https://widget.example", "'sha256-AbCd0123+/='"]
    img-src: ["*", "https:", "data:", "'self'"]
    style-src: ["'unsafe-inline'"]
    frame-src: ["https://www.google.com/maps/"]
    connect-src: ["wss://live.example"]
check:
  rules: {privacy/tracker: error, seo/slug: off}
`
	c, err := Parse("x.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "http://localhost:1313/" {
		t.Errorf("base_url = %q", c.BaseURL)
	}
}

// TestURLsAreNeverMadeIntoSitePaths: a URL with a scheme is no path on the
// site, and RelURL and AbsURL leave it as it is rather than hide it behind
// the site's address ("/mailto:..." or "https://site/javascript:...").
func TestURLsAreNeverMadeIntoSitePaths(t *testing.T) {
	c := &Config{BaseURL: "https://x.example/clinic/"}
	for _, u := range []string{"mailto:a@b.example", "tel:+15550100", "https://o.example/", "javascript:alert(1)", "  JaVa\tScript:x", "//other.example/x"} {
		if got := c.RelURL(u); got != u {
			t.Errorf("RelURL(%q) = %q", u, got)
		}
		if got := c.AbsURL(u); got != u {
			t.Errorf("AbsURL(%q) = %q", u, got)
		}
	}
	for u, want := range map[string]string{"/contact/": "/clinic/contact/", "images/a.png": "/clinic/images/a.png", "/a:b/": "/clinic/a:b/"} {
		if got := c.RelURL(u); got != want {
			t.Errorf("RelURL(%q) = %q, want %q", u, got, want)
		}
	}
}

func TestSetBaseURL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"/relative", `--base-url "/relative" is not an absolute http(s) URL (write it in full, e.g. https://www.example.com/)`},
		{"https://x.example/?a=1", `has a query`},
		{"https://x.example/#a", `has a fragment`},
		{"https://u@x.example/", `holds a user name`},
		{"https://x.example/\n", `holds a line break`},
		{"javascript:alert(1)", `uses the javascript: scheme`},
	} {
		c := &Config{}
		err := c.SetBaseURL(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("SetBaseURL(%q) = %v, want %q", tt.in, err, tt.want)
		}
	}
	c := &Config{}
	if err := c.SetBaseURL("https://x.example/clinic"); err != nil || c.BaseURL != "https://x.example/clinic/" {
		t.Errorf("SetBaseURL = %v, base_url %q", err, c.BaseURL)
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
  phone: "+1-217-555-0100"
  email: hello@riverbend.example.com
  emergency_number: "911"
  portal_url: https://portal.riverbend.example.com
  booking_url: https://riverbend.example.com/book/
  same_as: ["https://mastodon.social/@riverbend"]
  locations:
    - {name: Main clinic, street: "12 River Rd", city: Springfield, region: IL, postal_code: "62701", country: US,
       phone: "+1-217-555-0100", hours: ["Mo-Fr 08:00-17:00"], closed: ["2026-12-25", "2027-01-01"]}
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
  utm: {medium: social, content: false}   # content: true adds the snippet id as utm_content
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
	if c.Social.UTM != (UTM{Medium: "social", Content: false}) {
		t.Errorf("social.utm = %+v", c.Social.UTM)
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
	f.Add([]byte("title: X\ndomain: \"a.example\\nb\"\nmenu: [{name: x, url: \"java\\tscript:1\"}]\n"))
	f.Add([]byte("title: X\nseo: {csp_sources: {script-src: [\"'unsafe-inline'\"], frame-ancestors: [\"*\"]}}\n"))
	f.Add([]byte(""))
	f.Add([]byte("title: \x7f\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := Parse("f.yaml", src)
		// A syntax error is placed on a line.
		var e *diag.Error
		if errors.As(err, &e) && strings.HasPrefix(e.Msg, "malformed YAML") && (e.Pos.File != "f.yaml" || e.Pos.Line < 1) {
			t.Fatalf("syntax error without a line: %v", err)
		}
		if err != nil {
			return
		}
		if c.Location == nil || c.Title == "" {
			t.Fatalf("accepted config without title or location: %q", src)
		}
		// Nothing accepted can add a line to a host file or a script
		// link to a page.
		urls := append([]string{c.BaseURL, c.Domain, c.Brand.Logo, c.Brand.Favicon, c.Practice.PortalURL, c.Practice.BookingURL}, c.Practice.SameAs...)
		for _, m := range c.Menu {
			urls = append(urls, m.URL)
		}
		for _, u := range urls {
			if safeurl.HasBreak(u) || strings.ContainsAny(u, " \t") || !safeurl.Safe(u) {
				t.Fatalf("accepted %q: %q", u, src)
			}
		}
		for d, srcs := range c.SEO.CSPSources {
			if cspLocked[d] != "" {
				t.Fatalf("accepted csp_sources.%s: %q", d, src)
			}
			for _, s := range srcs {
				if safeurl.HasBreak(s) || strings.ContainsAny(s, " \t;,") || s == "*" && slices.Contains(cspScriptDirectives, d) {
					t.Fatalf("accepted csp source %q for %s: %q", s, d, src)
				}
			}
		}
	})
}

func TestMarkdownMaxFile(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want int64
	}{
		{"title: X\n", 2048 << 10},
		{"title: X\nmarkdown: {unsafe: true}\n", 2048 << 10},
		{"title: X\nmarkdown: {max_file_kb: 10}\n", 10 << 10},
		{"title: X\nmarkdown: {max_file_kb: 1048576}\n", 1 << 30},
	} {
		c, err := Parse("x.yaml", []byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Markdown.MaxFileBytes(); got != tt.want {
			t.Errorf("%q: MaxFileBytes = %d, want %d", tt.src, got, tt.want)
		}
	}
}
