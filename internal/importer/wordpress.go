package importer

import (
	"fmt"
	"html"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/slug"
)

// ReadWordPress reads a WordPress export (WXR). Images are looked for in
// the export's folder, where a copy of wp-content/uploads (or uploads/)
// may sit beside it.
func ReadWordPress(file string) (*Site, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read the export: %w", err)
	}
	name := filepath.ToSlash(file)
	x, err := ParseWXR(name, data)
	if err != nil {
		return nil, err
	}
	s := &Site{Kind: "wordpress", Problems: x.Problems}
	ch := x.Channel
	base := ch.Get("wp:base_blog_url")
	if base == "" {
		base = ch.Get("link")
	}
	s.Config = SiteConfig{Title: htmlText(ch.Get("title")), Language: ch.Get("language")}
	if u, err := url.Parse(base); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		u.Path = strings.TrimSuffix(u.Path, "/")
		s.BasePath = u.Path
		u.Path += "/"
		u.RawQuery, u.Fragment = "", ""
		s.Config.BaseURL = u.String()
	}
	if d := htmlText(ch.Get("description")); d != "" {
		s.Notes = append(s.Notes, fmt.Sprintf("The site's tagline was %q: put it on the home page (content/_index.md) if you want it there.", d))
	}
	dir := filepath.Dir(file)
	s.locate = func(rel string, _ *Doc) string {
		for _, r := range wpCandidates(rel) {
			if p := inside(dir, r); p != "" {
				return p
			}
		}
		return ""
	}

	// People: the export's authors, by login.
	people := map[string]*Person{}
	for _, a := range ch.All("wp:author") {
		login := a.Get("wp:author_login")
		name := htmlText(a.Get("wp:author_display_name"))
		if name == "" {
			name = strings.TrimSpace(a.Get("wp:author_first_name") + " " + a.Get("wp:author_last_name"))
		}
		id := slug.Make(name)
		if id == "" {
			id = slug.Make(login)
		}
		if id == "" {
			continue
		}
		p := &Person{ID: id, Name: orDefault(name, login), Source: diag.Pos{File: filepath.ToSlash(file), Line: a.Line}, Marker: "wordpress author " + login}
		if login != "" {
			p.Old = append(p.Old, "/author/"+login+"/")
			s.Redirects = append(s.Redirects, Redirect{Old: "/author/" + urlSegment(login) + "/", Taxonomy: "authors", Name: id})
		}
		people[login] = p
		s.People = append(s.People, p)
	}
	// Categories, with their parents: an old category page is at
	// /category/PARENT/CHILD/.
	type cat struct{ name, parent string }
	cats := map[string]cat{}
	for _, c := range ch.All("wp:category") {
		cats[c.Get("wp:category_nicename")] = cat{htmlText(c.Get("wp:cat_name")), c.Get("wp:category_parent")}
	}
	catPath := func(nice string) string {
		segs := []string{nice}
		for i, p := 0, cats[nice].parent; p != "" && i < 10; i, p = i+1, cats[p].parent {
			segs = append([]string{p}, segs...)
		}
		return strings.Join(segs, "/")
	}
	niceNames := make([]string, 0, len(cats))
	for nice := range cats {
		niceNames = append(niceNames, nice)
	}
	sort.Strings(niceNames)
	for _, nice := range niceNames {
		if nice == "" || nice == "uncategorized" {
			continue
		}
		s.Redirects = append(s.Redirects, Redirect{Old: "/category/" + urlSegments(catPath(nice)) + "/", Taxonomy: "categories", Name: cats[nice].name})
	}
	for _, t := range ch.All("wp:tag") {
		if sl := t.Get("wp:tag_slug"); sl != "" {
			s.Redirects = append(s.Redirects, Redirect{Old: "/tag/" + urlSegment(sl) + "/", Taxonomy: "tags", Name: htmlText(t.Get("wp:tag_name"))})
		}
	}

	// Attachments first: posts name their featured image by id.
	attachments := map[string]*Elem{}
	for _, it := range x.Items {
		if it.Get("wp:post_type") == "attachment" {
			attachments[it.Get("wp:post_id")] = it
		}
	}
	var offsets []tzSample
	comments, skipped := 0, map[string]int{}
	for _, it := range x.Items {
		typ := it.Get("wp:post_type")
		if typ != "post" && typ != "page" {
			if typ != "attachment" && typ != "nav_menu_item" && typ != "revision" && typ != "customize_changeset" && typ != "wp_global_styles" {
				skipped[typ]++
			}
			continue
		}
		status := it.Get("wp:status")
		if status == "trash" || status == "auto-draft" || status == "inherit" {
			continue
		}
		d := wpDoc(s, it, name, attachments, people)
		if d == nil {
			continue
		}
		if local, gmt := it.Get("wp:post_date"), it.Get("wp:post_date_gmt"); status != "draft" && status != "pending" {
			if l, err := time.Parse(wpTime, local); err == nil {
				if g, err := time.Parse(wpTime, gmt); err == nil && !g.IsZero() && g.Year() > 1 {
					offsets = append(offsets, tzSample{at: g, offset: int(l.Sub(g).Seconds())})
				}
			}
		}
		comments += len(it.All("wp:comment"))
		s.Docs = append(s.Docs, d)
	}
	for typ, n := range skipped {
		s.Notes = append(s.Notes, fmt.Sprintf("%d items of type %q (a plugin's content) were not imported.", n, typ))
	}
	sort.Strings(s.Notes)
	if comments > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("%d comments were not imported: comments hold patients' own words about their care, which a practice's site should not republish.", comments))
	}
	s.Config.Timezone = guessZone(s.Config.Language, offsets)
	if loc, err := time.LoadLocation(s.Config.Timezone); err == nil && s.Config.Timezone != "" {
		for _, d := range s.Docs {
			if d.dateLocal {
				t := d.Date
				d.Date = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
			}
		}
	}
	s.Config.From = map[string]string{"title": "<title>", "base_url": "<wp:base_blog_url>", "language": "<language>", "timezone": "the offsets of the posts' local and GMT dates"}
	contactFromPages(s)
	return s, nil
}

