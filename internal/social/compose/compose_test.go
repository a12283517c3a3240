package compose

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"text/template"
	"unicode/utf8"

	"github.com/carepress/carepress/internal/social/count"
)

const notice = "Not medical advice. In an emergency, call 911."

func platform(t testing.TB, name string) Platform {
	t.Helper()
	c, err := count.For(name, 0)
	if err != nil {
		t.Fatal(err)
	}
	return Platform{Name: name, Counter: c}
}

func fluPost() Post {
	return Post{
		Slug:        "flu-shots",
		Title:       "Getting your flu shot: what to know",
		Description: "Flu season is here, and a shot is the best way to protect your family.",
		Summary: "Flu season is here, and a shot is the best way to protect your family. " +
			"Most adults need one shot a year. It takes about two weeks to work, e.g. before the holidays.",
		URL:   "https://riverbend.example.com/posts/flu-shots/",
		Tags:  []string{"flu-season", "vaccines", "heart health"},
		Image: "https://riverbend.example.com/posts/flu-shots/card.png",
	}
}

// checkSnippet asserts what every returned snippet promises.
func checkSnippet(t *testing.T, s Snippet, pl Platform, notices []string) {
	t.Helper()
	if strings.TrimSpace(s.Text) == "" {
		t.Fatalf("empty text")
	}
	if err := pl.Counter.Valid(s.Text); err != nil || s.Length > s.Limit || s.Length != pl.Counter.Count(s.Text) || s.Limit != pl.Counter.Limit() {
		t.Fatalf("length %d/%d, Valid %v:\n%s", s.Length, s.Limit, err, s.Text)
	}
	if pl.Name == "instagram" {
		if strings.Contains(s.Text, s.URL) {
			t.Fatalf("instagram text holds the link:\n%s", s.Text)
		}
	} else if !containsURL(s.Text, s.URL) {
		t.Fatalf("text lacks the whole link %s:\n%s", s.URL, s.Text)
	}
	if len(notices) > 0 && !strings.HasSuffix(s.Text, "\n\n"+strings.Join(notices, "\n")) {
		t.Fatalf("notices not at the end:\n%s", s.Text)
	}
	if pl.Name != "bluesky" && (s.Display != s.Text || s.Facets != nil) {
		t.Fatalf("display or facets on %s", pl.Name)
	}
}

func containsURL(text, u string) bool {
	for _, sp := range count.URLs(text) {
		if text[sp.Start:sp.End] == u {
			return true
		}
	}
	return false
}

func TestHashtagsAreCamelCaseDeduplicatedAndCapped(t *testing.T) {
	for _, tc := range []struct {
		name     string
		platform string
		max      int
		tags     []string
		hashtags []string // social.hashtags
		want     string
	}{
		{"camel case", "x", 0, []string{"heart health", "flu-season", "COVID-19"}, nil, "HeartHealth FluSeason COVID19"},
		{"dedupe case-insensitively", "x", 0, []string{"flu season", "Flu-Season", "FLUSEASON", "flu"}, nil, "FluSeason Flu"},
		{"skip digits first and empty", "x", 0, []string{"2026", "", "!!", "19th century", "ok"}, nil, "Ok"},
		{"strip punctuation and emoji", "x", 0, []string{"#kids' health 🍎", "café"}, nil, "KidsHealth Café"},
		{"non-latin letters", "x", 0, []string{"健康", "здоровье сердца"}, nil, "健康 ЗдоровьеСердца"},
		{"x default cap 3", "x", 0, []string{"a1", "b", "c", "d"}, nil, "A1 B C"},
		{"social.hashtags win over tags", "x", 0, []string{"tag"}, []string{"#HeartHealth", "heart health", "flu"}, "HeartHealth Flu"},
		{"instagram default cap 5", "instagram", 0, []string{"a", "b", "c", "d", "e", "f"}, nil, "A B C D E"},
		{"configured cap", "mastodon", 2, []string{"a", "b", "c"}, nil, "A B"},
		{"negative cap means none", "mastodon", -1, []string{"a"}, nil, ""},
		{"threads one topic tag", "threads", 0, []string{"a", "b"}, nil, "A"},
		{"threads one topic tag whatever the cap", "threads", 4, []string{"a", "b"}, nil, "A"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := hashtags(Post{Tags: tc.tags, Hashtags: tc.hashtags}, tc.platform, tc.max)
			if strings.Join(got, " ") != tc.want {
				t.Errorf("hashtags = %q, want %q", got, tc.want)
			}
			p := fluPost()
			p.Tags, p.Hashtags = tc.tags, tc.hashtags
			pl := platform(t, tc.platform)
			pl.MaxHashtags = tc.max
			s, err := Compose(p, pl, 0, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(s.Hashtags, " ") != tc.want {
				t.Errorf("Snippet.Hashtags = %q, want %q", s.Hashtags, tc.want)
			}
			if tc.want != "" && !strings.Contains(s.Text, "#"+strings.ReplaceAll(tc.want, " ", " #")) {
				t.Errorf("text lacks the hashtags:\n%s", s.Text)
			}
		})
	}
}

