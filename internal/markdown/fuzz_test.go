package markdown

import (
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzConvert checks the safety promises on any input: no panic, and in
// safe mode only tags markdown itself produces, no style or event handler
// attributes, and no href or src with a scheme outside the allowlist.
func FuzzConvert(f *testing.F) {
	seeds := []string{
		"", "# x", "<script>alert(1)</script>", "a <img src=x onerror=alert(1)>",
		"[x](javascript:alert(1))", "[x](java&#09;script:1)", "[x](&#x6A;avascript:1)",
		"![x](data:image/png;base64,AA)", "<vbscript:x>", "[x][r]\n\n[r]: JAVASCRIPT:1",
		"## h {style=\"color:red\" onclick=x}", "| a |\n|:-:|\n| b |",
		"x[^1]\n\n[^1]: y", "<!--more-->", "a\n<!--more-->\nb", "<!-- more",
		"www.example.com/<script>", "<https://x.test/\"onmouseover=\"alert(1)>",
		"[x](<java\\\nscript:1>)", "\x00<\x00script>", "`<script>`", "    <script>",
		"<div>\n<style>*{}</style>\n</div>", "[a](/b \"t\\\" style=\\\"x\")",
		"{{< figure src=\"x\" >}}", "{{<b>}}", "{% post_url x %}", "![x]({{a.b}}/c)", "{{ \"x\" | y }}",
		"\r\n<div>\r\n{{ é }}", "{{% n %}}\n\n    {{ a }}\n", "{:toc}", "## x {: #y}",
	}
	files, _ := filepath.Glob("testdata/*.md")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			seeds = append(seeds, string(b))
		}
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	safe := New(Options{BasePath: "/clinic"})
	unsafe := New(Options{Unsafe: true})
	f.Fuzz(func(t *testing.T, src []byte) {
		udoc, err := unsafe.Convert(src)
		if err != nil {
			t.Fatalf("unsafe Convert: %v", err)
		}
		doc, err := safe.Convert(src)
		if err != nil {
			t.Fatalf("Convert: %v", err)
		}
		checkLiterals(t, src, doc.Literals)
		checkLiterals(t, src, udoc.Literals)
		for _, l := range udoc.Literals {
			if l.Kind == LiteralHTML {
				t.Fatalf("raw HTML reported as shown with Unsafe: %+v", l)
			}
		}
		for _, out := range [][]byte{doc.HTML, []byte(doc.Summary)} {
			if msg := checkSafeHTML(string(out)); msg != "" {
				t.Fatalf("%s\ninput: %q\noutput:\n%s", msg, src, out)
			}
		}
		if doc.WordCount > 0 && doc.ReadingMinutes < 1 || doc.WordCount == 0 && doc.ReadingMinutes != 0 {
			t.Fatalf("WordCount %d with ReadingMinutes %d", doc.WordCount, doc.ReadingMinutes)
		}
		if utf8.Valid(src) && !utf8.ValidString(doc.Text) {
			t.Fatalf("invalid UTF-8 in Text from valid input %q", src)
		}
	})
}

// checkLiterals checks that each Literal points at where it was written:
// its text starts there (a link or image destination is reported at the
// link), and its lines are in order and within src.
func checkLiterals(t *testing.T, src []byte, ls []Literal) {
	t.Helper()
	lines := strings.Split(string(normNewlines(src)), "\n")
	for _, l := range ls {
		if l.Line < 1 || l.Line > len(lines) || l.EndLine < l.Line || l.EndLine > len(lines) || l.Col < 1 || l.Col > len(lines[l.Line-1])+1 {
			t.Fatalf("literal %+v out of range of %d lines\ninput: %q", l, len(lines), src)
		}
		at := lines[l.Line-1][l.Col-1:]
		text := strings.TrimSuffix(l.Text, "…")
		if !strings.HasPrefix(at, text) && !strings.HasPrefix(at, "[") && !strings.HasPrefix(at, "!") {
			t.Fatalf("literal %+v: source there is %q\ninput: %q", l, at, src)
		}
		if utf8.Valid(src) && !utf8.ValidString(l.Text) {
			t.Fatalf("literal %+v: invalid UTF-8 from valid input %q", l, src)
		}
	}
}

// emitted are the elements markdown produces; in safe mode nothing else
// may appear.
var emitted = map[string]bool{
	"a": true, "blockquote": true, "br": true, "code": true, "del": true, "div": true,
	"em": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"hr": true, "img": true, "input": true, "li": true, "ol": true, "p": true, "pre": true,
	"strong": true, "sup": true, "table": true, "tbody": true, "td": true, "th": true,
	"thead": true, "tr": true, "ul": true,
}

// checkSafeHTML returns what is wrong with safe-mode output, or "". In that
// mode every "<" in the output opens a tag the converter wrote (text "<"
// is escaped), and attribute values never hold a raw ">" or quote, so a
// plain scan finds every tag and attribute.
func checkSafeHTML(out string) string {
	for {
		i := strings.IndexByte(out, '<')
		if i < 0 {
			return ""
		}
		j := strings.IndexByte(out[i:], '>')
		if j < 0 {
			return "unterminated tag"
		}
		tag := out[i+1 : i+j]
		out = out[i+j+1:]
		if strings.HasPrefix(tag, "/") {
			if !emitted[tag[1:]] {
				return "unexpected end tag <" + tag + ">"
			}
			continue
		}
		name, rest, _ := strings.Cut(tag, " ")
		if !emitted[name] {
			return "unexpected tag <" + name + ">"
		}
		for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
			attr, after, ok := strings.Cut(rest, `="`)
			if !ok {
				return "malformed attributes in <" + tag + ">"
			}
			value, after2, ok := strings.Cut(after, `"`)
			if !ok {
				return "unterminated attribute in <" + tag + ">"
			}
			rest = after2
			attr = strings.ToLower(attr)
			if attr == "style" || strings.HasPrefix(attr, "on") || strings.ContainsAny(attr, " \t\n<'") {
				return "forbidden attribute " + attr + " in <" + tag + ">"
			}
			if (attr == "href" || attr == "src") && badScheme(html.UnescapeString(value)) {
				return "unsafe URL in <" + tag + ">"
			}
		}
	}
}

// badScheme is an independent check of a URL's scheme, the way a browser
// reads it: leading spaces and controls skipped, tabs and newlines removed.
func badScheme(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, strings.ToLower(u))
	for _, bad := range []string{"javascript:", "vbscript:", "data:", "file:", "livescript:"} {
		if strings.HasPrefix(u, bad) {
			return true
		}
	}
	return false
}
