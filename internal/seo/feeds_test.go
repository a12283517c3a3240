package seo_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/seo"
	"github.com/carepress/carepress/internal/site"
)

func TestAbsoluteURLsRewritesEveryRelativeURLInContent(t *testing.T) {
	const base = "https://example.org/clinic/posts/flu/"
	tests := []struct{ name, in, want string }{
		{"root-relative keeps the base path it carries",
			`<a href="/clinic/posts/x/">x</a>`, `<a href="https://example.org/clinic/posts/x/">x</a>`},
		{"image", `<img src="/clinic/posts/flu/shot.jpg" alt="A shot">`, `<img src="https://example.org/clinic/posts/flu/shot.jpg" alt="A shot">`},
		{"fragment", `<a href="#fn:1" class="footnote-ref">1</a>`, `<a href="https://example.org/clinic/posts/flu/#fn:1" class="footnote-ref">1</a>`},
		{"page-relative", `<img src="shot.jpg">`, `<img src="https://example.org/clinic/posts/flu/shot.jpg">`},
		{"srcset", `<img srcset="a.jpg 480w, /clinic/b.jpg 960w" src="a.jpg">`,
			`<img srcset="https://example.org/clinic/posts/flu/a.jpg 480w, https://example.org/clinic/b.jpg 960w" src="https://example.org/clinic/posts/flu/a.jpg">`},
		{"escaped query stays escaped", `<a href="/clinic/s/?a=1&amp;b=2">s</a>`, `<a href="https://example.org/clinic/s/?a=1&amp;b=2">s</a>`},
		{"single quotes", `<a href='/clinic/x/'>x</a>`, `<a href='https://example.org/clinic/x/'>x</a>`},
		{"unquoted", `<a href=/clinic/x/>x</a>`, `<a href=https://example.org/clinic/x/>x</a>`},
		{"protocol-relative", `<img src="//cdn.example/i.png">`, `<img src="https://cdn.example/i.png">`},
		{"absolute unchanged", `<a href="https://cdc.gov/flu/">CDC</a>`, `<a href="https://cdc.gov/flu/">CDC</a>`},
		{"mailto and tel unchanged", `<a href="mailto:hi@example.org">m</a> <a href="tel:+15550100">t</a>`, `<a href="mailto:hi@example.org">m</a> <a href="tel:+15550100">t</a>`},
		{"other attributes unchanged", `<a title="/clinic/x/" data-href="/y" href="/clinic/z/">z</a>`, `<a title="/clinic/x/" data-href="/y" href="https://example.org/clinic/z/">z</a>`},
		{"text unchanged", `<p>a &lt; b, href="/x" &amp; src=/y</p>`, `<p>a &lt; b, href="/x" &amp; src=/y</p>`},
		{"comment unchanged", `<!-- <a href="/x"> --><a href="/clinic/">h</a>`, `<!-- <a href="/x"> --><a href="https://example.org/clinic/">h</a>`},
		{"end tags and self-closing", `<br/><img src="/clinic/i.png" /></p>`, `<br/><img src="https://example.org/clinic/i.png" /></p>`},
		{"unterminated tag kept", `<a href="/clinic/x`, `<a href="/clinic/x`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := seo.AbsoluteURLs(tt.in, base)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("AbsoluteURLs(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzAbsoluteURLs(f *testing.F) {
	for _, s := range []string{`<a href="/x">`, `<img srcset="a 1x, b 2x">`, `<!--`, `<a href='`, `<p>a<b</p>`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := seo.AbsoluteURLs(in, "https://example.org/clinic/posts/a/")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(in, "<") && got != in {
			t.Errorf("text without tags changed: %q → %q", in, got)
		}
	})
}

// feedSite is a site with a tag, a category and a series, whose posts
// include every kind that must stay out of feeds.
func feedSite(n int) (*site.Site, []*site.Page) {
	var published []*site.Page
	tag := &site.Term{Taxonomy: "tags", Name: "flu", Slug: "flu", Path: "/tags/flu/"}
	cat := &site.Term{Taxonomy: "categories", Name: "Vaccines", Slug: "vaccines", Path: "/categories/vaccines/"}
	series := &site.Series{ID: "tips", Title: "Flu tips", Page: &site.Page{Kind: site.KindSeries, Title: "Flu tips", Path: "/series/tips/", Out: "series/tips/index.html"}}
	author := &site.Person{ID: "ann", Name: "Ann Lee", Credentials: "MD", Page: &site.Page{Kind: site.KindPerson, Path: "/authors/ann/"}}
	for i := range n {
		p := fakePost(fmt.Sprintf("p%02d", i), daysFromNow(-1-i))
		p.Source = body(fmt.Sprintf(`<p>See <a href="/clinic/posts/p%02d/">this</a> and <img src="/clinic/posts/p%02d/i.png" alt="i">.</p>`, i+1, i))
		p.Author, p.Tags, p.Categories, p.Series = author, []*site.Term{tag}, []*site.Term{cat}, series
		published = append(published, p)
	}
	draft := fakePost("draft", daysFromNow(-1))
	draft.Draft = true
	future := fakePost("future", daysFromNow(10))
	future.Future = true
	expired := fakePost("expired", daysFromNow(-2))
	expired.ExpiryDate = daysFromNow(-1)
	all := append([]*site.Page{future, draft, expired}, published...)
	s := fakeSite(all...)
	tag.Posts, cat.Posts = all, all
	// A series lists its posts in order, oldest first.
	for i := len(all) - 1; i >= 0; i-- {
		series.Posts = append(series.Posts, all[i])
	}
	s.Tags, s.Categories, s.Series = []*site.Term{tag}, []*site.Term{cat}, []*site.Series{series}
	return s, published
}

func feedFiles(t *testing.T, s *site.Site) map[string][]byte {
	t.Helper()
	out, err := seo.Feeds(s)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, o := range out {
		if _, dup := files[o.Path]; dup {
			t.Errorf("two feeds at %s", o.Path)
		}
		files[o.Path] = o.Data
	}
	return files
}

type rssDoc struct {
	XMLName xml.Name
	Version string `xml:"version,attr"`
	Channel struct {
		Title string `xml:"title"`
		// Links are RSS's own link and atom:link rel=self.
		Links []struct {
			XMLName xml.Name
			Href    string `xml:"href,attr"`
			Value   string `xml:",chardata"`
		} `xml:"link"`
		Description string `xml:"description"`
		Items       []struct {
			Title       string   `xml:"title"`
			Link        string   `xml:"link"`
			GUID        string   `xml:"guid"`
			PubDate     string   `xml:"pubDate"`
			Creator     string   `xml:"http://purl.org/dc/elements/1.1/ creator"`
			Categories  []string `xml:"category"`
			Description string   `xml:"description"`
		} `xml:"item"`
	} `xml:"channel"`
}

type atomDoc struct {
	XMLName xml.Name
	ID      string `xml:"id"`
	Title   string `xml:"title"`
	Updated string `xml:"updated"`
	Links   []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Author  *struct{ Name string } `xml:"author"`
	Entries []struct {
		ID        string `xml:"id"`
		Title     string `xml:"title"`
		Updated   string `xml:"updated"`
		Published string `xml:"published"`
		Author    struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Content struct {
			Type  string `xml:"type,attr"`
			Value string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

type jsonFeedDoc struct {
	Version string `json:"version"`
	Title   string `json:"title"`
	FeedURL string `json:"feed_url"`
	Items   []struct {
		ID            string   `json:"id"`
		URL           string   `json:"url"`
		Title         string   `json:"title"`
		ContentHTML   *string  `json:"content_html"`
		DatePublished string   `json:"date_published"`
		Tags          []string `json:"tags"`
		Authors       []struct {
			Name string `json:"name"`
		} `json:"authors"`
	} `json:"items"`
}

func parseRSS(t *testing.T, data []byte) rssDoc {
	t.Helper()
	var d rssDoc
	if err := xml.Unmarshal(data, &d); err != nil {
		t.Fatalf("RSS does not parse: %v", err)
	}
	return d
}

func parseAtom(t *testing.T, data []byte) atomDoc {
	t.Helper()
	var d atomDoc
	if err := xml.Unmarshal(data, &d); err != nil {
		t.Fatalf("Atom does not parse: %v", err)
	}
	return d
}

func parseJSONFeed(t *testing.T, data []byte) jsonFeedDoc {
	t.Helper()
	var d jsonFeedDoc
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatalf("JSON Feed does not parse: %v", err)
	}
	return d
}

// checkRSS checks the elements RSS 2.0 requires, and those carepress
// promises on each item.
func checkRSS(t *testing.T, name string, data []byte) rssDoc {
	t.Helper()
	d := parseRSS(t, data)
	if d.XMLName.Local != "rss" || d.Version != "2.0" {
		t.Errorf("%s: root <%s version=%q>, want <rss version=\"2.0\">", name, d.XMLName.Local, d.Version)
	}
	c := d.Channel
	var link, self string
	for _, l := range c.Links {
		switch l.XMLName.Space {
		case "":
			link = l.Value
		case "http://www.w3.org/2005/Atom":
			self = l.Href
		}
	}
	if c.Title == "" || link == "" || c.Description == "" {
		t.Errorf("%s: channel lacks title, link or description: %q %q %q", name, c.Title, link, c.Description)
	}
	if !strings.HasSuffix(self, "/"+path.Base(name)) {
		t.Errorf("%s: atom:link rel=self is %q", name, self)
	}
	for _, it := range c.Items {
		if it.Title == "" || it.Link == "" || it.GUID != it.Link || it.Description == "" {
			t.Errorf("%s: item lacks title, link, guid or description: %+v", name, it)
		}
		if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
			t.Errorf("%s: pubDate %q is not RFC 822: %v", name, it.PubDate, err)
		}
	}
	return d
}

// checkAtom checks what RFC 4287 requires of a feed and its entries.
func checkAtom(t *testing.T, name string, data []byte) atomDoc {
	t.Helper()
	d := parseAtom(t, data)
	if d.XMLName.Local != "feed" || d.XMLName.Space != "http://www.w3.org/2005/Atom" {
		t.Errorf("%s: root %v, want an Atom feed", name, d.XMLName)
	}
	if d.ID == "" || d.Title == "" || d.Updated == "" {
		t.Errorf("%s: feed lacks id, title or updated", name)
	}
	if _, err := time.Parse(time.RFC3339, d.Updated); err != nil {
		t.Errorf("%s: updated %q: %v", name, d.Updated, err)
	}
	self := false
	for _, l := range d.Links {
		self = self || l.Rel == "self" && strings.HasSuffix(l.Href, "atom.xml")
	}
	if !self {
		t.Errorf("%s: no rel=self link", name)
	}
	for _, e := range d.Entries {
		if e.ID == "" || e.Title == "" || e.Updated == "" || e.Content.Value == "" || e.Content.Type != "html" {
			t.Errorf("%s: entry lacks id, title, updated or html content: %+v", name, e)
		}
		if d.Author == nil && e.Author.Name == "" {
			t.Errorf("%s: entry %s has no author, and neither has the feed", name, e.ID)
		}
	}
	return d
}

// checkJSONFeed checks what JSON Feed 1.1 requires.
func checkJSONFeed(t *testing.T, name string, data []byte) jsonFeedDoc {
	t.Helper()
	d := parseJSONFeed(t, data)
	if d.Version != "https://jsonfeed.org/version/1.1" || d.Title == "" {
		t.Errorf("%s: version %q, title %q", name, d.Version, d.Title)
	}
	var raw map[string]any
	json.Unmarshal(data, &raw)
	if _, ok := raw["items"].([]any); !ok {
		t.Errorf("%s: items is not an array", name)
	}
	for _, it := range d.Items {
		if it.ID == "" || it.ContentHTML == nil {
			t.Errorf("%s: item lacks id or content_html: %+v", name, it)
		}
	}
	return d
}

func TestFeedsHaveTheirFormatsRequiredElements(t *testing.T) {
	s, _ := feedSite(3)
	files := feedFiles(t, s)
	for _, dir := range []string{"", "tags/flu/", "categories/vaccines/", "series/tips/"} {
		rss := checkRSS(t, dir+"index.xml", files[dir+"index.xml"])
		atom := checkAtom(t, dir+"atom.xml", files[dir+"atom.xml"])
		js := checkJSONFeed(t, dir+"feed.json", files[dir+"feed.json"])
		if len(rss.Channel.Items) != 3 || len(atom.Entries) != 3 || len(js.Items) != 3 {
			t.Errorf("%s: %d, %d and %d items, want 3", dir, len(rss.Channel.Items), len(atom.Entries), len(js.Items))
		}
		if js.FeedURL != "https://example.org/clinic/"+dir+"feed.json" {
			t.Errorf("%s: feed_url %q", dir, js.FeedURL)
		}
	}
	rss := parseRSS(t, files["index.xml"])
	it := rss.Channel.Items[0]
	if it.Creator != "Ann Lee, MD" || strings.Join(it.Categories, ",") != "flu,Vaccines" {
		t.Errorf("RSS item author %q, categories %q", it.Creator, it.Categories)
	}
	js := parseJSONFeed(t, files["feed.json"])
	if j := js.Items[0]; j.DatePublished != "2026-11-23T18:00:00Z" || len(j.Authors) != 1 || j.Authors[0].Name != "Ann Lee, MD" || len(j.Tags) != 2 {
		t.Errorf("JSON Feed item %+v", j)
	}
}

func TestFeedsHoldFullContentWithAbsoluteURLs(t *testing.T) {
	s, _ := feedSite(2)
	files := feedFiles(t, s)
	want := `<p>See <a href="https://example.org/clinic/posts/p01/">this</a> and <img src="https://example.org/clinic/posts/p00/i.png" alt="i">.</p>`
	if got := parseRSS(t, files["index.xml"]).Channel.Items[0].Description; got != want {
		t.Errorf("RSS description\n got %s\nwant %s", got, want)
	}
	if got := parseAtom(t, files["atom.xml"]).Entries[0].Content.Value; got != want {
		t.Errorf("Atom content\n got %s\nwant %s", got, want)
	}
	if got := parseJSONFeed(t, files["feed.json"]).Items[0].ContentHTML; got == nil || *got != want {
		t.Errorf("JSON Feed content_html\n got %v\nwant %s", got, want)
	}
}

func TestFeedsHoldTheLatest20PostsNewestFirst(t *testing.T) {
	s, published := feedSite(25)
	files := feedFiles(t, s)
	for _, dir := range []string{"", "tags/flu/", "series/tips/"} {
		items := parseAtom(t, files[dir+"atom.xml"]).Entries
		if len(items) != 20 {
			t.Fatalf("%s: %d entries, want 20", dir, len(items))
		}
		for i, e := range items {
			if want := "https://example.org/clinic" + published[i].Path; e.ID != want {
				t.Errorf("%s: entry %d is %s, want %s", dir, i, e.ID, want)
			}
		}
	}
}

func TestFeedsLeaveOutDraftFutureAndExpiredPosts(t *testing.T) {
	s, _ := feedSite(2)
	for name, data := range feedFiles(t, s) {
		for _, bad := range []string{"/posts/draft/", "/posts/future/", "/posts/expired/"} {
			if strings.Contains(string(data), bad) {
				t.Errorf("%s holds %s", name, bad)
			}
		}
	}
}

func TestFeedUpdatedIsTheLatestChangeOrTheBuildClock(t *testing.T) {
	s, published := feedSite(3)
	published[2].Lastmod = daysFromNow(-1).Add(time.Hour) // the oldest post, edited last
	files := feedFiles(t, s)
	if got := parseAtom(t, files["atom.xml"]).Updated; got != "2026-11-23T19:00:00Z" {
		t.Errorf("updated %q, want the latest lastmod", got)
	}
	empty := fakeSite()
	empty.Tags = []*site.Term{{Taxonomy: "tags", Name: "none", Path: "/tags/none/"}}
	files = feedFiles(t, empty)
	for _, name := range []string{"atom.xml", "tags/none/atom.xml"} {
		d := checkAtom(t, name, files[name])
		if d.Updated != "2026-11-24T18:00:00Z" || len(d.Entries) != 0 {
			t.Errorf("%s: updated %q with %d entries, want the build clock and none", name, d.Updated, len(d.Entries))
		}
	}
	checkJSONFeed(t, "feed.json", files["feed.json"])
	checkRSS(t, "index.xml", files["index.xml"])
}

var rootRelative = regexp.MustCompile(`(?:href|src)=["']?/[^/]`)

func TestExampleFeedsUnderASubPathHaveOnlyAbsoluteURLs(t *testing.T) {
	out := buildExampleWith(t, build.Options{BaseURL: "https://example.org/clinic/", Drafts: true, Future: true})
	var rss, atom, js int
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, out+string(filepath.Separator)))
		var contents []string
		switch d.Name() {
		case "index.xml":
			rss++
			for _, it := range checkRSS(t, rel, readOut(t, out, rel)).Channel.Items {
				contents = append(contents, it.Description)
			}
		case "atom.xml":
			atom++
			for _, e := range checkAtom(t, rel, readOut(t, out, rel)).Entries {
				contents = append(contents, e.Content.Value)
			}
		case "feed.json":
			js++
			for _, it := range checkJSONFeed(t, rel, readOut(t, out, rel)).Items {
				if it.ContentHTML != nil {
					contents = append(contents, *it.ContentHTML)
				}
			}
		default:
			return nil
		}
		data := string(readOut(t, out, rel))
		for _, bad := range []string{"/posts/annual-checkup/", "/posts/spring-allergies/"} {
			if strings.Contains(data, bad) {
				t.Errorf("%s holds the unpublished %s", rel, bad)
			}
		}
		if strings.Contains(data, "https://example.org/posts/") || strings.Contains(data, "riverbend.example.com/posts") {
			t.Errorf("%s has a URL outside the sub-path", rel)
		}
		for _, c := range contents {
			if c == "" {
				t.Errorf("%s: an item has no content", rel)
			}
			if m := rootRelative.FindString(c); m != "" {
				t.Errorf("%s: content keeps a relative URL: %s", rel, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// In each language, the site, 1 series and every tag and category.
	want := 0
	for _, lang := range []string{"", "es"} {
		tags, _ := os.ReadDir(filepath.Join(out, lang, "tags"))
		cats, _ := os.ReadDir(filepath.Join(out, lang, "categories"))
		want += 2
		for _, d := range append(tags, cats...) {
			if d.IsDir() {
				want++
			}
		}
	}
	if rss != want || atom != want || js != want {
		t.Errorf("%d RSS, %d Atom and %d JSON feeds, want %d of each", rss, atom, js, want)
	}
	if p := parseRSS(t, readOut(t, out, "index.xml")); len(p.Channel.Items) == 0 || !strings.HasPrefix(p.Channel.Items[0].Link, "https://example.org/clinic/posts/") {
		t.Errorf("site feed items: %+v", p.Channel.Items)
	}
}
