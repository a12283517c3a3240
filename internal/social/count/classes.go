package count

import (
	"unicode/utf16"
	"unicode/utf8"
)

// The character classes of twitter-text's URL pattern, over UTF-16 code
// units as JavaScript matches them (case-insensitively: the pattern has the
// i flag, so a class holding a-z also holds A-Z and the few other code units
// JavaScript's case folding maps onto its members; ciExtra lists those).
// TestConformanceClasses checks each against twitter-text for all 65,536
// code units.

// isInvalidUnit reports the code units twitter-text refuses in a post.
func isInvalidUnit(u uint16) bool { return u == 0xFFFE || u == 0xFEFF || u == 0xFFFF }

func isASCIIAlnumUnit(u uint16) bool {
	return u >= 'a' && u <= 'z' || u >= 'A' && u <= 'Z' || u >= '0' && u <= '9'
}

// isPrecedingUnit: the code unit before a URL (validUrlPrecedingChars).
func isPrecedingUnit(u uint16) bool {
	return !isASCIIAlnumUnit(u) && u != '@' && u != 0xFF20 && u != '$' && u != '#' && u != 0xFF03 && !isInvalidUnit(u)
}

// isSpaceUnit: twitter-text's spaces.
func isSpaceUnit(u uint16) bool {
	return u >= 0x09 && u <= 0x0D || u == 0x20 || u == 0x85 || u == 0xA0 || u == 0x1680 || u == 0x180E ||
		u >= 0x2000 && u <= 0x200A || u == 0x2028 || u == 0x2029 || u == 0x202F || u == 0x205F || u == 0x3000
}

// isDirectionalUnit: directional marks, which may precede a URL but never
// belong to a domain.
func isDirectionalUnit(u uint16) bool {
	return u >= 0x202A && u <= 0x202E || u == 0x061C || u == 0x200E || u == 0x200F || u >= 0x2066 && u <= 0x2069
}

// domainPunct is ASCII punctuation, none of which a domain label holds.
const domainPunct = "!'#%&()*+,\\-./:;<=>?@[]^_{|}~$"

var domainPunctSet = func() (s [128]bool) {
	for i := 0; i < len(domainPunct); i++ {
		s[domainPunct[i]] = true
	}
	return s
}()

// isDomainUnit: a code unit a domain label may hold (validDomainChars):
// anything but ASCII punctuation, spaces, invalid and directional units.
// Letters of every script, emoji and lone surrogates are domain units.
func isDomainUnit(u uint16) bool {
	if u < 0x80 {
		return asciiDomainUnits[u]
	}
	return !isSpaceUnit(u) && !isInvalidUnit(u) && !isDirectionalUnit(u)
}

var asciiDomainUnits = func() (s [128]bool) {
	for u := range s {
		s[u] = !domainPunctSet[u] && !isSpaceUnit(uint16(u))
	}
	return s
}()

// isLatinAccentUnit: twitter-text's latinAccentChars.
func isLatinAccentUnit(u uint16) bool {
	switch {
	case u >= 0xC0 && u <= 0xFF:
		return u != 0xD7 && u != 0xF7
	case u >= 0x100 && u <= 0x24F, u >= 0x300 && u <= 0x36F, u >= 0x1E00 && u <= 0x1EFF:
		return true
	}
	switch u {
	case 0x253, 0x254, 0x256, 0x257, 0x259, 0x25B, 0x263, 0x268, 0x26F, 0x272, 0x289, 0x28B, 0x2BB:
		return true
	}
	return false
}

// ciExtraLatin lists the code units that match the Latin accent ranges only
// through JavaScript's case-insensitive matching (their upper case is in a
// range: U+0260 ɠ → U+0193 Ɠ, U+0399 Ι and U+03B9 ι → the upper case of
// U+0345, ...).
func ciExtraLatin(u uint16) bool {
	switch u {
	case 0x260, 0x269, 0x275, 0x280, 0x283, 0x288, 0x28A, 0x28C, 0x292, 0x399, 0x3B9, 0x1FBE,
		0x2C65, 0x2C66, 0x2C7E, 0x2C7F, 0xA7DC:
		return true
	}
	return false
}

