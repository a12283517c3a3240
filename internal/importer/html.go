package importer

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/carepress/carepress/internal/safeurl"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLOptions configure HTMLToMarkdown.
type HTMLOptions struct {
	// URL rewrites the address of a link or an image (the old site's own
	// addresses become the new site's paths, an image its local copy). It
	// returns the URL unchanged when it has nothing better.
	URL func(u string, image bool) string
	// Alt, when set, gives the alt text of an image written without one
	// (WordPress keeps it with the attachment), by its src as written.
	Alt func(src string) string
}

// Unconverted is a piece of markup the converter left out of the markdown
// because markdown has nothing for it (a form, a script, an embed of
// another site): listed for a person, never published as text.
type Unconverted struct {
	// Tag is the element ("iframe", "script"), or the shortcode or Liquid
	// tag, as written.
	Tag string
	// Text is how it starts, cut to about 60 bytes.
	Text string
	// Nth counts the elements of this tag before it in the document (0 for
	// the first), so that a caller can find it in the source.
	Nth int
	// Offset, when known (Known), is its byte offset in the input.
	Offset int
	Known  bool
}

// HTMLToMarkdown converts HTML (a WordPress post's content, a block of raw
// HTML in a markdown post) into CommonMark, and lists what it left out.
// Text is escaped so that it reads as it did: no character in it starts
// markup, and the output holds no raw HTML at all.
func HTMLToMarkdown(src string, opts HTMLOptions) (string, []Unconverted) {
	nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, DataAtom: atom.Body, Data: "body"})
	c := &converter{opts: opts, seen: map[string]int{}}
	if err != nil {
		return "", []Unconverted{{Tag: "html", Text: clip(src, 60)}}
	}
	for _, n := range nodes {
		c.block(n)
	}
	c.flush()
	return strings.TrimSpace(c.out.String()) + "\n", c.left
}

// converter writes markdown block by block: inline content collects in
// line until a block ends it.
type converter struct {
	opts HTMLOptions
	out  strings.Builder
	line strings.Builder // the inline text of the block being written
	// prefix is put before every line of a block: "> " in a quote, spaces
	// in a list item.
	prefix string
	// first is the marker of a list item's first line ("- ", "1. "), used
	// once instead of the continuation indent.
	first string
	left  []Unconverted
	seen  map[string]int
	// depth bounds recursion on hostile nesting.
	depth int
	// inLink keeps links out of links.
	inLink bool
	// tight leaves out the blank line before the next block: list items
	// follow each other.
	tight bool
	// last is the prefix of the last block written.
	last string
	// items counts the list items being written, one inside another.
	items int
}

const maxDepth = 200

// leave records an element left out.
func (c *converter) leave(n *html.Node, text string) {
	c.left = append(c.left, Unconverted{Tag: n.Data, Text: clip(text, 60), Nth: c.seen[n.Data] - 1})
}

// flush ends the current block: its inline text becomes a paragraph.
func (c *converter) flush() {
	text := strings.TrimSpace(c.line.String())
	for strings.HasSuffix(text, "\\") {
		// A line break that ends the block breaks nothing.
		text = strings.TrimSpace(strings.TrimSuffix(text, "\\"))
	}
	c.line.Reset()
	if text == "" {
		return
	}
	c.emit(escapeLineStarts(text))
}

// emit writes a block's lines with the current prefix, separated from
// the one before by a blank line.
func (c *converter) emit(block string) {
	if c.out.Len() > 0 && !c.tight {
		c.out.WriteString(strings.TrimRight(c.blankPrefix(), " ") + "\n")
	}
	c.last = c.prefix
	for i, l := range strings.Split(block, "\n") {
		p := c.prefix
		if i == 0 && c.first != "" {
			p = c.prefix[:len(c.prefix)-len(c.first)] + c.first
			c.first = ""
		}
		if l == "" {
			c.out.WriteString(strings.TrimRight(p, " ") + "\n")
			continue
		}
		c.out.WriteString(p + l + "\n")
	}
	c.tight = false
}

// blankPrefix is the prefix of a blank line between blocks: what the
// block before and this one share (a quote's "> " goes on inside the
// quote, not before it).
func (c *converter) blankPrefix() string {
	p := c.prefix
	for !strings.HasPrefix(c.last, p) {
		p = p[:len(p)-1]
	}
	return p
}

var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true, atom.Hr: true, atom.Table: true,
	atom.Figure: true, atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Main: true, atom.Nav: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Address: true, atom.Center: true,
	atom.Details: true, atom.Summary: true, atom.Figcaption: true, atom.Form: true, atom.Iframe: true, atom.Script: true,
	atom.Style: true, atom.Noscript: true, atom.Object: true, atom.Embed: true, atom.Video: true, atom.Audio: true,
}

