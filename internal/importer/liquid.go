package importer

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// jekyllLiquid converts the Liquid of one Jekyll page.
type jekyllLiquid struct {
	dir     string
	docs    map[string]*Doc // by path from dir
	posts   map[string]*Doc // by file name without extension
	cfg     *fields
	page    *Doc
	sep     string // excerpt_separator
	rewrite Rewrite
}

var (
	liquidTag   = regexp.MustCompile(`^\{%-?\s*([A-Za-z_]+)\s*((?:[^%]|%[^}])*?)\s*-?%\}`)
	liquidExpr  = regexp.MustCompile(`^\{\{-?\s*((?:[^}]|\}[^}])*?)\s*-?\}\}`)
	kramdownIAL = regexp.MustCompile(`(?m)^[ \t]*\{:[^}\n]*\}[ \t]*\n?`)
	kramdownTOC = regexp.MustCompile(`(?m)^[ \t]*(?:\*|-|1\.)[ \t]+(?:TOC|Table of contents)[ \t]*\n[ \t]*\{:[ \t]*\.?toc[^}\n]*\}[ \t]*\n?`)
)

// convert converts the Liquid of a body: links ({% post_url %},
// {% link %}, {{ site.baseurl }}, relative_url) become the new URLs,
// {% highlight %} a fenced block, {% raw %} and {% comment %} what they
// mean; an include without Liquid of its own is written in. Any other tag
// or expression is left out and listed, and so are kramdown's attribute
// lists ({: .note}); a {:toc} list is dropped, since carepress's layout
// has its own table of contents.
func (j *jekyllLiquid) convert(src string) (string, []leftAt) {
	var left []leftAt
	if j.sep != "" && j.sep != "\n\n" && !strings.Contains(j.sep, "more") {
		src = strings.Replace(src, j.sep, "\n<!--more-->\n", 1)
	}
	out := scanCode(src, func(s string, base int) string {
		var b strings.Builder
		i := 0
		for i < len(s) {
			k := strings.IndexByte(s[i:], '{')
			if k < 0 {
				break
			}
			b.WriteString(s[i : i+k])
			i += k
			rest := s[i:]
			if m := liquidTag.FindStringSubmatch(rest); m != nil {
				n, text := j.tag(strings.ToLower(m[1]), m[2], rest, len(m[0]), base+i, &left)
				b.WriteString(text)
				i += n
				continue
			}
			if m := liquidExpr.FindStringSubmatch(rest); m != nil {
				if v, ok := j.expr(m[1]); ok {
					b.WriteString(v)
				} else {
					left = append(left, leftAt{base + i, "Liquid expression", clip(m[0], 60)})
				}
				i += len(m[0])
				continue
			}
			b.WriteByte('{')
			i++
		}
		b.WriteString(s[i:])
		t := b.String()
		t = kramdownTOC.ReplaceAllString(t, "")
		for _, loc := range kramdownIAL.FindAllStringIndex(t, -1) {
			left = append(left, leftAt{base, "kramdown attribute list", strings.TrimSpace(t[loc[0]:loc[1]])})
		}
		t = kramdownIAL.ReplaceAllString(t, "")
		return t
	})
	return out, left
}

