package compose

import (
	"net/url"

	"github.com/carepress/carepress/internal/social/count"
	"github.com/rivo/uniseg"
)

// shownLinkMax is how many characters of a link Bluesky's display shows
// before "…", as its own app does.
const shownLinkMax = 27

// blueskyDisplay returns text with the post link shown short, and a link
// facet for every URL of that display text.
func blueskyDisplay(text, link string) (string, []Facet) {
	var display []byte
	var facets []Facet
	pos := 0
	for _, u := range count.URLs(text) {
		display = append(display, text[pos:u.Start]...)
		s := text[u.Start:u.End]
		shown, uri := s, s
		if s == link {
			shown = shortLink(link)
		} else if !hasScheme(s) {
			uri = "https://" + s
		}
		facets = append(facets, Facet{ByteStart: len(display), ByteEnd: len(display) + len(shown), URI: uri})
		display = append(display, shown...)
		pos = u.End
	}
	return string(append(display, text[pos:]...)), facets
}

// shortLink is a link as shown: host and path, cut after shownLinkMax
// characters, with "…" for what is left out (its query at least).
func shortLink(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return link
	}
	s := u.Host + u.EscapedPath()
	if uniseg.GraphemeClusterCount(s) > shownLinkMax {
		var b []byte
		state := -1
		rest := s
		for i := 0; i < shownLinkMax; i++ {
			var g string
			g, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
			b = append(b, g...)
		}
		s = string(b)
	}
	return s + ellipsis
}

func hasScheme(u string) bool {
	if len(u) >= 8 && (u[:7] == "http://" || u[:8] == "https://") {
		return true
	}
	u2, err := url.Parse(u)
	return err == nil && (u2.Scheme == "http" || u2.Scheme == "https")
}
