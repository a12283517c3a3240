package readability

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/carepress/carepress/internal/content"
	"go.yaml.in/yaml/v3"
)

// The starter notices that `carepress new site` copies into a new site live
// in internal/starter/files/notices/SET/ID.md. These tests hold them to the
// promise made to practices: plain language at or below a US 8th-grade
// reading level, and front matter a carepress site accepts.

const starterNotices = "../starter/files/notices"

const maxStarterGrade = 8

type starterNotice struct {
	path     string
	meta     noticeMeta
	body     string
	bodyLine int
}

type noticeMeta struct {
	Title     string    `yaml:"title"`
	Kind      string    `yaml:"kind"`
	Summary   string    `yaml:"summary"`
	Placement []string  `yaml:"placement"`
	Order     *int      `yaml:"order"`
	Lastmod   time.Time `yaml:"lastmod"`
}

func loadStarterNotices(t *testing.T) []starterNotice {
	t.Helper()
	var out []starterNotice
	err := filepath.WalkDir(starterNotices, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".md" {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fm, body, line, ok := splitFrontMatter(string(src))
		if !ok {
			t.Errorf("%s: no YAML front matter between --- lines", path)
			return nil
		}
		n := starterNotice{path: path, body: body, bodyLine: line}
		dec := yaml.NewDecoder(strings.NewReader(fm))
		dec.KnownFields(true)
		if err := dec.Decode(&n.meta); err != nil {
			t.Errorf("%s: front matter: %v", path, err)
			return nil
		}
		out = append(out, n)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("no notices under %s", starterNotices)
	}
	return out
}

// splitFrontMatter returns the YAML between the opening and closing ---
// lines, the body after them, and the body's first line number.
func splitFrontMatter(src string) (fm, body string, bodyLine int, ok bool) {
	rest, ok := strings.CutPrefix(src, "---\n")
	if !ok {
		return "", "", 0, false
	}
	fm, body, ok = strings.Cut(rest, "\n---\n")
	if !ok {
		return "", "", 0, false
	}
	return fm, body, strings.Count(fm, "\n") + 4, true
}

// The section of a notice that holds language taglines in other languages;
// English readability does not apply to it.
var taglineHeading = regexp.MustCompile(`^(#+)\s+Language assistance\s*$`)

var (
	headingRe     = regexp.MustCompile(`^(#{1,6})\s+`)
	listItemRe    = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s+`)
	actionRe      = regexp.MustCompile(`\{\{.*?\}\}`)
	placeholderRe = regexp.MustCompile(`\[\[FILL IN: [^\]\n]+\]\]`)
	linkRe        = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	autolinkRe    = regexp.MustCompile(`<(?:https?://|mailto:)[^>]*>`)
	urlRe         = regexp.MustCompile(`\b(?:https?://|www\.)\S*[^\s.,;:!?)]|\S+@\S+\.\w+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov|org|com|uk|au|eu)(?:/\S*[^\s.,;:!?)])?`)
	emphasisRe    = regexp.MustCompile("\\*\\*|__|\\*|`")
)

// plainText turns a notice body into the text a reader reads: without the
// language-tagline section, markdown syntax, links' targets and URLs, and
// with template actions and placeholders as the short word "it". Headings
// and list items become paragraphs of their own, so that they count as
// sentences.
func plainText(body string) string {
	var b strings.Builder
	skipLevel := 0
	for line := range strings.SplitSeq(body, "\n") {
		if m := headingRe.FindStringSubmatch(line); m != nil {
			if skipLevel > 0 && len(m[1]) <= skipLevel {
				skipLevel = 0
			}
			if t := taglineHeading.FindStringSubmatch(line); t != nil {
				skipLevel = len(t[1])
			}
			if skipLevel > 0 {
				continue
			}
			b.WriteString("\n\n" + line[len(m[0]):] + "\n\n")
			continue
		}
		if skipLevel > 0 {
			continue
		}
		if m := listItemRe.FindString(line); m != "" {
			b.WriteString("\n\n" + line[len(m):] + "\n")
			continue
		}
		b.WriteString(line + "\n")
	}
	return cleanInline(b.String())
}

func cleanInline(s string) string {
	s = actionRe.ReplaceAllString(s, "it")
	s = placeholderRe.ReplaceAllString(s, "it")
	s = linkRe.ReplaceAllString(s, "$1")
	s = autolinkRe.ReplaceAllString(s, "it")
	s = urlRe.ReplaceAllString(s, "it")
	return emphasisRe.ReplaceAllString(s, "")
}

// rendered is a notice's text as a practice with every contact detail
// reads it: the sentences the templates write, not their actions.
func rendered(t *testing.T, name, text string) string {
	t.Helper()
	tmpl := template.New(name).Option("missingkey=error")
	template.Must(tmpl.New("helpers").Parse(content.NoticeHelpers))
	if _, err := tmpl.Parse(text); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, sampleValues); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b.String()
}

var sampleValues = map[string]any{"Practice": practiceValues{"A Clinic", "(02) 9374 4000", "hello@clinic.example", "https://portal.example", "000"}}

func TestStarterNoticesReadability(t *testing.T) {
	for _, n := range loadStarterNotices(t) {
		name := strings.TrimPrefix(filepath.ToSlash(n.path), starterNotices+"/")
		t.Run(name, func(t *testing.T) {
			text := plainText(rendered(t, n.path, n.body))
			if g := Grade(text); g > maxStarterGrade {
				t.Errorf("body grade %.1f > %d; hardest sentences:\n%s", g, maxStarterGrade, hardest(text, 3))
			}
			if n.meta.Summary != "" {
				if g := Grade(cleanInline(n.meta.Summary)); g > maxStarterGrade {
					t.Errorf("summary grade %.1f > %d: %q", g, maxStarterGrade, n.meta.Summary)
				}
			}
			t.Logf("body grade %.1f, summary grade %.1f", Grade(text), Grade(cleanInline(n.meta.Summary)))
		})
	}
}