// tag converts the tag name (arguments args) at the start of rest, whose
// tag is n bytes long: it returns how much of rest it took and what to
// write for it.
func (j *jekyllLiquid) tag(name, args, rest string, n, off int, left *[]leftAt) (int, string) {
	block := func(end string) (inner string, took int, ok bool) {
		re := regexp.MustCompile(`\{%-?\s*` + end + `\s*-?%\}`)
		loc := re.FindStringIndex(rest[n:])
		if loc == nil {
			return "", n, false
		}
		return rest[n : n+loc[0]], n + loc[1], true
	}
	switch name {
	case "comment":
		if _, took, ok := block("endcomment"); ok {
			return took, ""
		}
	case "raw":
		if inner, took, ok := block("endraw"); ok {
			return took, inner
		}
	case "highlight":
		if inner, took, ok := block("endhighlight"); ok {
			lang := strings.Fields(args)
			l := ""
			if len(lang) > 0 && validLang(lang[0]) {
				l = lang[0]
			}
			return took, fence(strings.Trim(inner, "\n"), l)
		}
	case "post_url":
		if d := j.posts[strings.TrimSpace(path.Base(args))]; d != nil && len(d.Old) > 0 {
			return n, j.rewrite(d.Old[0], false)
		}
		*left = append(*left, leftAt{off, "Liquid tag (a post that is not in the site)", clip(rest[:n], 60)})
		return n, "#"
	case "link":
		target := strings.TrimSpace(args)
		target = strings.Trim(target, `"'`)
		if d := j.docs[strings.TrimPrefix(target, "/")]; d != nil && len(d.Old) > 0 {
			return n, j.rewrite(d.Old[0], false)
		}
		if target != "" && !strings.ContainsAny(target, "{}") {
			return n, j.rewrite("/"+strings.TrimPrefix(target, "/"), isImagePath(target))
		}
	case "include", "include_relative":
		file := strings.Fields(args)
		if len(file) > 0 {
			var p string
			if name == "include" {
				p = filepath.Join(j.dir, "_includes", filepath.FromSlash(file[0]))
				if !filepath.IsLocal(filepath.Join("_includes", filepath.FromSlash(file[0]))) {
					p = ""
				}
			} else {
				rel := path.Join(path.Dir(j.page.Source.File), file[0])
				if filepath.IsLocal(filepath.FromSlash(rel)) {
					p = filepath.Join(j.dir, filepath.FromSlash(rel))
				}
			}
			if p != "" {
				if data, err := os.ReadFile(p); err == nil && !strings.Contains(string(data), "{%") && !strings.Contains(string(data), "{{") {
					text := string(data)
					if ext := strings.ToLower(path.Ext(p)); ext == ".html" || ext == ".htm" {
						text, _ = HTMLToMarkdown(text, HTMLOptions{URL: j.rewrite})
					}
					return n, strings.TrimSpace(text)
				}
			}
		}
	}
	*left = append(*left, leftAt{off, "Liquid tag", clip(rest[:n], 60)})
	return n, ""
}

// expr is the value of a Liquid expression that carepress can write
// itself: the site's base URL (nothing: links are from the site's root),
// a path through relative_url, a value of the site or the page.
func (j *jekyllLiquid) expr(e string) (string, bool) {
	parts := strings.Split(e, "|")
	head := strings.TrimSpace(parts[0])
	filters := make([]string, 0, len(parts)-1)
	for _, p := range parts[1:] {
		filters = append(filters, strings.TrimSpace(p))
	}
	switch {
	case len(head) >= 2 && (head[0] == '"' || head[0] == '\'') && head[len(head)-1] == head[0]:
		v := head[1 : len(head)-1]
		for _, f := range filters {
			switch f {
			case "relative_url", "absolute_url", "prepend: site.baseurl", "prepend: site.url":
			default:
				return "", false
			}
		}
		if len(filters) > 0 && strings.HasPrefix(v, "/") || strings.HasPrefix(v, "/") {
			return j.rewrite(v, isImagePath(v)), true
		}
		return v, len(filters) == 0
	case head == "site.baseurl" || head == "site.url" || head == "site.github.url" || head == "base_path":
		if len(filters) == 0 {
			return "", true
		}
	case strings.HasPrefix(head, "site."):
		if v := j.cfg.m[strings.TrimPrefix(head, "site.")]; v != nil && len(filters) == 0 {
			if s := scalarString(v); s != "" {
				return EscapeText(s), true
			}
		}
	case head == "page.title" && len(filters) == 0:
		return EscapeText(j.page.Title), true
	case head == "page.url" && len(filters) == 0 && len(j.page.Old) > 0:
		return j.rewrite(j.page.Old[0], false), true
	}
	return "", false
}
