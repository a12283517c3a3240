package check

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/exif"
	"github.com/carepress/carepress/internal/site"
)

// tracker is a known third-party tracking technology.
type tracker struct {
	name string
	re   *regexp.Regexp
}

var trackers = []tracker{
	{"the Meta Pixel", regexp.MustCompile(`(?i)connect\.facebook\.net|facebook\.com/tr\b|\bfbq\s*\(`)},
	{"Google Analytics (gtag)", regexp.MustCompile(`(?i)googletagmanager\.com|google-analytics\.com|\bgtag\s*\(|\bga\s*\(\s*['"]create`)},
	{"the TikTok pixel", regexp.MustCompile(`(?i)analytics\.tiktok\.com|\bttq\.(?:load|page|track)\b`)},
	{"the LinkedIn Insight tag", regexp.MustCompile(`(?i)snap\.licdn\.com|px\.ads\.linkedin\.com|_linkedin_partner_id`)},
	{"the X (Twitter) pixel", regexp.MustCompile(`(?i)static\.ads-twitter\.com|\btwq\s*\(`)},
	{"Hotjar", regexp.MustCompile(`(?i)static\.hotjar\.com|\bhj\s*\(\s*['"]`)},
	{"Microsoft Clarity", regexp.MustCompile(`(?i)clarity\.ms/tag`)},
}

var (
	scriptSrcRE = regexp.MustCompile(`(?i)<script\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)`)
	formRE      = regexp.MustCompile(`(?i)<form\b[^>]*?\baction\s*=\s*["']?([^"'\s>]+)`)
)

// textFile is a file scanned as text, with a way to turn offsets into
// positions.
type textFile struct {
	name string // as reported
	text string
	// base is the position of text[0] (a markdown body's first line).
	baseLine int
	nl       []int
}

func newTextFile(name, text string, baseLine int) *textFile {
	t := &textFile{name: name, text: text, baseLine: max(baseLine, 1)}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			t.nl = append(t.nl, i)
		}
	}
	return t
}

func (t *textFile) pos(off int) diag.Pos {
	i := sort.SearchInts(t.nl, off)
	start := 0
	if i > 0 {
		start = t.nl[i-1] + 1
	}
	return diag.Pos{File: t.name, Line: t.baseLine + i, Col: off - start + 1}
}

// ownHosts are the practice's own hosts: the site's and its portal's.
func (c *checker) ownHosts(forms bool) map[string]bool {
	cfg := c.s.Config
	hosts := map[string]bool{}
	add := func(raw string) {
		if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
			h := strings.ToLower(u.Hostname())
			hosts[h] = true
			hosts[strings.TrimPrefix(h, "www.")] = true
			hosts["www."+strings.TrimPrefix(h, "www.")] = true
		}
	}
	add(cfg.BaseURL)
	if cfg.Domain != "" {
		add("https://" + cfg.Domain)
	}
	if forms {
		add(cfg.Practice.PortalURL)
		add(cfg.Practice.BookingURL)
	}
	return hosts
}

