package importer

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/carepress/carepress/internal/diag"
)

// WXR is a WordPress export (the WXR file of Tools → Export) read into a
// tree of elements. Each <item> (a post, page or attachment) is read on
// its own, so that one malformed item is an error at its line while the
// rest still import.
type WXR struct {
	// Channel holds the export's own elements (title, link, language,
	// wp:author, wp:category, wp:tag), without the items.
	Channel *Elem
	Items   []*Elem
	// Problems are the parts that could not be read, at their lines.
	Problems diag.List
}

// Elem is an XML element: its name as "prefix:local" with WordPress's
// usual prefixes (wp, content, excerpt, dc) whatever the file declares,
// its attributes, its text and its child elements.
type Elem struct {
	Name     string
	Attr     map[string]string
	Text     string
	Children []*Elem
	// Line is where the element starts; TextLine where its text starts.
	Line, TextLine int
}

// Child returns the first child named name, or nil.
func (e *Elem) Child(name string) *Elem {
	if e == nil {
		return nil
	}
	for _, c := range e.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Get returns the text of the first child named name, trimmed.
func (e *Elem) Get(name string) string {
	if c := e.Child(name); c != nil {
		return strings.TrimSpace(c.Text)
	}
	return ""
}

// All returns the children named name.
func (e *Elem) All(name string) []*Elem {
	if e == nil {
		return nil
	}
	var out []*Elem
	for _, c := range e.Children {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

// Limits on one export, so that no file makes the reader hang or fill
// memory: elements nested deeper, or more items, are errors.
const (
	maxXMLDepth = 64
	maxItems    = 200000
)

// ParseWXR reads a WordPress export. file names it in problems. It
// returns an error only when data is no export at all; a malformed part
// is a problem in WXR.Problems, and the rest is read.
func ParseWXR(file string, data []byte) (*WXR, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	root := rootTag(data)
	if root == "" {
		return nil, diag.Errorf(diag.Pos{File: file, Line: 1}, "export the site again with Tools → Export → All content, and give that file",
			"%s is not a WordPress export: it has no <rss> element", file)
	}
	x := &WXR{}
	spans := itemSpans(data)
	if len(spans) > maxItems {
		return nil, diag.Errorf(diag.Pos{File: file, Line: 1}, "split the export (Tools → Export can export posts and pages apart)", "%s has more than %d items", file, maxItems)
	}
	// The channel's own elements: everything outside the items.
	var head bytes.Buffer
	last := 0
	for _, s := range spans {
		head.Write(data[last:s.start])
		// Keep the lines, so that positions stay those of the file.
		head.Write(bytes.Repeat([]byte("\n"), bytes.Count(data[s.start:s.end], []byte("\n"))))
		last = s.end
	}
	head.Write(data[last:])
	ch, err := parseElems(head.Bytes(), "", 1)
	if err != nil {
		x.Problems = append(x.Problems, xmlProblem(file, err, "the export's header is malformed: the site's title, authors and categories may be missing"))
	}
	x.Channel = findElem(ch, "channel")
	if x.Channel == nil {
		x.Channel = &Elem{Name: "channel"}
	}
	for _, s := range spans {
		line := 1 + bytes.Count(data[:s.start], []byte("\n"))
		items, err := parseElems(data[s.start:s.end], root, line)
		if err != nil {
			x.Problems = append(x.Problems, xmlProblem(file, err, "this item was not imported: fix the XML at that line (often a character that is not allowed in XML), or export the site again"))
			continue
		}
		if it := findElem(items, "item"); it != nil {
			x.Items = append(x.Items, it)
		}
	}
	return x, nil
}

type span struct{ start, end int }

// rootTag returns the <rss ...> start tag of data on one line, with its
// namespace declarations, or "" when there is none.
func rootTag(data []byte) string {
	i := bytes.Index(data, []byte("<rss"))
	if i < 0 {
		return ""
	}
	j := bytes.IndexByte(data[i:], '>')
	if j < 0 {
		return ""
	}
	tag := string(data[i : i+j+1])
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, tag)
}

// itemSpans finds each <item>...</item> in data, skipping CDATA sections
// and comments (a post may show XML in its text). An item with no end
// runs to the next item or the end of the file.
func itemSpans(data []byte) []span {
	var out []span
	start := -1
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := data[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			k := bytes.Index(rest, []byte("]]>"))
			if k < 0 {
				i = len(data)
				continue
			}
			i += k + 3
			continue
		case bytes.HasPrefix(rest, []byte("<!--")):
			k := bytes.Index(rest, []byte("-->"))
			if k < 0 {
				i = len(data)
				continue
			}
			i += k + 3
			continue
		case bytes.HasPrefix(rest, []byte("<item>")) || bytes.HasPrefix(rest, []byte("<item ")):
			if start >= 0 {
				out = append(out, span{start, i})
			}
			start = i
		case bytes.HasPrefix(rest, []byte("</item>")):
			if start >= 0 {
				out = append(out, span{start, i + len("</item>")})
				start = -1
			}
		}
		i++
	}
	if start >= 0 {
		end := len(data)
		if k := bytes.Index(data[start:], []byte("</channel>")); k >= 0 {
			end = start + k
		}
		out = append(out, span{start, end})
	}
	return out
}

// parseElems reads data into elements. wrap, when not "", is the root
// start tag to read data inside (for its namespaces); line is the line of
// the file data starts on.
func parseElems(data []byte, wrap string, line int) ([]*Elem, error) {
	var r io.Reader = bytes.NewReader(data)
	if wrap != "" {
		r = io.MultiReader(strings.NewReader(wrap), bytes.NewReader(data), strings.NewReader("</rss>"))
	}
	d := xml.NewDecoder(r)
	d.Strict = true
	d.Entity = xml.HTMLEntity // exports hold &nbsp; and friends outside CDATA
	var roots []*Elem
	var stack []*Elem
	var text []*strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			l, _ := d.InputPos()
			return roots, &posError{line: line + l - 1, err: err}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxXMLDepth {
				l, _ := d.InputPos()
				return roots, &posError{line: line + l - 1, err: errors.New("elements nested too deep")}
			}
			l, _ := d.InputPos()
			e := &Elem{Name: prefixed(t.Name), Line: line + l - 1, TextLine: line + l - 1}
			for _, a := range t.Attr {
				if e.Attr == nil {
					e.Attr = map[string]string{}
				}
				e.Attr[a.Name.Local] = a.Value
			}
			if n := len(stack); n > 0 {
				stack[n-1].Children = append(stack[n-1].Children, e)
			} else {
				roots = append(roots, e)
			}
			stack = append(stack, e)
			text = append(text, &strings.Builder{})
		case xml.EndElement:
			n := len(stack)
			if n == 0 {
				continue
			}
			stack[n-1].Text = text[n-1].String()
			stack, text = stack[:n-1], text[:n-1]
		case xml.CharData:
			if n := len(text); n > 0 {
				text[n-1].Write(t)
			}
		}
	}
	return roots, nil
}