// dropped are elements whose content is never text for readers.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Form: true, atom.Object: true, atom.Embed: true,
	atom.Template: true, atom.Svg: true, atom.Math: true, atom.Canvas: true, atom.Select: true, atom.Textarea: true,
	atom.Button: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Base: true, atom.Head: true, atom.Title: true,
}

// block writes n, which may be a block or inline node.
func (c *converter) block(n *html.Node) {
	if c.depth > maxDepth {
		return
	}
	c.depth++
	defer func() { c.depth-- }()
	switch n.Type {
	case html.TextNode:
		c.text(n.Data)
		return
	case html.CommentNode:
		if strings.TrimSpace(n.Data) == "more" && c.prefix == "" && c.depth <= 2 {
			// The summary's end, which carepress reads too.
			c.flush()
			c.emit("<!--more-->")
		}
		return // WordPress's block comments: markup of the editor
	case html.DoctypeNode:
		return
	case html.ElementNode:
	default:
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			c.block(ch)
		}
		return
	}
	c.seen[n.Data]++
	if dropped[n.DataAtom] || n.DataAtom == 0 && (n.Data == "svg" || n.Data == "math") {
		if n.DataAtom != atom.Link && n.DataAtom != atom.Meta {
			c.flush()
			c.leave(n, outer(n))
		}
		return
	}
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Aside, atom.Main, atom.Nav,
		atom.Address, atom.Center, atom.Details, atom.Summary, atom.Dl, atom.Dt, atom.Dd:
		if n.DataAtom == atom.Div && hasClass(n, "wp-block-embed__wrapper") {
			c.flush()
			c.embed(strings.TrimSpace(textOf(n)), n)
			return
		}
		c.flush()
		c.children(n)
		c.flush()
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		c.flush()
		level := int(n.Data[1] - '0')
		if level == 1 {
			level = 2 // the page title is the h1
		}
		c.children(n)
		text := strings.TrimSpace(c.line.String())
		c.line.Reset()
		if text != "" {
			c.emit(strings.Repeat("#", level) + " " + strings.ReplaceAll(text, "\\\n", " "))
		}
	case atom.Br:
		c.line.WriteString("\\\n")
	case atom.Hr:
		c.flush()
		c.emit("* * *")
	case atom.Ul, atom.Ol:
		c.flush()
		c.list(n)
	case atom.Li: // outside a list
		c.flush()
		c.children(n)
		c.flush()
	case atom.Blockquote:
		c.flush()
		saved := c.prefix
		c.prefix += "> "
		c.children(n)
		c.flush()
		c.prefix = saved
	case atom.Pre:
		c.flush()
		c.pre(n)
	case atom.Table:
		c.flush()
		c.table(n)
	case atom.Figure:
		c.flush()
		c.figure(n)
	case atom.Figcaption:
		c.flush()
		c.line.WriteString("*")
		c.children(n)
		c.line.WriteString("*")
		c.flush()
	case atom.Img:
		c.image(n, "")
	case atom.A:
		c.link(n)
	case atom.Strong, atom.B:
		c.wrap(n, "**")
	case atom.Em, atom.I, atom.Cite, atom.Dfn:
		c.wrap(n, "*")
	case atom.Del, atom.S, atom.Strike:
		c.wrap(n, "~~")
	case atom.Code, atom.Kbd, atom.Samp, atom.Tt:
		c.code(textOf(n))
	case atom.Iframe, atom.Video, atom.Audio:
		c.flush()
		src := attr(n, "src")
		if src == "" {
			for ch := n.FirstChild; ch != nil && src == ""; ch = ch.NextSibling {
				if ch.Type == html.ElementNode && ch.DataAtom == atom.Source {
					src = attr(ch, "src")
				}
			}
		}
		if !c.embed(src, n) {
			c.leave(n, outer(n))
		}
	default:
		c.children(n) // span, font, u, small, sup, abbr, mark, ins, label...
	}
}

func (c *converter) children(n *html.Node) {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.block(ch)
	}
}

var spaces = regexp.MustCompile(`[ \t\n\r\f]+`)

// text writes text, collapsed and escaped.
func (c *converter) text(s string) {
	s = spaces.ReplaceAllString(s, " ")
	if s == " " && (c.line.Len() == 0 || strings.HasSuffix(c.line.String(), " ") || strings.HasSuffix(c.line.String(), "\n")) {
		return
	}
	if strings.HasSuffix(c.line.String(), "\n") || c.line.Len() == 0 {
		s = strings.TrimLeft(s, " ")
	}
	c.line.WriteString(EscapeText(s))
}

