// Package safeurl is carepress's one rule for the URLs, paths and host
// names a user writes, in carepress.yaml and in front matter alike. Every
// such value ends up in an HTML attribute, in JSON-LD or in a file a static
// host reads (_redirects, _headers, CNAME), so it is checked once, where it
// is loaded, and refused rather than repaired:
//
//   - a link (Link) is http, https, mailto, tel or a path on the site;
//   - a resource (Resource: an image, a canonical, a logo) is http, https
//     or a path on the site;
//   - a web address (Web: sources, same_as, booking and portal URLs) is an
//     absolute http(s) URL with a host and no user name;
//   - a base URL (Base) is a web address with no query or fragment;
//   - an alias (Alias) is a path (Path) with, at most, one query
//     parameter: the old ?p=123 of a WordPress post;
//   - a path (Path) and a slug (Slug) hold path characters only;
//   - a domain (Host) is a bare host name.
//
// Whitespace, control characters (tab, CR, LF, NUL, U+2028 and the rest)
// and invisible format characters are refused in all of them, and a scheme
// is read the way a browser reads it ("  JaVa\tScRiPt:" is javascript:), so
// that no spelling slips a script link or a second line past the rule. The
// markdown converter uses Safe, the same scheme rule, for links in text.
package safeurl

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/carepress/carepress/internal/diag"
)

// Kind is what a URL field holds, and so which URLs it accepts.
type Kind int

// The kinds of URL field.
const (
	// Link is a link a reader follows: http, https, mailto, tel, or a
	// path on the site ("/contact/", "#map").
	Link Kind = iota
	// Resource is something a page loads or names as itself (an image,
	// a favicon, a canonical): http, https or a path on the site.
	Resource
	// Web is an address on another site: an absolute http(s) URL.
	Web
	// Base is the site's own address (base_url): an absolute http(s) URL
	// with no query or fragment.
	Base
)

// maxScheme is the longest scheme Safe reads; a longer one is never one
// of the allowed schemes.
const maxScheme = 16

// Problem is what is wrong with a value, and how to fix it.
type Problem struct {
	// Msg follows the value in a sentence: `"x y" holds a space`.
	Msg string
	// Hint says how to fix it.
	Hint string
}

func (p *Problem) Error() string { return p.Msg + " (" + p.Hint + ")" }

// At is p as a diagnostic for the value of field at pos:
//
//	carepress.yaml:4:8: menu.0.url "javascript:alert(1)" uses the javascript: scheme (...)
func (p *Problem) At(pos diag.Pos, field, value string) *diag.Error {
	return diag.Errorf(pos, p.Hint, "%s %q %s", field, value, p.Msg)
}

func problem(hint, format string, args ...any) *Problem {
	return &Problem{Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// scheme reads u's scheme as a browser does: the characters before the
// first colon, lowercased, skipping spaces and control characters (which
// browsers strip: "java\tscript:" is javascript:). ok is false when a /, ?
// or # comes before any colon, or there is none: u is relative. Anything
// else before a colon counts as a scheme, even where a browser would not
// take it for one, so that no unusual spelling passes as relative.
func scheme[T ~string | ~[]byte](u T) (buf [maxScheme]byte, n int, ok bool) {
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c <= ' ' || c == 0x7f:
			continue
		case c == '/' || c == '?' || c == '#':
			return buf, 0, false
		case c == ':':
			return buf, n, true
		}
		if n < len(buf) {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[n] = c
		}
		n++
	}
	return buf, 0, false
}

// Scheme returns u's scheme as a browser reads it, lowercased, and
// whether it has one (ok is false for a relative URL). A colon before
// any letter is an empty scheme.
func Scheme(u string) (s string, ok bool) {
	buf, n, ok := scheme(u)
	switch {
	case !ok:
		return "", false
	case n > len(buf):
		return string(buf[:]) + "…", true
	}
	return string(buf[:n]), true
}