// prefixed names an element by WordPress's usual prefix for its
// namespace, whatever prefix the file declared.
func prefixed(n xml.Name) string {
	s := n.Space
	switch {
	case s == "":
		return n.Local
	case strings.Contains(s, "/excerpt"):
		return "excerpt:" + n.Local
	case strings.Contains(s, "wordpress.org/export"):
		return "wp:" + n.Local
	case strings.Contains(s, "purl.org/rss/1.0/modules/content"):
		return "content:" + n.Local
	case strings.Contains(s, "purl.org/dc/elements"):
		return "dc:" + n.Local
	}
	if !strings.Contains(s, "/") {
		return s + ":" + n.Local // an undeclared prefix: its name
	}
	return n.Local
}

// findElem finds the first element named name, depth first.
func findElem(es []*Elem, name string) *Elem {
	for _, e := range es {
		if e.Name == name {
			return e
		}
		if f := findElem(e.Children, name); f != nil {
			return f
		}
	}
	return nil
}

// posError is an XML error at a line of the file.
type posError struct {
	line int
	err  error
}

func (e *posError) Error() string { return e.err.Error() }

func xmlProblem(file string, err error, hint string) *diag.Error {
	line := 0
	var pe *posError
	if errors.As(err, &pe) {
		line = pe.line
		err = pe.err
	}
	msg := err.Error()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg = se.Msg
	}
	return diag.Errorf(diag.Pos{File: file, Line: line}, hint, "malformed XML: %s", msg)
}

// String is e's name and line, for tests.
func (e *Elem) String() string { return fmt.Sprintf("<%s> at line %d", e.Name, e.Line) }
