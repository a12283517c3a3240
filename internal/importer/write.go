package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/safeurl"
	"github.com/carepress/carepress/internal/slug"
	"go.yaml.in/yaml/v3"
)

// writer writes a Site into a site root.
type writer struct {
	ctx  context.Context
	root *os.Root
	opts Options
	site *Site
	res  *Result

	// old maps an old address (site path, normalized by oldKey) to the
	// new page's path.
	old map[string]string
	// images are the images the bodies and front matter refer to, by
	// their address in the source.
	images map[string]*imageJob
	// people are the person ids written or found.
	people map[string]bool
}

// markerPrefix starts the comment that names where a file came from.
const markerPrefix = "# carepress import: "

func (w *writer) write(ctx context.Context) error {
	w.ctx = ctx
	w.old = map[string]string{}
	w.images = map[string]*imageJob{}
	w.people = map[string]bool{}
	if err := w.config(); err != nil {
		return err
	}
	for _, p := range w.site.People {
		if err := w.person(p); err != nil {
			return err
		}
	}
	w.plan()
	for _, d := range w.site.Docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.doc(d); err != nil {
			return err
		}
	}
	w.redirects()
	sort.Strings(w.res.Written)
	sort.Strings(w.res.Kept)
	return nil
}

// config writes carepress.yaml, unless the site has one: a site moved
// into keeps its own.
func (w *writer) config() error {
	if _, err := w.root.Stat(config.FileName); err == nil {
		w.res.Kept = append(w.res.Kept, config.FileName)
		return nil
	}
	c := w.site.Config
	var b strings.Builder
	fmt.Fprintf(&b, "# Written by carepress import %s from %s. Check each value, then run: carepress check\n", w.site.Kind, w.opts.Source)
	title := c.Title
	if title == "" {
		title = "Our practice"
		b.WriteString("# title: the source has none; write the practice's name.\n")
	}
	fmt.Fprintf(&b, "title: %s\n", yamlString(title))
	if c.BaseURL != "" {
		fmt.Fprintf(&b, "base_url: %s\n", yamlString(c.BaseURL))
	} else {
		b.WriteString("# base_url: https://www.your-practice.example/   (the source names none; a build needs it)\n")
	}
	if c.Language != "" {
		fmt.Fprintf(&b, "language: %s\n", yamlString(c.Language))
	}
	if c.Timezone != "" {
		fmt.Fprintf(&b, "timezone: %s\n", yamlString(c.Timezone))
	} else {
		b.WriteString("# timezone: America/Chicago   (the source names none: dates without an offset are read as UTC)\n")
	}
	if host := hostOf(c.BaseURL); host != "" && !strings.HasSuffix(host, ".github.io") {
		fmt.Fprintf(&b, "# domain: %s   (writes CNAME, for GitHub Pages)\n", host)
	}
	if c.Phone != "" || c.Email != "" || len(c.SameAs) > 0 {
		b.WriteString("practice:\n")
		if c.Phone != "" {
			fmt.Fprintf(&b, "  phone: %s\n", yamlString(c.Phone))
		}
		if c.Email != "" {
			fmt.Fprintf(&b, "  email: %s\n", yamlString(c.Email))
		}
		if len(c.SameAs) > 0 {
			b.WriteString("  same_as:\n")
			for _, s := range c.SameAs {
				fmt.Fprintf(&b, "    - %s\n", yamlString(s))
			}
		}
	}
	data := []byte(b.String())
	// The file is written only if it loads: a value from the source that
	// carepress refuses is left out, with a note, rather than leaving a
	// site that does not start.
	if _, err := config.Parse(config.FileName, data); err != nil {
		w.site.Notes = append(w.site.Notes, fmt.Sprintf("carepress.yaml: a value from the source was refused and left out: %v", err))
		c.Phone, c.Email, c.SameAs = "", "", nil
		if c.BaseURL != "" && config.CheckBaseURL("base_url", c.BaseURL) != nil {
			c.BaseURL = ""
		}
		if _, err := time.LoadLocation(c.Timezone); err != nil {
			c.Timezone = ""
		}
		w.site.Config = c
		return w.config()
	}
	return w.create(config.FileName, data)
}