// schemeName is s for messages: "javascript:".
func schemeName(s string) string {
	if s == "" {
		return "an empty scheme (:)"
	}
	return "the " + s + ": scheme"
}

// Safe reports whether u is relative or uses one of the schemes a link may
// have: http, https, mailto or tel. It is an allowlist, because a denylist
// is never complete (javascript:, vbscript:, data:, livescript:, and
// whatever a browser adds next). It does not allocate: the markdown
// converter calls it for every link of every post.
func Safe[T ~string | ~[]byte](u T) bool {
	buf, n, ok := scheme(u)
	if !ok {
		return true
	}
	if n > len(buf) {
		return false
	}
	switch string(buf[:n]) {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}

// hints for each kind: what a valid value looks like.
var kindHints = [...]string{
	Link:     "link with http, https, mailto or tel, or to a path on this site such as /contact/",
	Resource: "use an https:// address or a path on this site",
	Web:      "write the full address, starting with https://",
	Base:     "write it in full, e.g. https://www.example.com/",
}

// Check returns nil when u is a valid value of kind k, and what is wrong
// otherwise. An empty value is a problem: leave out an optional field
// rather than call Check on "".
func Check(u string, k Kind) *Problem {
	hint := kindHints[k]
	if u == "" {
		return problem(hint, "is empty")
	}
	if !utf8.ValidString(u) {
		return problem("save the file as UTF-8", "is not valid UTF-8")
	}
	s, has := Scheme(u)
	switch {
	case !has:
	case s == "http" || s == "https":
	case (s == "mailto" || s == "tel") && k == Link:
	default:
		return problem(hint, "uses %s, which is not allowed here", schemeName(s))
	}
	if p := invisible(u, "a URL", "write a space as %20"); p != nil {
		return p
	}
	if strings.ContainsRune(u, '\\') {
		return problem("write / instead: browsers read \\ as /, which can lead to another site", "holds a backslash")
	}
	switch s {
	case "http", "https":
		return checkWeb(u, k)
	case "mailto":
		if len(u) == len("mailto:") {
			return problem("write mailto:name@example.com", "has no address")
		}
		return nil
	case "tel":
		if !strings.ContainsAny(u[len("tel:"):], "0123456789") {
			return problem("write tel:+1-555-010-0100", "has no phone number")
		}
		return nil
	}
	// A relative URL.
	if k == Web || k == Base {
		return problem(hint, "is not an absolute http(s) URL")
	}
	if strings.HasPrefix(u, "//") {
		return problem(fmt.Sprintf("write the address in full, https:%s, or a path on this site", u), "leads to another site without naming its scheme")
	}
	if hasDotDot(u) {
		return problem("write the path from the site's root, e.g. /images/photo.jpg", "holds a . or .. segment")
	}
	return nil
}

// checkWeb checks an http(s) URL: a host, no user name (https://bank@evil.example
// goes to evil.example), and for a base URL no query or fragment.
func checkWeb(u string, k Kind) *Problem {
	x, err := url.Parse(u)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return problem(kindHints[k], "is not a URL: %v", err)
	}
	if x.Host == "" || x.Opaque != "" {
		return problem("write it as https://host/path", "has no host")
	}
	if x.User != nil {
		return problem("remove the part before @: the browser would go to "+x.Host, "holds a user name")
	}
	if p := checkURLHost(x.Hostname()); p != nil {
		return p
	}
	if k == Base {
		if x.RawQuery != "" || x.ForceQuery {
			return problem("remove the ?... part: base_url is where the site lives", "has a query")
		}
		if x.Fragment != "" || strings.Contains(u, "#") {
			return problem("remove the #... part: base_url is where the site lives", "has a fragment")
		}
		if hasDotDot(x.Path) {
			return problem("write the site's path without . or .. segments", "holds a . or .. segment")
		}
	}
	return nil
}

