package safeurl_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/carepress/carepress/internal/safeurl"
)

// hostile are spellings of a script or data link that browsers run.
var hostile = []string{
	"javascript:alert(1)",
	"JaVaScRiPt:alert(1)",
	"  javascript:alert(1)",
	"\tjavascript:alert(1)",
	"java\tscript:alert(1)",
	"java\nscript:alert(1)",
	"\x00javascript:alert(1)",
	"jav\x01ascript:alert(1)",
	"vbscript:msgbox(1)",
	"data:text/html,<script>alert(1)</script>",
	"DATA:image/svg+xml;base64,PHN2Zz4=",
	"file:///etc/passwd",
	"livescript:alert(1)",
	"blob:https://x.example/1",
	"ftp://x.example/",
	"averyveryverylongschemename:x",
}

func TestCheckRefusesScriptAndOtherSchemes(t *testing.T) {
	for _, k := range []safeurl.Kind{safeurl.Link, safeurl.Resource, safeurl.Web, safeurl.Base} {
		for _, u := range hostile {
			p := safeurl.Check(u, k)
			if p == nil {
				t.Errorf("Check(%q, %d) = nil, want a problem", u, k)
				continue
			}
			if !strings.Contains(p.Msg, "scheme") {
				t.Errorf("Check(%q, %d) = %q, want it to name the scheme", u, k, p.Msg)
			}
		}
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		u    string
		k    safeurl.Kind
		want string // "" for valid; else a part of the problem's Msg
	}{
		// Links.
		{"https://www.example.com/book/?id=3#now", safeurl.Link, ""},
		{"http://example.com", safeurl.Link, ""},
		{"HTTPS://EXAMPLE.COM/", safeurl.Link, ""},
		{"mailto:hello@riverbend.example.com", safeurl.Link, ""},
		{"tel:+1-555-010-0100", safeurl.Link, ""},
		{"/contact/", safeurl.Link, ""},
		{"/contact/#map", safeurl.Link, ""},
		{"contact/", safeurl.Link, ""},
		{"#main", safeurl.Link, ""},
		{"https://bücher.example/", safeurl.Link, ""},
		{"http://[::1]:1313/", safeurl.Link, ""},
		{"mailto:", safeurl.Link, "has no address"},
		{"tel:call-us", safeurl.Link, "has no phone number"},
		{"//evil.example/x", safeurl.Link, "leads to another site"},
		{"/\\evil.example/x", safeurl.Link, "backslash"},
		{"https:\\\\evil.example", safeurl.Link, "backslash"},
		{"/../x", safeurl.Link, ".. segment"},
		{"/a/./b", safeurl.Link, ". segment"},
		{"/contact/\n/* https://evil.example/ 301!", safeurl.Link, "line break"},
		{"/contact/\r", safeurl.Link, "line break"},
		{"/contact/\u2028x", safeurl.Link, "line break"},
		{"/contact/\u0085x", safeurl.Link, "line break"},
		{"/con tact/", safeurl.Link, "a space"},
		{" /contact/", safeurl.Link, "starts with a space"},
		{"/contact/ ", safeurl.Link, "ends with a space"},
		{"/contact/\u00a0", safeurl.Link, "U+00A0"},
		{"/con\ttact/", safeurl.Link, "a tab"},
		{"/con\x00tact/", safeurl.Link, "U+0000"},
		{"/con\u200btact/", safeurl.Link, "invisible"},
		{"/con\u202etact/", safeurl.Link, "invisible"},
		{"https://evil.example\u2028.good.example/", safeurl.Link, "line break"},
		{"https://bank.example@evil.example/", safeurl.Link, "user name"},
		{"https://user:pw@x.example/", safeurl.Link, "user name"},
		{"https://", safeurl.Link, "has no host"},
		{"http:/x.example", safeurl.Link, "has no host"},
		{"https:x.example", safeurl.Link, "has no host"},
		{"https://x_y.example/", safeurl.Link, "in its host name"},
		{"https://x..example/", safeurl.Link, "empty part"},
		{"https://x.example:port/", safeurl.Link, "not a URL"},
		{"/bad\xff", safeurl.Link, "UTF-8"},
		{"", safeurl.Link, "is empty"},
		// Resources: no mailto or tel.
		{"/images/logo.svg", safeurl.Resource, ""},
		{"cover.jpg", safeurl.Resource, ""},
		{"https://cdn.example/a.png", safeurl.Resource, ""},
		{"mailto:a@b.example", safeurl.Resource, "mailto: scheme"},
		{"tel:911", safeurl.Resource, "tel: scheme"},
		{"../other/cover.jpg", safeurl.Resource, ".. segment"},
		// Web addresses: absolute only.
		{"https://www.cdc.gov/flu/", safeurl.Web, ""},
		{"/flu/", safeurl.Web, "not an absolute http(s) URL"},
		{"www.cdc.gov/flu/", safeurl.Web, "not an absolute http(s) URL"},
		{"mailto:a@b.example", safeurl.Web, "mailto: scheme"},
		// Base URLs: no query, fragment or user name.
		{"https://riverbend.example.com/", safeurl.Base, ""},
		{"https://riverbend.example.com/clinic/", safeurl.Base, ""},
		{"http://localhost:1313/", safeurl.Base, ""},
		{"https://riverbend.example.com/?x=1", safeurl.Base, "query"},
		{"https://riverbend.example.com/?", safeurl.Base, "query"},
		{"https://riverbend.example.com/#top", safeurl.Base, "fragment"},
		{"https://riverbend.example.com/#", safeurl.Base, "fragment"},
		{"https://admin@riverbend.example.com/", safeurl.Base, "user name"},
		{"https://riverbend.example.com/a/../b/", safeurl.Base, ".. segment"},
		{"https://riverbend.example.com/ clinic/", safeurl.Base, "a space"},
		{"/clinic/", safeurl.Base, "not an absolute http(s) URL"},
	}
	for _, tt := range tests {
		p := safeurl.Check(tt.u, tt.k)
		switch {
		case tt.want == "" && p != nil:
			t.Errorf("Check(%q, %d) = %q, want nil", tt.u, tt.k, p.Msg)
		case tt.want != "" && p == nil:
			t.Errorf("Check(%q, %d) = nil, want a problem saying %q", tt.u, tt.k, tt.want)
		case p != nil && !strings.Contains(p.Msg, tt.want):
			t.Errorf("Check(%q, %d) = %q, want %q in it", tt.u, tt.k, p.Msg, tt.want)
		case p != nil && p.Hint == "":
			t.Errorf("Check(%q, %d) has no hint", tt.u, tt.k)
		}
	}
}