// yamlString quotes s for YAML.
func yamlString(s string) string {
	b, _ := yaml.Marshal(s)
	return strings.TrimSuffix(string(b), "\n")
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(p.Hostname())
}

// person writes content/authors/ID.md, unless a person of that id is
// there: the same person, most likely, in a site moved into.
func (w *writer) person(p *Person) error {
	id := slug.Make(p.ID)
	if id == "" {
		id = slug.Make(p.Name)
	}
	if id == "" {
		return nil
	}
	p.ID = id
	w.people[id] = true
	file := "content/authors/" + id + ".md"
	if _, err := w.root.Stat(file); err == nil {
		w.res.Kept = append(w.res.Kept, file)
		return nil
	}
	var b strings.Builder
	b.WriteString("---\n")
	b.WriteString(markerPrefix + p.Marker + "\n")
	fmt.Fprintf(&b, "name: %s\n", yamlString(orDefault(p.Name, id)))
	if p.Credentials != "" {
		fmt.Fprintf(&b, "credentials: %s\n", yamlString(p.Credentials))
	} else {
		b.WriteString("# credentials: MD   (add them for a clinician; search engines show them)\n")
	}
	if p.Role != "" {
		fmt.Fprintf(&b, "role: %s\n", yamlString(p.Role))
	}
	if p.Bio != "" {
		fmt.Fprintf(&b, "bio: %s\n", yamlString(p.Bio))
	}
	if p.Image != "" {
		if img := w.imageRef(p.Image, nil); img != "" {
			fmt.Fprintf(&b, "image: %s\n", yamlString(img))
			fmt.Fprintf(&b, "image_alt: %s\n", yamlString("Photo of "+orDefault(p.Name, id)))
		}
	}
	for _, u := range p.Unmapped {
		b.WriteString("# not mapped: " + oneLine(u) + "\n")
	}
	b.WriteString("---\n")
	return w.create(file, []byte(b.String()))
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// plan gives each doc its file and URL, and maps every old address to
// it. A file already there with the doc's marker is a doc imported
// before: it is not written again, and its URL stands. A file there
// without it is another page: the doc takes the next free name.
func (w *writer) plan() {
	taken := map[string]bool{}
	for _, d := range w.site.Docs {
		base := d.Slug
		if d.Kind == Post {
			base = slug.Make(d.Slug)
			if base == "" {
				base = slug.Make(d.Title)
			}
			if base == "" {
				base = "post"
			}
		} else {
			var segs []string
			for _, s := range strings.Split(d.Slug, "/") {
				if s = slug.Make(s); s != "" {
					segs = append(segs, s)
				}
			}
			base = strings.Join(segs, "/")
			if base == "" {
				base = "page"
			}
		}
		if d.Kind == Page && d.Slug == "_index" {
			// The home page's text.
			d.file, d.path = "content/_index.md", "/"
			if mine, other := w.existing(d.file, d.Marker); mine || other {
				d.skip = "there already"
			}
			continue
		}
		for n := 1; ; n++ {
			name := base
			if n > 1 {
				name = base + "-" + strconv.Itoa(n)
			}
			file := "content/" + name + ".md"
			bundle := ""
			if d.Kind == Post {
				file = "content/posts/" + name + ".md"
				bundle = "content/posts/" + name + "/index.md"
				if len(d.Bundle) > 0 {
					file, bundle = bundle, file
				}
			}
			if taken[file] || bundle != "" && taken[bundle] {
				continue
			}
			mine, other := w.existing(file, d.Marker)
			if bundle != "" && !mine && !other {
				mine, other = w.existing(bundle, d.Marker)
			}
			if other {
				continue
			}
			taken[file] = true
			d.file = file
			if mine {
				d.skip = "imported before"
			}
			if d.Kind == Post {
				d.path = "/posts/" + name + "/"
			} else {
				d.path = "/" + name + "/"
			}
			break
		}
		for _, o := range d.Old {
			w.old[oldKey(o)] = d.path
		}
	}
	// Links to an old list page go to the new one.
	for _, r := range w.site.Redirects {
		if to := redirectTarget(r); to != "" {
			if _, ok := w.old[oldKey(r.Old)]; !ok {
				w.old[oldKey(r.Old)] = to
			}
		}
	}
}

// redirectTarget is the new page an old list page leads to.
func redirectTarget(r Redirect) string {
	s := slug.Make(r.Name)
	if s == "" {
		return ""
	}
	switch r.Taxonomy {
	case "authors", "tags", "categories":
		return "/" + r.Taxonomy + "/" + s + "/"
	}
	return ""
}

// existing reports whether file is there and holds marker (mine), or is
// there without it (other).
func (w *writer) existing(file, marker string) (mine, other bool) {
	data, err := w.root.ReadFile(file)
	if err != nil {
		return false, errors.Is(err, fs.ErrPermission)
	}
	for _, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) == markerPrefix+marker {
			return true, false
		}
	}
	return false, true
}

