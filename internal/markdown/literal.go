package markdown

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Literal is markup the page shows as text although its author most
// likely meant it to do something: raw HTML while [Options.Unsafe] is
// off (it is escaped), or the template syntax of another generator (a
// Hugo shortcode, a Liquid tag, a template expression), which carepress
// does not run. Posts moved in from Hugo or Jekyll are full of them, and
// each would otherwise be published as visible text without a word.
//
// Code spans and code blocks, which show such text on purpose, never hold
// a Literal.
type Literal struct {
	Kind LiteralKind
	// Name is the tag, shortcode or variable: "div", "!--" for an HTML
	// comment, "figure", "post_url", "site.baseurl".
	Name string
	// Text is what was written, on one line and cut to about 60 bytes:
	// `<div class="note">`, `{{< figure src="x.jpg" >}}`.
	Text string
	// Line and Col are where it starts (see Positions in the package doc).
	Line, Col int
	// EndLine is the last line of the block that holds raw HTML (the HTML
	// block, or the paragraph of an inline tag), so that a checker can
	// read all of it: a pasted tracker spans lines. It is Line for the
	// other kinds.
	EndLine int
}

// LiteralKind says what a Literal is.
type LiteralKind uint8

// The kinds of Literal.
const (
	// LiteralHTML is raw HTML, escaped because Options.Unsafe is off. An
	// HTML block, or a paragraph's inline tags, is one Literal: its
	// first tag.
	LiteralHTML LiteralKind = iota + 1
	// LiteralShortcode is a Hugo shortcode: {{< name >}} or {{% name %}}.
	LiteralShortcode
	// LiteralTag is a Liquid tag (Jekyll): {% name ... %}.
	LiteralTag
	// LiteralExpr is a Liquid or Go template expression: {{ site.baseurl }},
	// {{ page.title }}, {{ .Site.BaseURL }}.
	LiteralExpr
	// LiteralAttrs is a kramdown attribute list, Jekyll's default
	// markdown: {:toc}, {: .note}, {:target="_blank"}.
	LiteralAttrs
)

// Describe says what is wrong with l and how to fix it, for a warning.
func (l Literal) Describe() (msg, hint string) {
	switch l.Kind {
	case LiteralHTML:
		what := "raw HTML"
		if l.Name == "!--" {
			what = "an HTML comment"
		}
		return fmt.Sprintf("%s %s is shown to readers as text: raw HTML is escaped while markdown.unsafe is off", what, quoteText(l.Text)),
			"write it in markdown, or delete it; set `markdown: {unsafe: true}` only if every author's HTML is trusted"
	case LiteralShortcode:
		return fmt.Sprintf("Hugo shortcode %s is shown to readers as text: carepress has no shortcodes", quoteText(l.Text)), shortcodeHint(l.Name)
	case LiteralTag:
		return fmt.Sprintf("Liquid tag %s is shown to readers as text: carepress does not run Liquid", quoteText(l.Text)), liquidHint(l.Name)
	case LiteralExpr:
		return fmt.Sprintf("template expression %s is shown to readers as text: markdown is not a template", quoteText(l.Text)), exprHint(l.Name)
	case LiteralAttrs:
		hint := "delete it; a heading takes an id or class at the end of its line: ## Costs {#fees .wide}"
		if l.Name == "toc" {
			hint = "delete it: the layout shows a table of contents (.TOC) where the theme wants one"
		}
		return fmt.Sprintf("kramdown attribute list %s is shown to readers as text: carepress's markdown is not kramdown", quoteText(l.Text)), hint
	}
	return fmt.Sprintf("%s is shown to readers as text", quoteText(l.Text)), ""
}