// isCyrillicUnit: U+0400–U+04FF, and U+1C80–U+1C87, whose upper case is in it.
func isCyrillicUnit(u uint16) bool { return u >= 0x400 && u <= 0x4FF || u >= 0x1C80 && u <= 0x1C87 }

// isPathUnit: validGeneralUrlPathChars.
func isPathUnit(u uint16) bool {
	if u < 0x80 {
		return isASCIIAlnumUnit(u) || pathPunct[u]
	}
	return u == 0x2013 || isCyrillicUnit(u) || isLatinAccentUnit(u) || ciExtraLatin(u)
}

var pathPunct = asciiSet("!*';:=+,.$/%#[]-_~@|&")

// isPathEndUnit: the code units a path may end with (validUrlPathEndingChars,
// but for its balanced-parentheses branch).
func isPathEndUnit(u uint16) bool {
	if u < 0x80 {
		return isASCIIAlnumUnit(u) || pathEndPunct[u]
	}
	return isCyrillicUnit(u) || isLatinAccentUnit(u) || ciExtraLatin(u)
}

var pathEndPunct = asciiSet("+-=_#/")

// isQueryUnit and isQueryEndUnit: validUrlQueryChars, validUrlQueryEndingChars.
func isQueryUnit(u uint16) bool    { return u < 0x80 && (isASCIIAlnumUnit(u) || queryPunct[u]) }
func isQueryEndUnit(u uint16) bool { return u < 0x80 && (isASCIIAlnumUnit(u) || queryEndPunct[u]) }

var (
	queryPunct    = asciiSet("!?*'@();:&=+$/%#[]-_.,~|")
	queryEndPunct = asciiSet("-_&=#/")
)

// isASCIIDomainUnit: the label units of validAsciiDomain, the part of a
// domain without a scheme that twitter-text links.
func isASCIIDomainUnit(u uint16) bool {
	if u < 0x80 {
		return isASCIIAlnumUnit(u) || u == '-'
	}
	return isLatinAccentUnit(u) || ciExtraLatin(u)
}

// isPunycodeUnit: [-0-9a-z], case-insensitively.
func isPunycodeUnit(u uint16) bool { return isASCIIAlnumUnit(u) || u == '-' }

// isTLDFollowerUnit: a unit that may not follow a top-level domain (the
// lookahead (?=[^0-9a-zA-Z@+-]|$) of twitter-text's TLD patterns).
func isTLDFollowerBlocked(u uint16) bool {
	return isASCIIAlnumUnit(u) || u == '@' || u == '+' || u == '-'
}

func asciiSet(chars string) (s [128]bool) {
	for i := 0; i < len(chars); i++ {
		s[chars[i]] = true
	}
	return s
}

// xWeightUnit is the weight of one code unit by twitter-text's v3 config
// (for a surrogate pair, that of its low half: 2).
func xWeightUnit(u uint16) int {
	switch {
	case u <= 0x10FF, u >= 0x2000 && u <= 0x200D, u >= 0x2010 && u <= 0x201F, u >= 0x2032 && u <= 0x2037:
		return 1
	}
	return 2
}

// text16 is a string as UTF-16 code units, as JavaScript sees it, with the
// byte offset in the string of each unit (off[len(u)] is the string's
// length). Invalid UTF-8 bytes become U+FFFD, one unit per byte.
type text16 struct {
	u   []uint16
	off []int
}

func (t *text16) reset(s string) {
	t.u, t.off = t.u[:0], t.off[:0]
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			t.u = append(t.u, uint16(c))
			t.off = append(t.off, i)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x10000 {
			hi, lo := utf16.EncodeRune(r)
			t.u = append(t.u, uint16(hi), uint16(lo))
			t.off = append(t.off, i, i)
		} else {
			t.u = append(t.u, uint16(r))
			t.off = append(t.off, i)
		}
		i += size
	}
	t.off = append(t.off, len(s))
}
