package site_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/site"
)

const practiceYAML = `title: Test Clinic
base_url: https://test.example.com/
timezone: America/Chicago
practice:
  locations:
    - {name: Main clinic, city: Springfield}
    - {id: west, name: Westside office, city: Springfield}
`

func practiceFiles() map[string]string {
	return map[string]string{
		"carepress.yaml":            practiceYAML,
		"content/authors/ana.md":    "---\nname: Ana Ruiz\ncredentials: MD\nprovider: true\nspecialty: [PrimaryCare, Pediatric]\nlocations: [west]\nlanguages: [English, Spanish]\n---\n",
		"content/authors/bo.md":     "---\nname: Bo Chen\ncredentials: MS, RDN\nrole: Registered dietitian\nprovider: true\nspecialty: DietNutrition\n---\n",
		"content/authors/cy.md":     "---\nname: Cy Writer\n---\n",
		"content/posts/flu-1.md":    "---\ntitle: Flu one\ndate: 2026-09-01\ntags: [Flu]\n---\nx",
		"content/posts/flu-2.md":    "---\ntitle: Flu two\ndate: 2026-09-02\ntags: [flu, vaccines]\n---\nx",
		"content/posts/flu-3.md":    "---\ntitle: Flu three\ndate: 2026-09-03\ntags: [flu]\n---\nx",
		"content/posts/flu-4.md":    "---\ntitle: Flu four\ndate: 2026-09-04\ntags: [vaccines]\n---\nx",
		"content/posts/flu-next.md": "---\ntitle: Flu next\ndate: 2027-09-01\ntags: [flu, booster]\n---\nx",
		"content/posts/sleep.md":    "---\ntitle: Sleep\ndate: 2026-09-05\ntags: [sleep]\n---\nx",
		"content/services/flu.md":   "---\ntitle: Flu shots\nsummary: Every fall.\ntags: [flu, booster]\norder: 2\n---\nA quick visit.",
		"content/services/diet.md":  "---\ntitle: Nutrition\nsummary: One hour with a dietitian.\ntype: MedicalTherapy\nlocations: [main-clinic]\nproviders: [bo]\norder: 1\n---\nBring a food diary.",
		"content/services/new.md":   "---\ntitle: Coming soon\nsummary: Soon.\ndraft: true\n---\n",
	}
}