func TestLinkCarriesShortEncodedUTMParameters(t *testing.T) {
	for _, tc := range []struct {
		name, url, slug, medium string
		content                 bool
		want                    string
	}{
		{"slug as campaign, no content", "https://riverbend.example.com/posts/flu-shots/", "flu-shots", "", false,
			"https://riverbend.example.com/posts/flu-shots/?utm_source=mastodon&utm_medium=social&utm_campaign=flu-shots"},
		{"content when the site asks", "https://riverbend.example.com/posts/flu-shots/", "flu-shots", "", true,
			"https://riverbend.example.com/posts/flu-shots/?utm_source=mastodon&utm_medium=social&utm_campaign=flu-shots&utm_content=flu-shots%3Amastodon%3A1"},
		{"medium and campaign encoded", "https://riverbend.example.com/posts/winter/", "winter & you", "email+social", false,
			"https://riverbend.example.com/posts/winter/?utm_source=mastodon&utm_medium=email%2Bsocial&utm_campaign=winter+%26+you"},
		{"existing query kept, old utm replaced", "https://riverbend.example.com/p/?lang=es&utm_source=old&utm_content=old", "flu-shots", "", false,
			"https://riverbend.example.com/p/?lang=es&utm_source=mastodon&utm_medium=social&utm_campaign=flu-shots"},
		{"path escaped", "https://riverbend.example.com/posts/día uno/", "flu-shots", "", false,
			"https://riverbend.example.com/posts/d%C3%ADa%20uno/?utm_source=mastodon&utm_medium=social&utm_campaign=flu-shots"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := fluPost()
			p.URL, p.Slug = tc.url, tc.slug
			pl := platform(t, "mastodon")
			s, err := Compose(p, pl, 1, Options{UTMMedium: tc.medium, UTMContent: tc.content})
			if err != nil {
				t.Fatal(err)
			}
			if s.URL != tc.want {
				t.Errorf("URL =\n%s, want\n%s", s.URL, tc.want)
			}
			checkSnippet(t, s, pl, nil)
			u, _ := url.Parse(s.URL)
			q := u.Query()
			wantContent := ""
			if tc.content {
				wantContent = s.ID
			}
			if q.Get("utm_campaign") != tc.slug || q.Get("utm_content") != wantContent || s.ID != tc.slug+":mastodon:1" {
				t.Errorf("query %v, id %q", q, s.ID)
			}
		})
	}
}

func TestLinkMustBeAbsoluteAndRecognised(t *testing.T) {
	for _, u := range []string{"", "/posts/flu/", "ftp://riverbend.example.com/x", "http://localhost:1313/posts/flu/", "https://riverbend/x"} {
		p := fluPost()
		p.URL = u
		_, err := Compose(p, platform(t, "x"), 0, Options{})
		if err == nil || !strings.Contains(err.Error(), `post "flu-shots" on x`) {
			t.Errorf("URL %q: err = %v, want an error naming the post and platform", u, err)
		}
	}
}

func TestInstagramGetsALinkLineInsteadOfTheLink(t *testing.T) {
	for _, tc := range []struct {
		name, linkLine, text string
		tmpl                 string
		want                 string
	}{
		{"default line", "", "", "", "Link in bio."},
		{"configured line", "Tap the link in our bio 👆", "", "", "Tap the link in our bio 👆"},
		{"author text", "", "Flu shots are in!", "", "Flu shots are in!\nLink in bio."},
		{"template without the link", "", "", "{{.Lead}} {{.URL}}", "Link in bio."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := fluPost()
			p.Text = tc.text
			pl := platform(t, "instagram")
			pl.LinkLine = tc.linkLine
			opt := Options{Notices: []string{notice}}
			if tc.tmpl != "" {
				opt.Template = template.Must(template.New("t").Parse(tc.tmpl))
			}
			s, err := Compose(p, pl, 0, opt)
			if err != nil {
				t.Fatal(err)
			}
			checkSnippet(t, s, pl, opt.Notices)
			if !strings.Contains(s.Text, tc.want) || strings.Contains(s.Text, "http") || len(count.URLs(s.Text)) != 0 {
				t.Errorf("text:\n%s\nwant it to hold %q and no link", s.Text, tc.want)
			}
			if s.URL == "" || !strings.Contains(s.URL, "utm_source=instagram") {
				t.Errorf("Snippet.URL = %q, want the tracked link for the exports", s.URL)
			}
		})
	}
}