func TestPathAndSlug(t *testing.T) {
	tests := []struct {
		s          string
		path, slug string // "" for valid; else a part of the problem's Msg
	}{
		{"/blog/old-post/", "", "holds /"},
		{"blog/old_post.html", "", "holds /"},
		{"old-post", "", ""},
		{"Old-Post~2", "", ""},
		{"/es/clínica/", "", "holds /"},
		{"café", "", ""},
		{"", "is empty", "is empty"},
		{"/", "is empty", "holds /"},
		{"x y", "a space", "a space"},
		{"/old/\n/* https://evil.example/ 301!", "line break", "line break"},
		{"/old/\r\n/*", "line break", "line break"},
		{"/old/\u2028x", "line break", "line break"},
		{"/old/\u2029x", "line break", "line break"},
		{"/old/\tx", "a tab", "a tab"},
		{"/old/\x00x", "control character", "control character"},
		{"/old/\x7f", "control character", "control character"},
		{"/old/\u200dx", "invisible", "invisible"},
		{"/old/%0a/*", "%-escape", "holds /"},
		{"old%0a", "%-escape", "%-escape"},
		{"/old/%0D%0A", "%-escape", "holds /"},
		{"/../x", "holds \"..\"", "holds \"..\""},
		{"/old/../../etc/", "holds \"..\"", "holds \"..\""},
		{"..", "holds \"..\"", "holds \"..\""},
		{"/a/./b/", ". segment", ". segment"},
		{"/old/?p=123", "query", "holds /"},
		{"old?p=123", "query", "query"},
		{"/old/#part", "fragment", "holds /"},
		{"old#part", "fragment", "fragment"},
		{"\\evil.example", "backslash", "backslash"},
		{"/old\\x", "backslash", "holds /"},
		{"//evil.example/x", "another site", "holds /"},
		{"https://evil.example/", "is a URL", "is a URL"},
		{"javascript:alert(1)", "is a URL", "is a URL"},
		{"  JaVaScRiPt:alert(1)", "is a URL", "is a URL"},
		{"/news/:year/", "':'", "holds /"},
		{"news:", "is a URL", "is a URL"},
		{"/old/*", "'*'", "holds /"},
		{"old*", "'*'", "'*'"},
		{"/old/ 301!", "a space", "a space"},
		{"/old/\"<x>", "not a path character", "holds /"},
		{"old<x>", "not a path character", "not a path character"},
		{"/bad\xff", "UTF-8", "UTF-8"},
	}
	for _, tt := range tests {
		for _, c := range []struct {
			name  string
			check func(string) *safeurl.Problem
			want  string
		}{{"Path", safeurl.Path, tt.path}, {"Slug", safeurl.Slug, tt.slug}} {
			p := c.check(tt.s)
			switch {
			case c.want == "" && p != nil:
				t.Errorf("%s(%q) = %q, want nil", c.name, tt.s, p.Msg)
			case c.want != "" && p == nil:
				t.Errorf("%s(%q) = nil, want a problem saying %q", c.name, tt.s, c.want)
			case p != nil && !strings.Contains(p.Msg, c.want):
				t.Errorf("%s(%q) = %q, want %q in it", c.name, tt.s, p.Msg, c.want)
			}
		}
	}
}

