package compose

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/carepress/carepress/internal/social/count"
)

// FuzzCompose checks that, for any post material, Compose returns either a
// snippet that is valid for its platform or an error naming the post and the
// platform, and never an invalid snippet.
func FuzzCompose(f *testing.F) {
	p := fluPost()
	f.Add(p.Title, p.Description, p.Summary, "flu-season,vaccines,heart health", "", notice, uint8(0), uint8(0))
	f.Add("Heart health 101 ❤️👨‍👩‍👧‍👦", strings.Repeat("🏃‍♀️ run 🚴 ", 40), "", "心臓,2026", "", "", uint8(1), uint8(1))
	f.Add("インフルエンザ", strings.Repeat("予防接種で家族を守りましょう。", 20), "短い。文。", "健康", "", notice, uint8(2), uint8(0))
	f.Add("Is it a cold?", "see cdc.gov/flu and https://example.org/a(b)c.", "e.g. 3.5 mg. Dr. Who? Yes!", "#a,#b", "", "Call 911.", uint8(3), uint8(2))
	f.Add("T", "", "", "", "Flu shots are in! #fluseason https://other.example/x", notice, uint8(4), uint8(0))
	f.Add("", "", "", "x", "", "", uint8(5), uint8(6))
	f.Add(strings.Repeat("long ", 80), strings.Repeat("desc ", 200), "", "", "", strings.Repeat("n ", 100), uint8(6), uint8(3))
	f.Add("a.com-b", "foo.com-bar baz.co.uk_x www.x.com…", "", "", "", "", uint8(0), uint8(4))
	f.Add("\xff\xfe", "e\u0301\u0301\u0301 \u200d", "", "", "#only #tags", "", uint8(2), uint8(5))

	platforms := count.Platforms()
	f.Fuzz(func(t *testing.T, title, desc, summary, tags, text, noticeText string, pi, share uint8) {
		name := platforms[int(pi)%len(platforms)]
		pl := platform(t, name)
		post := Post{
			Slug: "fuzz", Title: title, Description: desc, Summary: summary,
			URL: "https://riverbend.example.com/posts/fuzz/", Tags: strings.Split(tags, ","),
		}
		if share%2 == 1 {
			post.TextByPlatform = map[string]string{name: text}
		} else {
			post.Text = text
		}
		var notices []string
		if n := strings.TrimSpace(strings.ToValidUTF8(noticeText, "\uFFFD")); n != "" {
			notices = []string{n}
		}
		s, err := Compose(post, pl, int(share%8), Options{Notices: notices})
		if err != nil && Fits(post, pl, Options{Notices: notices}) {
			t.Fatalf("Fits, but Compose fails: %v", err)
		}
		if err != nil {
			if !strings.Contains(err.Error(), `post "fuzz" on `+name+": ") {
				t.Fatalf("error does not name the post and platform: %v", err)
			}
			if strings.Contains(err.Error(), "internal error") {
				t.Fatal(err)
			}
			return
		}
		checkSnippet(t, s, pl, notices)
		if !utf8.ValidString(s.Text) {
			t.Fatalf("invalid UTF-8: %q", s.Text)
		}
		// Not hashtags-only: some word that is not a hashtag, link or notice.
		body := strings.TrimSuffix(s.Text, "\n\n"+strings.Join(notices, "\n"))
		words := 0
		for _, w := range strings.Fields(body) {
			if !strings.HasPrefix(w, "#") && w != s.URL && w != "Link" && w != "in" && w != "bio." {
				words++
			}
		}
		if words == 0 {
			t.Fatalf("hashtags-only snippet:\n%s", s.Text)
		}
		// Every URL whole: each is a URL of the material or the link.
		whole := map[string]bool{s.URL: true}
		for _, m := range append([]string{title, desc, summary, text, noticeText}, question(title)) {
			m = strings.ToValidUTF8(m, "\uFFFD")
			for _, u := range count.URLs(m) {
				whole[m[u.Start:u.End]] = true
			}
			for _, u := range count.URLs(oneLine(m)) {
				whole[oneLine(m)[u.Start:u.End]] = true
			}
		}
		for _, u := range count.URLs(s.Text) {
			if !whole[s.Text[u.Start:u.End]] {
				t.Fatalf("cut or made-up URL %q:\n%s", s.Text[u.Start:u.End], s.Text)
			}
		}
		if name == "bluesky" {
			if err := pl.Counter.Valid(s.Display); err != nil {
				t.Fatalf("display invalid: %v", err)
			}
			for _, fc := range s.Facets {
				if fc.ByteStart < 0 || fc.ByteEnd > len(s.Display) || fc.ByteStart >= fc.ByteEnd ||
					!utf8.ValidString(s.Display[:fc.ByteStart]) || !utf8.ValidString(s.Display[fc.ByteStart:fc.ByteEnd]) {
					t.Fatalf("bad facet %+v in %q", fc, s.Display)
				}
			}
		}
	})
}
