// Package config reads carepress.yaml into a typed Config.
//
// Load decodes the file strictly: an unknown key is an error naming its
// line and the closest known key, and every value is checked where it is
// written (time zone names, URLs, colours, durations), so that a mistake in
// the configuration is reported once, at its source, and never surfaces as
// an odd page later. Defaults fill what the file leaves out.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/carepress/carepress/internal/cadence"
	"github.com/carepress/carepress/internal/check/rules"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/fmatter"
	"github.com/carepress/carepress/internal/locale"
	"github.com/carepress/carepress/internal/safeurl"
	"github.com/carepress/carepress/internal/slug"
	"go.yaml.in/yaml/v3"
)

// FileName is the configuration file at the site root.
const FileName = "carepress.yaml"

// Config is a site's configuration.
type Config struct {
	Title    string       `yaml:"title"`
	BaseURL  string       `yaml:"base_url"`
	Language string       `yaml:"language"`
	Timezone string       `yaml:"timezone"`
	Theme    string       `yaml:"theme"`
	Brand    Brand        `yaml:"brand"`
	Menu     []MenuItem   `yaml:"menu"`
	Domain   string       `yaml:"domain"`
	Markdown Markdown     `yaml:"markdown"`
	Practice Practice     `yaml:"practice"`
	Notices  NoticeConfig `yaml:"notices"`
	SEO      SEO          `yaml:"seo"`
	Social   Social       `yaml:"social"`
	Check    Check        `yaml:"check"`
	// Paginate is the number of posts on a list page.
	Paginate int `yaml:"paginate"`

	// Languages are the site's other languages, each served under its
	// own path (see Language); the default one, Language, is at /.
	Languages []Language `yaml:"languages"`

	// Location is Timezone, loaded.
	Location *time.Location `yaml:"-"`
	// Country is the site's country, whose conventions its pages follow:
	// practice.country, else the region of language ("en-AU"), else the
	// country of the first location (see resolveCountry). Never nil after
	// a successful Parse.
	Country *locale.Country `yaml:"-"`
	// phones are the configuration's phone numbers, read for the country
	// of the place they belong to, by the text written.
	phones map[string]locale.Phone
	// Pos records where each key was written, for later checks.
	Pos fmatter.Positions `yaml:"-"`
	// File is the path of the file it was read from.
	File string `yaml:"-"`
}

// Brand is the practice's visual identity.
type Brand struct {
	Color   string `yaml:"color"`
	Logo    string `yaml:"logo"`
	Favicon string `yaml:"favicon"`
}

// MenuItem is one entry of the main navigation.
type MenuItem struct {
	Name string `yaml:"name"`
	URL  string `yaml:"url"`
}

// Markdown holds the markdown options.
type Markdown struct {
	// Unsafe lets raw HTML in markdown through; it is escaped otherwise.
	Unsafe bool `yaml:"unsafe"`
	// MaxFileKB is the size above which a markdown source is an error
	// rather than a build that takes minutes and gigabytes (and copies
	// the text into every feed); 0 means DefaultMaxFileKB.
	MaxFileKB int `yaml:"max_file_kb"`
}

// DefaultMaxFileKB is markdown.max_file_kb unless the site sets it: a
// long article is 50 KB, so 2 MB is room for forty.
const DefaultMaxFileKB = 2048

// MaxFileBytes is the size limit of a markdown source, in bytes.
func (m Markdown) MaxFileBytes() int64 {
	if m.MaxFileKB <= 0 {
		return DefaultMaxFileKB << 10
	}
	return int64(m.MaxFileKB) << 10
}

// Practice describes the practice behind the site.
type Practice struct {
	Name string `yaml:"name"` // defaults to the site title
	// Country is the ISO code of the practice's country (US, CA, GB, IE,
	// AU, NZ or another EU member state); see Config.Country.
	Country string `yaml:"country"`
	// Tagline is the practice's promise, the first line of its home
	// page; it defaults to one that suits its type and specialty.
	Tagline         string     `yaml:"tagline"`
	Type            string     `yaml:"type"`
	Specialty       []string   `yaml:"specialty"`
	Phone           string     `yaml:"phone"`
	Email           string     `yaml:"email"`
	EmergencyNumber string     `yaml:"emergency_number"`
	PortalURL       string     `yaml:"portal_url"`
	BookingURL      string     `yaml:"booking_url"`
	SameAs          []string   `yaml:"same_as"`
	Locations       []Location `yaml:"locations"`
}

