package importer

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/check"
	"github.com/carepress/carepress/internal/diag"
)

// ReportFile is the checklist Run writes at the site root.
const ReportFile = "IMPORT.md"

// checklist are the rules whose findings are the human work on a post,
// in the order the report lists them, with what to do.
var checklist = []struct{ rule, task, short string }{
	{"health/reviewer", "a clinician reviews it: set `reviewed_by` and `last_reviewed`", "review"},
	{"seo/description", "write a `description` of 70–160 characters", "description"},
	{"seo/image-alt", "describe each image in its alt text", "alt text"},
	{"health/sources", "cite the `sources` it relies on", "sources"},
}

// report loads and checks the site as written, and writes IMPORT.md: per
// post, what a person must still do.
func (w *writer) report(ctx context.Context) error {
	s, probs, err := build.Load(ctx, build.Options{Root: w.opts.Root, Now: w.opts.Now})
	var findings []check.Finding
	if err == nil && s != nil {
		findings = check.Run(ctx, s, check.Options{Root: w.opts.Root, Now: w.opts.Now, NoCache: true})
	}
	byFile := map[string][]check.Finding{}
	for _, f := range findings {
		byFile[f.Pos.File] = append(byFile[f.Pos.File], f)
	}
	var b strings.Builder
	site := w.site
	fmt.Fprintf(&b, "# Moving in from %s\n\n", kindName(site.Kind))
	fmt.Fprintf(&b, "Imported from `%s` on %s by `carepress import %s`. This checklist is the work left to a person\n", w.opts.Source, w.opts.Now.Format("2006-01-02"), site.Kind)
	b.WriteString("before the site goes live; `carepress check` lists the same, and more, at any time.\n\n")

	posts, pages, drafts := 0, 0, 0
	for _, d := range site.Docs {
		if d.Kind == Post {
			posts++
		} else {
			pages++
		}
		if d.Draft {
			drafts++
		}
	}
	fmt.Fprintf(&b, "- %s and %s (%s), %s, %s\n", count(posts, "post"), count(pages, "page"), count(drafts, "draft"), count(len(site.People), "person"), count(len(w.res.Images), "image"))
	fmt.Fprintf(&b, "- %d files written, %d already there and kept\n", len(w.res.Written), len(w.res.Kept))
	fmt.Fprintf(&b, "- %d old addresses kept working (see the end)\n\n", len(w.res.URLs))

	if err != nil || probs.Err() != nil {
		b.WriteString("## The site does not load yet\n\n")
		if err != nil {
			fmt.Fprintf(&b, "- %s\n", err)
		}
		for _, p := range probs.Errors() {
			fmt.Fprintf(&b, "- %s\n", p)
		}
		b.WriteString("\n")
	}

	if len(site.Problems) > 0 {
		b.WriteString("## What could not be read\n\n")
		b.WriteString("Each was skipped; the rest was imported. Fix the source and import again: what is there already is kept.\n\n")
		for _, p := range site.Problems {
			fmt.Fprintf(&b, "- %s\n", p)
		}
		b.WriteString("\n")
	}

	if site.Config.Title != "" || len(site.Notes) > 0 {
		b.WriteString("## The site\n\n")
		for _, k := range []string{"title", "base_url", "language", "timezone", "phone", "email"} {
			v := map[string]string{"title": site.Config.Title, "base_url": site.Config.BaseURL, "language": site.Config.Language,
				"timezone": site.Config.Timezone, "phone": site.Config.Phone, "email": site.Config.Email}[k]
			switch {
			case v != "" && site.Config.From[k] != "":
				fmt.Fprintf(&b, "- [ ] `%s: %s` (from %s): check it\n", k, v, site.Config.From[k])
			case v != "":
				fmt.Fprintf(&b, "- [ ] `%s: %s`: check it\n", k, v)
			case k == "timezone" || k == "base_url":
				fmt.Fprintf(&b, "- [ ] `%s`: the source does not say; set it in carepress.yaml\n", k)
			}
		}
		b.WriteString("- [ ] the practice's address, hours and notices: carepress.yaml's `practice:` and `carepress new notice`\n")
		for _, n := range site.Notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
		b.WriteString("\n")
	}

	// Images: what could not be had, and what carries camera data.
	imgFindings := map[string][]check.Finding{}
	for file, fs := range byFile {
		if strings.HasPrefix(file, "static/") || isImagePath(file) {
			imgFindings["/"+strings.TrimPrefix(file, "static/")] = fs
		}
	}

	b.WriteString("## Posts and pages\n\n")
	docs := append([]*Doc(nil), site.Docs...)
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].file < docs[j].file })
	for _, d := range docs {
		if d.file == "" {
			continue
		}
		status := ""
		if d.Draft {
			status = " (draft)"
		}
		if d.skip != "" {
			status += " (" + d.skip + ": kept as it is)"
		}
		fmt.Fprintf(&b, "### %s%s\n\n", d.file, status)
		fmt.Fprintf(&b, "%q, from %s, now at %s\n\n", d.Title, d.Source, d.path)
		fs := byFile[d.file]
		done := map[string]bool{}
		var short []string
		for _, c := range checklist {
			if d.Kind == Page && c.rule == "health/reviewer" {
				continue
			}
			var hits []check.Finding
			for _, f := range fs {
				if f.Rule == c.rule {
					hits = append(hits, f)
				}
			}
			done[c.rule] = true
			if len(hits) == 0 {
				continue
			}
			short = append(short, c.short)
			fmt.Fprintf(&b, "- [ ] %s", c.task)
			if len(hits) > 1 || hits[0].Pos.Line > 0 {
				var at []string
				for _, h := range hits {
					at = append(at, h.Pos.String())
				}
				fmt.Fprintf(&b, " (%s)", strings.Join(at, ", "))
			}
			b.WriteString("\n")
		}
		privacy, other := 0, 0
		for _, f := range fs {
			if done[f.Rule] {
				continue
			}
			if strings.HasPrefix(f.Rule, "privacy/") {
				privacy++
			} else if f.Severity == check.Error {
				other++
			}
			box := "- [ ]"
			if f.Severity != check.Error && !strings.HasPrefix(f.Rule, "privacy/") {
				box = "- [ ] consider:"
			}
			fmt.Fprintf(&b, "%s %s: %s [%s]\n", box, f.Pos, f.Message, f.Rule)
		}
		missing := 0
		for _, img := range w.res.Images {
			if !contains(img.Pages, d.file) {
				continue
			}
			privacy += len(imgFindings[img.Path])
			if img.How == "missing" {
				missing++
				fmt.Fprintf(&b, "- [ ] image %s could not be had (%s): it was left out of the page; put the file in static/ and add it back\n", img.Ref, img.Why)
			}
			for _, f := range imgFindings[img.Path] {
				fmt.Fprintf(&b, "- [ ] image %s: %s [%s] (decide: remove the metadata, e.g. `exiftool -all= FILE`, or use another image)\n", f.Pos, f.Message, f.Rule)
			}
		}
		for _, l := range d.leftOut {
			fmt.Fprintf(&b, "- [ ] %s: %s %s was left out: markdown has nothing for it; write what it did in words, or a link\n", l.Pos, l.What, quote(l.Text))
		}
		for _, u := range d.Unmapped {
			fmt.Fprintf(&b, "- [ ] %s: not mapped: %s\n", d.Source, u)
		}
		b.WriteString("\n")
		for _, x := range []struct {
			n    int
			what string
		}{{privacy, "privacy finding"}, {other, "other error"}, {missing, "missing image"}, {len(d.leftOut), "thing left out"}, {len(d.Unmapped), "field not mapped"}} {
			if x.n > 0 {
				short = append(short, count(x.n, x.what))
			}
		}
		if len(short) > 0 {
			w.res.ToDo = append(w.res.ToDo, ToDo{File: d.file, Items: short})
		}
	}

	if len(site.People) > 0 {
		b.WriteString("## People\n\n")
		for _, p := range site.People {
			fmt.Fprintf(&b, "- [ ] content/authors/%s.md (%s): add credentials, role and a photo; set `provider: true` for clinicians patients can book\n", p.ID, p.Name)
			for _, u := range p.Unmapped {
				fmt.Fprintf(&b, "  - not mapped: %s\n", u)
			}
		}
		b.WriteString("\n")
	}

	var missing []*ImageResult
	for _, img := range w.res.Images {
		if img.How == "missing" {
			missing = append(missing, img)
		}
	}
	if len(missing) > 0 {
		b.WriteString("## Images that could not be had\n\n")
		for _, img := range missing {
			fmt.Fprintf(&b, "- %s: %s (shown by %s)\n", img.Ref, img.Why, strings.Join(img.Pages, ", "))
		}
		b.WriteString("\n")
	}

	if len(w.res.URLs) > 0 {
		b.WriteString("## Old addresses\n\n")
		b.WriteString("Each old address leads to the new page: an alias in the page's front matter (a redirect page, and a 301 rule in\n")
		b.WriteString("_redirects), or a redirect page in static/ for old category, tag and author pages. An address with a query (/?p=12)\n")
		b.WriteString("is a rule in _redirects only: Netlify follows it; Cloudflare Pages skips it; GitHub Pages reads no _redirects and\n")
		b.WriteString("shows the home page for it.\n\n")
		b.WriteString("| old | new | how |\n| --- | --- | --- |\n")
		for _, u := range w.res.URLs {
			how := u.Kind
			if u.Draft {
				how += ", once published"
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", tableCell(u.Old), tableCell(u.New), how)
		}
		b.WriteString("\n")
	}

	w.res.Report = b.String()
	data := []byte(w.res.Report)
	if err := w.root.WriteFile(ReportFile, data, 0o644); err != nil {
		return err
	}
	w.res.Written = append(w.res.Written, ReportFile)
	return nil
}

// count is n and word, plural when n is not 1.
func count(n int, word string) string {
	switch {
	case n == 1:
		return "1 " + word
	case word == "person":
		return fmt.Sprintf("%d people", n)
	case strings.HasSuffix(word, "thing left out"):
		return fmt.Sprintf("%d things left out", n)
	case strings.HasSuffix(word, "field not mapped"):
		return fmt.Sprintf("%d fields not mapped", n)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func kindName(k string) string {
	return map[string]string{"wordpress": "WordPress", "hugo": "Hugo", "jekyll": "Jekyll"}[k]
}

func contains(xs []string, v string) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}

func quote(s string) string {
	if strings.Contains(s, "`") {
		return fmt.Sprintf("%q", s)
	}
	return "`" + s + "`"
}

func tableCell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// Problems returns the problems of the source, for the command to print.
func (r *Result) Problems() diag.List { return r.Site.Problems }
