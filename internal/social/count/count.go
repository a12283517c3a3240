// Package count measures social post text the way each platform measures it.
//
// Contract: one [Counter] per platform, obtained from [For]. Count returns the
// length of a text as that platform counts it, never negative, and 0 for "".
// Valid returns nil exactly when the platform takes the text: for all
// counters but Bluesky and X that is Count(text) <= Limit(), and otherwise a
// *[LimitError] that states the count and the limit. An empty text is within
// the limits; refusing empty snippets is the composer's job.
//
// The rules (DESIGN.md, "Platform counting rules"):
//
//   - x: exactly twitter-text 3.1.0's parseTweet with its default (v3)
//     config, which X's composer counts with. The text is NFC-normalised and
//     read as UTF-16 code units, as JavaScript reads it. Every URL [URLs]
//     finds weighs 23, whatever its length. Every emoji twemoji-parser 11.0.2
//     (twitter-text's emoji finder) lists weighs 2: single emoji, ZWJ
//     sequences, flags, keycaps, skin tones and tag sequences it knows; a
//     sequence it does not list counts as its parts and joiners. Any other
//     code point weighs 1 in U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and
//     U+2032–U+2037, and 2 elsewhere. Limit 280. Valid also refuses U+FFFE,
//     U+FEFF and U+FFFF anywhere in the text, whatever its length, with an
//     *[InvalidCharError] naming the character and where it is.
//   - mastodon: grapheme clusters; every URL [URLs] finds that starts with
//     http:// or https:// counts 23 (Mastodon counts bare domains without a
//     scheme as written). Limit 500, or maxChars when the server is configured
//     with another limit.
//   - bluesky: at most 300 grapheme clusters and at most 3000 UTF-8 bytes, with
//     URLs counted as written. Count reports grapheme clusters; Valid checks
//     both limits.
//   - threads (500), linkedin (3000), facebook (63206), instagram (2200):
//     grapheme clusters (user-perceived characters), URLs as written.
//
// # URLs
//
// [URLs] finds links as twitter-text's extractUrlsWithIndices finds them
// (with links without a scheme on, as on X), code unit for code unit:
//
//   - A URL is an optional http:// or https:// (any case), a host, then an
//     optional :port, /path and ?query. It may not follow an ASCII letter or
//     digit, '@', '$', '#' or their full-width forms; it may follow anything
//     else, directional marks (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069,
//     U+061C) included.
//   - The host is dot-separated labels of letters of any script, digits and
//     other symbols, with '_' and '-' inside a label ('_' not in the label
//     before the top-level domain), then a top-level domain on twitter-text's
//     list (tables_gen.go, which `go generate` writes from the npm package) or
//     a punycode label "xn--...". Anything else is no link: example.example,
//     printer.local, x.zz. The TLD may not run on into an ASCII letter or
//     digit, '@', '+' or '-' ("example.com-" holds no link), but may be
//     followed by anything else ("example.comの", "example.com's").
//   - Each host label is 1 to 63 octets in punycode, and the URL at most 4096
//     UTF-16 units with its scheme (https:// when it has none).
//   - Without a scheme, only the host's ASCII part (letters, digits, '-' and
//     Latin letters with accents, then a TLD) is the link: in
//     "日本example.com" it is "example.com". Such a link may not follow '-',
//     '_', '.' or '/'.
//   - A path runs over ASCII letters and digits, Cyrillic, Latin letters with
//     accents and !*';:=+,.$/%#[]-–_~@|&, with balanced parentheses (nested
//     once), and ends at its last letter or digit, '+', '-', '=', '_', '#',
//     '/' or closing parenthesis: trailing punctuation, '|', '–' and "'s" stay
//     out of it, and CJK text ends it. A query is '?' and ASCII letters,
//     digits and !?*'@();:&=+$/%#[]-_.,~|, ending at its last letter, digit,
//     '-', '_', '&', '=', '#' or '/'.
//   - A t.co link keeps only its slug and query, and one with a slug over 40
//     characters is none.
//
// TestConformance runs thousands of texts through twitter-text itself (node
// and the npm package package.json pins) and requires the same weighted
// length, validity and URLs of each.
//
// Counters are stateless and safe for concurrent use.
package count

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

