package seo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"regexp"
	"slices"
	"strings"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/site"
)

// Node is one JSON-LD node. Maps marshal with sorted keys, so the same
// site always gives the same bytes.
type Node = map[string]any

// Fragment identifiers of the nodes every page shares or refers to.
const (
	WebSiteID  = "#website"
	PracticeID = "#practice"
)

// ref is a reference to a node by its @id.
func ref(id string) Node { return Node{"@id": id} }

// put sets n[k] unless v is empty.
func put(n Node, k string, v any) {
	switch x := v.(type) {
	case nil:
		return
	case string:
		if x == "" {
			return
		}
	case []string:
		if len(x) == 0 {
			return
		}
	case []any:
		if len(x) == 0 {
			return
		}
	case []Node:
		if len(x) == 0 {
			return
		}
	case int:
		if x == 0 {
			return
		}
	case Node:
		if len(x) == 0 {
			return
		}
	}
	n[k] = v
}

// Graph is the JSON-LD @graph of p: the WebSite, the practice, the page
// itself (MedicalWebPage and BlogPosting for a post, ProfilePage and
// Person for a person, WebPage or CollectionPage otherwise) and its
// BreadcrumbList.
func (b *Builder) Graph(p *site.Page) []Node {
	return append([]Node{b.webSite(), b.practice()}, b.pageGraph(p)...)
}

// pageGraph is the part of p's graph after the nodes every page shares.
func (b *Builder) pageGraph(p *site.Page) []Node {
	var g []Node
	crumbs := b.breadcrumb(p)
	pageURL := b.url(p)
	page := Node{
		"@type":      b.pageType(p),
		"@id":        pageURL + "#webpage",
		"url":        pageURL,
		"name":       ogTitle(p, b.site.Config.Title),
		"inLanguage": b.lang(p),
		"isPartOf":   ref(b.id(WebSiteID)),
	}
	put(page, "description", b.Description(p))
	if crumbs != nil {
		page["breadcrumb"] = ref(crumbs["@id"].(string))
	}
	switch p.Kind {
	case site.KindHome:
		page["about"] = ref(b.id(PracticeID))
	case site.KindPost:
		g = append(g, b.post(p, page)...)
		page = nil
	case site.KindPerson:
		if p.Person != nil {
			person := b.person(p.Person, true)
			page["mainEntity"] = ref(person["@id"].(string))
			g = append(g, page, person)
			page = nil
		}
	case site.KindService:
		if sv := p.Service; sv != nil {
			n := b.service(sv, true)
			page["mainEntity"] = ref(n["@id"].(string))
			put(page, "specialty", specialties(b.site.Config.Practice.Specialty))
			g = append(g, page, n)
			page = nil
		}
	case site.KindSeries:
		if p.Series != nil {
			se := b.series(p.Series)
			put(se, "description", b.Description(p))
			page["mainEntity"] = ref(se["@id"].(string))
			g = append(g, page, se)
			page = nil
		}
	}
	if page != nil {
		g = append(g, page)
	}
	if crumbs != nil {
		g = append(g, crumbs)
	}
	return g
}

// id is an @id under the site's base URL: "https://site/#practice".
func (b *Builder) id(frag string) string { return b.site.Config.AbsURL("/") + frag }

func (b *Builder) pageType(p *site.Page) string {
	switch p.Kind {
	case site.KindPost:
		return "MedicalWebPage"
	case site.KindPerson:
		return "ProfilePage"
	case site.KindService:
		return "MedicalWebPage"
	case site.KindSection, site.KindTerms, site.KindTerm, site.KindSeries, site.KindPeople, site.KindPolicies, site.KindServices, site.KindProviders:
		return "CollectionPage"
	case site.KindPage:
		switch p.Path {
		case "/contact/":
			return "ContactPage"
		case "/about/":
			return "AboutPage"
		}
	}
	return "WebPage"
}

func (b *Builder) webSite() Node {
	cfg := b.site.Config
	return Node{
		"@type":      "WebSite",
		"@id":        b.id(WebSiteID),
		"url":        cfg.AbsURL("/"),
		"name":       cfg.Title,
		"inLanguage": cfg.Language,
		"publisher":  ref(b.id(PracticeID)),
	}
}