// Location is one place where the practice sees patients.
type Location struct {
	// ID names the location where people and services say where they
	// are ("locations: [main-clinic]"); it defaults to the slug of Name,
	// or "location-N" for the Nth location without a name.
	ID         string   `yaml:"id"`
	Name       string   `yaml:"name"`
	Street     string   `yaml:"street"`
	City       string   `yaml:"city"`
	Region     string   `yaml:"region"`
	PostalCode string   `yaml:"postal_code"`
	Country    string   `yaml:"country"`
	Phone      string   `yaml:"phone"`
	Hours      []string `yaml:"hours"`
	Closed     []string `yaml:"closed"`

	// Opening is Hours, parsed (set by validation).
	Opening []Hours `yaml:"-"`
	// MapURL is the link to the location on a map; it defaults to a map
	// search of the address (see Map).
	MapURL string `yaml:"map_url"`
}

// NoticeConfig lists the notices a site cannot publish without.
type NoticeConfig struct {
	Require []string `yaml:"require"`
}

// SEO holds search and sharing options.
type SEO struct {
	ShareCards *bool               `yaml:"share_cards"`
	CSPSources map[string][]string `yaml:"csp_sources"`
}

// Social holds the settings of the social snippet planner.
type Social struct {
	Platforms map[string]Platform `yaml:"platforms"`
	Slots     []string            `yaml:"slots"`
	// Reshare lists the offsets of evergreen reshares after the first
	// share: "7d", "2w", "36h".
	Reshare   []string `yaml:"reshare"`
	PerDay    int      `yaml:"per_day"`
	RebuildAt string   `yaml:"rebuild_at"`
	UTM       UTM      `yaml:"utm"`
	LinkLine  string   `yaml:"link_line"`
	Template  string   `yaml:"template"`

	// SlotTimes, ReshareOffsets and RebuildHour:RebuildMinute are Slots,
	// Reshare and RebuildAt parsed (set by validation).
	SlotTimes                  []cadence.Slot   `yaml:"-"`
	ReshareOffsets             []cadence.Offset `yaml:"-"`
	RebuildHour, RebuildMinute int              `yaml:"-"`
}

// Platform is one social platform's settings; zero values mean the
// platform's own defaults.
type Platform struct {
	Handle      string   `yaml:"handle"`
	MaxChars    int      `yaml:"max_chars"`
	MaxHashtags int      `yaml:"max_hashtags"`
	Slots       []string `yaml:"slots"`
	PerDay      int      `yaml:"per_day"`
	LinkLine    string   `yaml:"link_line"`

	// SlotTimes is Slots parsed; nil means the site's slots.
	SlotTimes []cadence.Slot `yaml:"-"`
}

// UTM holds the campaign parameters added to shared links: utm_source
// is the platform and utm_campaign the post's slug.
type UTM struct {
	Medium string `yaml:"medium"`
	// Content adds the snippet id ("slug:platform:n") as utm_content. It
	// is off by default: it tells the shares of a post apart in the
	// analytics, but makes every link some 40 characters longer, which
	// Bluesky counts in full.
	Content bool `yaml:"content"`
}

// Check holds the settings of carepress check.
type Check struct {
	ReadingGradeMax float64           `yaml:"reading_grade_max"`
	ReviewMaxAge    Duration          `yaml:"review_max_age"`
	Rules           map[string]string `yaml:"rules"`
	Trackers        string            `yaml:"trackers"`
	Testimonials    string            `yaml:"testimonials"`
}

// Platforms are the social platforms carepress writes snippets for.
var Platforms = []string{"x", "mastodon", "bluesky", "threads", "facebook", "linkedin", "instagram"}

// OwnLimit is the one platform whose character limit a site sets
// (max_chars): each Mastodon server chooses its own, and the other
// platforms' limits are fixed. internal/social's tests hold this and
// Platforms to the counters of internal/social/count.
const OwnLimit = "mastodon"

// Duration is a span written in days, hours or minutes: "7d", "36h", "90m".
type Duration time.Duration

