package seo

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/site"
)

// HostFiles returns the files static hosts read:
//
//   - _redirects: a 301 from each alias to its page, in the syntax of
//     Netlify and Cloudflare Pages. Hosts that ignore it still redirect,
//     through the alias pages themselves.
//   - _headers: the Content-Security-Policy of CSP and the usual security
//     headers, for every path.
//   - CNAME, naming the configured domain (GitHub Pages).
//   - .nojekyll, so that GitHub Pages serves the files as they are.
//
// It fails when seo.csp_sources holds something that would break the
// policy.
func HostFiles(s *site.Site) ([]Output, error) {
	cfg := s.Config
	if err := checkCSPSources(cfg); err != nil {
		return nil, err
	}
	out := []Output{
		{Path: "_redirects", Data: redirects(s)},
		{Path: "_headers", Data: []byte(headers(cfg))},
		{Path: ".nojekyll", Data: []byte{}},
	}
	if d := strings.TrimSpace(cfg.Domain); d != "" {
		out = append(out, Output{Path: "CNAME", Data: []byte(d + "\n")})
	}
	return out, nil
}

// redirects lists the aliases of public pages, by the path they redirect
// from. Both sides carry the base path: the host serves the site below it.
func redirects(s *site.Site) []byte {
	var lines []string
	for _, a := range s.Aliases {
		if !Public(s, a.To) {
			continue
		}
		lines = append(lines, s.Config.RelURL(a.From)+" "+s.Config.RelURL(a.To.Path)+" 301\n")
	}
	sort.Strings(lines)
	return []byte(strings.Join(lines, ""))
}

func headers(cfg *config.Config) string {
	return "/*\n" +
		"  Content-Security-Policy: " + CSP(cfg) + "\n" +
		"  X-Content-Type-Options: nosniff\n" +
		"  Referrer-Policy: strict-origin-when-cross-origin\n" +
		"  Permissions-Policy: camera=(), microphone=(), geolocation=(), browsing-topics=()\n"
}

// cspDefaults is the policy the default theme satisfies: every script,
// style and font from the site itself, no inline code, images from the
// site or data: URLs, and no framing of the site.
var cspDefaults = []struct {
	Directive string
	Sources   []string
}{
	{"default-src", []string{"'self'"}},
	{"img-src", []string{"'self'", "data:"}},
	{"style-src", []string{"'self'"}},
	{"script-src", []string{"'self'"}},
	{"object-src", []string{"'none'"}},
	{"base-uri", []string{"'self'"}},
	{"form-action", []string{"'self'"}},
	{"frame-ancestors", []string{"'none'"}},
}

// cspMetaless are the directives a <meta http-equiv> policy cannot carry.
var cspMetaless = []string{"frame-ancestors", "report-uri", "sandbox"}

// CSP is the site's Content-Security-Policy: the defaults the theme
// satisfies, with the origins of seo.csp_sources added to their
// directives (replacing 'none'), and directives the defaults lack added
// after them in name order.
func CSP(cfg *config.Config) string {
	return strings.Join(cspDirectives(cfg, false), "; ")
}

// CSPMeta is the policy for a <meta http-equiv="Content-Security-Policy">
// tag, for hosts that ignore _headers: CSP without the directives a meta
// tag cannot carry (frame-ancestors among them).
func CSPMeta(cfg *config.Config) string {
	return strings.Join(cspDirectives(cfg, true), "; ")
}

func cspDirectives(cfg *config.Config, meta bool) []string {
	type directive struct {
		name    string
		sources []string
	}
	var list []*directive
	byName := map[string]*directive{}
	for _, d := range cspDefaults {
		x := &directive{d.Directive, slices.Clone(d.Sources)}
		list = append(list, x)
		byName[d.Directive] = x
	}
	extra := make([]string, 0, len(cfg.SEO.CSPSources))
	for name := range cfg.SEO.CSPSources {
		extra = append(extra, name)
	}
	sort.Strings(extra)
	for _, name := range extra {
		key := strings.ToLower(strings.TrimSpace(name))
		if !validDirective(key) {
			continue // checkCSPSources fails the build
		}
		d, ok := byName[key]
		if !ok {
			d = &directive{name: key}
			list = append(list, d)
			byName[key] = d
		}
		for _, src := range cfg.SEO.CSPSources[name] {
			src = strings.TrimSpace(src)
			if !validSource(src) || slices.Contains(d.sources, src) {
				continue
			}
			if len(d.sources) == 1 && d.sources[0] == "'none'" {
				d.sources = d.sources[:0]
			}
			d.sources = append(d.sources, src)
		}
	}
	var out []string
	for _, d := range list {
		if meta && slices.Contains(cspMetaless, d.name) || len(d.sources) == 0 {
			continue
		}
		out = append(out, d.name+" "+strings.Join(d.sources, " "))
	}
	return out
}

// checkCSPSources reports a directive or source of seo.csp_sources that
// would break the policy or the _headers file, at its line in the
// configuration.
func checkCSPSources(cfg *config.Config) error {
	var errs diag.List
	at := func(key string) diag.Pos {
		p := cfg.Pos[key]
		if p.File == "" {
			p.File = cfg.File
		}
		return p
	}
	names := make([]string, 0, len(cfg.SEO.CSPSources))
	for name := range cfg.SEO.CSPSources {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		key := strings.ToLower(strings.TrimSpace(name))
		if !validDirective(key) {
			errs = append(errs, diag.Errorf(at("seo.csp_sources."+name), "name a fetch directive such as frame-src, img-src or connect-src", "%q is not a Content-Security-Policy directive", name))
			continue
		}
		for i, src := range cfg.SEO.CSPSources[name] {
			if !validSource(strings.TrimSpace(src)) {
				errs = append(errs, diag.Errorf(at(fmt.Sprintf("seo.csp_sources.%s.%d", name, i)), "write one origin such as https://www.google.com, without spaces, commas or semicolons", "%q is not a Content-Security-Policy source", src))
			}
		}
	}
	return errs.Err()
}

func validDirective(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if (c < 'a' || c > 'z') && c != '-' {
			return false
		}
	}
	return true
}

// validSource accepts one source expression: no space, separator or
// control character that would end it or the header line.
func validSource(src string) bool {
	if src == "" {
		return false
	}
	for _, c := range src {
		if c <= ' ' || c == 0x7f || c == ';' || c == ',' || c == '"' || c == '<' || c == '>' {
			return false
		}
	}
	return true
}