// thirdParty returns the host of an absolute URL that is not the site's
// own, or "".
func thirdParty(raw string, own map[string]bool) string {
	if strings.Contains(raw, "{{") {
		return "" // a template value: checked where it is configured
	}
	if strings.HasPrefix(raw, "//") {
		raw = "https:" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	h := strings.ToLower(u.Hostname())
	if own[h] {
		return ""
	}
	for o := range own {
		if strings.HasSuffix(h, "."+o) {
			return "" // a subdomain of the practice's own
		}
	}
	return h
}

// scanHTML reports trackers, third-party scripts and third-party forms in
// an HTML or JavaScript text.
func (c *checker) scanHTML(t *textFile, html bool) {
	own := c.ownHosts(false)
	found := map[string]bool{}
	for _, tr := range trackers {
		if m := tr.re.FindStringIndex(t.text); m != nil {
			found[tr.name] = true
			c.report("privacy/tracker", t.pos(m[0]), "remove it: on a health site a tracker can disclose who reads about which condition, which the FTC Health Breach Notification Rule and state health-privacy laws restrict",
				"page loads %s, a third-party tracker", tr.name)
		}
	}
	if !html {
		return
	}
	for _, m := range scriptSrcRE.FindAllStringSubmatchIndex(t.text, -1) {
		src := t.text[m[2]:m[3]]
		host := thirdParty(src, own)
		if host == "" {
			continue
		}
		known := false
		for _, tr := range trackers {
			if tr.re.MatchString(src) {
				known = true
			}
		}
		if known {
			continue
		}
		c.report("privacy/tracker", t.pos(m[2]), "serve the script from the site itself, or make sure the vendor has a business associate agreement and collects no health data",
			"page loads a script from the third-party origin %s", host)
	}
	formOwn := c.ownHosts(true)
	for _, m := range formRE.FindAllStringSubmatchIndex(t.text, -1) {
		action := t.text[m[2]:m[3]]
		if host := thirdParty(action, formOwn); host != "" {
			c.report("privacy/form", t.pos(m[2]), "send patient data only to services with a business associate agreement, such as the patient portal set in practice.portal_url",
				"form posts to the third-party origin %s", host)
		}
	}
}

// runFiles checks templates, markdown raw HTML, static files and source
// images.
func (c *checker) runFiles() {
	if c.enabled("privacy/tracker") || c.enabled("privacy/form") {
		for _, tf := range c.templateFiles() {
			c.scanHTML(tf, true)
		}
		unsafe := c.s.Config.Markdown.Unsafe
		for _, f := range c.files {
			if unsafe {
				src, err := f.Markdown()
				if err != nil {
					c.report("privacy/unreadable", diag.Pos{File: f.Path}, "delete .carepress/cache and build again", "%v", err)
				}
				c.scanHTML(newTextFile(f.Path, string(src), f.BodyLine), true)
			}
			if !unsafe && c.enabled("privacy/tracker") {
				c.escapedTrackers(f)
			}
			if f.Doc != nil && !unsafe { // with unsafe, the scan above saw them
				for _, im := range f.Doc.Images {
					for _, tr := range trackers {
						if tr.re.MatchString(im.Src) {
							c.report("privacy/tracker", bodyLine(f, im.Line, im.Col), "remove the tracking pixel", "image is %s's tracking pixel", tr.name)
							break
						}
					}
				}
			}
		}
		c.walk("static", []string{".html", ".htm", ".js", ".mjs"}, func(p string, data []byte) {
			switch strings.ToLower(path.Ext(p)) {
			case ".html", ".htm":
				c.scanHTML(newTextFile(p, string(data), 1), true)
			case ".js", ".mjs":
				c.scanHTML(newTextFile(p, string(data), 1), false)
			}
		})
	}
	if c.enabled("privacy/exif-gps") {
		for _, dir := range []string{"content", "static"} {
			c.walk(dir, []string{".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp"}, func(p string, data []byte) {
				md := exif.Read(data)
				if !md.GPS && !md.Exif {
					return
				}
				c.report("privacy/exif-gps", diag.Pos{File: p}, "strip the metadata from the original, e.g. `exiftool -all= FILE` or re-export it without metadata; the published copy is stripped, but the source in the repository is not",
					"image carries %s", describeExif(md))
			})
		}
	}
}

// walk calls fn for every regular file under dir in the site root whose
// extension, in lower case, is one of exts. It reads only those: content/
// holds every post.
func (c *checker) walk(dir string, exts []string, fn func(p string, data []byte)) {
	if c.rootFS == nil {
		return
	}
	fs.WalkDir(c.rootFS, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") || !slices.Contains(exts, strings.ToLower(path.Ext(p))) {
			return nil
		}
		data, err := fs.ReadFile(c.rootFS, p)
		if err == nil {
			fn(p, data)
		}
		return nil
	})
}

// templateFiles are the template files the render uses, as the renderer
// read them: for each name, the highest layer's.
func (c *checker) templateFiles() []*textFile {
	if c.opts.Templates == nil {
		return nil
	}
	var out []*textFile
	for _, src := range c.opts.Templates.Sources() {
		out = append(out, newTextFile(src.Name, string(src.Text), 1))
	}
	return out
}