// wpTime is the format of the export's dates.
const wpTime = "2006-01-02 15:04:05"

// wpDoc maps one post or page.
func wpDoc(s *Site, it *Elem, file string, attachments map[string]*Elem, people map[string]*Person) *Doc {
	typ := it.Get("wp:post_type")
	id := it.Get("wp:post_id")
	d := &Doc{Kind: Post, Source: diag.Pos{File: file, Line: it.Line}, Marker: "wordpress " + typ + " " + id}
	if typ == "page" {
		d.Kind = Page
	}
	d.Title = htmlText(it.Get("title"))
	status := it.Get("wp:status")
	switch status {
	case "draft", "pending", "future", "private":
		d.Draft = status != "future"
		if status == "private" {
			d.Unmapped = append(d.Unmapped, "status: private (imported as a draft: carepress publishes to everyone or no one)")
		}
	}
	if it.Get("wp:post_password") != "" {
		d.Draft = true
		d.Unmapped = append(d.Unmapped, "post_password (a password-protected post: imported as a draft, since carepress has no passwords)")
	}
	d.Date, d.dateLocal = wpDate(it.Get("wp:post_date_gmt"), it.Get("wp:post_date"))
	d.Lastmod, _ = wpDate(it.Get("wp:post_modified_gmt"), it.Get("wp:post_modified"))
	if p := people[it.Get("dc:creator")]; p != nil {
		d.Author = p.ID
	}
	// Old addresses: the permalink, and ?p=ID (?page_id=ID), which
	// WordPress answers whatever the permalink structure.
	link := it.Get("link")
	old := ""
	if u, err := url.Parse(link); err == nil && link != "" {
		old = strings.TrimPrefix(u.EscapedPath(), s.BasePath)
		if dp, err := url.PathUnescape(old); err == nil {
			old = dp
		}
		if old == "" {
			old = "/"
		}
		if u.RawQuery != "" {
			old += "?" + u.RawQuery
		}
		if old != "/" {
			d.Old = append(d.Old, old)
		}
	}
	if id != "" {
		q := "/?p=" + id
		if typ == "page" {
			q = "/?page_id=" + id
		}
		d.Old = append(d.Old, q)
	}
	// The slug: post_name, else the last part of the permalink.
	name := it.Get("wp:post_name")
	if d.Kind == Page {
		p := strings.Trim(strings.SplitN(old, "?", 2)[0], "/")
		p = strings.TrimSuffix(p, ".html")
		if p == "" || strings.Contains(old, "?") {
			p = name
		}
		d.Slug = p
	} else {
		d.Slug = name
	}
	if d.Slug == "" {
		d.Slug = slug.Make(d.Title)
	}
	if d.Slug == "" {
		d.Slug = typ + "-" + id
	}
	for _, c := range it.All("category") {
		v := htmlText(c.Text)
		switch c.Attr["domain"] {
		case "category":
			if c.Attr["nicename"] != "uncategorized" && v != "" {
				d.Categories = appendNew(d.Categories, v)
			}
		case "post_tag":
			if v != "" {
				d.Tags = appendNew(d.Tags, v)
			}
		}
	}
	meta := map[string]string{}
	for _, m := range it.All("wp:postmeta") {
		meta[m.Get("wp:meta_key")] = m.Get("wp:meta_value")
	}
	d.Description = htmlText(it.Get("excerpt:encoded"))
	for _, k := range []string{"_yoast_wpseo_metadesc", "rank_math_description", "_aioseo_description", "_genesis_description"} {
		if v := strings.TrimSpace(meta[k]); v != "" && d.Description == "" {
			d.Description = htmlText(v)
		}
	}
	if tid := meta["_thumbnail_id"]; tid != "" {
		if a := attachments[tid]; a != nil {
			d.Image = a.Get("wp:attachment_url")
			for _, m := range a.All("wp:postmeta") {
				if m.Get("wp:meta_key") == "_wp_attachment_image_alt" {
					d.ImageAlt = strings.TrimSpace(m.Get("wp:meta_value"))
				}
			}
		} else {
			d.Unmapped = append(d.Unmapped, "featured image "+tid+" (not in the export)")
		}
	}
	if it.Get("wp:is_sticky") == "1" {
		d.Unmapped = append(d.Unmapped, "sticky: 1 (carepress lists posts newest first)")
	}
	if t := meta["_wp_page_template"]; t != "" && t != "default" {
		d.Unmapped = append(d.Unmapped, "page template: "+t)
	}
	content := it.Child("content:encoded")
	if content != nil {
		raw, line := content.Text, content.TextLine
		alts := attachmentAlts(attachments)
		d.Body = func(rewrite Rewrite) (string, []Left) {
			return wpBody(raw, file, line, rewrite, attachments, alts)
		}
	}
	return d
}

