package corpus

import (
	"fmt"
	"strings"
)

// hugoFiles lays out posts as a Hugo site for the templates in bench/hugo.
// The front matter keeps carepress's names where Hugo has no meaning for
// them (they land in .Params), and uses Hugo's own where it has one:
// the author becomes the authors taxonomy and the series the series
// taxonomy, so that Hugo renders a page for each as carepress does.
func hugoFiles(posts []post) map[string]string {
	files := map[string]string{}
	files["hugo.toml"] = fmt.Sprintf(`baseURL = %q
title = %q
languageCode = "en-US"
timeZone = %q
paginate = 10
rssLimit = 20
enableRobotsTXT = true
disableKinds = []

[taxonomies]
  tag = "tags"
  category = "categories"
  series = "series"
  author = "authors"

[permalinks]
  posts = "/posts/:slug/"

[markup.goldmark.renderer]
  unsafe = false

[markup.tableOfContents]
  startLevel = 2
  endLevel = 3

[mediaTypes."application/atom+xml"]
  suffixes = ["xml"]

[mediaTypes."application/feed+json"]
  suffixes = ["json"]

[outputFormats.Atom]
  mediaType = "application/atom+xml"
  baseName = "atom"
  isPlainText = false
  rel = "alternate"

[outputFormats.JSONFeed]
  mediaType = "application/feed+json"
  baseName = "feed"
  isPlainText = true
  rel = "alternate"

[outputs]
  home = ["HTML", "RSS", "Atom", "JSONFeed"]
  section = ["HTML", "RSS", "Atom", "JSONFeed"]
  taxonomy = ["HTML"]
  term = ["HTML", "RSS", "Atom", "JSONFeed"]

[params]
  description = "Family medicine and nutrition care in Springfield, for every age."
  practiceType = "MedicalClinic"
  phone = %q
  email = %q
  emergencyNumber = %q
  portalURL = %q
`, baseURL, siteTitle, timezone, phone, email, emergencyNo, portalURL)

	var ppl strings.Builder
	for _, p := range people {
		fmt.Fprintf(&ppl, "%s:\n  name: %s\n  credentials: %q\n  role: %s\n", p.id, p.name, p.cred, p.role)
		files["content/authors/"+p.id+"/_index.md"] = fmt.Sprintf("---\ntitle: %s\ncredentials: %q\nrole: %s\nbio: %s cares for patients at %s.\n---\n%s has worked in primary care for many years.\n",
			p.name, p.cred, p.role, p.name, siteTitle, p.name)
	}
	files["data/people.yaml"] = ppl.String()
	for i := range seriesCount {
		files[fmt.Sprintf("content/series/series-%02d/_index.md", i)] = fmt.Sprintf("---\ntitle: Tip series %d\ndescription: A short series of practical health tips, one a week.\n---\nOne tip a week.\n", i+1)
	}
	for _, n := range notices {
		files["content/notices/"+n.id+".md"] = fmt.Sprintf("---\ntitle: %s\nkind: %s\nsummary: %s\nplacement: [%s]\nweight: %d\nlastmod: %s\n---\n%s\n",
			n.title, n.kind, n.summary, strings.Join(n.placement, ", "), n.order+1, noticeDate, n.body)
	}
	files["content/about.md"] = "---\ntitle: About " + siteTitle + "\ndescription: Family medicine and nutrition care in Springfield, for every age.\n---\nWe are a family practice.\n"
	files["content/posts/_index.md"] = "---\ntitle: Health articles\ndescription: Health articles from our care team.\n---\n"
	for _, p := range posts {
		files["content/posts/"+p.slug+".md"] = p.source(true)
	}
	return files
}