// The TLD and emoji tables come from the npm packages package.json pins.
//go:generate go run gen.go

// Counter counts text by one platform's rules.
type Counter interface {
	// Platform is the platform's config name, such as "x" or "bluesky".
	Platform() string
	// Limit is the platform's length limit in the unit Count uses.
	Limit() int
	// Count is the length of text as the platform counts it.
	Count(text string) int
	// Valid is nil when text is within every limit of the platform, else a
	// *LimitError stating the count and the limit.
	Valid(text string) error
}

// Span is a half-open byte range [Start, End) of a text.
type Span struct{ Start, End int }

// LimitError reports a text over one of a platform's limits.
type LimitError struct {
	Platform string // "x", "bluesky", ...
	Unit     string // what was counted: "weighted characters", "characters", "UTF-8 bytes"
	Count    int
	Limit    int
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s: text is %d %s, over the limit of %d by %d",
		e.Platform, e.Count, e.Unit, e.Limit, e.Count-e.Limit)
}

// Limits and weights from DESIGN.md.
const (
	XLimit              = 280
	XURLWeight          = 23
	MastodonLimit       = 500
	MastodonURLWeight   = 23
	BlueskyLimit        = 300
	BlueskyByteLimit    = 3000
	ThreadsLimit        = 500
	LinkedInLimit       = 3000
	FacebookLimit       = 63206
	InstagramLimit      = 2200
	graphemeUnit        = "characters (grapheme clusters)"
	weightedUnit        = "weighted characters"
	blueskyByteUnitName = "UTF-8 bytes"
)

var fixedLimits = map[string]int{
	"threads":   ThreadsLimit,
	"linkedin":  LinkedInLimit,
	"facebook":  FacebookLimit,
	"instagram": InstagramLimit,
}

// Platforms lists the platform names For accepts, sorted.
func Platforms() []string {
	return []string{"bluesky", "facebook", "instagram", "linkedin", "mastodon", "threads", "x"}
}

// For returns the Counter for platform (case-insensitive). maxChars
// overrides the limit for mastodon, whose limit is configurable per server;
// 0 means the default. A non-zero maxChars for any other platform, a
// negative maxChars, or an unknown platform is an error, and the error for an
// unknown platform lists the valid ones.
func For(platform string, maxChars int) (Counter, error) {
	name := strings.ToLower(strings.TrimSpace(platform))
	if maxChars < 0 {
		return nil, fmt.Errorf("count: max_chars for %q is %d; it must be a positive number of characters, or 0 for the default", platform, maxChars)
	}
	switch name {
	case "x":
		if maxChars != 0 {
			return nil, fixedErr(platform, maxChars)
		}
		return xCounter{}, nil
	case "mastodon":
		limit := MastodonLimit
		if maxChars > 0 {
			limit = maxChars
		}
		return mastodonCounter{limit: limit}, nil
	case "bluesky":
		if maxChars != 0 {
			return nil, fixedErr(platform, maxChars)
		}
		return blueskyCounter{}, nil
	}
	if limit, ok := fixedLimits[name]; ok {
		if maxChars != 0 {
			return nil, fixedErr(platform, maxChars)
		}
		return graphemeCounter{platform: name, limit: limit}, nil
	}
	valid := Platforms()
	sort.Strings(valid)
	return nil, fmt.Errorf("count: unknown platform %q; valid platforms are %s", platform, strings.Join(valid, ", "))
}

func fixedErr(platform string, maxChars int) error {
	return fmt.Errorf("count: platform %q has a fixed limit; max_chars (%d) can be set only for mastodon", platform, maxChars)
}

func check(platform, unit string, n, limit int) error {
	if n > limit {
		return &LimitError{Platform: platform, Unit: unit, Count: n, Limit: limit}
	}
	return nil
}

// ---- X ----

type xCounter struct{}

func (xCounter) Platform() string { return "x" }
func (xCounter) Limit() int       { return XLimit }

func (xCounter) Count(text string) int {
	if text == "" {
		return 0
	}
	t := getText16(norm.NFC.String(text))
	defer putText16(t)
	return xWeight(t)
}

