// Package htmlesc escapes strings for HTML exactly as html/template does
// in the same place, for the parts of pages carepress writes in Go rather
// than through a template (every page's head meta, its table of
// contents): the output reads as if a template wrote it, and those parts
// cost a fraction of a template's reflection.
package htmlesc

import (
	"html/template"
	"strings"
)

// Text writes s escaped for HTML text or a quoted attribute value
// (html/template's htmlEscaper and attrEscaper): HTMLEscapeString, which
// both build on, and + as &#43;, which they add. (A hand-written loop
// saved nothing measurable of a cold 10k-post build: 0.05 s of 16 s
// either way.)
func Text(sb *strings.Builder, s string) {
	sb.WriteString(strings.ReplaceAll(template.HTMLEscapeString(s), "+", "&#43;"))
}

// URL writes the URL s as a whole quoted attribute value such as href: a
// scheme other than http, https or mailto becomes "#ZgotmplZ", bytes a
// URL cannot hold are percent-encoded (valid escapes are kept), and the
// result is escaped as an attribute (urlFilter, urlNormalizer, attrEscaper).
func URL(sb *strings.Builder, s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		sb.WriteString("#ZgotmplZ")
		return
	}
	var norm strings.Builder
	if !percentEncode(&norm, s, true) {
		Text(sb, s)
		return
	}
	Text(sb, norm.String())
}

// URLPart writes s as part of a URL's query or fragment, as in
// href="#{{ .ID }}": every byte but letters, digits and -._~ is
// percent-encoded (urlEscaper).
func URLPart(sb *strings.Builder, s string) {
	if !percentEncode(sb, s, false) {
		sb.WriteString(s)
	}
}

// percentEncode writes s to sb with the bytes a URL (norm) or a URL part
// (!norm) cannot hold percent-encoded, and reports whether any was; it
// writes nothing when none was.
func percentEncode(sb *strings.Builder, s string, norm bool) bool {
	const hex = "0123456789abcdef"
	done := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			continue
		case norm && strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
			continue
		case norm && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		if done == 0 {
			sb.Grow(len(s) + 16)
		}
		sb.WriteString(s[done:i])
		sb.WriteByte('%')
		sb.WriteByte(hex[c>>4])
		sb.WriteByte(hex[c&15])
		done = i + 1
	}
	if done == 0 {
		return false
	}
	sb.WriteString(s[done:])
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
