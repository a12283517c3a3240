package check_test

import (
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/check"
)

// A tracker pasted into markdown while raw HTML is off is reported where
// it is, whichever tracker and however it was pasted; code that shows it
// on purpose, prose about it and raw HTML without one are not.
func TestTrackerPastedIntoEscapedMarkdown(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"gtag snippet", "Intro.\n\n<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-1\"></script>\n<script>\n  gtag('config', 'G-1');\n</script>\n",
			[]string{"privacy/tracker@content/posts/p.md:7:32 markdown holds the tracking code of Google Analytics (gtag), shown to readers as text"}},
		{"meta pixel inline in a paragraph", "We use <script>fbq('init', '99');</script> here.\n",
			[]string{"privacy/tracker@content/posts/p.md:5:16 markdown holds the tracking code of the Meta Pixel, shown to readers as text"}},
		{"tracker on a later line of the paragraph", "Some <span>text</span> and\nmore with ttq.load('C1') in it.\n",
			[]string{"privacy/tracker@content/posts/p.md:6:11 markdown holds the tracking code of the TikTok pixel, shown to readers as text"}},
		{"two trackers, each once", "<script>\nfbq('init', '1'); fbq('track');\n</script>\n\n<script src=\"https://static.hotjar.com/c/hotjar-1.js\"></script>\n\n<script>fbq('x')</script>\n",
			[]string{"privacy/tracker@content/posts/p.md:6:1 markdown holds the tracking code of the Meta Pixel, shown to readers as text",
				"privacy/tracker@content/posts/p.md:9:22 markdown holds the tracking code of Hotjar, shown to readers as text"}},
		{"in a code block", "```html\n<script src=\"https://www.googletagmanager.com/gtag/js\"></script>\n```\n", nil},
		{"in a code span", "Remove `<script>fbq('init')</script>` from old pages.\n", nil},
		{"in prose", "We never use gtag( or googletagmanager.com on this site.\n", nil},
		{"raw HTML without a tracker", "<div class=\"note\">\nCall us.\n</div>\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, s := load(t, map[string]string{"carepress.yaml": config, "content/posts/p.md": post(tt.body)})
			got := rules(t, s, root, "privacy/tracker", check.Options{})
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// markup/* report what readers would see as text, at its line in the
// file, and can be silenced like any rule.
func TestMarkupRulesReportLiteralsAtTheirLine(t *testing.T) {
	body := "{{< figure src=\"a.jpg\" >}}\n\n<div>x</div>\n\nSee {% post_url x %} and `{{ code }}`.\n"
	root, s := load(t, map[string]string{"carepress.yaml": config, "content/posts/p.md": post(body)})
	got := rules(t, s, root, "markup/", check.Options{})
	want := []string{
		"markup/template@content/posts/p.md:5:1 Hugo shortcode `{{< figure src=\"a.jpg\" >}}` is shown to readers as text: carepress has no shortcodes",
		"markup/raw-html@content/posts/p.md:7:1 raw HTML \"<div>x</div>\" is shown to readers as text: raw HTML is escaped while markdown.unsafe is off",
		"markup/template@content/posts/p.md:9:5 Liquid tag \"{% post_url x %}\" is shown to readers as text: carepress does not run Liquid",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// With raw HTML on, the HTML is the author's; the shortcodes are still text.
	root, s = load(t, map[string]string{"carepress.yaml": config + "markdown: {unsafe: true}\n", "content/posts/p.md": post(body)})
	if got := rules(t, s, root, "markup/raw-html", check.Options{}); len(got) != 0 {
		t.Errorf("unsafe: %q", got)
	}
	if got := rules(t, s, root, "markup/template", check.Options{}); len(got) != 2 {
		t.Errorf("unsafe: templates %q, want 2", got)
	}

	// Off in check.rules, or ignored by the file with a reason.
	root, s = load(t, map[string]string{"carepress.yaml": config + "check: {rules: {markup/template: off}}\n", "content/posts/p.md": post(body)})
	if got := rules(t, s, root, "markup/", check.Options{}); len(got) != 1 || !strings.HasPrefix(got[0], "markup/raw-html") {
		t.Errorf("markup/template off: %q", got)
	}
	ignored := "---\ntitle: A post\ndate: 2026-10-01\ncheck: {ignore: {markup/raw-html: \"a page about HTML\"}}\n---\n" + body
	root, s = load(t, map[string]string{"carepress.yaml": config, "content/posts/p.md": ignored})
	if got := rules(t, s, root, "markup/raw-html", check.Options{}); len(got) != 0 {
		t.Errorf("ignored: %q", got)
	}
}

func TestTrackerIsAnErrorByDefault(t *testing.T) {
	for _, r := range check.Rules {
		if r.ID == "privacy/tracker" && r.Default != check.Error {
			t.Errorf("privacy/tracker defaults to %s", r.Default)
		}
	}
	root, s := load(t, map[string]string{"carepress.yaml": config, "content/posts/p.md": post("<script>fbq('init')</script>")})
	for _, f := range check.Run(t.Context(), s, check.Options{Root: root, Now: now}) {
		if f.Rule == "privacy/tracker" && f.Severity != check.Error {
			t.Errorf("%s", f)
		}
	}
}