// checkURLHost checks the host of a URL: an IP address, or labels of
// letters, digits and hyphens (international letters included: browsers
// convert them).
func checkURLHost(h string) *Problem {
	if net.ParseIP(h) != nil {
		return nil
	}
	for _, label := range strings.Split(strings.TrimSuffix(h, "."), ".") {
		if label == "" {
			return problem("write the host name as e.g. www.example.com", "has an empty part in its host name")
		}
		for _, r := range label {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return problem("a host name holds letters, digits, hyphens and dots", "has %q in its host name", r)
			}
		}
	}
	return nil
}

// Host returns nil when h is a host name for a CNAME file: ASCII labels of
// letters, digits and hyphens, at least two of them, as written in DNS.
func Host(h string) *Problem {
	const hint = "write the bare host name, e.g. www.example.com"
	if h == "" {
		return problem(hint, "is empty")
	}
	if p := invisible(h, "a host name", "remove it"); p != nil {
		return p
	}
	if strings.Contains(h, "://") {
		if x, err := url.Parse(h); err == nil && x.Hostname() != "" {
			return problem(fmt.Sprintf("write %s", x.Hostname()), "is a URL, not a host name")
		}
		return problem(hint, "is a URL, not a host name")
	}
	if strings.ContainsAny(h, "/?#") {
		return problem(hint, "holds a path")
	}
	if strings.Contains(h, ":") {
		return problem("remove the port: a CNAME names a host", "holds a port")
	}
	if strings.HasSuffix(h, ".") {
		return problem(fmt.Sprintf("write %s", strings.TrimSuffix(h, ".")), "ends with a dot")
	}
	if len(h) > 253 {
		return problem(hint, "is longer than 253 characters")
	}
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return problem(hint, "is not a full host name")
	}
	for _, l := range labels {
		switch {
		case l == "":
			return problem(hint, "has an empty part")
		case len(l) > 63:
			return problem(hint, "has a part longer than 63 characters")
		case l[0] == '-' || l[len(l)-1] == '-':
			return problem(hint, "has a part that starts or ends with a hyphen")
		}
		for _, r := range l {
			if r >= utf8.RuneSelf {
				return problem("write an international name in its xn-- form, as your DNS provider shows it", "holds %q", r)
			}
			if r != '-' && !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
				return problem("a host name holds letters, digits, hyphens and dots", "holds %q", r)
			}
		}
	}
	if last := labels[len(labels)-1]; strings.Trim(last, "0123456789") == "" {
		return problem("a CNAME names a host, not an IP address", "is an IP address")
	}
	return nil
}

// Path returns nil when p is a path on the site for an alias: letters,
// digits, - _ . ~ and /, with no .. (the file it becomes must stay inside
// the output), no query or fragment (a static host redirects a path), and
// none of the characters _redirects gives a meaning (* and :).
func Path(p string) *Problem {
	const hint = "write a path on this site such as /blog/old-post/"
	if strings.Trim(p, "/") == "" {
		return problem(hint, "is empty")
	}
	if s, ok := Scheme(p); ok {
		return problem(hint, "is a URL (%s), not a path on this site", schemeName(s))
	}
	if strings.HasPrefix(p, "//") {
		return problem(hint, "names another site")
	}
	return pathChars(p, hint, false)
}

// Alias returns nil when a is an alias: a path on the site (Path), or a
// path and one query parameter, "/?p=123" or "/index.php?page_id=7",
// whose name and value are letters, digits, '-', '_' and '.'. An old
// WordPress address is often a query only, and a host's redirect rules
// can match one parameter (Netlify's _redirects does); nothing that
// _redirects gives a meaning (:, *, a space, a second parameter) passes.
func Alias(a string) *Problem {
	p, q, ok := strings.Cut(a, "?")
	if !ok {
		return Path(a)
	}
	const hint = "write the old address as /?p=123: a path, then one name=value of letters and digits"
	if !strings.HasPrefix(p, "/") {
		return problem(hint, "does not start with /")
	}
	if strings.Trim(p, "/") != "" {
		if prob := Path(p); prob != nil {
			return prob
		}
	} else if p != "/" {
		return problem(hint, "holds //")
	}
	name, value, ok := strings.Cut(q, "=")
	if !ok || !queryWord(name) || !queryWord(value) {
		return problem(hint, "has a query that is not one name=value of letters, digits, '-', '_' and '.'")
	}
	return nil
}

