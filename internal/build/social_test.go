package build_test

import (
	"bytes"
	"context"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/social/export"
	"github.com/carepress/carepress/internal/social/schedule"
)

// TestExamplePlanGolden plans the example site's snippets for 90 days
// from two clocks, the second crossing the DST change of 14 March 2027 in
// America/Chicago, and holds each plan to its golden file and to the
// schedule's rules.
func TestExamplePlanGolden(t *testing.T) {
	for _, tt := range []struct{ now, golden string }{
		{"2026-12-01T00:00:00-06:00", "plan-2026-12-01.json"},
		{"2027-02-20T00:00:00-06:00", "plan-2027-02-20.json"},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			now, err := time.Parse(time.RFC3339, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			s, _, err := build.Load(context.Background(), build.Options{Root: exampleRoot, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			plan, warnings, err := build.Plan(s, now, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range warnings {
				t.Errorf("warning: %v", w)
			}
			end := now.AddDate(0, 0, 90)
			var items []export.Item
			for _, it := range plan.Items {
				if it.ScheduledAt.Before(end) {
					items = append(items, it)
				}
			}
			if len(items) == 0 {
				t.Fatal("no snippets in 90 days")
			}
			plan.Items = items
			checkPlanRules(t, s, plan)
			files, err := export.Files(plan)
			if err != nil {
				t.Fatal(err)
			}
			compareGolden(t, filepath.Join("testdata", "social", tt.golden), files["plan.json"])
		})
	}
}

// checkPlanRules asserts what a practice relies on: no platform over
// per_day on a local day, every time a slot's local time, no first share
// before the rebuild that publishes its post, no text repeated across the
// shares of a post on a platform, and no title cut mid-phrase.
func checkPlanRules(t *testing.T, s *site.Site, plan *export.Plan) {
	t.Helper()
	cfg := s.Config
	loc := cfg.Location
	slots := map[string]bool{}
	for _, sl := range cfg.Social.SlotTimes {
		slots[sl.String()] = true
	}
	perDay := map[string]int{}
	posts := map[string]*site.Page{}
	all := append(append([]*site.Page{}, s.Posts...), s.Scheduled...)
	for _, ls := range s.Langs { // translated posts are shared too
		all = append(all, ls.Posts...)
	}
	for _, p := range all {
		posts[strings.TrimPrefix(strings.Trim(p.Path, "/"), "posts/")] = p
	}
	rebuild := schedule.Planner{Loc: loc, RebuildHour: cfg.Social.RebuildHour, RebuildMinute: cfg.Social.RebuildMinute}
	texts := map[string]string{} // post, platform and text without the link → id
	for _, it := range plan.Items {
		key := it.Post + "\x00" + it.Platform + "\x00" + strings.ReplaceAll(it.Text, it.URL, "")
		if prev, dup := texts[key]; dup {
			t.Errorf("%s repeats the text of %s:\n%s", it.ID, prev, it.Text)
		}
		texts[key] = it.ID
		for _, line := range strings.Split(it.Text, "\n") {
			if cut, ok := strings.CutSuffix(line, "…"); ok && strings.HasPrefix(it.PostTitle, cut) {
				t.Errorf("%s cuts the title %q to %q", it.ID, it.PostTitle, line)
			}
		}
		local := it.ScheduledAt.In(loc)
		day := local.Format("2006-01-02") + " " + it.Platform
		perDay[day]++
		if perDay[day] > cfg.Social.PerDay {
			t.Errorf("%s: %d snippets on one day, per_day is %d", day, perDay[day], cfg.Social.PerDay)
		}
		if key := local.Format("Mon 15:04"); !slots[key] {
			t.Errorf("%s at %s (%s): not a slot", it.ID, local, key)
		}
		if it.Length > it.Limit || it.Length <= 0 {
			t.Errorf("%s: length %d, limit %d", it.ID, it.Length, it.Limit)
		}
		p := posts[it.Post]
		if p == nil {
			t.Errorf("%s: unknown post %q", it.ID, it.Post)
			continue
		}
		if r := rebuild.Rebuild(p.Date); it.ScheduledAt.Before(r) {
			t.Errorf("%s at %s: before the rebuild %s that publishes the post", it.ID, local, r)
		}
		if p.Draft {
			t.Errorf("%s: a draft was planned", it.ID)
		}
	}
}

func compareGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update after an intended change)\n%s", name, firstDiff(got, want))
	}
}

// unpublishedSite is a small site with social snippets, a reviewer and a
// notice, to which a test adds one post.
var unpublishedSite = map[string]string{
	"carepress.yaml": `title: Riverbend Family Clinic
base_url: https://riverbend.example.com/
timezone: America/Chicago
social:
  platforms: {x: {}}
  slots: ["Tue 09:00", "Thu 12:30"]
`,
	"content/authors/ana.md":       "---\nname: Ana Ruiz\ncredentials: MD\n---\n",
	"content/notices/no-advice.md": "---\ntitle: Not advice\nkind: disclaimer\nsummary: General information, not medical advice.\nplacement: [footer]\n---\nText.\n",
	"content/posts/live.md":        "---\ntitle: Wash your hands\ndate: 2026-10-01\nauthor: ana\n---\nWash them well.\n",
}

