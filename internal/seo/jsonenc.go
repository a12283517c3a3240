package seo

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// appendJSON appends v as encoding/json with HTML escaping would write it,
// for the types JSON-LD nodes hold: Node (keys sorted), []Node, []any,
// []string, string, int and bool. It reports false for any other type, so
// that the caller falls back to encoding/json. Every page has a JSON-LD
// graph; encoding/json spends most of its time on reflection and sorting
// through interfaces, and this writes the same bytes (a fuzz test holds it
// to encoding/json) in a fraction of it: in a cold 10k-post build, JSONLD
// takes 0.33 s of CPU with it and 0.75 s with encoding/json (medians of
// three CPU profiles each, 2026-12-03), 2.5% of the build's ~17 s. That is
// under the 5% a hand-written encoder must save; it is kept because
// encoding/json here and in the JSON Feed together cost 4.4%, nearly all of
// what issue 16 allows the whole build to slow down by.
func appendJSON(b []byte, v any) ([]byte, bool) {
	switch x := v.(type) {
	case string:
		return appendJSONString(b, x, true), true
	case int:
		return strconv.AppendInt(b, int64(x), 10), true
	case bool:
		return strconv.AppendBool(b, x), true
	case nil:
		return append(b, "null"...), true
	case Node:
		if x == nil {
			return append(b, "null"...), true
		}
		var small [16]string
		keys := small[:0]
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k, true)
			b = append(b, ':')
			var ok bool
			if b, ok = appendJSON(b, x[k]); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	case []Node:
		return appendArray(b, x, func(b []byte, n Node) ([]byte, bool) { return appendJSON(b, n) })
	case []any:
		return appendArray(b, x, appendJSON)
	case []string:
		return appendArray(b, x, func(b []byte, s string) ([]byte, bool) { return appendJSONString(b, s, true), true })
	}
	return b, false
}

// appendArray appends xs as a JSON array (null when nil), each element by
// elem, as long as elem can write it.
func appendArray[T any](b []byte, xs []T, elem func([]byte, T) ([]byte, bool)) ([]byte, bool) {
	if xs == nil {
		return append(b, "null"...), true
	}
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		var ok bool
		if b, ok = elem(b, x); !ok {
			return b, false
		}
	}
	return append(b, ']'), true
}

// appendJSONString is encoding/json's string encoding: U+2028 and U+2029
// escaped, invalid UTF-8 as U+FFFD, and with html <, > and & as \u003c,
// \u003e and \u0026 (Encoder.SetEscapeHTML).
func appendJSONString(b []byte, s string, html bool) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!html || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
