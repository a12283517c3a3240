package importer

import (
	"bytes"
	"regexp"
	"sort"
	"strings"

	"github.com/carepress/carepress/internal/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// leftAt is markup a template converter left out, at a byte offset of
// the body it read.
type leftAt struct {
	off        int
	what, text string
}

// markdownBody is the body of a Hugo or Jekyll page made carepress's:
// the generator's template tags converted (templates), links and images
// rewritten, and raw HTML turned into markdown. What is left out is
// listed at its line of file; the body starts on line bodyLine.
func markdownBody(body, file string, bodyLine int, rewrite Rewrite, templates func(string) (string, []leftAt)) (string, []Left) {
	var left []Left
	at := func(s string, off int) diag.Pos {
		return diag.Pos{File: file, Line: bodyLine + strings.Count(s[:min(off, len(s))], "\n")}
	}
	if templates != nil {
		var la []leftAt
		orig := body
		body, la = templates(body)
		for _, l := range la {
			left = append(left, Left{Pos: at(orig, l.off), What: l.what, Text: l.text})
		}
	}
	body = rewriteLinks(body, rewrite)
	body, hl := rawHTMLBlocks(body, rewrite)
	for _, l := range hl {
		left = append(left, Left{Pos: at(body, l.off), What: l.what, Text: l.text})
	}
	body, hl = stripRawHTML(body)
	for _, l := range hl {
		left = append(left, Left{Pos: at(body, l.off), What: l.what, Text: l.text})
	}
	return body, left
}

// stripRawHTML takes out the raw HTML that rawHTMLBlocks could not
// convert (inside a quote, a list or a table), and lists it: carepress
// would show it as escaped text. What taking it out leaves behind is
// read again; should markup still remain, every < outside code is
// written as an entity.
func stripRawHTML(src string) (string, []leftAt) {
	var left []leftAt
	for range 4 {
		source := []byte(src)
		doc := mdParser.Parser().Parse(text.NewReader(source))
		type cut struct{ start, stop int }
		var cuts []cut
		ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch n.Kind() {
			case ast.KindRawHTML:
				segs := n.(*ast.RawHTML).Segments
				for i := 0; i < segs.Len(); i++ {
					cuts = append(cuts, cut{segs.At(i).Start, segs.At(i).Stop})
				}
			case ast.KindHTMLBlock:
				hb := n.(*ast.HTMLBlock)
				var all []byte
				for i := 0; i < hb.Lines().Len(); i++ {
					seg := hb.Lines().At(i)
					all = append(all, seg.Value(source)...)
					cuts = append(cuts, cut{seg.Start, seg.Stop})
				}
				if hb.HasClosure() {
					cuts = append(cuts, cut{hb.ClosureLine.Start, hb.ClosureLine.Stop})
				}
				if isMoreLine(all) {
					cuts = cuts[:len(cuts)-hb.Lines().Len()-btoi(hb.HasClosure())]
				}
			}
			return ast.WalkContinue, nil
		})
		if len(cuts) == 0 {
			return src, left
		}
		sort.Slice(cuts, func(i, j int) bool { return cuts[i].start < cuts[j].start })
		var b strings.Builder
		last := 0
		for _, c := range cuts {
			if c.start < last {
				continue
			}
			left = append(left, leftAt{off: c.start, what: "raw HTML", text: clip(src[c.start:c.stop], 60)})
			b.WriteString(src[last:c.start])
			if strings.HasSuffix(src[c.start:c.stop], "\n") {
				b.WriteString("\n")
			}
			last = c.stop
		}
		b.WriteString(src[last:])
		src = b.String()
	}
	return scanCode(src, func(s string, _ int) string { return strings.ReplaceAll(s, "<", "&lt;") }), left
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// mdParser parses as carepress's converter does (CommonMark, GFM and
// footnotes), to find the blocks that hold raw HTML.
var mdParser = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Footnote),
	goldmark.WithRendererOptions(html.WithUnsafe()),
)

// rawHTMLBlocks converts the top-level blocks of src that hold raw HTML
// (an HTML block, or a paragraph with inline tags) into markdown, through
// HTML: carepress escapes raw HTML, so it would be shown as text. A
// <!--more--> line, carepress's summary marker, stays.
func rawHTMLBlocks(src string, rewrite Rewrite) (string, []leftAt) {
	if !strings.Contains(src, "<") {
		return src, nil
	}
	source := []byte(src)
	doc := mdParser.Parser().Parse(text.NewReader(source))
	type repl struct {
		start, stop int
		md          string
	}
	var repls []repl
	var left []leftAt
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		var raw []byte
		start, stop := -1, -1
		switch n.Kind() {
		case ast.KindHTMLBlock:
			hb := n.(*ast.HTMLBlock)
			lines := hb.Lines()
			if lines.Len() == 0 {
				continue
			}
			start, stop = lines.At(0).Start, lines.At(lines.Len()-1).Stop
			if hb.HasClosure() {
				stop = hb.ClosureLine.Stop
			}
			raw = source[start:stop]
			if isMoreLine(raw) {
				continue
			}
		case ast.KindParagraph:
			if !hasRawHTML(n) {
				continue
			}
			lines := n.Lines()
			if lines.Len() == 0 {
				continue
			}
			start, stop = lines.At(0).Start, lines.At(lines.Len()-1).Stop
			var buf bytes.Buffer
			if err := mdParser.Convert(source[start:stop], &buf); err != nil {
				continue
			}
			raw = buf.Bytes()
		default:
			continue
		}
		md, un := HTMLToMarkdown(string(raw), HTMLOptions{URL: rewrite})
		for _, u := range un {
			left = append(left, leftAt{off: start, what: "HTML <" + u.Tag + ">", text: u.Text})
		}
		md = strings.TrimRight(md, "\n")
		if stop > 0 && source[stop-1] == '\n' {
			md += "\n"
		}
		repls = append(repls, repl{start, stop, md})
	}
	if len(repls) == 0 {
		return src, nil
	}
	var b strings.Builder
	last := 0
	for _, r := range repls {
		b.WriteString(src[last:r.start])
		b.WriteString(r.md)
		last = r.stop
	}
	b.WriteString(src[last:])
	return b.String(), left
}

