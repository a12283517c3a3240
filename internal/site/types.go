package site

import (
	"html/template"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/images"
	"github.com/carepress/carepress/internal/markdown"
)

// Kind is the kind of a page, and names its default template.
type Kind string

// The kinds of page.
const (
	KindHome     Kind = "home"     // the home page: the practice's front door
	KindPost     Kind = "post"     // one post
	KindPage     Kind = "page"     // a plain page (about, contact, services)
	KindSection  Kind = "list"     // a page of the paginated post list (/posts/, /posts/page/2/)
	KindTerms    Kind = "terms"    // every term of a taxonomy (/tags/)
	KindTerm     Kind = "term"     // the posts with one tag or category
	KindSeries   Kind = "series"   // one tip series, in order
	KindPerson   Kind = "person"   // an author or provider
	KindPeople   Kind = "people"   // every person (/authors/)
	KindNotice   Kind = "notice"   // one notice (/notices/ID/)
	KindPolicies Kind = "policies" // every notice by kind (/policies/)
	KindNotFound Kind = "404"      // 404.html
	// KindService is one service (/services/ID/).
	KindService Kind = "service"
	// KindServices is every service (/services/).
	KindServices Kind = "services"
	// KindProviders is the provider directory, by location and
	// specialty (/providers/).
	KindProviders Kind = "providers"
)

// Site is the model of a whole site: every page to write, with its URL,
// its place in lists, taxonomies and series, and the people and notices it
// refers to. Templates see it as .Site.
type Site struct {
	Config *config.Config
	// Now is the build's clock (--now), for publish rules and dates.
	Now time.Time
	// Publish are the publish rules the model was built with: with
	// Drafts, a draft's problems are errors, as a published post's are.
	Publish Options

	Home  *Page
	Posts []*Page // published posts, newest first
	// Scheduled are the posts whose publication date is after Now and
	// that are not drafts (and not in Posts, unless --future put them
	// there), newest first. They are not rendered, but the social
	// planner announces them, and they are resolved and checked as
	// published posts are (people, series, notices, sources, URLs), so
	// that the unattended rebuild that publishes one cannot fail.
	Scheduled []*Page
	// Drafts are the drafts this build leaves out (all of them, unless
	// --drafts), with their URL, image, people, series and notices
	// resolved, so that the checks see them; never rendered or shared.
	Drafts  []*Page
	Pages   []*Page // plain pages, by path
	People  []*Person
	Series  []*Series
	Notices []*Notice // by order, then id
	// Services are what the practice offers, by order, then title.
	Services []*Service
	// Providers are the people patients can book (provider: true), by
	// name; ProvidersByLocation and ProvidersBySpecialty group them for
	// the directory.
	Providers            []*Person
	ProvidersByLocation  []PeopleGroup
	ProvidersBySpecialty []PeopleGroup
	Tags                 []*Term // by name
	Categories           []*Term
	Menu                 []MenuItem

	// All is every page to render, in a stable order.
	All []*Page
	// Translations are the pages of the translations this build
	// publishes (content.Set.Translations), in the order of the site's
	// languages, then by path, each under its language's path and linked
	// with its original (Page.Translations). They are not in All: each
	// is in the All of its language's site (Langs), which gives it its
	// terms, its series and people in that language, and a kind's own
	// part (Notice, Person, Series, Service).
	Translations []*Page
	// Lang is the language of the site's pages: Config.Language, or, for
	// one of Langs, that language's code.
	Lang string
	// Langs are the site in each of its other languages (Config.Languages),
	// in their order: each a site of its own, whose pages, posts and lists
	// are the translations in that language under the language's path,
	// and whose Config has the language's title and tagline. Their pages
	// are not in All. Templates of a page see the site in its language.
	Langs []*Site
	// sites are the site in every language, the default one first; nil
	// for a site in one language.
	sites []*Site
	// paths are the paths of the pages of a site in another language
	// (Link); nil for the default language's.
	paths map[string]bool
	// Aliases are old URLs that redirect to a page.
	Aliases []Alias
	// QueryAliases are old URLs with a query (WordPress's /?p=123): only
	// a host's redirect rules can match them, so they get a _redirects
	// rule and no redirect page.
	QueryAliases []Alias
	// Files are bundle resources to copy beside their page.
	Files []File
	// Images are the local image files that pages show, by site path,
	// with the copies published for them.
	Images []*Image
	// LogoWidth and LogoHeight are the intrinsic size of Config.Brand.Logo,
	// zero when unknown.
	LogoWidth, LogoHeight int

	PeopleByID   map[string]*Person
	SeriesByID   map[string]*Series
	NoticesByID  map[string]*Notice
	ServicesByID map[string]*Service
}