// quoteText quotes markup for a message: in backquotes when it holds a
// double quote, which %q would escape into noise (<a href=\"x\">).
func quoteText(s string) string {
	if strings.Contains(s, `"`) && !strings.Contains(s, "`") {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

func shortcodeHint(name string) string {
	switch strings.TrimPrefix(name, "/") {
	case "figure", "img", "image":
		return "write the image in markdown: ![what it shows](photo.jpg \"caption\")"
	case "youtube", "vimeo", "video", "tweet", "x", "instagram", "gist":
		return "link to it instead: [watch the video](https://...); embeds load third-party trackers"
	case "ref", "relref":
		return "link to the page's URL instead: [text](/posts/slug/)"
	case "highlight", "code":
		return "use a fenced code block: ``` on the lines before and after"
	case "note", "tip", "warning", "caution", "alert", "callout", "notice", "info", "hint", "admonition":
		return "write the note as a quote: start its lines with \"> \""
	}
	return "write what it stood for in markdown, or delete it"
}

func liquidHint(name string) string {
	switch name {
	case "post_url", "link":
		return "link to the post's URL instead: [text](/posts/slug/)"
	case "include", "include_relative", "render":
		return "write the included text in, or make it a notice that posts show"
	case "highlight", "endhighlight":
		return "use a fenced code block: ``` on the lines before and after"
	case "raw", "endraw", "comment", "endcomment":
		return "delete the tag; carepress shows the text between as it is"
	}
	return "write what it stood for in markdown, or delete it"
}

func exprHint(name string) string {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "baseurl"), strings.Contains(n, "base_url"), strings.Contains(n, "relative_url"),
		strings.Contains(n, "absolute_url"), strings.Contains(n, "relurl"), strings.Contains(n, "absurl"):
		return "write the link itself: a link that starts with / gets the site's base path"
	}
	return "write the value itself"
}

// maxLiteral is about how much of a Literal's text a warning shows.
const maxLiteral = 60

// literalText is b cut at the end of its first line and to about
// maxLiteral bytes, at a UTF-8 boundary.
func literalText(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	b = bytes.TrimSpace(b)
	if len(b) <= maxLiteral {
		return string(b)
	}
	cut := maxLiteral
	for cut > 0 && b[cut]&0xc0 == 0x80 {
		cut--
	}
	return string(bytes.TrimRight(b[:cut], " \t")) + "…"
}

// htmlName is the tag name of raw HTML: "div", "/div", "!--" for a
// comment, "!doctype", "?xml".
func htmlName(b []byte) string {
	b = bytes.TrimLeft(b, " \t\n")
	if len(b) < 2 || b[0] != '<' {
		return ""
	}
	if bytes.HasPrefix(b, []byte("<!--")) {
		return "!--"
	}
	i := 1
	for i < len(b) && (isNameByte(b[i]) || i == 1 && (b[i] == '/' || b[i] == '!' || b[i] == '?')) {
		i++
	}
	return strings.ToLower(string(b[1:i]))
}

func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == ':'
}

// hasTemplateSyntax reports whether src may hold a template tag at all, so
// that a document without one is not scanned for them: "{{", "{%" and
// "{:" are rare in health posts.
func hasTemplateSyntax(src []byte) bool {
	return bytes.Contains(src, []byte("{{")) || bytes.Contains(src, []byte("{%")) || bytes.Contains(src, []byte("{:"))
}

