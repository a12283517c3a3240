package count

import (
	"strings"
	"sync"
)

// URLs returns the URLs of text as byte offsets, in order and without
// overlap: those twitter-text 3.1.0's extractUrlsWithIndices finds, with
// links without a scheme on, as X's composer does (see the package doc for
// the rules, and TestConformance, which holds this to twitter-text itself).
func URLs(text string) []Span {
	if strings.IndexByte(text, '.') < 0 {
		return nil
	}
	t := getText16(text)
	defer putText16(t)
	var spans []Span
	for _, e := range findURLs(t.u, t.ents[:0]) {
		spans = append(spans, Span{t.off[e.start], t.off[e.end]})
	}
	return spans
}

// pooled holds a text's code units and the entities found in it, reused
// across calls: the composer counts often.
type pooled struct {
	text16
	ents  []urlEntity
	emoji []span16
}

var textPool = sync.Pool{New: func() any { return new(pooled) }}

func getText16(s string) *pooled {
	t := textPool.Get().(*pooled)
	t.reset(s)
	return t
}

func putText16(t *pooled) {
	if cap(t.u) <= 1<<16 { // don't keep a huge text's buffers alive
		textPool.Put(t)
	}
}

// span16 is a half-open range of code units.
type span16 struct{ start, end int }

// urlEntity is a URL twitter-text reports: its code units [start, end), and
// skip, the length of the URL's text as twitter-text builds it, which is
// what parseTweet steps over (it differs from end-start for a domain
// without a scheme that the pattern matched with non-ASCII text before the
// part twitter-text keeps, when a path follows).
type urlEntity struct{ start, end, skip int }

// Limits of twitter-text's extractor.
const (
	maxURLLength     = 4096 // of the URL, in UTF-16 units, with its scheme (https:// when it has none)
	maxTcoSlugLength = 40
	maxLabelLength   = 63 // octets of a host label in punycode
	defaultSchemeLen = len("https://")
)

// urlMatch is one match of twitter-text's extractUrl pattern.
type urlMatch struct {
	pre              int // the unit before the URL, or -1 where it starts the text
	start, end       int // the URL, scheme to query
	scheme           int // length of "http://" or "https://", or 0
	domStart, domEnd int
	hasPath          bool
}

// urlScanner finds matches of the pattern in t. It caches the label run and
// the domain tail it last worked out, so that scanning a long run of letters
// (CJK text, which may start a domain at every character) stays linear.
type urlScanner struct {
	t       []uint16
	lastDot int
	// [runFrom, runEnd) is the rest of a run of label units (domain units,
	// '_' and '-'); runLastUS is the last '_' in it, or -1.
	runFrom, runEnd, runLastUS int
	// The domain tail after the dots blkFirst..blkLast of a chain of labels:
	// the longest domain ends at blkEnd, its last label's dot being blkDot
	// (-1: none).
	blkFirst, blkLast, blkDot, blkEnd int
}

// findURLs appends the URLs of t to dst, as extractUrlsWithIndices does:
// match the pattern from where the last match ended, then check and trim
// what it matched.
func findURLs(t []uint16, dst []urlEntity) []urlEntity {
	sc := urlScanner{t: t, lastDot: -1, runFrom: -1, runEnd: -1, blkFirst: -1}
	for i := len(t) - 1; i >= 0; i-- {
		if t[i] == '.' {
			sc.lastDot = i
			break
		}
	}
	if sc.lastDot < 0 {
		return dst
	}
	for from := 0; ; {
		m, ok := sc.exec(from)
		if !ok {
			return dst
		}
		from = m.end // a match the checks below drop still consumes its text
		dst = sc.accept(m, dst)
	}
}

// exec finds the first match starting at or after from. The pattern begins
// with the unit before the URL (any but an ASCII letter or digit, '@', '$',
// '#', their full-width forms and invalid units) or the start of the text,
// tried in that order.
func (sc *urlScanner) exec(from int) (urlMatch, bool) {
	t := sc.t
	for s := from; s < len(t); s++ {
		if s+1 >= sc.lastDot && s > 0 {
			break // a URL holds a '.' after its first unit
		}
		if isPrecedingUnit(t[s]) {
			if m, ok := sc.urlAt(s + 1); ok {
				m.pre = s
				return m, true
			}
		}
		if s == 0 {
			if m, ok := sc.urlAt(0); ok {
				m.pre = -1
				return m, true
			}
		}
	}
	return urlMatch{}, false
}

