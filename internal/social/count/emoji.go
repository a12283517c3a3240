package count

import (
	"fmt"
	"slices"
	"strconv"
	"unicode/utf16"
)

// twitter-text counts an emoji as one character of weight 2 where
// twemoji-parser finds one: a match of its pattern (twemojiPattern, from
// twemoji-parser 11.0.2), which lists the emoji and sequences of Unicode 11
// one by one. A sequence it does not list (a newer ZWJ sequence, say) is
// counted as the emoji it is made of, and the joiners between them. The
// pattern is a JavaScript regular expression over UTF-16 code units;
// emojiRE is it parsed, and matched as JavaScript would (backtracking, first
// alternative first).
var emojiRE = mustParseJSRegexp(twemojiPattern)

// findEmoji appends the emoji of t to dst, as twemoji-parser's parse does:
// match after match, each search starting where the last match ended.
func findEmoji(t []uint16, dst []span16) []span16 {
	for i := 0; i < len(t); i++ {
		if !emojiRE.first.has(t[i]) {
			continue
		}
		if end, ok := emojiRE.matchAt(t, i); ok && end > i {
			dst = append(dst, span16{i, end})
			i = end - 1
		}
	}
	return dst
}

// jsRegexp is a parsed JavaScript regular expression of the kinds
// twemoji-parser uses: code units and classes of them, groups, alternation,
// ? and negative lookahead. Parsing fails on anything else, so that a
// pattern this matcher would misread never reaches it.
type jsRegexp struct {
	root  *reNode // a group
	first unitSet // the units a match can start with
}

type reKind uint8

const (
	reUnits     reKind = iota // one unit of set
	reGroup                   // alternatives
	reLookNot                 // (?!...)
	reQuest                   // sub?
	reEmptyNode               // matches the empty string (an empty alternative)
)

type reNode struct {
	kind   reKind
	ranges []uint16    // reUnits: inclusive lo, hi pairs
	alts   [][]*reNode // reGroup, reLookNot; reQuest: its one operand
	// firsts[i], for a group, are the units alternative i can start with,
	// as ranges (nil if it can match the empty string): matching skips the
	// alternatives the next unit cannot start.
	firsts [][]uint16
}

func (n *reNode) has(u uint16) bool {
	for i := 0; i < len(n.ranges); i += 2 {
		if u >= n.ranges[i] && u <= n.ranges[i+1] {
			return true
		}
	}
	return false
}

// unitSet is a set of UTF-16 code units.
type unitSet struct{ bits *[1 << 16 / 64]uint64 }

func newUnitSet() unitSet { return unitSet{new([1 << 16 / 64]uint64)} }

func (s unitSet) has(u uint16) bool { return s.bits[u>>6]&(1<<(u&63)) != 0 }
func (s unitSet) add(lo, hi uint16) {
	for u := int(lo); u <= int(hi); u++ {
		s.bits[u>>6] |= 1 << (u & 63)
	}
}

func mustParseJSRegexp(src string) *jsRegexp {
	re, err := parseJSRegexp(src)
	if err != nil {
		panic("count: " + err.Error())
	}
	return re
}

func parseJSRegexp(src string) (*jsRegexp, error) {
	// Work on UTF-16 units, as the pattern means them.
	p := &reParser{src: utf16.Encode([]rune(src))}
	alts, err := p.alternation()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.src) {
		return nil, fmt.Errorf("pattern: unexpected %q at %d", rune(p.src[p.pos]), p.pos)
	}
	root := &reNode{kind: reGroup, alts: alts}
	root.setFirsts()
	first := newUnitSet()
	if firstOf([]*reNode{root}, first) {
		// It can match the empty string: every position may start a match.
		first.add(0, 0xFFFF)
	}
	return &jsRegexp{root: root, first: first}, nil
}

type reParser struct {
	src []uint16
	pos int
}

func (p *reParser) peek() int {
	if p.pos < len(p.src) {
		return int(p.src[p.pos])
	}
	return -1
}