// practice is the practice as its schema.org type. Its address, phone and
// hours are those of its first location; with more than one location,
// each is also a department of its own with its address, phone, hours
// and closed days (Google's way to describe a business with several
// places).
func (b *Builder) practice() Node {
	cfg := b.site.Config
	pr := cfg.Practice
	n := Node{
		"@type": pr.Type,
		"@id":   b.id(PracticeID),
		"name":  pr.Name,
		"url":   cfg.AbsURL("/"),
	}
	if cfg.Brand.Logo != "" {
		n["logo"] = cfg.AbsURL(cfg.Brand.Logo)
		n["image"] = cfg.AbsURL(cfg.Brand.Logo)
	}
	put(n, "telephone", cfg.PhoneE164(pr.Phone)) // E.164: "+12175550100", read anywhere
	put(n, "email", pr.Email)
	put(n, "sameAs", pr.SameAs)
	put(n, "medicalSpecialty", specialties(pr.Specialty))
	if len(pr.Locations) > 0 {
		first := b.location(pr.Locations[0])
		n["address"] = first["address"]
		put(n, "openingHoursSpecification", first["openingHoursSpecification"])
		if pr.Phone == "" {
			put(n, "telephone", first["telephone"])
		}
	}
	if len(pr.Locations) > 1 {
		typ := pr.Type
		if typ == "Physician" {
			typ = "MedicalClinic" // a place, not the physician
		}
		var deps []Node
		for i, l := range pr.Locations {
			d := b.location(l)
			d["@type"] = typ
			d["@id"] = b.id(fmt.Sprintf("#location-%d", i+1))
			d["url"] = cfg.AbsURL("/")
			d["parentOrganization"] = ref(b.id(PracticeID))
			name := pr.Name
			if l.Name != "" {
				name += " – " + l.Name
			}
			d["name"] = name
			if cfg.Brand.Logo != "" {
				d["image"] = cfg.AbsURL(cfg.Brand.Logo)
			}
			put(d, "medicalSpecialty", specialties(pr.Specialty))
			deps = append(deps, d)
		}
		n["department"] = deps
	}
	b.offers(n)
	return n
}

// availableServiceTypes are the practice types that schema.org gives
// availableService.
var availableServiceTypes = []string{"MedicalClinic", "Physician", "Hospital"}

// offers lists the practice's services on its node: as availableService,
// each a MedicalProcedure, MedicalTherapy or MedicalTest, for the types
// that have it; for the others (a Dentist, a MedicalBusiness such as a
// dietitian's practice), in an OfferCatalog of Services, which every
// business may have.
func (b *Builder) offers(practice Node) {
	svs := b.site.Services
	if len(svs) == 0 {
		return
	}
	var list []Node
	if slices.Contains(availableServiceTypes, b.site.Config.Practice.Type) {
		for _, sv := range svs {
			list = append(list, b.service(sv, false))
		}
		practice["availableService"] = list
		return
	}
	for _, sv := range svs {
		list = append(list, Node{"@type": "Offer", "itemOffered": b.service(sv, false)})
	}
	practice["hasOfferCatalog"] = Node{"@type": "OfferCatalog", "name": b.msg(nil).MustText("jsonld.services"), "itemListElement": list}
}

// service is the node of a service: its schema.org type for a practice
// that takes availableService, else a Service. On its own page it
// carries its description, image, audience and where it is offered.
func (b *Builder) service(sv *site.Service, full bool) Node {
	typ := sv.Type
	if !slices.Contains(availableServiceTypes, b.site.Config.Practice.Type) {
		typ = "Service"
	}
	u := b.url(sv.Page)
	n := Node{"@type": typ, "@id": u + "#service", "name": sv.Title, "url": u}
	if !full {
		return n
	}
	put(n, "description", sv.Summary)
	if sv.Page.Image != "" {
		n["image"] = b.site.Config.AbsURL(sv.Page.Image)
	}
	if typ == "Service" {
		n["provider"] = ref(b.id(PracticeID))
		put(n, "audience", audience(sv.For))
		var areas []Node
		for _, l := range sv.Locations {
			areas = append(areas, ref(b.locationID(l)))
		}
		if len(b.site.Config.Practice.Locations) > 1 {
			put(n, "availableChannel", channels(areas))
		}
	} else {
		put(n, "relevantSpecialty", specialties(b.site.Config.Practice.Specialty))
	}
	return n
}

