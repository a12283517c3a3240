// Package corpus writes synthetic health-practice sites of any size for
// tests and benchmarks. Output is deterministic for a given seed: the same
// call writes the same bytes, so timings compare like with like.
//
// Posts are realistic in size and structure (about 8 KB of markdown each,
// with headings, lists, a table, links between posts, images in the text,
// tags, categories, series, authors, reviewers, sources, a share image and
// notices), so that a benchmark measures the work a real site causes.
//
// The same generated content can be written as a carepress site or as a
// Hugo site (Options.Format), so that the two tools can be timed on the
// same posts; see bench/README.md for how the front matter maps.
package corpus

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Format is the kind of site Write writes.
type Format int

const (
	// Carepress writes carepress.yaml and content/ as carepress reads them.
	Carepress Format = iota
	// Hugo writes hugo.toml, content/ and data/ for the templates in
	// bench/hugo, with the same posts as Carepress.
	Hugo
)

// Options say what to write.
type Options struct {
	Posts int
	Seed  uint64
	// PostBytes is the approximate markdown size of a post body; 0 means
	// 8000.
	PostBytes int
	// ShareCards sets seo.share_cards in the configuration (carepress
	// only: Hugo has no share cards).
	ShareCards bool
	// Format is the kind of site to write.
	Format Format
}

// Site title, base URL and clinic details, shared by both formats.
const (
	siteTitle = "Riverbend Family Clinic"
	baseURL   = "https://riverbend.example.com/"
	timezone  = "America/Chicago"
)

var (
	topics = []string{"Flu", "Heart health", "Sleep", "Sun safety", "Nutrition", "Fiber", "Diabetes", "Blood pressure",
		"Vaccines", "Allergies", "Asthma", "Back pain", "Mental health", "Hydration", "Exercise", "Handwashing",
		"Cholesterol", "Skin care", "Eye health", "Dental health", "Stress", "Healthy aging", "Child health", "Travel health"}
	categories = []string{"Prevention", "Nutrition", "Conditions", "Wellness"}
	words      = strings.Fields(`the a your our care health doctor nurse visit call office week day body sleep heart
		blood water food fiber walk rest check test plan family help ask team clinic patients people simple steps
		good habits daily small change fruit vegetables whole grains beans activity minutes night routine screen
		pressure sugar salt fats protein vitamins shots season symptoms fever cough rest fluids hands soap
		sunscreen shade hat skin spots changes stress breathing friends support goals track progress questions`)
	people = []person{
		{"maria-alvarez", "Maria Alvarez", "MD", "Family physician"},
		{"priya-shah", "Priya Shah", "RDN", "Registered dietitian"},
		{"tom-becker", "Tom Becker", "RN", "Registered nurse"},
		{"james-okafor", "James Okafor", "MD, FAAFP", "Medical director"},
	}
	notices = []notice{
		{"no-advice", "No medical advice here", "disclaimer", "This is general information, not medical advice. Call us about your own health.",
			[]string{"footer", "post-end", "social"}, 1, "Our posts are general health information. They are not medical advice for you."},
		{"emergency", "In an emergency", "emergency", "In an emergency, call 911.",
			[]string{"footer"}, 0, "If you have a medical emergency, call 911 now."},
	}
)

const (
	seriesCount = 20
	imageCount  = 24 // one image per topic
	phone       = "+1-217-555-0100"
	email       = "hello@riverbend.example.com"
	portalURL   = "https://portal.riverbend.example.com"
	emergencyNo = "911"
	reviewerID  = "james-okafor"
	noticeDate  = "2026-01-05"
)

type person struct{ id, name, cred, role string }

type notice struct {
	id, title, kind, summary string
	placement                []string
	order                    int
	body                     string
}

type source struct{ title, url, publisher, date string }

// post is one generated post, before it is written in either format.
type post struct {
	slug, title, description    string
	date, lastmod, lastReviewed time.Time
	author                      person
	topic                       string
	tags                        []string
	category                    string
	series                      string // "" when in no series
	seriesOrder                 int
	image, imageAlt             string
	notices                     []string
	sources                     []source
	body                        string
}