func TestMakingRoomPrefersWholeSentencesAndKeepsNotices(t *testing.T) {
	longSentence := "Vaccines are safe and they work well for nearly everyone, " + strings.Repeat("year after year and season after season, ", 5) + "as decades of careful studies show."
	sentences := "Vaccines are safe. They are tested for years before use. They are watched for as long as they are given. " +
		"Millions of people get one every autumn. Most feel nothing worse than a sore arm. A few feel tired for a day. Then they are protected."
	for _, tc := range []struct {
		name        string
		title       string
		description string
		summary     *string // nil: fluPost's
		notices     []string
		wantLead    string // "whole", "sentences", "cut" or the lead itself
		wantTags    int
	}{
		{"fits whole", "", "A short description.", nil, []string{notice}, "whole", 3},
		// The longest whole sentences that fit with a hashtag or two beat
		// fewer sentences with all three.
		{"first sentences of a long lead", "", sentences, nil, []string{notice}, "sentences", 2},
		// With this notice the whole description fits with one hashtag:
		// fewer hashtags come before a shorter lead.
		{"hashtags dropped before the lead is shortened", "", "Vaccines work well for most people.", nil, []string{strings.Repeat("n", 165)}, "whole", 1},
		{"all hashtags dropped", "", "Vaccines work well for most people.", nil, []string{strings.Repeat("n", 178)}, "whole", 0},
		{"another lead when the lead cannot fit", "", longSentence, nil, []string{notice}, "Flu season is here, and a shot is the best way to protect your family.", 3},
		{"cut after a word when nothing else fits", "-", longSentence, new(string), []string{notice}, "cut", 3},
		{"two notices each on their line", "", sentences, nil, []string{notice, "Replies are not monitored."}, "sentences", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := fluPost()
			p.Description = tc.description
			if tc.summary != nil {
				p.Summary = *tc.summary
			}
			if tc.title == "-" {
				p.Title = ""
			}
			pl := platform(t, "x")
			s, err := Compose(p, pl, 0, Options{Notices: tc.notices})
			if err != nil {
				t.Fatal(err)
			}
			checkSnippet(t, s, pl, tc.notices)
			if len(s.Hashtags) != tc.wantTags {
				t.Errorf("hashtags %q, want %d:\n%s", s.Hashtags, tc.wantTags, s.Text)
			}
			want := []string{"FluSeason", "Vaccines", "HeartHealth"}[:tc.wantTags]
			if strings.Join(s.Hashtags, " ") != strings.Join(want, " ") {
				t.Errorf("hashtags %q, want the first %d in order", s.Hashtags, tc.wantTags)
			}
			lead, _, _ := strings.Cut(s.Text, "\n")
			switch tc.wantLead {
			case "whole":
				if lead != tc.description {
					t.Errorf("lead %q, want the whole description", lead)
				}
			case "sentences":
				if lead == tc.description || !strings.HasPrefix(tc.description, lead) || !strings.HasSuffix(lead, ".") || !strings.HasPrefix(tc.description[len(lead):], " ") {
					t.Errorf("lead %q, want the description's first sentences", lead)
				}
				if len(lead) < 100 {
					t.Errorf("lead %q has fewer sentences than fit", lead)
				}
			case "cut":
				cut, ok := strings.CutSuffix(lead, "…")
				if !ok || !strings.HasPrefix(tc.description, cut) || strings.HasSuffix(cut, " ") || !strings.HasPrefix(tc.description[len(cut):], " ") {
					t.Errorf("lead %q is not the description cut after a whole word", lead)
				}
				if s.Length < 250 {
					t.Errorf("lead %q shortened more than needed (length %d)", lead, s.Length)
				}
			default:
				if lead != tc.wantLead {
					t.Errorf("lead %q, want %q", lead, tc.wantLead)
				}
			}
		})
	}
}

func TestErrorWhenTheNoticesCannotFit(t *testing.T) {
	for _, name := range []string{"x", "bluesky", "mastodon"} {
		p := fluPost()
		pl := platform(t, name)
		_, err := Compose(p, pl, 0, Options{Notices: []string{strings.Repeat("Not advice. ", 45)}})
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		for _, want := range []string{`post "flu-shots" on ` + name, "notice", "/"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q lacks %q", name, err, want)
			}
		}
	}
}

func TestAuthorTextIsKeptVerbatim(t *testing.T) {
	for _, tc := range []struct {
		name     string
		text     string
		byPl     map[string]string
		notices  []string
		want     string // the text's start
		wantTags string
		wantErr  string
	}{
		{"social.text", "  Flu shots are in — walk in any weekday!  ", nil, nil,
			"Flu shots are in — walk in any weekday!\nhttps://", "FluSeason Vaccines HeartHealth", ""},
		{"text_by_platform wins", "General text.", map[string]string{"x": "Text for X.", "mastodon": "Other."}, nil,
			"Text for X.\nhttps://", "FluSeason Vaccines HeartHealth", ""},
		{"hashtag already written is not repeated", "Get ready for #fluseason.", nil, nil,
			"Get ready for #fluseason.\nhttps://", "Vaccines HeartHealth", ""},
		{"hashtags dropped to fit", strings.Repeat("word ", 40) + "end.", nil, []string{notice}, "word word", "", ""},
		{"over the limit", strings.Repeat("word ", 60) + "end.", nil, []string{notice}, "", "", `post "flu-shots" on x: social text is 376/280 (shorten it)`},
		{"hashtags only", "#flu #shots", nil, nil, "", "", `post "flu-shots" on x: social text cannot be used`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := fluPost()
			p.Text, p.TextByPlatform = tc.text, tc.byPl
			pl := platform(t, "x")
			s, err := Compose(p, pl, 0, Options{Notices: tc.notices})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkSnippet(t, s, pl, tc.notices)
			if !strings.HasPrefix(s.Text, tc.want) || strings.Join(s.Hashtags, " ") != tc.wantTags {
				t.Errorf("text:\n%s\nhashtags %q; want start %q, hashtags %q", s.Text, s.Hashtags, tc.want, tc.wantTags)
			}
		})
	}
}

func TestAuthorTextOverBlueskyBytesNamesTheUnit(t *testing.T) {
	p := fluPost()
	// 125 graphemes of 25 bytes each: within 300 graphemes with the link,
	// over 3000 bytes.
	p.Text = strings.Repeat("e"+strings.Repeat("\u0301", 12), 125)
	_, err := Compose(p, platform(t, "bluesky"), 0, Options{})
	if err == nil || !strings.Contains(err.Error(), "/3000 UTF-8 bytes (shorten it)") || !strings.Contains(err.Error(), `post "flu-shots" on bluesky: social text is 3`) {
		t.Fatalf("err = %v", err)
	}
}

