package site_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/markdown"
	"github.com/carepress/carepress/internal/site"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func load(t *testing.T, files map[string]string, opts site.Options) (*site.Site, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{}
	if _, ok := files["carepress.yaml"]; !ok {
		files["carepress.yaml"] = "title: Test Clinic\nbase_url: https://test.example.com/\ntimezone: America/Chicago\n"
	}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	set, errs := content.Load(context.Background(), fsys, content.Options{Config: cfg, Converter: markdown.New(markdown.Options{})})
	if errs.Err() != nil {
		return nil, errs
	}
	if opts.Now.IsZero() {
		opts.Now = now
	}
	return site.New(context.Background(), cfg, set, opts)
}

func paths(ps []*site.Page) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Path)
	}
	return strings.Join(out, " ")
}

func TestPublishRules(t *testing.T) {
	files := map[string]string{
		"content/posts/live.md":    "---\ntitle: Live\ndate: 2026-10-01\n---\nx",
		"content/posts/draft.md":   "---\ntitle: Draft\ndate: 2026-10-01\ndraft: true\n---\nx",
		"content/posts/future.md":  "---\ntitle: Future\ndate: 2031-01-01\n---\nx",
		"content/posts/expired.md": "---\ntitle: Expired\ndate: 2026-01-01\nexpiry_date: 2026-06-01\n---\nx",
		"content/posts/later.md":   "---\ntitle: Later\ndate: 2026-01-01\npublish_date: 2026-12-01\n---\nx",
	}
	tests := []struct {
		opts site.Options
		want string
	}{
		{site.Options{}, "/posts/live/"},
		{site.Options{Drafts: true}, "/posts/draft/ /posts/live/"},
		{site.Options{Future: true}, "/posts/future/ /posts/later/ /posts/live/"},
		{site.Options{Expired: true}, "/posts/live/ /posts/expired/"},
		{site.Options{Now: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)}, "/posts/later/ /posts/live/"},
	}
	for _, tt := range tests {
		s, errs := load(t, copyMap(files), tt.opts)
		if errs.Err() != nil {
			t.Fatal(errs)
		}
		if got := paths(s.Posts); got != tt.want {
			t.Errorf("%+v: posts %q, want %q", tt.opts, got, tt.want)
		}
		for _, p := range s.All {
			if strings.Contains(p.Path, "draft") && !tt.opts.Drafts {
				t.Errorf("draft page rendered: %s", p.Path)
			}
		}
	}
}

