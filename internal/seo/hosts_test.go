package seo_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/seo"
	"github.com/carepress/carepress/internal/site"
)

const defaultCSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

func TestCSPMergesConfiguredSourcesPerDirective(t *testing.T) {
	tests := []struct {
		name    string
		sources map[string][]string
		want    string
	}{
		{"defaults", nil, defaultCSP},
		{"new directive goes last",
			map[string][]string{"frame-src": {"https://www.google.com"}},
			defaultCSP + "; frame-src https://www.google.com"},
		{"existing directive gains the origin",
			map[string][]string{"img-src": {"https://maps.gstatic.com", "'self'"}, "script-src": {"https://book.example"}},
			"default-src 'self'; img-src 'self' data: https://maps.gstatic.com; style-src 'self'; script-src 'self' https://book.example; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
		// What config.Parse refuses never reaches the policy, even from a
		// Config made some other way.
		{"frame-ancestors is never loosened",
			map[string][]string{"frame-ancestors": {"https://partner.example"}, "object-src": {"https://x.example"}, "base-uri": {"https://x.example"}},
			defaultCSP},
		{"no unsafe script source",
			map[string][]string{"script-src": {"'unsafe-inline'", "*", "data:", "https://ok.example"}, "default-src": {"'unsafe-eval'"}},
			"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self' https://ok.example; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
		{"unknown directives and bad sources dropped",
			map[string][]string{"frame src": {"https://a.example"}, "frame-src": {"https://a.example\nX: 1", "https://b.example"}},
			defaultCSP + "; frame-src https://b.example"},
		{"extra directives in name order",
			map[string][]string{"frame-src": {"https://a.example"}, "connect-src": {"'self'", "https://b.example"}},
			defaultCSP + "; connect-src 'self' https://b.example; frame-src https://a.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := &config.Config{BaseURL: "https://example.org/", SEO: config.SEO{CSPSources: tt.sources}}
			if got := seo.CSP(cfg); got != tt.want {
				t.Errorf("CSP\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestCSPMetaLeavesOutWhatAMetaTagCannotCarry(t *testing.T) {
	cfg := &config.Config{BaseURL: "https://example.org/", SEO: config.SEO{CSPSources: map[string][]string{"frame-src": {"https://www.google.com"}}}}
	got := seo.CSPMeta(cfg)
	want := "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-src https://www.google.com"
	if got != want {
		t.Errorf("CSPMeta\n got %s\nwant %s", got, want)
	}
}

func TestHostFilesRefuseCSPSourcesThatBreakThePolicy(t *testing.T) {
	tests := []struct {
		name    string
		sources map[string][]string
		want    string
	}{
		{"semicolon", map[string][]string{"frame-src": {"https://a.example; script-src *"}}, "holds a semicolon"},
		{"newline", map[string][]string{"frame-src": {"https://a.example\nX-Evil: 1"}}, "holds a line break"},
		{"CR", map[string][]string{"frame-src": {"https://a.example\rX-Evil: 1"}}, "holds a line break"},
		{"bad directive", map[string][]string{"frame src": {"https://a.example"}}, "unknown Content-Security-Policy directive"},
		{"frame-ancestors", map[string][]string{"frame-ancestors": {"https://a.example"}}, "frame-ancestors: cannot be changed here"},
		{"unsafe-inline script", map[string][]string{"script-src": {"'unsafe-inline'"}}, "would let injected scripts run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fakeSite()
			s.Config.File = "carepress.yaml"
			s.Config.SEO.CSPSources = tt.sources
			_, err := seo.HostFiles(s)
			var list diag.List
			if !errors.As(err, &list) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "carepress.yaml") {
				t.Errorf("HostFiles error %v, want a diagnostic in carepress.yaml saying %q", err, tt.want)
			}
			// The meta policy never carries the bad value either.
			if m, want := seo.CSPMeta(s.Config), strings.TrimSuffix(defaultCSP, "; frame-ancestors 'none'"); m != want {
				t.Errorf("CSPMeta keeps a bad source: %s", m)
			}
		})
	}
}

func TestHostFiles(t *testing.T) {
	live, draft := fakePost("live", daysFromNow(-1)), fakePost("draft", daysFromNow(-1))
	draft.Draft = true
	tests := []struct {
		name   string
		domain string
		want   map[string]string // file → content; "" for present and empty
		absent []string
	}{
		{"with a domain", "clinic.example.com", map[string]string{
			"_redirects": "/clinic/blog/live.html /clinic/posts/live/ 301\n/clinic/old/live/ /clinic/posts/live/ 301\n",
			".nojekyll":  "",
			"CNAME":      "clinic.example.com\n",
		}, nil},
		{"without a domain", "", map[string]string{".nojekyll": ""}, []string{"CNAME"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fakeSite(live, draft)
			s.Config.Domain = tt.domain
			s.Aliases = []site.Alias{{From: "/old/live/", To: live}, {From: "/old/draft/", To: draft}, {From: "/blog/live.html", To: live}}
			out, err := seo.HostFiles(s)
			if err != nil {
				t.Fatal(err)
			}
			files := map[string]string{}
			for _, o := range out {
				files[o.Path] = string(o.Data)
			}
			for name, want := range tt.want {
				got, ok := files[name]
				if !ok || got != want {
					t.Errorf("%s = %q (written: %v), want %q", name, got, ok, want)
				}
			}
			for _, name := range tt.absent {
				if _, ok := files[name]; ok {
					t.Errorf("%s written", name)
				}
			}
			h := files["_headers"]
			for _, want := range []string{
				"/*\n",
				"  Content-Security-Policy: " + defaultCSP + "\n",
				"  X-Content-Type-Options: nosniff\n",
				"  Referrer-Policy: strict-origin-when-cross-origin\n",
				"  Permissions-Policy: camera=(), microphone=(), geolocation=(), browsing-topics=()\n",
			} {
				if !strings.Contains(h, want) {
					t.Errorf("_headers lacks %q:\n%s", want, h)
				}
			}
		})
	}
}

// An alias with a query is a forced rule with a query match, first in
// _redirects (a host takes the first rule that matches); a draft's is
// not written.
func TestHostFilesQueryAliases(t *testing.T) {
	live, draft := fakePost("live", daysFromNow(-1)), fakePost("draft", daysFromNow(-1))
	draft.Draft = true
	s := fakeSite(live, draft)
	s.Aliases = []site.Alias{{From: "/2019/03/live/", To: live}}
	s.QueryAliases = []site.Alias{{From: "/", Query: "p=12", To: live}, {From: "/", Query: "p=13", To: draft}, {From: "/index.php", Query: "page_id=7", To: live}}
	out, err := seo.HostFiles(s)
	if err != nil {
		t.Fatal(err)
	}
	want := "/clinic/ p=12 /clinic/posts/live/ 301!\n/clinic/index.php page_id=7 /clinic/posts/live/ 301!\n/clinic/2019/03/live/ /clinic/posts/live/ 301\n"
	for _, o := range out {
		if o.Path == "_redirects" && string(o.Data) != want {
			t.Errorf("_redirects:\n%s\nwant:\n%s", o.Data, want)
		}
	}
	s.QueryAliases = []site.Alias{{From: "/", Query: "p=1 /* https://evil.example/ 301!", To: live}}
	if _, err := seo.HostFiles(s); err == nil || !strings.Contains(err.Error(), "would break the _redirects file") {
		t.Errorf("a query with a space: err = %v", err)
	}
}

func TestExampleHostFilesAndAliasPages(t *testing.T) {
	out := buildExampleWith(t, build.Options{BaseURL: "https://example.org/clinic/", Drafts: true, Future: true})
	redirects := string(readOut(t, out, "_redirects"))
	if redirects != "/clinic/blog/flu-shot-2026/ /clinic/posts/flu-vaccine-2026/ 301\n" {
		t.Errorf("_redirects:\n%s", redirects)
	}
	if h := string(readOut(t, out, "_headers")); !strings.Contains(h, "frame-src https://www.google.com") || !strings.Contains(h, "frame-ancestors 'none'") {
		t.Errorf("_headers:\n%s", h)
	}
	if got := string(readOut(t, out, "CNAME")); got != "riverbend.example.com\n" {
		t.Errorf("CNAME = %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, ".nojekyll")); err != nil {
		t.Error(err)
	}
	alias := string(readOut(t, out, "blog/flu-shot-2026/index.html"))
	for _, want := range []string{
		`<meta http-equiv="refresh" content="0; url=https://example.org/clinic/posts/flu-vaccine-2026/">`,
		`<link rel="canonical" href="https://example.org/clinic/posts/flu-vaccine-2026/">`,
		`<meta name="robots" content="noindex">`,
		`<a href="https://example.org/clinic/posts/flu-vaccine-2026/">`,
	} {
		if !strings.Contains(alias, want) {
			t.Errorf("alias page lacks %s:\n%s", want, alias)
		}
	}
}

// TestHostFilesRefuseLineBreaks: the loader refuses these values, but the
// writers of _redirects, _headers and CNAME refuse them again, with an
// error rather than a dropped line, for a model made some other way.
func TestHostFilesRefuseLineBreaks(t *testing.T) {
	live := fakePost("live", daysFromNow(-1))
	tests := []struct {
		name  string
		setup func(s *site.Site)
		want  string
	}{
		{"alias with a newline", func(s *site.Site) {
			s.Aliases = []site.Alias{{From: "/old/\n/* https://evil.example/ 301!", To: live}}
		}, "would break the _redirects file"},
		{"alias with a CR", func(s *site.Site) { s.Aliases = []site.Alias{{From: "/old/\r/*", To: live}} }, "would break the _redirects file"},
		{"alias with U+2028", func(s *site.Site) { s.Aliases = []site.Alias{{From: "/old/\u2028/*", To: live}} }, "would break the _redirects file"},
		{"alias with a space", func(s *site.Site) { s.Aliases = []site.Alias{{From: "/old/ /x", To: live}} }, "would break the _redirects file"},
		{"alias with a NUL", func(s *site.Site) { s.Aliases = []site.Alias{{From: "/old/\x00", To: live}} }, "would break the _redirects file"},
		{"page path with a newline", func(s *site.Site) {
			bad := fakePost("x\n/* https://evil.example/ 301!", daysFromNow(-1))
			s.All = append(s.All, bad)
			s.Posts = append(s.Posts, bad)
			s.Aliases = []site.Alias{{From: "/old/", To: bad}}
		}, "would break the _redirects file"},
		{"domain with a newline", func(s *site.Site) { s.Config.Domain = "clinic.example.com\nevil.example" }, `domain "clinic.example.com\nevil.example" holds a line break`},
		{"domain with a CR", func(s *site.Site) { s.Config.Domain = "clinic.example.com\r" }, "holds a line break"},
		{"domain with a tab", func(s *site.Site) { s.Config.Domain = "clinic.example.com\t" }, "holds a tab"},
		{"domain with U+2029", func(s *site.Site) { s.Config.Domain = "clinic.example.com\u2029" }, "holds a line break"},
		{"domain with a leading space", func(s *site.Site) { s.Config.Domain = " clinic.example.com" }, "starts with a space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fakeSite(live)
			s.Config.File = "carepress.yaml"
			tt.setup(s)
			out, err := seo.HostFiles(s)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("HostFiles = %v, want an error saying %q", err, tt.want)
			}
			if out != nil {
				t.Errorf("HostFiles wrote files along with its error")
			}
		})
	}
}