// attachmentAlts maps an attachment's URL to its alt text, for images
// written without one.
func attachmentAlts(attachments map[string]*Elem) map[string]string {
	out := map[string]string{}
	for _, a := range attachments {
		if u, alt := a.Get("wp:attachment_url"), attachmentAlt(a); u != "" && alt != "" {
			out[fullSize(u)] = alt
		}
	}
	return out
}

// fullSize is an upload's address without the size WordPress adds to
// its resized copies (flu-1024x683.jpg is flu.jpg).
func fullSize(u string) string {
	if m := wpSized.FindStringSubmatch(u); m != nil {
		return m[1] + m[2]
	}
	return u
}

// wpDate reads a date of the export: the GMT one when set (WordPress
// writes 0000-00-00 00:00:00 for a draft), else the local one (isLocal),
// read as UTC until the zone is known.
func wpDate(gmt, local string) (t time.Time, isLocal bool) {
	if t, err := time.Parse(wpTime, gmt); err == nil && t.Year() > 1 {
		return t, false
	}
	if t, err := time.Parse(wpTime, local); err == nil && t.Year() > 1 {
		return t, true
	}
	return time.Time{}, false
}

func appendNew(xs []string, v string) []string {
	for _, x := range xs {
		if strings.EqualFold(x, v) {
			return xs
		}
	}
	return append(xs, v)
}