// templateAt reads a template tag that starts at b[i] ("{{", "{%" or
// "{:"), within its line. It returns the tag's kind, its name and where it ends,
// or ok false when b[i:] is not one: a lone "{{" in prose, a set in maths.
func templateAt(b []byte, i int) (kind LiteralKind, name string, end int, ok bool) {
	line := b[i:]
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	if len(line) < 3 || line[0] != '{' {
		return 0, "", 0, false
	}
	switch {
	case line[1] == ':':
		// {:toc}, {: .note}, {:#id}, {:target="_blank"}, on one line.
		k := skipSpace(line, 2)
		j := bytes.IndexByte(line[k:], '}')
		if j < 0 || k >= len(line) || !(isLetter(line[k]) || line[k] == '.' || line[k] == '#') || bytes.IndexByte(line[k:k+j], '{') >= 0 {
			return 0, "", 0, false
		}
		name, _ := readName(line, k, false)
		if name == "" {
			name = string(line[k : k+1]) // "." or "#"
		}
		return LiteralAttrs, name, i + k + j + 1, true
	case len(line) < 4:
		return 0, "", 0, false
	case line[1] == '{' && (line[2] == '<' || line[2] == '%'):
		// {{< name ... >}} or {{% name ... %}}, perhaps over several
		// lines: the opening and a name are enough to know it.
		delim := line[2]
		k := skipSpace(line, 3)
		if bytes.HasPrefix(line[k:], []byte("/*")) { // {{</* x */>}}: Hugo's way to show one
			k = skipSpace(line, k+2)
		}
		name, k2 := readName(line, k, true)
		if name == "" {
			return 0, "", 0, false
		}
		closing := []byte(">}}")
		if delim == '%' {
			closing = []byte("%}}")
		}
		end = len(line)
		if j := bytes.Index(line[k2:], closing); j >= 0 {
			end = k2 + j + 3
		}
		return LiteralShortcode, name, i + end, true
	case line[1] == '%':
		// {% name ... %} or {%- name ... -%}, on one line.
		k := skipSpace(line, 2)
		if k < len(line) && line[k] == '-' {
			k = skipSpace(line, k+1)
		}
		name, k2 := readName(line, k, false)
		j := bytes.Index(line[k2:], []byte("%}"))
		if name == "" || j < 0 {
			return 0, "", 0, false
		}
		return LiteralTag, name, i + k2 + j + 2, true
	case line[1] == '{':
		// {{ expression }}, on one line: a variable or field path, or a
		// string, alone or followed by a pipeline ("| relative_url") or
		// arguments that name fields (Go's "with .Params.x").
		k := skipSpace(line, 2)
		if k < len(line) && line[k] == '-' {
			k = skipSpace(line, k+1)
		}
		j := bytes.Index(line[k:], []byte("}}"))
		if j < 0 || bytes.IndexByte(line[k:k+j], '{') >= 0 {
			return 0, "", 0, false
		}
		fields := bytes.Fields(bytes.TrimRight(bytes.TrimSpace(line[k:k+j]), "-"))
		if len(fields) == 0 || !isExprStart(fields[0]) {
			return 0, "", 0, false
		}
		if len(fields) > 1 {
			rest := bytes.Join(fields[1:], nil)
			if bytes.IndexAny(rest, `|."$`) < 0 {
				return 0, "", 0, false // "{{ see you }}": words in braces
			}
		}
		return LiteralExpr, string(bytes.Trim(fields[0], `"'`)), i + k + j + 2, true
	}
	return 0, "", 0, false
}

// isExprStart reports whether f can begin a template expression: a quoted
// string, or a path of names such as site.baseurl, .Site.Title, $x,
// page["title"].
func isExprStart(f []byte) bool {
	if len(f) >= 2 && (f[0] == '"' || f[0] == '\'') && f[len(f)-1] == f[0] {
		return true
	}
	i := 0
	if f[0] == '.' || f[0] == '$' {
		i = 1
		if len(f) == 1 {
			return true // "{{ . }}"
		}
	}
	if !isLetter(f[i]) && f[i] != '_' {
		return false
	}
	for _, c := range f[i:] {
		if !isNameByte(c) && c != '.' && c != '[' && c != ']' && c != '"' && c != '\'' {
			return false
		}
	}
	return true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return i
}

