// Package corpus writes synthetic health-practice sites of any size for
// tests and benchmarks. Output is deterministic for a given seed: the same
// call writes the same bytes, so timings compare like with like.
//
// Posts are realistic in size and structure (about 8 KB of markdown each,
// with headings, lists, a table, links between posts, tags, categories,
// series, authors, reviewers, sources, images referenced and notices), so
// that a benchmark measures the work a real site causes.
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

// Options say what to write.
type Options struct {
	Posts int
	Seed  uint64
	// PostBytes is the approximate markdown size of a post body.
	PostBytes int
	// ShareCards sets seo.share_cards in the configuration.
	ShareCards bool
}

var (
	topics = []string{"Flu", "Heart health", "Sleep", "Sun safety", "Nutrition", "Fiber", "Diabetes", "Blood pressure",
		"Vaccines", "Allergies", "Asthma", "Back pain", "Mental health", "Hydration", "Exercise", "Handwashing",
		"Cholesterol", "Skin care", "Eye health", "Dental health", "Stress", "Healthy aging", "Child health", "Travel health"}
	words = strings.Fields(`the a your our care health doctor nurse visit call office week day body sleep heart
		blood water food fiber walk rest check test plan family help ask team clinic patients people simple steps
		good habits daily small change fruit vegetables whole grains beans activity minutes night routine screen
		pressure sugar salt fats protein vitamins shots season symptoms fever cough rest fluids hands soap
		sunscreen shade hat skin spots changes stress breathing friends support goals track progress questions`)
	people = []struct{ id, name, cred, role string }{
		{"maria-alvarez", "Maria Alvarez", "MD", "Family physician"},
		{"priya-shah", "Priya Shah", "RDN", "Registered dietitian"},
		{"tom-becker", "Tom Becker", "RN", "Registered nurse"},
		{"james-okafor", "James Okafor", "MD, FAAFP", "Medical director"},
	}
)