// wpCandidates are where an upload may sit beside the export: a copy of
// wp-content/, or of uploads/ alone; and the full-size file for a
// resized one (flu-300x200.jpg).
func wpCandidates(rel string) []string {
	out := []string{rel}
	if r, ok := strings.CutPrefix(rel, "wp-content/"); ok {
		out = append(out, r)
	}
	if m := wpSized.FindStringSubmatch(rel); m != nil {
		full := m[1] + m[2]
		out = append(out, full)
		if r, ok := strings.CutPrefix(full, "wp-content/"); ok {
			out = append(out, r)
		}
	}
	return out
}

var wpSized = regexp.MustCompile(`^(.*)-[0-9]{2,5}x[0-9]{2,5}(\.[A-Za-z]+)$`)

// htmlText is text that WordPress stored with entities: plain.
func htmlText(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "&<") {
		return s
	}
	return strings.TrimSpace(spaces.ReplaceAllString(stripTags(s), " "))
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

func stripTags(s string) string {
	return html.UnescapeString(tagRE.ReplaceAllString(s, ""))
}

// urlSegment escapes nothing but refuses what no alias can hold: the
// redirect writer checks the path again.
func urlSegment(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

func urlSegments(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = urlSegment(s)
	}
	return path.Join(segs...)
}

// wpBody converts a post's content: WordPress's shortcodes, the
// paragraphs its editor leaves to wpautop, then the HTML. What is left
// out is listed at its line of the export.
func wpBody(raw, file string, line int, rewrite Rewrite, attachments map[string]*Elem, alts map[string]string) (string, []Left) {
	var left []Left
	at := func(off int) diag.Pos {
		return diag.Pos{File: file, Line: line + strings.Count(raw[:min(off, len(raw))], "\n")}
	}
	src, scLeft := wpShortcodes(raw, attachments)
	for _, l := range scLeft {
		left = append(left, Left{Pos: at(l.Offset), What: "WordPress shortcode", Text: l.Text})
	}
	if !strings.Contains(src, "<!-- wp:") && !strings.Contains(strings.ToLower(src), "<p") {
		src = autop(src)
	}
	md, un := HTMLToMarkdown(src, HTMLOptions{URL: rewrite, Alt: func(src string) string { return alts[fullSize(src)] }})
	for _, u := range un {
		off := nthTag(raw, u.Tag, u.Nth)
		left = append(left, Left{Pos: at(off), What: "HTML <" + u.Tag + ">", Text: u.Text})
	}
	return md, left
}

// nthTag is the offset of the nth (from 0) start tag named tag in s, or 0.
func nthTag(s, tag string, n int) int {
	low := strings.ToLower(s)
	i := 0
	for k := 0; ; k++ {
		j := strings.Index(low[i:], "<"+tag)
		if j < 0 {
			return 0
		}
		i += j
		end := i + 1 + len(tag)
		if end >= len(low) || !isNameByte(low[end]) {
			if k == n {
				return i
			}
		} else {
			k--
		}
		i = end
	}
}

func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == ':'
}

