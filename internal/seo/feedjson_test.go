package seo

import (
	"strings"
	"testing"
)

// TestJSONFeedBytes: the JSON Feed is written as before encoding/json
// wrote it alone: indented with two spaces, and with its HTML as written,
// not \u003c-escaped (the feed holds no script element, and readers and
// people read it); with a newline at the end.
func TestJSONFeedBytes(t *testing.T) {
	d := &jsonFeedDoc{Version: JSONFeedVersion, Title: "A & <B>", HomePageURL: "https://x.test/", FeedURL: "https://x.test/feed.json", Items: []jsonFeedItem{{
		ID: "https://x.test/p/", URL: "https://x.test/p/", Title: "Flu & colds", ContentHTML: "<p>Wash &amp; rest</p>\n<img src=\"x\">",
		DatePublished: "2026-01-02T03:04:05Z", DateModified: "2026-01-02T03:04:05Z", Tags: []string{"Flu & colds"},
	}}}
	got, err := d.encode()
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "A & <B>",
  "home_page_url": "https://x.test/",
  "feed_url": "https://x.test/feed.json",
  "items": [
    {
      "id": "https://x.test/p/",
      "url": "https://x.test/p/",
      "title": "Flu & colds",
      "content_html": "<p>Wash &amp; rest</p>\n<img src=\"x\">",
      "date_published": "2026-01-02T03:04:05Z",
      "date_modified": "2026-01-02T03:04:05Z",
      "tags": [
        "Flu & colds"
      ]
    }
  ]
}
`
	if string(got) != want {
		t.Errorf("feed:\n%s\nwant\n%s", got, want)
	}
	empty, _ := (&jsonFeedDoc{Version: JSONFeedVersion, Items: []jsonFeedItem{}}).encode()
	if !strings.Contains(string(empty), "\"items\": []\n}\n") {
		t.Errorf("a feed without items:\n%s", empty)
	}
}
