package check

import (
	"github.com/carepress/carepress/internal/check/rules"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/markdown"
)

// markupRules report what a page will show as text although its author
// meant it as markup (see rules.Markup).
var markupRules = rules.Markup

// runMarkup reports each file's literals.
func (c *checker) runMarkup() {
	for _, f := range c.files {
		if f.Doc == nil {
			continue
		}
		for _, l := range f.Doc.Literals {
			rule := "markup/template"
			if l.Kind == markdown.LiteralHTML {
				rule = "markup/raw-html"
			}
			msg, hint := l.Describe()
			c.report(rule, bodyLine(f, l.Line, l.Col), hint, "%s", msg)
		}
	}
}

// escapedTrackers reports the trackers pasted into f's markdown as raw
// HTML while raw HTML is off. They track no one yet: readers see their
// code as text. But the snippet was meant to run, and turning raw HTML on
// for anything else would set it off, so it is reported like a tracker
// in a template.
func (c *checker) escapedTrackers(f *content.File) {
	if f.Doc == nil {
		return
	}
	var src []byte
	found := map[string]bool{} // each tracker once a file, as in a template
	for _, l := range f.Doc.Literals {
		if l.Kind != markdown.LiteralHTML {
			continue
		}
		if src == nil {
			b, err := f.Markdown()
			if err != nil {
				c.unreadable(f, err)
				return
			}
			src = b
		}
		start, end := lineRange(src, l.Line, l.EndLine)
		if start < 0 {
			continue
		}
		t := newTextFile(f.Path, string(src[start:end]), f.BodyLine+l.Line-1)
		for _, tr := range trackers {
			if found[tr.name] {
				continue
			}
			if m := tr.re.FindStringIndex(t.text); m != nil {
				found[tr.name] = true
				c.report("privacy/tracker", t.pos(m[0]), "remove it: readers see its code as text now, and with raw HTML on it would tell a third party who reads about which condition",
					"markdown holds the tracking code of %s, shown to readers as text", tr.name)
			}
		}
	}
}

// lineRange is the byte range of lines first to last (from 1) of src, or
// -1 when first is past its end.
func lineRange(src []byte, first, last int) (start, end int) {
	line := 1
	start = -1
	for i := 0; i <= len(src); i++ {
		if line == first && start < 0 {
			start = i
		}
		if i == len(src) || src[i] == '\n' {
			if line == last {
				if start < 0 {
					return -1, -1
				}
				return start, i
			}
			line++
		}
	}
	if start < 0 {
		return -1, -1
	}
	return start, len(src)
}
