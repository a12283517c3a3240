// Package rules is the catalogue of carepress check's rules: each rule's
// name, default severity and what it finds, by family. It sits below both
// the checker (internal/check), which runs the rules, and the
// configuration (internal/config), which refuses a check.rules entry that
// names no rule, so that the one list serves both.
package rules

import "slices"

// Severity is how much a finding matters.
type Severity int

// The severities, most serious first. Off silences a rule.
const (
	Error Severity = iota
	Warning
	Info
	Off
)

// SeverityNames are the severities as carepress.yaml writes them.
var SeverityNames = []string{"error", "warning", "info", "off"}

func (s Severity) String() string {
	if s < Error || s > Off {
		return "unknown"
	}
	return SeverityNames[s]
}

// MarshalText writes the severity's name, for JSON output.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads "error", "warning", "info" or "off".
func ParseSeverity(s string) (Severity, bool) {
	i := slices.Index(SeverityNames, s)
	return Severity(max(i, 0)), i >= 0
}

// Rule describes one rule.
type Rule struct {
	ID      string
	Default Severity
	// Doc says what the rule finds, in one line.
	Doc string
}

// Privacy are the privacy/* rules: those of internal/privacy (text that
// could identify a patient) and the checker's file rules.
var Privacy = []Rule{
	{"privacy/ssn", Error, "a Social Security number"},
	{"privacy/health-id", Error, "a national health identifier with a valid check digit: Medicare number or IHI (AU), NHS number (GB), Ontario health card, BC PHN or RAMQ number (CA), NHI (NZ), PPSN (IE)"},
	{"privacy/record-number", Error, "a medical record, account, health plan or license number"},
	{"privacy/drivers-license", Error, "a driver's license number after \"driver's license\", \"driving licence\" or \"DL #\" (US, Canadian, UK, Irish, Australian and NZ formats)"},
	{"privacy/phone", Error, "a phone number that is not the practice's or its people's"},
	{"privacy/email", Error, "an email address that is not at the site's domains"},
	{"privacy/address", Error, "a street address that is not one of the practice's locations"},
	{"privacy/birth-date", Error, "a date of birth"},
	{"privacy/service-date", Error, "a date of service next to a person"},
	{"privacy/age-over-89", Error, "an age over 89"},
	{"privacy/patient-name", Error, "a person's name near clinical words"},
	{"privacy/tracker", Error, "a third-party tracker or script in templates, markdown (escaped or not) or static files"},
	{"privacy/exif-gps", Error, "a source image that carries GPS or camera EXIF data"},
	{"privacy/form", Error, "a form that posts to a third-party origin"},
	// A post's text could not be read back from the build cache, so
	// it could not be checked: never let that pass as clean.
	{"privacy/unreadable", Error, "a post whose text could not be read back to be checked"},
}

// Health are the health/* rules.
var Health = []Rule{
	{"health/reviewer", Error, "a post without a clinical reviewer or review date"},
	{"health/review-stale", Warning, "last_reviewed older than check.review_max_age"},
	{"health/edited-after-review", Warning, "lastmod later than last_reviewed"},
	{"health/placeholder", Error, "a notice that still holds a [[FILL IN]] placeholder"},
	{"health/sources", Warning, "a patient-audience post that cites no sources"},
	{"health/reading-grade", Warning, "a reading grade above check.reading_grade_max"},
	{"health/absolute-claim", Warning, "an absolute claim: cures, guaranteed, 100% safe, miracle, no side effects"},
	{"health/testimonial", Warning, "a testimonial praising a clinical outcome (an error by default for a site in Australia, where Ahpra bans them)"},
	{"health/notice", Error, "a required notice that a post does not show"},
	{"health/translation-stale", Warning, "a translation whose original was reviewed or changed after the translation's last_reviewed (or lastmod)"},
}

// SEO are the seo/* rules.
var SEO = []Rule{
	{"seo/title-length", Warning, "a title outside 30–60 characters"},
	{"seo/description", Warning, "a description missing or outside 70–160 characters"},
	{"seo/duplicate", Warning, "a title or description another page has too"},
	{"seo/h1", Warning, "a level-1 heading in the body (the page title is the h1)"},
	{"seo/heading-skip", Warning, "a heading that skips a level"},
	{"seo/image-alt", Warning, "an image without alt text"},
	{"seo/slug", Warning, "a slug that is not lowercase ASCII letters, digits and hyphens"},
}

// Links are the links/* rules.
var Links = []Rule{
	{"links/broken", Error, "an internal link to a page or file that does not exist"},
	{"links/anchor", Error, "a #fragment with no matching heading id"},
	{"links/unpublished", Error, "a link to a draft, or to a post not published (or expired) when the linking page publishes"},
	{"links/external", Warning, "an external link that fails (only with --external)"},
}

// Markup are what a page will show as text although its author meant it
// as markup (markdown.Doc.Literals). The load warns of the same, so a
// build runs none of them.
var Markup = []Rule{
	{"markup/raw-html", Warning, "raw HTML that readers will see as text, since markdown.unsafe is off"},
	{"markup/template", Warning, "a Hugo shortcode, Liquid tag, template expression or kramdown attribute list that readers will see as text"},
}

// Social are the faults of a post's social snippets. A build fails on the
// first two anyway, when a share is due.
var Social = []Rule{
	{"social/length", Error, "a post's social text (or its title and link) over a platform's limit"},
	{"social/notice", Error, "the notices placed in social leave no room for a post's snippet"},
	{"social/image", Error, "a post for instagram with no image and no share card (instagram posts need one)"},
	{"social/hashtags", Warning, "social.hashtags lists more hashtags than a platform takes"},
}

// Reply are the rules of carepress check --reply, which runs the privacy
// rules too.
var Reply = []Rule{
	{"reply/confirms-care", Error, "a reply that confirms someone is a patient or mentions their care"},
	{"reply/advice", Error, "a reply that gives individual medical advice"},
	{"reply/offline", Warning, "a reply that does not steer the conversation offline"},
}

// I18n are the rules about the site's languages.
var I18n = []Rule{
	// A build warns of it, and --strict fails (check.Gate).
	{"i18n/missing-message", Error, "a message of the theme's catalog that one of the site's languages lacks: its pages show the default language's"},
}

// Meta are the rules about silencing rules.
var Meta = []Rule{
	{"check/ignore", Error, "an ignore in front matter without a reason or for an unknown rule"},
}

// All are every rule, by family.
var All = slices.Concat(Privacy, Health, SEO, Links, Markup, Social, Reply, I18n, Meta)

// IDs are the names of All, in its order, for "did you mean" hints.
func IDs() []string {
	ids := make([]string, len(All))
	for i, r := range All {
		ids[i] = r.ID
	}
	return ids
}

// Known reports whether id names a rule.
func Known(id string) bool {
	return slices.ContainsFunc(All, func(r Rule) bool { return r.ID == id })
}