func TestServices(t *testing.T) {
	for _, drafts := range []bool{false, true} {
		s, errs := load(t, practiceFiles(), site.Options{Drafts: drafts})
		if errs.Err() != nil {
			t.Fatal(errs)
		}
		var ids []string
		for _, sv := range s.Services {
			ids = append(ids, sv.ID)
		}
		want := "diet flu" // by order
		if drafts {
			want = "new diet flu" // order 0 first
		}
		if strings.Join(ids, " ") != want {
			t.Errorf("drafts %v: services %v, want %s", drafts, ids, want)
		}
	}
	s, errs := load(t, practiceFiles(), site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	flu, diet := s.ServicesByID["flu"], s.ServicesByID["diet"]
	if flu.Page.Path != "/services/flu/" || flu.Page.Kind != site.KindService || flu.Type != "MedicalProcedure" || diet.Type != "MedicalTherapy" {
		t.Errorf("flu %+v, diet %+v", flu.Page, diet)
	}
	// Related: the newest published posts with one of its tags, the
	// scheduled post and those with only other tags left out.
	if got := paths(flu.Related); got != "/posts/flu-3/ /posts/flu-2/ /posts/flu-1/" {
		t.Errorf("related %q", got)
	}
	// Its tags as published terms: "booster" is only on a scheduled post.
	if len(flu.Tags) != 1 || flu.Tags[0].Path != "/tags/flu/" {
		t.Errorf("tags %+v", flu.Tags)
	}
	if !flu.EveryLocation || len(flu.Locations) != 2 || diet.EveryLocation || len(diet.Locations) != 1 || diet.Locations[0].ID != "main-clinic" {
		t.Errorf("locations: flu %v %d, diet %v %v", flu.EveryLocation, len(flu.Locations), diet.EveryLocation, diet.Locations)
	}
	if len(diet.Providers) != 1 || diet.Providers[0].ID != "bo" {
		t.Errorf("providers %v", diet.Providers)
	}
	var list *site.Page
	for _, p := range s.All {
		if p.Path == "/services/" {
			list = p
		}
	}
	if list == nil || list.Kind != site.KindServices || list.Title != "Our services" {
		t.Errorf("list of services %+v", list)
	}
}

func TestServicesRelatedAreCapped(t *testing.T) {
	files := practiceFiles()
	files["content/services/flu.md"] = "---\ntitle: Flu shots\nsummary: Every fall.\ntags: [flu, vaccines]\n---\nx"
	s, errs := load(t, files, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	if got := paths(s.ServicesByID["flu"].Related); got != "/posts/flu-4/ /posts/flu-3/ /posts/flu-2/" {
		t.Errorf("related %q, want the %d newest", got, site.RelatedMax)
	}
}

func TestProviders(t *testing.T) {
	s, errs := load(t, practiceFiles(), site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	var names []string
	for _, x := range s.Providers {
		names = append(names, x.ID)
	}
	if strings.Join(names, " ") != "ana bo" {
		t.Errorf("providers %v", names)
	}
	group := func(gs []site.PeopleGroup) string {
		var out []string
		for _, g := range gs {
			var ids []string
			for _, x := range g.People {
				ids = append(ids, x.ID)
			}
			out = append(out, g.ID+":"+strings.Join(ids, ","))
		}
		return strings.Join(out, " ")
	}
	// Bo names no location: every one.
	if got := group(s.ProvidersByLocation); got != "main-clinic:bo west:ana,bo" {
		t.Errorf("by location %q", got)
	}
	if got := group(s.ProvidersBySpecialty); got != "DietNutrition:bo Pediatric:ana PrimaryCare:ana" {
		t.Errorf("by specialty %q", got)
	}
	ana := s.PeopleByID["ana"]
	if !ana.Physician || s.PeopleByID["bo"].Physician || !slices.Equal(ana.Languages, []string{"English", "Spanish"}) || ana.EveryLocation {
		t.Errorf("ana %+v", ana)
	}
	found := false
	for _, p := range s.All {
		found = found || p.Path == "/providers/" && p.Kind == site.KindProviders
	}
	if !found {
		t.Error("no provider directory")
	}
}

func TestPhysicianAndInitials(t *testing.T) {
	tests := []struct {
		name, credentials string
		physician         bool
		initials          string
	}{
		{"Samuel Okafor", "MD, FAAFP", true, "SO"},
		{"Ana María de la Cruz", "DO", true, "AC"},
		{"Jo Smith", "MBBS, FRACGP", true, "JS"},
		{"Niamh Byrne", "MB BCh BAO, MICGP", true, "NB"},
		{"Tom Hale", "M.D.", true, "TH"},
		{"Priya Raman", "MS, RDN, LDN", false, "PR"},
		{"Lauren Cho", "FNP-C", false, "LC"},
		{"Marcus Hale", "RN", false, "MH"},
		{"Dana Ode", "DDS", false, "DO"},
		{"Madonna", "PT, DPT", false, "M"},
		{"émile zola", "", false, "ÉZ"},
	}
	files := map[string]string{}
	for i, tt := range tests {
		files["content/authors/p"+two(i)+".md"] = "---\nname: " + tt.name + "\ncredentials: " + tt.credentials + "\n---\n"
	}
	s, errs := load(t, files, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	for i, tt := range tests {
		x := s.PeopleByID["p"+two(i)]
		if x.Physician != tt.physician || x.Initials() != tt.initials {
			t.Errorf("%s, %s: physician %v, initials %q; want %v, %q", tt.name, tt.credentials, x.Physician, x.Initials(), tt.physician, tt.initials)
		}
	}
}

// A service or person naming what does not exist is an error at its
// place, with the closest id.
func TestPracticeErrors(t *testing.T) {
	tests := []struct {
		name, file, text, want string
	}{
		{"service unknown tag", "content/services/flu.md", "---\ntitle: Flu\nsummary: x\ntags: [flu, vacines]\n---\nx",
			`content/services/flu.md:4:13: no post has the tag "vacines" (did you mean "vaccines"?)`},
		{"service unknown location", "content/services/flu.md", "---\ntitle: Flu\nsummary: x\nlocations: [main-clinc]\n---\nx",
			`content/services/flu.md:4:13: unknown location "main-clinc" (did you mean "main-clinic"?)`},
		{"service unknown provider", "content/services/flu.md", "---\ntitle: Flu\nsummary: x\nproviders: [anna]\n---\nx",
			`content/services/flu.md:4:13: unknown person "anna" (did you mean "ana"?)`},
		{"service unknown type", "content/services/flu.md", "---\ntitle: Flu\nsummary: x\ntype: Vaccination\n---\nx",
			`content/services/flu.md:4:7: unknown service type "Vaccination"`},
		{"person unknown location", "content/authors/ana.md", "---\nname: Ana\nlocations: [west, wset]\n---\n",
			`content/authors/ana.md:3:19: unknown location "wset" (did you mean "west"?)`},
		{"person unknown location, far from any", "content/authors/ana.md", "---\nname: Ana\nlocations: [downtown]\n---\n",
			`content/authors/ana.md:3:13: unknown location "downtown" (known: main-clinic, west)`},
		{"service without text", "content/services/flu.md", "---\ntitle: Flu\n---\n",
			`content/services/flu.md:4: the service has no text and no summary (say below the front matter what a visit is like, or at least give a ` + "`summary:`" + `)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := practiceFiles()
			files[tt.file] = tt.text
			_, errs := load(t, files, site.Options{})
			if errs.Err() == nil || !strings.Contains(errs.Err().Error(), tt.want) {
				t.Errorf("errors:\n%v\nwant %q", errs, tt.want)
			}
		})
	}
	// A site with no locations says where to add one.
	files := practiceFiles()
	files["carepress.yaml"] = "title: Test Clinic\nbase_url: https://test.example.com/\n"
	_, errs := load(t, files, site.Options{})
	if want := "content/authors/ana.md:6:13: unknown location \"west\" (add the location to practice.locations in carepress.yaml, with `id: west`)"; errs.Err() == nil || !strings.Contains(errs.Err().Error(), want) {
		t.Errorf("errors:\n%v\nwant %q", errs, want)
	}
}

// content/services.md (or content/services/index.md) introduces the list
// of services; without services, it is the plain page it was.
func TestServicesIntro(t *testing.T) {
	files := practiceFiles()
	files["content/services.md"] = "---\ntitle: What we offer\ndescription: All of it.\n---\nCare for everyone."
	s, errs := load(t, files, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	for _, p := range s.All {
		if p.Path == "/services/" && (p.Kind != site.KindServices || p.Title != "What we offer" || !strings.Contains(string(must(p.Content())), "Care for everyone")) {
			t.Errorf("list %+v", p)
		}
	}
	if len(s.Pages) != 0 {
		t.Errorf("the intro is also a page: %s", paths(s.Pages))
	}
	s, errs = load(t, map[string]string{"content/services.md": files["content/services.md"]}, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	if got := paths(s.Pages); got != "/services/" || s.Pages[0].Kind != site.KindPage {
		t.Errorf("without services: pages %q", got)
	}
}

func TestSeriesFinished(t *testing.T) {
	files := map[string]string{
		"content/series/fiber.md":  "---\ntitle: Fiber\nstart: 2026-10-01\nevery: 7d\n---\n",
		"content/posts/part-1.md":  "---\ntitle: One\nseries: fiber\nseries_order: 1\n---\nx",
		"content/posts/part-2.md":  "---\ntitle: Two\nseries: fiber\nseries_order: 2\n---\nx",
		"content/posts/part-9.md":  "---\ntitle: Nine\nseries: fiber\nseries_order: 9\n---\nx",
		"content/posts/part-10.md": "---\ntitle: Ten\nseries: fiber\nseries_order: 10\n---\nx",
	}
	s, errs := load(t, files, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	se := s.SeriesByID["fiber"]
	// Parts 9 and 10 publish on 2026-11-26 and 2026-12-03 (give or take
	// the hour of a change of daylight saving time).
	if next := time.Date(2026, 11, 26, 0, 0, 0, 0, s.Config.Location); se.Finished() || se.Upcoming != 2 || se.Next.Sub(next).Abs() > time.Hour {
		t.Errorf("upcoming %d, next %v", se.Upcoming, se.Next)
	}
	s, errs = load(t, files, site.Options{Now: now.AddDate(0, 1, 0)})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	if se := s.SeriesByID["fiber"]; !se.Finished() || len(se.Posts) != 4 {
		t.Errorf("a month later: upcoming %d, %d parts", se.Upcoming, len(se.Posts))
	}
}

// A term is named as its posts spell it: the spelling most of them use,
// and of those the oldest post's, whatever order posts come in.
func TestTermsKeepTheAuthorsSpelling(t *testing.T) {
	files := map[string]string{
		"content/posts/a.md": "---\ntitle: A\ndate: 2026-01-01\ntags: [COVID-19, food labels]\ncategories: [Healthy living]\n---\nx",
		"content/posts/b.md": "---\ntitle: B\ndate: 2026-02-01\ntags: [covid-19, Food Labels]\ncategories: [healthy Living]\n---\nx",
		"content/posts/c.md": "---\ntitle: C\ndate: 2026-03-01\ntags: [COVID-19]\n---\nx",
	}
	s, errs := load(t, files, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	names := map[string]string{}
	for _, t := range append(s.Tags, s.Categories...) {
		names[t.Slug] = t.Name
	}
	want := map[string]string{"covid-19": "COVID-19", "food-labels": "food labels", "healthy-living": "Healthy living"}
	for slug, name := range want {
		if names[slug] != name {
			t.Errorf("%s is named %q, want %q", slug, names[slug], name)
		}
	}
}

// The home page shows the three latest posts, one part of a series at
// most: a weekly series does not fill it.
func TestHomeShowsTheLatestPostsOnePerSeries(t *testing.T) {
	files := map[string]string{
		"content/series/fiber.md": "---\ntitle: Fiber\n---\n",
		"content/posts/f1.md":     "---\ntitle: F1\ndate: 2026-10-01\nseries: fiber\nseries_order: 1\n---\nx",
		"content/posts/f2.md":     "---\ntitle: F2\ndate: 2026-10-08\nseries: fiber\nseries_order: 2\n---\nx",
		"content/posts/f3.md":     "---\ntitle: F3\ndate: 2026-10-15\nseries: fiber\nseries_order: 3\n---\nx",
		"content/posts/flu.md":    "---\ntitle: Flu\ndate: 2026-10-02\n---\nx",
		"content/posts/sleep.md":  "---\ntitle: Sleep\ndate: 2026-09-01\n---\nx",
		"content/posts/old.md":    "---\ntitle: Old\ndate: 2026-01-01\n---\nx",
	}
	s, errs := load(t, files, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	if got := paths(s.Home.Pager.Pages); got != "/posts/f3/ /posts/flu/ /posts/sleep/" {
		t.Errorf("home shows %q", got)
	}
}

// A post's topics are one list: its categories, then its tags, a tag named
// as a category (in any case) left out.
func TestTopicsShowEachTopicOnce(t *testing.T) {
	files := map[string]string{
		"content/posts/a.md": "---\ntitle: A\ndate: 2026-01-01\ncategories: [Vaccines, Prevention]\ntags: [flu, vaccines, prevention, influenza]\n---\nx",
		"content/posts/b.md": "---\ntitle: B\ndate: 2026-01-02\ntags: [sleep]\n---\nx",
	}
	s, errs := load(t, files, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	for _, p := range s.Posts {
		var got []string
		for _, x := range p.Topics() {
			got = append(got, x.Taxonomy+":"+x.Name)
		}
		want := map[string]string{
			"/posts/a/": "categories:Vaccines categories:Prevention tags:flu tags:influenza",
			"/posts/b/": "tags:sleep",
		}[p.Path]
		if strings.Join(got, " ") != want {
			t.Errorf("%s: topics %v, want %s", p.Path, got, want)
		}
		if len(p.Categories) > 2 {
			t.Errorf("Topics changed the post's categories: %d", len(p.Categories))
		}
	}
}
