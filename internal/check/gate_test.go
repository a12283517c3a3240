package check_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/check"
)

// gateNow is the clock of the gate's builds: the scheduled posts below
// are after it.
var gateNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.FixedZone("CST", -6*3600))

// gateSite is a small site with social snippets, a reviewer and a
// notice, to which a test adds one post.
var gateSite = map[string]string{
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

// scheduledBreaks are posts dated after the build's clock (2026-11-24),
// each breaking one rule, with the error that must fail the build today.
var scheduledBreaks = []struct {
	name, post, want string
}{
	{"privacy in the body", "---\ntitle: Winter falls\ndate: 2027-01-05\n---\nIce is slippery.\n\nHer SSN is 123-45-6789.\n",
		`content/posts/x.md:7:12: "123-45-6789" looks like a Social Security number`},
	{"a patient in the body", "---\ntitle: Winter falls\ndate: 2027-01-05\n---\nIce is slippery.\n\nOur patient Maria was admitted with a broken hip.\n",
		`content/posts/x.md:7:13: "Maria" looks like a patient's name`},
	{"privacy in the social text", "---\ntitle: Winter falls\ndate: 2027-01-05\nsocial: {text: \"Mr. Jones fell on the ice and was diagnosed with a fracture.\"}\n---\nIce is slippery.\n",
		`content/posts/x.md:4:16: social.text: "Mr. Jones" looks like a patient's name`},
	{"an unknown author", "---\ntitle: Winter falls\ndate: 2027-01-05\nauthor: bob\n---\nIce is slippery.\n",
		`content/posts/x.md:4:9: unknown author "bob" (known: ana)`},
	{"an unknown notice", "---\ntitle: Winter falls\ndate: 2027-01-05\nnotices: [no-advise]\n---\nIce is slippery.\n",
		`content/posts/x.md:4:11: unknown notice "no-advise" (did you mean "no-advice"?)`},
	{"an unknown series", "---\ntitle: Winter falls\ndate: 2027-01-05\nseries: winter\nseries_order: 1\n---\nIce is slippery.\n",
		`content/posts/x.md:4:9: unknown series "winter"`},
}

// A scheduled post's problem fails the build today, naming its file, line
// and column, and leaves public/ and social/ as the last good build left
// them: its snippets are in social/ long before the unattended rebuild
// that publishes it.
func TestScheduledPostFailsTheBuildToday(t *testing.T) {
	for _, tt := range scheduledBreaks {
		t.Run(tt.name, func(t *testing.T) {
			root := writeRoot(t, gateSite)
			ctx := context.Background()
			opts := build.Options{Root: root, Now: gateNow}
			opts.Check = check.Gate(root, false)
			if _, err := build.Build(ctx, opts); err != nil {
				t.Fatal(err)
			}
			public, social := snapshot(t, filepath.Join(root, "public")), snapshot(t, filepath.Join(root, "social"))
			if err := os.WriteFile(filepath.Join(root, "content", "posts", "x.md"), []byte(tt.post), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := build.Build(ctx, opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant %q", err, tt.want)
			}
			for dir, before := range map[string]map[string]string{"public": public, "social": social} {
				after := snapshot(t, filepath.Join(root, dir))
				if len(after) != len(before) {
					t.Errorf("%s/ has %d files after the failed build, %d before", dir, len(after), len(before))
				}
				for name, data := range before {
					if after[name] != data {
						t.Errorf("%s changed in the failed build", name)
					}
				}
			}
		})
	}
}

// A draft's problems never block a deploy: the build passes with them as
// warnings. A build with drafts (into another folder) checks them fully.
func TestDraftProblemsWarnUnlessDraftsAreBuilt(t *testing.T) {
	for _, tt := range scheduledBreaks {
		t.Run(tt.name, func(t *testing.T) {
			// The same post as a draft dated today: "draft: true" on line 3.
			post := strings.Replace(tt.post, "date: 2027-01-05\n", "draft: true\ndate: 2026-11-01\n", 1)
			file, rest, _ := strings.Cut(tt.want, ":")
			line, rest, _ := strings.Cut(rest, ":")
			want := file + ":" + string(rune(line[0]+1)) + ":" + rest
			col, msg, _ := strings.Cut(rest, ": ")
			warning := file + ":" + string(rune(line[0]+1)) + ":" + col + ": warning: draft: " + msg

			files := map[string]string{"content/posts/x.md": post}
			for k, v := range gateSite {
				files[k] = v
			}
			root := writeRoot(t, files)
			ctx := context.Background()
			res, err := build.Build(ctx, build.Options{Root: root, Now: gateNow, Check: check.Gate(root, false)})
			if err != nil {
				t.Fatalf("a draft blocks the build: %v", err)
			}
			if !strings.Contains(res.Warnings.Error(), warning) {
				t.Errorf("warnings:\n%v\nwant %q", res.Warnings, warning)
			}
			out := filepath.Join(t.TempDir(), "preview")
			_, err = build.Build(ctx, build.Options{Root: root, Now: gateNow, Drafts: true, Out: out, Social: filepath.Join(t.TempDir(), "social"),
				Check: check.Gate(root, false)})
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("with drafts, err = %v\nwant %q", err, want)
			}
		})
	}
}

// writeRoot writes files into a new site root.
func writeRoot(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// snapshot reads every file under dir, by path.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		files[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
