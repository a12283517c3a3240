package seo

import (
	"strings"
)

// The escapers below give the bytes html/template gives a string in the
// same place, so that what seo writes directly reads as if a template
// wrote it: escapeHTML for text and quoted attributes (its
// htmlReplacementTable), escapeURL for a URL attribute (urlFilter, then
// urlNormalizer, then the attribute escaper).

// escapeHTML writes s escaped for HTML text or a quoted attribute.
func escapeHTML(sb *strings.Builder, s string) {
	done := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		sb.WriteString(s[done:i])
		sb.WriteString(repl)
		done = i + 1
	}
	sb.WriteString(s[done:])
}

// escapeURL writes the URL s for an href: a scheme other than http, https
// or mailto becomes "#ZgotmplZ", bytes a URL cannot hold are
// percent-encoded (valid escapes are kept), and the result is escaped as
// an attribute.
func escapeURL(sb *strings.Builder, s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		sb.WriteString("#ZgotmplZ")
		return
	}
	const hex = "0123456789abcdef"
	done := 0
	var norm strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		if done == 0 {
			norm.Grow(len(s) + 16)
		}
		norm.WriteString(s[done:i])
		norm.WriteByte('%')
		norm.WriteByte(hex[c>>4])
		norm.WriteByte(hex[c&15])
		done = i + 1
	}
	if done == 0 {
		escapeHTML(sb, s)
		return
	}
	norm.WriteString(s[done:])
	escapeHTML(sb, norm.String())
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