func TestHost(t *testing.T) {
	tests := []struct{ h, want string }{
		{"riverbend.example.com", ""},
		{"www.riverbend-clinic.example", ""},
		{"Riverbend.Example", ""},
		{"xn--bcher-kva.example", ""},
		{"", "is empty"},
		{"localhost", "not a full host name"},
		{"riverbend.example.com.", "ends with a dot"},
		{"https://riverbend.example.com/", "is a URL"},
		{"riverbend.example.com/clinic", "holds a path"},
		{"riverbend.example.com:8080", "holds a port"},
		{"riverbend.example.com\nevil.example", "line break"},
		{"riverbend.example.com\r", "line break"},
		{"riverbend.example.com\u2028", "line break"},
		{" riverbend.example.com", "starts with a space"},
		{"river bend.example", "a space"},
		{"river\x00bend.example", "control character"},
		{"river_bend.example", "holds '_'"},
		{"bücher.example", "xn--"},
		{"-riverbend.example", "hyphen"},
		{"riverbend..example", "empty part"},
		{"10.0.0.1", "IP address"},
		{strings.Repeat("a", 64) + ".example", "63"},
	}
	for _, tt := range tests {
		p := safeurl.Host(tt.h)
		switch {
		case tt.want == "" && p != nil:
			t.Errorf("Host(%q) = %q, want nil", tt.h, p.Msg)
		case tt.want != "" && p == nil:
			t.Errorf("Host(%q) = nil, want a problem saying %q", tt.h, tt.want)
		case p != nil && !strings.Contains(p.Msg+" "+p.Hint, tt.want):
			t.Errorf("Host(%q) = %q (%s), want %q in it", tt.h, p.Msg, p.Hint, tt.want)
		}
	}
}

func TestSafe(t *testing.T) {
	for _, u := range hostile {
		if safeurl.Safe(u) || safeurl.Safe([]byte(u)) {
			t.Errorf("Safe(%q) = true", u)
		}
	}
	for _, u := range []string{"https://x.example/", "HTTP://x", "mailto:a@b", "tel:911", "/a:b", "a/b:c", "?q=a:b", "#x:y", "", "page"} {
		if !safeurl.Safe(u) {
			t.Errorf("Safe(%q) = false", u)
		}
	}
}

func TestHasBreak(t *testing.T) {
	for _, s := range []string{"a\nb", "a\rb", "a\x00", "\u2028", "\u2029", "a\u0085", "\t", "\x7f"} {
		if !safeurl.HasBreak(s) {
			t.Errorf("HasBreak(%q) = false", s)
		}
	}
	for _, s := range []string{"", "/old/ /new/ 301", "café"} {
		if safeurl.HasBreak(s) {
			t.Errorf("HasBreak(%q) = true", s)
		}
	}
}