// MenuItem is a navigation entry with its URL resolved.
type MenuItem struct {
	Name string
	URL  string // root-relative, with the base path
}

// Alias is a redirect from an old URL.
type Alias struct {
	From string // site path, e.g. "/blog/old/"
	// Query is the old URL's one query parameter ("p=123"), or "".
	Query string
	To    *Page
}

// File is a file copied into the output as it is.
type File struct {
	Src string // path in the site root
	Dst string // path in the output
}

// Image is a local image file a page shows: in a post's bundle or in
// static/.
type Image struct {
	// Path is the image's site path: "/posts/sun-safety/beach.jpg".
	Path string
	// Src is the file, slash-separated from the site root.
	Src string
	// Info is its format and displayed size.
	Info images.Info
	// Variants are the smaller copies offered in srcset.
	Variants []images.Variant
}

// Page is one HTML page of the output. Templates see it as .Page.
type Page struct {
	Kind Kind `model:"place"`
	// Layout is the template to render with (Kind, unless the front matter
	// names one).
	Layout      string `model:"place"`
	Title       string `model:"own"`
	Description string `model:"own"`
	// Path is the page's URL path from the site root, without the base
	// path: "/posts/flu-shots/". Use relURL or absURL in templates.
	Path string `model:"place,key"`
	// Out is the output file: "posts/flu-shots/index.html".
	Out string `model:"place"`
	// Source is the content file, nil for generated pages.
	Source *content.File `model:"own,body"`
	// Lang is the code of the page's language: the site's default
	// language (config.Config.Language), or one of its languages.
	Lang string `model:"place"`
	// Translations are the page in the site's other languages, in their
	// order (the original first, for a translation); empty for a page
	// that has none.
	Translations []*Page `model:"derived"`
	// Meta is the front matter of posts and plain pages.
	Meta *content.PostMeta `model:"own,body"`

	Summary     template.HTML `model:"own"`
	SummaryText string        `model:"own"`
	WordCount   int           `model:"own,body"`
	// ReadingMinutes is the estimated reading time.
	ReadingMinutes int `model:"own"`

	Date         time.Time `model:"place"` // publication date
	Lastmod      time.Time `model:"place"` // last modification (Date when not given)
	LastReviewed time.Time `model:"place"`
	ExpiryDate   time.Time `model:"place"`
	Draft        bool      `model:"place"`
	// Future is true for a post whose publication date is after Now (only
	// rendered with --future).
	Future bool `model:"place"`

	Author   *Person `model:"place"`
	Reviewer *Person `model:"place"`
	Series   *Series `model:"place,follow"`
	// SeriesOrder is the post's place in its series, from 1.
	SeriesOrder int `model:"place"`
	// Prev and Next are the neighbours in the series.
	Prev, Next *Page   `model:"derived"`
	Tags       []*Term `model:"place,follow"`
	Categories []*Term `model:"place,follow"`
	// Notices are those to show at the end of this post: every notice
	// placed at post-end, and those the post names.
	Notices []*Notice `model:"place"`
	// Image is the URL path of the post's image, ImageAlt its text.
	Image    string `model:"place"`
	ImageAlt string `model:"own"`
	// ImageSrcSet and ImageSizes are the srcset and sizes attributes of
	// Image (URLs with the base path), "" when it has no smaller copies.
	ImageSrcSet string `model:"place"`
	ImageSizes  string `model:"place"`
	// Card is the site path of the post's generated share card, a
	// CardWidth×CardHeight PNG, set for posts without an Image when share
	// cards are on (seo.share_cards).
	Card string `model:"place"`
	// ImageWidth and ImageHeight are the size in pixels of ShareImage:
	// Image's when it is set (0 when it cannot be read, such as an SVG or
	// a remote URL), else Card's.
	ImageWidth, ImageHeight int `model:"place"`

	// Pager is set on list pages.
	Pager *Pager `model:"derived"`
	// Term is set on a term page.
	Term *Term `model:"derived"`
	// Terms is set on a terms page.
	Terms []*Term `model:"derived"`
	// Person is set on a person page.
	Person *Person `model:"derived"`
	// Notice is set on a notice page.
	Notice *Notice `model:"derived"`
	// NoticeGroups is set on the policies page.
	NoticeGroups []NoticeGroup `model:"derived"`
	// Service is set on a service page.
	Service *Service `model:"derived"`

	// sizing sizes the images of the body when Content reads it; nil
	// when the body shows none.
	sizing *sizing `model:"place"`
}

