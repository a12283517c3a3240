package check_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/check"
	"github.com/carepress/carepress/internal/site"
)

// loadAs writes files into a new site root and loads it with the publish
// rules of a build: drafts and scheduled posts are left out of the site
// (s.Drafts, s.Scheduled), unless drafts is set.
func loadAs(t *testing.T, files map[string]string, drafts bool) (string, *site.Site) {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, _, err := build.Load(context.Background(), build.Options{Root: root, Now: now, Drafts: drafts})
	if err != nil {
		t.Fatal(err)
	}
	return root, s
}

// found runs every check and returns "severity rule@file:line:col message"
// for each finding in file.
func found(t *testing.T, s *site.Site, root, file string) []string {
	t.Helper()
	var out []string
	for _, f := range check.Run(context.Background(), s, check.Options{Root: root, Now: now, NoCache: true}) {
		if f.Pos.File == file {
			out = append(out, f.Severity.String()+" "+f.Rule+"@"+f.Pos.String()+" "+f.Message)
		}
	}
	return out
}

const unpublishedConfig = `title: Riverbend Family Clinic
base_url: https://riverbend.example.com/
timezone: America/Chicago
social:
  platforms: {x: {}}
  slots: ["Tue 09:00"]
check:
  rules: {health/sources: off, health/reading-grade: off, seo/title-length: off, seo/description: off}
`

// unpublishedRules are posts that break one rule each, in their body or
// front matter (after "title", "date", the case's extra line and
// "reviewed_by"/"last_reviewed"), with the finding each must give.
var unpublishedRules = []struct {
	name, front, body string
	want              string // "rule@line:col message", lines counted as for a scheduled post
}{
	{"SSN", "", "Hand washing matters.\n\nHer SSN is 123-45-6789.",
		`privacy/ssn@9:12 "123-45-6789" looks like a Social Security number`},
	{"patient name with a diagnosis", "", "Hand washing matters.\n\nMy patient Maria was diagnosed with diabetes last spring.",
		`privacy/patient-name@9:12 "Maria" looks like a patient's name`},
	{"social text", "social: {text: \"Ask Mr. Jones how his diabetes treatment went: 123-45-6789\"}\n", "Hand washing matters.",
		`privacy/ssn@4:16 social.text: "123-45-6789" looks like a Social Security number`},
	{"social text for a platform", "social: {text_by_platform: {x: \"Our patient Maria was admitted with pneumonia.\"}}\n", "Hand washing matters.",
		`privacy/patient-name@4:32 social.text_by_platform.x: "Maria" looks like a patient's name`},
	{"broken link", "", "See [our hours](/contact/).",
		`links/broken@7:5 link to /contact/: no such page or file`},
	{"missing review", "", "",
		`health/reviewer@2:8 post has no clinical reviewer`},
}

func unpublishedPost(front, body string, draft bool) string {
	head := "---\ntitle: Hand washing\ndate: 2027-01-05\n"
	if draft {
		head = "---\ntitle: Hand washing\ndate: 2026-11-01\ndraft: true\n"
	}
	if body == "" {
		return head + front + "---\nHand washing matters.\n"
	}
	return head + front + "reviewed_by: ana\nlast_reviewed: 2026-10-01\n---\n" + body + "\n"
}

var unpublishedSite = map[string]string{
	"carepress.yaml":         unpublishedConfig,
	"content/authors/ana.md": "---\nname: Ana Ruiz\ncredentials: MD\n---\n",
	"content/posts/live.md":  "---\ntitle: Live\ndate: 2026-10-01\nreviewed_by: ana\nlast_reviewed: 2026-10-01\n---\nx\n",
}

// A scheduled post is checked as a published one is, by every rule and
// with the same severity: the rebuild that publishes it runs unattended.
func TestScheduledPostsAreChecked(t *testing.T) {
	for _, tt := range unpublishedRules {
		t.Run(tt.name, func(t *testing.T) {
			files := copyFiles(unpublishedSite)
			files["content/posts/x.md"] = unpublishedPost(tt.front, tt.body, false)
			root, s := loadAs(t, files, false)
			if len(s.Scheduled) != 1 {
				t.Fatalf("scheduled %d posts, want 1", len(s.Scheduled))
			}
			got := found(t, s, root, "content/posts/x.md")
			want := "error " + strings.Replace(tt.want, "@", "@content/posts/x.md:", 1)
			if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, want) }) {
				t.Errorf("findings:\n%s\nwant %q", strings.Join(got, "\n"), want)
			}
		})
	}
}

