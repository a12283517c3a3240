package markdown

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func convert(t testing.TB, opts Options, src string) *Doc {
	t.Helper()
	doc, err := New(opts).Convert([]byte(src))
	if err != nil {
		t.Fatalf("Convert(%q): %v", src, err)
	}
	return doc
}

func TestRawHTMLIsEscapedUnlessUnsafe(t *testing.T) {
	tests := []struct {
		name, src          string
		safeWant, unsafeOK string
	}{
		{"inline tag", "a <b onclick=\"x\">bold</b> c", `a &lt;b onclick=&quot;x&quot;&gt;bold&lt;/b&gt; c`, `a <b onclick="x">bold</b> c`},
		{"script block", "<script>alert(1)</script>", `<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>`, `<script>alert(1)</script>`},
		{"comment", "x <!-- note --> y", `x &lt;!-- note --&gt; y`, `x <!-- note --> y`},
		{"block with blank-free body", "<div>\n*not emphasis*\n</div>", "<p>&lt;div&gt;\n*not emphasis*\n&lt;/div&gt;</p>", "<div>\n*not emphasis*\n</div>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			safe := string(convert(t, Options{}, tt.src).HTML)
			if !strings.Contains(safe, tt.safeWant) {
				t.Errorf("safe:\n%s\nwant it to contain\n%s", safe, tt.safeWant)
			}
			if strings.Contains(safe, "raw HTML omitted") {
				t.Errorf("safe mode dropped the HTML instead of escaping it:\n%s", safe)
			}
			unsafe := string(convert(t, Options{Unsafe: true}, tt.src).HTML)
			if !strings.Contains(unsafe, tt.unsafeOK) {
				t.Errorf("unsafe:\n%s\nwant it to contain\n%s", unsafe, tt.unsafeOK)
			}
		})
	}
}

func TestUnsafeSchemesAreDropped(t *testing.T) {
	tests := []struct{ name, src, text string }{
		{"javascript", "[click](javascript:alert(1))", "click"},
		{"mixed case", "[click](JaVaScRiPt:alert(1))", "click"},
		{"tab entity inside", "[click](java&#09;script:alert(1))", "click"},
		{"newline entity inside", "[click](java&#x0A;script:alert(1))", "click"},
		{"leading control entity", "[click](&#x01;javascript:alert(1))", "click"},
		{"numeric entity letter", "[click](&#106;avascript:alert(1))", "click"},
		{"named entity colon", "[click](javascript&colon;alert(1))", "click"},
		{"backslash escaped colon", "[click](javascript\\:alert(1))", "click"},
		{"angle destination", "[click](<javascript:alert(1)>)", "click"},
		{"angle destination with space", "[click](< javascript:alert(1)>)", "click"},
		{"vbscript", "[click](vbscript:msgbox(1))", "click"},
		{"data", "[click](data:text/html;base64,PHNjcmlwdD4=)", "click"},
		{"file", "[click](file:///etc/passwd)", "click"},
		{"reference definition", "[click][x]\n\n[x]: javascript:alert(1)", "click"},
		{"emphasis kept", "[*click*](javascript:alert(1))", "<em>click</em>"},
		{"autolink", "<javascript:alert(1)>", "javascript:alert(1)"},
		{"autolink vbscript", "<VBScript:x>", "VBScript:x"},
		{"linkify ftp", "see ftp://files.example.com/x", "ftp://files.example.com/x"},
		{"image javascript", "![alt](javascript:alert(1))", ""},
		{"image data", "![alt](data:image/png;base64,AAAA)", ""},
		{"image data svg", "![alt](data:image/svg+xml,%3Csvg%20onload=alert(1)%3E)", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := convert(t, Options{}, tt.src)
			html := string(doc.HTML)
			if strings.Contains(html, "<a ") || strings.Contains(html, "<img") {
				t.Errorf("unsafe URL kept:\n%s", html)
			}
			if tt.text != "" && !strings.Contains(html, tt.text) {
				t.Errorf("text %q lost:\n%s", tt.text, html)
			}
			if len(doc.Dropped) != 1 {
				t.Errorf("Dropped = %+v, want one entry", doc.Dropped)
			}
			if len(doc.Links) != 0 || len(doc.Images) != 0 {
				t.Errorf("unsafe URL listed: links %+v images %+v", doc.Links, doc.Images)
			}
		})
	}
}