// wrap writes n's content between delimiters, with the spaces at its
// edges outside them (CommonMark does not close "**bold **").
func (c *converter) wrap(n *html.Node, delim string) {
	outer := c.line
	c.line = strings.Builder{}
	c.children(n)
	inner := c.line.String()
	c.line = outer
	trimmed := strings.TrimSpace(inner)
	if trimmed == "" {
		c.line.WriteString(inner)
		return
	}
	if strings.HasPrefix(inner, " ") {
		c.text(" ")
	}
	c.line.WriteString(delim + trimmed + delim)
	if strings.HasSuffix(inner, " ") {
		c.line.WriteString(" ")
	}
}

// code writes an inline code span, with a fence longer than any run of
// backquotes inside it.
func (c *converter) code(s string) {
	s = spaces.ReplaceAllString(s, " ")
	if strings.TrimSpace(s) == "" {
		return
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") {
		s = " " + s + " "
	}
	c.line.WriteString(fence + s + fence)
}

// link writes an anchor: a safe href keeps the link, any other keeps the
// text alone.
func (c *converter) link(n *html.Node) {
	href := strings.TrimSpace(attr(n, "href"))
	if c.inLink || href == "" || strings.HasPrefix(href, "#") && len(href) == 1 {
		c.children(n)
		return
	}
	if c.opts.URL != nil {
		href = c.opts.URL(href, false)
	}
	if href == "" || !safeurl.Safe(href) {
		c.children(n)
		return
	}
	outer := c.line
	c.line = strings.Builder{}
	c.inLink = true
	c.children(n)
	c.inLink = false
	inner := strings.TrimSpace(strings.ReplaceAll(c.line.String(), "\\\n", " "))
	c.line = outer
	if inner == "" {
		return
	}
	title := attr(n, "title")
	c.line.WriteString("[" + inner + "](" + linkDest(href) + linkTitle(title) + ")")
}

// image writes an image; title, when given, is its title.
func (c *converter) image(n *html.Node, title string) {
	src := strings.TrimSpace(attr(n, "src"))
	if src == "" {
		src = attr(n, "data-src")
	}
	if src == "" {
		return
	}
	alt := attr(n, "alt")
	if alt == "" && c.opts.Alt != nil {
		alt = c.opts.Alt(src)
	}
	if c.opts.URL != nil {
		if src = c.opts.URL(src, true); src == "" {
			return // an image that could not be had: the caller lists it
		}
	}
	if !safeurl.Safe(src) || strings.HasPrefix(strings.ToLower(src), "mailto:") || strings.HasPrefix(strings.ToLower(src), "tel:") {
		c.leave(n, outer(n))
		return
	}
	alt = EscapeText(spaces.ReplaceAllString(alt, " "))
	if title == "" {
		title = attr(n, "title")
	}
	c.line.WriteString("![" + strings.TrimSpace(alt) + "](" + linkDest(src) + linkTitle(title) + ")")
}

// figure writes a WordPress figure: an image with its caption as the
// image's title and a line under it, an embed as a link, anything else as
// its content.
func (c *converter) figure(n *html.Node) {
	var img, caption *html.Node
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		for ch := x.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode {
				continue
			}
			switch ch.DataAtom {
			case atom.Img:
				if img == nil {
					img = ch
				}
			case atom.Figcaption:
				caption = ch
			default:
				walk(ch)
			}
		}
	}
	walk(n)
	if img == nil || countTag(n, atom.Img) > 1 || hasClass(n, "wp-block-embed") {
		c.children(n)
		c.flush()
		return
	}
	c.seen["img"]++
	// The image keeps a link around it (to the full size): drop it, the
	// page links the image's own copy.
	c.image(img, "")
	c.flush()
	if caption != nil {
		c.seen["figcaption"]++
		c.line.WriteString("*")
		c.children(caption)
		c.line.WriteString("*")
		c.flush()
	}
}

// embed writes a link to a video or page that the source embedded:
// carepress's pages load nothing from other sites (each embed is a
// tracker), so readers follow a link instead. It reports false when src
// is no web address.
func (c *converter) embed(src string, n *html.Node) bool {
	u := embedURL(src)
	if u == "" {
		return false
	}
	c.flush()
	c.emit("[" + EscapeText(embedLabel(u)) + "](" + linkDest(u) + ")")
	return true
}