// TestPlanScreensSnippetTexts: the planner refuses a snippet whose text
// holds a patient identifier, whatever the checks did before it (a
// defence in depth: `carepress social` and the build run the privacy
// rules first).
func TestPlanScreensSnippetTexts(t *testing.T) {
	for _, text := range []string{
		"Mr. Jones slipped on the ice and was diagnosed with a broken hip.",
		"Questions? Call 217-555-0199.",
		"Her SSN is 123-45-6789.",
	} {
		files := map[string]string{"content/posts/x.md": "---\ntitle: Winter falls\ndate: 2027-01-05\nsocial: {text: \"" + text + "\"}\n---\nIce is slippery.\n"}
		for k, v := range unpublishedSite {
			files[k] = v
		}
		root := writeSite(t, files)
		s, _, err := build.Load(context.Background(), build.Options{Root: root, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = build.Plan(s, now, "")
		if err == nil || !strings.Contains(err.Error(), `content/posts/x.md:4:16: post "x" on x: the snippet would share`) {
			t.Errorf("%q: err = %v, want the snippet refused", text, err)
		}
	}
}

// TestSocialPreviewLoadsImagesFromTheOutput: social/index.html, opened
// from disk after a build, finds every image it shows in the output
// folder, wherever -o and --social point; a scheduled post's card, which
// the build that publishes it makes, is named rather than shown broken.
func TestSocialPreviewLoadsImagesFromTheOutput(t *testing.T) {
	files := map[string]string{
		"carepress.yaml": "title: Test Clinic\nbase_url: https://test.example.com/clinic/\ntimezone: America/Chicago\n" +
			"social: {platforms: {x: {}, instagram: {}}, reshare: [7d]}\n",
		"content/posts/beach/index.md":  "---\ntitle: Beach day\ndate: 2026-11-19\nimage: photo.jpg\nimage_alt: A beach\n---\nSun and sand.\n",
		"content/posts/beach/photo.jpg": string(phonePhoto(t, 400, 300)),
		"content/posts/hands.md":        "---\ntitle: Wash your hands\ndate: 2026-11-18\n---\nSoap and water.\n",
		"content/posts/sleep.md":        "---\ntitle: Sleep well\ndate: 2026-11-19\nimage: /images/bed.png\nimage_alt: A bed\n---\nSeven hours.\n",
		"static/images/bed.png":         string(pngOf(t, 300, 200)),
		"content/posts/later.md":        "---\ntitle: Coming soon\ndate: 2026-12-01T07:00:00\n---\nLater.\n",
	}
	for _, tc := range []struct {
		name, out, social string // relative to the site root; "" for the default
	}{
		{"defaults", "", ""},
		{"both elsewhere", "deploy/www site", "exports/social#1"},
		{"output beside the site", "../out", "social-exports"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := writeSite(t, files)
			opts := build.Options{Root: root, Now: now}
			if tc.out != "" {
				opts.Out = filepath.Join(root, tc.out)
			}
			if tc.social != "" {
				opts.Social = filepath.Join(root, tc.social)
			}
			res, err := build.Build(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			page, err := os.ReadFile(filepath.Join(res.Social, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			srcs := regexp.MustCompile(`<img src="([^"]+)"`).FindAllStringSubmatch(string(page), -1)
			loaded := map[string]bool{}
			for _, m := range srcs {
				src := html.UnescapeString(m[1])
				u, err := url.Parse(src)
				if err != nil || u.IsAbs() || strings.HasPrefix(src, "/") {
					t.Errorf("img src %q is not a relative path", src)
					continue
				}
				file := filepath.Join(res.Social, filepath.FromSlash(u.Path))
				if _, err := os.Stat(file); err != nil {
					t.Errorf("img src %q: %v", src, err)
				}
				rel, err := filepath.Rel(res.Out, file)
				if err != nil || strings.HasPrefix(rel, "..") {
					t.Errorf("img src %q is not in the output folder %s", src, res.Out)
				}
				loaded[filepath.ToSlash(rel)] = true
			}
			for _, want := range []string{"posts/beach/photo.jpg", "posts/hands/card.png", "images/bed.png"} {
				if !loaded[want] {
					t.Errorf("the preview does not show %s; it shows %v", want, loaded)
				}
			}
			if !strings.Contains(string(page), `<p class="pending">Image: made by the build that publishes the post, at <a href="https://test.example.com/clinic/posts/later/card.png">`) {
				t.Errorf("the scheduled post's card is not named as pending:\n%s", page)
			}
		})
	}
}