// audience is a Service's audience: who it is for, in words.
func audience(who string) Node {
	if who == "" {
		return nil
	}
	return Node{"@type": "Audience", "audienceType": who}
}

// channels are the places a Service is offered at, as ServiceChannels.
func channels(places []Node) []Node {
	var out []Node
	for _, p := range places {
		out = append(out, Node{"@type": "ServiceChannel", "serviceLocation": p})
	}
	return out
}

// locationID is the @id of a location's node: the practice when it has
// one location, else the location's department (see practice).
func (b *Builder) locationID(l *config.Location) string {
	locs := b.site.Config.Practice.Locations
	if len(locs) > 1 {
		for i := range locs {
			if &locs[i] == l {
				return b.id(fmt.Sprintf("#location-%d", i+1))
			}
		}
	}
	return b.id(PracticeID)
}

// location is the address, phone and hours of a place.
func (b *Builder) location(l config.Location) Node {
	addr := Node{"@type": "PostalAddress"}
	put(addr, "streetAddress", l.Street)
	put(addr, "addressLocality", l.City)
	put(addr, "addressRegion", l.Region)
	put(addr, "postalCode", l.PostalCode)
	put(addr, "addressCountry", l.Country)
	n := Node{"address": addr}
	put(n, "telephone", b.site.Config.PhoneE164(l.Phone))
	var hours []Node
	for _, s := range l.Hours {
		h, err := config.ParseHours(s)
		if err != nil {
			continue // config validation reported it
		}
		hours = append(hours, Node{"@type": "OpeningHoursSpecification", "dayOfWeek": h.Days, "opens": h.Opens, "closes": h.Closes})
	}
	// A closed day is a special opening that opens and closes at
	// midnight, valid for that day only.
	for _, d := range l.Closed {
		hours = append(hours, Node{"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00", "validFrom": d, "validThrough": d})
	}
	put(n, "openingHoursSpecification", hours)
	return n
}

var enumRE = regexp.MustCompile(`^[A-Z][A-Za-z]+$`)

// specialties writes MedicalSpecialty values as schema.org enumeration
// members ("PrimaryCare" → https://schema.org/PrimaryCare) and anything
// else as text.
func specialties(xs []string) []string {
	var out []string
	for _, x := range xs {
		if enumRE.MatchString(x) {
			x = "https://schema.org/" + x
		}
		out = append(out, x)
	}
	return out
}

// person is a Person node. On the person's own page it carries the bio.
func (b *Builder) person(x *site.Person, full bool) Node {
	cfg := b.site.Config
	n := Node{"@type": "Person", "name": x.Name}
	if x.Page != nil {
		u := b.url(x.Page)
		n["@id"] = u + "#person"
		n["url"] = u
	}
	put(n, "honorificSuffix", x.Credentials)
	put(n, "jobTitle", x.Role)
	put(n, "sameAs", x.SameAs)
	creds := x.HasCredential
	if len(creds) == 0 {
		for _, c := range strings.Split(x.Credentials, ",") {
			if c = strings.TrimSpace(c); c != "" {
				creds = append(creds, c)
			}
		}
	}
	var cs []Node
	for _, c := range creds {
		cs = append(cs, Node{"@type": "EducationalOccupationalCredential", "name": c})
	}
	put(n, "hasCredential", cs)
	n["worksFor"] = ref(b.id(PracticeID))
	if full {
		put(n, "description", x.Bio)
		if x.Image != "" {
			n["image"] = cfg.AbsURL(x.Image)
		}
		if x.Provider {
			b.provider(n, x)
		}
	}
	return n
}