func hasRawHTML(n ast.Node) bool {
	found := false
	ast.Walk(n, func(x ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && x.Kind() == ast.KindRawHTML {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

var moreLine = regexp.MustCompile(`^\s*<!--\s*more\s*-->\s*$`)

func isMoreLine(b []byte) bool { return moreLine.Match(bytes.TrimSpace(b)) }

var refDef = regexp.MustCompile(`^( {0,3}\[[^\]]+\]:[ \t]*)(<[^>]*>|\S+)(.*)$`)

// rewriteLinks rewrites the destinations of src's inline links and
// images, and of its link reference definitions, with rewrite; code
// blocks and code spans are left as they are. An image that rewrite
// returns "" for is taken out; a link, keeps its text.
func rewriteLinks(src string, rewrite Rewrite) string {
	if rewrite == nil {
		return src
	}
	lines := strings.SplitAfter(src, "\n")
	fence := ""
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if fence != "" {
			if strings.HasPrefix(strings.TrimRight(t, "\n "), fence) && strings.Trim(strings.TrimRight(t, "\n "), fence[:1]) == "" {
				fence = ""
			}
			continue
		}
		if f := fenceOpen(t); f != "" && len(l)-len(t) < 4 {
			fence = f
			continue
		}
		if m := refDef.FindStringSubmatch(strings.TrimRight(l, "\n")); m != nil {
			dest := strings.Trim(m[2], "<>")
			nl := ""
			if strings.HasSuffix(l, "\n") {
				nl = "\n"
			}
			if nd := rewrite(dest, isImagePath(dest)); nd != "" {
				lines[i] = m[1] + linkDest(nd) + m[3] + nl
			}
			continue
		}
		lines[i] = rewriteLine(l, rewrite)
	}
	return strings.Join(lines, "")
}

// fenceOpen returns the fence a line opens (``` or ~~~, perhaps longer).
func fenceOpen(t string) string {
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(t) && t[n] == c {
			n++
		}
		if n >= 3 {
			return t[:n]
		}
	}
	return ""
}

// rewriteLine rewrites the links and images of one line.
func rewriteLine(l string, rewrite Rewrite) string {
	var b strings.Builder
	for i := 0; i < len(l); {
		c := l[i]
		switch {
		case c == '\\' && i+1 < len(l):
			b.WriteString(l[i : i+2])
			i += 2
			continue
		case c == '`':
			n := 0
			for i+n < len(l) && l[i+n] == '`' {
				n++
			}
			run := l[i : i+n]
			if k := strings.Index(l[i+n:], run); k >= 0 {
				b.WriteString(l[i : i+n+k+n])
				i += n + k + n
				continue
			}
			b.WriteString(run)
			i += n
			continue
		case c == '[':
			image := i > 0 && l[i-1] == '!'
			if end, txt, dest, title, ok := parseLink(l, i); ok {
				inner := rewriteLine(txt, rewrite)
				nd := rewrite(dest, image)
				switch {
				case nd == "" && image:
					s := b.String()
					b.Reset()
					b.WriteString(strings.TrimSuffix(s, "!"))
				case nd == "":
					b.WriteString(inner)
				default:
					b.WriteString("[" + inner + "](" + linkDest(nd) + title + ")")
				}
				i = end
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// parseLink reads an inline link at l[i] ('['): its end, its text, its
// destination and its title as written (with its leading space).
func parseLink(l string, i int) (end int, txt, dest, title string, ok bool) {
	depth := 0
	j := i
	for ; j < len(l); j++ {
		switch l[j] {
		case '\\':
			j++
		case '[':
			depth++
		case ']':
			depth--
		}
		if depth == 0 {
			break
		}
	}
	if j >= len(l) || j+1 >= len(l) || l[j+1] != '(' {
		return 0, "", "", "", false
	}
	txt = l[i+1 : j]
	k := j + 2
	for k < len(l) && l[k] == ' ' {
		k++
	}
	ds := k
	if k < len(l) && l[k] == '<' {
		e := strings.IndexByte(l[k:], '>')
		if e < 0 {
			return 0, "", "", "", false
		}
		dest = l[k+1 : k+e]
		k += e + 1
	} else {
		paren := 0
		for k < len(l) && l[k] != ' ' && l[k] != '\n' {
			if l[k] == '(' {
				paren++
			} else if l[k] == ')' {
				if paren == 0 {
					break
				}
				paren--
			}
			k++
		}
		dest = l[ds:k]
	}
	ts := k
	if e := strings.IndexByte(l[k:], ')'); e >= 0 {
		// A title: "..." or '...' before the closing parenthesis.
		t := strings.TrimSpace(l[ts : k+e])
		if t != "" && !(len(t) >= 2 && (t[0] == '"' || t[0] == '\'' || t[0] == '(') && (t[len(t)-1] == '"' || t[len(t)-1] == '\'' || t[len(t)-1] == ')')) {
			return 0, "", "", "", false
		}
		if t != "" {
			title = " " + t
		}
		return k + e + 1, txt, dest, title, true
	}
	return 0, "", "", "", false
}
