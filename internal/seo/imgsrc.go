package seo

import (
	"net/url"
	"strings"

	"github.com/carepress/carepress/internal/config"
)

// ImagePolicy is the img-src directive of the site's Content-Security-Policy
// (CSP), to tell before publishing whether a browser will load an image:
// one hot-linked from a host the policy does not name is blocked, and
// readers see nothing in its place.
type ImagePolicy struct {
	sources []string
	self    *url.URL // the site's public origin; nil when unknown
}

// NewImagePolicy reads cfg's img-src sources. publicBase is the site's
// address as published (base_url before a --base-url override, which
// serve makes), for 'self'.
func NewImagePolicy(cfg *config.Config, publicBase string) *ImagePolicy {
	p := &ImagePolicy{}
	for _, d := range cspDirectives(cfg, false) {
		if f := strings.Fields(d); len(f) > 0 && f[0] == "img-src" {
			p.sources = f[1:]
		}
	}
	if u, err := url.Parse(publicBase); err == nil && u.Host != "" {
		p.self = u
	}
	return p
}

// Allows reports whether the policy lets a page load the image at src.
// Relative URLs are the site's own and always allowed; absolute ones are
// matched as CSP Level 3 matches a URL against a source list (schemes,
// wildcard hosts, ports and paths; http sources also allow https).
func (p *ImagePolicy) Allows(src string) bool {
	if !strings.HasPrefix(src, "//") && !strings.Contains(src, ":") {
		return true
	}
	u, err := url.Parse(strings.TrimSpace(src))
	if err != nil {
		return false
	}
	if u.Scheme == "" && u.Host == "" {
		return true // "img/a:b.png" is a path
	}
	if u.Scheme == "" { // "//host/x": the page's own scheme
		u.Scheme = "https"
		if p.self != nil {
			u.Scheme = p.self.Scheme
		}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Host == "" && u.Scheme != "data" {
		return false
	}
	for _, s := range p.sources {
		if p.matches(s, u) {
			return true
		}
	}
	return false
}

// schemeAllows reports whether a source's scheme admits the URL's: the
// same, or https where the source says http (an upgrade).
func schemeAllows(source, scheme string) bool {
	return source == scheme || source == "http" && scheme == "https"
}

func (p *ImagePolicy) matches(src string, u *url.URL) bool {
	s := strings.ToLower(src)
	switch {
	case s == "*":
		return u.Scheme == "http" || u.Scheme == "https"
	case s == "'self'":
		return p.self != nil && schemeAllows(strings.ToLower(p.self.Scheme), u.Scheme) &&
			strings.EqualFold(p.self.Hostname(), u.Hostname()) && port(p.self) == port(u)
	case strings.HasPrefix(s, "'"):
		return false // 'none', nonces, hashes: never an image URL
	case strings.HasSuffix(s, ":") && !strings.Contains(s, "/"):
		return schemeAllows(strings.TrimSuffix(s, ":"), u.Scheme)
	}
	// A host source: [scheme://]host[:port][/path]
	rest := src
	if scheme, after, ok := strings.Cut(rest, "://"); ok {
		if !schemeAllows(strings.ToLower(scheme), u.Scheme) {
			return false
		}
		rest = after
	} else {
		own := "https"
		if p.self != nil {
			own = strings.ToLower(p.self.Scheme)
		}
		if !schemeAllows(own, u.Scheme) {
			return false
		}
	}
	hostPort, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		hostPort, path = rest[:i], rest[i:]
	}
	host, srcPort := hostPort, ""
	if i := strings.LastIndexByte(hostPort, ':'); i >= 0 && !strings.Contains(hostPort[i:], "]") {
		host, srcPort = hostPort[:i], hostPort[i+1:]
	}
	h := strings.ToLower(u.Hostname())
	host = strings.ToLower(host)
	if wild, ok := strings.CutPrefix(host, "*."); ok {
		if !strings.HasSuffix(h, "."+wild) {
			return false
		}
	} else if host != h {
		return false
	}
	switch {
	case srcPort == "*":
	case srcPort == "":
		if u.Port() != "" && u.Port() != defaultPort(u.Scheme) {
			return false
		}
	case srcPort != port(u):
		return false
	}
	if path == "" || path == "/" {
		return true
	}
	up := u.EscapedPath()
	if dec, err := url.PathUnescape(up); err == nil {
		up = dec
	}
	if strings.HasSuffix(path, "/") {
		return strings.HasPrefix(up, path)
	}
	return up == path
}

// port is u's port, or its scheme's default.
func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	return defaultPort(strings.ToLower(u.Scheme))
}

func defaultPort(scheme string) string {
	switch scheme {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}
