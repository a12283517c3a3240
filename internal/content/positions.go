package content

import (
	"encoding/binary"
	"slices"
	"strings"
	"unique"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/fmatter"
)

// Positions is where each front matter field of a file was written, kept
// compactly: every post of a site is in memory for the whole build, and a
// map of dotted paths to diag.Pos costs about 2.5 KB a post where this
// costs under a hundred bytes. Read it with File.At.
//
// The fields are exported for the cache's index only.
type Positions struct {
	// Keys is the fields' dotted paths ("title", "sources.1.url"),
	// sorted, each followed by a newline.
	Keys string
	// LineCol holds each key's line and column, two uvarints per key:
	// mostly a byte each.
	LineCol []byte
}

// compact turns the decoder's positions into Positions.
func compact(p fmatter.Positions) Positions {
	if len(p) == 0 {
		return Positions{}
	}
	keys := make([]string, 0, len(p))
	n := 0
	for k := range p {
		keys = append(keys, k)
		n += len(k) + 1
	}
	slices.Sort(keys)
	var b strings.Builder
	b.Grow(n)
	lc := make([]byte, 0, 3*len(keys))
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte('\n')
		lc = binary.AppendUvarint(binary.AppendUvarint(lc, uint64(max(p[k].Line, 0))), uint64(max(p[k].Col, 0)))
	}
	// Posts mostly write the same fields: they share one Keys string.
	return Positions{Keys: unique.Make(b.String()).Value(), LineCol: lc}
}

// Len is the number of fields written.
func (p Positions) Len() int { return strings.Count(p.Keys, "\n") }

// lookup returns the line and column of field.
func (p Positions) lookup(field string) (line, col int, ok bool) {
	rest, lc := p.Keys, p.LineCol
	for rest != "" {
		k, after, _ := strings.Cut(rest, "\n")
		l, n := binary.Uvarint(lc)
		if n <= 0 {
			return 0, 0, false
		}
		c, m := binary.Uvarint(lc[n:])
		if m <= 0 {
			return 0, 0, false
		}
		if k == field {
			return int(l), int(c), true
		}
		rest, lc = after, lc[n+m:]
	}
	return 0, 0, false
}

// At returns the position of a front matter field, or of the file when the
// field was not written.
func (f *File) At(field string) diag.Pos {
	if line, col, ok := f.Pos.lookup(field); ok {
		return diag.Pos{File: f.Path, Line: line, Col: col}
	}
	return diag.Pos{File: f.Path, Line: 1, Col: 1}
}