// readName reads a tag name from b[i]: a letter, then letters, digits,
// '_', '-' and '.'; a closing shortcode's leading '/' is kept when slash.
func readName(b []byte, i int, slash bool) (string, int) {
	start := i
	if slash && i < len(b) && b[i] == '/' {
		i++
	}
	if i >= len(b) || !isLetter(b[i]) {
		return "", start
	}
	for i < len(b) && (isLetter(b[i]) || '0' <= b[i] && b[i] <= '9' || b[i] == '_' || b[i] == '-' || b[i] == '.') {
		i++
	}
	return string(b[start:i]), i
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// posLiteral is a Literal with byte offsets, turned into lines once all
// are known.
type posLiteral struct {
	kind       LiteralKind
	name, text string
	pos, end   int // end: an offset on the last line (see Literal.EndLine)
	// stop is where an HTML block's last line ends, 0 for the rest: a
	// block that starts right there continues the same snippet.
	stop int
}

// templates records the template tags in b, which sits at offset base of
// the source; when fixed, base is where to report them all instead (a
// link's destination is not in the source as written).
func (st *state) templates(b []byte, base int, fixed bool) {
	for i := 0; i+1 < len(b); {
		j := bytes.IndexByte(b[i:], '{')
		if j < 0 {
			return
		}
		i += j
		kind, name, end, ok := templateAt(b, i)
		if !ok {
			i++
			continue
		}
		at := base + i
		if fixed {
			at = base
		}
		st.literals = append(st.literals, posLiteral{kind: kind, name: name, text: literalText(b[i:end]), pos: at, end: at})
		i = end
	}
}

// textTemplates records the template tags that start in a text node. A
// tag may run on past the node, since goldmark cuts text at quotes and
// raw HTML ("{{<figure src=x>}}" is text, an HTML tag, text), so it is
// read from the source, to the end of the line.
func (st *state) textTemplates(n *ast.Text, source []byte) {
	seg := n.Segment
	for i := seg.Start; i+1 < seg.Stop; {
		j := bytes.IndexByte(source[i:seg.Stop], '{')
		if j < 0 {
			return
		}
		i += j
		kind, name, end, ok := templateAt(source, i)
		if !ok {
			i++
			continue
		}
		st.literals = append(st.literals, posLiteral{kind: kind, name: name, text: literalText(source[i:end]), pos: i, end: i})
		i = end
	}
}

// rawHTML records an escaped inline tag, once per block: a paragraph
// with a dozen tags is one thing to fix, where the first tag is shown.
func (st *state) rawHTML(n *ast.RawHTML, source []byte) {
	if n.Segments.Len() == 0 {
		return
	}
	start := n.Segments.At(0).Start
	if start >= 2 && source[start-1] == '{' && source[start-2] == '{' {
		return // "{{<figure>}}": a shortcode, recorded as one
	}
	blk := n.Parent()
	for blk != nil && blk.Type() != ast.TypeBlock {
		blk = blk.Parent()
	}
	if blk == nil || blk == st.htmlIn {
		return
	}
	st.htmlIn = blk
	b := rawHTMLBytes(n, source)
	end := start
	if l := blk.Lines(); l != nil && l.Len() > 0 {
		end = max(end, l.At(l.Len()-1).Start)
	}
	st.literals = append(st.literals, posLiteral{kind: LiteralHTML, name: htmlName(b), text: literalText(b), pos: start, end: end})
}

// htmlBlock records an escaped HTML block.
func (st *state) htmlBlock(n *ast.HTMLBlock, source []byte) {
	lines := n.Lines()
	if lines.Len() == 0 {
		return
	}
	first, last := lines.At(0), lines.At(lines.Len()-1)
	if n.HasClosure() {
		last = n.ClosureLine
	}
	if k := len(st.literals) - 1; k >= 0 && st.literals[k].stop > 0 && st.literals[k].stop == first.Start {
		// A pasted snippet is often several blocks on lines that follow
		// each other (a comment, a <script src>, a <script>): one thing
		// to fix, so one Literal.
		st.literals[k].end, st.literals[k].stop = last.Start, last.Stop
		return
	}
	b := segValue(first, source)
	pos := first.Start + len(b) - len(bytes.TrimLeft(b, " \t")) // up to three spaces may come first
	st.literals = append(st.literals, posLiteral{kind: LiteralHTML, name: htmlName(b), text: literalText(b), pos: pos, end: last.Start, stop: last.Stop})
}
