package corpus

import (
	"fmt"
	"strings"
)

// carepressFiles lays out posts as a carepress site: name → content.
func carepressFiles(o Options, posts []post) map[string]string {
	files := map[string]string{}
	files["carepress.yaml"] = fmt.Sprintf(`title: %s
base_url: %s
language: en-US
timezone: %s
practice:
  type: MedicalClinic
  phone: "%s"
  email: %s
  emergency_number: "%s"
  portal_url: %s
notices:
  require: [no-advice, emergency]
seo:
  share_cards: %t
`, siteTitle, baseURL, timezone, phone, email, emergencyNo, portalURL, o.ShareCards)
	for _, p := range people {
		files["content/authors/"+p.id+".md"] = fmt.Sprintf("---\nname: %s\ncredentials: %s\nrole: %s\nbio: %s cares for patients at %s.\n---\n%s has worked in primary care for many years.\n",
			p.name, p.cred, p.role, p.name, siteTitle, p.name)
	}
	for i := range seriesCount {
		files[fmt.Sprintf("content/series/series-%02d.md", i)] = fmt.Sprintf("---\ntitle: Tip series %d\ndescription: A short series of practical health tips, one a week.\nstart: 2020-01-%02d\nevery: 7d\n---\nOne tip a week.\n", i+1, i%28+1)
	}
	for _, n := range notices {
		// carepress fills the practice's values into notice text.
		summary := strings.ReplaceAll(n.summary, emergencyNo, "{{ .Practice.EmergencyNumber }}")
		text := strings.ReplaceAll(n.body, emergencyNo, "{{ .Practice.EmergencyNumber }}")
		files["content/notices/"+n.id+".md"] = fmt.Sprintf("---\ntitle: %s\nkind: %s\nsummary: %s\nplacement: [%s]\norder: %d\nlastmod: %s\n---\n%s\n",
			n.title, n.kind, summary, strings.Join(n.placement, ", "), n.order, noticeDate, text)
	}
	files["content/about.md"] = "---\ntitle: About " + siteTitle + "\ndescription: Family medicine and nutrition care in Springfield, for every age.\n---\nWe are a family practice.\n"
	for _, p := range posts {
		files["content/posts/"+p.slug+".md"] = p.source(false)
	}
	return files
}

// source is the post's file: front matter and body. The Hugo corpus
// differs only where Hugo's fields do: an explicit slug (Hugo would keep
// the file name's case rules), and authors and series as taxonomy lists.
func (p *post) source(hugo bool) string {
	var fm strings.Builder
	fmt.Fprintf(&fm, "---\ntitle: %q\n", p.title)
	fmt.Fprintf(&fm, "description: %q\n", p.description)
	if hugo {
		fmt.Fprintf(&fm, "slug: %s\n", p.slug)
	}
	fmt.Fprintf(&fm, "date: %s\n", p.date.Format("2006-01-02T15:04:05"))
	fmt.Fprintf(&fm, "lastmod: %s\n", p.lastmod.Format("2006-01-02"))
	author := "author: " + p.author.id
	if hugo {
		author = "authors: [" + p.author.id + "]"
	}
	fmt.Fprintf(&fm, "%s\nreviewed_by: %s\nlast_reviewed: %s\n", author, reviewerID, p.lastReviewed.Format("2006-01-02"))
	fmt.Fprintf(&fm, "audience: patient\nabout: %s\n", p.topic)
	fmt.Fprintf(&fm, "tags: %s\n", yamlList(p.tags))
	fmt.Fprintf(&fm, "categories: %s\n", yamlList([]string{p.category}))
	if p.series != "" {
		series := p.series
		if hugo {
			series = "[" + series + "]"
		}
		fmt.Fprintf(&fm, "series: %s\nseries_order: %d\n", series, p.seriesOrder)
	}
	if p.image != "" {
		fmt.Fprintf(&fm, "image: %s\nimage_alt: %s\n", p.image, p.imageAlt)
	}
	if len(p.notices) > 0 {
		fmt.Fprintf(&fm, "notices: [%s]\n", strings.Join(p.notices, ", "))
	}
	fm.WriteString("sources:\n")
	for _, s := range p.sources {
		fmt.Fprintf(&fm, "  - title: %q\n    url: %s\n    publisher: %s\n    date: %q\n", s.title, s.url, s.publisher, s.date)
	}
	fm.WriteString("---\n")
	return fm.String() + p.body
}