// UnmarshalYAML implements yaml.Unmarshaler.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseDuration(n.Value)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// Days is d in whole days.
func (d Duration) Days() int { return int(time.Duration(d) / (24 * time.Hour)) }

var durationRE = regexp.MustCompile(`^(\d+)\s*(d|h|m|w)$`)

// ParseDuration parses "7d", "2w", "36h" or "90m".
func ParseDuration(s string) (time.Duration, error) {
	m := durationRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, fmt.Errorf("%q is not a duration (write it as 7d, 2w, 36h or 90m)", s)
	}
	n, _ := strconv.Atoi(m[1])
	unit := map[string]time.Duration{"m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour}[m[2]]
	return time.Duration(n) * unit, nil
}

// ShareCardsEnabled reports whether share cards are generated (the default).
func (c *Config) ShareCardsEnabled() bool { return c.SEO.ShareCards == nil || *c.SEO.ShareCards }

// BasePath is the path part of base_url without its trailing slash: "" for
// a site at the root of its host, "/clinic" for one under a sub-path.
func (c *Config) BasePath() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(u.Path, "/")
}

// AbsURL makes a site path ("/posts/flu/") absolute under base_url. A URL
// with a scheme is left as it is: it is no path on the site (the loader
// refused those a page may not link to), and a "mailto:" made into
// "https://site/mailto:" would only hide the mistake.
func (c *Config) AbsURL(p string) string {
	if isURL(p) {
		return p
	}
	return strings.TrimSuffix(c.BaseURL, "/") + "/" + strings.TrimPrefix(p, "/")
}

// RelURL makes a site path ("/posts/flu/") root-relative under base_url's
// sub-path ("/clinic/posts/flu/"). A URL with a scheme is left as it is,
// as in AbsURL.
func (c *Config) RelURL(p string) string {
	if isURL(p) {
		return p
	}
	return c.BasePath() + "/" + strings.TrimPrefix(p, "/")
}

// isURL reports whether p is a URL rather than a path on the site: it has
// a scheme, read as a browser reads it, or names a host ("//host/").
func isURL(p string) bool {
	_, ok := safeurl.Scheme(p)
	return ok || strings.HasPrefix(p, "//")
}

// Load reads and validates FileName in fsys. Problems come back as a
// diag.List, each at its line and column.
func Load(fsys fs.FS) (*Config, error) {
	src, err := fs.ReadFile(fsys, FileName)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, diag.Errorf(diag.Pos{File: FileName}, "run carepress in a site's folder, pass -s DIR, or create one with `carepress new site DIR`", "no %s found", FileName)
		}
		var d *diag.Error
		if errors.As(err, &d) {
			return nil, err // a link out of the site names itself
		}
		return nil, fmt.Errorf("cannot read %s: %w", FileName, err)
	}
	return Parse(FileName, src)
}

// Parse decodes and validates a configuration file's contents.
func Parse(file string, src []byte) (*Config, error) {
	src, err := fmatter.Normalize(file, src)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmatter.YAMLError(file, 0, src, err)
	}
	c := &Config{File: file}
	var errs diag.List
	if len(doc.Content) > 0 {
		d := fmatter.Decoder{File: file}
		var decErrs diag.List
		c.Pos, decErrs = d.Decode(doc.Content[0], c)
		errs = append(errs, decErrs...)
	} else {
		c.Pos = fmatter.Positions{}
	}
	c.setDefaults()
	errs = append(errs, c.validate()...)
	errs.Sort()
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Config) setDefaults() {
	if c.Language == "" {
		c.Language = "en-US"
	}
	if c.Timezone == "" {
		c.Timezone = "UTC"
	}
	if c.Theme == "" {
		c.Theme = "default"
	}
	if c.Brand.Color == "" {
		c.Brand.Color = "#1f6f8b"
	}
	if c.Practice.Name == "" {
		c.Practice.Name = c.Title
	}
	if c.Practice.Type == "" {
		c.Practice.Type = "MedicalClinic"
	}
	if c.Practice.Tagline == "" {
		c.Practice.Tagline = DefaultTagline(c.Practice.Type, c.Practice.Specialty)
	}
	for i := range c.Practice.Locations {
		l := &c.Practice.Locations[i]
		if l.ID == "" {
			l.ID = slug.Make(l.Name)
			if l.ID == "" {
				l.ID = "location-" + strconv.Itoa(i+1)
			}
		}
	}
	if c.Paginate == 0 {
		c.Paginate = 10
	}
	if c.Social.PerDay == 0 {
		c.Social.PerDay = 2
	}
	if c.Social.RebuildAt == "" {
		c.Social.RebuildAt = "06:00"
	}
	if c.Social.UTM.Medium == "" {
		c.Social.UTM.Medium = "social"
	}
	if len(c.Social.Slots) == 0 {
		c.Social.Slots = []string{"Tue 10:00", "Thu 10:00"}
	}
	if c.Social.LinkLine == "" {
		c.Social.LinkLine = "Link in bio."
	}
	if c.Check.ReadingGradeMax == 0 {
		c.Check.ReadingGradeMax = 8
	}
	if c.Check.ReviewMaxAge == 0 {
		c.Check.ReviewMaxAge = Duration(365 * 24 * time.Hour)
	}
}