func TestReshareLeadsRotateSoNoTextRepeats(t *testing.T) {
	p := fluPost()
	for _, name := range count.Platforms() {
		pl := platform(t, name)
		seen := map[string]int{}
		var firstLines []string
		for n := 0; n < 12; n++ {
			s, err := Compose(p, pl, n, Options{Notices: []string{notice}})
			if err != nil {
				t.Fatal(err)
			}
			checkSnippet(t, s, pl, []string{notice})
			// Compare the text without its link: the lead alone must differ.
			words := strings.Replace(s.Text, s.URL, "", 1)
			if m, dup := seen[words]; dup {
				t.Errorf("%s: share %d repeats share %d:\n%s", name, n, m, s.Text)
			}
			seen[words] = n
			first, _, _ := strings.Cut(s.Text, "\n")
			firstLines = append(firstLines, first)
		}
		want := []string{
			p.Description,
			"Most adults need one shot a year.",
			"Wondering about getting your flu shot?",
			"It takes about two weeks to work, e.g. before the holidays.",
			"In case you missed it: " + p.Description,
		}
		for i, w := range want {
			// Bluesky counts the long link as written and shortens leads.
			if lead, cut := strings.CutSuffix(firstLines[i], "…"); lead != w && !(cut && name == "bluesky" && strings.HasPrefix(w, lead)) {
				t.Errorf("%s share %d lead = %q, want %q", name, i, firstLines[i], w)
			}
		}
	}
}

