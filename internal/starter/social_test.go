package starter_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/social"
	"github.com/carepress/carepress/internal/social/export"
	"github.com/carepress/carepress/internal/starter"
	"github.com/rivo/uniseg"
)

// allPlatforms is social.platforms with every platform carepress knows.
const allPlatforms = "platforms: {x: {}, mastodon: {}, bluesky: {}, threads: {}, facebook: {}, linkedin: {}, instagram: {}}"

// beforeWelcome is a clock before the starter's welcome post, so that its
// shares are all to come.
var beforeWelcome = time.Date(2025, 12, 20, 12, 0, 0, 0, time.UTC)

// socialSite writes the starter site of kind k and country c with
// platforms as its social.platforms and its own posts no longer drafts;
// text, when set, becomes the welcome post's social.text.
func socialSite(t testing.TB, k starter.Kind, c starter.Country, platforms, text string) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := starter.Site(dir, k, c); err != nil {
		t.Fatal(err)
	}
	edit := func(name, old, new string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s has no %q", name, old)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("carepress.yaml", "platforms: {}", platforms)
	edit("content/posts/welcome.md", "draft: true", "draft: false")
	if text != "" {
		edit("content/posts/welcome.md", "\n---\n", "\nsocial: {text: \""+text+"\"}\n---\n")
	}
	return dir
}

// TestEveryStarterPlansEveryPlatform: a new site of every kind and every
// country, its posts published and all seven platforms on, plans snippets
// on every platform with no social error or warning, no text repeated
// across a post's shares on a platform, and no title cut mid-phrase.
func TestEveryStarterPlansEveryPlatform(t *testing.T) {
	for _, k := range starter.Kinds {
		for _, cc := range starter.Countries() {
			t.Run(k.Name+"-"+cc, func(t *testing.T) {
				t.Parallel()
				c, err := starter.LookupCountry(cc)
				if err != nil {
					t.Fatal(err)
				}
				dir := socialSite(t, k, c, allPlatforms, "")
				s, _, err := build.Load(context.Background(), build.Options{Root: dir, Now: beforeWelcome})
				if err != nil {
					t.Fatal(err)
				}
				for _, pr := range social.Problems(s) {
					t.Errorf("check: %s: %s [%s]", pr.Page.Source.At(pr.Field), pr.Message, pr.Rule)
				}
				plan, warnings, err := build.Plan(s, s.Now, "")
				if err != nil {
					t.Fatal(err)
				}
				for _, w := range warnings {
					t.Errorf("plan: %v", w)
				}
				checkSnippets(t, plan, 7, 2)
			})
		}
	}
}

// checkSnippets asserts that plan has shares snippets of each post on each
// of platforms platforms, none repeating another's text on its platform,
// none cutting its post's title.
func checkSnippets(t *testing.T, plan *export.Plan, platforms, shares int) {
	t.Helper()
	seen := map[string]string{}
	per := map[string]int{}
	for _, it := range plan.Items {
		per[it.Post+" "+it.Platform]++
		key := it.Post + "\x00" + it.Platform + "\x00" + strings.ReplaceAll(it.Text, it.URL, "")
		if prev, dup := seen[key]; dup {
			t.Errorf("%s repeats %s:\n%s", it.ID, prev, it.Text)
		}
		seen[key] = it.ID
		for _, line := range strings.Split(it.Text, "\n") {
			if cut, ok := strings.CutSuffix(line, "…"); ok && strings.HasPrefix(it.PostTitle, cut) {
				t.Errorf("%s cuts the title to %q", it.ID, line)
			}
		}
		if it.Length > it.Limit {
			t.Errorf("%s is %d/%d", it.ID, it.Length, it.Limit)
		}
		if it.Platform == "instagram" && it.Image == "" {
			t.Errorf("%s has no image", it.ID)
		}
	}
	if len(per) != platforms {
		t.Errorf("snippets on %d post platforms, want %d: %v", len(per), platforms, per)
	}
	for k, n := range per {
		if n != shares {
			t.Errorf("%s: %d shares, want %d", k, n, shares)
		}
	}
}

// TestStarterBlueskyFitsA150GraphemeText: with the starter's social notice
// and its tracked link written out in full (as the CSVs need it), a social
// text of 150 graphemes fits Bluesky's 300, for every country's notices;
// the text one grapheme over the boundary is an error naming the count.
func TestStarterBlueskyFitsA150GraphemeText(t *testing.T) {
	k, _ := starter.LookupKind("clinic")
	// Graphemes of several shapes: ASCII, a combining accent, an emoji
	// sequence, CJK, so the count is of graphemes, not bytes or runes.
	unit := []string{"a", "e\u0301", "👩\u200d⚕️", "診", " "}
	text := func(n int) string {
		var b strings.Builder
		for i := range n {
			g := unit[i%len(unit)]
			if i == 0 || i == n-1 {
				g = "A" // no space at either end
			}
			b.WriteString(g)
		}
		return b.String()
	}
	if got := uniseg.GraphemeClusterCount(text(150)); got != 150 {
		t.Fatalf("test text has %d graphemes", got)
	}
	for _, cc := range []string{"US", "AU", "GB", "IE"} {
		t.Run(cc, func(t *testing.T) {
			c, err := starter.LookupCountry(cc)
			if err != nil {
				t.Fatal(err)
			}
			dir := socialSite(t, k, c, "platforms: {bluesky: {}}", "")
			welcome := filepath.Join(dir, "content", "posts", "welcome.md")
			post, err := os.ReadFile(welcome)
			if err != nil {
				t.Fatal(err)
			}
			plan := func(n int) (*export.Plan, error) {
				withText := strings.Replace(string(post), "\n---\n", "\nsocial: {text: \""+text(n)+"\"}\n---\n", 1)
				if err := os.WriteFile(welcome, []byte(withText), 0o644); err != nil {
					t.Fatal(err)
				}
				s, _, err := build.Load(context.Background(), build.Options{Root: dir, Now: beforeWelcome})
				if err != nil {
					t.Fatal(err)
				}
				p, _, err := build.Plan(s, s.Now, "")
				return p, err
			}
			p, err := plan(150)
			if err != nil {
				t.Fatalf("a 150-grapheme social text does not fit: %v", err)
			}
			var sn *export.Item
			for i, it := range p.Items {
				if it.ID == "welcome:bluesky:0" {
					sn = &p.Items[i]
				}
			}
			if sn == nil {
				t.Fatal("no first Bluesky share")
			}
			if !strings.HasPrefix(sn.Text, text(150)+"\n"+sn.URL+"\n") || sn.Length > 300 {
				t.Errorf("Bluesky snippet %d/300 does not carry the whole text and link:\n%s", sn.Length, sn.Text)
			}
			// The boundary: the longest text that fits, and one more.
			n := 150
			for ; n < 300; n++ {
				if _, err := plan(n + 1); err != nil {
					var list diag.List
					if !errors.As(err, &list) || len(list) != 1 || !strings.Contains(err.Error(), `post "welcome" on bluesky: social text is 301/300 (shorten it)`) {
						t.Errorf("%d graphemes: %v, want one error naming the count", n+1, err)
					}
					break
				}
			}
			t.Logf("%s: a social text of up to %d graphemes fits Bluesky", cc, n)
			if n < 150 || n >= 300 {
				t.Errorf("boundary at %d graphemes", n)
			}
		})
	}
}
