package render

import (
	"html/template"
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/markdown"
)

// tocTmpl is how the theme wrote the items before tocList: the reference.
var tocTmpl = template.Must(template.New("").Parse(`
{{- range . }}{{ if and (ge .Level 2) (le .Level 3) }}
<li{{ if eq .Level 3 }} class="toc__level-3"{{ end }}><a href="#{{ .ID }}">{{ .Text }}</a></li>
{{- end }}{{ end }}`))

func checkTOC(t *testing.T, hs []markdown.Heading) {
	t.Helper()
	var want strings.Builder
	if err := tocTmpl.Execute(&want, hs); err != nil {
		t.Fatal(err)
	}
	if got := string(tocList(hs)); got != want.String() {
		t.Fatalf("tocList differs from the template\n got: %q\nwant: %q", got, want.String())
	}
}

func TestTOCListWritesWhatTheTemplateWrote(t *testing.T) {
	checkTOC(t, nil)
	checkTOC(t, []markdown.Heading{
		{Level: 1, ID: "title", Text: "Title"},
		{Level: 2, ID: "why-fiber", Text: "Why fiber?"},
		{Level: 3, ID: "soluble-fiber", Text: "Soluble & insoluble <fiber>"},
		{Level: 4, ID: "deep", Text: "Too deep"},
		{Level: 2, ID: "café-ünï", Text: `"Quotes" and 'apostrophes' + plus`},
		{Level: 3, ID: "a b/c?d#e%f", Text: "\x00 \xff"},
	})
}

func FuzzTOCList(f *testing.F) {
	f.Add(2, "why-fiber", "Why fiber?", 3, "a&b", "<i>")
	f.Fuzz(func(t *testing.T, l1 int, id1, text1 string, l2 int, id2, text2 string) {
		checkTOC(t, []markdown.Heading{{Level: l1 % 8, ID: id1, Text: text1}, {Level: l2 % 8, ID: id2, Text: text2}})
	})
}