// provider adds to a person's node n what patients look for in a
// provider. A physician is also an IndividualPhysician (schema.org's type
// for a doctor, rather than the practice), which carries the specialty,
// whether new patients are taken and where the doctor practises. Anyone
// else (a dietitian, a nurse practitioner, a physiotherapist, a dentist:
// schema.org has no type of their own, and Physician would claim a
// medical degree) stays a Person with their occupation; whether they take
// new patients is on their page, since only organisations have
// isAcceptingNewPatients.
func (b *Builder) provider(n Node, x *site.Person) {
	cfg := b.site.Config
	var places []Node
	for _, l := range x.Locations {
		places = append(places, ref(b.locationID(l)))
	}
	if x.Physician {
		n["@type"] = []string{"Person", "IndividualPhysician"}
		put(n, "medicalSpecialty", specialties(x.Specialty))
		if x.AcceptingNewPatients != nil {
			n["isAcceptingNewPatients"] = *x.AcceptingNewPatients
		}
		put(n, "practicesAt", places)
	} else {
		put(n, "knowsAbout", specialties(x.Specialty))
		if x.Role != "" {
			n["hasOccupation"] = Node{"@type": "Occupation", "name": x.Role}
		}
		put(n, "workLocation", places)
	}
	put(n, "knowsLanguage", x.Languages)
	phone := x.Phone
	if phone == "" {
		phone = cfg.Practice.Phone
	}
	put(n, "telephone", cfg.PhoneE164(phone))
	booking := x.BookingURL
	if booking == "" {
		booking = cfg.Practice.BookingURL
	}
	if booking != "" && (x.AcceptingNewPatients == nil || *x.AcceptingNewPatients) {
		n["potentialAction"] = Node{
			"@type":  "ReserveAction",
			"name":   b.msg(nil).MustText("person.book-with", "name", x.Name),
			"target": Node{"@type": "EntryPoint", "urlTemplate": booking},
		}
	}
}

// lang is the language p is written in: a translation's own, the site's
// for the rest.
func (b *Builder) lang(p *site.Page) string {
	if p.Lang != "" {
		return p.Lang
	}
	return b.site.Config.Language
}

// series is a CreativeWorkSeries node for a tip series.
func (b *Builder) series(s *site.Series) Node {
	n := Node{"@type": "CreativeWorkSeries", "name": s.Title}
	if s.Page != nil {
		u := b.url(s.Page)
		n["@id"] = u + "#series"
		n["url"] = u
	}
	return n
}

// post is the MedicalWebPage of a post and its BlogPosting.
func (b *Builder) post(p *site.Page, page Node) []Node {
	cfg := b.site.Config
	m := p.Meta
	pageURL := b.url(p)
	article := Node{
		"@type":            "BlogPosting",
		"@id":              pageURL + "#article",
		"url":              pageURL,
		"headline":         p.Title,
		"inLanguage":       b.lang(p),
		"publisher":        ref(b.id(PracticeID)),
		"mainEntityOfPage": ref(page["@id"].(string)),
	}
	put(article, "description", b.Description(p))
	put(article, "datePublished", b.datetime(p.Date))
	put(article, "dateModified", b.datetime(p.Lastmod))
	put(article, "wordCount", p.WordCount)
	if img, ok := b.image(p); ok {
		if img.Width > 0 {
			article["image"] = Node{"@type": "ImageObject", "url": img.URL, "width": img.Width, "height": img.Height}
		} else {
			article["image"] = img.URL
		}
	}
	if p.Author != nil {
		article["author"] = b.person(p.Author, false)
	}
	var tags []string
	for _, t := range p.Tags {
		tags = append(tags, t.Name)
	}
	put(article, "keywords", strings.Join(tags, ", "))
	if len(p.Categories) > 0 {
		article["articleSection"] = p.Categories[0].Name
	}
	if p.Series != nil {
		article["isPartOf"] = b.series(p.Series)
	}

	put(page, "datePublished", b.datetime(p.Date))
	put(page, "dateModified", b.datetime(p.Lastmod))
	put(page, "lastReviewed", b.date(p.LastReviewed))
	if p.Reviewer != nil {
		page["reviewedBy"] = b.person(p.Reviewer, false)
	}
	put(page, "specialty", specialties(cfg.Practice.Specialty))
	if m != nil {
		if m.About != "" {
			page["about"] = Node{"@type": "Thing", "name": m.About}
		}
		switch m.Audience {
		case "patient":
			page["audience"] = Node{"@type": "MedicalAudience", "audienceType": "Patient"}
		case "clinician":
			page["audience"] = Node{"@type": "MedicalAudience", "audienceType": "Clinician"}
		}
		var cites []Node
		for _, s := range m.Sources {
			c := Node{"@type": "CreativeWork"}
			put(c, "name", s.Title)
			put(c, "url", s.URL)
			if s.Publisher != "" {
				c["publisher"] = Node{"@type": "Organization", "name": s.Publisher}
			}
			put(c, "datePublished", s.Date)
			cites = append(cites, c)
		}
		put(page, "citation", cites)
	}
	page["mainEntity"] = ref(article["@id"].(string))
	return []Node{page, article}
}