// schemeAt is the length of "http://" or "https://" at t[p:], any case.
func schemeAt(t []uint16, p int) int {
	if p+7 > len(t) || t[p]|0x20 != 'h' || t[p+1]|0x20 != 't' || t[p+2]|0x20 != 't' || t[p+3]|0x20 != 'p' {
		return 0
	}
	q := p + 4
	if t[q]|0x20 == 's' {
		q++
	}
	if q+3 <= len(t) && t[q] == ':' && t[q+1] == '/' && t[q+2] == '/' {
		return q + 3 - p
	}
	return 0
}

// urlAt matches a URL at p: an optional scheme, a domain, then an optional
// port, path and query.
func (sc *urlScanner) urlAt(p int) (urlMatch, bool) {
	t := sc.t
	if p >= len(t) || !isDomainUnit(t[p]) {
		return urlMatch{}, false
	}
	m := urlMatch{start: p}
	if n := schemeAt(t, p); n > 0 {
		if end, ok := sc.domainAt(p + n); ok {
			m.scheme, m.domStart, m.domEnd = n, p+n, end
			sc.rest(&m)
			return m, true
		}
	}
	end, ok := sc.domainAt(p)
	if !ok {
		return urlMatch{}, false
	}
	m.domStart, m.domEnd = p, end
	sc.rest(&m)
	return m, true
}

func isDigitUnit(u uint16) bool { return u >= '0' && u <= '9' }

func isLabelUnit(u uint16) bool { return u == '_' || u == '-' || isDomainUnit(u) }

// rest matches the port, path and query after the domain.
func (sc *urlScanner) rest(m *urlMatch) {
	t := sc.t
	pos := m.domEnd
	if pos+1 < len(t) && t[pos] == ':' && isDigitUnit(t[pos+1]) {
		pos += 2
		for pos < len(t) && isDigitUnit(t[pos]) {
			pos++
		}
	}
	if pos < len(t) && t[pos] == '/' {
		m.hasPath = true
		pos = sc.path(pos + 1)
	}
	if pos < len(t) && t[pos] == '?' {
		if end, ok := queryAt(t, pos, len(t)); ok {
			pos = end
		}
	}
	m.end = pos
}

// domainAt matches a domain at p: labels of domain units, '_' and '-' that
// start and end with a domain unit, each followed by '.', the last of them
// without '_', then a top-level domain. The pattern's greedy repetition
// makes the domain the longest such.
func (sc *urlScanner) domainAt(p int) (int, bool) {
	t := sc.t
	if p >= len(t) || !isDomainUnit(t[p]) {
		return 0, false
	}
	e0, lastUS := sc.run(p)
	if !isDomainUnit(t[e0-1]) || e0 >= len(t) || t[e0] != '.' {
		return 0, false
	}
	if end, ok := sc.tail(e0); ok {
		return end, true
	}
	if lastUS < p { // the first label is the last one: no '_' in it
		return tldAt(t, e0+1, len(t))
	}
	return 0, false
}

// run is the end of the run of label units holding p, and the last '_' in
// it (the run's start is where the scanner first asked).
func (sc *urlScanner) run(p int) (end, lastUS int) {
	if p >= sc.runFrom && p < sc.runEnd {
		return sc.runEnd, sc.runLastUS
	}
	t := sc.t
	j, us := p, -1
	for j < len(t) && isLabelUnit(t[j]) {
		if t[j] == '_' {
			us = j
		}
		j++
	}
	sc.runFrom, sc.runEnd, sc.runLastUS = p, j, us
	return j, us
}

