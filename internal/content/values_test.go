package content_test

import (
	"strings"
	"testing"
)

// TestFrontMatterValuesAreCheckedAtLoad tries each front matter value that
// reaches a URL attribute, JSON-LD or _redirects, as an attacker and as a
// careless user would write it: each is an error at its field, in drafts
// and scheduled posts too.
func TestFrontMatterValuesAreCheckedAtLoad(t *testing.T) {
	const head = "---\ntitle: A\ndate: 2026-01-01\n"
	tests := []struct {
		name, file, fm, want string
	}{
		// Aliases, written to _redirects and as alias pages.
		{"alias newline", "content/posts/a.md", `aliases: ["/old/\n/* https://evil.example/ 301!"]`,
			`content/posts/a.md:4:11: alias "/old/\n/* https://evil.example/ 301!" holds a line break (remove it: a path is one line)`},
		{"alias CR", "content/posts/a.md", `aliases: ["/old/\r/*"]`, `content/posts/a.md:4:11: alias "/old/\r/*" holds a line break`},
		{"alias U+2028", "content/posts/a.md", `aliases: ["/old/\u2028/*"]`, `holds a line break`},
		{"alias NEL", "content/posts/a.md", `aliases: ["/old/\x85x"]`, `holds a line break`},
		{"alias tab", "content/posts/a.md", `aliases: ["/old/\tx"]`, `holds a tab`},
		{"alias NUL", "content/posts/a.md", `aliases: ["/old/\0x"]`, `holds a control character (U+0000)`},
		{"alias encoded newline", "content/posts/a.md", `aliases: ["/old/%0a/*"]`, `alias "/old/%0a/*" holds a %-escape`},
		{"alias space", "content/posts/a.md", `aliases: ["/old post/"]`, `alias "/old post/" holds a space`},
		{"alias dot-dot", "content/posts/a.md", `aliases: [/../../etc/]`, `alias "/../../etc/" holds "..", which climbs out of its folder`},
		{"alias two query parameters", "content/posts/a.md", `aliases: ["/?p=123&x=1"]`, `alias "/?p=123&x=1" has a query that is not one name=value`},
		{"alias query with a rule", "content/posts/a.md", `aliases: ["/?p=1 /evil/ 301!"]`, `has a query that is not one name=value`},
		{"alias query after a break", "content/posts/a.md", `aliases: ["/old/\n?p=1"]`, `holds a line break`},
		{"alias fragment", "content/posts/a.md", `aliases: ["/old/#top"]`, `holds a fragment (#)`},
		{"alias backslash", "content/posts/a.md", `aliases: ["\\evil.example"]`, `holds a backslash`},
		{"alias other host", "content/posts/a.md", `aliases: ["//evil.example/x"]`, `alias "//evil.example/x" names another site`},
		{"alias URL", "content/posts/a.md", `aliases: ["https://evil.example/"]`, `is a URL (the https: scheme)`},
		{"alias splat", "content/posts/a.md", `aliases: ["/old/*"]`, `holds '*'`},
		{"alias empty", "content/posts/a.md", `aliases: ["/"]`, `alias "/" is empty`},
		{"second alias", "content/posts/a.md", "aliases:\n  - /fine/\n  - \"/x\\ny\"", `content/posts/a.md:6:5: alias "/x\ny" holds a line break`},
		// Slugs.
		{"slug space", "content/posts/a.md", `slug: "x y"`, `content/posts/a.md:4:7: slug "x y" holds a space (use "x-y")`},
		{"slug newline", "content/posts/a.md", `slug: "x\n/* https://evil.example/ 301!"`, `slug "x\n/* https://evil.example/ 301!" holds a line break (remove it: a path is one line)`},
		{"slug dot-dot", "content/posts/a.md", `slug: ..`, `slug ".." holds ".."`},
		{"slug slash", "content/posts/a.md", `slug: a/b`, `slug "a/b" holds /`},
		{"slug query", "content/posts/a.md", `slug: "a?b"`, `holds a query`},
		{"page slug", "content/about.md", `slug: "about us"`, `content/about.md:4:7: slug "about us" holds a space`},
		// URLs.
		{"canonical javascript", "content/posts/a.md", `canonical: "javascript:alert(1)"`, `content/posts/a.md:4:12: canonical "javascript:alert(1)" uses the javascript: scheme, which is not allowed here`},
		{"canonical mixed case", "content/posts/a.md", `canonical: "JaVaScRiPt:alert(1)"`, `uses the javascript: scheme`},
		{"canonical leading spaces", "content/posts/a.md", `canonical: "  javascript:alert(1)"`, `uses the javascript: scheme`},
		{"canonical tab", "content/posts/a.md", `canonical: "java\tscript:alert(1)"`, `uses the javascript: scheme`},
		{"canonical protocol-relative", "content/posts/a.md", `canonical: "//evil.example/"`, `leads to another site`},
		{"image data", "content/posts/a.md", `image: "data:image/svg+xml,<svg onload=alert(1)>"`, `content/posts/a.md:4:8: image "data:image/svg+xml,<svg onload=alert(1)>" uses the data: scheme`},
		{"image vbscript", "content/posts/a.md", `image: "vbscript:x"`, `uses the vbscript: scheme`},
		{"image dot-dot", "content/posts/a.md", `image: ../../secret.jpg`, `holds a . or .. segment`},
		{"source javascript", "content/posts/a.md", "sources:\n  - {title: CDC, url: \"javascript:alert(1)\"}", `content/posts/a.md:5:23: sources.0.url "javascript:alert(1)" uses the javascript: scheme`},
		{"source line break", "content/posts/a.md", "sources:\n  - {title: CDC, url: \"https://cdc.gov/\\nx\"}", `holds a line break`},
		{"source user name", "content/posts/a.md", "sources:\n  - {title: CDC, url: \"https://cdc.gov@evil.example/\"}", `holds a user name`},
		{"draft too", "content/posts/a.md", "draft: true\ncanonical: \"javascript:alert(1)\"", `content/posts/a.md:5:12: canonical "javascript:alert(1)" uses the javascript: scheme`},
		{"scheduled too", "content/posts/a.md", "publish_date: 2099-01-01\nimage: \"javascript:alert(1)\"", `content/posts/a.md:5:8: image "javascript:alert(1)" uses the javascript: scheme`},
		// People.
		{"same_as javascript", "content/authors/ana.md", `same_as: ["javascript:alert(1)"]`, `content/authors/ana.md:4:11: same_as.0 "javascript:alert(1)" uses the javascript: scheme`},
		{"same_as relative", "content/authors/ana.md", `same_as: [mastodon.social/@ana]`, `same_as.0 "mastodon.social/@ana" is not an absolute http(s) URL`},
		{"same_as empty", "content/authors/ana.md", `same_as: [""]`, `same_as.0 is empty`},
		{"booking_url data", "content/authors/ana.md", `booking_url: "data:text/html,x"`, `content/authors/ana.md:4:14: booking_url "data:text/html,x" uses the data: scheme`},
		{"booking_url line break", "content/authors/ana.md", `booking_url: "https://book.example/\r\nSet-Cookie: x"`, `holds a line break`},
		{"person image", "content/authors/ana.md", `image: "javascript:alert(1)"`, `content/authors/ana.md:4:8: image "javascript:alert(1)" uses the javascript: scheme`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, map[string]string{tt.file: head + tt.fm + "\n---\nText.\n"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n%v\nwant it to contain\n%s", err, tt.want)
			}
		})
	}
}

func TestFrontMatterValuesThatAreFine(t *testing.T) {
	_, err := load(t, map[string]string{
		"content/posts/a/index.md": "---\ntitle: A\ndate: 2026-01-01\nslug: Flu-Shot_2026\naliases: [/blog/old-post/, old.html, /es/clínica/, /2018/03/26/x~y/]\n" +
			"canonical: https://other.example/a/\nimage: cover.jpg\nsources:\n  - {title: CDC, url: \"https://www.cdc.gov/flu/?a=1#b\"}\n---\nText.\n",
		"content/about.md":       "---\ntitle: About\nimage: /images/team.jpg\ncanonical: /about/\n---\nText.\n",
		"content/authors/ana.md": "---\nname: Ana\nsame_as: [\"https://mastodon.social/@ana\"]\nbooking_url: https://book.example/ana\nimage: /images/ana.jpg\n---\n",
	})
	if err != nil {
		t.Error(err)
	}
}
