package social_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/social"
	"github.com/rogpeppe/go-internal/txtar"
)

// now is before the scheduled post and after the published ones.
var now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.FixedZone("CST", -6*3600))

// loadSite writes testdata/site.txtar, with edits (file → old → new), into
// a new folder and loads it as of now.
func loadSite(t *testing.T, edits ...[3]string) *site.Site {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		data := string(f.Data)
		for _, e := range edits {
			if e[0] == f.Name {
				if !strings.Contains(data, e[1]) {
					t.Fatalf("%s has no %q", f.Name, e[1])
				}
				data = strings.Replace(data, e[1], e[2], 1)
			}
		}
		write(t, filepath.Join(dir, f.Name), []byte(data))
	}
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewNRGBA(image.Rect(0, 0, 40, 20))); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "content", "posts", "beans", "beans.png"), img.Bytes())
	write(t, filepath.Join(dir, "static", "images", "sleep.png"), img.Bytes())
	s, _, err := build.Load(context.Background(), build.Options{Root: dir, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func write(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// ssnScreen flags one made-up identifier, as the privacy screen would.
func ssnScreen(text string) []social.Flag {
	if strings.Contains(text, "123-45-6789") {
		return []social.Flag{{Rule: "privacy/ssn", What: "Social Security number", Match: "123-45-6789"}}
	}
	return nil
}

// TestOneFindingPerPostAndRule: however many platforms and shares a fault
// reaches, the plan reports it once per post and rule, at the field that
// holds it, naming the rule and every platform.
func TestOneFindingPerPostAndRule(t *testing.T) {
	long := strings.Repeat("Falls are common in winter and most of them can be prevented. ", 5)
	for _, tc := range []struct {
		name string
		edit [3]string
		want []string // the whole list, one line each
	}{
		{"an identifier in the description reaches every share",
			[3]string{"content/posts/winter-falls.md", "description: Icy steps", "description: Patient SSN 123-45-6789. Icy steps"},
			[]string{`content/posts/winter-falls.md:3:14: post "winter-falls" on x, mastodon, bluesky and instagram: the snippet would share Social Security number ("123-45-6789") [privacy/ssn] (remove it from the post and its social text; never share patient details)`}},
		{"an identifier in the social text reaches the first shares",
			[3]string{"content/posts/winter-falls.md", "tags: [falls, winter safety]", "tags: [falls, winter safety]\nsocial: {text: \"Call about 123-45-6789.\"}"},
			[]string{`content/posts/winter-falls.md:6:16: post "winter-falls" on x, mastodon, bluesky and instagram: the snippet would share Social Security number ("123-45-6789") [privacy/ssn] (remove it from the post and its social text; never share patient details)`}},
		{"a social text too long for two platforms",
			[3]string{"content/posts/winter-falls.md", "tags: [falls, winter safety]", "tags: [falls, winter safety]\nsocial: {text: \"" + strings.TrimSpace(long) + "\"}"},
			[]string{`content/posts/winter-falls.md:6:16: post "winter-falls" on x: social text is 375/280 (shorten it); on bluesky: social text is 461/300 (shorten it) [social/length] (shorten the text (the link, hashtags and social notices are added to it))`}},
		{"instagram without an image",
			[3]string{"carepress.yaml", "notices: {require: []}", "notices: {require: []}\nseo: {share_cards: false}"},
			[]string{`content/posts/winter-falls.md:2:8: post "winter-falls" on instagram: an instagram post needs an image, and the post has none [social/image] (give the post an image, turn on seo.share_cards, or leave instagram out with social.platforms)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := loadSite(t, tc.edit)
			_, errs := social.Plan(s, social.Options{Now: now, CardName: "card.png", Screen: ssnScreen})
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestALeftOutReshareIsOneWarning: a site template that ignores the lead
// has only the title, whole or its main clause, to say: the second reshare
// is left out, with one warning per post naming each platform and
// reshare, and nothing repeated is planned.
func TestALeftOutReshareIsOneWarning(t *testing.T) {
	s := loadSite(t, [3]string{"carepress.yaml", "  per_day: 4", "  per_day: 4\n  template: \"{{.Title}} {{.Link}}\""})
	plan, errs := social.Plan(s, social.Options{Now: now, CardName: "card.png"})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	var winter []string
	for _, w := range errs {
		if w.Severity != diag.SevWarning {
			t.Errorf("not a warning: %v", w)
		}
		if strings.HasPrefix(w.Pos.File, "content/posts/winter-falls.md") {
			winter = append(winter, w.Error())
		}
	}
	want := `content/posts/winter-falls.md:2:8: warning: post "winter-falls" on x (reshare 2), mastodon (reshare 2), bluesky (reshare 2) and instagram (reshare 2): left out: every text that fits would repeat an earlier share word for word (give the post a description or a longer summary, or plan fewer reshares)`
	if len(winter) != 1 || winter[0] != want {
		t.Errorf("warnings for winter-falls:\n%s\nwant\n%s", strings.Join(winter, "\n"), want)
	}
	seen := map[string]string{}
	for _, it := range plan.Items {
		key := it.Post + " " + it.Platform + " " + strings.ReplaceAll(it.Text, it.URL, "")
		if prev, dup := seen[key]; dup {
			t.Errorf("%s repeats %s", it.ID, prev)
		}
		seen[key] = it.ID
	}
}

// TestPreviewFindsImagesInTheOutput: the preview loads a published post's
// image from the output folder under PreviewBase, wherever the image sits
// in the site, and names a scheduled post's card, which the build that
// publishes it makes, without loading it.
func TestPreviewFindsImagesInTheOutput(t *testing.T) {
	s := loadSite(t, [3]string{"carepress.yaml", "base_url: https://clinic.example.com/", "base_url: https://clinic.example.com/sub/"})
	for _, base := range []string{"../public/", "../../out%20dir/site/", "/"} {
		plan, errs := social.Plan(s, social.Options{Now: now, CardName: "card.png", PreviewBase: base})
		if errs.Err() != nil {
			t.Fatal(errs)
		}
		want := map[string][2]string{ // post → image, preview
			"beans":        {"https://clinic.example.com/sub/posts/beans/beans.png", base + "posts/beans/beans.png"},
			"sleep":        {"https://clinic.example.com/sub/images/sleep.png", base + "images/sleep.png"},
			"winter-falls": {"https://clinic.example.com/sub/posts/winter-falls/card.png", ""},
		}
		seen := map[string]bool{}
		for _, it := range plan.Items {
			w, ok := want[it.Post]
			if !ok {
				t.Fatalf("unexpected post %s", it.Post)
			}
			seen[it.Post] = true
			if it.Image != w[0] || it.Preview != w[1] {
				t.Errorf("%s with base %q: image %q, preview %q; want %q, %q", it.ID, base, it.Image, it.Preview, w[0], w[1])
			}
		}
		if len(seen) != len(want) {
			t.Errorf("posts planned: %v", seen)
		}
	}
}

// TestProblemsNameEveryPlatformOnce: check's social findings are one per
// post and rule too.
func TestProblemsNameEveryPlatformOnce(t *testing.T) {
	s := loadSite(t,
		[3]string{"content/posts/winter-falls.md", "tags: [falls, winter safety]", "tags: [falls, winter safety]\nsocial: {hashtags: [One, Two, Three, Four, Five, Six]}"},
		[3]string{"carepress.yaml", "notices: {require: []}", "notices: {require: []}\nseo: {share_cards: false}"})
	var got []string
	for _, pr := range social.Problems(s) {
		got = append(got, pr.Page.Source.At(pr.Field).String()+": "+pr.Message+" ["+pr.Rule+"]")
	}
	want := []string{
		`content/posts/winter-falls.md:6:20: post "winter-falls" on x, mastodon and bluesky: 6 hashtags, but the platform takes 3: Four, Five, Six would be dropped; on instagram: 6 hashtags, but the platform takes 5: Six would be dropped [social/hashtags]`,
		`content/posts/winter-falls.md:2:8: post "winter-falls" on instagram: an instagram post needs an image, and the post has none [social/image]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