// queryWord reports whether s is a query name or value Alias takes.
func queryWord(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// Slug returns nil when s can be the last part of a page's URL: the
// characters of Path, without /. A slug that holds them but is not yet
// lowercase letters, digits and hyphens is made into one (slug.Make).
func Slug(s string) *Problem {
	const hint = "use lowercase letters a-z, digits and hyphens, e.g. flu-shot-2026"
	if s == "" {
		return problem(hint, "is empty")
	}
	if sc, ok := Scheme(s); ok {
		return problem(hint, "is a URL (%s), not a part of one", schemeName(sc))
	}
	return pathChars(s, hint, true)
}

// pathChars reports the first character of p that is not a path
// character.
func pathChars(p, hint string, segment bool) *Problem {
	if !utf8.ValidString(p) {
		return problem("save the file as UTF-8", "is not valid UTF-8")
	}
	if q := invisible(p, "a path", "use a hyphen instead"); q != nil {
		return q
	}
	if strings.Contains(p, "..") {
		return problem(hint, "holds \"..\", which climbs out of its folder")
	}
	if hasDotDot(p) {
		return problem(hint, "holds a . segment")
	}
	for _, r := range p {
		switch {
		case r == '?':
			return problem("remove the ?...: a static host redirects by path, never by query", "holds a query (?)")
		case r == '#':
			return problem("remove the #...: browsers never send it to the host", "holds a fragment (#)")
		case r == '\\':
			return problem("write / instead: browsers read \\ as /", "holds a backslash")
		case r == '%':
			return problem("write the characters themselves rather than %-escapes, e.g. /café/", "holds a %%-escape")
		case r == '/' && segment:
			return problem(hint, "holds /: a slug is one part of the URL")
		case r == '/' || r == '-' || r == '_' || r == '.' || r == '~':
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'):
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)):
		default:
			return problem(hint, "holds %q, which is not a path character", r)
		}
	}
	return nil
}

// hasDotDot reports whether p has a "." or ".." segment.
func hasDotDot(p string) bool {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return true
		}
	}
	return false
}

// invisible reports the first whitespace, control or invisible format
// character of s, by name: a line break in a value written to a host file
// starts a line of its own, and an invisible character makes two values
// that look alike differ. what names the value ("a URL"); spaceHint says
// what to write instead of a space inside it.
func invisible(s, what, spaceHint string) *Problem {
	for i, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\u0085' || r == '\u2028' || r == '\u2029' || r == '\v' || r == '\f':
			return problem("remove it: "+what+" is one line", "holds a line break")
		case r == ' ' && i == 0:
			return problem("remove the spaces around it", "starts with a space")
		case r == ' ' && strings.TrimRight(s[i:], " ") == "":
			return problem("remove the spaces around it", "ends with a space")
		case r == ' ':
			return problem(spaceHint, "holds a space")
		case r == '\t':
			return problem(spaceHint, "holds a tab")
		case unicode.IsSpace(r):
			return problem(spaceHint, "holds a space (%U)", r)
		case unicode.IsControl(r):
			return problem("remove it", "holds a control character (%U)", r)
		case unicode.Is(unicode.Cf, r):
			return problem("remove it: it is easily pasted along with text and cannot be seen", "holds an invisible character (%U)", r)
		}
	}
	return nil
}

// HasBreak reports whether s holds a line break or any other control
// character: what the writers of host files refuse, whatever was checked
// before them, since one such character in a value adds a line of its own.
func HasBreak(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return true
		}
	}
	return false
}
