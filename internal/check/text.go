package check

import (
	"sort"
	"strings"

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

// fileText reads one file's body and plain text for the per-file rules,
// once each and only when a rule asks: a post loaded through the content
// cache keeps neither in memory (content.File.Markdown, PlainText).
type fileText struct {
	f    *content.File
	b    *body
	text *string
	err  error
}

func (t *fileText) body() *body {
	if t.b == nil {
		src, err := t.f.Markdown()
		if err != nil && t.err == nil {
			t.err = err
		}
		t.b = newBody(t.f, src)
	}
	return t.b
}

func (t *fileText) plain() string {
	if t.text == nil {
		s, err := t.f.PlainText()
		if err != nil && t.err == nil {
			t.err = err
		}
		t.text = &s
	}
	return *t.text
}

func newBody(f *content.File, src []byte) *body {
	b := &body{f: f, src: string(src)}
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

// maskProse blanks what is not prose in a markdown source: fenced code,
// code spans, link destinations, reference definitions, HTML tags and
// comments, URLs and heading attributes. Newlines are kept and every
// other masked byte becomes a space, so offsets still match the source.
// It is a hand-written scanner, since it runs over every body.
func maskProse(src string) string {
	b := []byte(src)
	blank := func(from, to int) {
		for i := from; i < to && i < len(b); i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	fence := ""
	for off := 0; off < len(src); {
		end := strings.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off
		}
		line := src[off:end]
		trimmed := strings.TrimLeft(line, " ")
		switch {
		case fence != "":
			blank(off, end)
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]+" \t") == "" {
				fence = ""
			}
		case strings.HasPrefix(trimmed, "```"), strings.HasPrefix(trimmed, "~~~"):
			fence = trimmed[:3]
			blank(off, end)
		case len(line)-len(trimmed) <= 3 && isRefDef(trimmed):
			blank(off, end)
		default:
			maskLine(src, off, end, blank)
		}
		off = end + 1
	}
	return string(b)
}

// isRefDef reports whether a line is a link reference definition: "[x]: url".
func isRefDef(line string) bool {
	if !strings.HasPrefix(line, "[") {
		return false
	}
	i := strings.Index(line, "]:")
	return i > 1 && !strings.ContainsAny(line[1:i], "[]")
}

// maskLine blanks the noise within src[from:to], one line.
func maskLine(src string, from, to int, blank func(int, int)) {
	for i := from; i < to; i++ {
		switch c := src[i]; c {
		case '`':
			if j := strings.IndexByte(src[i+1:to], '`'); j > 0 {
				blank(i, i+j+2)
				i += j + 1
			}
		case ']':
			if i+1 < to && src[i+1] == '(' {
				if j := strings.IndexByte(src[i+2:to], ')'); j >= 0 {
					blank(i+1, i+j+3)
					i += j + 2
				}
			}
		case '<':
			if strings.HasPrefix(src[i:], "<!--") {
				j := strings.Index(src[i:], "-->")
				if j < 0 {
					j = len(src) - i - 3
				}
				blank(i, i+j+3)
				i += j + 2
				continue
			}
			if i+1 < to && (isLetter(src[i+1]) || src[i+1] == '/') {
				if j := strings.IndexByte(src[i:to], '>'); j > 0 {
					blank(i, i+j+1)
					i += j
				}
			}
		case 'h':
			if strings.HasPrefix(src[i:to], "http://") || strings.HasPrefix(src[i:to], "https://") {
				j := i
				for j < to && !strings.ContainsRune(" \t)>]", rune(src[j])) {
					j++
				}
				blank(i, j)
				i = j - 1
			}
		case '{':
			if i+1 < to && src[i+1] == '#' {
				if j := strings.IndexByte(src[i:to], '}'); j > 0 && strings.TrimSpace(src[i+j+1:to]) == "" {
					blank(i, i+j+1)
					i += j
				}
			}
		}
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
