package export

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/carepress/carepress/internal/i18n"
	"github.com/carepress/carepress/internal/locale"
)

// The preview page and its style sheet. The page loads nothing but the
// sibling preview.css and the share images, and runs no script: it is a
// local file for review, opened straight from disk.
var (
	//go:embed preview.html.tmpl
	previewTemplate string
	//go:embed preview.css
	previewCSS string
)

type previewPage struct {
	// Lang is the page's language subtag: "en".
	Lang                    string
	Site, Zone              string
	Generated, GeneratedISO string
	NextChange              *previewChange
	Count                   int
	Days                    []previewDay
}

type previewChange struct{ Local, ISO, Reason string }

type previewDay struct {
	ID, Heading string
	Cards       []previewCard
}

type previewCard struct {
	ID, Platform, PlatformName string
	Time, ISO                  string
	PostTitle                  string
	// Lang is the snippet's language on a site in several, and
	// LangName its name in the page's language.
	Lang, LangName string
	Share          int
	Lines          [][]previewRun
	Length, Limit  int
	Over           bool
	// Image is where the page loads the image from; Pending, the image's
	// public address when the build that publishes the post makes it.
	Image, Pending, URL string
}

// previewRun is a run of a line of text, a link when Href is set.
type previewRun struct{ Text, Href string }

// longLocal is how the preview writes a local date and time: unambiguous
// to a reader anywhere (no 12/01 vs 01/12), in the site country's order
// and clock, with the zone abbreviation.
func (p *Plan) longLocal(t time.Time) string {
	t = t.In(p.Location)
	return p.day(t) + ", " + p.clock(t) + " " + t.Format("MST")
}

// day is a local day with its weekday, as the site's country writes it.
func (p *Plan) day(t time.Time) string {
	if p.Country == nil {
		return t.Format("Monday 2 January 2006")
	}
	return locale.For(p.Country, p.Lang).LongDate(t)
}

// clock is a local time of day on the site country's clock.
func (p *Plan) clock(t time.Time) string {
	if p.Country == nil {
		return t.Format("15:04")
	}
	return locale.For(p.Country, p.Lang).Time(t.Hour(), t.Minute())
}

// previewFile renders index.html: the schedule by local day, one card per
// snippet showing what the platform will show (Bluesky's display text),
// its length against its limit, the image and the link.
func previewFile(p *Plan, items []Item) ([]byte, error) {
	lang := p.Lang
	if lang == "" {
		lang = i18n.Reference
	}
	msgs := i18n.Builtin().For(lang, lang)
	tmpl, err := template.New("index.html").Funcs(template.FuncMap{"t": msgs.HTML}).Parse(previewTemplate)
	if err != nil {
		return nil, fmt.Errorf("export: preview template: %w", err)
	}
	page := previewPage{
		Lang:         locale.Base(lang),
		Site:         p.Site,
		Zone:         p.Location.String(),
		Generated:    p.longLocal(p.Generated),
		GeneratedISO: localRFC3339(p.Generated, p.Location),
		Count:        len(items),
	}
	if !p.NextChange.IsZero() {
		page.NextChange = &previewChange{
			Local:  p.longLocal(p.NextChange),
			ISO:    localRFC3339(p.NextChange, p.Location),
			Reason: p.NextChangeReason,
		}
	}
	for i, it := range items {
		local := it.ScheduledAt.In(p.Location)
		dayID := "day-" + local.Format(time.DateOnly)
		if n := len(page.Days); n == 0 || page.Days[n-1].ID != dayID {
			page.Days = append(page.Days, previewDay{ID: dayID, Heading: p.day(local)})
		}
		day := &page.Days[len(page.Days)-1]
		pending := ""
		if it.Preview == "" {
			pending = it.Image
		}
		day.Cards = append(day.Cards, previewCard{
			ID:           fmt.Sprintf("snippet-%d", i+1),
			Platform:     it.Platform,
			PlatformName: platformName(it.Platform),
			Time:         p.clock(local),
			ISO:          localRFC3339(it.ScheduledAt, p.Location),
			PostTitle:    it.PostTitle,
			Lang:         it.Lang,
			LangName:     langName(msgs, it.Lang),
			Share:        it.Share,
			Lines:        shown(it),
			Length:       it.Length,
			Limit:        it.Limit,
			Over:         it.Limit > 0 && it.Length > it.Limit,
			Image:        it.Preview,
			Pending:      pending,
			URL:          it.URL,
		})
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, page); err != nil {
		return nil, fmt.Errorf("export: preview: %w", err)
	}
	return buf.Bytes(), nil
}

// shown is the text of it as its platform shows it, line by line: on
// Bluesky the display text, its links shortened and linked by the facets;
// elsewhere the text, with the post's link linked.
func shown(it Item) [][]previewRun {
	text, links := it.Text, []Facet(nil)
	if it.Display != "" {
		text, links = it.Display, it.Facets
	}
	if links == nil && it.URL != "" {
		for i := 0; ; {
			j := strings.Index(text[i:], it.URL)
			if j < 0 {
				break
			}
			links = append(links, Facet{ByteStart: i + j, ByteEnd: i + j + len(it.URL), URI: it.URL})
			i += j + len(it.URL)
		}
	}
	var runs []previewRun
	pos := 0
	for _, f := range links {
		if f.ByteStart < pos || f.ByteEnd > len(text) {
			continue // checked by prepare; overlapping facets are shown as text
		}
		runs = append(runs, previewRun{Text: text[pos:f.ByteStart]}, previewRun{Text: text[f.ByteStart:f.ByteEnd], Href: f.URI})
		pos = f.ByteEnd
	}
	runs = append(runs, previewRun{Text: text[pos:]})
	// Split the runs into lines.
	lines := [][]previewRun{nil}
	for _, r := range runs {
		for i, part := range strings.Split(r.Text, "\n") {
			if i > 0 {
				lines = append(lines, nil)
			}
			if part != "" {
				lines[len(lines)-1] = append(lines[len(lines)-1], previewRun{Text: part, Href: r.Href})
			}
		}
	}
	return lines
}

// langName is the name of the language tag in the preview's language
// ("Spanish"), or the tag itself when the catalog has no name for it; ""
// for none.
func langName(msgs *i18n.Localizer, tag string) string {
	if tag == "" {
		return ""
	}
	if s, err := msgs.Text("language." + locale.Base(tag)); err == nil {
		return s
	}
	return tag
}
