package markdown

import (
	"bytes"
	"html"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	ghtml "github.com/yuin/goldmark/renderer/html"
)

// textWriter collects the plain text of nodes from the AST, so the text
// matches the HTML without a second parse or any scraping of HTML.
type textWriter struct {
	src              []byte
	out              []byte
	sumStart, sumEnd int
}

func newTextWriter(src []byte) *textWriter {
	t := &textWriter{src: src, sumStart: -1, sumEnd: -1}
	if b, ok := textBufs.Get().(*[]byte); ok {
		t.out = (*b)[:0]
	}
	return t
}

// textBufs keeps the writers' buffers between posts: the text of a post
// is copied out by result, and growing a new buffer for each of 10,000
// posts allocated three times its size.
var textBufs sync.Pool

// release returns the buffer to the pool, unless an unusually large body
// grew it; t must not be used after.
func (t *textWriter) release() {
	if cap(t.out) <= 1<<20 {
		b := t.out[:0]
		textBufs.Put(&b)
	}
	t.out = nil
}

// plainText is the text of one node with whitespace collapsed.
func plainText(n ast.Node, src []byte) string {
	t := newTextWriter(src)
	defer t.release()
	t.node(n)
	return collapse(t.out, false)
}

func (t *textWriter) markStart() { t.sumStart = len(t.out) }
func (t *textWriter) markEnd()   { t.sumEnd = len(t.out) }

// result returns the text, one line per block, the summary's text on one
// line, and the number of words of the text.
func (t *textWriter) result() (all, summary string, words int) {
	all, words = collapseCount(t.out, true)
	if t.sumStart >= 0 && t.sumEnd >= t.sumStart {
		summary = collapse(t.out[t.sumStart:t.sumEnd], false)
	}
	return all, summary, words
}

func (t *textWriter) node(n ast.Node) {
	_ = ast.Walk(n, t.visit)
}

func (t *textWriter) visit(node ast.Node, entering bool) (ast.WalkStatus, error) {
	switch n := node.(type) {
	case *ast.Text:
		if entering {
			t.inline(n.Segment.Value(t.src), n.IsRaw())
			if n.HardLineBreak() {
				t.out = append(t.out, '\n')
			} else if n.SoftLineBreak() {
				t.out = append(t.out, ' ')
			}
		}
	case *ast.String:
		if entering {
			t.inline(n.Value, n.IsCode() || n.IsRaw())
		}
	case *ast.CodeSpan:
		if entering {
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if tx, ok := c.(*ast.Text); ok {
					t.out = append(t.out, tx.Segment.Value(t.src)...)
				}
			}
		}
		return ast.WalkSkipChildren, nil
	case *ast.AutoLink:
		if entering {
			t.out = append(t.out, n.Label(t.src)...)
		}
	case *ast.RawHTML:
		return ast.WalkSkipChildren, nil // a tag, not words
	case *ast.HTMLBlock:
		if entering {
			var b []byte
			lines := n.Lines()
			for i := range lines.Len() {
				b = append(b, segValue(lines.At(i), t.src)...)
			}
			if n.HasClosure() {
				b = append(b, n.ClosureLine.Value(t.src)...)
			}
			t.out = append(t.out, html.UnescapeString(string(stripTags(b)))...)
			t.out = append(t.out, '\n')
		}
		return ast.WalkSkipChildren, nil
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		if entering {
			lines := n.Lines()
			for i := range lines.Len() {
				t.out = append(t.out, segValue(lines.At(i), t.src)...)
			}
			t.out = append(t.out, '\n')
		}
		return ast.WalkSkipChildren, nil
	case *ast.Image:
		t.out = append(t.out, ' ') // alt text is its own words
	case *extast.FootnoteLink, *extast.FootnoteBacklink, *extast.TaskCheckBox:
		return ast.WalkSkipChildren, nil // numbers and boxes, not words
	case *extast.TableCell:
		if !entering {
			t.out = append(t.out, ' ')
		}
	default:
		if !entering && node.Type() == ast.TypeBlock {
			t.out = append(t.out, '\n')
		}
	}
	return ast.WalkContinue, nil
}

// inline appends text as it reads on the page. Unless raw, backslash
// escapes and character references are resolved exactly as goldmark's
// writer does: it writes escaped HTML, which is then unescaped.
func (t *textWriter) inline(v []byte, raw bool) {
	if raw || (bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0) {
		t.out = append(t.out, v...)
		return
	}
	s := getSink()
	ghtml.DefaultWriter.Write(s, v)
	t.out = append(t.out, html.UnescapeString(s.buf.String())...)
	putSink(s)
}

// stripTags drops tags and comments from raw HTML for its plain text. The
// result is only counted and scanned, never rendered, so a simple scan is
// enough.
func stripTags(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if b[i] != '<' {
			out = append(out, b[i])
			i++
			continue
		}
		end := []byte(">")
		if bytes.HasPrefix(b[i:], []byte("<!--")) {
			end = []byte("-->")
		}
		j := bytes.Index(b[i+1:], end)
		if j < 0 {
			break
		}
		out = append(out, ' ') // "<br>" and "</p><p>" separate words
		i += 1 + j + len(end)
	}
	return out
}

// collapse turns runs of whitespace into one space, or into one newline
// when lines are kept and the run holds one, and trims both ends.
func collapse(b []byte, keepLines bool) string {
	s, _ := collapseCount(b, keepLines)
	return s
}

// asciiClass says, for each ASCII byte, whether unicode.IsSpace or
// unicode.IsLetter || unicode.IsDigit holds for it, so that the common
// case needs neither a rune decode nor a table search.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range utf8.RuneSelf {
		r := rune(c)
		switch {
		case unicode.IsSpace(r):
			t[c] = classSpace
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			t[c] = classWord
		}
	}
	return t
}()

const (
	classOther = iota
	classSpace
	classWord
)

// collapseCount is collapse that also counts the words of its result, in
// the same pass, since going over every post's text again cost as much as
// making it. A word is a run of non-space runes that holds a letter or
// digit, so that a lone dash or bullet is not one.
func collapseCount(b []byte, keepLines bool) (string, int) {
	var sb strings.Builder
	sb.Grow(len(b))
	words := 0
	i := 0
	for i < len(b) {
		// The whitespace before a run: is there a line break in it?
		line := false
		for i < len(b) {
			c := b[i]
			if c < utf8.RuneSelf {
				if asciiClass[c] != classSpace {
					break
				}
				line = line || c == '\n' && keepLines
				i++
				continue
			}
			r, size := utf8.DecodeRune(b[i:])
			if !unicode.IsSpace(r) {
				break
			}
			i += size
		}
		if i == len(b) {
			break
		}
		if sb.Len() > 0 {
			if line {
				sb.WriteByte('\n')
			} else {
				sb.WriteByte(' ')
			}
		}
		// The run up to the next whitespace, copied in as few writes as
		// its invalid bytes allow (each is written as U+FFFD).
		word := false
		start := i
		for i < len(b) {
			c := b[i]
			if c < utf8.RuneSelf {
				if asciiClass[c] == classSpace {
					break
				}
				word = word || asciiClass[c] == classWord
				i++
				continue
			}
			r, size := utf8.DecodeRune(b[i:])
			if unicode.IsSpace(r) {
				break
			}
			word = word || unicode.IsLetter(r) || unicode.IsDigit(r)
			if r == utf8.RuneError && size == 1 {
				sb.Write(b[start:i])
				sb.WriteRune(r)
				start = i + 1
			}
			i += size
		}
		sb.Write(b[start:i])
		if word {
			words++
		}
	}
	return sb.String(), words
}