// embedURL is the page to link for an embedded src: a YouTube or Vimeo
// player's watch page, or src itself; "" when src is not http(s).
func embedURL(src string) string {
	src = strings.TrimSpace(src)
	if strings.HasPrefix(src, "//") {
		src = "https:" + src
	}
	low := strings.ToLower(src)
	if !strings.HasPrefix(low, "https://") && !strings.HasPrefix(low, "http://") || strings.ContainsAny(src, " \n\t<>\"") {
		return ""
	}
	if m := youtubeEmbed.FindStringSubmatch(src); m != nil {
		return "https://www.youtube.com/watch?v=" + m[1]
	}
	if m := vimeoEmbed.FindStringSubmatch(src); m != nil {
		return "https://vimeo.com/" + m[1]
	}
	return src
}

var (
	youtubeEmbed = regexp.MustCompile(`^https?://(?:www\.)?(?:youtube(?:-nocookie)?\.com/embed/|youtu\.be/|youtube\.com/watch\?v=)([A-Za-z0-9_-]{6,20})`)
	vimeoEmbed   = regexp.MustCompile(`^https?://(?:player\.)?vimeo\.com/(?:video/)?([0-9]{4,12})`)
)

// embedLabel is a link text for an embed.
func embedLabel(u string) string {
	switch {
	case strings.Contains(u, "youtube.com/") || strings.Contains(u, "youtu.be/"):
		return "Watch the video on YouTube"
	case strings.Contains(u, "vimeo.com/"):
		return "Watch the video on Vimeo"
	case strings.Contains(u, "google.com/maps") || strings.Contains(u, "maps.google."):
		return "See the map"
	}
	return u
}

// list writes a ul or ol, its items indented under their markers.
func (c *converter) list(n *html.Node) {
	ordered := n.DataAtom == atom.Ol
	num := 1
	if s, err := strconv.Atoi(attr(n, "start")); err == nil && s >= 0 && s < 1e9 {
		num = s
	}
	saved := c.prefix
	first := true
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != html.ElementNode {
			if ch.Type == html.TextNode && strings.TrimSpace(ch.Data) != "" {
				c.text(ch.Data)
				c.flush()
			}
			continue
		}
		if ch.DataAtom != atom.Li {
			c.block(ch)
			c.flush()
			continue
		}
		c.seen["li"]++
		marker := "- "
		if ordered {
			marker = strconv.Itoa(num) + ". "
			num++
		}
		c.prefix = saved + strings.Repeat(" ", len(marker))
		c.first = marker
		if !first || c.items > 0 {
			// Items follow each other, and a nested list its item's
			// text, without a blank line: a tight list.
			c.tight = true
		}
		first = false
		c.items++
		c.children(ch)
		c.items--
		c.flush()
		if c.first != "" { // an empty item
			c.emit("")
		}
		c.first = ""
	}
	c.prefix = saved
	c.tight = false
}

// pre writes a fenced code block; a class "language-x" (or WordPress's
// "lang:x") names its language.
func (c *converter) pre(n *html.Node) {
	body := textOf(n)
	lang := ""
	for _, x := range []*html.Node{n, n.FirstChild} {
		if x == nil || x.Type != html.ElementNode {
			continue
		}
		for _, cl := range strings.Fields(attr(x, "class")) {
			for _, p := range []string{"language-", "lang-", "lang:", "brush:"} {
				if v, ok := strings.CutPrefix(cl, p); ok && lang == "" {
					lang = v
				}
			}
		}
	}
	if !validLang(lang) {
		lang = ""
	}
	c.emit(fence(strings.TrimRight(strings.TrimPrefix(body, "\n"), "\n "), lang))
}

// fence is a fenced code block of body, with a fence longer than any run
// of backquotes in it.
func fence(body, lang string) string {
	f := "```"
	for strings.Contains(body, f) {
		f += "`"
	}
	return f + lang + "\n" + body + "\n" + f
}

func validLang(s string) bool {
	if s == "" || len(s) > 30 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '+' || r == '_' || r == '#') {
			return false
		}
	}
	return true
}

