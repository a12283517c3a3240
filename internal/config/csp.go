package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/carepress/carepress/internal/diag"
)

// seo.csp_sources adds origins to the site's Content-Security-Policy, for
// embeds (a map, a booking widget). It may add, never undo: the policy's
// worth is that an injected script cannot run and the site cannot be
// framed, so what would undo that is refused here, at its line, and the
// policy writer (internal/seo) asks CSPAllowed before it adds a source.

// cspDirectiveNames are the directives of CSP Level 3 and those browsers
// still read, for "did you mean".
var cspDirectiveNames = []string{
	"default-src", "script-src", "script-src-elem", "script-src-attr", "style-src", "style-src-elem", "style-src-attr",
	"img-src", "font-src", "connect-src", "media-src", "object-src", "frame-src", "child-src", "worker-src",
	"manifest-src", "fenced-frame-src", "prefetch-src", "base-uri", "form-action", "frame-ancestors", "sandbox",
	"report-uri", "report-to", "upgrade-insecure-requests", "block-all-mixed-content", "require-trusted-types-for", "trusted-types",
}

// cspLocked are the directives csp_sources may not touch, and why.
var cspLocked = map[string]string{
	"frame-ancestors":           "it stops other sites from framing this one to trick patients into clicks",
	"base-uri":                  "a <base> tag from another origin would load the site's own scripts and links from there",
	"object-src":                "plugins run code the policy cannot control",
	"sandbox":                   "it takes flags, not sources",
	"report-uri":                "reports would carry the pages' addresses to another party",
	"report-to":                 "reports would carry the pages' addresses to another party",
	"upgrade-insecure-requests": "it takes no sources",
	"block-all-mixed-content":   "it takes no sources",
	"require-trusted-types-for": "it takes no sources",
	"trusted-types":             "it takes policy names, not sources",
}

// cspScriptDirectives are the directives that decide which scripts run:
// script-src, its parts, default-src (script-src's fallback), and the
// directives workers fall back through.
var cspScriptDirectives = []string{"default-src", "script-src", "script-src-elem", "script-src-attr", "worker-src", "child-src"}

// cspKeywords are the quoted keywords of a source list.
var cspKeywords = []string{"'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'",
	"'strict-dynamic'", "'report-sample'", "'inline-speculation-rules'"}