var hrefRE = regexp.MustCompile(`(?i)\s(?:href|src)\s*=\s*"([^"]*)"`)

// runTemplates renders one page of each layout into memory and checks the
// internal links the templates add (those not from the page's markdown,
// which runLinks checks at their source line).
func (c *checker) runTemplates() {
	r := c.opts.Templates
	if r == nil || !c.enabled("links/broken") {
		return
	}
	files := c.templateFiles()
	t := c.targets()
	base := c.s.Config.BasePath()
	byLayout := map[string]*site.Page{}
	var layouts []string
	for _, p := range c.s.All {
		if _, ok := byLayout[p.Layout]; !ok {
			byLayout[p.Layout] = p
			layouts = append(layouts, p.Layout)
		}
	}
	sort.Strings(layouts)
	reported := map[string]bool{}
	var buf bytes.Buffer
	for _, l := range layouts {
		p := byLayout[l]
		buf.Reset()
		if err := r.Page(&buf, p, false); err != nil {
			continue
		}
		// Links from the page's markdown and the menu are checked at
		// their source; what is left is the template's own.
		own := map[string]bool{}
		for _, m := range c.s.Menu {
			own[m.URL] = true
		}
		if p.Source != nil && p.Source.Doc != nil {
			for _, m := range hrefRE.FindAllSubmatch(p.Source.Doc.HTML, -1) {
				own[string(m[1])] = true
			}
		}
		for _, n := range p.Notices {
			if n.Source != nil && n.Source.Doc != nil {
				for _, m := range hrefRE.FindAllSubmatch(n.Source.Doc.HTML, -1) {
					own[string(m[1])] = true
				}
			}
		}
		for _, m := range hrefRE.FindAllSubmatch(buf.Bytes(), -1) {
			href := htmlUnescape(string(m[1]))
			if own[string(m[1])] || reported[href] || strings.HasPrefix(href, "data:") {
				continue
			}
			res, internal := t.resolve(p.Path, href, base)
			if !internal || res.page != nil || res.file {
				continue
			}
			reported[href] = true
			pos := templatePos(files, href, base)
			if pos.File == "" && len(r.Uses[l]) > 1 {
				pos = diag.Pos{File: r.Uses[l][1]}
			}
			c.report("links/broken", pos, "fix the link in the template", "template links to %s (on %s): no such page or file", res.path, p.Path)
		}
	}
}

// templatePos finds where a template writes href, trying it without the
// base path and without a leading slash, as templates write relURL "x/".
func templatePos(files []*textFile, href, base string) diag.Pos {
	cands := []string{href}
	if base != "" {
		cands = append(cands, strings.TrimPrefix(href, base))
	}
	for _, cand := range cands {
		if cand == "" {
			continue
		}
		for _, tf := range files {
			if i := strings.Index(tf.text, `"`+cand+`"`); i >= 0 {
				return tf.pos(i + 1)
			}
			if i := strings.Index(tf.text, `"`+strings.TrimPrefix(cand, "/")+`"`); i >= 0 && strings.TrimPrefix(cand, "/") != "" {
				return tf.pos(i + 1)
			}
		}
	}
	return diag.Pos{}
}

func htmlUnescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	r := strings.NewReplacer("&amp;", "&", "&#43;", "+", "&#39;", "'", "&quot;", `"`, "&lt;", "<", "&gt;", ">")
	return r.Replace(s)
}

// describeExif says what an image's metadata gives away, for a message.
func describeExif(m exif.Metadata) string {
	var parts []string
	if m.GPS {
		if m.Lat != 0 || m.Lon != 0 {
			parts = append(parts, fmt.Sprintf("GPS position %.4f, %.4f", m.Lat, m.Lon))
		} else {
			parts = append(parts, "GPS position")
		}
	}
	switch {
	case m.Camera != "":
		parts = append(parts, "camera data ("+m.Camera+")")
	case m.Exif:
		parts = append(parts, "camera data")
	}
	return strings.Join(parts, " and ")
}