// oldKey normalizes an old address for lookup: no trailing slash, no
// index.html, lowercase.
func oldKey(p string) string {
	q := ""
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p, q = p[:i], p[i:]
	}
	p = strings.TrimSuffix(p, "index.html")
	p = strings.TrimSuffix(p, "index.htm")
	p = "/" + strings.Trim(p, "/")
	return strings.ToLower(p + q)
}

// doc writes one post or page.
func (w *writer) doc(d *Doc) error {
	if d.skip != "" {
		w.res.Kept = append(w.res.Kept, d.file)
		w.urls(d)
		return nil
	}
	body, left := "", []Left(nil)
	if d.Body != nil {
		body, left = d.Body(func(u string, image bool) string { return w.rewrite(d, u, image) })
	}
	d.leftOut = left
	image := ""
	if d.Image != "" {
		image = w.imageRef(d.Image, d)
	}
	var b strings.Builder
	b.WriteString("---\n")
	b.WriteString(markerPrefix + d.Marker + "\n")
	fm := frontMatter{
		Title: d.Title, Description: d.Description, Draft: d.Draft, Author: w.personID(d.Author),
		Tags: d.Tags, Categories: d.Categories, Image: image,
	}
	if d.Author != "" && fm.Author == "" {
		d.Unmapped = append(d.Unmapped, "author: "+d.Author+" (no such person)")
	}
	if image != "" {
		fm.ImageAlt = d.ImageAlt
	}
	// Dates are written where the site is, with their offset.
	loc := time.UTC
	if l, err := time.LoadLocation(w.site.Config.Timezone); err == nil {
		loc = l
	}
	if !d.Date.IsZero() {
		fm.Date = d.Date.In(loc).Format(time.RFC3339)
	}
	if !d.Lastmod.IsZero() && d.Lastmod.After(d.Date) {
		fm.Lastmod = d.Lastmod.In(loc).Format(time.RFC3339)
	}
	fm.Aliases = w.aliases(d)
	out, err := yaml.Marshal(fm)
	if err != nil {
		return err
	}
	b.Write(out)
	if d.Kind == Post {
		b.WriteString("# reviewed_by: \"\"      # the clinician who reviews it (a person id from content/authors/)\n")
		b.WriteString("# last_reviewed:       # the date of that review, e.g. 2026-01-15\n")
		b.WriteString("# sources:             # the references it relies on: - {title: ..., url: https://...}\n")
	}
	for _, u := range d.Unmapped {
		b.WriteString("# not mapped: " + oneLine(u) + "\n")
	}
	b.WriteString("---\n\n")
	b.WriteString(strings.TrimSpace(body))
	b.WriteString("\n")
	if err := w.create(d.file, []byte(b.String())); err != nil {
		return err
	}
	for name, src := range d.Bundle {
		dst := path.Dir(d.file) + "/" + safeName(name)
		if err := w.copyFile(src, dst); err != nil {
			w.site.Problems.Add(fmt.Errorf("%s: cannot copy: %w", src, err))
		}
	}
	w.urls(d)
	return nil
}

// frontMatter is what an imported post or page gets, in carepress's
// field names and order.
type frontMatter struct {
	Title       string   `yaml:"title"`
	Description string   `yaml:"description,omitempty"`
	Date        string   `yaml:"date,omitempty"`
	Lastmod     string   `yaml:"lastmod,omitempty"`
	Draft       bool     `yaml:"draft,omitempty"`
	Author      string   `yaml:"author,omitempty"`
	Tags        []string `yaml:"tags,omitempty"`
	Categories  []string `yaml:"categories,omitempty"`
	Image       string   `yaml:"image,omitempty"`
	ImageAlt    string   `yaml:"image_alt,omitempty"`
	Aliases     []string `yaml:"aliases,omitempty"`
}