var colorRE = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// PracticeTypes are the schema.org types a practice may be.
var PracticeTypes = []string{"MedicalClinic", "Physician", "Dentist", "MedicalBusiness", "Optician", "Pharmacy", "Hospital", "MedicalOrganization"}

func (c *Config) validate() diag.List {
	var errs diag.List
	at := func(key string) diag.Pos {
		if p, ok := c.Pos[key]; ok {
			return p
		}
		return diag.Pos{File: c.File}
	}
	if c.Title == "" {
		errs = append(errs, diag.Errorf(at("title"), "add `title: Your Practice Name`", "the site has no title"))
	}
	if c.BaseURL != "" {
		if p := checkBaseURL(c.BaseURL); p != nil {
			errs = append(errs, p.At(at("base_url"), "base_url", c.BaseURL))
		} else if !strings.HasSuffix(c.BaseURL, "/") {
			c.BaseURL += "/"
		}
	}
	if c.Domain != "" {
		if p := safeurl.Host(c.Domain); p != nil {
			errs = append(errs, p.At(at("domain"), "domain", c.Domain))
		}
	}
	errs = append(errs, c.validateURLs(at)...)
	errs = append(errs, c.validateCSP(at)...)
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || c.Timezone == "Local" {
		errs = append(errs, diag.Errorf(at("timezone"), "use an IANA name such as America/Chicago, Europe/London or Australia/Sydney", "unknown time zone %q", c.Timezone))
		loc = time.UTC
	}
	c.Location = loc
	if !colorRE.MatchString(c.Brand.Color) {
		errs = append(errs, diag.Errorf(at("brand.color"), "write a hex colour such as \"#1f6f8b\" (quoted, since # starts a comment)", "brand.color %q is not a colour", c.Brand.Color))
	}
	if !slices.Contains(PracticeTypes, c.Practice.Type) {
		errs = append(errs, diag.Errorf(at("practice.type"), diag.OneOf(c.Practice.Type, PracticeTypes), "unknown practice.type %q", c.Practice.Type))
	}
	for i, m := range c.Menu {
		if m.Name == "" || m.URL == "" {
			errs = append(errs, diag.Errorf(at(fmt.Sprintf("menu.%d", i)), "give each entry a name and a url", "menu entry %d is incomplete", i+1))
		}
	}
	errs = append(errs, c.validateLocationIDs(at)...)
	for i := range c.Practice.Locations {
		loc := &c.Practice.Locations[i]
		for j, d := range loc.Closed {
			if _, err := time.Parse("2006-01-02", d); err != nil {
				errs = append(errs, diag.Errorf(at(fmt.Sprintf("practice.locations.%d.closed.%d", i, j)), "write closed days as 2026-12-25", "%q is not a date", d))
			}
		}
		loc.Opening = nil
		for j, h := range loc.Hours {
			oh, err := ParseHours(h)
			if err != nil {
				errs = append(errs, diag.Errorf(at(fmt.Sprintf("practice.locations.%d.hours.%d", i, j)), "write hours as \"Mo-Fr 08:00-17:00\" or \"Sa 09:00-12:00\", 24-hour, in the site's time zone", "%v", err))
				continue
			}
			loc.Opening = append(loc.Opening, oh)
		}
	}
	errs = append(errs, c.validateCountry(at)...)
	errs = append(errs, c.validateLanguages(at)...)
	errs = append(errs, c.validateSocial(at)...)
	errs = append(errs, c.validateSources(at)...)
	for rule, sev := range c.Check.Rules {
		if !rules.Known(rule) {
			errs = append(errs, diag.Errorf(at("check.rules."+rule), ruleHint(rule), "unknown rule %q in check.rules", rule))
			continue
		}
		if _, ok := rules.ParseSeverity(sev); !ok {
			errs = append(errs, diag.Errorf(at("check.rules."+rule), "use error, warning, info or off", "check.rules.%s: unknown severity %q", rule, sev))
		}
	}
	for _, key := range []string{"check.trackers", "check.testimonials"} {
		v := map[string]string{"check.trackers": c.Check.Trackers, "check.testimonials": c.Check.Testimonials}[key]
		if _, ok := rules.ParseSeverity(v); v != "" && !ok {
			errs = append(errs, diag.Errorf(at(key), "use error, warning, info or off", "%s: unknown severity %q", key, v))
		}
	}
	return errs
}