// hardest lists the k sentences of text with the highest grade, to show
// what to rewrite.
func hardest(text string, k int) string {
	ss := Sentences(text)
	slices.SortFunc(ss, func(a, b string) int {
		ga, gb := Grade(a), Grade(b)
		switch {
		case ga > gb:
			return -1
		case ga < gb:
			return 1
		}
		return 0
	})
	var b strings.Builder
	for i, s := range ss {
		if i == k {
			break
		}
		b.WriteString("  " + strings.Join(strings.Fields(s), " ") + "\n")
	}
	return b.String()
}

var (
	validKinds = []string{"boundary", "disclaimer", "emergency", "privacy", "contact", "reviews",
		"advertising", "testimonials", "legal", "accessibility"}
	validPlacements = []string{"footer", "banner", "post-end", "contact", "social"}
)

// practiceValues mirrors the only values a notice may use.
type practiceValues struct {
	Name, Phone, Email, PortalURL, EmergencyNumber string
}

func TestStarterNoticesFrontMatter(t *testing.T) {
	sets := map[string]bool{"common": true, "US": true, "CA": true, "GB": true, "IE": true, "AU": true, "NZ": true, "EU": true}
	data := sampleValues
	for _, n := range loadStarterNotices(t) {
		rel, _ := filepath.Rel(starterNotices, n.path)
		if set := filepath.Dir(rel); !sets[set] {
			t.Errorf("%s: set %q is not one of common, US, CA, GB, IE, AU, NZ, EU", n.path, set)
		}
		m := n.meta
		if m.Title == "" {
			t.Errorf("%s: no title", n.path)
		}
		if !slices.Contains(validKinds, m.Kind) {
			t.Errorf("%s: kind %q is not one of %v", n.path, m.Kind, validKinds)
		}
		for _, p := range m.Placement {
			if !slices.Contains(validPlacements, p) {
				t.Errorf("%s: placement %q is not one of %v", n.path, p, validPlacements)
			}
		}
		if m.Order == nil {
			t.Errorf("%s: no order", n.path)
		}
		if want := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC); !m.Lastmod.Equal(want) {
			t.Errorf("%s: lastmod %v, want 2026-11-24", n.path, m.Lastmod)
		}
		if slices.Contains(m.Placement, "footer") || slices.Contains(m.Placement, "social") {
			if m.Summary == "" {
				t.Errorf("%s: placed in footer or social without a summary", n.path)
			}
		}
		if len([]rune(m.Summary)) >= 110 || strings.Contains(m.Summary, "\n") {
			t.Errorf("%s: summary must be one line under 110 characters (%d): %q", n.path, len([]rune(m.Summary)), m.Summary)
		}
		if strings.TrimSpace(n.body) == "" {
			t.Errorf("%s: empty body", n.path)
		}
		for _, text := range []string{m.Summary, n.body} {
			tmpl := template.New(n.path).Option("missingkey=error")
			template.Must(tmpl.New("helpers").Parse(content.NoticeHelpers))
			_, err := tmpl.Parse(text)
			if err != nil {
				t.Errorf("%s: %v", n.path, err)
				continue
			}
			if err := tmpl.Execute(&bytes.Buffer{}, data); err != nil {
				t.Errorf("%s: %v (only .Practice.Name, .Phone, .Email, .PortalURL and .EmergencyNumber)", n.path, err)
			}
			// Every placeholder is written [[FILL IN: ...]] on one line.
			rest := placeholderRe.ReplaceAllString(text, "")
			if strings.Contains(rest, "[[") || strings.Contains(rest, "]]") {
				t.Errorf("%s: a placeholder is not written [[FILL IN: what to put here]] on one line", n.path)
			}
		}
	}
}

func TestStarterNoticeSets(t *testing.T) {
	want := []string{
		"common/no-advice", "common/emergency", "common/contact", "common/social-boundaries",
		"common/reviews", "common/official-accounts", "common/moderation", "common/advertising",
		"US/privacy", "US/notice-of-privacy-practices", "US/nondiscrimination", "US/good-faith-estimate",
		"US/accessibility", "US/emergency", "CA/privacy", "CA/emergency", "AU/privacy", "AU/testimonials", "AU/emergency",
		"GB/privacy", "GB/emergency", "IE/privacy", "IE/emergency", "NZ/privacy", "NZ/emergency", "EU/privacy",
	}
	for _, id := range want {
		if _, err := os.Stat(filepath.Join(starterNotices, id+".md")); err != nil {
			t.Errorf("missing starter notice %s.md", id)
		}
	}
	src, err := os.ReadFile(filepath.Join(starterNotices, "US/nondiscrimination.md"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(src), "[[FILL IN: phone, TTY]]"); n < 15 {
		t.Errorf("US/nondiscrimination.md: %d language taglines, want at least 15", n)
	}
}

func TestPlainText(t *testing.T) {
	body := "Intro with {{ .Practice.Phone }} and [a link](https://x.example).\n\n" +
		"## Heading\n\n- **item** one\n- item two\n  continued\n\n" +
		"## Language assistance\n\nATENCIÓN: si habla español.\n\n### Sub\n\nskipped\n\n" +
		"## After\n\nKept [[FILL IN: phone]] at www.cms.gov/nosurprises.\n"
	got := Sentences(plainText(body))
	want := []string{"Intro with it and a link.", "Heading", "item one", "item two\n  continued", "After", "Kept it at it."}
	if !slices.Equal(got, want) {
		t.Errorf("plainText sentences = %q, want %q", got, want)
	}
}