func (p *reParser) alternation() ([][]*reNode, error) {
	var alts [][]*reNode
	for {
		var seq []*reNode
		for c := p.peek(); c != -1 && c != '|' && c != ')'; c = p.peek() {
			n, err := p.atom()
			if err != nil {
				return nil, err
			}
			if p.peek() == '?' {
				n = &reNode{kind: reQuest, alts: [][]*reNode{{n}}}
				p.pos++
			}
			if c := p.peek(); c == '?' || c == '*' || c == '+' || c == '{' {
				return nil, fmt.Errorf("pattern: unsupported quantifier %q at %d", rune(c), p.pos)
			}
			seq = append(seq, n)
		}
		if len(seq) == 0 {
			seq = []*reNode{{kind: reEmptyNode}}
		}
		alts = append(alts, seq)
		if p.peek() != '|' {
			return alts, nil
		}
		p.pos++
	}
}

func (p *reParser) atom() (*reNode, error) {
	c := p.peek()
	switch c {
	case '(':
		p.pos++
		kind := reGroup
		if p.peek() == '?' {
			if p.pos+1 >= len(p.src) {
				return nil, fmt.Errorf("pattern: unterminated group")
			}
			switch p.src[p.pos+1] {
			case ':':
			case '!':
				kind = reLookNot
			default:
				return nil, fmt.Errorf("pattern: unsupported group (?%c at %d", rune(p.src[p.pos+1]), p.pos)
			}
			p.pos += 2
		}
		alts, err := p.alternation()
		if err != nil {
			return nil, err
		}
		if p.peek() != ')' {
			return nil, fmt.Errorf("pattern: missing ) at %d", p.pos)
		}
		p.pos++
		n := &reNode{kind: kind, alts: alts}
		if kind == reGroup {
			n.setFirsts()
		}
		return n, nil
	case '[':
		return p.class()
	case '.', '^', '$', '{', '}', ']', '?', '*', '+':
		return nil, fmt.Errorf("pattern: unsupported %q at %d", rune(c), p.pos)
	}
	u, err := p.unit()
	if err != nil {
		return nil, err
	}
	return &reNode{kind: reUnits, ranges: []uint16{u, u}}, nil
}

// unit reads one literal unit or escape.
func (p *reParser) unit() (uint16, error) {
	c := p.peek()
	if c != '\\' {
		p.pos++
		return uint16(c), nil
	}
	p.pos++
	switch e := p.peek(); {
	case e == 'u':
		if p.pos+5 > len(p.src) {
			return 0, fmt.Errorf("pattern: short \\u escape at %d", p.pos)
		}
		v, err := strconv.ParseUint(string(utf16.Decode(p.src[p.pos+1:p.pos+5])), 16, 16)
		if err != nil {
			return 0, fmt.Errorf("pattern: bad \\u escape at %d", p.pos)
		}
		p.pos += 5
		return uint16(v), nil
	case e >= 0 && e < 0x80 && !isASCIIAlnumUnit(uint16(e)):
		p.pos++
		return uint16(e), nil // an escaped punctuation mark stands for itself
	default:
		return 0, fmt.Errorf("pattern: unsupported escape \\%c at %d", rune(e), p.pos)
	}
}

func (p *reParser) class() (*reNode, error) {
	p.pos++ // [
	if p.peek() == '^' {
		return nil, fmt.Errorf("pattern: negated classes are not supported (at %d)", p.pos)
	}
	var ranges []uint16
	for p.peek() != ']' {
		if p.peek() == -1 {
			return nil, fmt.Errorf("pattern: unterminated class")
		}
		lo, err := p.unit()
		if err != nil {
			return nil, err
		}
		hi := lo
		if p.peek() == '-' && p.pos+1 < len(p.src) && p.src[p.pos+1] != ']' {
			p.pos++
			if hi, err = p.unit(); err != nil {
				return nil, err
			}
			if hi < lo {
				return nil, fmt.Errorf("pattern: range out of order at %d", p.pos)
			}
		}
		ranges = append(ranges, lo, hi)
	}
	p.pos++
	return &reNode{kind: reUnits, ranges: ranges}, nil
}

