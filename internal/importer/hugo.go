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

	"github.com/BurntSushi/toml"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/slug"
	"go.yaml.in/yaml/v3"
)

// hugoConfigs are the names of a Hugo site's configuration, first found
// first read.
var hugoConfigs = []string{"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json",
	"config/_default/hugo.toml", "config/_default/hugo.yaml", "config/_default/config.toml", "config/_default/config.yaml"}

// postSections are the sections Hugo sites keep their articles in, when
// params.mainSections does not say.
var postSections = []string{"posts", "post", "blog", "news", "articles", "article", "health-tips", "tips"}

// teamSections hold the people of a practice.
var teamSections = []string{"team", "authors", "author", "staff", "people", "doctors", "providers", "our-team", "physicians", "clinicians"}

// ReadHugo reads a Hugo site: its configuration, its content folder and
// its static files.
func ReadHugo(dir string) (*Site, error) {
	s := &Site{Kind: "hugo"}
	cfg, cfgFile, err := hugoConfig(dir)
	if err != nil {
		return nil, err
	}
	if cfgFile == "" {
		return nil, fmt.Errorf("%s is not a Hugo site: it has no hugo.toml, hugo.yaml or config.toml (give the folder that holds it)", dir)
	}
	c := newFields(cfg, nil)
	params := c.sub("params")
	if params == nil {
		params = newFields(nil, nil)
	}
	s.Config.From = map[string]string{}
	note := func(k, from string) { s.Config.From[k] = from + " in " + cfgFile }
	s.Config.Title = c.str("title")
	note("title", "title")
	if b := c.str("baseurl"); b != "" {
		if u, err := url.Parse(b); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			s.BasePath = strings.TrimSuffix(u.Path, "/")
			u.Path = s.BasePath + "/"
			s.Config.BaseURL = u.String()
			note("base_url", "baseURL")
		}
	}
	if l := c.str("languagecode"); l != "" {
		s.Config.Language = l
		note("language", "languageCode")
	} else if l := c.str("defaultcontentlanguage"); l != "" {
		s.Config.Language = l
		note("language", "defaultContentLanguage")
	}
	var loc *time.Location
	if tz := c.str("timezone"); tz != "" {
		if l, err := time.LoadLocation(tz); err == nil {
			s.Config.Timezone, loc = tz, l
			note("timezone", "timeZone")
		} else {
			s.Notes = append(s.Notes, fmt.Sprintf("%s: timeZone %q is not a time zone carepress knows: left out", cfgFile, tz))
		}
	}
	s.Config.Phone = params.str("phone", "telephone", "tel")
	if s.Config.Phone != "" {
		note("phone", "params.phone")
	}
	s.Config.Email = params.str("email", "contact_email", "mail")
	if s.Config.Email != "" {
		note("email", "params.email")
	}
	for _, k := range []string{"twitter", "facebook", "instagram", "linkedin", "mastodon", "youtube"} {
		if v := params.str(k); strings.HasPrefix(v, "https://") {
			s.Config.SameAs = append(s.Config.SameAs, v)
		}
	}
	if d := params.str("description", "tagline", "subtitle"); d != "" {
		s.Notes = append(s.Notes, fmt.Sprintf("The site's description was %q: put it on the home page (content/_index.md) if you want it there.", d))
	}
	if a := params.str("address"); a != "" {
		s.Notes = append(s.Notes, fmt.Sprintf("The site's address was %q: write it as a location under practice: in carepress.yaml.", a))
	}
	ugly, _ := c.boolean("uglyurls")
	permalinks := map[string]string{}
	if p := c.sub("permalinks"); p != nil {
		for k, v := range p.m {
			if str, ok := v.(string); ok {
				permalinks[k] = str
			} else if m, ok := v.(map[string]any); ok && k == "page" {
				// Hugo 0.115's form: permalinks.page.SECTION
				for sk, sv := range m {
					if str, ok := sv.(string); ok {
						permalinks[strings.ToLower(sk)] = str
					}
				}
			}
		}
	}
	main := params.list(false, "mainsections")
	contentDir := orDefault(c.str("contentdir"), "content")
	staticDir := orDefault(c.str("staticdir"), "static")
	root := filepath.Join(dir, filepath.FromSlash(contentDir))
	s.locate = func(rel string, d *Doc) string {
		if d != nil && d.Bundle != nil {
			if src, ok := d.Bundle[path.Base(rel)]; ok {
				return src
			}
		}
		for _, base := range []string{staticDir, "assets", contentDir} {
			if p := inside(filepath.Join(dir, base), rel); p != "" {
				return p
			}
		}
		return ""
	}

	// Content: every markdown file, by section.
	type page struct {
		file, rel, section string
		bundle             bool
	}
	var pages []page
	counts := map[string]int{}
	err = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			s.Problems.Add(diag.Errorf(diag.Pos{File: relSlash(dir, p)}, "check the folder's permissions", "cannot read %s: %v", relSlash(dir, p), errReason(err)))
			return nil
		}
		if e.IsDir() {
			if strings.HasPrefix(e.Name(), ".") && p != root {
				return fs.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(path.Ext(e.Name()))
		if ext != ".md" && ext != ".markdown" && ext != ".html" || !e.Type().IsRegular() {
			return nil // a link is not followed: it may lead out of the source
		}
		rel := relSlash(root, p)
		section, _, nested := strings.Cut(rel, "/")
		if !nested {
			section = ""
		}
		base := strings.TrimSuffix(e.Name(), path.Ext(e.Name()))
		if base == "_index" {
			if rel != "_index"+path.Ext(rel) {
				return nil // a section's list page: carepress makes its own
			}
		}
		pages = append(pages, page{file: p, rel: rel, section: section, bundle: base == "index"})
		if section != "" && base != "_index" {
			counts[section]++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(main) == 0 {
		for _, sec := range postSections {
			if counts[sec] > 0 {
				main = append(main, sec)
			}
		}
	}
	if len(main) == 0 {
		best := ""
		for sec, n := range counts {
			if !contains(teamSections, sec) && (n > counts[best] || n == counts[best] && sec < best) {
				best = sec
			}
		}
		if best != "" {
			main = []string{best}
		}
	}
	docsBySource := map[string]*Doc{}
	people := map[string]*Person{} // team pages, by path below content/
	for _, pg := range pages {
		name := contentDir + "/" + pg.rel
		m, body, bodyLine, err := readFrontMatter(pg.file, name)
		if err != nil {
			s.Problems.Add(err)
			continue
		}
		f := newFields(m, loc)
		base := strings.TrimSuffix(path.Base(pg.rel), path.Ext(pg.rel))
		if pg.bundle {
			base = path.Base(path.Dir(pg.rel))
		}
		if contains(teamSections, pg.section) {
			if p := hugoPerson(f, name, base, pg.section, body); p != nil {
				s.People = append(s.People, p)
				people[pg.rel] = p
				s.Redirects = append(s.Redirects, Redirect{Old: p.Old[0], Taxonomy: "authors", Name: p.ID})
			}
			continue
		}
		d := &Doc{Source: diag.Pos{File: name, Line: 1}, Marker: "hugo " + name}
		if !contains(main, pg.section) {
			d.Kind = Page
		}
		hugoFields(s, d, f, name)
		sl := f.str("slug")
		if sl == "" {
			sl = base
		}
		switch {
		case base == "_index":
			// The home page's text: carepress's content/_index.md.
			d.Kind, d.Slug = Page, "_index"
		case d.Kind == Post:
			d.Slug = sl
		default:
			dirPart := path.Dir(pg.rel)
			if pg.bundle {
				dirPart = path.Dir(dirPart)
			}
			if dirPart == "." {
				d.Slug = sl
			} else {
				d.Slug = dirPart + "/" + sl
			}
		}
		// The old address: url, else the section's permalink pattern,
		// else the file's path.
		if base == "_index" {
			d.Old = append(d.Old, "/")
		} else if u := f.str("url"); u != "" {
			d.Old = append(d.Old, "/"+strings.TrimPrefix(u, "/"))
		} else if pat, ok := permalinks[pg.section]; ok && pg.section != "" {
			d.Old = append(d.Old, expandPermalink(pat, d, pg.section, sl, base))
		} else {
			dirPart := path.Dir(pg.rel)
			if pg.bundle {
				dirPart = path.Dir(dirPart)
			}
			p := "/" + strings.Trim(dirPart, "./") + "/" + hugoURLize(sl)
			p = strings.ReplaceAll(p, "//", "/")
			if ugly {
				d.Old = append(d.Old, p+".html")
			} else {
				d.Old = append(d.Old, p+"/")
			}
		}
		for _, a := range f.list(false, "aliases") {
			d.Old = append(d.Old, "/"+strings.TrimPrefix(a, "/"))
		}
		if pg.bundle {
			d.Bundle = map[string]string{}
			bdir := filepath.Dir(pg.file)
			entries, _ := os.ReadDir(bdir)
			for _, e := range entries {
				if e.IsDir() || e.Name() == filepath.Base(pg.file) || strings.HasPrefix(e.Name(), ".") || !e.Type().IsRegular() {
					continue
				}
				ext := strings.ToLower(path.Ext(e.Name()))
				if ext == ".md" || ext == ".markdown" {
					continue
				}
				d.Bundle[e.Name()] = filepath.Join(bdir, e.Name())
			}
		}
		d.Unmapped = append(d.Unmapped, f.unmapped("layout", "type", "weight", "toc", "comments", "menu", "showtoc", "tocopen", "hidemeta", "share", "ShowReadingTime", "showreadingtime", "showbreadcrumbs", "keywords", "markup")...)
		for _, k := range []string{"keywords"} {
			if v, ok := f.m[k]; ok {
				d.Unmapped = append(d.Unmapped, k+": "+clip(fmt.Sprint(v), 80)+" (search engines ignore keywords)")
			}
		}
		isHTML := strings.HasSuffix(pg.rel, ".html")
		raw, file, line := body, name, bodyLine
		d.Body = func(rewrite Rewrite) (string, []Left) {
			if isHTML {
				md, un := HTMLToMarkdown(raw, HTMLOptions{URL: rewrite})
				var left []Left
				for _, u := range un {
					left = append(left, Left{Pos: diag.Pos{File: file, Line: line + strings.Count(raw[:nthTag(raw, u.Tag, u.Nth)], "\n")}, What: "HTML <" + u.Tag + ">", Text: u.Text})
				}
				return md, left
			}
			return markdownBody(raw, file, line, rewrite, func(b string) (string, []leftAt) {
				return hugoShortcodes(b, func(ref string) string { return hugoRef(docsBySource, people, contentDir, ref, rewrite) })
			})
		}
		docsBySource[pg.rel] = d
		s.Docs = append(s.Docs, d)
	}
	// Authors: a team page, or a person made from the name.
	ids := map[string]bool{}
	for _, p := range s.People {
		ids[p.ID] = true
	}
	for _, d := range s.Docs {
		name := d.Author
		if name == "" {
			continue
		}
		d.Author = slug.Make(name)
		if d.Author != "" && !ids[d.Author] {
			ids[d.Author] = true
			s.People = append(s.People, &Person{ID: d.Author, Name: name, Source: d.Source, Marker: "hugo author " + name})
		}
	}
	// Old term pages: Hugo's /tags/NAME/ and /categories/NAME/ are
	// carepress's too, unless Hugo's urlize and carepress's slug differ.
	for _, d := range s.Docs {
		for _, t := range d.Tags {
			s.Redirects = append(s.Redirects, Redirect{Old: "/tags/" + hugoURLize(t) + "/", Taxonomy: "tags", Name: t})
		}
		for _, t := range d.Categories {
			s.Redirects = append(s.Redirects, Redirect{Old: "/categories/" + hugoURLize(t) + "/", Taxonomy: "categories", Name: t})
		}
	}
	s.Redirects = uniqueRedirects(s.Redirects)
	sort.Strings(s.Notes)
	return s, nil
}

// hugoConfig reads the first configuration file of a Hugo site, with
// the files of config/_default/ (params.toml, permalinks.toml) merged in.
func hugoConfig(dir string) (map[string]any, string, error) {
	for _, name := range hugoConfigs {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			continue
		}
		m, err := decodeConfig(name, data)
		if err != nil {
			return nil, name, err
		}
		if strings.HasPrefix(name, "config/_default/") {
			for _, part := range []string{"params", "permalinks", "taxonomies"} {
				for _, ext := range []string{".toml", ".yaml"} {
					if pd, err := os.ReadFile(filepath.Join(dir, "config", "_default", part+ext)); err == nil {
						if pm, err := decodeConfig(part+ext, pd); err == nil {
							m[part] = pm
						}
					}
				}
			}
		}
		return m, name, nil
	}
	return nil, "", nil
}

// decodeConfig reads a TOML, YAML or JSON configuration into a map.
func decodeConfig(name string, data []byte) (map[string]any, error) {
	m := map[string]any{}
	var err error
	switch path.Ext(name) {
	case ".toml":
		var md toml.MetaData
		md, err = toml.Decode(string(data), &m)
		_ = md
		if perr, ok := err.(toml.ParseError); ok {
			return nil, diag.Errorf(diag.Pos{File: name, Line: perr.Position.Line, Col: perr.Position.Col}, "fix the file, then import again", "cannot read %s: %s", name, perr.Message)
		}
	default: // YAML, and JSON, which YAML reads
		var node yaml.Node
		if err = yaml.Unmarshal(data, &node); err == nil {
			err = node.Decode(&m)
		}
		if err != nil {
			return nil, diag.Errorf(diag.Pos{File: name}, "fix the file, then import again", "cannot read %s: %v", name, err)
		}
	}
	if err != nil {
		return nil, diag.Errorf(diag.Pos{File: name}, "fix the file, then import again", "cannot read %s: %v", name, err)
	}
	return normalizeMap(m), nil
}

// normalizeMap turns TOML's nested maps and arrays into map[string]any
// and []any, as YAML's are.
func normalizeMap(m map[string]any) map[string]any {
	for k, v := range m {
		m[k] = normalizeValue(v)
	}
	return m
}

func normalizeValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return normalizeMap(x)
	case []map[string]any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalizeMap(e)
		}
		return out
	case []any:
		for i, e := range x {
			x[i] = normalizeValue(e)
		}
		return x
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	}
	return v
}

