package export

import (
	"bytes"
	"encoding/json"
	"time"
)

// The JSON shapes of plan.json. Field order is the order written, so the file
// reads top-down: when, where, what changes next, then the snippets.
type jsonPlan struct {
	GeneratedAt string      `json:"generated_at"`
	Timezone    string      `json:"timezone"`
	NextChange  *jsonChange `json:"next_change,omitempty"`
	Items       []jsonItem  `json:"items"`
}

type jsonChange struct {
	At     string `json:"at"`
	Reason string `json:"reason,omitempty"`
}

type jsonItem struct {
	ID          string   `json:"id"`
	Post        string   `json:"post"`
	PostTitle   string   `json:"post_title"`
	PostURL     string   `json:"post_url"`
	Platform    string   `json:"platform"`
	Share       int      `json:"share"`
	Text        string   `json:"text"`
	Display     *string  `json:"display,omitempty"` // Bluesky only
	Facets      *[]Facet `json:"facets,omitempty"`  // Bluesky only, [] when none
	Length      int      `json:"length"`
	Limit       int      `json:"limit"`
	URL         string   `json:"url"`
	Image       string   `json:"image"`
	Hashtags    []string `json:"hashtags"`
	ScheduledAt string   `json:"scheduled_at"`
	Lang        string   `json:"lang,omitempty"`
}

// localRFC3339 writes t in the site's zone, so its offset is the one a
// practice reads on its clock (-06:00 in Chicago winter, -05:00 in summer).
func localRFC3339(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(time.RFC3339)
}

// planFile writes plan.json: indented, deterministic, ending in a newline.
func planFile(p *Plan, items []Item) ([]byte, error) {
	jp := jsonPlan{
		GeneratedAt: localRFC3339(p.Generated, p.Location),
		Timezone:    p.Location.String(),
		Items:       make([]jsonItem, 0, len(items)),
	}
	if !p.NextChange.IsZero() {
		jp.NextChange = &jsonChange{At: localRFC3339(p.NextChange, p.Location), Reason: p.NextChangeReason}
	}
	for _, it := range items {
		ji := jsonItem{
			ID:          it.ID,
			Post:        it.Post,
			PostTitle:   it.PostTitle,
			PostURL:     it.PostURL,
			Platform:    it.Platform,
			Share:       it.Share,
			Text:        it.Text,
			Length:      it.Length,
			Limit:       it.Limit,
			URL:         it.URL,
			Image:       it.Image,
			Hashtags:    it.Hashtags,
			Lang:        it.Lang,
			ScheduledAt: localRFC3339(it.ScheduledAt, p.Location),
		}
		if ji.Hashtags == nil {
			ji.Hashtags = []string{}
		}
		if it.Platform == "bluesky" {
			display := it.Display
			if display == "" {
				display = it.Text
			}
			facets := it.Facets
			if facets == nil {
				facets = []Facet{}
			}
			ji.Display, ji.Facets = &display, &facets
		}
		jp.Items = append(jp.Items, ji)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Snippet text holds '&' and '<' often (UTM links, "Q&A"); keep it
	// readable rather than \u0026-escaped. plan.json is never served as HTML.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(jp); err != nil { // Encode ends with a newline
		return nil, err
	}
	return buf.Bytes(), nil
}