// Content is the HTML of the page's body, with its images sized; "" for a
// generated page. It is read when asked, from the content cache for a
// post: the model keeps every post in memory, but not their bodies.
func (p *Page) Content() (template.HTML, error) {
	f := p.Source
	if f == nil || f.Doc == nil {
		return "", nil
	}
	if p.sizing != nil {
		return p.sizing.body(f)
	}
	h, err := f.HTML()
	return template.HTML(h), err //nolint:gosec // produced by our markdown converter, which escapes and filters
}

// ShareImage is the site path (or absolute URL) of the image that
// represents the page when shared (og:image): its own Image, else its
// share Card; "" for neither.
func (p *Page) ShareImage() string {
	if p.Image != "" {
		return p.Image
	}
	return p.Card
}

// TOC lists the headings of the page's body in document order; nil for a
// generated page. A post's are read from the content cache when a
// template asks (content.File.TOC): the model does not hold them.
func (p *Page) TOC() ([]markdown.Heading, error) {
	if p.Source == nil {
		return nil, nil
	}
	return p.Source.TOC()
}

// Topics are the post's categories, then its tags, as one list: a tag
// named as a category is (in any case) left out, so that no topic shows
// twice.
func (p *Page) Topics() []*Term {
	if len(p.Categories) == 0 {
		return p.Tags
	}
	out := slices.Clip(p.Categories)
	for _, t := range p.Tags {
		if !slices.ContainsFunc(p.Categories, func(c *Term) bool { return strings.EqualFold(c.Name, t.Name) }) {
			out = append(out, t)
		}
	}
	return out
}

// IsPost reports whether the page is a post.
func (p *Page) IsPost() bool { return p.Kind == KindPost }

// Pager is one page of a paginated list of posts.
type Pager struct {
	Pages  []*Page `model:"derived"`
	Number int     `model:"place"` // from 1
	Total  int     `model:"place"` // number of list pages
	Prev   string  `model:"place"`
	Next   string  `model:"place"` // site paths, "" at the ends
}

// Person is someone of the practice: an author, a reviewer, a provider.
type Person struct {
	ID          string   `model:"own,key"`
	Name        string   `model:"own"`
	Credentials string   `model:"own"` // "MD", "RDN, LD"
	Role        string   `model:"own"`
	Bio         string   `model:"own"`
	SameAs      []string `model:"own"`
	Provider    bool     `model:"own"`
	Specialty   []string `model:"own"`
	// AcceptingNewPatients is nil when not stated.
	AcceptingNewPatients *bool    `model:"own"`
	BookingURL           string   `model:"own"`
	HasCredential        []string `model:"own"`
	// Image is the person's photo (photo: in the front matter), a site
	// path; ImageAlt describes it. Their page has its size and srcset.
	Image    string `model:"own"`
	ImageAlt string `model:"own"`
	Email    string `model:"own"`
	Phone    string `model:"own"`
	// Languages are those the person speaks with patients.
	Languages []string `model:"own"`
	// Locations are where the person sees patients: those the front
	// matter names, or every location of the practice (EveryLocation).
	Locations     []*config.Location `model:"own"`
	EveryLocation bool               `model:"own"`
	// Physician is true for a medical doctor, as the credentials say
	// (MD, DO, MBBS...): only a physician's review is a medical review,
	// and only a physician is a schema.org IndividualPhysician.
	Physician bool `model:"own"`

	Page     *Page         `model:"derived"`
	Posts    []*Page       `model:"derived"` // published posts written, newest first
	Reviewed []*Page       `model:"derived"` // published posts reviewed, newest first
	Source   *content.File `model:"own,body"`
}

// Initials are the first letters of the person's first and last names,
// shown where there is no photo: "Maria Alvarez" → "MA".
func (p *Person) Initials() string {
	words := strings.Fields(p.Name)
	var out []rune
	for i, w := range words {
		if i != 0 && i != len(words)-1 {
			continue
		}
		for _, r := range w {
			if unicode.IsLetter(r) {
				out = append(out, unicode.ToUpper(r))
				break
			}
		}
	}
	return string(out)
}

// DisplayName is the name with credentials: "Maria Alvarez, MD".
func (p *Person) DisplayName() string {
	if p.Credentials == "" {
		return p.Name
	}
	return p.Name + ", " + p.Credentials
}

