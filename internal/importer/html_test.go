package importer

import (
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/diag"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// TestHTMLToMarkdown: each tag WordPress writes becomes its markdown, and
// text reads as it did.
func TestHTMLToMarkdown(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"paragraphs", "<p>One.</p><p>Two.</p>", "One.\n\nTwo.\n"},
		{"emphasis keeps its spaces outside", "<p><strong>Book </strong>now and <em> soon</em></p>", "**Book** now and *soon*\n"},
		{"headings; h1 is the page title's", "<h1>A</h1><h3>B</h3>", "## A\n\n### B\n"},
		{"links", `<p><a href="https://cdc.gov/flu" title="CDC">flu facts</a></p>`, "[flu facts](https://cdc.gov/flu \"CDC\")\n"},
		{"a javascript link keeps its text", `<p><a href="javascript:alert(1)">click</a></p>`, "click\n"},
		{"images", `<img src="/a b.jpg" alt="A nurse">`, "![A nurse](</a%20b.jpg>)\n"},
		{"lists, nested", "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>", "- a\n  - b\n- c\n"},
		{"ordered from 3", `<ol start="3"><li>x</li><li>y</li></ol>`, "3. x\n4. y\n"},
		{"quote", "<blockquote><p>a</p><p>b</p></blockquote>", "> a\n>\n> b\n"},
		{"code", "<pre class=\"language-js\"><code>a &lt; b\n```\n</code></pre>", "````js\na < b\n```\n````\n"},
		{"inline code", "<p>run <code>a`b</code></p>", "run ``a`b``\n"},
		{"table", "<table><tr><th>A</th><th>B</th></tr><tr><td>1 | 2</td><td>3</td></tr></table>", "| A | B |\n| --- | --- |\n| 1 \\| 2 | 3 |\n"},
		{"line breaks", "<p>a<br>b<br></p>", "a\\\nb\n"},
		{"text that looks like markup", "<p># 1. *a* [b] &lt;script&gt; {{ x }} {% y %} &amp;copy;</p>", "\\# 1. \\*a\\* \\[b\\] &lt;script> \\{{ x }} \\{% y %} &amp;copy;\n"},
		{"a number that starts a line", "<p>2019. A year.</p>", "2019\\. A year.\n"},
		{"youtube iframe", `<iframe src="https://www.youtube.com/embed/abcDEF12345?rel=0"></iframe>`, "[Watch the video on YouTube](https://www.youtube.com/watch?v=abcDEF12345)\n"},
		{"wordpress embed block", `<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">https://vimeo.com/123456</div></figure>`, "[Watch the video on Vimeo](https://vimeo.com/123456)\n"},
		{"figure and caption", `<figure><a href="/big.jpg"><img src="/x.jpg" alt="X"></a><figcaption>Our <em>team</em></figcaption></figure>`, "![X](/x.jpg)\n\n*Our *team**\n"},
		{"more marker", "<p>Intro.</p>\n<!--more-->\n<p>Rest.</p>", "Intro.\n\n<!--more-->\n\nRest.\n"},
		{"div and span unwrap", `<div class="x"><span style="color:red">Red</span> text</div>`, "Red text\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, left := HTMLToMarkdown(tt.in, HTMLOptions{})
			if got != tt.want {
				t.Errorf("got:\n%q\nwant:\n%q", got, tt.want)
			}
			if len(left) > 0 {
				t.Errorf("left out %v", left)
			}
		})
	}
}

// TestHTMLLeftOut: what markdown has no form for is left out, listed by
// tag and place, never written as text.
func TestHTMLLeftOut(t *testing.T) {
	in := `<p>a</p><script src="https://tracker.example/x.js"></script><p>b</p><form action="https://forms.example/"><input name="q"></form><iframe src="data:text/html,x"></iframe><iframe src="https://forms.example/embed"></iframe>`
	got, left := HTMLToMarkdown(in, HTMLOptions{})
	if got != "a\n\nb\n\n[https://forms.example/embed](https://forms.example/embed)\n" {
		t.Errorf("got %q", got)
	}
	var tags []string
	for _, l := range left {
		tags = append(tags, l.Tag+"#"+itoa(l.Nth))
	}
	if strings.Join(tags, " ") != "script#0 form#0 iframe#0" {
		t.Errorf("left out %v", tags)
	}
	if off := nthTag(in, "iframe", 0); !strings.HasPrefix(in[off:], `<iframe src="data:`) {
		t.Errorf("nthTag found %q", in[off:])
	}
}

