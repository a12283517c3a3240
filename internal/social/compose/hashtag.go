package compose

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// hashtags are p's hashtags for platform, without '#', capped per platform.
func hashtags(p Post, platform string, max int) []string {
	src := p.Hashtags
	if len(src) == 0 {
		src = p.Tags
	}
	switch {
	case max < 0:
		return nil
	case max == 0 && platform == "instagram":
		max = DefaultInstagramMaxHashtags
	case max == 0:
		max = DefaultMaxHashtags
	}
	if platform == "threads" && max > ThreadsMaxHashtags {
		max = ThreadsMaxHashtags
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range src {
		if len(out) == max {
			break
		}
		h := camelCase(t)
		key := strings.ToLower(h)
		if h == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, h)
	}
	return out
}

// camelCase turns a tag into a hashtag body: "heart health" and
// "flu-season" become "HeartHealth" and "FluSeason". Letters, marks and
// digits are kept and everything else separates words, whose first letters
// are upper-cased. A result that does not start with a letter is "" (a
// hashtag may not start with a digit).
func camelCase(tag string) string {
	tag = norm.NFC.String(strings.ToValidUTF8(tag, " "))
	var b strings.Builder
	start := true
	for _, r := range tag {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			if start {
				r = unicode.ToTitle(r)
			}
			b.WriteRune(r)
			start = false
			continue
		}
		start = true
	}
	h := b.String()
	if r, _ := utf8.DecodeRuneInString(h); !unicode.IsLetter(r) {
		return ""
	}
	return h
}

// hashLine writes tags as "#A #B".
func hashLine(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return "#" + strings.Join(tags, " #")
}

// hasHashtag reports whether text already holds #tag (case-insensitive, not
// as the start of a longer tag).
func hasHashtag(text, tag string) bool {
	lt, want := strings.ToLower(text), "#"+strings.ToLower(tag)
	for i := 0; ; {
		j := strings.Index(lt[i:], want)
		if j < 0 {
			return false
		}
		end := i + j + len(want)
		r, _ := utf8.DecodeRuneInString(lt[end:])
		if end == len(lt) || !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_') {
			return true
		}
		i = end
	}
}