// tail is the end of the longest domain whose first label ends at the dot
// e0, with a later label last: it walks the labels after e0 that could
// continue the domain and keeps the last one followed by a top-level domain.
func (sc *urlScanner) tail(e0 int) (int, bool) {
	if sc.blkFirst < 0 || e0 < sc.blkFirst || e0 > sc.blkLast {
		t := sc.t
		sc.blkFirst, sc.blkLast, sc.blkDot = e0, e0, -1
		for pos := e0 + 1; pos < len(t); {
			j, us := pos, false
			for j < len(t) && isLabelUnit(t[j]) {
				us = us || t[j] == '_'
				j++
			}
			if j == pos || !isDomainUnit(t[pos]) || !isDomainUnit(t[j-1]) || j >= len(t) || t[j] != '.' {
				break
			}
			if !us {
				if end, ok := tldAt(t, j+1, len(t)); ok {
					sc.blkDot, sc.blkEnd = j, end
				}
			}
			sc.blkLast = j
			pos = j + 1
		}
	}
	if sc.blkDot > e0 {
		return sc.blkEnd, true
	}
	return 0, false
}

// path matches the path after its first '/': path segments one after
// another, each the longest run of path units (with balanced parentheses)
// that ends in a unit a path may end with.
func (sc *urlScanner) path(p int) int {
	for {
		end, ok := sc.pathItem(p)
		if !ok {
			return p
		}
		p = end
	}
}

func (sc *urlScanner) pathRun(p int) int {
	for p < len(sc.t) && isPathUnit(sc.t[p]) {
		p++
	}
	return p
}

// pathItem matches one repetition of twitter-text's validUrlPath at p,
// unrolled from the pattern's backtracking: path units, then parenthesised
// groups each followed by path units, ending in a path-end unit or a group.
func (sc *urlScanner) pathItem(p int) (int, bool) {
	e1 := sc.pathRun(p)
	// The units after the last group (or all of them if there is none).
	segStart, segEnd, grouped := p, e1, false
	for e := e1; ; {
		b, ok := sc.parens(e)
		if !ok {
			break
		}
		segStart, segEnd, grouped = b, sc.pathRun(b), true
		e = segEnd
	}
	for f := segEnd - 1; f >= segStart; f-- {
		if isPathEndUnit(sc.t[f]) {
			return f + 1, true
		}
	}
	if grouped {
		return segStart, true // the last group ends it
	}
	return 0, false
}

// parens matches validUrlBalancedParens at e: "(" path units ")", or one
// level of nesting, "(" units "(" units ")" units ")".
func (sc *urlScanner) parens(e int) (int, bool) {
	t := sc.t
	if e >= len(t) || t[e] != '(' {
		return 0, false
	}
	g := sc.pathRun(e + 1)
	if g >= len(t) {
		return 0, false
	}
	if t[g] == ')' {
		return g + 1, g > e+1
	}
	if t[g] != '(' {
		return 0, false
	}
	h := sc.pathRun(g + 1)
	if h == g+1 || h >= len(t) || t[h] != ')' {
		return 0, false
	}
	i := sc.pathRun(h + 1)
	if i >= len(t) || t[i] != ')' {
		return 0, false
	}
	return i + 1, true
}

// queryAt matches "?" query units ending in a query-end unit at p, within
// limit.
func queryAt(t []uint16, p, limit int) (int, bool) {
	r := p + 1
	for r < limit && isQueryUnit(t[r]) {
		r++
	}
	for f := r - 1; f > p; f-- {
		if isQueryEndUnit(t[f]) {
			return f + 1, true
		}
	}
	return 0, false
}

// accept checks a match as extractUrlsWithIndices does and appends the
// URLs it yields: none if the URL is too long or a host label is over 63
// octets in punycode; for a domain without a scheme, none after '-', '_',
// '.' or '/', and else the ASCII domains in it (the last taking the path);
// for a t.co link, only the slug and query, and none for a slug over 40.
func (sc *urlScanner) accept(m urlMatch, dst []urlEntity) []urlEntity {
	t := sc.t
	schemeLen := m.scheme
	if schemeLen == 0 {
		schemeLen = defaultSchemeLen
	}
	if !sc.validHost(m.domStart, m.domEnd) || schemeLen+m.end-m.start > maxURLLength {
		return dst
	}
	if m.scheme > 0 {
		end := m.end
		if slug, qend, ok := tcoAt(t, m.start, m.end); ok {
			if slug > maxTcoSlugLength {
				return dst
			}
			end = qend
		}
		return append(dst, urlEntity{m.start, end, end - m.start})
	}
	if m.pre >= 0 && t[m.pre] < 0x80 && strings.IndexByte("-_./", byte(t[m.pre])) >= 0 {
		return dst
	}
	n := len(dst)
	from := 0 // where indexOf looks from, relative to the domain
	lastLen := 0
	dom := t[m.domStart:m.domEnd]
	asciiDomains(t, m.domStart, m.domEnd, func(a, b int) bool {
		// twitter-text places each by dom.indexOf(its text, end of the last).
		at := indexUnits(dom, t[a:b], from)
		from = at + b - a
		lastLen = b - a
		dst = append(dst, urlEntity{m.domStart + at, m.domStart + from, b - a})
		return true
	})
	if len(dst) == n {
		return dst
	}
	if m.hasPath {
		last := &dst[len(dst)-1]
		last.end = m.end
		last.skip = lastLen + (m.end - m.start) - (m.domEnd - m.domStart)
	}
	return dst
}