// Series is a tip series.
type Series struct {
	ID          string        `model:"own,key"`
	Title       string        `model:"own"`
	Description string        `model:"own"`
	Start       time.Time     `model:"own"`
	Every       time.Duration `model:"own"`
	Posts       []*Page       `model:"derived"` // published posts in order
	// Upcoming is how many parts are scheduled to publish later, and
	// Next when the first of them does; a series with none is finished.
	Upcoming int           `model:"derived"`
	Next     time.Time     `model:"derived"`
	Page     *Page         `model:"derived"`
	Source   *content.File `model:"own,body"`
}

// Finished reports whether every part of the series is published: none
// is scheduled.
func (s *Series) Finished() bool { return s.Upcoming == 0 }

// Service is something the practice offers, with a page of its own.
type Service struct {
	ID      string `model:"own,key"`
	Title   string `model:"own"`
	Summary string `model:"own"`
	// Type is its schema.org type: MedicalProcedure, MedicalTherapy,
	// MedicalTest or a subtype.
	Type       string `model:"own"`
	For        string `model:"own"`
	BookingURL string `model:"own"`
	Order      int    `model:"own"`
	// Tags are those the front matter names, as published terms; Related
	// are the newest published posts with one of them (RelatedMax at most).
	Tags    []*Term `model:"place,follow"`
	Related []*Page `model:"derived"`
	// Locations are where the service is offered: those named, or every
	// location of the practice (EveryLocation).
	Locations     []*config.Location `model:"own"`
	EveryLocation bool               `model:"own"`
	Providers     []*Person          `model:"derived"`
	Page          *Page              `model:"derived"`
	Source        *content.File      `model:"own,body"`
}

// RelatedMax is how many related posts a service page shows.
const RelatedMax = 3

// PeopleGroup is the providers at one location, or of one specialty.
type PeopleGroup struct {
	// ID is the location's id, or the specialty as written.
	ID       string
	Location *config.Location // for a group by location
	People   []*Person
}

// Date is when part n (from 1) of the series publishes: Start plus n-1
// times Every. A cadence of whole days ("7d", "1w") adds calendar days in
// loc, the site's time zone, so a part due at 09:00 stays at 09:00 across
// a change to or from daylight saving time; one of hours ("36h") adds
// elapsed time.
func (s *Series) Date(n int, loc *time.Location) time.Time {
	steps := n - 1
	if steps <= 0 || s.Every == 0 {
		return s.Start
	}
	const day = 24 * time.Hour
	if s.Every%day == 0 {
		return s.Start.In(loc).AddDate(0, 0, steps*int(s.Every/day))
	}
	return s.Start.Add(time.Duration(steps) * s.Every)
}

// Term is a tag or a category.
type Term struct {
	Taxonomy string  `model:"place,key"` // "tags" or "categories"
	Name     string  `model:"own"`
	Slug     string  `model:"place,key"`
	Path     string  `model:"place"`
	Posts    []*Page `model:"derived,count"` // newest first
	Page     *Page   `model:"derived"`
}

// Notice is a professional-boundary or legal notice.
type Notice struct {
	ID        string        `model:"own,key"`
	Title     string        `model:"own"`
	Kind      string        `model:"own"`
	Summary   string        `model:"own"`
	Placement []string      `model:"own"`
	Order     int           `model:"own"`
	Start     time.Time     `model:"own"`
	End       time.Time     `model:"own"`
	Lastmod   time.Time     `model:"own"`
	Content   template.HTML `model:"own,body"`
	// Embed is Content for showing inside another page: heading ids are
	// prefixed with the notice's id, so they cannot clash with the page's
	// own, and headings sit one level lower.
	Embed  template.HTML `model:"own,body"`
	Page   *Page         `model:"derived"`
	Source *content.File `model:"own,body"`
	// Lang is the language the notice is written in: the site's default
	// language, or a translation's.
	Lang string `model:"place"`
	// Translations are the notice's versions in the site's other
	// languages, each with its own Page; a version's own Translations
	// are empty.
	Translations []*Notice `model:"derived"`
}

// In returns the notice's version in the language lang: its translation,
// or, with none, the notice itself (a page in lang links it, labelled
// with its language).
func (n *Notice) In(lang string) *Notice {
	for _, t := range n.Translations {
		if strings.EqualFold(t.Lang, lang) {
			return t
		}
	}
	return n
}

// Placed reports whether the notice is placed at p ("footer", "banner", ...).
func (n *Notice) Placed(p string) bool {
	for _, x := range n.Placement {
		if x == p {
			return true
		}
	}
	return false
}

// NoticeGroup is the notices of one kind, for the policies page.
type NoticeGroup struct {
	Kind    string    `model:"own"`
	Title   string    `model:"own"`
	Notices []*Notice `model:"derived"`
}