// TestRewriteLinks: a body's links and images are rewritten, code is not,
// and an image that cannot be had is taken out.
func TestRewriteLinks(t *testing.T) {
	rw := func(u string, image bool) string {
		switch {
		case u == "/gone.jpg":
			return ""
		case strings.HasPrefix(u, "/old/"):
			return "/posts/" + strings.TrimPrefix(u, "/old/")
		}
		return u
	}
	in := "See [a](/old/a/ \"t\") and ![x](/gone.jpg) and [![y](/old/i.jpg)](/old/b/).\n`[c](/old/c/)`\n```\n[d](/old/d/)\n```\n[ref]: /old/e/\n"
	want := "See [a](/posts/a/ \"t\") and  and [![y](/posts/i.jpg)](/posts/b/).\n`[c](/old/c/)`\n```\n[d](/old/d/)\n```\n[ref]: /posts/e/\n"
	if got := rewriteLinks(in, rw); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestHugoShortcodes: the built-in shortcodes become markdown; others are
// listed at their offset, a paired one keeping its content; code is left.
func TestHugoShortcodes(t *testing.T) {
	in := "{{< figure src=\"/a.jpg\" alt=\"A\" caption=\"Cap\" >}}\n" +
		"[x]({{< ref \"posts/flu.md#dose\" >}})\n" +
		"{{< youtube id=\"abcDEF12345\" >}}\n" +
		"{{< tweet user=\"cdc\" id=\"123\" >}}\n" +
		"{{< highlight go >}}\na := 1\n{{< /highlight >}}\n" +
		"{{% note %}}Keep it.{{% /note %}}\n" +
		"{{< gallery >}}\n" +
		"`{{< figure >}}` {{</* youtube x */>}}\n"
	got, left := hugoShortcodes(in, func(ref string) string {
		return "/posts/" + strings.TrimSuffix(strings.TrimPrefix(ref, "posts/"), ".md#dose") + "/#dose"
	})
	want := "![A](/a.jpg)\n\n*Cap*\n" +
		"[x](/posts/flu/#dose)\n" +
		"[Watch the video on YouTube](https://www.youtube.com/watch?v=abcDEF12345)\n" +
		"[https://x.com/cdc/status/123](https://x.com/cdc/status/123)\n" +
		"```go\na := 1\n```\n" +
		"Keep it.\n" +
		"\n" +
		"`{{< figure >}}` `{{< youtube x >}}`\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if len(left) != 2 || left[0].text != "{{% note %}}" || left[1].text != "{{< gallery >}}" || in[left[1].off:left[1].off+3] != "{{<" {
		t.Errorf("left out %+v", left)
	}
}

// TestLiquid: Jekyll's link tags give the new URLs, highlight a fenced
// block; a tag carepress cannot run is listed.
func TestLiquid(t *testing.T) {
	flu := &Doc{Old: []string{"/2019/03/01/flu.html"}}
	about := &Doc{Old: []string{"/about.html"}}
	rw := func(u string, _ bool) string {
		return map[string]string{"/2019/03/01/flu.html": "/posts/flu/", "/about.html": "/about/", "/img/a.jpg": "/img/a.jpg"}[u]
	}
	l := jekyllLiquid{posts: map[string]*Doc{"2019-03-01-flu": flu}, docs: map[string]*Doc{"about.md": about},
		cfg: newFields(map[string]any{"title": "Clinic"}, nil), page: &Doc{Title: "Hi *there*", Source: diagPos("_posts/x.md")}, rewrite: rw}
	in := "[a]({% post_url 2019-03-01-flu %}) [b]({% link about.md %}) [c]({{ site.baseurl }}/x/) ![d]({{ \"/img/a.jpg\" | relative_url }}) {{ site.title }} {{ page.title }}\n" +
		"{% highlight ruby %}\nputs 1\n{% endhighlight %}\n" +
		"{% comment %}gone{% endcomment %}{% raw %}{{ kept }}{% endraw %}\n" +
		"{% if page.x %}y{% endif %} {{ page.date | date: \"%Y\" }}\n" +
		"* TOC\n{:toc}\ntext\n{: .note}\n"
	got, left := l.convert(in)
	want := "[a](/posts/flu/) [b](/about/) [c](/x/) ![d](/img/a.jpg) Clinic Hi \\*there\\*\n" +
		"```ruby\nputs 1\n```\n" +
		"{{ kept }}\n" +
		"y \n" +
		"text\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	var what []string
	for _, x := range left {
		what = append(what, x.text)
	}
	if strings.Join(what, " | ") != "{% if page.x %} | {% endif %} | {{ page.date | date: \"%Y\" }} | {: .note}" {
		t.Errorf("left out %q", what)
	}
}

// TestPermalinks: Jekyll's styles and patterns, and Hugo's, give the old
// address.
func TestPermalinks(t *testing.T) {
	d := &Doc{Title: "Flu Shots!", Date: mustDate("2019-03-07"), Categories: []string{"Health", "Kids"}}
	for pat, want := range map[string]string{
		"date":                                  "/health/kids/2019/03/07/flu-shots.html",
		"pretty":                                "/health/kids/2019/03/07/flu-shots/",
		"none":                                  "/health/kids/flu-shots.html",
		"ordinal":                               "/health/kids/2019/066/flu-shots.html",
		"/blog/:year/:title/":                   "/blog/2019/flu-shots/",
		"/:slugified_categories/:i_month/:slug": "/health/kids/3/flu-shots",
	} {
		if got := jekyllPermalink(pat, d, "flu-shots", "flu-shots", ".md", "_posts/2019-03-07-flu-shots.md"); got != want {
			t.Errorf("jekyll %q = %q, want %q", pat, got, want)
		}
	}
	for pat, want := range map[string]string{
		"/:year/:month/:slug/":        "/2019/03/flu/",
		":section/:title/":            "/posts/flu-shots/",
		"/:year/:monthname/:filename": "/2019/march/x",
	} {
		if got := expandPermalink(pat, d, "posts", "flu", "x"); got != want {
			t.Errorf("hugo %q = %q, want %q", pat, got, want)
		}
	}
}

// TestGuessZone: the zone in which every post's local and GMT dates agree.
func TestGuessZone(t *testing.T) {
	at := func(s string, h int) tzSample { return tzSample{mustDate(s), h * 3600} }
	tests := []struct {
		lang    string
		samples []tzSample
		want    string
	}{
		{"en-US", []tzSample{at("2019-07-01", -5), at("2019-12-01", -6)}, "America/Chicago"},
		{"en-US", []tzSample{at("2019-07-01", -7), at("2019-12-01", -7)}, "America/Phoenix"},
		{"en-GB", []tzSample{at("2019-07-01", 1), at("2019-12-01", 0)}, "Europe/London"},
		{"en-AU", []tzSample{at("2019-07-01", 10), at("2019-12-01", 11)}, "Australia/Sydney"},
		{"", []tzSample{at("2019-07-01", 12), at("2019-12-01", 13)}, "Pacific/Auckland"},
		{"en-US", []tzSample{at("2019-07-01", 0)}, "UTC"},
		{"en-US", []tzSample{at("2019-07-01", 3)}, ""},
		{"en-US", nil, ""},
	}
	for _, tt := range tests {
		if got := guessZone(tt.lang, tt.samples); got != tt.want {
			t.Errorf("guessZone(%q, %v) = %q, want %q", tt.lang, tt.samples, got, tt.want)
		}
	}
}

// TestWPShortcodes: captions become figures, embeds links, a gallery its
// images; a form is left out and listed at its offset; brackets that are
// no shortcode stay.
func TestWPShortcodes(t *testing.T) {
	att := map[string]*Elem{"7": {Children: []*Elem{{Name: "wp:attachment_url", Text: "https://x.example.com/a.jpg"}}}}
	in := `[caption id="a" width="300"]<img src="/a.jpg" alt="A"> The caption[/caption] [embed]https://youtu.be/abcDEF12345[/embed] [gallery ids="7,8"] [contact-form-7 id="5"] [sic] [1] [vc_row][vc_column]Kept[/vc_column][/vc_row]`
	got, left := wpShortcodes(in, att)
	for _, want := range []string{`<figure><img src="/a.jpg" alt="A"><figcaption>The caption</figcaption></figure>`,
		`<a href="https://www.youtube.com/watch?v=abcDEF12345">`, `<img src="https://x.example.com/a.jpg" alt="">`, "[sic] [1] Kept"} {
		if !strings.Contains(got, want) {
			t.Errorf("got %s\nwant %s in it", got, want)
		}
	}
	if strings.Contains(got, "contact-form") || len(left) != 1 || left[0].Tag != "contact-form-7" || !strings.HasPrefix(in[left[0].Offset:], "[contact-form-7") {
		t.Errorf("got %s, left %+v", got, left)
	}
}

// noRawHTML reports the raw HTML that goldmark finds in md, which
// carepress would show as escaped text; the summary marker is carepress's.
func noRawHTML(md string) string {
	src := []byte(md)
	doc := mdParser.Parser().Parse(text.NewReader(src))
	found := ""
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindRawHTML:
			found = "inline HTML"
		case ast.KindHTMLBlock:
			var b strings.Builder
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b.Write(seg.Value(src))
			}
			if !isMoreLine([]byte(b.String())) {
				found = "an HTML block: " + b.String()
			}
		}
		return ast.WalkContinue, nil
	})
	return found
}