func TestRotationWithLittleMaterial(t *testing.T) {
	// Only a title: the question, then the same behind prefixes, so shares
	// 0..3 still differ even on instagram, which has no link.
	p := Post{Slug: "hours", Title: "New opening hours", URL: "https://riverbend.example.com/hours/", Image: "https://riverbend.example.com/hours/card.png"}
	pl := platform(t, "instagram")
	seen := map[string]bool{}
	for n := 0; n < 4; n++ {
		s, err := Compose(p, pl, n, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if seen[s.Text] {
			t.Errorf("share %d repeats:\n%s", n, s.Text)
		}
		seen[s.Text] = true
	}
}

func TestQuestionFromTitle(t *testing.T) {
	for _, tc := range []struct{ title, want string }{
		{"Getting your flu shot: what to know", "Wondering about getting your flu shot?"},
		{"How to read a nutrition label", "Wondering how to read a nutrition label?"},
		{"COVID-19 boosters — who needs one", "Wondering about COVID-19 boosters?"},
		{"A guide to heart health.", "Wondering about a guide to heart health?"},
		{"iPhone apps for blood pressure", "Wondering about iPhone apps for blood pressure?"},
		{"Is it a cold or the flu?", english.question},
		{"Riverbend's new hours", "Wondering about riverbend's new hours?"}, // proper nouns are not known
		{"  ", ""},
		{"インフルエンザ予防接種", "Wondering about インフルエンザ予防接種?"},
	} {
		if got := question(tc.title); got != tc.want {
			t.Errorf("question(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}

func TestBlueskyFacetsPointAtTheLinkBytes(t *testing.T) {
	p := fluPost()
	p.Description = "Grippe-Impfung für Familien 👨‍👩‍👧 — mehr dazu: cdc.gov/flu und hier."
	p.Title = "Ünsere Öffnungszeiten 🏥"
	pl := platform(t, "bluesky")
	s, err := Compose(p, pl, 0, Options{Notices: []string{"Keine Beratung. Notfall: 112."}})
	if err != nil {
		t.Fatal(err)
	}
	checkSnippet(t, s, pl, []string{"Keine Beratung. Notfall: 112."})
	if len(s.Facets) != 2 {
		t.Fatalf("facets %+v, want one for cdc.gov/flu and one for the post link:\n%s", s.Facets, s.Display)
	}
	for _, tc := range []struct {
		f          Facet
		shown, uri string
	}{
		{s.Facets[0], "cdc.gov/flu", "https://cdc.gov/flu"},
		{s.Facets[1], "riverbend.example.com/posts…", s.URL},
	} {
		if !utf8.ValidString(s.Display[:tc.f.ByteStart]) || s.Display[tc.f.ByteStart:tc.f.ByteEnd] != tc.shown || tc.f.URI != tc.uri {
			t.Errorf("facet %+v shows %q, want %q linking %q", tc.f, s.Display[tc.f.ByteStart:tc.f.ByteEnd], tc.shown, tc.uri)
		}
	}
	// The display is the text with only the link shortened.
	if strings.Replace(s.Text, s.URL, "riverbend.example.com/posts…", 1) != s.Display {
		t.Errorf("display differs from text beyond the link:\n%s\n%s", s.Display, s.Text)
	}
}

func TestEmojiAndCJKOnX(t *testing.T) {
	for _, tc := range []struct {
		name        string
		title, desc string
		want        string // "whole", "sentences" or "cut"
	}{
		{"emoji title", "Heart health 101 ❤️👨‍👩‍👧‍👦🇺🇸", "Small steps 💪 every day.", "whole"},
		{"CJK title and description fit", "心臓の健康", "毎日の小さな習慣が心臓を守ります。", "whole"},
		// 210 CJK characters weigh 420: whole sentences are kept, with no
		// space put between them.
		{"long CJK description gives its first sentences", "インフルエンザ予防接種のご案内", strings.Repeat("予防接種で家族を守りましょう。", 14), "sentences"},
		// With no other lead (no title, no summary), a lead without a
		// sentence end is cut between characters, never inside a grapheme.
		{"long CJK description is cut", "", strings.Repeat("予防接種で家族を守りましょう", 14), "cut"},
		{"long emoji description is cut", "", strings.Repeat("🏃‍♀️ run 🚴 ride ", 30), "cut"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := fluPost()
			p.Title, p.Description, p.Summary = tc.title, tc.desc, ""
			pl := platform(t, "x")
			s, err := Compose(p, pl, 0, Options{Notices: []string{notice}})
			if err != nil {
				t.Fatal(err)
			}
			checkSnippet(t, s, pl, []string{notice})
			first, _, _ := strings.Cut(s.Text, "\n")
			lead, cut := strings.CutSuffix(first, "…")
			got := "sentences"
			switch {
			case cut:
				got = "cut"
			case lead == tc.desc:
				got = "whole"
			}
			if got != tc.want || !strings.HasPrefix(tc.desc, lead) {
				t.Fatalf("lead %q (%s), want %s of %q", first, got, tc.want, tc.desc)
			}
			if got != "whole" && s.Length < 230 {
				t.Errorf("shortened too much: %d/280", s.Length)
			}
			if tc.title != "" && !strings.Contains(s.Text, "\n"+tc.title+"\n") {
				t.Errorf("title missing:\n%s", s.Text)
			}
		})
	}
}

func TestShorteningNeverCutsAURL(t *testing.T) {
	p := fluPost()
	p.Description = strings.Repeat("Read more about it here ", 7) + "https://www.cdc.gov/flu/prevent/flushot.htm?lang=en and at example.org/a/long/path today."
	pl := platform(t, "mastodon")
	pl.Counter, _ = count.For("mastodon", 250)
	for _, notices := range [][]string{nil, {notice}, {notice, strings.Repeat("x", 30)}, {strings.TrimSpace(strings.Repeat("y ", 40))}} {
		s, err := Compose(p, pl, 0, Options{Notices: notices})
		if err != nil {
			t.Fatal(err)
		}
		checkSnippet(t, s, pl, notices)
		for _, u := range count.URLs(s.Text) {
			got := s.Text[u.Start:u.End]
			if got != s.URL && got != "https://www.cdc.gov/flu/prevent/flushot.htm?lang=en" && got != "example.org/a/long/path" {
				t.Errorf("cut URL %q in:\n%s", got, s.Text)
			}
		}
	}
}

func TestTemplates(t *testing.T) {
	p := fluPost()
	for _, tc := range []struct {
		name, tmpl, want, wantErr string
	}{
		{"site template", "{{.Title}} — {{.Lead}} {{.URL}} {{.Hashtags}} ({{.Platform}})",
			"Getting your flu shot: what to know — Flu season is here, and a shot is the best way to protect your family. https://riverbend.example.com/posts/flu-shots/?utm_source=mastodon&utm_medium=social&utm_campaign=flu-shots #FluSeason #Vaccines #HeartHealth (mastodon)", ""},
		{"blank lines tidied", "{{.Lead}}\n\n\n\n   \n{{.Link}}   \n\n", "Flu season is here, and a shot is the best way to protect your family.\n\nhttps://", ""},
		{"template without the link", "{{.Title}}", "", "does not hold the post link"},
		{"template that fails", "{{.Nope}}", "", "social template:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pl := platform(t, "mastodon")
			opt := Options{Template: template.Must(template.New("t").Parse(tc.tmpl))}
			s, err := Compose(p, pl, 0, opt)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), `post "flu-shots" on mastodon`) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkSnippet(t, s, pl, nil)
			if !strings.HasPrefix(s.Text, tc.want) {
				t.Errorf("text:\n%q\nwant prefix\n%q", s.Text, tc.want)
			}
		})
	}
}

// The Go default must write what DefaultTemplate, given to a site as the
// starting point of its own, writes.
func TestDefaultTextMatchesDefaultTemplate(t *testing.T) {
	tmpl := template.Must(template.New("default").Parse(DefaultTemplate))
	p := fluPost()
	for _, name := range []string{"x", "instagram", "bluesky"} {
		for _, post := range []Post{p, {Slug: "bare", Title: "Only a title", URL: p.URL, Image: p.Image}, {Slug: "t", Title: "T", Description: "D", URL: p.URL, Tags: []string{"a"}, Image: p.Image}} {
			for n := 0; n < 4; n++ {
				pl := platform(t, name)
				want, err1 := Compose(post, pl, n, Options{Notices: []string{notice}})
				got, err2 := Compose(post, pl, n, Options{Notices: []string{notice}, Template: tmpl})
				if err1 != nil || err2 != nil || got.Text != want.Text {
					t.Errorf("%s %s %d: template gives\n%s (%v)\nGo gives\n%s (%v)", name, post.Slug, n, got.Text, err2, want.Text, err1)
				}
			}
		}
	}
}

func TestBadCallsAreErrors(t *testing.T) {
	x := platform(t, "x")
	for _, tc := range []struct {
		name  string
		p     Post
		pl    Platform
		share int
		want  string
	}{
		{"no slug", Post{Title: "T", URL: "https://riverbend.example.com/t/"}, x, 0, "has no slug"},
		{"negative share", fluPost(), x, -1, "share -1"},
		{"no counter", fluPost(), Platform{Name: "x"}, 0, "no counter"},
		{"counter for another platform", fluPost(), Platform{Name: "mastodon", Counter: x.Counter}, 0, "counter is for x"},
		{"nothing to say", Post{Slug: "empty", URL: "https://riverbend.example.com/e/", Tags: []string{"flu"}}, x, 0, `post "empty" on x: cannot write a snippet`},
		{"title too long for the link", Post{Slug: "long", Title: strings.Repeat("a", 300), URL: "https://riverbend.example.com/e/"}, x, 0, `post "long" on x: the title does not fit: 324/280`},
		{"link too long for anything", Post{Slug: "long", Title: "T", URL: "https://riverbend.example.com/" + strings.Repeat("a", 300) + "/"}, platform(t, "bluesky"), 0, `post "long" on bluesky: the link does not fit`},
		{"instagram without an image", Post{Slug: "bare", Title: "T", URL: "https://riverbend.example.com/e/"}, platform(t, "instagram"), 0, `post "bare" on instagram: an instagram post needs an image`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compose(tc.p, tc.pl, tc.share, Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			if err != nil && err.Error() != strings.ToLower(err.Error()[:1])+err.Error()[1:] {
				t.Errorf("error %q starts upper-case", err)
			}
		})
	}
}

func TestATitleIsNeverCutMidPhrase(t *testing.T) {
	long := strings.Repeat("Long title words ", 20)
	for _, tc := range []struct {
		name, title, description string
		want                     string // the title as the text shows it; "" for none
		wantErr                  string
	}{
		{"whole when it fits", "Colorectal Cancer Screening: When to Start and What to Expect", "", "Colorectal Cancer Screening: When to Start and What to Expect", ""},
		{"main clause before a colon", "Colorectal Cancer Screening: " + long, "", "Colorectal Cancer Screening", ""},
		{"main clause before a dash", "Winter falls — " + long, "", "Winter falls", ""},
		{"no title when only the description fits", long, "Falls are preventable.", "", ""},
		{"an error rather than a cut", long, "", "", "the title does not fit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Post{Slug: "t", Title: tc.title, Description: tc.description, URL: "https://riverbend.example.com/posts/t/"}
			pl := platform(t, "x")
			s, err := Compose(p, pl, 0, Options{Notices: []string{notice}})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkSnippet(t, s, pl, []string{notice})
			if strings.Contains(s.Text, "…") {
				t.Errorf("a cut in:\n%s", s.Text)
			}
			title := ""
			for _, l := range strings.Split(s.Text, "\n") {
				if strings.HasPrefix(tc.title, l) && l != "" {
					title = l
				}
			}
			if title != tc.want {
				t.Errorf("title shown as %q, want %q:\n%s", title, tc.want, s.Text)
			}
		})
	}
}