// personID is the id of the person named by ref (an id or a name), or
// "" when there is none.
func (w *writer) personID(ref string) string {
	if ref == "" {
		return ""
	}
	for _, id := range []string{ref, slug.Make(ref)} {
		if w.people[id] {
			return id
		}
		if _, err := w.root.Stat("content/authors/" + id + ".md"); err == nil && id != "" {
			return id
		}
	}
	return ""
}

// aliases are the old addresses of d that are not its new one, each a
// valid alias, in a stable order.
func (w *writer) aliases(d *Doc) []string {
	var out []string
	seen := map[string]bool{oldKey(d.path): true}
	for _, o := range d.Old {
		k := oldKey(o)
		if seen[k] || o == "" {
			continue
		}
		seen[k] = true
		if p := safeurl.Alias(o); p != nil {
			d.Unmapped = append(d.Unmapped, fmt.Sprintf("old address %q cannot be an alias: %s", o, p.Msg))
			continue
		}
		out = append(out, o)
	}
	return out
}

// urls records d's old addresses in the result.
func (w *writer) urls(d *Doc) {
	seen := map[string]bool{}
	for _, o := range d.Old {
		k := oldKey(o)
		if seen[k] {
			continue
		}
		seen[k] = true
		kind := "alias"
		if k == oldKey(d.path) {
			kind = "page"
		} else if safeurl.Alias(o) != nil {
			continue
		}
		w.res.URLs = append(w.res.URLs, URL{Old: o, New: d.path, Kind: kind, Draft: d.Draft})
	}
}

// rewrite maps a link or image address of d's body to the new site's.
// An image that cannot be had is "": the body leaves it out, and the
// report lists it.
func (w *writer) rewrite(d *Doc, u string, image bool) string {
	u = strings.TrimSpace(u)
	if image {
		return w.imageRef(u, d)
	}
	p, ok := w.ownPath(u)
	if !ok {
		return u
	}
	frag := ""
	if i := strings.IndexByte(p, '#'); i >= 0 {
		p, frag = p[:i], p[i:]
	}
	if np, ok := w.old[oldKey(p)]; ok {
		return np + frag
	}
	if isImagePath(p) {
		return w.imageRef(u, d)
	}
	return p + frag
}

// ownPath is u as a path on the old site, when it is one: a root-relative
// path, or an absolute URL on the old site's host. The old base path is
// taken off.
func (w *writer) ownPath(u string) (string, bool) {
	if strings.HasPrefix(u, "#") || u == "" {
		return "", false
	}
	pu, err := url.Parse(u)
	if err != nil {
		return "", false
	}
	switch {
	case pu.Scheme == "" && pu.Host == "" && strings.HasPrefix(u, "/"):
	case (pu.Scheme == "http" || pu.Scheme == "https" || pu.Scheme == "") && pu.Host != "" && sameHost(pu.Hostname(), hostOf(w.site.Config.BaseURL)):
	default:
		return "", false
	}
	p := pu.EscapedPath()
	if dp, err := url.PathUnescape(p); err == nil {
		p = dp
	}
	if bp := w.site.BasePath; bp != "" && bp != "/" {
		if rest, ok := strings.CutPrefix(p, bp); ok && (rest == "" || rest[0] == '/') {
			p = "/" + strings.TrimPrefix(rest, "/")
		}
	}
	if p == "" {
		p = "/"
	}
	if pu.RawQuery != "" {
		p += "?" + pu.RawQuery
	}
	if pu.Fragment != "" {
		p += "#" + pu.Fragment
	}
	return p, true
}

// sameHost reports whether a and b are one site, with or without www.
func sameHost(a, b string) bool {
	a, b = strings.TrimPrefix(strings.ToLower(a), "www."), strings.TrimPrefix(strings.ToLower(b), "www.")
	return a != "" && a == b
}