// hugoFields maps a Hugo page's front matter.
func hugoFields(s *Site, d *Doc, f *fields, file string) {
	d.Title = f.str("title", "linktitle")
	d.Description = f.str("description", "summary", "excerpt", "subtitle")
	var err error
	if d.Date, err = f.date("date", "publishdate", "pubdate", "published"); err != nil {
		s.Problems.Add(diag.Errorf(diag.Pos{File: file}, "write it as 2019-03-12 or 2019-03-12T09:30:00-05:00", "date: %v", err))
	}
	if d.Lastmod, err = f.date("lastmod", "modified", "updated"); err != nil {
		d.Unmapped = append(d.Unmapped, "lastmod: "+err.Error())
	}
	if draft, ok := f.boolean("draft"); ok {
		d.Draft = draft
	}
	if pub, ok := f.boolean("published"); ok && !pub {
		d.Draft = true
	}
	if exp, err := f.date("expirydate", "unpublishdate"); err == nil && !exp.IsZero() {
		d.Unmapped = append(d.Unmapped, "expiryDate: "+exp.Format("2006-01-02")+" (set expiry_date: to keep it)")
	}
	d.Tags = f.list(false, "tags")
	d.Categories = f.list(false, "categories")
	authors := f.list(false, "authors", "author")
	if len(authors) > 0 {
		d.Author = authors[0]
		if len(authors) > 1 {
			d.Unmapped = append(d.Unmapped, "authors: "+strings.Join(authors[1:], ", ")+" (carepress names one author; the reviewer is reviewed_by)")
		}
	}
	d.Image, d.ImageAlt = imageField(f)
}