// browserScheme is an independent reading of a URL's scheme the way the
// URL standard does it: leading C0 controls and spaces stripped, tabs and
// newlines removed anywhere, then letters, digits, + - . up to a colon.
func browserScheme(u string) string {
	u = strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	u = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(u)
	for i, r := range u {
		if r == ':' && i > 0 {
			return strings.ToLower(u[:i])
		}
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || i > 0 && (unicode.IsDigit(r) || r == '+' || r == '-' || r == '.'))) {
			return ""
		}
	}
	return ""
}

// FuzzCheck holds the rule against any input: whatever Check accepts has
// no line break or control character, and no scheme a browser would read
// as anything but http, https, mailto or tel; whatever Path accepts stays
// one line and one path inside the site.
func FuzzCheck(f *testing.F) {
	for _, u := range hostile {
		f.Add(u)
	}
	for _, u := range []string{"/old/\n/* https://evil.example/ 301!", "/contact/", "https://x.example/?a=b#c", "mailto:a@b", "tel:+1", "//evil", "/../x", "%0a", "\u2028", "x y"} {
		f.Add(u)
	}
	f.Fuzz(func(t *testing.T, u string) {
		for _, k := range []safeurl.Kind{safeurl.Link, safeurl.Resource, safeurl.Web, safeurl.Base} {
			if safeurl.Check(u, k) != nil {
				continue
			}
			if safeurl.HasBreak(u) || strings.ContainsFunc(u, unicode.IsSpace) {
				t.Fatalf("Check(%q, %d) accepts a control character or space", u, k)
			}
			switch s := browserScheme(u); s {
			case "", "http", "https":
			case "mailto", "tel":
				if k != safeurl.Link {
					t.Fatalf("Check(%q, %d) accepts %s:", u, k, s)
				}
			default:
				t.Fatalf("Check(%q, %d) accepts the %s: scheme", u, k, s)
			}
			if !safeurl.Safe(u) {
				t.Fatalf("Check(%q, %d) accepts what Safe refuses", u, k)
			}
		}
		if safeurl.Path(u) == nil {
			if safeurl.HasBreak(u) || strings.ContainsFunc(u, unicode.IsSpace) || strings.ContainsAny(u, "?#\\%*:") || strings.Contains(u, "..") || strings.HasPrefix(u, "//") {
				t.Fatalf("Path(%q) accepts it", u)
			}
		}
		if safeurl.Slug(u) == nil && strings.Contains(u, "/") {
			t.Fatalf("Slug(%q) accepts a /", u)
		}
		if safeurl.Host(u) == nil && strings.ContainsFunc(u, func(r rune) bool { return r != '.' && r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			t.Fatalf("Host(%q) accepts it", u)
		}
	})
}

// An alias is a path, or a path and one query parameter: a WordPress
// post's old ?p=123. Nothing a _redirects line gives a meaning, nor a
// second parameter, gets through.
func TestAlias(t *testing.T) {
	tests := []struct{ a, want string }{
		{"/2019/03/flu-shots/", ""},
		{"/?p=123", ""},
		{"/index.php?page_id=7", ""},
		{"/blog/?cat=3", ""},
		{"/old.html", ""},
		{"/?p=123&x=1", "one name=value"},
		{"/?p=", "one name=value"},
		{"/?=3", "one name=value"},
		{"/?p", "one name=value"},
		{"/?p=1 /evil/ 301!", "one name=value"},
		{"/?p=:id", "one name=value"},
		{"/?p=1\n/* https://evil.example/ 301!", "one name=value"},
		{"/?p=%0a", "one name=value"},
		{"?p=1", "start with /"},
		{"//?p=1", "holds //"},
		{"//evil.example/?p=1", "names another site"},
		{"/../x?p=1", "climbs out"},
		{"/a b?p=1", "space"},
		{"https://x.example/?p=1", "does not start with /"},
		{"/old/#x", "fragment"},
		{"/", "empty"},
	}
	for _, tt := range tests {
		p := safeurl.Alias(tt.a)
		switch {
		case tt.want == "" && p != nil:
			t.Errorf("Alias(%q) = %q, want nil", tt.a, p.Msg)
		case tt.want != "" && p == nil:
			t.Errorf("Alias(%q) = nil, want a problem saying %q", tt.a, tt.want)
		case p != nil && !strings.Contains(p.Msg, tt.want):
			t.Errorf("Alias(%q) = %q, want %q in it", tt.a, p.Msg, tt.want)
		}
	}
}
