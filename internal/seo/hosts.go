package seo

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/safeurl"
	"github.com/carepress/carepress/internal/site"
)

// HostFiles returns the files static hosts read:
//
//   - _redirects: a 301 from each alias to its page, in the syntax of
//     Netlify and Cloudflare Pages. Hosts that ignore it still redirect,
//     through the alias pages themselves. An alias with a query
//     (/?p=123) is a rule with a query match, "/ p=123 /posts/x/ 301!",
//     forced since its path is a page; Netlify follows it, Cloudflare
//     Pages skips the line (it takes no query match), and hosts that
//     read no _redirects (GitHub Pages) serve the path's own page.
//   - _headers: the Content-Security-Policy of CSP and the usual security
//     headers, for every path.
//   - CNAME, naming the configured domain (GitHub Pages).
//   - .nojekyll, so that GitHub Pages serves the files as they are.
//
// The loader has checked every value these files hold (package safeurl);
// they check again that none would add a line of its own, since one line
// break in an alias would write a redirect rule of the attacker's, and
// fail rather than drop it.
func HostFiles(s *site.Site) ([]Output, error) {
	cfg := s.Config
	if err := cfg.CSPProblems().Err(); err != nil {
		return nil, err
	}
	red, err := redirects(s)
	if err != nil {
		return nil, err
	}
	csp := CSP(cfg)
	if safeurl.HasBreak(csp) {
		return nil, diag.Errorf(diag.Pos{File: cfg.File}, "remove it from seo.csp_sources", "the Content-Security-Policy holds a line break or control character")
	}
	out := []Output{
		{Path: "_redirects", Data: red},
		{Path: "_headers", Data: []byte(headers(csp))},
		{Path: ".nojekyll", Data: []byte{}},
	}
	if d := cfg.Domain; d != "" {
		if p := safeurl.Host(d); p != nil {
			pos := cfg.Pos["domain"]
			pos.File = cfg.File
			return nil, p.At(pos, "domain", d)
		}
		out = append(out, Output{Path: "CNAME", Data: []byte(d + "\n")})
	}
	return out, nil
}

// redirects lists the aliases of public pages, by the path they redirect
// from. Both sides carry the base path: the host serves the site below it.
// Each line is three fields: a field with a space or a line break in it is
// refused, whatever let it through.
func redirects(s *site.Site) ([]byte, error) {
	var lines []string
	for _, a := range s.Aliases {
		if !Public(s, a.To) {
			continue
		}
		from, to := s.Config.RelURL(a.From), s.Config.RelURL(a.To.Path)
		if !redirectField(from) || !redirectField(to) {
			pos := diag.Pos{File: s.Config.File}
			if a.To.Source != nil {
				pos = a.To.Source.At("aliases")
			}
			return nil, diag.Errorf(pos, "write the alias as a path such as /blog/old-post/", "alias %q of %s would break the _redirects file", a.From, a.To.Path)
		}
		lines = append(lines, from+" "+to+" 301\n")
	}
	sort.Strings(lines)
	// The query rules come first: a host takes the first rule that
	// matches, and the path of one may be another's alias.
	var query []string
	for _, a := range s.QueryAliases {
		if !Public(s, a.To) {
			continue
		}
		from, to := s.Config.RelURL(a.From), s.Config.RelURL(a.To.Path)
		if !redirectField(from) || !redirectField(to) || !redirectField(a.Query) || strings.Count(a.Query, "=") != 1 {
			pos := diag.Pos{File: s.Config.File}
			if a.To.Source != nil {
				pos = a.To.Source.At("aliases")
			}
			return nil, diag.Errorf(pos, "write the alias as /?p=123", "alias %q of %s would break the _redirects file", a.From+"?"+a.Query, a.To.Path)
		}
		query = append(query, from+" "+a.Query+" "+to+" 301!\n")
	}
	sort.Strings(query)
	return []byte(strings.Join(append(query, lines...), "")), nil
}

// redirectField reports whether v can be a field of a _redirects line: not
// empty, and no space or control character that would end it or the line.
func redirectField(v string) bool {
	return v != "" && !safeurl.HasBreak(v) && !strings.ContainsFunc(v, unicode.IsSpace)
}

func headers(csp string) string {
	return "/*\n" +
		"  Content-Security-Policy: " + csp + "\n" +
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
// directives, and directives the defaults lack added after them in name
// order. What config.CSPAllowed refuses is never added.
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
		d, ok := byName[name]
		if !ok {
			d = &directive{name: name}
			list = append(list, d)
			byName[name] = d
		}
		for _, src := range cfg.SEO.CSPSources[name] {
			// config.Parse and HostFiles refuse what is not allowed; a
			// Config made some other way must not loosen the policy
			// either.
			if config.CSPAllowed(name, src) && !slices.Contains(d.sources, src) {
				d.sources = append(d.sources, src)
			}
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