// A draft's findings are warnings, so that a draft in the repository
// never blocks a deploy; a build with drafts checks them fully.
func TestDraftFindingsAreWarningsUnlessDraftsAreBuilt(t *testing.T) {
	for _, tt := range unpublishedRules {
		t.Run(tt.name, func(t *testing.T) {
			files := copyFiles(unpublishedSite)
			files["content/posts/x.md"] = unpublishedPost(tt.front, tt.body, true)
			// The draft's front matter has one line more.
			rule, rest, _ := strings.Cut(tt.want, "@")
			line, rest, _ := strings.Cut(rest, ":")
			if n, _ := strconv.Atoi(line); n > 2 {
				line = strconv.Itoa(n + 1)
			}
			pos := rule + "@content/posts/x.md:" + line + ":"
			col, msg, _ := strings.Cut(rest, " ")

			root, s := loadAs(t, files, false)
			got := found(t, s, root, "content/posts/x.md")
			want := "warning " + pos + col + " draft: " + msg
			if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, want) }) {
				t.Errorf("findings:\n%s\nwant %q", strings.Join(got, "\n"), want)
			}
			for _, g := range got {
				if strings.HasPrefix(g, "error ") {
					t.Errorf("a draft's finding is an error: %s", g)
				}
			}

			root, s = loadAs(t, files, true)
			got = found(t, s, root, "content/posts/x.md")
			want = "error " + pos + col + " " + msg
			if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, want) }) {
				t.Errorf("with drafts, findings:\n%s\nwant %q", strings.Join(got, "\n"), want)
			}
		})
	}
}

// A link is judged on the day its page publishes: from a published page,
// today; from a scheduled post, on its date. A post scheduled earlier is
// there by then; one scheduled later, a draft or a post expired by then
// is not, and the unattended rebuild would publish a broken link.
func TestLinksFromScheduledPostsAreJudgedOnTheirDate(t *testing.T) {
	files := copyFiles(unpublishedSite)
	for name, text := range map[string]string{
		"content/posts/earlier.md":  "---\ntitle: Earlier\ndate: 2026-12-15\n---\n## Steps\nx\n",
		"content/posts/same-day.md": "---\ntitle: Same day\ndate: 2027-01-05\n---\nx\n",
		"content/posts/later.md":    "---\ntitle: Later\ndate: 2027-02-01\n---\nx\n",
		"content/posts/draft.md":    "---\ntitle: Draft\ndate: 2026-10-01\ndraft: true\n---\nSee [the draft](/posts/draft2/) and [later](/posts/later/).\n",
		"content/posts/draft2.md":   "---\ntitle: Draft 2\ndate: 2026-10-01\ndraft: true\n---\nx\n",
		"content/posts/expiring.md": "---\ntitle: Expiring\ndate: 2026-10-01\nexpiry_date: 2026-12-31\n---\nx\n",
		"content/posts/x.md": "---\ntitle: X\ndate: 2027-01-05\nreviewed_by: ana\nlast_reviewed: 2026-10-01\n---\n" +
			"[a](/posts/live/) [b](/posts/earlier/#steps) [c](/posts/same-day/) [d](/posts/later/)\n" +
			"[e](/posts/draft/) [f](/posts/expiring/) [g](/posts/earlier/#step) [h](/posts/gone/)\n",
		"content/posts/live.md": "---\ntitle: Live\ndate: 2026-10-01\nreviewed_by: ana\nlast_reviewed: 2026-10-01\n---\n" +
			"[x](/posts/x/) [earlier](/posts/earlier/) [expiring](/posts/expiring/)\n",
	} {
		files[name] = text
	}
	root, s := loadAs(t, files, false)
	var got []string
	for _, f := range check.Run(context.Background(), s, check.Options{Root: root, Now: now, NoCache: true}) {
		if strings.HasPrefix(f.Rule, "links/") {
			got = append(got, f.Severity.String()+" "+f.Rule+"@"+f.Pos.String()+" "+f.Message)
		}
	}
	want := []string{
		"error links/unpublished@content/posts/live.md:7:1 link to /posts/x/, which is scheduled for 2027-01-05: the link would 404 or leak it",
		"error links/unpublished@content/posts/live.md:7:16 link to /posts/earlier/, which is scheduled for 2026-12-15: the link would 404 or leak it",
		"error links/unpublished@content/posts/x.md:7:68 link to /posts/later/, which is scheduled for 2027-02-01, after this post publishes on 2027-01-05: the link would 404 until then",
		"error links/unpublished@content/posts/x.md:8:1 link to /posts/draft/, which is a draft: the link would 404 or leak it",
		"error links/unpublished@content/posts/x.md:8:20 link to /posts/expiring/, which expires on 2026-12-31, before this post publishes on 2027-01-05: the link would 404",
		"error links/anchor@content/posts/x.md:8:42 link to #step: /posts/earlier/ has no heading with that id",
		"error links/broken@content/posts/x.md:8:68 link to /posts/gone/: no such page or file",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("links findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func copyFiles(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