// tcoAt matches ^https?://t.co/slug(?query) in t[start:end] and returns the
// slug's length and the end of the match.
func tcoAt(t []uint16, start, end int) (slug, mend int, ok bool) {
	p := start + schemeAt(t, start)
	if p+5 > end || t[p]|0x20 != 't' || t[p+1] != '.' || t[p+2]|0x20 != 'c' || t[p+3]|0x20 != 'o' || t[p+4] != '/' {
		return 0, 0, false
	}
	q := p + 5
	for q < end && isASCIIAlnumUnit(t[q]) {
		q++
	}
	if q == p+5 {
		return 0, 0, false
	}
	slug = q - (p + 5)
	if q < end && t[q] == '?' {
		if e, ok := queryAt(t, q, end); ok {
			q = e
		}
	}
	return slug, q, true
}

// asciiDomains calls f for each match of twitter-text's validAsciiDomain in
// t[start:end], in order, until f returns false: labels of ASCII letters,
// digits, '-' and Latin letters with accents, each followed by '.', then a
// top-level domain (the end of the range counting as the end of text).
func asciiDomains(t []uint16, start, end int, f func(a, b int) bool) {
	for x := start; x < end; {
		if !isASCIIDomainUnit(t[x]) {
			x++
			continue
		}
		// The labels from x, and the dot after the last of them.
		firstRun, lastDot := -1, -1
		for pos := x; ; {
			j := pos
			for j < end && isASCIIDomainUnit(t[j]) {
				j++
			}
			if firstRun < 0 {
				firstRun = j
			}
			if j == pos || j >= end || t[j] != '.' {
				break
			}
			lastDot = j
			pos = j + 1
		}
		matched := false
		// Most labels first: try a TLD after each dot, last dot first.
		for d := lastDot; d >= firstRun && d >= 0; d-- {
			if t[d] != '.' {
				continue
			}
			if b, ok := tldAt(t, d+1, end); ok {
				if !f(x, b) {
					return
				}
				x, matched = b, true
				break
			}
		}
		if !matched {
			// Any start inside the first label meets the same labels and fails too.
			x = firstRun + 1
		}
	}
}

// indexUnits is JavaScript's hay.indexOf(needle, from), or -1.
func indexUnits(hay, needle []uint16, from int) int {
	for i := max(from, 0); i+len(needle) <= len(hay); i++ {
		if equalUnits(hay[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}

func equalUnits(a, b []uint16) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// validHost is twitter-text's idna.toAscii check of a matched domain: a
// domain starting "xn--" must hold an ASCII domain, and every label,
// converted to punycode as the punycode package's toASCII converts it, is 1
// to 63 octets.
func (sc *urlScanner) validHost(start, end int) bool {
	t := sc.t
	if end-start >= 4 && t[start] == 'x' && t[start+1] == 'n' && t[start+2] == '-' && t[start+3] == '-' {
		any := false
		asciiDomains(t, start, end, func(a, b int) bool { any = true; return false })
		if !any {
			return false
		}
	}
	for l := start; l <= end; {
		e := l
		for e < end && t[e] != '.' {
			e++
		}
		if n := punycodeLabelLen(t[l:e]); n < 1 || n > maxLabelLength {
			return false
		}
		l = e + 1
	}
	return true
}

// hasScheme reports whether a URL found by URLs starts with http:// or
// https://.
func hasScheme(u string) bool {
	return len(u) >= 7 && strings.EqualFold(u[:7], "http://") || len(u) >= 8 && strings.EqualFold(u[:8], "https://")
}