// Write writes a complete site into dir (which must be empty or absent).
func Write(dir string, o Options) error {
	if o.PostBytes == 0 {
		o.PostBytes = 8000
	}
	posts := generate(o)
	var files map[string]string
	switch o.Format {
	case Carepress:
		files = carepressFiles(o, posts)
	case Hugo:
		files = hugoFiles(posts)
	default:
		return fmt.Errorf("corpus: unknown format %d", o.Format)
	}
	for i := range imageCount {
		b, err := topicImage(i)
		if err != nil {
			return err
		}
		files[fmt.Sprintf("static/images/topic-%d.jpg", i)] = string(b)
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// generate draws the posts of o from its seed; both formats write these.
func generate(o Options) []post {
	r := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	// Posts are 6 hours apart and the newest is dated 1 June 2026 whatever
	// N, so that every post is in the past for both tools' clocks.
	last := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	first := last.Add(-time.Duration(o.Posts-1) * 6 * time.Hour)
	posts := make([]post, o.Posts)
	parts := make([]int, seriesCount) // parts so far, per series
	for i := range posts {
		p := &posts[i]
		p.topic = topics[r.IntN(len(topics))]
		p.author = people[r.IntN(3)]
		p.slug = fmt.Sprintf("post-%05d", i)
		p.date = first.Add(time.Duration(i) * 6 * time.Hour)
		p.lastmod = p.date.Add(48 * time.Hour)
		p.lastReviewed = p.date.Add(72 * time.Hour)
		p.title = fmt.Sprintf("%s tips for your family, part %d", p.topic, i+1)
		p.description = "Practical " + strings.ToLower(p.topic) + " advice from our care team, with simple steps you can start this week."
		p.tags = []string{p.topic, topics[r.IntN(len(topics))], fmt.Sprintf("Topic %d", r.IntN(200))}
		if p.tags[1] == p.tags[0] {
			p.tags = append(p.tags[:1], p.tags[2])
		}
		p.category = categories[r.IntN(len(categories))]
		if r.IntN(10) == 0 {
			n := r.IntN(seriesCount)
			parts[n]++
			p.series, p.seriesOrder = fmt.Sprintf("series-%02d", n), parts[n]
		}
		if r.IntN(4) == 0 {
			p.image = fmt.Sprintf("/images/topic-%d.jpg", r.IntN(imageCount))
			p.imageAlt = "An illustration about " + strings.ToLower(p.topic)
		}
		if r.IntN(20) == 0 {
			p.notices = []string{"emergency"}
		}
		p.sources = []source{{p.topic + " facts", "https://www.cdc.gov/" + strings.ReplaceAll(strings.ToLower(p.topic), " ", "-") + "/", "CDC", "2025"}}
		if r.IntN(3) == 0 {
			p.sources = append(p.sources, source{"Patient information: " + strings.ToLower(p.topic), "https://medlineplus.gov/" + strings.ReplaceAll(strings.ToLower(p.topic), " ", "") + ".html", "MedlinePlus", "2024"})
		}
		p.body = body(r, o.PostBytes, i)
	}
	return posts
}

func topicImage(i int) ([]byte, error) {
	var b bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 64, 34))
	for x := range 64 {
		for y := range 34 {
			img.Set(x, y, color.RGBA{uint8(30 + i*9), uint8(110 + x), uint8(139 + y), 255})
		}
	}
	err := jpeg.Encode(&b, img, nil)
	return b.Bytes(), err
}

func sentence(r *rand.Rand) string {
	n := 8 + r.IntN(12)
	var b strings.Builder
	for i := range n {
		w := words[r.IntN(len(words))]
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	b.WriteByte('.')
	return b.String()
}

// body is the markdown of post i: a summary, a <!--more--> break, then
// sections of paragraphs with links to earlier posts, alternating lists,
// tables, tips and (in some posts) an image, up to about size bytes.
func body(r *rand.Rand, size, i int) string {
	var b strings.Builder
	for range 3 {
		b.WriteString(sentence(r) + " ")
	}
	b.WriteString("\n\n<!--more-->\n\n")
	withImage := r.IntN(3) == 0
	section := 0
	for b.Len() < size {
		section++
		fmt.Fprintf(&b, "## %s\n\n", strings.TrimSuffix(sentence(r), "."))
		for p := range 3 {
			for range 4 {
				b.WriteString(sentence(r) + " ")
			}
			if p == 1 && i > 0 {
				fmt.Fprintf(&b, "Read more in [an earlier post](/posts/post-%05d/). ", r.IntN(i))
			}
			b.WriteString("\n\n")
		}
		if withImage && section == 2 {
			n := r.IntN(imageCount)
			fmt.Fprintf(&b, "![A chart about %s](/images/topic-%d.jpg)\n\n", strings.ToLower(topics[n]), n)
		}
		switch section % 3 {
		case 0:
			for range 4 {
				fmt.Fprintf(&b, "- %s\n", sentence(r))
			}
		case 1:
			b.WriteString("| When | What to do |\n|:-----|:-----------|\n")
			for range 3 {
				fmt.Fprintf(&b, "| %s | %s |\n", words[r.IntN(len(words))], strings.TrimSuffix(sentence(r), "."))
			}
		case 2:
			fmt.Fprintf(&b, "> **Tip:** %s\n", sentence(r))
		}
		b.WriteString("\n")
	}
	b.WriteString("Questions? Call our office or send a message through the patient portal.\n")
	return b.String()
}

// yamlList writes a flow sequence of quoted strings.
func yamlList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