func TestSafeSchemesAreKept(t *testing.T) {
	tests := []struct{ src, href string }{
		{"[a](http://example.com/)", "http://example.com/"},
		{"[a](HTTPS://example.com/)", "HTTPS://example.com/"},
		{"[a](mailto:hello@example.com)", "mailto:hello@example.com"},
		{"[a](tel:+1-555-010-0100)", "tel:+1-555-010-0100"},
		{"[a](photo.jpg)", "photo.jpg"},
		{"[a](../up/)", "../up/"},
		{"[a](#top)", "#top"},
		{"[a](?q=1)", "?q=1"},
		{"[a](./odd:name)", "./odd:name"},
		{"[a](//cdn.example.com/x)", "//cdn.example.com/x"},
		{"<https://example.com/>", "https://example.com/"},
		{"<hello@example.com>", "mailto:hello@example.com"},
		{"www.example.com", "http://www.example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			doc := convert(t, Options{}, tt.src)
			if want := `href="` + tt.href + `"`; !strings.Contains(string(doc.HTML), want) {
				t.Errorf("got %s, want %s", doc.HTML, want)
			}
			if len(doc.Dropped) != 0 {
				t.Errorf("Dropped = %+v", doc.Dropped)
			}
		})
	}
}

func TestBasePathPrefixesOnlyRootRelativeURLs(t *testing.T) {
	tests := []struct{ base, src, want string }{
		{"/clinic", "[a](/contact/)", `href="/clinic/contact/"`},
		{"/clinic/", "[a](/contact/)", `href="/clinic/contact/"`},
		{"clinic", "[a](/contact/)", `href="/clinic/contact/"`},
		{"/a/b", "[a](/)", `href="/a/b/"`},
		{"/clinic", "![a](/img/x.png)", `src="/clinic/img/x.png"`},
		{"/clinic", "[a][r]\n\n[r]: /book/", `href="/clinic/book/"`},
		{"/clinic", "[a](photo.jpg)", `href="photo.jpg"`},
		{"/clinic", "[a](../x/)", `href="../x/"`},
		{"/clinic", "[a](#top)", `href="#top"`},
		{"/clinic", "[a](https://example.com/x)", `href="https://example.com/x"`},
		{"/clinic", "[a](//cdn.example.com/x)", `href="//cdn.example.com/x"`},
		{"", "[a](/contact/)", `href="/contact/"`},
		{"/", "[a](/contact/)", `href="/contact/"`},
	}
	for _, tt := range tests {
		t.Run(tt.base+" "+tt.src, func(t *testing.T) {
			doc := convert(t, Options{BasePath: tt.base}, tt.src)
			if !strings.Contains(string(doc.HTML), tt.want) {
				t.Errorf("got %s, want %s", doc.HTML, tt.want)
			}
		})
	}
	// The reported URL is the one the author wrote, for link checking.
	doc := convert(t, Options{BasePath: "/clinic"}, "[a](/contact/)")
	if got := doc.Links[0].URL; got != "/contact/" {
		t.Errorf("Links[0].URL = %q, want /contact/", got)
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name, src   string
		summary     string
		summaryText string
		hasMore     bool
	}{
		{
			name:    "first paragraph",
			src:     "# Title\n\nFirst *one*.\n\nSecond.",
			summary: "<p>First <em>one</em>.</p>\n", summaryText: "First one.", hasMore: true,
		},
		{
			name:    "only paragraph",
			src:     "Just this.",
			summary: "<p>Just this.</p>\n", summaryText: "Just this.", hasMore: false,
		},
		{
			name:    "more marker",
			src:     "One.\n\nTwo &amp; more.\n\n<!--more-->\n\nThree.",
			summary: "<p>One.</p>\n<p>Two &amp; more.</p>\n", summaryText: "One. Two & more.", hasMore: true,
		},
		{
			name:    "marker with spaces",
			src:     "One.\n\n  <!-- more -->  \n\nThree.",
			summary: "<p>One.</p>\n", summaryText: "One.", hasMore: true,
		},
		{
			name:    "marker right after text",
			src:     "One.\n<!--more-->\nThree.",
			summary: "<p>One.</p>\n", summaryText: "One.", hasMore: true,
		},
		{
			name:    "marker at end",
			src:     "One.\n\nTwo.\n\n<!--more-->\n",
			summary: "<p>One.</p>\n<p>Two.</p>\n", summaryText: "One. Two.", hasMore: false,
		},
		{
			name:    "marker first",
			src:     "<!--more-->\n\nOne.",
			summary: "", summaryText: "", hasMore: true,
		},
		{
			name:    "marker keeps headings but not their ids",
			src:     "## Intro\n\nOne.\n\n<!--more-->\n\nTwo.",
			summary: "<h2>Intro</h2>\n<p>One.</p>\n", summaryText: "Intro One.", hasMore: true,
		},
		{
			name:    "footnotes alone are not more",
			src:     "One.[^1]\n\n[^1]: Note.",
			summary: "<p>One.</p>\n", summaryText: "One.", hasMore: false,
		},
		{
			name:    "no paragraph",
			src:     "- a\n- b",
			summary: "", summaryText: "", hasMore: true,
		},
		{
			name:    "empty",
			src:     "",
			summary: "", summaryText: "", hasMore: false,
		},
		{
			name:    "nested marker does not split",
			src:     "One.\n\n> Quote\n>\n> <!--more-->\n\nTwo.",
			summary: "<p>One.</p>\n", summaryText: "One.", hasMore: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, unsafe := range []bool{false, true} {
				doc := convert(t, Options{Unsafe: unsafe}, tt.src)
				if string(doc.Summary) != tt.summary {
					t.Errorf("unsafe=%v Summary = %q, want %q", unsafe, doc.Summary, tt.summary)
				}
				if doc.SummaryText != tt.summaryText {
					t.Errorf("unsafe=%v SummaryText = %q, want %q", unsafe, doc.SummaryText, tt.summaryText)
				}
				if doc.HasMore != tt.hasMore {
					t.Errorf("unsafe=%v HasMore = %v, want %v", unsafe, doc.HasMore, tt.hasMore)
				}
				if strings.Contains(strings.ToLower(string(doc.HTML)), "more--") {
					t.Errorf("unsafe=%v marker in output:\n%s", unsafe, doc.HTML)
				}
			}
		})
	}
}

