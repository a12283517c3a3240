package privacy

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A token is a run of letters and digits (a word), or one punctuation rune.
// Rules work on tokens rather than on regular expressions over the text:
// one linear pass builds them, and every rule then looks only a few tokens
// around a trigger, so a scan stays linear in the size of the text.
type token struct {
	s, e  int    // byte offsets in the text
	sent  int32  // sentence number, counting from 0
	ndig  int16  // digits in a word
	nlet  int16  // letters in a word
	kw    kwBits // the keyword lists the lower-cased word is in
	gap   uint8  // whitespace before: gapNone, gapSpace, gapLine or gapPara
	punct bool   // a single punctuation rune, not a word
	upper bool   // a word whose first rune is upper case
	caps  bool   // a word with two or more letters, all upper case
	poss  bool   // a word followed by "'s" or "s'" (consumed, not in s:e)
	link  bool   // inside a URL or an email address
}

// kwBits says which keyword lists a word is in, so that a rule tests a
// bit rather than looking the word up in its own map.
type kwBits uint16

const (
	kwMonth kwBits = 1 << iota
	kwTitle
	kwRole
	kwRecord
	kwStop
	kwEponym
	kwFirstName
	kwLicence
)

// keywords holds each word of the keyword lists with its bits.
var keywords = func() *kwTable {
	m := map[string]kwBits{}
	add := func(b kwBits, words map[string]bool) {
		for w := range words {
			m[w] |= b
		}
	}
	for w := range months {
		m[w] |= kwMonth
	}
	for w := range recordWords {
		m[w] |= kwRecord
	}
	add(kwTitle, titles)
	add(kwRole, roleWords)
	add(kwStop, stopWords)
	add(kwEponym, eponyms)
	add(kwFirstName, firstNames)
	add(kwLicence, licenceWords)
	return newKWTable(m)
}()

// kwTable is a read-only hash set of lower-case words with their bits.
// Every word of every post is looked up in it, so it is an open-addressed
// table hashed with FNV-1a over the word as it is lower-cased, which costs
// a third of a Go map's lookup for these short keys.
type kwTable struct {
	slots []kwSlot // a power of two, at most half full
	mask  uint32
}

type kwSlot struct {
	word string // "" for an empty slot
	bits kwBits
}

func newKWTable(m map[string]kwBits) *kwTable {
	n := 1
	for n < 2*len(m) {
		n *= 2
	}
	t := &kwTable{slots: make([]kwSlot, n), mask: uint32(n - 1)}
	for w, b := range m {
		i := fnv1a([]byte(w)) & t.mask
		for t.slots[i].word != "" {
			i = (i + 1) & t.mask
		}
		t.slots[i] = kwSlot{w, b}
	}
	return t
}

func fnv1a(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}

// lookup returns the bits of the lower-case word w, 0 when it is in no list.
func (t *kwTable) lookup(w []byte) kwBits {
	for i := fnv1a(w) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.word == "" {
			return 0
		}
		if s.word == string(w) { // no allocation for a comparison
			return s.bits
		}
	}
}

const (
	gapNone uint8 = iota
	gapSpace
	gapLine
	gapPara
)

// ASCII character classes, looked up rather than tested: the tokenizer
// reads every byte of every post.
const (
	cDigit uint8 = 1 << iota
	cUpper
	cLower
	cSpace // ' ', '\t', '\r' (not '\n', which counts lines)
)

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = cDigit
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = cUpper
		t[c+'a'-'A'] = cLower
	}
	t[' '], t['\t'], t['\r'] = cSpace, cSpace, cSpace
	return t
}()

func isAlnumRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r]&(cDigit|cUpper|cLower) != 0
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// tokenize splits text into tokens, appending to toks.
func tokenize(text string, toks []token) []token {
	gap := gapPara
	i := 0
	for i < len(text) {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case r == '\n':
			if gap >= gapLine {
				gap = gapPara
			} else {
				gap = gapLine
			}
			i++
			continue
		case r < utf8.RuneSelf && asciiClass[r]&cSpace != 0 || r >= utf8.RuneSelf && unicode.IsSpace(r):
			if gap == gapNone {
				gap = gapSpace
			}
			i += size
			continue
		}
		t := token{s: i, gap: gap}
		gap = gapNone
		if !isAlnumRune(r) {
			t.punct = true
			t.e = i + size
			toks = append(toks, t)
			i += size
			continue
		}
		// A word: letters and digits, with apostrophes inside it ("don't",
		// "O'Brien"). A trailing "'s" or "s'" marks a possessive and is
		// left out of the word so that "Lee's" matches the name "Lee".
		j := i
		first := true
		lower := false
		for j < len(text) {
			if c := text[j]; c < utf8.RuneSelf && asciiClass[c]&(cDigit|cUpper|cLower) != 0 {
				// An ASCII letter or digit, nearly every byte: the classes
				// decide it without decoding a rune.
				switch cl := asciiClass[c]; {
				case cl&cDigit != 0:
					t.ndig++
				case cl&cUpper != 0:
					t.nlet++
					t.upper = t.upper || first
				default:
					t.nlet++
					lower = true
				}
				first = false
				j++
				continue
			}
			r, size := rune(text[j]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(text[j:])
			}
			if r >= utf8.RuneSelf && isAlnumRune(r) {
				switch {
				case '0' <= r && r <= '9' || unicode.IsDigit(r):
					t.ndig++
				case unicode.IsLetter(r):
					t.nlet++
					if unicode.IsUpper(r) {
						if first {
							t.upper = true
						}
					} else {
						lower = true
					}
				}
				first = false
				j += size
				continue
			}
			if isApostrophe(r) && t.nlet > 0 {
				next, nsize := utf8.DecodeRuneInString(text[j+size:])
				after := j + size + nsize
				if (next == 's' || next == 'S') && !startsAlnum(text[after:]) {
					t.poss = true
					t.e = j
					j = after
					break
				}
				if next != utf8.RuneError && isAlnumRune(next) {
					j += size
					continue
				}
				if j > i && (text[j-1] == 's' || text[j-1] == 'S') {
					t.poss = true
					t.e = j
					j += size
					break
				}
			}
			break
		}
		if !t.poss {
			t.e = j
		}
		t.caps = t.nlet >= 2 && !lower
		if t.nlet > 0 && t.e-t.s <= 16 {
			var buf [16]byte
			t.kw = keywords.lookup(lowerInto(&buf, text[t.s:t.e]))
		}
		toks = append(toks, t)
		i = j
	}
	markSentences(text, toks)
	markLinks(text, toks)
	return toks
}

