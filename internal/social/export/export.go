// Package export turns a planned social schedule into the files of the site's
// social/ directory, the one that sits beside public/ and never inside it.
//
// # Contract
//
// [Files] is pure: it does no I/O and reads no clock. Every timestamp it
// writes derives from the plan ([Plan.Generated] and each item's
// ScheduledAt), so the same plan always gives byte-identical files. It
// returns file contents keyed by their name relative to social/; the caller
// writes them.
//
// Items scheduled before Plan.Generated are left out of every file (a
// snippet in the past cannot be scheduled). Items are written in the order
// ScheduledAt, then ID, whatever order the plan lists them in.
//
// # Files
//
//   - plan.json: every item, with times in RFC 3339 carrying the site's UTC
//     offset, and Bluesky's display text and link facets.
//   - buffer-PLATFORM.csv: Buffer's bulk-upload format, one file per platform
//     (a Buffer upload goes to one channel), at most 100 rows a file; further
//     rows go to buffer-PLATFORM-2.csv, -3 and so on.
//   - hootsuite-PLATFORM.csv: Hootsuite's bulk-composer format, one file per
//     platform for the same reason, at most 350 rows a file (then -2, -3 ...),
//     holding only items at least 10 minutes after Plan.Generated, because
//     Hootsuite rejects a bulk upload holding sooner ones.
//   - calendar.ics: an RFC 5545 calendar with one event per item.
//   - index.html and preview.css: a self-contained preview of the schedule by
//     local day, for the practice to review.
//
// See the comments on each writer for the format details and the reasons
// behind them.
package export

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/carepress/carepress/internal/locale"
)

// Plan is a social schedule ready to export.
type Plan struct {
	// Site is the site's title.
	Site string
	// BaseURL is the site's base URL; its host names the calendar's UIDs.
	BaseURL string
	// Generated is "now" (carepress's --now): every timestamp in the files
	// derives from it, the ICS DTSTAMP included.
	Generated time.Time
	// Location is the site's time zone; local times are written in it.
	Location *time.Location
	// Country writes the preview's dates and times as the site's pages
	// do; nil writes "Tuesday 1 December 2026" and "09:00". The exports
	// keep the formats their tools read.
	Country *locale.Country
	// Lang is the language the preview is written in, the site's default
	// one ("en-US"); "" is English.
	Lang string
	// NextChange is the next scheduled change to the site (zero for none),
	// recorded in plan.json so a deploy job knows when to rebuild.
	NextChange time.Time
	// NextChangeReason says what changes then, e.g.
	// "publish posts/spring-allergies".
	NextChangeReason string
	// Items are the snippets, normally sorted by ScheduledAt, then ID.
	Items []Item
}

// Facet marks a link in a Bluesky text, in the spirit of the AT Protocol
// richtext facet: a byte range of the UTF-8 display text and the URI it
// links to.
type Facet struct {
	ByteStart int    `json:"byte_start"`
	ByteEnd   int    `json:"byte_end"`
	URI       string `json:"uri"`
}

// Item is one scheduled snippet.
type Item struct {
	// ID is "slug:platform:n", stable across rebuilds.
	ID string
	// Post is the post's slug.
	Post string
	// PostTitle is the post's title.
	PostTitle string
	// PostURL is the post's canonical URL, without tracking parameters.
	PostURL string
	// Platform is the platform's config name, such as "x" or "bluesky". It
	// names files, so it must be lower-case letters, digits, '-' or '_'.
	Platform string
	// Share is 0 for the first share, 1.. for reshares.
	Share int
	// Text is the full text, every URL whole; every CSV carries it.
	Text string
	// Display is Bluesky's visible text, whose link text may be shortened;
	// it equals Text on other platforms.
	Display string
	// Facets are Bluesky's link facets over Display.
	Facets []Facet
	// Length and Limit are the text's length and the platform's limit, as
	// the platform counts them.
	Length, Limit int
	// URL is the link with tracking parameters.
	URL string
	// Image is the share image's absolute URL, or "".
	Image string
	// Preview is where the preview page loads the image from: the image in
	// the output folder (a path relative to the social folder, or on the
	// dev server), its own URL when it is not the site's, or "" when the
	// build that publishes the post has yet to make it. It is not written
	// to plan.json, whose addresses are the public ones.
	Preview string
	// Hashtags are the snippet's hashtags, without '#'.
	Hashtags []string
	// ScheduledAt is when the snippet is to be posted.
	ScheduledAt time.Time
	// Lang is the language of the post and its snippet ("es-US"), on a
	// site in more than one language; "" on a site in one.
	Lang string
}