// Valid refuses a character twitter-text calls invalid before it compares
// the count with the limit.
func (c xCounter) Valid(text string) error {
	if i := strings.IndexFunc(text, isInvalidRune); i >= 0 {
		r, _ := utf8.DecodeRuneInString(text[i:])
		return &InvalidCharError{Platform: "x", Char: r, Offset: i, Column: utf8.RuneCountInString(text[:i]) + 1}
	}
	return check("x", weightedUnit, c.Count(text), XLimit)
}

func isInvalidRune(r rune) bool { return r < 0x10000 && isInvalidUnit(uint16(r)) }

// xWeight is parseTweet's weighted length of t (already NFC): it walks the
// code units; where a URL starts it adds 23 and steps over it, where an
// emoji starts 2, and else the weight of the unit (a surrogate pair counts
// once, by its low half).
func xWeight(t *pooled) int {
	u := t.u
	t.ents = t.ents[:0]
	if hasDot(u) {
		t.ents = findURLs(u, t.ents)
	}
	t.emoji = findEmoji(u, t.emoji[:0])
	urls, emoji := t.ents, t.emoji
	n := 0
	for i := 0; i < len(u); i++ {
		for len(urls) > 0 && urls[0].start < i {
			urls = urls[1:] // began inside something already counted
		}
		for len(emoji) > 0 && emoji[0].start < i {
			emoji = emoji[1:]
		}
		switch {
		case len(urls) > 0 && urls[0].start == i:
			n += XURLWeight
			i += urls[0].skip - 1
			urls = urls[1:]
		case len(emoji) > 0 && emoji[0].start == i:
			n += 2
			i = emoji[0].end - 1
			emoji = emoji[1:]
		default:
			if u[i] >= 0xD800 && u[i] <= 0xDBFF && i+1 < len(u) && u[i+1] >= 0xDC00 && u[i+1] <= 0xDFFF {
				i++
			}
			n += xWeightUnit(u[i])
		}
	}
	return n
}

func hasDot(u []uint16) bool {
	for _, c := range u {
		if c == '.' {
			return true
		}
	}
	return false
}

// InvalidCharError reports a character a platform refuses in a post,
// whatever the length: X refuses U+FFFE, U+FEFF and U+FFFF.
type InvalidCharError struct {
	Platform string
	Char     rune
	Offset   int // byte offset in the text
	Column   int // 1-based position in characters (code points)
}

func (e *InvalidCharError) Error() string {
	return fmt.Sprintf("%s: text holds %U, which %s refuses, at character %d (remove it)",
		e.Platform, e.Char, e.Platform, e.Column)
}

// ---- Mastodon ----

type mastodonCounter struct{ limit int }

func (mastodonCounter) Platform() string { return "mastodon" }
func (c mastodonCounter) Limit() int     { return c.limit }

func (mastodonCounter) Count(text string) int {
	n, pos := 0, 0
	for _, u := range URLs(text) {
		if !hasScheme(text[u.Start:u.End]) {
			continue // Mastodon counts bare domains as written
		}
		n += uniseg.GraphemeClusterCount(text[pos:u.Start]) + MastodonURLWeight
		pos = u.End
	}
	return n + uniseg.GraphemeClusterCount(text[pos:])
}

func (c mastodonCounter) Valid(text string) error {
	return check("mastodon", graphemeUnit, c.Count(text), c.limit)
}

// ---- Bluesky ----

type blueskyCounter struct{}

func (blueskyCounter) Platform() string      { return "bluesky" }
func (blueskyCounter) Limit() int            { return BlueskyLimit }
func (blueskyCounter) Count(text string) int { return uniseg.GraphemeClusterCount(text) }

func (c blueskyCounter) Valid(text string) error {
	if err := check("bluesky", graphemeUnit, c.Count(text), BlueskyLimit); err != nil {
		return err
	}
	return check("bluesky", blueskyByteUnitName, len(text), BlueskyByteLimit)
}

// ---- Threads, LinkedIn, Facebook, Instagram ----

type graphemeCounter struct {
	platform string
	limit    int
}

func (c graphemeCounter) Platform() string    { return c.platform }
func (c graphemeCounter) Limit() int          { return c.limit }
func (graphemeCounter) Count(text string) int { return uniseg.GraphemeClusterCount(text) }

func (c graphemeCounter) Valid(text string) error {
	return check(c.platform, graphemeUnit, c.Count(text), c.limit)
}