// hugoPerson maps a team page to a person.
func hugoPerson(f *fields, file, base, section, body string) *Person {
	name := f.str("title", "name")
	id := slug.Make(base)
	if id == "" {
		id = slug.Make(name)
	}
	if id == "" {
		return nil
	}
	p := &Person{ID: id, Name: name, Source: diag.Pos{File: file, Line: 1}, Marker: "hugo " + file,
		Role:        f.str("role", "position", "job_title", "jobtitle", "subtitle"),
		Credentials: f.str("credentials", "qualifications", "degrees", "suffix"),
		Bio:         f.str("bio", "description", "summary"),
	}
	p.Image, _ = imageField(f)
	if p.Image == "" {
		p.Image = f.str("photo", "avatar", "headshot")
	}
	if p.Bio == "" {
		p.Bio = firstParagraph(body)
	}
	sl := orDefault(f.str("slug"), base)
	p.Old = []string{"/" + section + "/" + hugoURLize(sl) + "/"}
	f.raw("date", "draft", "weight", "layout", "type")
	p.Unmapped = f.unmapped()
	return p
}

// firstParagraph is the first paragraph of a markdown body, as plain
// text, for a person's bio.
func firstParagraph(body string) string {
	for _, para := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n\n") {
		p := strings.TrimSpace(para)
		if p == "" || strings.HasPrefix(p, "#") || strings.HasPrefix(p, "{{") || strings.HasPrefix(p, "!") || strings.HasPrefix(p, "<") {
			continue
		}
		return clip(stripTags(strings.Join(strings.Fields(p), " ")), 300)
	}
	return ""
}

