package seo

import (
	"bytes"
	"encoding/json"
	"testing"
)

// encodeFeedJSON is how the JSON Feed was written before appendIndented,
// the reference it must match byte for byte.
func encodeFeedJSON(t *testing.T, d *jsonFeedDoc) []byte {
	t.Helper()
	var flat, out bytes.Buffer
	enc := json.NewEncoder(&flat)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	if err := json.Indent(&out, flat.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func feedDoc(a, b string, items int) *jsonFeedDoc {
	d := &jsonFeedDoc{Version: JSONFeedVersion, Title: a, HomePageURL: "https://x.test/", FeedURL: "https://x.test/feed.json", Description: b, Items: []jsonFeedItem{}}
	if a != "" {
		d.Language = "en-US"
		d.Authors = []jsonAuthor{{Name: a, URL: b}, {Name: b}}
	}
	for i := range items {
		it := jsonFeedItem{ID: "https://x.test/p/", URL: "https://x.test/p/", Title: b, ContentHTML: "<p>" + a + "</p>\n<img src=\"x\">", DatePublished: "2026-01-02T03:04:05Z", DateModified: "2026-01-02T03:04:05Z"}
		if i%2 == 1 {
			it.Summary, it.Image, it.Tags = a, "https://x.test/i.png", []string{a, b, "Flu & colds"}
			it.Authors = []jsonAuthor{{Name: "Dr. " + a, URL: "https://x.test/people/a/"}}
		}
		d.Items = append(d.Items, it)
	}
	return d
}

func TestJSONFeedWritesWhatEncodingJSONWrites(t *testing.T) {
	for _, s := range []string{"", "plain", "<b>&amp;</b> \"q\" \\ \u2028 \xff \x01 tab\t"} {
		for _, n := range []int{0, 1, 3} {
			d := feedDoc(s, "d"+s, n)
			if got, want := d.appendIndented(nil), encodeFeedJSON(t, d); !bytes.Equal(got, want) {
				t.Fatalf("items %d, %q:\n got: %s\nwant: %s", n, s, got, want)
			}
		}
	}
}

func FuzzJSONFeed(f *testing.F) {
	f.Add("A & <B>", "", 2)
	f.Fuzz(func(t *testing.T, a, b string, n int) {
		d := feedDoc(a, b, n&3)
		if got, want := d.appendIndented(nil), encodeFeedJSON(t, d); !bytes.Equal(got, want) {
			t.Fatalf("got: %s\nwant: %s", got, want)
		}
	})
}