// breadcrumb is the BreadcrumbList of p: Home, each ancestor path that is
// a page (the section, the taxonomy, ...), then p. The home and 404 pages
// have none.
func (b *Builder) breadcrumb(p *site.Page) Node {
	if p.Kind == site.KindHome || p.Kind == site.KindNotFound || p.Path == "/" || b.site.Home != nil && p.Path == b.site.Home.Path {
		return nil
	}
	type crumb struct{ name, url string }
	home := "/" // the home page of p's language
	if b.site.Home != nil {
		home = b.site.Home.Path
	}
	crumbs := []crumb{{b.msg(p).MustText("jsonld.home"), b.site.Config.AbsURL(home)}}
	segs := strings.Split(strings.Trim(p.Path, "/"), "/")
	for i := 1; i < len(segs); i++ {
		anc := "/" + strings.Join(segs[:i], "/") + "/"
		if a, ok := b.byPath[anc]; ok && a != p && anc != home {
			crumbs = append(crumbs, crumb{a.Title, b.url(a)})
		}
	}
	name := p.Title
	if p.Pager != nil && p.Pager.Number > 1 {
		name = fmt.Sprintf("%s, page %d", p.Title, p.Pager.Number)
	}
	crumbs = append(crumbs, crumb{name, b.url(p)})
	var items []Node
	for i, c := range crumbs {
		items = append(items, Node{"@type": "ListItem", "position": i + 1, "name": c.name, "item": c.url})
	}
	return Node{"@type": "BreadcrumbList", "@id": b.url(p) + "#breadcrumb", "itemListElement": items}
}

// JSONLD is p's JSON-LD document: {"@context": "https://schema.org",
// "@graph": [...]}.
func (b *Builder) JSONLD(p *site.Page) ([]byte, error) {
	// The WebSite and practice nodes are the same on every page: encoded
	// once, and the page's own nodes after them.
	b.sharedOnce.Do(func() {
		out, ok := appendJSON([]byte(`{"@context":"https://schema.org","@graph":`), []Node{b.webSite(), b.practice()})
		if ok {
			b.shared = out[:len(out)-1] // without the closing ]
		}
	})
	if b.shared != nil {
		out := append(make([]byte, 0, 4096), b.shared...)
		ok := true
		for _, n := range b.pageGraph(p) {
			if out, ok = appendJSON(append(out, ','), n); !ok {
				break
			}
		}
		if ok {
			return append(out, "]}"...), nil
		}
	}
	return Marshal(Node{"@context": "https://schema.org", "@graph": b.Graph(p)})
}

// Marshal encodes v as JSON safe to place inside a <script> element:
// encoding/json writes <, > and & as \u003c, \u003e and \u0026 (and
// U+2028 and U+2029 escaped), so no text can end the element or open a
// comment in it.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	out := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if bytes.ContainsAny(out, "<>") { // cannot happen with SetEscapeHTML; a guard against a change
		return nil, fmt.Errorf("JSON-LD holds an unescaped < or >")
	}
	return out, nil
}

// ScriptHTML renders p's JSON-LD as one <script type="application/ld+json">
// element.
func (b *Builder) ScriptHTML(p *site.Page) (template.HTML, error) {
	js, err := b.JSONLD(p)
	if err != nil {
		return "", err
	}
	return template.HTML(`<script type="application/ld+json">` + string(js) + `</script>`), nil //nolint:gosec // Marshal escapes < > &
}