// autop wraps the blank-line separated paragraphs of classic-editor
// content in <p>, and its single line breaks in <br>, as WordPress's
// wpautop does when it shows the post.
func autop(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, para := range regexp.MustCompile(`\n\s*\n`).Split(s, -1) {
		p := strings.TrimSpace(para)
		if p == "" {
			continue
		}
		if blockStart.MatchString(p) {
			b.WriteString(p + "\n")
			continue
		}
		b.WriteString("<p>" + strings.ReplaceAll(p, "\n", "<br>\n") + "</p>\n")
	}
	return b.String()
}

var blockStart = regexp.MustCompile(`(?i)^<(p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|iframe|script|style|form|section|dl|address)\b`)

// tzSample is one post's GMT time and the offset of its local time.
type tzSample struct {
	at     time.Time
	offset int // seconds east of UTC
}

// zonesByRegion are the time zones a practice in each country may be in,
// the most populous first.
var zonesByRegion = map[string][]string{
	"US": {"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu"},
	"CA": {"America/Toronto", "America/Vancouver", "America/Edmonton", "America/Winnipeg", "America/Halifax", "America/Regina", "America/St_Johns"},
	"GB": {"Europe/London"},
	"IE": {"Europe/Dublin"},
	"AU": {"Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane", "Australia/Perth", "Australia/Adelaide", "Australia/Hobart", "Australia/Darwin"},
	"NZ": {"Pacific/Auckland"},
}

// guessZone finds the time zone in which every post's local time was its
// GMT time: the export holds both, but not the zone's name. The
// language's country narrows the candidates; "" when none fits or the
// posts say nothing (all at UTC, or none).
func guessZone(lang string, samples []tzSample) string {
	if len(samples) == 0 {
		return ""
	}
	var cands []string
	if _, region, ok := strings.Cut(lang, "-"); ok {
		cands = zonesByRegion[strings.ToUpper(region)]
	}
	if cands == nil {
		for _, r := range []string{"US", "GB", "IE", "CA", "AU", "NZ"} {
			cands = append(cands, zonesByRegion[r]...)
		}
	}
	allUTC := true
	for _, s := range samples {
		if s.offset != 0 {
			allUTC = false
		}
	}
	for _, name := range cands {
		loc, err := time.LoadLocation(name)
		if err != nil {
			continue
		}
		fits := true
		for _, s := range samples {
			if _, off := s.at.In(loc).Zone(); off != s.offset {
				fits = false
				break
			}
		}
		if fits && !(allUTC && name != "Europe/London" && name != "Europe/Dublin") {
			return name
		}
	}
	if allUTC {
		return "UTC"
	}
	return ""
}

// contactFromPages takes the practice's phone and email from the links
// of its pages (a contact page's tel: and mailto: links), the first of
// each on the site's own domain for email.
func contactFromPages(s *Site) {
	host := strings.TrimPrefix(hostOf(s.Config.BaseURL), "www.")
	for _, d := range s.Docs {
		if d.Kind != Page || d.Draft || d.Body == nil {
			continue
		}
		md, _ := d.Body(func(u string, _ bool) string { return u })
		for _, m := range contactLink.FindAllStringSubmatch(md, -1) {
			v, _ := url.PathUnescape(m[2])
			switch m[1] {
			case "tel":
				if s.Config.Phone == "" && phoneOK.MatchString(v) {
					s.Config.Phone = v
					s.Config.From["phone"] = "a tel: link on " + d.Title
				}
			case "mailto":
				v, _, _ = strings.Cut(v, "?")
				if _, dom, ok := strings.Cut(v, "@"); ok && s.Config.Email == "" && host != "" && strings.EqualFold(strings.TrimPrefix(dom, "www."), host) {
					s.Config.Email = v
					s.Config.From["email"] = "a mailto: link on " + d.Title
				}
			}
		}
	}
}

var (
	contactLink = regexp.MustCompile(`\]\((tel|mailto):([^)\s]+)\)`)
	phoneOK     = regexp.MustCompile(`^\+?[0-9][0-9 ().-]{5,20}$`)
)
