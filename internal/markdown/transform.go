package markdown

import (
	"bytes"
	"sort"
	"strconv"
	"strings"

	"github.com/carepress/carepress/internal/safeurl"
	"github.com/carepress/carepress/internal/slug"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// stateKey carries a Convert call's state into the transformer, which is
// shared by all calls and so must hold none itself.
var stateKey = parser.NewContextKey()

// state is what the transformer learns about one document.
type state struct {
	basePath []byte

	headings []heading
	links    []posURL
	images   []posImage
	dropped  []posURL
	// imageSrc is each kept image's source as written, before rebase, for
	// the image renderer's resolver.
	imageSrc map[ast.Node]string

	marker      bool     // a top-level <!--more--> was found
	summaryLast ast.Node // the node before it; nil when it comes first

	// unsafe is Options.Unsafe: raw HTML is a Literal when it is off.
	unsafe bool
	// braces is whether the source holds "{{", "{%" or "{:" at all; only
	// then is text read for template tags.
	braces   bool
	literals []posLiteral
	// htmlIn is the block whose inline raw HTML was last recorded.
	htmlIn ast.Node
}

type heading struct {
	level    int
	id, text string
	pos      int
}

// posURL is a URL with its byte offset in the source, turned into a line
// and column only once all are known.
type posURL struct {
	url string
	pos int
}

type posImage struct {
	src, alt, title string
	pos             int
}

// transformer makes the parsed document safe and records what Doc reports.
// It changes the tree only after walking it, since goldmark's Walk does not
// allow removing nodes under it.
type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*state)
	if st == nil {
		st = &state{}
	}
	source := reader.Source()
	var (
		unwrap []ast.Node // unsafe links: keep the text, lose the link
		remove []ast.Node // unsafe images and more markers
		heads  []*ast.Heading
		inAlt  int // inside an image, where links render as alt text only
	)
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if node.Kind() == ast.KindImage {
				inAlt--
			}
			return ast.WalkContinue, nil
		}
		if node.Attributes() != nil {
			keepAttributes(node)
		}
		switch n := node.(type) {
		case *ast.Heading:
			heads = append(heads, n)
		case *ast.Text:
			if st.braces {
				st.textTemplates(n, source)
			}
		case *ast.CodeSpan:
			return ast.WalkSkipChildren, nil // code shows template syntax on purpose
		case *ast.Link:
			if st.braces {
				st.templates(n.Destination, n.Pos(), true)
			}
			dest := resolveURL(n.Destination)
			if !safeurl.Safe(dest) {
				unwrap = append(unwrap, n)
				st.dropped = append(st.dropped, posURL{string(dest), n.Pos()})
				return ast.WalkContinue, nil
			}
			if inAlt == 0 {
				st.links = append(st.links, posURL{string(dest), n.Pos()})
			}
			n.Destination = st.rebase(n.Destination, dest)
		case *ast.AutoLink:
			url := autoLinkURL(n, source)
			pos := autoLinkPos(n, source)
			if !safeurl.Safe(url) {
				unwrap = append(unwrap, n)
				st.dropped = append(st.dropped, posURL{string(url), pos})
				return ast.WalkContinue, nil
			}
			if inAlt == 0 {
				st.links = append(st.links, posURL{string(url), pos})
			}
		case *ast.Image:
			inAlt++
			if st.braces {
				st.templates(n.Destination, n.Pos(), true)
			}
			dest := resolveURL(n.Destination)
			if !safeurl.Safe(dest) {
				remove = append(remove, n)
				st.dropped = append(st.dropped, posURL{string(dest), n.Pos()})
				return ast.WalkSkipChildren, nil
			}
			if inAlt == 1 {
				st.images = append(st.images, posImage{
					src:   string(dest),
					alt:   plainText(n, source),
					title: string(resolveURL(n.Title)),
					pos:   n.Pos(),
				})
			}
			if st.imageSrc == nil {
				st.imageSrc = map[ast.Node]string{}
			}
			st.imageSrc[n] = string(dest)
			n.Destination = st.rebase(n.Destination, dest)
		case *ast.HTMLBlock:
			if isMoreBlock(n, source) {
				remove = append(remove, n)
				if !st.marker && n.Parent() == doc {
					st.marker = true
					st.summaryLast = n.PreviousSibling()
				}
			} else if !st.unsafe {
				st.htmlBlock(n, source)
			} else if st.braces {
				lines := n.Lines()
				for i := range lines.Len() {
					st.templates(segValue(lines.At(i), source), lines.At(i).Start, false)
				}
			}
		case *ast.RawHTML:
			switch {
			case isMore(rawHTMLBytes(n, source)):
				remove = append(remove, n)
			case !st.unsafe:
				st.rawHTML(n, source)
			case st.braces:
				for i := range n.Segments.Len() {
					st.templates(segValue(n.Segments.At(i), source), n.Segments.At(i).Start, false)
				}
			}
		case *extast.TableCell:
			if c := alignClass[n.Alignment]; c != nil {
				n.SetAttributeString("class", c)
			}
		}
		return ast.WalkContinue, nil
	})

	for _, n := range unwrap {
		parent := n.Parent()
		if l, ok := n.(*ast.AutoLink); ok {
			s := ast.NewString(l.Label(source))
			s.SetRaw(true) // the label is literal text, as in an autolink
			parent.ReplaceChild(parent, n, s)
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	for _, n := range remove {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	st.headings = headingIDs(heads, source)
}

// alignClass replaces goldmark's inline text-align style, which a strict
// Content-Security-Policy would block.
var alignClass = map[extast.Alignment][]byte{
	extast.AlignLeft:   []byte("align-left"),
	extast.AlignCenter: []byte("align-center"),
	extast.AlignRight:  []byte("align-right"),
}

// keepAttributes drops every attribute but id and class. goldmark lets
// "{style=... onclick=...}" through on headings otherwise.
func keepAttributes(n ast.Node) {
	attrs := n.Attributes()
	clean := true
	for _, a := range attrs {
		if !allowedAttr(a.Name) {
			clean = false
			break
		}
	}
	if clean {
		return
	}
	n.RemoveAttributes()
	for _, a := range attrs {
		if allowedAttr(a.Name) {
			n.SetAttribute(a.Name, a.Value)
		}
	}
}

func allowedAttr(name []byte) bool {
	return string(name) == "id" || string(name) == "class"
}

// headingIDs gives every heading an id unique in the document. Ids the
// author wrote are placed first, so that an automatic id never takes one
// an author chose (and perhaps links to) further down.
func headingIDs(heads []*ast.Heading, source []byte) []heading {
	out := make([]heading, len(heads))
	used := make(map[string]bool, len(heads))
	next := make(map[string]int) // last suffix tried per base, so many equal headings stay linear
	unique := func(base string) string {
		id := base
		for i := next[base]; used[id]; {
			i++
			id = base + "-" + strconv.Itoa(i)
			next[base] = i
		}
		used[id] = true
		return id
	}
	for i, h := range heads {
		out[i] = heading{level: h.Level, text: plainText(h, source), pos: blockPos(h)}
		if v, ok := h.AttributeString("id"); ok {
			if id := attrString(v); id != "" {
				out[i].id = unique(id)
				h.SetAttributeString("id", []byte(out[i].id))
			}
		}
	}
	for i, h := range heads {
		if out[i].id != "" {
			continue
		}
		base := slug.Make(out[i].text)
		if base == "" {
			base = "section" // a heading of symbols, or of a script with no ASCII form
		}
		out[i].id = unique(base)
		h.SetAttributeString("id", []byte(out[i].id))
	}
	return out
}

func attrString(v any) string {
	switch v := v.(type) {
	case []byte:
		return strings.TrimSpace(string(v))
	case string:
		return strings.TrimSpace(v)
	}
	return ""
}

// blockPos is the offset of a block's first line; goldmark does not set a
// position on every kind of block.
func blockPos(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	if l := n.Lines(); l != nil && l.Len() > 0 {
		return l.At(0).Start
	}
	return -1
}

// resolveURL undoes backslash escapes and character references the way
// goldmark's renderer does before writing a URL, so the safety check sees
// what a browser will.
func resolveURL(v []byte) []byte {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return v
	}
	return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
}

func autoLinkURL(n *ast.AutoLink, source []byte) []byte {
	url := n.URL(source)
	if n.AutoLinkType == ast.AutoLinkEmail && !hasPrefixFold(url, "mailto:") {
		return append([]byte("mailto:"), url...)
	}
	return url
}

// autoLinkPos is where the autolink starts. Linkify records the character
// before a URL that follows a space or "(" as the start, so step over it.
func autoLinkPos(n *ast.AutoLink, source []byte) int {
	p := n.Pos()
	if p < 0 || p >= len(source) {
		return p
	}
	if strings.IndexByte(" *_~(", source[p]) >= 0 && bytes.HasPrefix(source[p+1:], n.Label(source)) {
		return p + 1
	}
	return p
}

// rebase prefixes the base path to a root-relative URL. raw is the
// destination as parsed and resolved its meaning; the prefix goes on raw so
// goldmark's renderer still resolves it the same way.
func (st *state) rebase(raw, resolved []byte) []byte {
	if st.basePath == nil || !rootRelative(resolved) {
		return raw
	}
	out := make([]byte, 0, len(st.basePath)+len(raw))
	return append(append(out, st.basePath...), raw...)
}

// rootRelative reports whether u is a path from the host root. "//host" and
// "/\host" are scheme-relative URLs to another host, not paths.
func rootRelative(u []byte) bool {
	return len(u) > 0 && u[0] == '/' && (len(u) == 1 || (u[1] != '/' && u[1] != '\\'))
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// isMoreBlock reports whether an HTML block is a more marker alone.
func isMoreBlock(n *ast.HTMLBlock, source []byte) bool {
	var b []byte
	lines := n.Lines()
	for i := range lines.Len() {
		b = append(b, segValue(lines.At(i), source)...)
	}
	if n.HasClosure() {
		b = append(b, n.ClosureLine.Value(source)...)
	}
	return isMore(b)
}

func rawHTMLBytes(n *ast.RawHTML, source []byte) []byte {
	if n.Segments.Len() == 1 {
		return segValue(n.Segments.At(0), source)
	}
	var b []byte
	for i := range n.Segments.Len() {
		b = append(b, segValue(n.Segments.At(i), source)...)
	}
	return b
}

// isMore reports whether b is "<!--more-->", allowing spaces around it and
// inside the comment and any letter case, as authors type it.
func isMore(b []byte) bool {
	b = bytes.TrimSpace(b)
	if !bytes.HasPrefix(b, []byte("<!--")) || !bytes.HasSuffix(b, []byte("-->")) || len(b) < 7 {
		return false
	}
	return strings.EqualFold(string(bytes.TrimSpace(b[4:len(b)-3])), "more")
}

// summaryRange returns the top-level nodes that make up the summary, and
// whether anything but footnotes follows them.
func (st *state) summaryRange(root ast.Node) (first, last ast.Node, more bool) {
	var after ast.Node
	switch {
	case st.marker && st.summaryLast != nil:
		first, last = root.FirstChild(), st.summaryLast
		after = last.NextSibling()
	case st.marker:
		after = root.FirstChild()
	default:
		for n := root.FirstChild(); n != nil; n = n.NextSibling() {
			if n.Kind() == ast.KindParagraph {
				first, last = n, n
				break
			}
		}
		if last != nil {
			after = last.NextSibling()
		} else {
			after = root.FirstChild()
		}
	}
	for n := after; n != nil; n = n.NextSibling() {
		if n.Kind() != extast.KindFootnoteList {
			return first, last, true
		}
	}
	return first, last, false
}

// fill copies what the transformer found into doc, with offsets turned
// into lines and columns.
func (st *state) fill(doc *Doc, src []byte) {
	var nl []int // offsets of '\n', built only if something has a position
	lineCol := func(off int) (int, int) {
		if off < 0 {
			return 0, 0
		}
		if nl == nil {
			nl = make([]int, 0, bytes.Count(src, []byte{'\n'})+1)
			for i, c := range src {
				if c == '\n' {
					nl = append(nl, i)
				}
			}
		}
		i := sort.SearchInts(nl, off) // newlines before off
		start := 0
		if i > 0 {
			start = nl[i-1] + 1
		}
		return i + 1, off - start + 1
	}
	for _, h := range st.headings {
		line, _ := lineCol(h.pos)
		doc.TOC = append(doc.TOC, Heading{Level: h.level, ID: h.id, Text: h.text, Line: line})
		if h.level == 1 {
			doc.H1Count++
		}
	}
	for _, l := range st.links {
		line, col := lineCol(l.pos)
		doc.Links = append(doc.Links, Link{URL: l.url, Line: line, Col: col})
	}
	for _, im := range st.images {
		line, col := lineCol(im.pos)
		doc.Images = append(doc.Images, Image{Src: im.src, Alt: im.alt, Title: im.title, Line: line, Col: col})
	}
	for _, l := range st.dropped {
		line, col := lineCol(l.pos)
		doc.Dropped = append(doc.Dropped, Link{URL: l.url, Line: line, Col: col})
	}
	sort.SliceStable(st.literals, func(i, j int) bool { return st.literals[i].pos < st.literals[j].pos })
	for _, l := range st.literals {
		line, col := lineCol(l.pos)
		end, _ := lineCol(l.end)
		doc.Literals = append(doc.Literals, Literal{Kind: l.kind, Name: l.name, Text: l.text, Line: line, Col: col, EndLine: max(end, line)})
	}
}

// segValue exists because Segment.Value has a pointer receiver and At
// returns a value.
func segValue(s text.Segment, source []byte) []byte { return s.Value(source) }
