package seo

import (
	"html/template"
	"strings"
	"testing"
)

// headTmpl is how the head was written before writeHead: the reference
// writeHead's escaping must match byte for byte.
var headTmpl = template.Must(template.New("head").Parse(`<title>{{ .Title }}</title>
{{- with .Description }}
<meta name="description" content="{{ . }}">
{{- end }}
{{- with .Canonical }}
<link rel="canonical" href="{{ . }}">
{{- end }}
{{- if .Noindex }}
<meta name="robots" content="noindex">
{{- end }}
{{- range .Props }}
<meta property="{{ .Key }}" content="{{ .Content }}">
{{- end }}
{{- range .Names }}
<meta name="{{ .Key }}" content="{{ .Content }}">
{{- end }}
{{- range .Feeds }}
<link rel="alternate" type="application/
{{- if eq .Format "rss" }}rss+xml{{ else if eq .Format "atom" }}atom+xml{{ else }}feed+json{{ end }}" href="{{ .Href }}" title="{{ .Title }}">
{{- end }}`))

func headOf(a, b, c string, noindex bool) Head {
	return Head{
		Title: a, Description: b, Canonical: c, Noindex: noindex,
		Props: []Meta{{"og:title", a}, {"og:url", c}, {b, "x"}},
		Names: []Meta{{"twitter:card", b}},
		Feeds: []Link{{"rss", c, a}, {"atom", "/tags/" + a + "/atom.xml", b}, {"json", c + "?q=" + b, "J"}},
	}
}

func checkHead(t *testing.T, h Head) {
	t.Helper()
	var want strings.Builder
	if err := headTmpl.Execute(&want, h); err != nil {
		t.Fatal(err)
	}
	if got := writeHead(h); got != want.String() {
		t.Fatalf("writeHead differs from html/template\n got: %q\nwant: %q", got, want.String())
	}
}

func TestWriteHeadEscapesAsHTMLTemplate(t *testing.T) {
	for _, s := range [][3]string{
		{"Flu shots | Riverbend", "Get yours <today> & \"free\" + 'fast'", "https://example.org/posts/flu/"},
		{"", "", ""},
		{"Ünïcode — 💉", "tab\there\x00nul", "https://example.org/caf\u00e9/a b/%41%zz%4"},
		{"x", "y", "javascript:alert(1)"},
		{"x", "y", "JAVAscript:alert(1)"},
		{"x", "y", "/rel/path:with/colon"},
		{"x", "y", "mailto:front@example.org"},
		{"bad \xff utf8", "\xc3", "/a/\xff/"},
		{"x", "y", "data:text/html,<b>"},
		{"x", "y", "//host/(x)'\"<>"},
	} {
		checkHead(t, headOf(s[0], s[1], s[2], true))
		checkHead(t, headOf(s[0], s[1], s[2], false))
	}
}

func FuzzWriteHead(f *testing.F) {
	f.Add("A & B", "<desc>", "https://x.test/a b?c=d&e", false)
	f.Add("", "'+\"", "javascript:x", true)
	f.Add("\x00", "%", "%2", false)
	f.Fuzz(func(t *testing.T, a, b, c string, noindex bool) {
		checkHead(t, headOf(a, b, c, noindex))
	})
}