// hugoURLize is Hugo's urlize for a path part: lowercase, spaces as
// hyphens.
func hugoURLize(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.Join(strings.Fields(s), "-")
	var b strings.Builder
	for _, r := range s {
		if r == '-' || r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var permalinkToken = regexp.MustCompile(`:[a-z_]+`)

// expandPermalink expands a Hugo [permalinks] pattern for d.
func expandPermalink(pat string, d *Doc, section, sl, base string) string {
	t := d.Date
	out := permalinkToken.ReplaceAllStringFunc(pat, func(tok string) string {
		switch tok {
		case ":year":
			return t.Format("2006")
		case ":month":
			return t.Format("01")
		case ":monthname":
			return strings.ToLower(t.Format("January"))
		case ":day":
			return t.Format("02")
		case ":weekday":
			return fmt.Sprint(int(t.Weekday()))
		case ":weekdayname":
			return strings.ToLower(t.Format("Monday"))
		case ":yearday":
			return fmt.Sprint(t.YearDay())
		case ":section", ":sections":
			return section
		case ":title":
			return hugoURLize(d.Title)
		case ":slug", ":slugorfilename", ":slugorcontentbasename":
			return hugoURLize(sl)
		case ":filename", ":contentbasename":
			return hugoURLize(base)
		}
		return tok
	})
	return "/" + strings.TrimPrefix(out, "/")
}

// hugoRef resolves a ref or relref target ("posts/flu.md", "flu",
// "/about") to the new page's path through rewrite.
func hugoRef(docs map[string]*Doc, people map[string]*Person, contentDir, ref string, rewrite Rewrite) string {
	target, frag, _ := strings.Cut(ref, "#")
	target = strings.TrimPrefix(strings.TrimPrefix(target, "/"), contentDir+"/")
	for rel, p := range people {
		if rel == target || strings.TrimSuffix(rel, path.Ext(rel)) == strings.TrimSuffix(target, path.Ext(target)) {
			return rewrite(p.Old[0], false)
		}
	}
	var d *Doc
	if x, ok := docs[target]; ok {
		d = x
	}
	if d == nil {
		for rel, x := range docs {
			b := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
			if b == "index" {
				b = path.Base(path.Dir(rel))
			}
			if strings.TrimSuffix(rel, path.Ext(rel)) == strings.TrimSuffix(target, path.Ext(target)) || b == strings.TrimSuffix(path.Base(target), path.Ext(target)) {
				d = x
				break
			}
		}
	}
	if d == nil || len(d.Old) == 0 {
		return ""
	}
	u := rewrite(d.Old[0], false)
	if frag != "" {
		u += "#" + frag
	}
	return u
}

// uniqueRedirects drops repeated redirects, keeping the first.
func uniqueRedirects(rs []Redirect) []Redirect {
	seen := map[string]bool{}
	var out []Redirect
	for _, r := range rs {
		if !seen[r.Old] {
			seen[r.Old] = true
			out = append(out, r)
		}
	}
	return out
}