// FuzzHTMLToMarkdown: whatever the HTML, the converter does not panic,
// and its markdown holds no raw HTML (no <script>, no tag of any kind)
// that carepress would publish as text.
func FuzzHTMLToMarkdown(f *testing.F) {
	for _, s := range []string{
		"<p>a</p>", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", "<ul><li><p>x<li>y</ul>",
		"<pre><code>&lt;script&gt;</code></pre>", "<a href=\"x\"><img src=\"y\"></a>", "<p>1. a<br># b<br>> c</p>",
		"<table><tr><td><ul><li>x</li></ul></td></tr></table>", "<blockquote><blockquote><p>deep</p></blockquote></blockquote>",
		"<p>`</p><p>``x</p>", "<p>&amp;lt;b&amp;gt;</p>", "<p>a\\</p><p>*</p>", "<!--more--><p>x</p>", "<p><em> </em>*a*</p>",
		"<h2><a href=\"/x\">x</a></h2>", "<p><code> </code></p>", "<p>x<br></p><p><br></p>", "<div><<a>>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		md, _ := HTMLToMarkdown(in, HTMLOptions{})
		if what := noRawHTML(md); what != "" {
			t.Fatalf("%s in the markdown of %q:\n%s", what, in, md)
		}
	})
}

// FuzzParseWXR: whatever the export, the reader does not panic, every
// problem names the file and a line, and each item it read is an item.
func FuzzParseWXR(f *testing.F) {
	head := `<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>`
	for _, s := range []string{
		head + `<item><title>A</title><wp:post_type>post</wp:post_type><content:encoded><![CDATA[<p>x</p>]]></content:encoded></item></channel></rss>`,
		head + `<item><title>A & B</title></item><item><title>C</title></item></channel></rss>`,
		head + `<item><content:encoded><![CDATA[<item>inside</item>]]></content:encoded></item>`,
		head + `<item><item><item>`, `<rss><channel>`, "", "<rss", head + "<item>\x00</item>",
		head + `<!-- <item> --><item><title>&nbsp;</title></item>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := ParseWXR("export.xml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "export.xml:") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		for _, p := range x.Problems {
			if !strings.HasPrefix(p.Error(), "export.xml:") {
				t.Fatalf("problem without the file: %v", p)
			}
		}
		for _, it := range x.Items {
			if it.Name != "item" || it.Line < 1 {
				t.Fatalf("item %v", it)
			}
		}
	})
}

func mustDate(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func diagPos(file string) diag.Pos { return diag.Pos{File: file, Line: 1} }

// FuzzTemplates: whatever a Hugo or Jekyll body holds, the shortcode and
// Liquid converters and the raw HTML pass do not panic, each thing left
// out is at an offset of the body, and no raw HTML is left in it.
func FuzzTemplates(f *testing.F) {
	for _, s := range []string{
		"{{< figure src=\"a.jpg\" >}}", "{{% note %}}x{{% /note %}}", "{{< highlight go >}}\nx\n{{< /highlight >}}", "{{</* x */>}}",
		"{% post_url x %}", "{% highlight a %}b", "{% raw %}{{ x }}", "{{ site.baseurl }}/x", "* TOC\n{:toc}", "<div>\n<p>x</p>\n</div>\n\ny",
		"```\n{{< x >}}\n```", "`{% x %}`", "{{< ref \"\" >}}", "{{< youtube >}}", "{% include ../x %}", "<!--more-->\n\n<b>x</b>",
	} {
		f.Add(s)
	}
	rw := func(u string, _ bool) string { return u }
	l := jekyllLiquid{posts: map[string]*Doc{}, docs: map[string]*Doc{}, cfg: newFields(nil, nil), page: &Doc{Source: diagPos("x.md")}, rewrite: rw}
	f.Fuzz(func(t *testing.T, in string) {
		for _, conv := range []func(string) (string, []leftAt){
			func(s string) (string, []leftAt) { return hugoShortcodes(s, func(string) string { return "/x/" }) },
			l.convert,
		} {
			_, left := conv(in)
			for _, x := range left {
				if x.off < 0 || x.off > len(in) {
					t.Fatalf("left out at offset %d of %d", x.off, len(in))
				}
			}
		}
		md, _ := markdownBody(in, "x.md", 1, rw, nil)
		if what := noRawHTML(md); what != "" {
			t.Fatalf("%s in the markdown of %q:\n%s", what, in, md)
		}
	})
}
