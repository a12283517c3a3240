package seo

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
	"time"

	"github.com/carepress/carepress/internal/site"
)

// Output is a file of the output that is not a page.
type Output struct {
	Path string // slash-separated, relative to the output directory
	Data []byte
}

// The sitemaps.org limits of one sitemap file.
const (
	sitemapMaxURLs  = 50000
	sitemapMaxBytes = 50 * 1024 * 1024
)

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
	// Links are the page in each of its languages (Alternates).
	Links []sitemapLink `xml:"xhtml:link"`
}

// xhtmlNS is the namespace of the sitemap's <xhtml:link> alternates.
const xhtmlNS = "http://www.w3.org/1999/xhtml"

type sitemapLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// Sitemap returns sitemap.xml, listing every indexable page of s, in each
// of its languages, each with an <xhtml:link> to itself and its versions
// in the others, and x-default (Alternates). Above
// the protocol's limits of 50,000 URLs or 50 MB a file, the pages go into
// sitemap-1.xml, sitemap-2.xml… and sitemap.xml is their index.
func Sitemap(s *site.Site) []Output {
	var urls []sitemapURL
	var mods []time.Time
	alt := false
	for _, ls := range s.Sites() {
		for _, p := range ls.All {
			if !Indexable(s, p) {
				continue
			}
			mod := pageModified(p)
			u := sitemapURL{Loc: s.Config.AbsURL(p.Path), Lastmod: timestamp(s, mod)}
			for _, a := range Alternates(s, p) {
				if a.Lang == "x-default" || Indexable(s, p.Translation(a.Lang)) || strings.EqualFold(a.Lang, p.Lang) {
					u.Links = append(u.Links, sitemapLink{Rel: "alternate", Hreflang: a.Lang, Href: a.Href})
				}
			}
			alt = alt || len(u.Links) > 0
			urls = append(urls, u)
			mods = append(mods, mod)
		}
	}
	wrapURLSet := func(urls []byte) []byte { return wrapURLs(urls, alt) }
	// Each <url> element is encoded once, so that the size limit is
	// checked on the bytes that are written.
	var chunks [][]byte
	var chunkMods []time.Time
	var cur bytes.Buffer
	var curN int
	var curMod time.Time
	flush := func() {
		chunks = append(chunks, append([]byte(nil), cur.Bytes()...))
		chunkMods = append(chunkMods, curMod)
		cur.Reset()
		curN, curMod = 0, time.Time{}
	}
	room := sitemapMaxBytes - len(xml.Header) - len(`<urlset xmlns="`+sitemapNS+`"></urlset>`+"\n")
	if alt {
		room -= len(` xmlns:xhtml="` + xhtmlNS + `"`)
	}
	eachURL(urls, func(i int, el []byte) {
		if curN == sitemapMaxURLs || curN > 0 && cur.Len()+len(el) > room {
			flush()
		}
		cur.Write(el)
		curN++
		if mods[i].After(curMod) {
			curMod = mods[i]
		}
	})
	if curN > 0 || len(chunks) == 0 {
		flush()
	}
	if len(chunks) == 1 {
		return []Output{{Path: "sitemap.xml", Data: wrapURLSet(chunks[0])}}
	}
	out := make([]Output, 0, len(chunks)+1)
	idx := sitemapIndex{NS: sitemapNS}
	for i, c := range chunks {
		name := "sitemap-" + strconv.Itoa(i+1) + ".xml"
		out = append(out, Output{Path: name, Data: wrapURLSet(c)})
		idx.Sitemaps = append(idx.Sitemaps, sitemapURL{Loc: s.Config.AbsURL("/" + name), Lastmod: timestamp(s, chunkMods[i])})
	}
	return append(out, Output{Path: "sitemap.xml", Data: xmlDoc(idx)})
}

// Robots returns robots.txt: everything allowed, and the sitemap named.
func Robots(s *site.Site) Output {
	return Output{Path: "robots.txt", Data: []byte("User-agent: *\nAllow: /\n\nSitemap: " + s.Config.AbsURL("/sitemap.xml") + "\n")}
}

// Indexable reports whether p belongs in the sitemap: a public page that
// is not the 404 page, not marked noindex, and not canonical elsewhere.
func Indexable(s *site.Site, p *site.Page) bool {
	if p == nil || p.Kind == site.KindNotFound || !Public(s, p) {
		return false
	}
	if p.Meta != nil {
		if p.Meta.Noindex {
			return false
		}
		if c := p.Meta.Canonical; c != "" && s.Config.AbsURL(c) != s.Config.AbsURL(p.Path) {
			return false
		}
	}
	return true
}

// Public reports whether p may appear in lists, feeds, the sitemap and
// redirects: the model leaves drafts, future and expired posts out unless
// a preview build asks for them, and even then they stay out of these.
func Public(s *site.Site, p *site.Page) bool {
	if p == nil || p.Draft || p.Future {
		return false
	}
	return p.ExpiryDate.IsZero() || p.ExpiryDate.After(s.Now)
}

// pageModified is the latest of a page's lastmod, last review and date.
func pageModified(p *site.Page) time.Time {
	t := p.Date
	for _, u := range []time.Time{p.Lastmod, p.LastReviewed} {
		if u.After(t) {
			t = u
		}
	}
	return t
}

// timestamp formats t as a W3C datetime in the site's time zone, or "" for
// the zero time.
func timestamp(s *site.Site, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if loc := s.Config.Location; loc != nil {
		t = t.In(loc)
	}
	return t.Format(time.RFC3339)
}

// wrapURLs makes a <urlset> of the <url> elements urls; alt declares the
// namespace of their alternates.
func wrapURLs(urls []byte, alt bool) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	if alt {
		b.WriteString(`<urlset xmlns="` + sitemapNS + `" xmlns:xhtml="` + xhtmlNS + `">` + "\n")
	} else {
		b.WriteString(`<urlset xmlns="` + sitemapNS + `">` + "\n")
	}
	b.Write(urls)
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// eachURL encodes each of urls as one <url> element, as an xml.Encoder
// with Indent("  ", "  ") writes it alone, and a newline, and calls fn
// with the bytes (valid until it returns). One Encoder writes them all,
// since each Encoder costs a 4 KB buffer and a sitemap has an element per
// page; it begins every element after the first on a new line, which is
// moved to the end of the element before. (A hand-written encoder saved
// 9 ms of a cold 10k-post build, under the 5% it must save to be kept.)
func eachURL(urls []sitemapURL, fn func(i int, el []byte)) {
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	enc.Indent("  ", "  ")
	start := xml.StartElement{Name: xml.Name{Local: "url"}}
	for i, u := range urls {
		buf.Reset()
		if err := enc.EncodeElement(u, start); err != nil { // it flushes
			panic(err) // strings always encode
		}
		fn(i, append(bytes.TrimPrefix(buf.Bytes(), []byte("\n")), '\n'))
	}
}

// xmlDoc encodes v as a whole indented XML document.
func xmlDoc(v any) []byte { return xmlDocSize(v, 0) }

// xmlDocSize is xmlDoc for a document of about size bytes: a feed's buffer
// is made that large at once rather than grown and copied again and again.
func xmlDocSize(v any, size int) []byte {
	var b bytes.Buffer
	b.Grow(size + len(xml.Header) + 1)
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	b.WriteByte('\n')
	return b.Bytes()
}