func copyMap(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestSeriesOrderAndDates(t *testing.T) {
	s, errs := load(t, map[string]string{
		"content/series/fiber.md": "---\ntitle: Fiber\nstart: 2026-10-06\nevery: 7d\n---\n",
		"content/posts/f2.md":     "---\ntitle: Two\nseries: fiber\nseries_order: 2\n---\nx",
		"content/posts/f1.md":     "---\ntitle: One\nseries: fiber\nseries_order: 1\n---\nx",
		"content/posts/f3.md":     "---\ntitle: Three\nseries: fiber\nseries_order: 3\ndate: 2026-10-30\n---\nx",
		"content/posts/f9.md":     "---\ntitle: Nine\nseries: fiber\nseries_order: 9\n---\nx",
	}, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	se := s.SeriesByID["fiber"]
	if got := paths(se.Posts); got != "/posts/f1/ /posts/f2/ /posts/f3/" {
		t.Fatalf("series posts %q (part 9 is dated 2026-12-01, after now)", got)
	}
	if d := se.Posts[1].Date.Format("2006-01-02"); d != "2026-10-13" {
		t.Errorf("part 2 dated %s, want start + 7d", d)
	}
	if se.Posts[1].Prev != se.Posts[0] || se.Posts[1].Next != se.Posts[2] || se.Posts[0].Prev != nil {
		t.Error("prev/next wrong")
	}
}

func TestListsAndTaxonomies(t *testing.T) {
	files := map[string]string{
		"content/authors/ana.md": "---\nname: Ana Ruiz\ncredentials: RDN\n---\n",
	}
	for i := range 23 {
		files["content/posts/p"+string(rune('a'+i))+".md"] = "---\ntitle: Post\ndate: 2026-01-" + two(i+1) + "\nauthor: ana\ntags: [Heart Health, Nutrition]\ncategories: [Prevention]\n---\nx"
	}
	s, errs := load(t, files, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	byPath := map[string]*site.Page{}
	for _, p := range s.All {
		byPath[p.Path] = p
	}
	for _, want := range []string{"/", "/posts/", "/posts/page/2/", "/posts/page/3/", "/tags/", "/tags/heart-health/", "/tags/heart-health/page/3/", "/categories/prevention/", "/authors/", "/authors/ana/", "/404.html"} {
		if byPath[want] == nil {
			t.Errorf("no page %s", want)
		}
	}
	if byPath["/posts/page/4/"] != nil {
		t.Error("an empty fourth list page")
	}
	p2 := byPath["/posts/page/2/"].Pager
	if p2.Number != 2 || p2.Total != 3 || p2.Prev != "/posts/" || p2.Next != "/posts/page/3/" || len(p2.Pages) != 10 {
		t.Errorf("pager %+v", p2)
	}
	if s.Posts[0].Path != "/posts/pw/" {
		t.Errorf("newest first: %s", s.Posts[0].Path)
	}
	if len(s.PeopleByID["ana"].Posts) != 23 {
		t.Error("author's posts")
	}
}

func two(n int) string {
	if n < 10 {
		return "0" + string(rune('0'+n))
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"unknown author", map[string]string{
			"content/authors/maria.md": "---\nname: Maria\n---\nx",
			"content/posts/a.md":       "---\ntitle: A\ndate: 2026-01-01\nauthor: mario\n---\nx",
		}, `content/posts/a.md:4:9: unknown author "mario" (did you mean "maria"?)`},
		{"unknown reviewer", map[string]string{
			"content/posts/a.md": "---\ntitle: A\ndate: 2026-01-01\nreviewed_by: bob\n---\nx",
		}, `content/posts/a.md:4:14: unknown reviewer "bob" (none are defined yet)`},
		{"unknown series", map[string]string{
			"content/posts/a.md": "---\ntitle: A\ndate: 2026-01-01\nseries: x\nseries_order: 1\n---\nx",
		}, `content/posts/a.md:4:9: unknown series "x"`},
		{"duplicate slug", map[string]string{
			"content/posts/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\nx",
			"content/posts/b.md": "---\ntitle: B\ndate: 2026-01-01\nslug: a\n---\nx",
		}, `content/posts/a.md and content/posts/b.md both map to the URL /posts/a/`},
		{"bundle and file", map[string]string{
			"content/posts/a.md":       "---\ntitle: A\ndate: 2026-01-01\n---\nx",
			"content/posts/a/index.md": "---\ntitle: A2\ndate: 2026-01-01\n---\nx",
		}, `both map to the URL /posts/a/`},
		{"unknown notice", map[string]string{
			"content/notices/no-advice.md": "---\ntitle: N\nkind: disclaimer\n---\nx",
			"content/posts/a.md":           "---\ntitle: A\ndate: 2026-01-01\nnotices: [no-advise]\n---\nx",
		}, `content/posts/a.md:4:11: unknown notice "no-advise" (did you mean "no-advice"?)`},
		{"unknown placement", map[string]string{
			"content/notices/n.md": "---\ntitle: N\nplacement: [footer, sidebar]\n---\nx",
		}, `content/notices/n.md:3:21: unknown placement "sidebar"`},
		{"no date", map[string]string{
			"content/posts/a.md": "---\ntitle: A\n---\nx",
		}, `content/posts/a.md:1:1: post has no date`},
		{"alias clash", map[string]string{
			"content/posts/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\nx",
			"content/posts/b.md": "---\ntitle: B\ndate: 2026-01-01\naliases: [/posts/a/]\n---\nx",
		}, `content/posts/b.md:4:11: alias /posts/a/ is the URL of content/posts/a.md (remove the alias, or change the other page's URL)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := load(t, tt.files, site.Options{})
			if errs.Err() == nil || !strings.Contains(errs.Err().Error(), tt.want) {
				t.Errorf("errors:\n%v\nwant %q", errs, tt.want)
			}
		})
	}
}

func TestBannerWindow(t *testing.T) {
	files := map[string]string{
		"content/notices/holiday.md": "---\ntitle: Holiday hours\nsummary: Closed Dec 25.\nplacement: [banner]\nstart: 2026-12-20\nend: 2027-01-02\n---\n",
	}
	for _, tt := range []struct {
		at   time.Time
		show bool
	}{
		{time.Date(2026, 12, 19, 23, 0, 0, 0, time.UTC), false}, // 17:00 in Chicago on the 19th
		{time.Date(2026, 12, 20, 7, 0, 0, 0, time.UTC), true},
		{time.Date(2027, 1, 2, 20, 0, 0, 0, time.UTC), true}, // the end day is included
		{time.Date(2027, 1, 3, 7, 0, 0, 0, time.UTC), false},
	} {
		s, errs := load(t, copyMap(files), site.Options{Now: tt.at})
		if errs.Err() != nil {
			t.Fatal(errs)
		}
		if got := len(s.NoticesAt("banner")) == 1; got != tt.show {
			t.Errorf("at %v: banner shown %v, want %v", tt.at, got, tt.show)
		}
	}
}

func TestPagesAndSlugs(t *testing.T) {
	s, errs := load(t, map[string]string{
		"content/about.md":                "---\ntitle: About\n---\nWe care.",
		"content/services/index.md":       "---\ntitle: Services\n---\nx",
		"content/services/vaccines.md":    "---\ntitle: Vaccines\n---\nx",
		"content/posts/Café Crème.md":     "---\ntitle: Coffee\ndate: 2026-01-01\n---\nx",
		"content/posts/bundle/index.md":   "---\ntitle: Bundle\ndate: 2026-01-01\nimage: photo.jpg\nimage_alt: A photo\n---\n![A photo](photo.jpg)",
		"content/posts/bundle/photo.jpg":  "jpeg",
		"content/index.md":                "---\ntitle: Welcome\n---\nHello from the clinic.",
		"content/posts/bundle/.swp":       "x",
		"content/posts/bundle/notes.txt~": "x",
	}, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	if got := paths(s.Pages); got != "/about/" {
		t.Errorf("pages %q", got)
	}
	// content/services/index.md introduces the list of services.
	if len(s.Services) != 1 || s.Services[0].Page.Path != "/services/vaccines/" {
		t.Errorf("services %+v", s.Services)
	}
	for _, p := range s.All {
		if p.Path == "/services/" && (p.Kind != site.KindServices || p.Title != "Services" || p.Source == nil) {
			t.Errorf("services list %+v", p)
		}
	}
	if got := paths(s.Posts); !strings.Contains(got, "/posts/cafe-creme/") {
		t.Errorf("transliterated slug missing: %q", got)
	}
	if len(s.Files) != 1 || s.Files[0].Dst != "posts/bundle/photo.jpg" || s.Files[0].Src != "content/posts/bundle/photo.jpg" {
		t.Errorf("bundle files %+v", s.Files)
	}
	if s.Home.Title != "Welcome" || !strings.Contains(string(must(s.Home.Content())), "Hello from the clinic") {
		t.Errorf("home intro not used: %+v", s.Home.Title)
	}
	for _, p := range s.Posts {
		if p.Path == "/posts/bundle/" && p.Image != "/posts/bundle/photo.jpg" {
			t.Errorf("bundle image %q", p.Image)
		}
	}
}

func TestNoticeRules(t *testing.T) {
	cfgRequire := "title: Test Clinic\nbase_url: https://test.example.com/\npractice: {emergency_number: \"911\"}\nnotices:\n  require: [no-advice, emergency, privacy]\n"
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"missing required", map[string]string{
			"carepress.yaml":               cfgRequire,
			"content/notices/no-advice.md": "---\ntitle: N\nplacement: [post-end]\n---\nText",
			"content/notices/emergency.md": "---\ntitle: E\nkind: emergency\nplacement: [contact]\n---\nCall 911",
		}, `carepress.yaml:5:35: required notice "privacy" is missing: there is no content/notices/privacy.md (create it with ` + "`carepress new notice privacy`" + `, or remove it from notices.require)`},
		{"empty required", map[string]string{
			"carepress.yaml":               cfgRequire,
			"content/notices/no-advice.md": "---\ntitle: N\nplacement: [post-end]\n---\n",
			"content/notices/emergency.md": "---\ntitle: E\nkind: emergency\nplacement: [contact]\n---\nCall 911",
			"content/notices/privacy.md":   "---\ntitle: P\nplacement: [contact]\n---\nPrivate",
		}, `content/notices/no-advice.md:5: the notice has no text and no summary`}, // refused as it is loaded
		{"placed nowhere", map[string]string{
			"carepress.yaml":               cfgRequire,
			"content/notices/no-advice.md": "---\ntitle: N\nplacement: [post-end]\n---\nText",
			"content/notices/emergency.md": "---\ntitle: E\nkind: emergency\n---\nCall 911",
			"content/notices/privacy.md":   "---\ntitle: P\nplacement: [contact]\n---\nPrivate",
		}, `content/notices/emergency.md:1:1: required notice "emergency" is placed nowhere`},
		{"footer without summary", map[string]string{
			"content/notices/n.md": "---\ntitle: N\nplacement: [footer]\n---\nText",
		}, `content/notices/n.md:3:13: notice "n" is placed in footer but has no summary`},
		{"social without summary", map[string]string{
			"content/notices/n.md": "---\ntitle: N\nplacement: [post-end, social]\n---\nText",
		}, `content/notices/n.md:3:23: notice "n" is placed in social but has no summary`},
		{"emergency without number", map[string]string{
			// An unset number is the country's (911 here); a blank one is none.
			"carepress.yaml":       "title: Test Clinic\nbase_url: https://test.example.com/\npractice: {emergency_number: \" \"}\n",
			"content/notices/e.md": "---\ntitle: E\nkind: emergency\nplacement: [contact]\n---\nCall us",
		}, `content/notices/e.md:3:7: emergency notice "e", but the configuration has no emergency number`},
		{"unknown kind", map[string]string{
			"content/notices/e.md": "---\ntitle: E\nkind: boundry\n---\nx",
		}, `content/notices/e.md:3:7: unknown notice kind "boundry" (did you mean "boundary"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := load(t, tt.files, site.Options{})
			if errs.Err() == nil || !strings.Contains(errs.Err().Error(), tt.want) {
				t.Errorf("errors:\n%v\nwant %q", errs, tt.want)
			}
		})
	}
}

func TestPlaceholdersWarn(t *testing.T) {
	s, errs := load(t, map[string]string{
		"content/notices/npp.md": "---\ntitle: NPP\nkind: legal\n---\nEffective date: [[FILL IN: effective date]].\n\nContact [[FILL IN: privacy officer]].",
	}, site.Options{})
	if errs.Err() != nil || s == nil {
		t.Fatal(errs)
	}
	got := errs.Warnings().Error()
	for _, want := range []string{
		"content/notices/npp.md:5:17: warning: placeholder not filled in: effective date",
		"content/notices/npp.md:7:9: warning: placeholder not filled in: privacy officer",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings:\n%s\nwant %q", got, want)
		}
	}
}

func TestPostNotices(t *testing.T) {
	s, errs := load(t, map[string]string{
		"content/notices/no-advice.md": "---\ntitle: N\nsummary: Not advice.\nplacement: [footer, post-end]\norder: 1\n---\nText",
		"content/notices/reviews.md":   "---\ntitle: R\nkind: reviews\n---\nWe never discuss patients.",
		"content/posts/a.md":           "---\ntitle: A\ndate: 2026-01-01\nnotices: [reviews]\n---\nx",
		"content/posts/b.md":           "---\ntitle: B\ndate: 2026-01-01\n---\nx",
	}, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	for _, p := range s.Posts {
		var ids []string
		for _, n := range p.Notices {
			ids = append(ids, n.ID)
		}
		want := map[string]string{"/posts/a/": "no-advice reviews", "/posts/b/": "no-advice"}[p.Path]
		if strings.Join(ids, " ") != want {
			t.Errorf("%s notices %v, want %s", p.Path, ids, want)
		}
	}
	if len(s.NoticesAt("footer")) != 1 || len(s.NoticesAt("contact")) != 0 {
		t.Error("placements")
	}
}

func TestSeriesDuplicateOrder(t *testing.T) {
	_, errs := load(t, map[string]string{
		"content/series/fiber.md": "---\ntitle: Fiber\nstart: 2026-10-06\nevery: 7d\n---\n",
		"content/posts/a.md":      "---\ntitle: A\nseries: fiber\nseries_order: 1\n---\nx",
		"content/posts/b.md":      "---\ntitle: B\nseries: fiber\nseries_order: 1\n---\nx",
	}, site.Options{})
	want := `content/posts/b.md:4:15: content/posts/a.md and content/posts/b.md are both part 1 of series "fiber"`
	if errs.Err() == nil || !strings.Contains(errs.Err().Error(), want) {
		t.Errorf("errors:\n%v\nwant %q", errs, want)
	}
}

func TestSourcesNeedALink(t *testing.T) {
	tests := []struct{ src, want string }{
		{"sources:\n  - title: CDC flu facts\n    publisher: CDC\n", `content/posts/a.md:5:5: source 1 ("CDC flu facts") has no url (add ` + "`url: https://...`" + ` to the source)`},
		{"sources:\n  - title: CDC\n    url: cdc.gov/flu\n", `content/posts/a.md:6:10: sources.0.url "cdc.gov/flu" is not an absolute http(s) URL`},
		{"sources:\n  - url: https://www.cdc.gov/flu/\n", `content/posts/a.md:5:5: source 1 has no title`},
	}
	for _, tt := range tests {
		_, errs := load(t, map[string]string{
			"content/posts/a.md": "---\ntitle: A\ndate: 2026-01-01\n" + tt.src + "---\nx",
		}, site.Options{})
		if errs.Err() == nil || !strings.Contains(errs.Err().Error(), tt.want) {
			t.Errorf("errors:\n%v\nwant %q", errs, tt.want)
		}
	}
}

func TestScheduledPostsAreKeptForTheSocialPlanner(t *testing.T) {
	files := map[string]string{
		"content/posts/live.md":   "---\ntitle: Live\ndate: 2026-10-01\n---\nx",
		"content/posts/draft.md":  "---\ntitle: Draft\ndate: 2031-10-01\ndraft: true\n---\nx",
		"content/posts/future.md": "---\ntitle: Future\ndate: 2031-01-01\nimage: card.png\n---\nx",
		"content/posts/later.md":  "---\ntitle: Later\ndate: 2026-01-01\npublish_date: 2026-12-01\n---\nx",
	}
	s, errs := load(t, files, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	if got, want := paths(s.Scheduled), "/posts/future/ /posts/later/"; got != want {
		t.Errorf("scheduled %q, want %q", got, want)
	}
	if got := s.Scheduled[0].Image; got != "/posts/future/card.png" {
		t.Errorf("scheduled image %q", got)
	}
	for _, p := range s.All {
		if strings.Contains(p.Path, "future") || strings.Contains(p.Path, "later") {
			t.Errorf("scheduled post rendered: %s", p.Path)
		}
	}
	for _, term := range s.Tags {
		for _, p := range term.Posts {
			if p.Future {
				t.Errorf("scheduled post in tag %s", term.Name)
			}
		}
	}
}

func TestNextChange(t *testing.T) {
	files := map[string]string{
		"content/posts/live.md":      "---\ntitle: Live\ndate: 2026-10-01\nexpiry_date: 2027-03-01\n---\nx",
		"content/posts/later.md":     "---\ntitle: Later\ndate: 2026-12-08T09:00:00-06:00\n---\nx",
		"content/posts/draft.md":     "---\ntitle: Draft\ndate: 2026-11-30\ndraft: true\n---\nx",
		"content/notices/holiday.md": "---\ntitle: Holiday hours\nsummary: Closed Dec 25.\nplacement: [banner]\nstart: 2026-12-01\nend: 2027-01-02\n---\n",
	}
	for _, tt := range []struct {
		now  time.Time
		want string
	}{
		{now, "2026-12-01T00:00:00-06:00 banner holiday starts"},
		{time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), "2026-12-08T09:00:00-06:00 publish posts/later"},
		{time.Date(2026, 12, 9, 0, 0, 0, 0, time.UTC), "2027-01-03T00:00:00-06:00 banner holiday ends"},
		{time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), "2027-03-01T00:00:00-06:00 expire posts/live"},
		{time.Date(2027, 3, 2, 0, 0, 0, 0, time.UTC), "none"},
	} {
		s, errs := load(t, copyMap(files), site.Options{Now: tt.now})
		if errs.Err() != nil {
			t.Fatal(errs)
		}
		got := "none"
		if c, ok := s.NextChange(); ok {
			got = c.At.Format(time.RFC3339) + " " + c.Reason
		}
		if got != tt.want {
			t.Errorf("now %v: next change %q, want %q", tt.now, got, tt.want)
		}
	}
}

// unpublishedCases are the model's rules, broken by a post that is not
// published yet: each names the file, line and column.
var unpublishedCases = []struct {
	name  string
	files map[string]string // beside content/posts/x.md, whose front matter is the case's front
	front string
	want  string
}{
	{"unknown author", nil, "author: bob\n", `content/posts/x.md:4:9: DRAFTunknown author "bob" (none are defined yet)`},
	{"unknown reviewer", map[string]string{"content/authors/maria.md": "---\nname: Maria Lopez\n---\n"},
		"reviewed_by: mario\n", `content/posts/x.md:4:14: DRAFTunknown reviewer "mario" (did you mean "maria"?)`},
	{"unknown notice", map[string]string{"content/notices/no-advice.md": "---\ntitle: N\nkind: disclaimer\n---\nx"},
		"notices: [no-advise]\n", `content/posts/x.md:4:11: DRAFTunknown notice "no-advise" (did you mean "no-advice"?)`},
	{"unknown series", nil, "series: fibre\nseries_order: 1\n", `content/posts/x.md:4:9: DRAFTunknown series "fibre"`},
	{"series part taken", map[string]string{
		"content/series/fiber.md": "---\ntitle: Fiber\n---\n",
		"content/posts/a.md":      "---\ntitle: A\ndate: 2026-10-01\nseries: fiber\nseries_order: 1\n---\nx",
	}, "series: fiber\nseries_order: 1\n", `content/posts/x.md:5:15: DRAFTcontent/posts/a.md and content/posts/x.md are both part 1 of series "fiber"`},
	{"source without a link", nil, "sources:\n  - title: CDC flu facts\n",
		`content/posts/x.md:5:5: DRAFTsource 1 ("CDC flu facts") has no url`},
	{"URL of a published post", map[string]string{"content/posts/a.md": "---\ntitle: A\ndate: 2026-10-01\n---\nx"},
		"slug: a\n", `content/posts/x.md:4:7: DRAFTcontent/posts/a.md and content/posts/x.md both map to the URL /posts/a/`},
	{"alias onto a published post", map[string]string{"content/posts/a.md": "---\ntitle: A\ndate: 2026-10-01\n---\nx"},
		"aliases: [/posts/a/]\n", `content/posts/x.md:4:11: DRAFTalias /posts/a/ is the URL of content/posts/a.md`},
	{"tag without a URL", nil, "tags: [\"???\"]\n", `content/posts/x.md:4:8: DRAFTcannot make a URL from tag "???"`},
}

// A scheduled post is checked by the rules of a published one now, not on
// the morning the unattended rebuild publishes it: each problem is an error
// naming its file, line and column.
func TestScheduledPostsAreCheckedNow(t *testing.T) {
	for _, tt := range unpublishedCases {
		t.Run(tt.name, func(t *testing.T) {
			files := copyMap(tt.files)
			files["content/posts/x.md"] = "---\ntitle: X\ndate: 2027-01-05\n" + tt.front + "---\nx"
			_, errs := load(t, files, site.Options{})
			want := strings.Replace(tt.want, "DRAFT", "", 1)
			if errs.Err() == nil || !strings.Contains(errs.Err().Error(), want) {
				t.Errorf("errors:\n%v\nwant %q", errs, want)
			}
		})
	}
}

// A draft is not published, so its problems are warnings (a draft in the
// repository never blocks a deploy), unless the build includes drafts.
func TestDraftProblemsWarnUnlessDraftsAreBuilt(t *testing.T) {
	for _, tt := range unpublishedCases {
		t.Run(tt.name, func(t *testing.T) {
			files := copyMap(tt.files)
			files["content/posts/x.md"] = "---\ntitle: X\ndate: 2026-11-01\ndraft: true\n" + tt.front + "---\nx"
			// The draft: line moves the fields one line down.
			want := shiftLine(strings.Replace(tt.want, "DRAFT", "warning: draft: ", 1))
			_, errs := load(t, copyMap(files), site.Options{})
			if errs.Err() != nil {
				t.Fatalf("a draft's problem stops the build:\n%v", errs)
			}
			if !strings.Contains(errs.Warnings().Error(), want) {
				t.Errorf("warnings:\n%v\nwant %q", errs.Warnings(), want)
			}
			_, errs = load(t, copyMap(files), site.Options{Drafts: true})
			want = shiftLine(strings.Replace(tt.want, "DRAFT", "", 1))
			if errs.Err() == nil || !strings.Contains(errs.Err().Error(), want) {
				t.Errorf("with drafts, errors:\n%v\nwant %q", errs, want)
			}
		})
	}
}

// shiftLine adds one to the line of a "file:line:col: ..." message.
func shiftLine(msg string) string {
	file, rest, _ := strings.Cut(msg, ":")
	line, rest, _ := strings.Cut(rest, ":")
	n := 0
	for _, c := range line {
		n = n*10 + int(c-'0')
	}
	return file + ":" + strconv.Itoa(n+1) + ":" + rest
}

// A scheduled post is resolved like a published one, but is in no list a
// page shows until it publishes.
func TestScheduledPostsAreResolvedButNotListed(t *testing.T) {
	s, errs := load(t, map[string]string{
		"content/authors/ana.md":       "---\nname: Ana Ruiz\n---\n",
		"content/series/fiber.md":      "---\ntitle: Fiber\n---\n",
		"content/notices/reviews.md":   "---\ntitle: R\nkind: reviews\n---\nx",
		"content/notices/no-advice.md": "---\ntitle: N\nsummary: Not advice.\nplacement: [post-end]\n---\nx",
		"content/posts/x.md":           "---\ntitle: X\ndate: 2027-01-05\nauthor: ana\nreviewed_by: ana\nseries: fiber\nseries_order: 1\nnotices: [reviews]\naliases: [/old/x/]\ntags: [Fiber]\n---\nx",
		"content/posts/d.md":           "---\ntitle: D\ndate: 2026-10-01\ndraft: true\nauthor: ana\n---\nx",
	}, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	if len(s.Scheduled) != 1 || len(s.Drafts) != 1 {
		t.Fatalf("scheduled %q, drafts %q", paths(s.Scheduled), paths(s.Drafts))
	}
	x := s.Scheduled[0]
	if x.Author == nil || x.Reviewer == nil || x.Series == nil || len(x.Notices) != 2 {
		t.Errorf("scheduled post not resolved: author %v reviewer %v series %v notices %d", x.Author, x.Reviewer, x.Series, len(x.Notices))
	}
	if d := s.Drafts[0]; d.Author == nil || d.Path != "/posts/d/" {
		t.Errorf("draft not resolved: %+v", d)
	}
	ana := s.PeopleByID["ana"]
	if len(ana.Posts) != 0 || len(ana.Reviewed) != 0 || len(s.SeriesByID["fiber"].Posts) != 0 || len(s.Tags) != 0 || len(s.Aliases) != 0 {
		t.Errorf("unpublished posts listed: author %d, reviewed %d, series %d, tags %d, aliases %d",
			len(ana.Posts), len(ana.Reviewed), len(s.SeriesByID["fiber"].Posts), len(s.Tags), len(s.Aliases))
	}
	for _, p := range s.All {
		if p == x || p.Path == "/posts/d/" {
			t.Errorf("unpublished post rendered: %s", p.Path)
		}
	}
}

// TestAliasCollisions: an alias may not take a URL that a page or another
// alias has, whichever comes first; the error is at the alias and names
// the other source.
func TestAliasCollisions(t *testing.T) {
	post := func(title, extra string) string {
		return "---\ntitle: " + title + "\ndate: 2026-01-01\n" + extra + "---\nx"
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []string // "" entries: none
	}{
		{"onto a later post", map[string]string{
			"content/posts/a.md": post("A", "aliases: [/posts/b/]\n"),
			"content/posts/b.md": post("B", ""),
		}, []string{`content/posts/a.md:4:11: alias /posts/b/ is the URL of content/posts/b.md (remove the alias, or change the other page's URL)`}},
		{"onto an earlier post", map[string]string{
			"content/posts/a.md": post("A", ""),
			"content/posts/b.md": post("B", "aliases: [posts/a]\n"),
		}, []string{`content/posts/b.md:4:11: alias /posts/a/ is the URL of content/posts/a.md`}},
		{"onto a plain page", map[string]string{
			"content/about.md":   "---\ntitle: About\n---\nx",
			"content/posts/a.md": post("A", "aliases: [/about/]\n"),
		}, []string{`content/posts/a.md:4:11: alias /about/ is the URL of content/about.md`}},
		{"onto the page itself", map[string]string{
			"content/posts/a.md": post("A", "aliases: [/old/, /posts/a/]\n"),
		}, []string{`content/posts/a.md:4:18: alias /posts/a/ is the URL of the page itself (remove the alias)`}},
		{"onto generated pages", map[string]string{
			"content/posts/a.md":   post("A", "tags: [flu]\naliases: [/posts/, /tags/flu/, /policies/, /404.html]\n"),
			"content/notices/n.md": "---\ntitle: N\n---\nx",
		}, []string{
			`content/posts/a.md:5:11: alias /posts/ is the URL of the generated list page`,
			`content/posts/a.md:5:20: alias /tags/flu/ is the URL of the generated term page`,
			`content/posts/a.md:5:32: alias /policies/ is the URL of the generated policies page`,
			`content/posts/a.md:5:44: alias /404.html is the URL of the generated 404 page`,
		}},
		{"onto another file's alias", map[string]string{
			"content/posts/a.md": post("A", "aliases: [/old/]\n"),
			"content/about.md":   "---\ntitle: About\naliases:\n  - old\n---\nx",
		}, []string{`content/about.md:4:5: alias /old/ is already an alias at content/posts/a.md:4:11 (keep one of them)`}},
		{"twice in one file", map[string]string{
			"content/posts/a.md": post("A", "aliases: [/old/, /new/, old]\n"),
		}, []string{`content/posts/a.md:4:25: alias /old/ is already an alias at content/posts/a.md:4:11`}},
		{"a draft's alias claims nothing", map[string]string{
			"content/posts/a.md": post("A", "draft: true\naliases: [/posts/b/]\n"),
			"content/posts/b.md": post("B", ""),
		}, nil},
		{"a query on a page's path", map[string]string{
			"content/posts/a.md": post("A", "aliases: [\"/?p=12\", \"/posts/b/?p=3\"]\n"),
			"content/posts/b.md": post("B", "aliases: [\"/?p=13\"]\n"),
		}, nil},
		{"one query twice", map[string]string{
			"content/posts/a.md": post("A", "aliases: [\"/?p=12\"]\n"),
			"content/posts/b.md": post("B", "aliases: [\"/?p=12\"]\n"),
		}, []string{`content/posts/b.md:4:11: alias /?p=12 is already an alias at content/posts/a.md:4:11`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, errs := load(t, tt.files, site.Options{})
			for _, a := range s.QueryAliases {
				for _, b := range s.Aliases {
					if a.From == b.From {
						t.Errorf("alias %s?%s has a redirect page", a.From, a.Query)
					}
				}
			}
			if len(tt.want) == 0 {
				if errs.Err() != nil {
					t.Errorf("errors:\n%v", errs)
				}
				return
			}
			if got := len(errs.Errors()); got != len(tt.want) {
				t.Errorf("%d errors, want %d:\n%v", got, len(tt.want), errs)
			}
			for _, w := range tt.want {
				if errs.Err() == nil || !strings.Contains(errs.Err().Error(), w) {
					t.Errorf("errors:\n%v\nwant %q", errs, w)
				}
			}
		})
	}
}

func TestAliasesKeepTheirOrder(t *testing.T) {
	s, errs := load(t, map[string]string{
		"content/posts/a.md": "---\ntitle: A\ndate: 2026-01-01\naliases: [/z/, /old/a.html]\n---\nx",
		"content/about.md":   "---\ntitle: About\naliases: [/about-us/]\n---\nx",
	}, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	var got []string
	for _, a := range s.Aliases {
		got = append(got, a.From+" "+a.To.Path)
	}
	if want := "/z/ /posts/a/,/old/a.html /posts/a/,/about-us/ /about/"; strings.Join(got, ",") != want {
		t.Errorf("aliases %q, want %q", strings.Join(got, ","), want)
	}
}

// TestSeriesKeepLocalTime: a weekly series published at 09:00 stays at
// 09:00 across the changes to and from daylight saving time, in either
// hemisphere; a cadence in hours is elapsed time.
func TestSeriesKeepLocalTime(t *testing.T) {
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	chicago, sydney, london := zone("America/Chicago"), zone("Australia/Sydney"), zone("Europe/London")
	for _, tc := range []struct {
		name  string
		loc   *time.Location
		start time.Time
		every time.Duration
		part  int
		want  time.Time
	}{
		{"7d over the US fall back", chicago, time.Date(2026, 10, 27, 9, 0, 0, 0, chicago), 7 * 24 * time.Hour, 2, time.Date(2026, 11, 3, 9, 0, 0, 0, chicago)},
		{"1w over the US spring forward", chicago, time.Date(2027, 3, 9, 9, 0, 0, 0, chicago), 7 * 24 * time.Hour, 3, time.Date(2027, 3, 23, 9, 0, 0, 0, chicago)},
		{"7d over the start of AEDT", sydney, time.Date(2026, 9, 29, 9, 0, 0, 0, sydney), 7 * 24 * time.Hour, 2, time.Date(2026, 10, 6, 9, 0, 0, 0, sydney)},
		{"1d over the end of BST", london, time.Date(2026, 10, 24, 9, 0, 0, 0, london), 24 * time.Hour, 3, time.Date(2026, 10, 26, 9, 0, 0, 0, london)},
		{"start written in UTC", chicago, time.Date(2026, 10, 27, 14, 0, 0, 0, time.UTC), 7 * 24 * time.Hour, 2, time.Date(2026, 11, 3, 9, 0, 0, 0, chicago)},
		{"first part is the start", chicago, time.Date(2026, 10, 27, 9, 0, 0, 0, chicago), 7 * 24 * time.Hour, 1, time.Date(2026, 10, 27, 9, 0, 0, 0, chicago)},
		{"36h is elapsed time", chicago, time.Date(2026, 10, 31, 9, 0, 0, 0, chicago), 36 * time.Hour, 2, time.Date(2026, 11, 1, 20, 0, 0, 0, chicago)},
	} {
		s := &site.Series{Start: tc.start, Every: tc.every}
		if got := s.Date(tc.part, tc.loc); !got.Equal(tc.want) {
			t.Errorf("%s: part %d = %v, want %v", tc.name, tc.part, got.In(tc.loc), tc.want)
		}
	}
}

func TestWeeklySeriesPostsPublishAtTheSameLocalTime(t *testing.T) {
	s, errs := load(t, map[string]string{
		"carepress.yaml":         "title: Test Clinic\nbase_url: https://test.example.com/\ntimezone: America/Chicago\n",
		"content/series/tips.md": "---\ntitle: Tips\nstart: 2026-10-20T09:00:00\nevery: 1w\n---\nWeekly tips.",
		"content/posts/tip-1.md": "---\ntitle: Tip 1\nseries: tips\nseries_order: 1\n---\nOne.",
		"content/posts/tip-2.md": "---\ntitle: Tip 2\nseries: tips\nseries_order: 2\n---\nTwo.",
		"content/posts/tip-3.md": "---\ntitle: Tip 3\nseries: tips\nseries_order: 3\n---\nThree.",
	}, site.Options{Future: true})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	for _, p := range s.Posts {
		if h, m, _ := p.Date.Clock(); h != 9 || m != 0 {
			t.Errorf("%s publishes at %v, want 09:00 local", p.Title, p.Date)
		}
	}
}

// must is v, or "" when err is set: for a test that then fails on the value.
func must[T any](v T, err error) T {
	if err != nil {
		var zero T
		return zero
	}
	return v
}