func startsAlnum(s string) bool {
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return isAlnumRune(r)
}

// abbrevs are words whose following full stop does not end a sentence.
var abbrevs = set("mr", "mrs", "ms", "mx", "dr", "st", "no", "vs", "etc", "e", "g", "i", "approx",
	"jr", "sr", "prof", "mt", "ft", "inc", "dept", "ave", "rd", "ln", "blvd", "apt", "ste", "fig",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "d", "o", "b",
	"p", "acct", "tel", "ph", "ext", "a", "m", "lic",
	// Spanish: Sra. Rodríguez, Srta. Díaz, Dra. Marsh, Ud.
	"sra", "srta", "dra", "ud", "uds")

// markSentences numbers sentences. A sentence ends at '.', '!' or '?'
// followed by space (not after an abbreviation such as "Mr."), at a blank
// line, and before a line that starts a markdown block ("#", "-", "*", ">").
func markSentences(text string, toks []token) {
	var buf [16]byte
	n := 0
	for i := range toks {
		if i > 0 {
			t := toks[i]
			p := toks[i-1]
			switch {
			case t.gap == gapPara:
				n++
			case t.gap == gapLine && t.punct && isOneOf(text[t.s], "#-*>|"):
				n++
			case t.gap != gapNone && p.punct && isOneOf(text[p.s], ".!?"):
				if text[p.s] == '.' && i >= 2 && !toks[i-2].punct && p.gap == gapNone &&
					(abbrevs[string(lowerInto(&buf, text[toks[i-2].s:toks[i-2].e]))] || toks[i-2].nlet == 1 && toks[i-2].upper) {
					break
				}
				n++
			}
		}
		toks[i].sent = int32(n)
	}
}

// markLinks flags the tokens of URLs and email addresses: their digits and
// words are not a patient's (the email rule looks at emails on its own).
func markLinks(text string, toks []token) {
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		isURL := false
		if !t.punct && t.e-t.s >= 3 && t.e-t.s <= 5 && (text[t.s]|0x20 == 'h' || text[t.s]|0x20 == 'w') {
			w := text[t.s:t.e]
			isURL = (strings.EqualFold(w, "http") || strings.EqualFold(w, "https")) && i+1 < len(toks) && text[toks[i+1].s] == ':' ||
				strings.EqualFold(w, "www") && i+1 < len(toks) && text[toks[i+1].s] == '.' && toks[i+1].gap == gapNone
		} else if text[t.s] == '@' && t.gap == gapNone && i+1 < len(toks) && toks[i+1].gap == gapNone {
			// an email address: back to the whitespace before it
			j := i
			for j > 0 && toks[j].gap == gapNone {
				j--
			}
			for ; j < i; j++ {
				toks[j].link = true
			}
			isURL = true
		}
		if !isURL {
			continue
		}
		toks[i].link = true
		for i+1 < len(toks) && toks[i+1].gap == gapNone {
			i++
			toks[i].link = true
		}
	}
}

func isOneOf(c byte, chars string) bool {
	for i := 0; i < len(chars); i++ {
		if chars[i] == c {
			return true
		}
	}
	return false
}

// lowerASCII lower-cases ASCII letters only, so byte offsets never move.
func lowerASCII(s string) string {
	i := upperAt(s, 0)
	if i < 0 {
		return s
	}
	// One copy, written in runs between capitals (a few in a hundred
	// bytes); a Builder's String does not copy again.
	var b strings.Builder
	b.Grow(len(s))
	done := 0
	for ; i >= 0; i = upperAt(s, i+1) {
		b.WriteString(s[done:i])
		b.WriteByte(s[i] + 'a' - 'A')
		done = i + 1
	}
	b.WriteString(s[done:])
	return b.String()
}

// upperAt is the index of the first ASCII capital in s from from, or -1.
// Posts have few capitals, so it tests eight bytes at a time.
func upperAt(s string, from int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := from
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// In each byte below 0x80, the high bit of low7+(0x80-'A') says
		// c >= 'A', and that of low7+(0x80-'Z'-1) says c > 'Z'.
		low7 := x &^ highs
		ge := low7 + (0x80-'A')*ones
		gt := low7 + (0x80-'Z'-1)*ones
		if m := ge &^ gt &^ x & highs; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return i
		}
	}
	return -1
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// lowerInto lower-cases the ASCII letters of s into buf, cut to 16 bytes.
func lowerInto(buf *[16]byte, s string) []byte {
	w := buf[:copy(buf[:], s)]
	for k, c := range w {
		if 'A' <= c && c <= 'Z' {
			w[k] = c + 'a' - 'A'
		}
	}
	return w
}