// redirects writes a redirect page in static/ for each old list page
// whose new page is elsewhere, unless a file is there.
func (w *writer) redirects() {
	for _, r := range w.site.Redirects {
		to := redirectTarget(r)
		if to == "" || oldKey(r.Old) == oldKey(to) || safeurl.Path(r.Old) != nil {
			continue
		}
		if !w.listed(r) {
			continue
		}
		file := "static" + strings.TrimSuffix(r.Old, "/") + "/index.html"
		if strings.HasSuffix(r.Old, ".html") {
			file = "static" + r.Old
		}
		w.res.URLs = append(w.res.URLs, URL{Old: r.Old, New: to, Kind: "redirect page"})
		if _, err := w.root.Stat(file); err == nil {
			w.res.Kept = append(w.res.Kept, file)
			continue
		}
		if err := w.create(file, redirectPage(r.Old, to)); err != nil {
			w.site.Problems.Add(err)
		}
	}
}

// listed reports whether carepress will make the page r leads to: a
// term some published post has, or a person.
func (w *writer) listed(r Redirect) bool {
	if r.Taxonomy == "authors" {
		return w.people[slug.Make(r.Name)]
	}
	for _, d := range w.site.Docs {
		if d.Draft || d.Kind != Post {
			continue
		}
		names := d.Tags
		if r.Taxonomy == "categories" {
			names = d.Categories
		}
		for _, n := range names {
			if slug.Make(n) == slug.Make(r.Name) {
				return true
			}
		}
	}
	return false
}

// redirectPage is a page that sends the reader on to to, by a link
// relative to from, so that it works whatever the site's base path.
func redirectPage(from, to string) []byte {
	depth := strings.Count(strings.Trim(from, "/"), "/") + 1
	if strings.HasSuffix(from, ".html") {
		depth--
	}
	rel := strings.Repeat("../", depth) + strings.TrimPrefix(to, "/")
	if depth == 0 {
		rel = "./" + strings.TrimPrefix(to, "/")
	}
	esc := strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;", ">", "&gt;").Replace(rel)
	return []byte(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Page moved</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=` + esc + `">
</head>
<body>
<p>This page has moved: <a href="` + esc + `">continue</a>.</p>
</body>
</html>
`)
}

// create writes a new file in the root, and the folders it needs.
func (w *writer) create(name string, data []byte) error {
	if err := w.mkdirs(path.Dir(name)); err != nil {
		return err
	}
	f, err := w.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			w.res.Kept = append(w.res.Kept, name)
			return nil
		}
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	w.res.Written = append(w.res.Written, name)
	return nil
}

func (w *writer) mkdirs(dir string) error {
	if dir == "." || dir == "" {
		return nil
	}
	return w.root.MkdirAll(dir, 0o755)
}

// copyFile copies the source file src (outside the root) to dst in the
// root, unless dst is there with the same bytes; a different file there
// is kept, and the copy skipped.
func (w *writer) copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return w.put(dst, data)
}

func (w *writer) put(dst string, data []byte) error {
	if old, err := w.root.ReadFile(dst); err == nil {
		if !bytes.Equal(old, data) {
			w.site.Notes = append(w.site.Notes, fmt.Sprintf("%s was there already and differs from the source's: kept as it was", dst))
		}
		w.res.Kept = append(w.res.Kept, dst)
		return nil
	}
	return w.create(dst, data)
}

// safeName makes a file name safe: letters, digits, '.', '-' and '_',
// never "." or "..", never hidden.
func safeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := strings.TrimLeft(b.String(), ".-")
	if s == "" {
		return "file"
	}
	return s
}

// safePath makes a slash path safe, segment by segment: no "..", no
// absolute path, no hidden folder. ok is false when it had to change.
func safePath(p string) (string, bool) {
	var segs []string
	changed := false
	for _, s := range strings.Split(p, "/") {
		if s == "" || s == "." {
			continue
		}
		n := safeName(s)
		if n != s {
			changed = true
		}
		segs = append(segs, n)
	}
	if len(segs) == 0 {
		return "file", false
	}
	return strings.Join(segs, "/"), !changed
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = clip(s, 200)
	}
	return s
}

// imageExts are the files an image reference may name.
var imageExts = []string{".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"}

func isImagePath(p string) bool {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	return slices.Contains(imageExts, strings.ToLower(path.Ext(p)))
}
