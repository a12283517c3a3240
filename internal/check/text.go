package check

import (
	"regexp"
	"sort"

	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
)

// body is a content file's markdown source prepared for text rules.
type body struct {
	f *content.File
	// src is the body as written.
	src string
	// prose is src with what is not prose blanked out (code, link
	// destinations, HTML tags, front matter-like noise), byte for byte,
	// so that an offset into prose is an offset into src.
	prose string
	nl    []int // offsets of '\n' in src
}

func newBody(f *content.File) *body {
	b := &body{f: f, src: string(f.Body)}
	b.prose = maskProse(b.src)
	for i := 0; i < len(b.src); i++ {
		if b.src[i] == '\n' {
			b.nl = append(b.nl, i)
		}
	}
	return b
}

// pos turns a byte offset in the body into the file's line and column.
func (b *body) pos(off int) diag.Pos {
	i := sort.SearchInts(b.nl, off)
	start := 0
	if i > 0 {
		start = b.nl[i-1] + 1
	}
	return diag.Pos{File: b.f.Path, Line: b.f.BodyLine + i, Col: off - start + 1}
}

// line is the position of a body line (from 1, as markdown.Doc counts).
func bodyLine(f *content.File, line, col int) diag.Pos {
	if line <= 0 {
		return diag.Pos{File: f.Path, Line: f.BodyLine, Col: 1}
	}
	return diag.Pos{File: f.Path, Line: f.BodyLine + line - 1, Col: max(col, 1)}
}

var (
	fenceRE     = regexp.MustCompile("(?m)^ {0,3}(```|~~~)[^\n]*\n(?:[\\s\\S]*?\n)?? {0,3}(```|~~~)[ \t]*$")
	codeSpanRE  = regexp.MustCompile("`[^`\n]+`")
	linkDestRE  = regexp.MustCompile(`\]\([^)\n]*\)`)
	refDefRE    = regexp.MustCompile(`(?m)^ {0,3}\[[^\]\n]+\]:[^\n]*$`)
	htmlTagRE   = regexp.MustCompile(`</?[a-zA-Z][^>\n]*>|<!--[\s\S]*?-->`)
	autolinkRE  = regexp.MustCompile(`<[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*>|https?://[^\s)>\]]+`)
	headAttrsRE = regexp.MustCompile(`(?m)\{#[^}\n]*\}[ \t]*$`)
)

// maskProse blanks what is not prose in a markdown source: fenced code,
// code spans, link destinations, reference definitions, HTML tags and
// bare URLs. Newlines are kept and every other masked byte becomes a
// space, so offsets still match the source.
func maskProse(src string) string {
	b := []byte(src)
	blank := func(re *regexp.Regexp, keep int) {
		for _, m := range re.FindAllIndex(b, -1) {
			for i := m[0] + keep; i < m[1]; i++ {
				if b[i] != '\n' {
					b[i] = ' '
				}
			}
		}
	}
	blank(fenceRE, 0)
	blank(codeSpanRE, 0)
	blank(linkDestRE, 1) // keep "]" so "[text](url)" stays "[text]"
	blank(refDefRE, 0)
	blank(htmlTagRE, 0)
	blank(autolinkRE, 0)
	blank(headAttrsRE, 0)
	return string(b)
}