// ValidateForBuild checks what only a build needs: an absolute base_url, so
// that no site ships with localhost canonicals.
func (c *Config) ValidateForBuild() error {
	if c.BaseURL == "" {
		return diag.Errorf(diag.Pos{File: c.File}, "add `base_url: https://www.your-practice.example/` to "+FileName+" or pass --base-url", "base_url is missing")
	}
	return nil
}

// SetBaseURL replaces base_url (from --base-url), with the same checks as the file.
func (c *Config) SetBaseURL(s string) error {
	if err := CheckBaseURL("--base-url", s); err != nil {
		return err
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	c.BaseURL = s
	return nil
}

// CheckBaseURL checks s, given as name (a flag), with the rule of
// base_url: an absolute http(s) URL with no query, fragment or user name.
func CheckBaseURL(name, s string) error {
	if p := checkBaseURL(s); p != nil {
		return fmt.Errorf("%s %q %s (%s)", name, s, p.Msg, p.Hint)
	}
	return nil
}

// checkBaseURL is the rule of base_url, in the file or from --base-url.
func checkBaseURL(s string) *safeurl.Problem { return safeurl.Check(s, safeurl.Base) }

// ruleHint is the hint for an unknown rule name.
func ruleHint(r string) string {
	if h := diag.DidYouMean(r, rules.IDs()); h != "" {
		return h
	}
	return "run `carepress check --rules` for the list"
}

// validateURLs checks every URL of the configuration that reaches a page:
// each with the rule of its kind (see package safeurl).
func (c *Config) validateURLs(at func(string) diag.Pos) diag.List {
	var errs diag.List
	one := func(key, v string, k safeurl.Kind) {
		if v == "" {
			return
		}
		if p := safeurl.Check(v, k); p != nil {
			errs = append(errs, p.At(at(key), key, v))
		}
	}
	one("brand.logo", c.Brand.Logo, safeurl.Resource)
	one("brand.favicon", c.Brand.Favicon, safeurl.Resource)
	for i, m := range c.Menu {
		one(fmt.Sprintf("menu.%d.url", i), m.URL, safeurl.Link)
	}
	// Booking and portal links are shown as they are, on every page and
	// in JSON-LD: they must be whole addresses.
	one("practice.portal_url", c.Practice.PortalURL, safeurl.Web)
	one("practice.booking_url", c.Practice.BookingURL, safeurl.Web)
	for i, l := range c.Practice.Locations {
		one(fmt.Sprintf("practice.locations.%d.map_url", i), l.MapURL, safeurl.Web)
	}
	for i, u := range c.Practice.SameAs {
		key := fmt.Sprintf("practice.same_as.%d", i)
		if u == "" {
			errs = append(errs, diag.Errorf(at(key), "remove the empty entry", "%s is empty", key))
			continue
		}
		one(key, u, safeurl.Web)
	}
	return errs
}

// validateSocial parses the social planner's slots, offsets and clock, and
// checks each platform's name and limit.
func (c *Config) validateSocial(at func(string) diag.Pos) diag.List {
	var errs diag.List
	parseErr := func(key string, err error) {
		hint := "see the social section of the documentation"
		var pe *cadence.ParseError
		if errors.As(err, &pe) {
			hint = pe.Reason
			if pe.Suggestion != "" {
				hint = fmt.Sprintf("write %q", pe.Suggestion)
			}
			err = fmt.Errorf("%s: %s %q does not parse", key, pe.Kind, pe.Input)
		}
		errs = append(errs, diag.Errorf(at(key), hint, "%v", err))
	}
	slots := func(key string, in []string) []cadence.Slot {
		var out []cadence.Slot
		for i, s := range in {
			sl, err := cadence.ParseSlot(s)
			if err != nil {
				parseErr(fmt.Sprintf("%s.%d", key, i), err)
				continue
			}
			out = append(out, sl)
		}
		return out
	}
	sc := &c.Social
	sc.SlotTimes = slots("social.slots", sc.Slots)
	sc.ReshareOffsets = nil
	for i, s := range sc.Reshare {
		off, err := cadence.ParseOffset(s)
		if err != nil {
			parseErr(fmt.Sprintf("social.reshare.%d", i), err)
			continue
		}
		sc.ReshareOffsets = append(sc.ReshareOffsets, off)
	}
	h, m, err := cadence.ParseClock(sc.RebuildAt)
	if err != nil {
		parseErr("social.rebuild_at", err)
	}
	sc.RebuildHour, sc.RebuildMinute = h, m
	if sc.PerDay < 0 {
		errs = append(errs, diag.Errorf(at("social.per_day"), "use a positive number of posts per platform per day", "social.per_day is %d", sc.PerDay))
	}
	names := make([]string, 0, len(sc.Platforms))
	for name := range sc.Platforms {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := sc.Platforms[name]
		key := "social.platforms." + name
		if !slices.Contains(Platforms, name) {
			errs = append(errs, diag.Errorf(at(key), diag.OneOf(name, Platforms), "unknown social platform %q", name))
			continue
		}
		switch {
		case p.MaxChars < 0:
			errs = append(errs, diag.Errorf(at(key+".max_chars"), "use a positive number of characters, or remove max_chars for the platform's default",
				"%s.max_chars is %d", key, p.MaxChars))
		case p.MaxChars > 0 && name != OwnLimit:
			errs = append(errs, diag.Errorf(at(key+".max_chars"), "remove max_chars, or set it only for "+OwnLimit,
				"platform %q has a fixed limit; max_chars (%d) can be set only for %s", name, p.MaxChars, OwnLimit))
		}
		if p.MaxHashtags < 0 {
			errs = append(errs, diag.Errorf(at(key+".max_hashtags"), "use 0 for the platform's default, or a positive number", "%s.max_hashtags is %d", key, p.MaxHashtags))
		}
		if p.PerDay < 0 {
			errs = append(errs, diag.Errorf(at(key+".per_day"), "use a positive number", "%s.per_day is %d", key, p.PerDay))
		}
		p.SlotTimes = nil
		if len(p.Slots) > 0 {
			p.SlotTimes = slots(key+".slots", p.Slots)
		}
		sc.Platforms[name] = p
	}
	return errs
}

// maxFileKBLimit bounds markdown.max_file_kb: 1 GB, past which the setting
// no longer protects a build from anything.
const maxFileKBLimit = 1 << 20

// validateSources checks the settings that say which files a build reads:
// the theme is a folder in themes/ (a path would lead out of the site), and
// markdown.max_file_kb a size.
func (c *Config) validateSources(at func(string) diag.Pos) diag.List {
	var errs diag.List
	if t := c.Theme; t == "." || t == ".." || strings.ContainsAny(t, `/\`) || strings.ContainsFunc(t, unicode.IsControl) {
		errs = append(errs, diag.Errorf(at("theme"), "name a folder in themes/, such as default", "theme %q is not a folder name", t))
	}
	if _, set := c.Pos["markdown.max_file_kb"]; set && (c.Markdown.MaxFileKB <= 0 || c.Markdown.MaxFileKB > maxFileKBLimit) {
		errs = append(errs, diag.Errorf(at("markdown.max_file_kb"), fmt.Sprintf("give a size in KB from 1 to %d; the default is %d", maxFileKBLimit, DefaultMaxFileKB),
			"markdown.max_file_kb %d is not a size", c.Markdown.MaxFileKB))
	}
	return errs
}
