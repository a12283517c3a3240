// Package count measures social post text the way each platform measures it.
//
// Contract: one [Counter] per platform, obtained from [For]. Count returns the
// length of a text as that platform counts it, never negative, and 0 for "".
// Valid returns nil exactly when the text is within every limit of the
// platform (for all counters but Bluesky that is Count(text) <= Limit()), and
// otherwise a *[LimitError] that states the count and the limit. An empty
// text is within the limits; refusing empty snippets is the composer's job.
//
// The rules (DESIGN.md, "Platform counting rules"):
//
//   - x: the text is NFC-normalised first. Weighted length: code points in
//     U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037 weigh 1,
//     all others 2. A grapheme cluster that is an emoji sequence (ZWJ
//     sequences, flags, keycaps, skin tones, tag sequences, VS16) weighs 2 in
//     total. Every URL found by [URLs] weighs 23 whatever its length.
//     Limit 280.
//   - mastodon: grapheme clusters; every http(s) URL counts 23 (Mastodon, like
//     its server, counts bare domains without a scheme as written). Limit 500,
//     or maxChars when the server is configured with another limit.
//   - bluesky: at most 300 grapheme clusters and at most 3000 UTF-8 bytes, with
//     URLs counted as written. Count reports grapheme clusters; Valid checks
//     both limits.
//   - threads (500), linkedin (3000), facebook (63206), instagram (2200):
//     grapheme clusters (user-perceived characters), URLs as written.
//
// Counters are stateless and safe for concurrent use.
package count

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

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
	text = norm.NFC.String(text)
	n, pos := 0, 0
	for _, u := range URLs(text) {
		n += xWeight(text[pos:u.Start]) + XURLWeight
		pos = u.End
	}
	return n + xWeight(text[pos:])
}

func (c xCounter) Valid(text string) error {
	return check("x", weightedUnit, c.Count(text), XLimit)
}

// xWeight is the weighted length of text that holds no URL.
func xWeight(s string) int {
	n, state := 0, -1
	for len(s) > 0 {
		var cluster string
		cluster, s, _, state = uniseg.FirstGraphemeClusterInString(s, state)
		if isEmojiCluster(cluster) {
			n += 2
			continue
		}
		for _, r := range cluster {
			n += runeWeight(r)
		}
	}
	return n
}

func runeWeight(r rune) int {
	switch {
	case r <= 0x10FF,
		r >= 0x2000 && r <= 0x200D,
		r >= 0x2010 && r <= 0x201F,
		r >= 0x2032 && r <= 0x2037:
		return 1
	}
	return 2
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
