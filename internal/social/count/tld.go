package count

import (
	"unicode"
	"unicode/utf8"
)

// tldIndex maps each top-level domain of twitter-text's lists, folded (see
// foldTLDUnit), to its place in the order twitter-text tries them: generic
// domains first, then country codes. tldPrefix holds every prefix of one.
var (
	tldIndex  = map[string]int{}
	tldPrefix = map[string]bool{}
	tldMaxLen int // in code units
	// tldFold maps a non-ASCII code unit to the representative of its case
	// class, for the cased letters of the lists (Cyrillic, Greek, Armenian,
	// Georgian, ...), as JavaScript's case-insensitive matching folds them.
	tldFold = map[uint16]uint16{}
)

func init() {
	// Fold classes first: every non-ASCII letter of a TLD and the other
	// members of its simple case-folding orbit map to the orbit's smallest.
	for _, list := range [][]string{gTLDs[:], ccTLDs[:]} {
		for _, t := range list {
			for _, r := range t {
				if r < utf8.RuneSelf || r > 0xFFFF {
					continue
				}
				rep := r
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					if f < utf8.RuneSelf {
						// JavaScript never folds a non-ASCII letter onto an ASCII one.
						continue
					}
					rep = min(rep, f)
				}
				for f := unicode.SimpleFold(r); ; f = unicode.SimpleFold(f) {
					if f >= utf8.RuneSelf && f <= 0xFFFF {
						tldFold[uint16(f)] = uint16(rep)
					}
					if f == r {
						break
					}
				}
			}
		}
	}
	n := 0
	for _, list := range [][]string{gTLDs[:], ccTLDs[:]} {
		for _, t := range list {
			var key []byte
			units := 0
			for _, r := range t {
				if r > 0xFFFF {
					panic("count: top-level domain " + t + " holds a character outside the BMP")
				}
				key = utf8.AppendRune(key, rune(foldTLDUnit(uint16(r))))
				tldPrefix[string(key)] = true
				units++
			}
			if _, dup := tldIndex[string(key)]; !dup {
				tldIndex[string(key)] = n
			}
			tldMaxLen = max(tldMaxLen, units)
			n++
		}
	}
}

// foldTLDUnit folds a code unit for comparing it with the TLD lists.
func foldTLDUnit(u uint16) uint16 {
	if u >= 'A' && u <= 'Z' {
		return u + 'a' - 'A'
	}
	if u >= utf8.RuneSelf {
		if f, ok := tldFold[u]; ok {
			return f
		}
	}
	return u
}

// tldAt matches a top-level domain at t[q:], not reaching past limit, the
// way twitter-text's pattern does: the first domain of its lists (in their
// order) that the text spells there, case-insensitively, and that is not
// followed by an ASCII letter, digit, '@', '+' or '-'; else a punycode
// label, "xn--" and at least one of [-0-9a-z]. It returns the end.
func tldAt(t []uint16, q, limit int) (int, bool) {
	best, bestEnd := -1, 0
	var buf [4 * 24]byte
	key := buf[:0]
	for j := q; j < limit && j-q < tldMaxLen; j++ {
		u := t[j]
		if u >= 0xD800 && u <= 0xDFFF {
			break // no TLD holds a surrogate
		}
		key = utf8.AppendRune(key, rune(foldTLDUnit(u)))
		if !tldPrefix[string(key)] {
			break
		}
		if idx, ok := tldIndex[string(key)]; ok && (best < 0 || idx < best) &&
			(j+1 == limit || !isTLDFollowerBlocked(t[j+1])) {
			best, bestEnd = idx, j+1
		}
	}
	if best >= 0 {
		return bestEnd, true
	}
	if q+4 < limit && t[q]|0x20 == 'x' && t[q+1]|0x20 == 'n' && t[q+2] == '-' && t[q+3] == '-' && isPunycodeUnit(t[q+4]) {
		j := q + 5
		for j < limit && isPunycodeUnit(t[j]) {
			j++
		}
		return j, true
	}
	return 0, false
}
