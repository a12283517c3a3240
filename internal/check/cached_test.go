package check_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/check"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/render"
	"github.com/carepress/carepress/internal/site"
)

// A post loaded through the build's content cache keeps its headings and
// links on disk, not in memory: the link and heading rules read them back
// and find the same as on a site loaded without a cache, in the build that
// fills the cache and in the next one, which reads it.
func TestLinkAndHeadingRulesReadCachedPosts(t *testing.T) {
	root, s := load(t, map[string]string{
		"carepress.yaml": config,
		"content/posts/a.md": "---\ntitle: Flu shots for the whole family this fall\ndate: 2026-10-01\n---\n" +
			"Intro.\n\n# A second title\n\n#### Too deep\n\nSee [costs](/posts/b/#costs), [nothing](/posts/b/#nope) and [gone](/posts/zzz/).\n",
		"content/posts/b.md": "---\ntitle: What a flu shot costs at our clinic\ndate: 2026-10-02\n---\n" +
			"## Costs\n\nMost plans pay. Back to [a](/posts/a/#a-second-title).\n",
	})
	const families = "links/|seo/h1|seo/heading-skip"
	pick := func(fs []check.Finding) []string {
		var out []string
		for _, f := range fs {
			for _, fam := range strings.Split(families, "|") {
				if strings.HasPrefix(f.Rule, fam) {
					out = append(out, f.Rule+"@"+f.Pos.String()+" "+f.Message)
				}
			}
		}
		return out
	}
	want := pick(check.Run(context.Background(), s, check.Options{Root: root, Now: now, NoCache: true}))
	if len(want) != 4 {
		t.Fatalf("uncached site: findings %q, want an h1, a heading skip, a broken link and a missing anchor", want)
	}
	for _, run := range []string{"cold", "warm"} {
		var got []string
		hook := func(ctx context.Context, s *site.Site, _ *render.Renderer) diag.List {
			got = pick(check.Run(ctx, s, check.Options{Root: root, Now: now, NoCache: true}))
			return nil
		}
		if _, err := build.Build(context.Background(), build.Options{Root: root, Now: now, Check: hook, Force: true}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s build: findings\n%q\nwant\n%q", run, got, want)
		}
	}
}
