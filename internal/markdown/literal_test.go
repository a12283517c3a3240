package markdown

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// lit is a Literal as the tests write it: "3:1-5 html div <div>".
func lit(l Literal) string {
	kind := map[LiteralKind]string{LiteralHTML: "html", LiteralShortcode: "shortcode", LiteralTag: "tag", LiteralExpr: "expr", LiteralAttrs: "attrs"}[l.Kind]
	return fmt.Sprintf("%d:%d-%d %s %s %s", l.Line, l.Col, l.EndLine, kind, l.Name, l.Text)
}

func literals(t *testing.T, unsafe bool, src string) []string {
	t.Helper()
	doc, err := New(Options{Unsafe: unsafe}).Convert([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range doc.Literals {
		got = append(got, lit(l))
	}
	return got
}

func TestLiteralsFindWhatReadersWouldSeeAsText(t *testing.T) {
	tests := []struct {
		name   string
		unsafe bool
		src    string
		want   []string
	}{
		// Raw HTML, escaped while unsafe is off: one per block.
		{"html block", false, "Intro.\n\n<div class=\"note\">\nTake care.\n</div>\n", []string{`3:1-5 html div <div class="note">`}},
		{"indented html block", false, "  <table>\n  <tr><td>x</td></tr>\n  </table>\n", []string{`1:3-3 html table <table>`}},
		{"script block", false, "<script>\ngtag('js', new Date());\n</script>\n", []string{`1:1-3 html script <script>`}},
		{"inline tags once per paragraph", false, "Some <b>bold</b> and\n<i>italic</i> text.\n\nAnd <br> here.\n", []string{`1:6-2 html b <b>`, `4:5-4 html br <br>`}},
		{"comment", false, "Text.\n\n<!-- TODO: check the dose -->\n", []string{`3:1-3 html !-- <!-- TODO: check the dose -->`}},
		{"blocks on following lines are one snippet", false, "<!-- tag -->\n<script src=\"x.js\"></script>\n<script>\nx()\n</script>\n\n<p>apart</p>\n",
			[]string{`1:1-5 html !-- <!-- tag -->`, `7:1-7 html p <p>apart</p>`}},
		{"inline comment", false, "Text <!-- hidden --> more.\n", []string{`1:6-1 html !-- <!-- hidden -->`}},
		{"html in a list item", false, "- one <span>two</span>\n", []string{`1:7-1 html span <span>`}},
		{"long tag is cut", false, "<div class=\"a very long list of classes that goes on and on and on and on\">\n</div>\n",
			[]string{`1:1-2 html div <div class="a very long list of classes that goes on and on…`}},
		// Template tags of other generators, whatever unsafe says.
		{"hugo shortcode", false, "Before.\n\n{{< figure src=\"x.jpg\" >}}\n", []string{`3:1-3 shortcode figure {{< figure src="x.jpg" >}}`}},
		{"hugo shortcode around html", false, "{{<figure src=\"x.jpg\">}}\n", []string{`1:1-1 shortcode figure {{<figure src="x.jpg">}}`}},
		{"hugo markdown shortcode pair", false, "{{% note %}}\nDrink water.\n{{% /note %}}\n", []string{`1:1-1 shortcode note {{% note %}}`, `3:1-3 shortcode /note {{% /note %}}`}},
		{"hugo shortcode over lines", false, "{{< youtube\n  id=\"abc\" >}}\n", []string{`1:1-1 shortcode youtube {{< youtube`}},
		{"liquid post_url", false, "See [the post]({% post_url 2018-01-01-x %}).\n", []string{`1:16-1 tag post_url {% post_url 2018-01-01-x %}`}},
		{"liquid include", false, "{% include footer.html %}\n", []string{`1:1-1 tag include {% include footer.html %}`}},
		{"liquid trimmed", false, "{%- if page.x -%}x{%- endif -%}\n", []string{`1:1-1 tag if {%- if page.x -%}`, `1:19-1 tag endif {%- endif -%}`}},
		{"liquid expr", false, "Welcome to {{ site.title }}.\n", []string{`1:12-1 expr site.title {{ site.title }}`}},
		{"liquid filter", false, "![x]({{ \"/img/a.png\" | relative_url }})\n", []string{`1:6-1 expr /img/a.png {{ "/img/a.png" | relative_url }}`}},
		{"expr in image destination", false, "![a chart]({{site.baseurl}}/chart.png)\n", []string{`1:1-1 expr site.baseurl {{site.baseurl}}`}},
		{"expr in link destination", false, "[home]({{site.baseurl}}/)\n", []string{`1:1-1 expr site.baseurl {{site.baseurl}}`}},
		{"go template", false, "# {{ .Title }}\n", []string{`1:3-1 expr .Title {{ .Title }}`}},
		{"kramdown toc", false, "* TOC\n{:toc}\n", []string{`2:1-2 attrs toc {:toc}`}},
		{"kramdown class", false, "Note this.\n{: .note}\n\n## Costs {: #fees}\n", []string{`2:1-2 attrs . {: .note}`, `4:10-4 attrs # {: #fees}`}},
		{"kramdown attribute", false, "[site](https://x.example){:target=\"_blank\"}\n", []string{`1:26-1 attrs target {:target="_blank"}`}},
		{"in a heading and a table", false, "## About {{ page.title }}\n\n| a | b |\n|---|---|\n| {{ page.x }} | y |\n",
			[]string{`1:10-1 expr page.title {{ page.title }}`, `5:3-5 expr page.x {{ page.x }}`}},
		{"unsafe html keeps tags in attributes", true, "<img src=\"{{ site.baseurl }}/a.png\" alt=\"a\">\n\nSee <a href=\"{% link x.md %}\">x</a>.\n",
			[]string{`1:11-1 expr site.baseurl {{ site.baseurl }}`, `3:14-3 tag link {% link x.md %}`}},
		{"html and tags together", false, "<p>{{ page.title }}</p>\n\nHi {{ page.name }}!\n", []string{`1:1-1 html p <p>{{ page.title }}</p>`, `3:4-3 expr page.name {{ page.name }}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := literals(t, tt.unsafe, tt.src)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("literals of %q:\n got %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
}

// What shows such syntax on purpose, or is not markup at all, is no
// Literal.
func TestLiteralsLeaveCodeAndProseAlone(t *testing.T) {
	for _, src := range []string{
		"Write `{{< figure >}}` to add a figure.\n",
		"Use `<div>` and ``{% include x %}`` in code.\n",
		"```\n{% include footer.html %}\n{{ site.baseurl }}\n<script>gtag()</script>\n```\n",
		"    {{< figure src=\"x\" >}}\n    <div>\n",
		"~~~html\n<!-- comment -->\n~~~\n",
		"Sets are written {1, 2} and {{1, 2}, {3}} in maths.\n",
		"A brace { and %} and {{ alone, or }}.\n",
		"Email <hello@riverbend.example.com> or visit <https://riverbend.example.com/>.\n",
		"Less than <3 and 2 < 5 > 1.\n",
		"## Fees {#fees .wide}\n",
		"Intro.\n\n<!--more-->\n\nRest <!-- more --> inline.\n",
		"{{ 42 }} and {{ }} are not template expressions here.\n",
		"A ratio {:} and a dict {: 1} and {:x and a smiley {:-)}.\n",
		"```\n{:toc}\n```\n",
	} {
		if got := literals(t, false, src); len(got) > 0 {
			t.Errorf("literals of %q: %q, want none", src, got)
		}
	}
	// With unsafe on, raw HTML is the author's to use.
	for _, src := range []string{
		"<div class=\"note\">\nTake care.\n</div>\n",
		"Some <b>bold</b>, a <br> and a <!-- comment -->.\n",
		"<iframe src=\"https://www.google.com/maps\"></iframe>\n",
	} {
		if got := literals(t, true, src); len(got) > 0 {
			t.Errorf("unsafe: literals of %q: %q, want none", src, got)
		}
	}
}

// The escaped HTML is still shown, as it was: finding it changes no
// output.
func TestLiteralsChangeNoOutput(t *testing.T) {
	src := "{{< figure src=\"x.jpg\" >}}\n\n<div>x</div>\n\nSee {% post_url a %}.\n"
	doc, err := New(Options{}).Convert([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"{{&lt; figure src=“x.jpg” &gt;}}", "&lt;div&gt;x&lt;/div&gt;", "{% post_url a %}"} {
		if !strings.Contains(string(doc.HTML), want) {
			t.Errorf("HTML lacks %q:\n%s", want, doc.HTML)
		}
	}
}

// A page moved in from Jekyll: the case file and the literals expected
// of it, one a line.
func TestLiteralsOfAMigratedPost(t *testing.T) {
	src, err := os.ReadFile("testdata/migrated.md")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(literals(t, false, string(src)), "\n") + "\n"
	if *update {
		if err := os.WriteFile("testdata/migrated.literals", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("testdata/migrated.literals")
	if err != nil {
		t.Fatalf("%v (run go test ./internal/markdown -update)", err)
	}
	if got != string(want) {
		t.Errorf("literals of testdata/migrated.md:\n%s\nwant (testdata/migrated.literals):\n%s", got, want)
	}
}

func TestLiteralDescribeSaysWhatAndHow(t *testing.T) {
	tests := []struct {
		l         Literal
		msg, hint string
	}{
		{Literal{Kind: LiteralHTML, Name: "div", Text: `<div class="x">`}, "raw HTML `<div class=\"x\">` is shown to readers as text", "unsafe: true"},
		{Literal{Kind: LiteralHTML, Name: "!--", Text: `<!-- x -->`}, `an HTML comment "<!-- x -->"`, "write it in markdown"},
		{Literal{Kind: LiteralShortcode, Name: "figure", Text: `{{< figure >}}`}, `Hugo shortcode "{{< figure >}}"`, "![what it shows]"},
		{Literal{Kind: LiteralShortcode, Name: "/note", Text: `{{% /note %}}`}, "carepress has no shortcodes", "quote"},
		{Literal{Kind: LiteralTag, Name: "post_url", Text: `{% post_url x %}`}, `Liquid tag "{% post_url x %}"`, "/posts/slug/"},
		{Literal{Kind: LiteralTag, Name: "include", Text: `{% include x %}`}, "does not run Liquid", "notice"},
		{Literal{Kind: LiteralExpr, Name: "site.baseurl", Text: `{{ site.baseurl }}`}, `template expression "{{ site.baseurl }}"`, "base path"},
		{Literal{Kind: LiteralExpr, Name: "page.title", Text: `{{ page.title }}`}, "markdown is not a template", "write the value itself"},
		{Literal{Kind: LiteralAttrs, Name: "toc", Text: `{:toc}`}, `kramdown attribute list "{:toc}"`, "table of contents"},
		{Literal{Kind: LiteralAttrs, Name: ".", Text: `{: .note}`}, "not kramdown", "{#fees .wide}"},
	}
	for _, tt := range tests {
		msg, hint := tt.l.Describe()
		if !strings.Contains(msg, tt.msg) || !strings.Contains(hint, tt.hint) {
			t.Errorf("Describe(%+v) = %q, %q; want %q and %q in them", tt.l, msg, hint, tt.msg, tt.hint)
		}
	}
}