func TestMoreMarkerNeverInOutput(t *testing.T) {
	src := "One <!--more--> inline.\n\n<!--more-->\n\n- item\n\n  <!--more-->\n\n<!--MORE-->\n"
	for _, unsafe := range []bool{false, true} {
		doc := convert(t, Options{Unsafe: unsafe}, src)
		for _, out := range [][]byte{doc.HTML, []byte(doc.Summary)} {
			if s := strings.ToLower(string(out)); strings.Contains(s, "more--") {
				t.Errorf("unsafe=%v: marker in output:\n%s", unsafe, out)
			}
		}
	}
}

func TestSummaryLeavesOutFootnoteReferences(t *testing.T) {
	doc := convert(t, Options{}, "Vitamin D.[^1]\n\n[^1]: NIH.")
	if strings.Contains(string(doc.Summary), "fn") {
		t.Errorf("Summary = %s", doc.Summary)
	}
	if !strings.Contains(string(doc.HTML), `href="#fn:1"`) {
		t.Errorf("body lost its footnote reference:\n%s", doc.HTML)
	}
}

func TestHeadingIDsAreUnique(t *testing.T) {
	src := "# Care\n\n## Care\n\n## Care\n\n## Care-1\n\n## Own {#care}\n\n## Ünïcödé ✓\n\n## 日本語\n\n## 日本語"
	doc := convert(t, Options{}, src)
	var got []string
	for _, h := range doc.TOC {
		got = append(got, h.ID)
	}
	want := []string{"care-1", "care-2", "care-3", "care-1-1", "care", "unicode", "section", "section-1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ids = %q, want %q", got, want)
	}
	seen := map[string]bool{}
	for _, id := range got {
		if seen[id] {
			t.Errorf("duplicate id %q", id)
		}
		seen[id] = true
	}
	if doc.H1Count != 1 {
		t.Errorf("H1Count = %d, want 1", doc.H1Count)
	}
	if doc.TOC[5].Text != "Ünïcödé ✓" || doc.TOC[5].Level != 2 || doc.TOC[5].Line != 11 {
		t.Errorf("TOC[5] = %+v", doc.TOC[5])
	}
}

