package count

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// URLs returns the URLs in text as byte offsets, in order and without
// overlap, found the way twitter-text finds them (a practical subset of it):
//
//   - http:// and https:// URLs (scheme case-insensitive), with optional
//     user info and port, whose host has at least two dot-separated labels
//     and ends in an alphabetic top-level label; labels may be Unicode;
//   - bare domains such as example.com or www.example.co.uk/path, whose
//     labels are ASCII and whose last label is a known top-level domain
//     (.com, .org, .net, .gov, .edu, .io, .co, .health, ... and common
//     country codes; see knownTLDs).
//
// A URL may not follow an ASCII letter or digit, '@', '$' or '#'; a bare
// domain also not '-', '_', '.' or '/', so e-mail addresses and hashtags hold
// no URL. Labels are 1–63 characters, do not start or end with '-', and the
// last two labels hold no '_'. A path, query or fragment runs to the first
// space or character that cannot appear in a link, and trailing punctuation
// (. , ; : ! ? ' and unbalanced closing brackets) is left out of the URL.
func URLs(text string) []Span {
	var spans []Span
	prev := rune(-1)
	for i := 0; i < len(text); {
		if end, ok := matchURL(text, i, prev); ok {
			spans = append(spans, Span{i, end})
			prev, _ = utf8.DecodeLastRuneInString(text[:end])
			i = end
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		prev = r
		i += size
	}
	return spans
}

func hasScheme(u string) bool {
	return schemeLen(u) > 0
}

// schemeLen is the length of a leading "http://" or "https://", else 0.
func schemeLen(s string) int {
	for _, p := range [...]string{"https://", "http://"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return len(p)
		}
	}
	return 0
}

func isASCIIAlnum(r rune) bool {
	return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
}

// matchURL reports the end of a URL starting at text[i], where prev is the
// rune before it (-1 at the start of text).
func matchURL(text string, i int, prev rune) (int, bool) {
	if isASCIIAlnum(prev) || prev == '@' || prev == '$' || prev == '#' || prev == '＠' || prev == '＃' ||
		(prev >= 0x202A && prev <= 0x202E) {
		return 0, false
	}
	pos := i
	scheme := schemeLen(text[i:]) > 0
	if scheme {
		pos += schemeLen(text[i:])
		pos = skipUserinfo(text, pos)
	} else {
		if prev == '-' || prev == '_' || prev == '.' || prev == '/' {
			return 0, false
		}
		if r, _ := utf8.DecodeRuneInString(text[i:]); !isASCIIAlnum(r) {
			return 0, false
		}
	}
	end, ok := matchHost(text, pos, scheme)
	if !ok {
		return 0, false
	}
	// Port.
	if end < len(text) && text[end] == ':' {
		j := end + 1
		for j < len(text) && text[j] >= '0' && text[j] <= '9' {
			j++
		}
		if j > end+1 {
			end = j
		}
	}
	if end < len(text) && (text[end] == '/' || text[end] == '?' || text[end] == '#') {
		end = matchPath(text, end)
	}
	return end, true
}

// skipUserinfo skips "user:password@" when it comes before the host.
func skipUserinfo(text string, pos int) int {
	for j := pos; j < len(text); j++ {
		c := text[j]
		switch {
		case c == '@':
			if j > pos {
				return j + 1
			}
			return pos
		case isASCIIAlnum(rune(c)) || strings.IndexByte("-._~%!$&'()*+,;=:", c) >= 0:
		default:
			return pos
		}
	}
	return pos
}

