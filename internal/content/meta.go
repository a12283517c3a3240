package content

import (
	"time"
	"unique"
)

// PostMeta is the front matter of a post or a plain page. Every field of
// the design is kept, including those only later stages use.
type PostMeta struct {
	Title       string    `yaml:"title" model:"own"`
	Description string    `yaml:"description" model:"own"`
	Slug        string    `yaml:"slug" model:"place"`
	Aliases     []string  `yaml:"aliases" model:"place"`
	Tags        []string  `yaml:"tags" model:"place"`
	Categories  []string  `yaml:"categories" model:"place"`
	Canonical   string    `yaml:"canonical" model:"place"`
	Noindex     bool      `yaml:"noindex" model:"place"`
	Date        time.Time `yaml:"date" model:"place"`
	PublishDate time.Time `yaml:"publish_date" model:"place"`
	ExpiryDate  time.Time `yaml:"expiry_date" model:"place"`
	Lastmod     time.Time `yaml:"lastmod" model:"place"`
	Draft       bool      `yaml:"draft" model:"place"`
	Author      string    `yaml:"author" model:"place"`
	ReviewedBy  string    `yaml:"reviewed_by" model:"place"`
	// LastReviewed is when a clinician last reviewed the content.
	LastReviewed time.Time  `yaml:"last_reviewed" model:"place"`
	Audience     string     `yaml:"audience" model:"own"`
	About        string     `yaml:"about" model:"own"`
	Sources      []Source   `yaml:"sources" model:"own"`
	Image        string     `yaml:"image" model:"place"`
	ImageAlt     string     `yaml:"image_alt" model:"own"`
	Series       string     `yaml:"series" model:"place"`
	SeriesOrder  int        `yaml:"series_order" model:"place"`
	Notices      []string   `yaml:"notices" model:"place"`
	Social       SocialMeta `yaml:"social" model:"own"`
	Check        CheckMeta  `yaml:"check" model:"own"`
	// Layout names a template to use instead of the kind's default.
	Layout string `yaml:"layout" model:"place"`
}

// Source is a reference a post cites.
type Source struct {
	Title     string `yaml:"title"`
	URL       string `yaml:"url"`
	Publisher string `yaml:"publisher"`
	Date      string `yaml:"date"`
}

// SocialMeta is a post's settings for its social snippets.
type SocialMeta struct {
	Text           string            `yaml:"text"`
	TextByPlatform map[string]string `yaml:"text_by_platform"`
	Hashtags       []string          `yaml:"hashtags"`
	Platforms      []string          `yaml:"platforms"`
	Skip           bool              `yaml:"skip"`
	At             []time.Time       `yaml:"at"`
}

// CheckMeta silences check rules for one file, each with a reason.
type CheckMeta struct {
	Ignore map[string]string `yaml:"ignore"`
}

// PersonMeta is the front matter of a person: an author, a reviewer or a
// provider patients can see.
type PersonMeta struct {
	Name        string   `yaml:"name"`
	Credentials string   `yaml:"credentials"`
	Role        string   `yaml:"role"`
	Bio         string   `yaml:"bio"`
	SameAs      []string `yaml:"same_as"`
	Provider    bool     `yaml:"provider"`
	Specialty   []string `yaml:"specialty"`
	// AcceptingNewPatients is nil when not stated.
	AcceptingNewPatients *bool    `yaml:"accepting_new_patients"`
	BookingURL           string   `yaml:"booking_url"`
	HasCredential        []string `yaml:"has_credential"`
	// Photo is a portrait (a site path, such as /images/people/ID.jpg);
	// image is its older name. PhotoAlt describes it, image_alt too.
	Photo    string `yaml:"photo"`
	PhotoAlt string `yaml:"photo_alt"`
	Image    string `yaml:"image"`
	ImageAlt string `yaml:"image_alt"`
	Email    string `yaml:"email"`
	Phone    string `yaml:"phone"`
	// Languages are those the person speaks with patients, as they are
	// to be shown: [English, Spanish].
	Languages []string `yaml:"languages"`
	// Locations are the ids of the practice's locations where the person
	// sees patients (practice.locations[].id); none means all of them.
	Locations []string `yaml:"locations"`
}

// PhotoPath is the person's photo: photo, or image, its older name.
func (m *PersonMeta) PhotoPath() (path, field string) {
	if m.Photo != "" {
		return m.Photo, "photo"
	}
	return m.Image, "image"
}

// ServiceMeta is the front matter of a service: what the practice
// offers. The body says what to expect.
type ServiceMeta struct {
	Title string `yaml:"title"`
	// Summary is a sentence or two for lists, and the page's
	// description.
	Summary string `yaml:"summary"`
	// Type is the service's schema.org type: MedicalProcedure (the
	// default), MedicalTherapy, MedicalTest or one of their subtypes.
	Type     string `yaml:"type"`
	Image    string `yaml:"image"`
	ImageAlt string `yaml:"image_alt"`
	// For says who the service is for.
	For        string `yaml:"for"`
	BookingURL string `yaml:"booking_url"`
	// Tags are tags of posts: the service page lists those posts.
	Tags []string `yaml:"tags"`
	// Locations are the ids of the locations that offer it; none means
	// all of them.
	Locations []string `yaml:"locations"`
	// Providers are the ids of the people who provide it.
	Providers []string `yaml:"providers"`
	Order     int      `yaml:"order"`
	Draft     bool     `yaml:"draft"`
}

// SeriesMeta is the front matter of a tip series.
type SeriesMeta struct {
	Title       string    `yaml:"title"`
	Description string    `yaml:"description"`
	Start       time.Time `yaml:"start"`
	Every       string    `yaml:"every"`
}

// NoticeMeta is the front matter of a boundary or legal notice.
type NoticeMeta struct {
	Title     string    `yaml:"title"`
	Kind      string    `yaml:"kind"`
	Summary   string    `yaml:"summary"`
	Placement []string  `yaml:"placement"`
	Order     int       `yaml:"order"`
	Start     time.Time `yaml:"start"`
	End       time.Time `yaml:"end"`
	Lastmod   time.Time `yaml:"lastmod"`
}

// intern makes the front matter's short values that many posts repeat
// (tags, categories, people, sources) share one copy each: every post of
// a site is in memory for the whole build, and a thousand posts tagged
// "Flu" need not hold a thousand "Flu"s. Titles, descriptions and other
// values of one post alone are left as they are.
func (m *PostMeta) intern() {
	in := func(s *string) {
		if *s != "" && len(*s) <= maxInterned {
			*s = unique.Make(*s).Value()
		}
	}
	all := func(ss []string) {
		for i := range ss {
			in(&ss[i])
		}
	}
	all(m.Tags)
	all(m.Categories)
	all(m.Notices)
	all(m.Social.Hashtags)
	all(m.Social.Platforms)
	for _, s := range []*string{&m.Author, &m.ReviewedBy, &m.Audience, &m.About, &m.Series, &m.Layout} {
		in(s)
	}
	for i := range m.Sources {
		src := &m.Sources[i]
		for _, s := range []*string{&src.Title, &src.URL, &src.Publisher, &src.Date} {
			in(s)
		}
	}
}

// maxInterned is the longest value intern shares: longer ones are
// unlikely to repeat.
const maxInterned = 200