// Files returns every export file by its name relative to social/.
// It fails on a plan it cannot export faithfully: no time zone, an item with
// no ID, a platform unfit for a file name, or a facet outside its text.
func Files(p *Plan) (map[string][]byte, error) {
	items, err := prepare(p)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	add := func(m map[string][]byte) {
		for name, b := range m {
			files[name] = b
		}
	}
	planJSON, err := planFile(p, items)
	if err != nil {
		return nil, err
	}
	files["plan.json"] = planJSON
	buffer, err := bufferFiles(p.Location, items)
	if err != nil {
		return nil, err
	}
	add(buffer)
	hoot, err := hootsuiteFiles(p.Location, p.Generated, items)
	if err != nil {
		return nil, err
	}
	add(hoot)
	files["calendar.ics"] = calendarFile(p, items)
	page, err := previewFile(p, items)
	if err != nil {
		return nil, err
	}
	files["index.html"] = page
	files["preview.css"] = []byte(previewCSS)
	return files, nil
}

// prepare checks the plan and returns its exportable items: those at or
// after Generated, sorted by ScheduledAt, then ID.
func prepare(p *Plan) ([]Item, error) {
	if p == nil {
		return nil, fmt.Errorf("export: no plan")
	}
	if p.Location == nil {
		return nil, fmt.Errorf("export: plan has no time zone")
	}
	if p.Generated.IsZero() {
		return nil, fmt.Errorf("export: plan has no generation time")
	}
	var items []Item
	seen := map[string]bool{}
	for i, it := range p.Items {
		if err := checkItem(it); err != nil {
			return nil, fmt.Errorf("export: item %d: %w", i, err)
		}
		if seen[it.ID] {
			return nil, fmt.Errorf("export: item %d: duplicate id %q (ids must be unique)", i, it.ID)
		}
		seen[it.ID] = true
		if it.ScheduledAt.Before(p.Generated) {
			continue
		}
		items = append(items, it)
	}
	slices.SortStableFunc(items, func(a, b Item) int {
		if c := a.ScheduledAt.Compare(b.ScheduledAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return items, nil
}

func checkItem(it Item) error {
	switch {
	case it.ID == "":
		return fmt.Errorf("empty id")
	case !validPlatform(it.Platform):
		return fmt.Errorf("%s: platform %q is not a lower-case name of letters, digits, '-' or '_'", it.ID, it.Platform)
	case it.ScheduledAt.IsZero():
		return fmt.Errorf("%s: no scheduled time", it.ID)
	case !utf8.ValidString(it.Text) || !utf8.ValidString(it.Display):
		return fmt.Errorf("%s: text is not valid UTF-8", it.ID)
	case strings.ContainsRune(it.Text, '\r') || strings.ContainsRune(it.Display, '\r'):
		// A CSV reader turns CRLF inside a field into LF, so the text
		// posted would differ from the text counted; line breaks are LF.
		return fmt.Errorf("%s: text holds a carriage return (end lines with LF only)", it.ID)
	}
	for _, u := range []string{it.URL, it.PostURL, it.Image} {
		// A URL is written unescaped into ICS and CSV; a control character
		// or space would break the line it sits on.
		if strings.ContainsFunc(u, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
			return fmt.Errorf("%s: URL %q holds a space or control character", it.ID, u)
		}
	}
	display := it.Display
	if display == "" {
		display = it.Text
	}
	for _, f := range it.Facets {
		if f.ByteStart < 0 || f.ByteStart >= f.ByteEnd || f.ByteEnd > len(display) ||
			!utf8.RuneStart(display[f.ByteStart]) ||
			(f.ByteEnd < len(display) && !utf8.RuneStart(display[f.ByteEnd])) {
			return fmt.Errorf("%s: facet [%d,%d) is not a UTF-8 range of the %d-byte display text",
				it.ID, f.ByteStart, f.ByteEnd, len(display))
		}
	}
	return nil
}

func validPlatform(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case (r == '-' || r == '_') && i > 0:
		default:
			return false
		}
	}
	return true
}

// platformName is a platform's name as people write it.
func platformName(platform string) string {
	switch platform {
	case "x":
		return "X"
	case "bluesky":
		return "Bluesky"
	case "mastodon":
		return "Mastodon"
	case "threads":
		return "Threads"
	case "linkedin":
		return "LinkedIn"
	case "facebook":
		return "Facebook"
	case "instagram":
		return "Instagram"
	}
	return platform
}

// platforms returns the platforms of items, sorted.
func platforms(items []Item) []string {
	var ps []string
	for _, it := range items {
		if !slices.Contains(ps, it.Platform) {
			ps = append(ps, it.Platform)
		}
	}
	slices.Sort(ps)
	return ps
}

// chunkName names the nth (0-based) file of a split export: base.ext,
// base-2.ext, base-3.ext ...
func chunkName(base, ext string, n int) string {
	if n == 0 {
		return base + ext
	}
	return fmt.Sprintf("%s-%d%s", base, n+1, ext)
}

// host returns the host of a base URL, or "carepress.invalid" when it has
// none, so that UIDs stay globally unique-looking even for a bare site.
func host(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil || u.Hostname() == "" {
		return "carepress.invalid"
	}
	return u.Hostname()
}