// matchHost matches dot-separated labels starting at pos.
func matchHost(text string, pos int, unicodeLabels bool) (int, bool) {
	type label struct{ start, end, runes int }
	var labels []label
	j := pos
	for {
		start, n := j, 0
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if !(isASCIIAlnum(r) || r == '-' || r == '_' ||
				unicodeLabels && unicodeLabelRune(r)) {
				break
			}
			j += size
			n++
		}
		if n == 0 {
			return 0, false
		}
		labels = append(labels, label{start, j, n})
		if j+1 < len(text) && text[j] == '.' {
			if r, _ := utf8.DecodeRuneInString(text[j+1:]); isASCIIAlnum(r) || r == '-' || r == '_' ||
				unicodeLabels && unicodeLabelRune(r) {
				j++
				continue
			}
		}
		break
	}
	if len(labels) < 2 {
		return 0, false
	}
	// The host must not run on into letters (bare domains are ASCII only).
	if j < len(text) {
		if r, _ := utf8.DecodeRuneInString(text[j:]); unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			return 0, false
		}
	}
	for k, l := range labels {
		s := text[l.start:l.end]
		if l.runes > 63 || s[0] == '-' || s[len(s)-1] == '-' {
			return 0, false
		}
		if k >= len(labels)-2 && strings.IndexByte(s, '_') >= 0 {
			return 0, false
		}
	}
	tld := text[labels[len(labels)-1].start:labels[len(labels)-1].end]
	if unicodeLabels {
		if !validAnyTLD(tld) {
			return 0, false
		}
	} else if !knownTLDs[strings.ToLower(tld)] {
		return 0, false
	}
	return j, true
}

// unicodeLabelRune reports whether a non-ASCII rune may appear in the host
// of a URL with a scheme (an internationalised domain name).
func unicodeLabelRune(r rune) bool {
	return r >= utf8.RuneSelf && r != utf8.RuneError &&
		(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.Is(unicode.So, r))
}

// validAnyTLD accepts an alphabetic label of at least two letters, or a
// punycode label.
func validAnyTLD(tld string) bool {
	if strings.HasPrefix(strings.ToLower(tld), "xn--") && len(tld) > 4 {
		return true
	}
	if utf8.RuneCountInString(tld) < 2 {
		return false
	}
	for _, r := range tld {
		if !unicode.IsLetter(r) && !unicode.IsMark(r) {
			return false
		}
	}
	return true
}

// matchPath matches a path, query or fragment starting at pos and returns
// its end, leaving out trailing punctuation and unbalanced closing brackets.
func matchPath(text string, pos int) int {
	j := pos
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !pathRune(r) {
			break
		}
		j += size
	}
	// balance[k] is opening minus closing brackets of kind k in text[pos:j].
	const opens, closes = "([{", ")]}"
	var balance [3]int
	for _, c := range []byte(text[pos:j]) {
		if k := strings.IndexByte(opens, c); k >= 0 {
			balance[k]++
		} else if k := strings.IndexByte(closes, c); k >= 0 {
			balance[k]--
		}
	}
	for j > pos {
		c := text[j-1]
		if k := strings.IndexByte(closes, c); k >= 0 {
			if balance[k] >= 0 {
				return j
			}
			balance[k]++
		} else if k := strings.IndexByte(opens, c); k >= 0 {
			balance[k]--
		} else if strings.IndexByte(".,;:!?'*", c) < 0 {
			return j
		}
		j--
	}
	return j
}

func pathRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r > ' ' && r < 0x7F && !strings.ContainsRune("\"<>`\\^|", r)
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

// knownTLDs are the top-level domains a bare domain (without http:// or
// https://) may end in: the generic ones twitter-text lists that posts use,
// plus common country codes. A link to any other TLD needs its scheme.
var knownTLDs = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`
		com org net gov edu io co info biz mil int name pro mobi asia tel travel
		jobs museum aero coop cat app dev ai xyz online site shop store blog news
		tech page link live today life world top club health care clinic dental
		doctor hospital healthcare fitness physio vet
		us uk ca au nz ie de fr es it nl be ch at se no dk fi pl pt cz gr il in
		jp kr cn hk tw sg my ph th vn id mx br ar cl za eu ru me tv ly fm gl is`) {
		knownTLDs[t] = true
	}
}