func BenchmarkCompose(b *testing.B) {
	pls := []Platform{platform(b, "x"), platform(b, "bluesky"), platform(b, "instagram")}
	opt := Options{Notices: []string{notice}}
	long := fluPost()
	long.Description = strings.Repeat("Vaccines are safe and they work well. ", 8) // shortened on x and bluesky
	for _, bc := range []struct {
		name string
		p    Post
	}{{"fits", fluPost()}, {"shortened", long}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := Compose(bc.p, pls[i%len(pls)], i%4, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestAuthorTextIsTheFirstShareAndReshatesRotate(t *testing.T) {
	p := fluPost()
	p.Text = "Flu shots are in!"
	for _, name := range []string{"x", "instagram"} {
		pl := platform(t, name)
		seen := map[string]int{}
		for share := 0; share < 4; share++ {
			s, err := Compose(p, pl, share, Options{})
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(s.Text, "\n")
			if share == 0 && first != p.Text {
				t.Errorf("%s share 0 leads with %q, want the author's text", name, first)
			}
			if share == 1 && first != p.Description {
				t.Errorf("%s share 1 leads with %q, want the description", name, first)
			}
			// Compare without the link, whose utm_content always differs.
			key := strings.ReplaceAll(s.Text, s.URL, "")
			if prev, dup := seen[key]; dup {
				t.Errorf("%s shares %d and %d have the same text:\n%s", name, prev, share, s.Text)
			}
			seen[key] = share
		}
	}
}

func TestQuestionKeepsATitleCasedTitle(t *testing.T) {
	for _, tc := range []struct{ title, want string }{
		{"Flu Season 2026–27: Your Flu Shot Questions Answered", "Wondering about Flu Season 2026–27?"},
		{"Getting your flu shot: what to know", "Wondering about getting your flu shot?"},
		{"How to Read a Food Label", "Wondering how to Read a Food Label?"},
		{"COVID boosters this fall", "Wondering about COVID boosters this fall?"},
	} {
		if got := question(tc.title); got != tc.want {
			t.Errorf("question(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}

func TestAShortenedLeadKeepsSeveralWords(t *testing.T) {
	p := fluPost()
	pl := platform(t, "bluesky")
	for share := 0; share < 6; share++ {
		s, err := Compose(p, pl, share, Options{Notices: []string{notice}})
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(s.Text, "\n")
		if strings.HasSuffix(first, "…") && len(strings.Fields(first)) < minLeadWords {
			t.Errorf("share %d leads with %q: too short to say anything", share, first)
		}
	}
}

func TestErrorsSayWhatKindOfFaultTheyAre(t *testing.T) {
	p := fluPost()
	p.Text = strings.Repeat("Flu shots are in and they are free for everyone this week. ", 6)
	_, err := Compose(p, platform(t, "x"), 0, Options{})
	if !errors.Is(err, ErrTextTooLong) || errors.Is(err, ErrNoticesDoNotFit) {
		t.Errorf("long author text: %v, want ErrTextTooLong", err)
	}
	p = fluPost()
	_, err = Compose(p, platform(t, "x"), 0, Options{Notices: []string{strings.Repeat("Notice text. ", 25)}})
	if !errors.Is(err, ErrNoticesDoNotFit) {
		t.Errorf("long notice: %v, want ErrNoticesDoNotFit", err)
	}
	if err != nil && !strings.HasPrefix(err.Error(), `post "flu-shots" on x: the notices do not fit`) {
		t.Errorf("message %q does not name the post and platform first", err)
	}
}

func TestFitsAgreesWithCompose(t *testing.T) {
	long := strings.Repeat("Notice text. ", 25)
	for _, tc := range []struct {
		name    string
		edit    func(*Post)
		notices []string
		want    bool
	}{
		{"ordinary post", func(*Post) {}, []string{notice}, true},
		{"author text must be composed", func(p *Post) { p.Text = "Flu shots are in!" }, nil, false},
		{"notices that cannot fit", func(*Post) {}, []string{long}, false},
	} {
		p := fluPost()
		tc.edit(&p)
		pl := platform(t, "x")
		opt := Options{Notices: tc.notices}
		if got := Fits(p, pl, opt); got != tc.want {
			t.Errorf("%s: Fits = %v, want %v", tc.name, got, tc.want)
		}
		if Fits(p, pl, opt) {
			for share := 0; share < 4; share++ {
				if _, err := Compose(p, pl, share, opt); err != nil {
					t.Errorf("%s: Fits, but share %d fails: %v", tc.name, share, err)
				}
			}
		}
	}
}

// TestNoShareRepeatsAnother is the property the shares of a post keep, over
// a table of posts from rich to bare, every platform, tight and loose
// notices, the default and sites' own templates, and compact or content-
// tagged links: no two shares of a post on a platform have the same text
// once the link is taken out; a share left out is a reshare, left out
// with ErrRepeat; and no title is cut mid-phrase.
func TestNoShareRepeatsAnother(t *testing.T) {
	long := strings.Repeat("Vaccines are safe and they work well for nearly everyone ", 6) + "today."
	posts := []Post{
		fluPost(),
		{Title: "New opening hours"},
		{Title: "Is it a cold or the flu?", Description: "How to tell them apart."},
		{Title: "Colorectal Cancer Screening: When to Start and Your Options", Description: "Most adults should start colorectal cancer screening at 45. Learn the test options, from at-home kits to colonoscopy, and how to choose one."},
		{Title: "Fiber Basics, Week 3: Beans, Lentils and Peas", Summary: "Beans are cheap. They are full of fiber. Eat them often."},
		{Title: "Long title words " + long, Description: long, Summary: long},
		{Title: "インフルエンザ予防接種のご案内", Description: strings.Repeat("予防接種で家族を守りましょう。", 14)},
		{Title: "Welcome to our new website", Description: "Our new website shares health tips from our care team, and explains how to reach us and book a visit.", Summary: "Write your first post here.", Text: "We have a new website!"},
		{Title: "@home care: what to know", Description: "-5 °C tonight. Stay warm.", Tags: []string{"winter"}},
	}
	templates := map[string]*template.Template{
		"default":      nil,
		"title only":   template.Must(template.New("t").Parse("{{.Title}} {{.Link}}")),
		"lead and url": template.Must(template.New("t").Parse("{{.Lead}}\n{{.URL}} {{.Hashtags}}")),
	}
	noticeSets := [][]string{nil, {notice}, {strings.TrimSpace(strings.Repeat("General information, not medical advice. ", 4))}}
	for i, p := range posts {
		p.Slug = fmt.Sprintf("post-%d", i)
		p.URL = "https://www.riverbend-family-clinic.example/posts/" + p.Slug + "/"
		p.Image = p.URL + "card.png"
		for tname, tmpl := range templates {
			for ni, notices := range noticeSets {
				for _, content := range []bool{false, true} {
					for _, name := range count.Platforms() {
						pl := platform(t, name)
						opt := Options{Template: tmpl, Notices: notices, UTMContent: content}
						shares, errs := ComposeShares(p, pl, 8, opt)
						seen := map[string]int{}
						for n, s := range shares {
							where := fmt.Sprintf("post %d, %s template, notices %d, content %v, %s share %d", i, tname, ni, content, name, n)
							if errs[n] != nil {
								if errors.Is(errs[n], ErrRepeat) && n == 0 {
									t.Errorf("%s: the first share cannot repeat anything: %v", where, errs[n])
								}
								continue
							}
							checkSnippet(t, s, pl, opt.Notices)
							key := strings.ReplaceAll(s.Text, s.URL, "")
							if prev, dup := seen[key]; dup {
								t.Errorf("%s repeats share %d:\n%s", where, prev, s.Text)
							}
							seen[key] = n
							for _, line := range strings.Split(s.Text, "\n") {
								if cut, ok := strings.CutSuffix(line, "…"); ok && cut != "" && strings.HasPrefix(oneLine(p.Title), cut) {
									t.Errorf("%s cuts the title to %q", where, line)
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestRepeatsAreLeftOutWithErrRepeat: when nothing new fits, a reshare
// says so rather than saying the same again.
func TestRepeatsAreLeftOutWithErrRepeat(t *testing.T) {
	p := Post{Slug: "hours", Title: "New opening hours", URL: "https://riverbend.example.com/hours/", Image: "https://riverbend.example.com/hours/card.png"}
	for _, tc := range []struct {
		name    string
		tmpl    string
		max     int // mastodon's limit
		shares  int
		wantOut []int // the shares left out
	}{
		{"a template that ignores the lead", "{{.Title}} {{.Link}}", 500, 3, []int{1, 2}},
		// 56 holds the title and the link (41), and "Worth a read:" too,
		// but no other lead or prefix.
		{"room for the title alone and the shortest prefix", "", 56, 4, []int{2, 3}},
		{"room enough for all", "", 500, 4, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pl := platform(t, "mastodon")
			pl.Counter, _ = count.For("mastodon", tc.max)
			opt := Options{}
			if tc.tmpl != "" {
				opt.Template = template.Must(template.New("t").Parse(tc.tmpl))
			}
			shares, errs := ComposeShares(p, pl, tc.shares, opt)
			var out []int
			for n, err := range errs {
				if err == nil {
					checkSnippet(t, shares[n], pl, nil)
					continue
				}
				if !errors.Is(err, ErrRepeat) || !strings.HasPrefix(err.Error(), `post "hours" on mastodon: share `) {
					t.Errorf("share %d: %v, want ErrRepeat naming the post", n, err)
				}
				out = append(out, n)
			}
			if fmt.Sprint(out) != fmt.Sprint(tc.wantOut) {
				for n, s := range shares {
					t.Logf("share %d: %q", n, s.Text)
				}
				t.Errorf("left out %v, want %v", out, tc.wantOut)
			}
		})
	}
}

func TestTextsNeverStartAFormula(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Post)
		want string // the text's start
	}{
		{"author text with a mention", func(p *Post) { p.Text = "@riverbend nurses answer your questions" }, "'@riverbend nurses"},
		{"author text with a plus", func(p *Post) { p.Text = "+1 reason to get a flu shot" }, "'+1 reason"},
		{"description with a minus", func(p *Post) { p.Description = "-5 °C tonight: stay warm." }, "'-5 °C tonight"},
		{"description with an equals sign", func(p *Post) { p.Description = "=SUM(A1) is not a formula here." }, "'=SUM(A1)"},
		{"ordinary text", func(p *Post) { p.Description = "Flu shots = protection." }, "Flu shots = protection."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := fluPost()
			tc.edit(&p)
			for _, name := range []string{"x", "bluesky", "instagram"} {
				pl := platform(t, name)
				s, err := Compose(p, pl, 0, Options{Notices: []string{notice}})
				if err != nil {
					t.Fatal(err)
				}
				checkSnippet(t, s, pl, []string{notice})
				if !strings.HasPrefix(s.Text, tc.want) || FormulaSafe(s.Text) != s.Text {
					t.Errorf("%s text starts %q, want %q", name, s.Text[:min(20, len(s.Text))], tc.want)
				}
			}
		})
	}
}

// TestTheTitleIsNotSaidTwice: the question built from a title's main
// clause does not stand over that same clause, but a lead that merely
// names a short title keeps it.
func TestTheTitleIsNotSaidTwice(t *testing.T) {
	pl := platform(t, "mastodon")
	pl.Counter, _ = count.For("mastodon", 100)
	p := Post{Slug: "grains", URL: "https://riverbend.example.com/posts/grains/",
		Title:       "Fiber Basics, Week 4: Whole Grains Every Day for a Healthier Heart",
		Description: "Choosing whole grains over refined ones is one of the simplest ways to get more fiber into every meal you eat"}
	s, err := Compose(p, pl, 0, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkSnippet(t, s, pl, nil)
	if strings.Contains(s.Text, "Wondering about Fiber Basics, Week 4?\n\nFiber Basics, Week 4\n") || !strings.HasPrefix(s.Text, p.Title+"\n") {
		t.Errorf("text:\n%s\nwant the whole title alone", s.Text)
	}

	p = Post{Slug: "sleep", URL: "https://riverbend.example.com/posts/sleep/", Title: "Sleep", Description: "Sleep matters more than most people think."}
	s, err = Compose(p, platform(t, "mastodon"), 0, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.Text, p.Description+"\n\nSleep\nhttps://") {
		t.Errorf("text:\n%s\nwant the description over the title", s.Text)
	}
}

// A post in Spanish is shared with the composer's own words in Spanish: no
// English question is made of its title, and its reshares are prefixed in
// Spanish once its leads are used up.
func TestSpanishPostLeadsAreSpanish(t *testing.T) {
	p := Post{Slug: "gripe", Lang: "es-US", Title: "Vacunas contra la gripe", Description: "Quién debe vacunarse y cuándo.",
		URL: "https://example.org/es/posts/gripe/"}
	cfg := Platform{Name: "mastodon"}
	cfg.Counter, _ = count.For("mastodon", 0)
	snippets, errs := ComposeShares(p, cfg, 3, Options{})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("share %d: %v", i, err)
		}
	}
	for _, sn := range snippets {
		for _, en := range []string{"Wondering", "In case you missed it", "Worth a read", "From our archive"} {
			if strings.Contains(sn.Text, en) {
				t.Errorf("share %d of a Spanish post says %q:\n%s", sn.Share, en, sn.Text)
			}
		}
	}
	if !strings.Contains(snippets[2].Text, "Por si no lo vio") && !strings.Contains(snippets[2].Text, "Vale la pena leerlo") {
		t.Errorf("third share has no Spanish reshare prefix:\n%s", snippets[2].Text)
	}
	if got := leads(Post{Title: "¿Gripe o resfriado?", Lang: "es-US"}); len(got) != 1 || got[0] != spanish.question {
		t.Errorf("leads of a Spanish question title = %q", got)
	}
}