func (n *reNode) setFirsts() {
	n.firsts = make([][]uint16, len(n.alts))
	for i, a := range n.alts {
		var r []uint16
		if !firstRanges(a, &r) {
			n.firsts[i] = mergeRanges(r)
		}
	}
}

// firstRanges is firstOf with the units as ranges.
func firstRanges(seq []*reNode, r *[]uint16) bool {
	for _, n := range seq {
		switch n.kind {
		case reUnits:
			*r = append(*r, n.ranges...)
			return false
		case reGroup:
			nullable := false
			for _, a := range n.alts {
				if firstRanges(a, r) {
					nullable = true
				}
			}
			if !nullable {
				return false
			}
		case reQuest:
			firstRanges(n.alts[0], r)
		}
	}
	return true
}

// mergeRanges sorts lo, hi pairs and joins those that touch.
func mergeRanges(r []uint16) []uint16 {
	type pair struct{ lo, hi uint16 }
	ps := make([]pair, 0, len(r)/2)
	for i := 0; i < len(r); i += 2 {
		ps = append(ps, pair{r[i], r[i+1]})
	}
	slices.SortFunc(ps, func(a, b pair) int { return int(a.lo) - int(b.lo) })
	var out []uint16
	for _, p := range ps {
		if k := len(out); k > 0 && int(p.lo) <= int(out[k-1])+1 {
			out[k-1] = max(out[k-1], p.hi)
			continue
		}
		out = append(out, p.lo, p.hi)
	}
	return out
}

func inRanges(r []uint16, u uint16) bool {
	for i := 0; i < len(r); i += 2 {
		if u < r[i] {
			return false
		}
		if u <= r[i+1] {
			return true
		}
	}
	return false
}

// firstOf adds to s the units a match of seq can start with, and reports
// whether seq can match the empty string.
func firstOf(seq []*reNode, s unitSet) bool {
	for _, n := range seq {
		if !firstOfNode(n, s) {
			return false
		}
	}
	return true
}

func firstOfNode(n *reNode, s unitSet) (nullable bool) {
	switch n.kind {
	case reUnits:
		for i := 0; i < len(n.ranges); i += 2 {
			s.add(n.ranges[i], n.ranges[i+1])
		}
		return false
	case reGroup:
		for _, a := range n.alts {
			if firstOf(a, s) {
				nullable = true
			}
		}
		return nullable
	case reQuest:
		firstOf(n.alts[0], s)
		return true
	}
	return true // lookahead, empty: zero width
}

// matchAt matches the pattern at t[i:] and returns the end of the match.
func (re *jsRegexp) matchAt(t []uint16, i int) (int, bool) {
	return matchSeq(t, []*reNode{re.root}, nil, i)
}

// cont is what remains to match after a sequence: a stack of sequences.
type cont struct {
	seq  []*reNode
	next *cont
}

// matchSeq matches seq and then k at pos, backtracking as JavaScript does.
func matchSeq(t []uint16, seq []*reNode, k *cont, pos int) (int, bool) {
	for len(seq) == 0 {
		if k == nil {
			return pos, true
		}
		seq, k = k.seq, k.next
	}
	n, rest := seq[0], seq[1:]
	switch n.kind {
	case reUnits:
		if pos < len(t) && n.has(t[pos]) {
			return matchSeq(t, rest, k, pos+1)
		}
		return 0, false
	case reEmptyNode:
		return matchSeq(t, rest, k, pos)
	case reGroup:
		k2 := &cont{rest, k}
		for i, a := range n.alts {
			if f := n.firsts[i]; f != nil && (pos >= len(t) || !inRanges(f, t[pos])) {
				continue
			}
			if end, ok := matchSeq(t, a, k2, pos); ok {
				return end, true
			}
		}
		return 0, false
	case reLookNot:
		for _, a := range n.alts {
			if _, ok := matchSeq(t, a, nil, pos); ok {
				return 0, false
			}
		}
		return matchSeq(t, rest, k, pos)
	case reQuest:
		if end, ok := matchSeq(t, n.alts[0], &cont{rest, k}, pos); ok {
			return end, true
		}
		return matchSeq(t, rest, k, pos)
	}
	return 0, false
}
