package importer

import (
	"fmt"
	"io/fs"
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
	"go.yaml.in/yaml/v3"
)

// jekyllPost is the file name of a post: its date and its slug.
var jekyllPost = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})-(.+)\.(md|markdown|mkd|mkdn|mdown|html|htm)$`)

// ReadJekyll reads a Jekyll site: _config.yml, _posts/ (in any folder),
// _drafts/, the pages at the top, _data/authors.yml and the files beside
// them.
func ReadJekyll(dir string) (*Site, error) {
	s := &Site{Kind: "jekyll"}
	cfgData, err := os.ReadFile(filepath.Join(dir, "_config.yml"))
	if err != nil {
		cfgData, err = os.ReadFile(filepath.Join(dir, "_config.yaml"))
	}
	if err != nil {
		return nil, fmt.Errorf("%s is not a Jekyll site: it has no _config.yml (give the folder that holds it)", dir)
	}
	cm, err := decodeConfig("_config.yml", cfgData)
	if err != nil {
		// The rest can be read without it: the site's settings are listed.
		s.Problems.Add(err)
		cm = map[string]any{}
	}
	c := newFields(cm, nil)
	s.Config.From = map[string]string{}
	note := func(k, from string) { s.Config.From[k] = from + " in _config.yml" }
	s.Config.Title = c.str("title", "name")
	note("title", "title")
	baseurl := strings.TrimSuffix(c.str("baseurl"), "/")
	if baseurl != "" && !strings.HasPrefix(baseurl, "/") {
		baseurl = "/" + baseurl
	}
	s.BasePath = baseurl
	if u := c.str("url"); u != "" {
		if pu, err := url.Parse(u); err == nil && (pu.Scheme == "http" || pu.Scheme == "https") && pu.Host != "" {
			pu.Path = baseurl + "/"
			s.Config.BaseURL = pu.String()
			note("base_url", "url and baseurl")
		}
	}
	if l := c.str("lang", "locale", "language"); l != "" {
		s.Config.Language = strings.ReplaceAll(l, "_", "-")
		note("language", "lang")
	}
	var loc *time.Location
	if tz := c.str("timezone"); tz != "" {
		if l, err := time.LoadLocation(tz); err == nil {
			s.Config.Timezone, loc = tz, l
			note("timezone", "timezone")
		}
	}
	c.loc = loc
	s.Config.Email = c.str("email")
	if s.Config.Email != "" {
		note("email", "email")
	}
	s.Config.Phone = c.str("phone", "telephone")
	if s.Config.Phone != "" {
		note("phone", "phone")
	}
	for k, base := range map[string]string{"twitter_username": "https://twitter.com/", "github_username": "https://github.com/", "facebook_username": "https://www.facebook.com/", "linkedin_username": "https://www.linkedin.com/in/"} {
		if v := c.str(k); validID(v) {
			s.Config.SameAs = append(s.Config.SameAs, base+v)
		}
	}
	sort.Strings(s.Config.SameAs)
	if d := c.str("description", "tagline"); d != "" {
		s.Notes = append(s.Notes, fmt.Sprintf("The site's description was %q: put it on the home page (content/_index.md) if you want it there.", d))
	}
	permalink := orDefault(c.str("permalink"), "date")
	sep := c.str("excerpt_separator")
	archives := jekyllArchives(c)
	s.locate = func(rel string, _ *Doc) string { return inside(dir, rel) }

	// People: _data/authors.yml, the usual home of a Jekyll site's
	// authors (jekyll-seo-tag, Minimal Mistakes).
	people := map[string]*Person{}
	for _, name := range []string{"_data/authors.yml", "_data/authors.yaml", "_data/team.yml"} {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			continue
		}
		var m map[string]map[string]any
		if err := yaml.Unmarshal(data, &m); err != nil {
			s.Problems.Add(diag.Errorf(diag.Pos{File: name}, "fix the file, then import again", "cannot read %s: %v", name, err))
			continue
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			f := newFields(m[k], loc)
			id := slug.Make(k)
			if id == "" {
				continue
			}
			p := &Person{ID: id, Name: orDefault(f.str("name", "title"), k), Source: diag.Pos{File: name}, Marker: "jekyll " + name + " " + k,
				Role: f.str("role", "position", "title"), Credentials: f.str("credentials", "qualifications"), Bio: f.str("bio", "description")}
			p.Image = f.str("avatar", "image", "photo", "picture")
			f.raw("email", "web", "uri", "twitter", "links")
			p.Unmapped = f.unmapped()
			people[k] = p
			s.People = append(s.People, p)
		}
		break
	}
	author := func(v string) string {
		if v == "" {
			return ""
		}
		if p := people[v]; p != nil {
			return p.ID
		}
		id := slug.Make(v)
		for _, p := range s.People {
			if p.ID == id || strings.EqualFold(p.Name, v) {
				return p.ID
			}
		}
		if id == "" {
			return ""
		}
		// A name in a post with no authors file: a person of that name.
		p := &Person{ID: id, Name: v, Marker: "jekyll author " + v}
		people[v] = p
		s.People = append(s.People, p)
		return id
	}
	siteAuthor := ""
	if a, ok := c.raw("author"); ok {
		switch x := a.(type) {
		case string:
			siteAuthor = x
		case map[string]any:
			siteAuthor = scalarString(x["name"])
		}
	}

	// Posts and pages.
	docs := map[string]*Doc{} // by path from dir, for {% link %} and post_url
	byPostName := map[string]*Doc{}
	err = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		rel := relSlash(dir, p)
		if err != nil {
			s.Problems.Add(diag.Errorf(diag.Pos{File: rel}, "check the folder's permissions", "cannot read %s: %v", rel, errReason(err)))
			return nil
		}
		name := e.Name()
		if e.IsDir() {
			if p == dir {
				return nil
			}
			if strings.HasPrefix(name, ".") || name == "_site" || name == "node_modules" || name == "vendor" ||
				strings.HasPrefix(name, "_") && name != "_posts" && name != "_drafts" && name != "_pages" {
				return fs.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(path.Ext(name))
		if !contains([]string{".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".html", ".htm"}, ext) || !e.Type().IsRegular() {
			return nil // a link is not followed: it may lead out of the source
		}
		segs := strings.Split(rel, "/")
		inPosts, inDrafts := contains(segs, "_posts"), contains(segs, "_drafts")
		if !inPosts && !inDrafts {
			if strings.HasPrefix(name, "_") || strings.EqualFold(name, "README.md") || name == "404.html" || name == "404.md" ||
				strings.EqualFold(name, "LICENSE.md") || strings.EqualFold(name, "CHANGELOG.md") {
				return nil
			}
			// A page is read only with front matter; index.html is the
			// home page, which carepress makes.
			if !startsWithFM(p) || (rel == "index.html" || rel == "index.md" || rel == "index.markdown") {
				return nil
			}
		}
		m, body, bodyLine, err := readFrontMatter(p, rel)
		if err != nil {
			s.Problems.Add(err)
			return nil
		}
		f := newFields(m, loc)
		d := &Doc{Source: diag.Pos{File: rel, Line: 1}, Marker: "jekyll " + rel}
		var fileDate time.Time
		base := strings.TrimSuffix(name, path.Ext(name))
		if inPosts || inDrafts {
			d.Kind = Post
			if mm := jekyllPost.FindStringSubmatch(name); mm != nil {
				fileDate, _ = time.ParseInLocation("2006-01-02", mm[1]+"-"+mm[2]+"-"+mm[3], orLoc(loc))
				base = mm[4]
			} else if inPosts {
				s.Problems.Add(diag.Errorf(diag.Pos{File: rel}, "name it YYYY-MM-DD-title.md", "%s is not named as a post (Jekyll skips it): not imported", rel))
				return nil
			}
			d.Draft = inDrafts
		} else {
			d.Kind = Page
		}
		jekyllFields(s, d, f, rel, fileDate)
		if d.Author == "" {
			if a := f.str("author"); a != "" {
				d.Author = author(a)
			} else if d.Kind == Post && siteAuthor != "" {
				d.Author = author(siteAuthor)
			}
		} else {
			d.Author = author(d.Author)
		}
		// Categories: the front matter's, and the folders above _posts.
		if inPosts {
			for _, sg := range segs[:len(segs)-1] {
				if sg == "_posts" {
					break
				}
				d.Categories = appendNew(d.Categories, sg)
			}
		}
		sl := orDefault(f.str("slug"), base)
		if d.Kind == Post {
			d.Slug = sl
		} else {
			dp := path.Dir(rel)
			d.Slug = strings.TrimPrefix(strings.TrimPrefix(dp+"/", "./")+base, "_pages/")
			if base == "index" {
				d.Slug = strings.TrimPrefix(dp, "_pages/")
			}
		}
		// The old addresses.
		if pl := f.str("permalink"); pl != "" {
			d.Old = append(d.Old, jekyllPermalink(pl, d, sl, base, ext, rel))
		} else if d.Kind == Post && !d.Draft {
			d.Old = append(d.Old, jekyllPermalink(permalink, d, sl, base, ext, rel))
		} else if d.Kind == Page {
			pp := "/" + strings.TrimPrefix(strings.TrimSuffix(rel, path.Ext(rel)), "_pages/")
			if strings.HasSuffix(pp, "/index") {
				d.Old = append(d.Old, strings.TrimSuffix(pp, "index"))
			} else if permalink == "pretty" {
				d.Old = append(d.Old, pp+"/")
			} else {
				d.Old = append(d.Old, pp+".html")
			}
		}
		// GitHub Pages answers /x for /x.html too.
		for _, o := range append([]string(nil), d.Old...) {
			if strings.HasSuffix(o, ".html") {
				d.Old = append(d.Old, strings.TrimSuffix(o, ".html")+"/")
			}
		}
		for _, r := range f.list(false, "redirect_from") {
			d.Old = append(d.Old, "/"+strings.TrimPrefix(r, "/"))
		}
		d.Unmapped = append(d.Unmapped, f.unmapped("layout", "comments", "share", "related", "read_time", "toc", "toc_label", "toc_sticky", "sitemap", "mathjax", "classes")...)
		isHTML := ext == ".html" || ext == ".htm"
		raw, line := body, bodyLine
		liquid := jekyllLiquid{dir: dir, docs: docs, posts: byPostName, cfg: c, page: d, sep: sep}
		d.Body = func(rewrite Rewrite) (string, []Left) {
			liquid.rewrite = rewrite
			if isHTML {
				text, la := liquid.convert(raw)
				md, un := HTMLToMarkdown(text, HTMLOptions{URL: rewrite})
				var left []Left
				for _, l := range la {
					left = append(left, Left{Pos: diag.Pos{File: rel, Line: line + strings.Count(raw[:min(l.off, len(raw))], "\n")}, What: l.what, Text: l.text})
				}
				for _, u := range un {
					left = append(left, Left{Pos: diag.Pos{File: rel, Line: line + strings.Count(raw[:nthTag(raw, u.Tag, u.Nth)], "\n")}, What: "HTML <" + u.Tag + ">", Text: u.Text})
				}
				return md, left
			}
			return markdownBody(raw, rel, line, rewrite, liquid.convert)
		}
		docs[rel] = d
		if d.Kind == Post {
			byPostName[strings.TrimSuffix(name, path.Ext(name))] = d
		}
		s.Docs = append(s.Docs, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, d := range s.Docs {
		if d.Kind != Post || d.Draft {
			continue
		}
		for _, t := range d.Categories {
			if pat := archives["category"]; pat != "" {
				s.Redirects = append(s.Redirects, Redirect{Old: strings.ReplaceAll(pat, ":name", hugoURLize(t)), Taxonomy: "categories", Name: t})
			}
		}
		for _, t := range d.Tags {
			if pat := archives["tag"]; pat != "" {
				s.Redirects = append(s.Redirects, Redirect{Old: strings.ReplaceAll(pat, ":name", hugoURLize(t)), Taxonomy: "tags", Name: t})
			}
		}
	}
	s.Redirects = uniqueRedirects(s.Redirects)
	sort.SliceStable(s.Docs, func(i, j int) bool { return s.Docs[i].Source.File < s.Docs[j].Source.File })
	if f := c.str("feed_path", "feed"); f != "" {
		s.Notes = append(s.Notes, "The feed was at "+f+": carepress's is /index.xml.")
	}
	return s, nil
}

func orLoc(l *time.Location) *time.Location {
	if l == nil {
		return time.UTC
	}
	return l
}

// startsWithFM reports whether the file at p opens with front matter.
func startsWithFM(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return true // read it, and report why it cannot be
	}
	defer f.Close()
	buf := make([]byte, 5)
	n, _ := f.Read(buf)
	return strings.HasPrefix(strings.TrimPrefix(string(buf[:n]), "\ufeff"), "---")
}

// jekyllArchives reads jekyll-archives' permalinks for category and tag
// pages, when the site uses it.
func jekyllArchives(c *fields) map[string]string {
	out := map[string]string{}
	a := c.sub("jekyll-archives")
	if a == nil {
		return out
	}
	enabled := a.list(false, "enabled")
	all := a.str("enabled") == "all"
	pl := a.sub("permalinks")
	for kind, plural := range map[string]string{"category": "categories", "tag": "tags"} {
		if !all && !contains(enabled, kind) && !contains(enabled, plural) {
			continue
		}
		pat := "/" + kind + "/:name/"
		if pl != nil {
			if v := pl.str(kind); v != "" {
				pat = v
			}
		}
		out[kind] = pat
	}
	return out
}

// jekyllFields maps a Jekyll page's front matter.
func jekyllFields(s *Site, d *Doc, f *fields, file string, fileDate time.Time) {
	d.Title = f.str("title")
	if d.Title == "" {
		d.Title = strings.Join(strings.Fields(strings.ReplaceAll(jekyllPost.ReplaceAllString(path.Base(file), "$4"), "-", " ")), " ")
	}
	d.Description = f.str("description", "excerpt", "summary", "subtitle")
	date, err := f.date("date")
	if err != nil {
		s.Problems.Add(diag.Errorf(diag.Pos{File: file}, "write it as 2019-03-12 or 2019-03-12 09:30:00 -0500", "date: %v (the file name's date is used)", err))
	}
	if date.IsZero() {
		date = fileDate
	}
	d.Date = date
	if d.Lastmod, err = f.date("last_modified_at", "lastmod", "modified", "updated"); err != nil {
		d.Unmapped = append(d.Unmapped, "last_modified_at: "+err.Error())
	}
	if pub, ok := f.boolean("published"); ok && !pub {
		d.Draft = true
	}
	if dr, ok := f.boolean("draft"); ok && dr {
		d.Draft = true
	}
	d.Categories = f.list(true, "categories", "category")
	d.Tags = f.list(true, "tags", "tag")
	if a := f.list(false, "authors"); len(a) > 0 {
		d.Author = a[0]
		if len(a) > 1 {
			d.Unmapped = append(d.Unmapped, "authors: "+strings.Join(a[1:], ", ")+" (carepress names one author)")
		}
	}
	d.Image, d.ImageAlt = imageField(f)
}

// jekyllPermalink expands a Jekyll permalink, a built-in style (date,
// pretty, ordinal, none) or a pattern.
func jekyllPermalink(pat string, d *Doc, sl, base, ext, rel string) string {
	switch pat {
	case "date":
		pat = "/:categories/:year/:month/:day/:title:output_ext"
	case "pretty":
		pat = "/:categories/:year/:month/:day/:title/"
	case "ordinal":
		pat = "/:categories/:year/:y_day/:title:output_ext"
	case "weekdate":
		pat = "/:categories/:year/W:week/:short_day/:title:output_ext"
	case "none":
		pat = "/:categories/:title:output_ext"
	}
	t := d.Date
	// Jekyll's :categories are the names, lowercased.
	var cats []string
	for _, c := range d.Categories {
		cats = append(cats, strings.ToLower(c))
	}
	out := regexp.MustCompile(`:[a-z_]+`).ReplaceAllStringFunc(pat, func(tok string) string {
		switch tok {
		case ":year":
			return t.Format("2006")
		case ":short_year":
			return t.Format("06")
		case ":month", ":i_month":
			if tok == ":i_month" {
				return fmt.Sprint(int(t.Month()))
			}
			return t.Format("01")
		case ":short_month":
			return t.Format("Jan")
		case ":long_month":
			return t.Format("January")
		case ":day", ":i_day":
			if tok == ":i_day" {
				return fmt.Sprint(t.Day())
			}
			return t.Format("02")
		case ":y_day":
			return fmt.Sprintf("%03d", t.YearDay())
		case ":hour":
			return t.Format("15")
		case ":minute":
			return t.Format("04")
		case ":second":
			return t.Format("05")
		case ":title", ":name":
			return sl
		case ":slug":
			return jekyllSlug(sl)
		case ":slugified_categories":
			var sl []string
			for _, c := range cats {
				sl = append(sl, jekyllSlug(c))
			}
			return strings.Join(sl, "/")
		case ":categories":
			return strings.Join(cats, "/")
		case ":output_ext":
			return ".html"
		case ":path":
			return strings.TrimSuffix(rel, path.Ext(rel))
		case ":basename":
			return base
		}
		return tok
	})
	out = regexp.MustCompile(`/+`).ReplaceAllString("/"+out, "/")
	return out
}

// jekyllSlug is Jekyll's slugify, "default" mode: lowercase, runs of
// non-alphanumerics as one hyphen.
func jekyllSlug(s string) string {
	s = strings.ToLower(s)
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}