// table writes a GFM table when every cell is a line of inline text;
// anything else is written cell by cell as paragraphs. Each cell is
// converted once: a table nested in a cell must not be read again at
// each level.
func (c *converter) table(n *html.Node) {
	var rows [][]*html.Node
	simple := true
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		for ch := x.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode {
				continue
			}
			switch ch.DataAtom {
			case atom.Tr:
				var row []*html.Node
				for cell := ch.FirstChild; cell != nil; cell = cell.NextSibling {
					if cell.Type == html.ElementNode && (cell.DataAtom == atom.Td || cell.DataAtom == atom.Th) {
						row = append(row, cell)
						if simple && hasBlock(cell) {
							simple = false
						}
					}
				}
				rows = append(rows, row)
			case atom.Caption, atom.Table:
			default:
				walk(ch)
			}
		}
	}
	walk(n)
	if !simple {
		c.children(n)
		c.flush()
		return
	}
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	var b strings.Builder
	line := func(r []*html.Node) {
		b.WriteString("|")
		for i := range cols {
			v := ""
			if i < len(r) {
				sub := &converter{opts: c.opts, seen: c.seen, depth: c.depth}
				sub.children(r[i])
				c.left = append(c.left, sub.left...)
				v = strings.TrimSpace(strings.ReplaceAll(sub.line.String(), "\\\n", " "))
				v = strings.ReplaceAll(v, "|", "\\|")
			}
			b.WriteString(" " + v + " |")
		}
		b.WriteString("\n")
	}
	line(rows[0])
	b.WriteString("|" + strings.Repeat(" --- |", cols) + "\n")
	for _, r := range rows[1:] {
		line(r)
	}
	c.emit(strings.TrimSuffix(b.String(), "\n"))
}

// hasBlock reports whether n holds a block element.
func hasBlock(n *html.Node) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && (blockTags[ch.DataAtom] && ch.DataAtom != atom.P || hasBlock(ch)) {
			return true
		}
	}
	return false
}

func countTag(n *html.Node, a atom.Atom) int {
	k := 0
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && ch.DataAtom == a {
			k++
		}
		k += countTag(ch, a)
	}
	return k
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, cl := range strings.Fields(attr(n, "class")) {
		if cl == class {
			return true
		}
	}
	return false
}

// textOf is the text inside n, as it is.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.TextNode {
			b.WriteString(x.Data)
		}
		if x.Type == html.ElementNode && x.DataAtom == atom.Br {
			b.WriteString("\n")
		}
		for ch := x.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return b.String()
}

// outer is n as HTML, for the list of what was left out.
func outer(n *html.Node) string {
	var b strings.Builder
	if err := html.Render(&b, n); err != nil {
		return "<" + n.Data + ">"
	}
	return b.String()
}

// EscapeText escapes s so that markdown shows it as it is: the characters
// that start emphasis, links, code, HTML, entities and other generators'
// template tags get a backslash, and < becomes &lt;, so that no text
// ever reads as an HTML tag.
func EscapeText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch ch {
		case '\\', '`', '*', '_', '[', ']':
			b.WriteByte('\\')
			b.WriteByte(ch)
		case '<':
			b.WriteString("&lt;")
		case '&':
			if entityAt(s[i:]) {
				b.WriteString("&amp;")
			} else {
				b.WriteByte('&')
			}
		case '{':
			if i+1 < len(s) && (s[i+1] == '{' || s[i+1] == '%' || s[i+1] == ':') {
				b.WriteString("\\{")
			} else {
				b.WriteByte(ch)
			}
		case '~':
			if i+1 < len(s) && s[i+1] == '~' {
				b.WriteString("\\~")
			} else {
				b.WriteByte(ch)
			}
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

var entity = regexp.MustCompile(`^&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{0,31});`)

func entityAt(s string) bool { return entity.MatchString(s) }

var lineStart = regexp.MustCompile(`^(\s*)([#>+=|-]|[0-9]+[.)])`)

// escapeLineStarts escapes what would start a block at the beginning of
// a line of a paragraph: a heading, a quote, a list item, a rule.
func escapeLineStarts(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		l = strings.TrimLeft(l, " ")
		if m := lineStart.FindStringSubmatchIndex(l); m != nil {
			mark := l[m[4]:m[5]]
			if len(mark) > 1 { // "12." → "12\."
				l = l[:m[5]-1] + "\\" + l[m[5]-1:]
			} else {
				l = "\\" + l
			}
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// linkDest writes a link destination: in angle brackets when it holds a
// space or parenthesis, which would end it.
func linkDest(u string) string {
	if strings.ContainsAny(u, " ()<>\n") {
		r := strings.NewReplacer("<", "%3C", ">", "%3E", "\n", "", " ", "%20")
		return "<" + r.Replace(u) + ">"
	}
	return u
}

// linkTitle writes a link title, quoted.
func linkTitle(t string) string {
	t = strings.TrimSpace(spaces.ReplaceAllString(t, " "))
	if t == "" {
		return ""
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "<", "&lt;", "&", "&amp;")
	return ` "` + r.Replace(t) + `"`
}

// clip cuts s to about n bytes on one line, at a UTF-8 boundary.
func clip(s string, n int) string {
	s = strings.TrimSpace(spaces.ReplaceAllString(s, " "))
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xc0 == 0x80 {
		cut--
	}
	return strings.TrimSpace(s[:cut]) + "…"
}