func TestHeadingAttributesAreLimitedToIDAndClass(t *testing.T) {
	doc := convert(t, Options{}, `## Hi {#x .y style="color:red" onclick="alert(1)" data-z="1"}`)
	if want := `<h2 id="x" class="y">Hi</h2>`; !strings.Contains(string(doc.HTML), want) {
		t.Errorf("got %s, want %s", doc.HTML, want)
	}
}

func TestTableAlignmentIsAClass(t *testing.T) {
	doc := convert(t, Options{}, "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |")
	html := string(doc.HTML)
	for _, want := range []string{
		`<th class="align-left">a</th>`, `<th class="align-center">b</th>`, `<th class="align-right">c</th>`, `<th>d</th>`,
		`<td class="align-left">1</td>`, `<td class="align-right">3</td>`, `<td>4</td>`,
		`<div class="table-wrap">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	if strings.Contains(html, "style") || strings.Contains(html, "align=") {
		t.Errorf("inline alignment in\n%s", html)
	}
}

func TestWordCountAndReadingMinutes(t *testing.T) {
	tests := []struct {
		name, src      string
		words, minutes int
	}{
		{"empty", "", 0, 0},
		{"blank", "\n\n   \n", 0, 0},
		{"one word", "Hello", 1, 1},
		{"punctuation is not a word", "Wait — what? - * ...", 2, 1},
		{"contractions and hyphens", "Don't skip COVID-19 boosters.", 4, 1},
		{"markup is not counted", "**Bold** [link](/x) `code` ![alt text](a.png)", 5, 1},
		{"200 words", strings.Repeat("word ", 200), 200, 1},
		{"201 words", strings.Repeat("word ", 201), 201, 2},
		{"1000 words in paragraphs", strings.Repeat(strings.Repeat("word ", 100)+"\n\n", 10), 1000, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := convert(t, Options{}, tt.src)
			if doc.WordCount != tt.words || doc.ReadingMinutes != tt.minutes {
				t.Errorf("words, minutes = %d, %d; want %d, %d (text %q)", doc.WordCount, doc.ReadingMinutes, tt.words, tt.minutes, doc.Text)
			}
		})
	}
}

func TestTextIsPlain(t *testing.T) {
	src := "# Flu &amp; you\n\nIt's *very* important -- see [the CDC](https://cdc.gov)\\* &copy;.[^1]\n\n" +
		"- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<p>raw <b>html</b></p>\n\n[^1]: Source."
	doc := convert(t, Options{}, src)
	want := "Flu & you\nIt’s very important – see the CDC* ©.\none\ntwo\na b\n1 2\nraw html\nSource."
	if doc.Text != want {
		t.Errorf("Text =\n%q\nwant\n%q", doc.Text, want)
	}
	if doc.SummaryText != "It’s very important – see the CDC* ©." {
		t.Errorf("SummaryText = %q", doc.SummaryText)
	}
}

func TestCRLFInputMatchesLF(t *testing.T) {
	lf := "# Title\n\nLine one\nline two [link](/a).\n\n<!--more-->\n\n```\ncode\n```\n\n| a |\n|---|\n| 1 |\n"
	crlf := strings.ReplaceAll(lf, "\n", "\r\n")
	want := convert(t, Options{}, lf)
	got := convert(t, Options{}, crlf)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CRLF:\n%+v\nLF:\n%+v", got, want)
	}
	if strings.Contains(string(got.HTML), "\r") || strings.Contains(got.Text, "\r") {
		t.Errorf("CR in output: %q", got.HTML)
	}
	if got.Links[0].Line != 4 || got.Links[0].Col != 10 {
		t.Errorf("link at %d:%d, want 4:10", got.Links[0].Line, got.Links[0].Col)
	}
}

func TestPositions(t *testing.T) {
	src := "# Title\n\nSee [the form](/form/) and\n<https://example.com> or www.example.org.\n\n" +
		"  ![door](/door.jpg)\n\n- [bad](javascript:x)\n\n[ref]\n\n[ref]: /ref/\n\n[^1]: [in note](/note/)\n\nx[^1]"
	doc := convert(t, Options{}, src)
	type lc struct {
		URL       string
		Line, Col int
	}
	var links []lc
	for _, l := range doc.Links {
		links = append(links, lc{l.URL, l.Line, l.Col})
	}
	want := []lc{
		{"/form/", 3, 5},
		{"https://example.com", 4, 1},
		{"http://www.example.org", 4, 26},
		{"/ref/", 10, 1},
		{"/note/", 14, 7},
	}
	if !reflect.DeepEqual(links, want) {
		t.Errorf("links =\n%v\nwant\n%v", links, want)
	}
	if len(doc.Images) != 1 || doc.Images[0] != (Image{Src: "/door.jpg", Alt: "door", Line: 6, Col: 3}) {
		t.Errorf("images = %+v", doc.Images)
	}
	if len(doc.Dropped) != 1 || doc.Dropped[0] != (Link{URL: "javascript:x", Line: 8, Col: 3}) {
		t.Errorf("dropped = %+v", doc.Dropped)
	}
	if doc.TOC[0].Line != 1 {
		t.Errorf("TOC = %+v", doc.TOC)
	}
}

func TestConverterIsSafeForConcurrentUse(t *testing.T) {
	c := New(Options{BasePath: "/clinic"})
	srcs := []string{
		"# A\n\nOne [x](/x).\n\n<!--more-->\n\nTwo.",
		"## B {#b}\n\n| a |\n|:-:|\n| 1 |\n\nText.[^1]\n\n[^1]: Note.",
		"<b>raw</b> and www.example.com",
	}
	want := make([]*Doc, len(srcs))
	for i, s := range srcs {
		want[i] = convert(t, Options{BasePath: "/clinic"}, s)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				k := (g + i) % len(srcs)
				doc, err := c.Convert([]byte(srcs[k]))
				if err != nil {
					t.Error(err)
					return
				}
				if !reflect.DeepEqual(doc, want[k]) {
					t.Errorf("source %d converted differently under concurrency", k)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestDocSharesNoMemoryWithSource(t *testing.T) {
	src := []byte("# Title\n\nBody [a](/a).")
	doc, err := New(Options{}).Convert(src)
	if err != nil {
		t.Fatal(err)
	}
	before := fmt.Sprintf("%+v", *doc)
	for i := range src {
		src[i] = 'x'
	}
	if after := fmt.Sprintf("%+v", *doc); after != before {
		t.Errorf("Doc changed with its source:\n%s\n%s", before, after)
	}
}

func BenchmarkConvert(b *testing.B) {
	post := strings.Repeat("## Section heading\n\nA paragraph about *flu season* with [a link](/contact/) "+
		"and \"quotes\" -- plus www.example.com.\n\n- one\n- two\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n", 40)
	c := New(Options{BasePath: "/clinic"})
	b.SetBytes(int64(len(post)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Convert([]byte(post)); err != nil {
			b.Fatal(err)
		}
	}
}
