package seo_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/markdown"
	"github.com/carepress/carepress/internal/safeurl"
	"github.com/carepress/carepress/internal/seo"
	"github.com/carepress/carepress/internal/site"
	"go.yaml.in/yaml/v3"
)

// redirectLine is the only line _redirects may hold: a path, a path, 301,
// or a path, one name=value query match, a path, 301! (an alias with a
// query).
var redirectLine = regexp.MustCompile(`^/[^\s]* (/[^\s]* 301|[A-Za-z0-9_.-]+=[A-Za-z0-9_.-]+ /[^\s]* 301!)$`)

// FuzzHostFilesNeverInjectALine feeds arbitrary aliases, slugs, domains and
// URLs through the whole load (carepress.yaml and front matter, as a user
// would write them) and the host file writers. Whatever gets through, no
// value adds a line of its own to _redirects, _headers or CNAME, and no URL
// a page links to has a scheme a browser would run.
func FuzzHostFilesNeverInjectALine(f *testing.F) {
	for _, seed := range [][4]string{
		{"/old/", "flu-shot", "riverbend.example.com", "/contact/"},
		{"/old/\n/* https://evil.example/ 301!", "x y", "riverbend.example.com\nevil.example", "javascript:alert(1)"},
		{"/old/\r\n/*", "x\u2028y", "riverbend.example.com\r", "JaVaScRiPt:alert(1)"},
		{"/old/%0a/*", "a%0ab", " riverbend.example.com", "  javascript:alert(1)"},
		{"//evil.example/x", "../x", "https://riverbend.example.com/", "java\tscript:alert(1)"},
		{"/../x", "a/b", "riverbend.example.com:443", "//evil.example"},
		{"/old/\u2029x", "x\x00y", "river bend.example", "data:text/html,x"},
		{"/old/* https://evil.example 301!", "ok", "riverbend.example.com", "mailto:hello@riverbend.example.com"},
		{"/blog/old.html", "Flu_Shot", "www.riverbend.example.com", "tel:+1-555-010-0100"},
		{"/?p=123", "flu", "riverbend.example.com", "/contact/"},
		{"/?p=1 /* https://evil.example/ 301!", "flu", "riverbend.example.com", "/contact/"},
		{"/?p=1\n/* https://evil.example/ 301!", "flu", "riverbend.example.com", "/contact/"},
		{"/index.php?page_id=7&x=/*", "flu", "riverbend.example.com", "/contact/"},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3])
	}
	// One bad value at a time, the others fine, so that each check is the
	// only one in the way.
	for _, a := range []string{"/old/\n/* https://evil.example/ 301!", "/old/\r/*", "/old/\u2028/*", "/old/ /x 302", "/old/%0a/*"} {
		f.Add(a, "ok", "riverbend.example.com", "/contact/")
	}
	for _, sl := range []string{"x\n/* https://evil.example/ 301!", "x y", "x\ty"} {
		f.Add("/old/", sl, "riverbend.example.com", "/contact/")
	}
	for _, d := range []string{"riverbend.example.com\nevil.example", "riverbend.example.com\r", "riverbend.example.com\u2028"} {
		f.Add("/old/", "ok", d, "/contact/")
	}
	cfgText := func(domain, menuURL string) []byte {
		b, err := yaml.Marshal(map[string]any{
			"title": "Test Clinic", "base_url": "https://test.example.com/clinic/", "timezone": "America/Chicago",
			"domain": domain, "menu": []map[string]string{{"name": "X", "url": menuURL}},
		})
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	conv := markdown.New(markdown.Options{BasePath: "/clinic"})
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, alias, slug, domain, menuURL string) {
		fm, err := yaml.Marshal(map[string]any{"title": "A", "date": "2026-01-01", "slug": slug, "aliases": []string{alias, "/fine/"}, "canonical": menuURL})
		if err != nil {
			return
		}
		fsys := fstest.MapFS{
			"carepress.yaml":     {Data: cfgText(domain, menuURL)},
			"content/posts/a.md": {Data: []byte("---\n" + string(fm) + "---\nText.\n")},
		}
		cfg, err := config.Load(fsys)
		if err != nil {
			return
		}
		for _, m := range cfg.Menu {
			if !safeurl.Safe(m.URL) || safeurl.HasBreak(m.URL) {
				t.Fatalf("menu url %q accepted", m.URL)
			}
		}
		set, errs := content.Load(context.Background(), fsys, content.Options{Config: cfg, Converter: conv})
		if errs.Err() != nil {
			return
		}
		s, errs := site.New(context.Background(), cfg, set, site.Options{Now: now})
		if errs.Err() != nil {
			return
		}
		for _, p := range s.Posts {
			if c := p.Meta.Canonical; c != "" && !safeurl.Safe(c) {
				t.Fatalf("canonical %q accepted", c)
			}
		}
		out, err := seo.HostFiles(s)
		if err != nil {
			return
		}
		files := map[string]string{}
		for _, o := range out {
			files[o.Path] = string(o.Data)
		}
		red := strings.TrimSuffix(files["_redirects"], "\n")
		lines := strings.Split(red, "\n")
		if len(lines) != len(s.Aliases)+len(s.QueryAliases) {
			t.Fatalf("_redirects has %d lines for %d aliases:\n%s", len(lines), len(s.Aliases), files["_redirects"])
		}
		for _, l := range lines {
			if !redirectLine.MatchString(l) || safeurl.HasBreak(l) {
				t.Fatalf("_redirects line %q", l)
			}
		}
		if h := files["_headers"]; strings.Count(h, "\n") != 5 || safeurl.HasBreak(strings.ReplaceAll(h, "\n", "")) || !strings.HasPrefix(h, "/*\n  Content-Security-Policy: ") {
			t.Fatalf("_headers:\n%s", h)
		}
		if c, ok := files["CNAME"]; ok && (c != cfg.Domain+"\n" || strings.Count(c, "\n") != 1 || strings.ContainsFunc(cfg.Domain, func(r rune) bool { return r <= ' ' || r > '~' })) {
			t.Fatalf("CNAME %q", c)
		}
	})
}