// Write writes a complete site into dir (which must be empty or absent).
func Write(dir string, o Options) error {
	if o.PostBytes == 0 {
		o.PostBytes = 8000
	}
	r := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	files := map[string]string{}
	files["carepress.yaml"] = fmt.Sprintf(`title: Riverbend Family Clinic
base_url: https://riverbend.example/
language: en-US
timezone: America/Chicago
practice:
  type: MedicalClinic
  phone: "+1-555-010-0100"
  email: hello@riverbend.example
  emergency_number: "911"
  portal_url: https://portal.riverbend.example
notices:
  require: [no-advice, emergency]
seo:
  share_cards: %t
`, o.ShareCards)
	for _, p := range people {
		files["content/authors/"+p.id+".md"] = fmt.Sprintf("---\nname: %s\ncredentials: %s\nrole: %s\nbio: %s cares for patients at Riverbend Family Clinic.\n---\n%s has worked in primary care for many years.\n", p.name, p.cred, p.role, p.name, p.name)
	}
	for i := range 20 {
		files[fmt.Sprintf("content/series/series-%02d.md", i)] = fmt.Sprintf("---\ntitle: Tip series %d\ndescription: A short series of practical health tips, one a week.\nstart: 2020-01-%02d\nevery: 7d\n---\nOne tip a week.\n", i+1, i%28+1)
	}
	files["content/notices/no-advice.md"] = "---\ntitle: No medical advice here\nkind: disclaimer\nsummary: This is general information, not medical advice. Call us about your own health.\nplacement: [footer, post-end, social]\norder: 1\nlastmod: 2026-01-05\n---\nOur posts are general health information. They are not medical advice for you.\n"
	files["content/notices/emergency.md"] = "---\ntitle: In an emergency\nkind: emergency\nsummary: In an emergency, call {{ .Practice.EmergencyNumber }}.\nplacement: [footer]\norder: 0\nlastmod: 2026-01-05\n---\nIf you have a medical emergency, call {{ .Practice.EmergencyNumber }} now.\n"
	files["content/about.md"] = "---\ntitle: About Riverbend Family Clinic\ndescription: Family medicine and nutrition care in Springfield, for every age.\n---\nWe are a family practice.\n"
	base := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range o.Posts {
		topic := topics[r.IntN(len(topics))]
		author := people[r.IntN(3)]
		date := base.Add(time.Duration(i) * 6 * time.Hour)
		var fm strings.Builder
		title := fmt.Sprintf("%s tips for your family, part %d", topic, i+1)
		fmt.Fprintf(&fm, "---\ntitle: %q\n", title)
		fmt.Fprintf(&fm, "description: %q\n", "Practical "+strings.ToLower(topic)+" advice from our care team, with simple steps you can start this week.")
		fmt.Fprintf(&fm, "date: %s\n", date.Format("2006-01-02T15:04:05"))
		fmt.Fprintf(&fm, "lastmod: %s\n", date.Add(48*time.Hour).Format("2006-01-02"))
		fmt.Fprintf(&fm, "author: %s\nreviewed_by: james-okafor\nlast_reviewed: %s\n", author.id, date.Add(72*time.Hour).Format("2006-01-02"))
		fmt.Fprintf(&fm, "audience: patient\nabout: %s\n", topic)
		fmt.Fprintf(&fm, "tags: [%q, %q, %q]\n", topic, topics[r.IntN(len(topics))], fmt.Sprintf("Topic %d", r.IntN(200)))
		fmt.Fprintf(&fm, "categories: [%q]\n", []string{"Prevention", "Nutrition", "Conditions", "Wellness"}[r.IntN(4)])
		if r.IntN(10) == 0 {
			fmt.Fprintf(&fm, "series: series-%02d\nseries_order: %d\n", r.IntN(20), i+1)
		}
		if r.IntN(4) == 0 {
			fmt.Fprintf(&fm, "image: /images/topic-%d.jpg\nimage_alt: An illustration about %s\n", r.IntN(24), strings.ToLower(topic))
		}
		if r.IntN(20) == 0 {
			fmt.Fprintf(&fm, "notices: [emergency]\n")
		}
		fmt.Fprintf(&fm, "sources:\n  - title: %s facts\n    url: https://www.cdc.gov/%s/\n    publisher: CDC\n    date: \"2025\"\n", topic, strings.ReplaceAll(strings.ToLower(topic), " ", "-"))
		fm.WriteString("---\n")
		files[fmt.Sprintf("content/posts/post-%05d.md", i)] = fm.String() + body(r, o.PostBytes, i)
	}
	for i := range len(topics) {
		var b bytes.Buffer
		img := image.NewRGBA(image.Rect(0, 0, 64, 34))
		for x := range 64 {
			for y := range 34 {
				img.Set(x, y, color.RGBA{uint8(30 + i*9), uint8(110 + x), uint8(139 + y), 255})
			}
		}
		if err := jpeg.Encode(&b, img, nil); err != nil {
			return err
		}
		files[fmt.Sprintf("static/images/topic-%d.jpg", i)] = b.String()
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

func body(r *rand.Rand, size, i int) string {
	var b strings.Builder
	for s := 0; s < 3; s++ {
		b.WriteString(sentence(r) + " ")
	}
	b.WriteString("\n\n<!--more-->\n\n")
	section := 0
	for b.Len() < size {
		section++
		fmt.Fprintf(&b, "## %s\n\n", strings.TrimSuffix(sentence(r), "."))
		for p := 0; p < 3; p++ {
			for s := 0; s < 4; s++ {
				b.WriteString(sentence(r) + " ")
			}
			if p == 1 && i > 0 {
				fmt.Fprintf(&b, "Read more in [an earlier post](/posts/post-%05d/). ", r.IntN(i))
			}
			b.WriteString("\n\n")
		}
		switch section % 3 {
		case 0:
			for l := 0; l < 4; l++ {
				fmt.Fprintf(&b, "- %s\n", sentence(r))
			}
		case 1:
			b.WriteString("| When | What to do |\n|:-----|:-----------|\n")
			for l := 0; l < 3; l++ {
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