// cspScriptUnsafe are the keywords that would let an injected script run.
var cspScriptUnsafe = []string{"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "'strict-dynamic'"}

// CSPAllowed reports whether csp_sources may add source to directive: the
// policy writer's own guard, for configurations not read by Parse.
func CSPAllowed(directive, source string) bool {
	return cspDirectiveProblem(directive) == nil && cspSourceProblem(directive, source) == nil
}

// CSPProblems reports each directive and source of seo.csp_sources that
// is not allowed, at its line. Parse reports them; the writer of _headers
// asks again, for a Config made some other way.
func (c *Config) CSPProblems() diag.List {
	return c.validateCSP(func(key string) diag.Pos {
		p := c.Pos[key]
		p.File = c.File
		return p
	})
}

// validateCSP checks seo.csp_sources, each directive and source at its line.
func (c *Config) validateCSP(at func(string) diag.Pos) diag.List {
	var errs diag.List
	names := make([]string, 0, len(c.SEO.CSPSources))
	for name := range c.SEO.CSPSources {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		key := "seo.csp_sources." + name
		if p := cspDirectiveProblem(name); p != nil {
			errs = append(errs, diag.Errorf(at(key), p.hint, "%s: %s", key, p.msg))
			continue
		}
		for i, src := range c.SEO.CSPSources[name] {
			if p := cspSourceProblem(name, src); p != nil {
				errs = append(errs, diag.Errorf(at(fmt.Sprintf("%s.%d", key, i)), p.hint, "%s: %q %s", key, src, p.msg))
			}
		}
	}
	return errs
}

type cspProblem struct{ msg, hint string }

func cspDirectiveProblem(name string) *cspProblem {
	if why, ok := cspLocked[name]; ok {
		return &cspProblem{"cannot be changed here: " + why, "remove it"}
	}
	if !slices.Contains(cspDirectiveNames, name) {
		hint := diag.DidYouMean(name, cspDirectiveNames)
		if hint == "" {
			hint = "name a directive such as frame-src, img-src or connect-src"
		}
		return &cspProblem{fmt.Sprintf("unknown Content-Security-Policy directive %q", name), hint}
	}
	return nil
}

// cspSourceProblem checks one source expression for directive: one
// token, a keyword written with its quotes, and for the script directives
// nothing that would let an injected script run.
func cspSourceProblem(directive, src string) *cspProblem {
	const oneToken = "write one source per list item, such as https://www.google.com"
	if src == "" {
		return &cspProblem{"is empty", "remove it"}
	}
	for _, r := range src {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			return &cspProblem{"holds a line break", oneToken}
		case r == ' ' || r == '\t':
			return &cspProblem{"holds a space", oneToken}
		case r == ';':
			return &cspProblem{"holds a semicolon, which would end the directive", oneToken}
		case r == ',':
			return &cspProblem{"holds a comma, which would start a second policy", oneToken}
		case r < ' ' || r == 0x7f:
			return &cspProblem{fmt.Sprintf("holds a control character (%U)", r), oneToken}
		case r > 0x7e:
			return &cspProblem{fmt.Sprintf("holds %q", r), "write a host name in its ASCII (xn--) form"}
		case r == '"' || r == '<' || r == '>' || r == '\\':
			return &cspProblem{fmt.Sprintf("holds %q", r), oneToken}
		}
	}
	script := slices.Contains(cspScriptDirectives, directive)
	lower := strings.ToLower(src)
	if strings.HasPrefix(src, "'") {
		switch {
		case lower == "'none'":
			return &cspProblem{"would be ignored: csp_sources only adds sources", "remove it"}
		case strings.HasPrefix(lower, "'nonce-"):
			return &cspProblem{"is a nonce, which a static site cannot renew for each visit", "remove it, or allow the script's origin or its 'sha256-...' hash"}
		case hasHashPrefix(lower):
			if !strings.HasSuffix(src, "'") || len(src) < len("'sha256-x'") {
				return &cspProblem{"is not a complete hash", "write 'sha256-BASE64' with both quotes"}
			}
			return nil
		case !slices.Contains(cspKeywords, lower):
			hint := diag.DidYouMean(src, cspKeywords)
			if hint == "" {
				hint = "known keywords: " + strings.Join(cspKeywords, ", ")
			}
			return &cspProblem{"is not a Content-Security-Policy keyword", hint}
		case script && slices.Contains(cspScriptUnsafe, lower):
			return &cspProblem{fmt.Sprintf("would let injected scripts run through %s", directive), "remove it; load scripts from their origin, e.g. https://widget.example"}
		}
		return nil
	}
	if k := "'" + lower + "'"; slices.Contains(cspKeywords, k) || strings.HasPrefix(k, "'nonce-") || hasHashPrefix(k) {
		return &cspProblem{"is a keyword without its quotes, which the browser reads as a host name", fmt.Sprintf("write \"'%s'\", quotes included", src)}
	}
	if !script {
		return nil
	}
	switch {
	case strings.Contains(src, "*"):
		return &cspProblem{fmt.Sprintf("is a wildcard, which would let scripts from any host run through %s", directive), "name each host in full, e.g. https://widget.example"}
	case strings.HasSuffix(src, ":") && !strings.Contains(src, "/"):
		return &cspProblem{fmt.Sprintf("allows every %s URL as a script through %s", src, directive), "name each host in full, e.g. https://widget.example"}
	case strings.HasPrefix(lower, "http://"):
		return &cspProblem{"loads scripts over plain http, which anyone on the network can replace", "use https://"}
	}
	return nil
}

func hasHashPrefix(s string) bool {
	return strings.HasPrefix(s, "'sha256-") || strings.HasPrefix(s, "'sha384-") || strings.HasPrefix(s, "'sha512-")
}
