package seo_test

import (
	"context"
	"encoding/json"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/seo"
	"github.com/carepress/carepress/internal/site"
)

var seoNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.FixedZone("CST", -6*3600))

// buildSite builds the site at root into a temporary folder and returns it.
func buildSite(t *testing.T, root string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(context.Background(), build.Options{Root: root, Out: out, Now: seoNow, Social: filepath.Join(t.TempDir(), "social")}); err != nil {
		t.Fatal(err)
	}
	return out
}

var (
	exampleDir  string // removed by TestMain
	exampleOnce sync.Once
	exampleErr  error
)

// example builds the example site once for all tests of the package and
// returns its output folder.
func example(t *testing.T) string {
	t.Helper()
	exampleOnce.Do(func() {
		_, exampleErr = build.Build(context.Background(), build.Options{Root: "../..", Out: filepath.Join(exampleDir, "public"),
			Now: seoNow, Social: filepath.Join(exampleDir, "social")})
	})
	if exampleErr != nil {
		t.Fatal(exampleErr)
	}
	return filepath.Join(exampleDir, "public")
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "carepress-seo-test")
	if err != nil {
		panic(err)
	}
	exampleDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var ldRE = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// graph returns the one JSON-LD graph of page, failing unless there is
// exactly one script and it parses.
func graph(t *testing.T, page []byte) []map[string]any {
	t.Helper()
	m := ldRE.FindAllSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("%d JSON-LD scripts, want 1", len(m))
	}
	var doc struct {
		Context string           `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(m[0][1], &doc); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[0][1])
	}
	if doc.Context != "https://schema.org" {
		t.Errorf("@context = %q", doc.Context)
	}
	return doc.Graph
}

func types(g []map[string]any) []string {
	var out []string
	for _, n := range g {
		out = append(out, typeOf(n))
	}
	return out
}

func typeOf(n map[string]any) string {
	switch t := n["@type"].(type) {
	case string:
		return t
	case []any:
		var s []string
		for _, x := range t {
			s = append(s, x.(string))
		}
		return strings.Join(s, ",")
	}
	return ""
}

func byType(t *testing.T, g []map[string]any, typ string) map[string]any {
	t.Helper()
	for _, n := range g {
		if typeOf(n) == typ {
			return n
		}
	}
	t.Fatalf("no %s node in %v", typ, types(g))
	return nil
}

func TestEveryPageHasOneJSONLDGraph(t *testing.T) {
	out := example(t)
	want := map[string][]string{
		"index.html":                        {"WebSite", "MedicalClinic", "WebPage"},
		"posts/flu-vaccine-2026/index.html": {"WebSite", "MedicalClinic", "MedicalWebPage", "BlogPosting", "BreadcrumbList"},
		"posts/index.html":                  {"WebSite", "MedicalClinic", "CollectionPage", "BreadcrumbList"},
		"posts/page/2/index.html":           {"WebSite", "MedicalClinic", "CollectionPage", "BreadcrumbList"},
		"tags/index.html":                   {"WebSite", "MedicalClinic", "CollectionPage", "BreadcrumbList"},
		"tags/flu/index.html":               {"WebSite", "MedicalClinic", "CollectionPage", "BreadcrumbList"},
		"series/fiber-basics/index.html":    {"WebSite", "MedicalClinic", "CollectionPage", "CreativeWorkSeries", "BreadcrumbList"},
		"authors/index.html":                {"WebSite", "MedicalClinic", "CollectionPage", "BreadcrumbList"},
		"authors/priya-raman/index.html":    {"WebSite", "MedicalClinic", "ProfilePage", "Person", "BreadcrumbList"},
		"authors/elena-marsh/index.html":    {"WebSite", "MedicalClinic", "ProfilePage", "Person,IndividualPhysician", "BreadcrumbList"},
		"services/index.html":               {"WebSite", "MedicalClinic", "CollectionPage", "BreadcrumbList"},
		"services/lab-tests/index.html":     {"WebSite", "MedicalClinic", "MedicalWebPage", "MedicalTest", "BreadcrumbList"},
		"providers/index.html":              {"WebSite", "MedicalClinic", "CollectionPage", "BreadcrumbList"},
		"authors/marcus-hale/index.html":    {"WebSite", "MedicalClinic", "ProfilePage", "Person", "BreadcrumbList"},
		"contact/index.html":                {"WebSite", "MedicalClinic", "ContactPage", "BreadcrumbList"},
		"about/index.html":                  {"WebSite", "MedicalClinic", "AboutPage", "BreadcrumbList"},
		"notices/no-advice/index.html":      {"WebSite", "MedicalClinic", "WebPage", "BreadcrumbList"},
		"policies/index.html":               {"WebSite", "MedicalClinic", "CollectionPage", "BreadcrumbList"},
		"404.html":                          {"WebSite", "MedicalClinic", "WebPage"},
	}
	seen := 0
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		rel = filepath.ToSlash(rel)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), `http-equiv="refresh"`) {
			return nil // an alias: a redirect, not a page
		}
		seen++
		t.Run(rel, func(t *testing.T) {
			g := graph(t, b)
			got := types(g)
			if w, ok := want[rel]; ok && !reflect.DeepEqual(got, w) {
				t.Errorf("@graph types = %v, want %v", got, w)
			}
			if got[0] != "WebSite" || got[1] != "MedicalClinic" {
				t.Errorf("@graph starts with %v, want the WebSite and the practice", got[:2])
			}
			if rel != "index.html" && rel != "es/index.html" && rel != "404.html" && got[len(got)-1] != "BreadcrumbList" {
				t.Errorf("@graph %v has no BreadcrumbList", got)
			}
			if strings.HasPrefix(rel, "posts/") && !strings.HasPrefix(rel, "posts/page/") && rel != "posts/index.html" {
				if !slices.Contains(got, "MedicalWebPage") || !slices.Contains(got, "BlogPosting") {
					t.Errorf("post @graph %v lacks MedicalWebPage or BlogPosting", got)
				}
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 30 {
		t.Errorf("only %d pages checked", seen)
	}
}

// get follows a path of keys and indexes through decoded JSON.
func get(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, k := range path {
		switch k := k.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("%v: not an object at %q", path, k)
			}
			v, ok = m[k]
			if !ok {
				t.Fatalf("%v: no %q", path, k)
			}
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				t.Fatalf("%v: no item %d", path, k)
			}
			v = a[k]
		}
	}
	return v
}

func TestPostPageHasEveryJSONLDProperty(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(example(t), "posts/flu-vaccine-2026/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	g := graph(t, b)
	const (
		base   = "https://riverbend.example.com/"
		url    = base + "posts/flu-vaccine-2026/"
		title  = "Flu Season 2026–27: Your Flu Shot Questions Answered"
		desc   = "Flu shots for the 2026–27 season are here. Who should get one, when to get it, what to expect after, and how to book at either of our offices."
		marcus = base + "authors/marcus-hale/"
		samuel = base + "authors/samuel-okafor/"
	)
	site, practice := byType(t, g, "WebSite"), byType(t, g, "MedicalClinic")
	page, post, crumbs := byType(t, g, "MedicalWebPage"), byType(t, g, "BlogPosting"), byType(t, g, "BreadcrumbList")
	closed := map[string]any{"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00", "validFrom": "2026-12-25", "validThrough": "2026-12-25"}
	tests := []struct {
		name string
		node map[string]any
		path []any
		want any
	}{
		{"website url", site, []any{"url"}, base},
		{"website name", site, []any{"name"}, "Riverbend Family Clinic"},
		{"website inLanguage", site, []any{"inLanguage"}, "en-US"},
		{"website publisher", site, []any{"publisher", "@id"}, base + "#practice"},

		{"practice id", practice, []any{"@id"}, base + "#practice"},
		{"practice name", practice, []any{"name"}, "Riverbend Family Clinic"},
		{"practice url", practice, []any{"url"}, base},
		{"practice logo", practice, []any{"logo"}, base + "images/logo.svg"},
		{"practice telephone", practice, []any{"telephone"}, "+12175550100"}, // E.164
		{"practice email", practice, []any{"email"}, "hello@riverbend.example.com"},
		{"practice sameAs", practice, []any{"sameAs", 0}, "https://mastodon.example/@riverbend"},
		{"practice medicalSpecialty", practice, []any{"medicalSpecialty", 0}, "https://schema.org/PrimaryCare"},
		{"practice address", practice, []any{"address", "streetAddress"}, "12 River Rd"},
		{"practice hours", practice, []any{"openingHoursSpecification", 0, "dayOfWeek", 3}, "Thursday"},
		{"location 2 type", practice, []any{"department", 1, "@type"}, "MedicalClinic"},
		{"location 2 address type", practice, []any{"department", 1, "address", "@type"}, "PostalAddress"},
		{"location 2 street", practice, []any{"department", 1, "address", "streetAddress"}, "305 Meadow Ln"},
		{"location 2 locality", practice, []any{"department", 1, "address", "addressLocality"}, "Springfield"},
		{"location 2 region", practice, []any{"department", 1, "address", "addressRegion"}, "IL"},
		{"location 2 postal code", practice, []any{"department", 1, "address", "postalCode"}, "62704"},
		{"location 2 country", practice, []any{"department", 1, "address", "addressCountry"}, "US"},
		{"location 2 telephone", practice, []any{"department", 1, "telephone"}, "+12175550140"},
		{"location 2 opens", practice, []any{"department", 1, "openingHoursSpecification", 0, "opens"}, "08:30"},
		{"location 2 closes", practice, []any{"department", 1, "openingHoursSpecification", 0, "closes"}, "16:30"},
		{"location 2 days", practice, []any{"department", 1, "openingHoursSpecification", 0, "dayOfWeek", 4}, "Friday"},
		{"location 2 closed day", practice, []any{"department", 1, "openingHoursSpecification", 4}, closed},

		{"page id", page, []any{"@id"}, url + "#webpage"},
		{"page url", page, []any{"url"}, url},
		{"page name", page, []any{"name"}, title},
		{"page about", page, []any{"about", "name"}, "Influenza"},
		{"page audience", page, []any{"audience", "audienceType"}, "Patient"},
		{"page lastReviewed", page, []any{"lastReviewed"}, "2026-10-02"},
		{"reviewer type", page, []any{"reviewedBy", "@type"}, "Person"},
		{"reviewer name", page, []any{"reviewedBy", "name"}, "Samuel Okafor"},
		{"reviewer honorificSuffix", page, []any{"reviewedBy", "honorificSuffix"}, "MD, FAAFP"},
		{"reviewer hasCredential", page, []any{"reviewedBy", "hasCredential", 0}, map[string]any{"@type": "EducationalOccupationalCredential", "name": "MD"}},
		{"reviewer url", page, []any{"reviewedBy", "url"}, samuel},
		{"page specialty", page, []any{"specialty", 0}, "https://schema.org/PrimaryCare"},
		{"citation name", page, []any{"citation", 0, "name"}, "Key Facts About Seasonal Flu Vaccine"},
		{"citation url", page, []any{"citation", 0, "url"}, "https://www.cdc.gov/flu/vaccines/keyfacts.html"},
		{"citation publisher", page, []any{"citation", 3, "publisher", "name"}, "Centers for Medicare & Medicaid Services"},
		{"citation date", page, []any{"citation", 0, "datePublished"}, "2025-08-28"},
		{"page breadcrumb", page, []any{"breadcrumb", "@id"}, url + "#breadcrumb"},
		{"page isPartOf", page, []any{"isPartOf", "@id"}, base + "#website"},
		{"page mainEntity", page, []any{"mainEntity", "@id"}, url + "#article"},

		{"post id", post, []any{"@id"}, url + "#article"},
		{"post headline", post, []any{"headline"}, title},
		{"post description", post, []any{"description"}, desc},
		{"post datePublished", post, []any{"datePublished"}, "2026-09-15T08:00:00-05:00"},
		{"post dateModified", post, []any{"dateModified"}, "2026-10-01T00:00:00-05:00"},
		{"author type", post, []any{"author", "@type"}, "Person"},
		{"author name", post, []any{"author", "name"}, "Marcus Hale"},
		{"author honorificSuffix", post, []any{"author", "honorificSuffix"}, "RN"},
		{"author jobTitle", post, []any{"author", "jobTitle"}, "Nurse care coordinator"},
		{"author url", post, []any{"author", "url"}, marcus},
		{"post publisher", post, []any{"publisher", "@id"}, base + "#practice"},
		{"post keywords", post, []any{"keywords"}, "flu, vaccines, influenza, prevention"},
		{"post inLanguage", post, []any{"inLanguage"}, "en-US"},
		{"post mainEntityOfPage", post, []any{"mainEntityOfPage", "@id"}, url + "#webpage"},

		{"crumb 1", crumbs, []any{"itemListElement", 0}, map[string]any{"@type": "ListItem", "position": 1.0, "name": "Home", "item": base}},
		{"crumb 2", crumbs, []any{"itemListElement", 1}, map[string]any{"@type": "ListItem", "position": 2.0, "name": "Health articles", "item": base + "posts/"}},
		{"crumb 3", crumbs, []any{"itemListElement", 2}, map[string]any{"@type": "ListItem", "position": 3.0, "name": title, "item": url}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := get(t, tt.node, tt.path...); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%v = %#v, want %#v", tt.path, got, tt.want)
			}
		})
	}
	if n, ok := get(t, post, "wordCount").(float64); !ok || n < 300 {
		t.Errorf("wordCount = %v", get(t, post, "wordCount"))
	}
	img := map[string]any{"@type": "ImageObject", "url": "https://riverbend.example.com/images/posts/flu-vaccine-2026.jpg", "width": float64(1200), "height": float64(630)}
	if got := post["image"]; !reflect.DeepEqual(got, img) {
		t.Errorf("image = %#v", got)
	}
}

func TestSeriesPostIsPartOfItsSeries(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(example(t), "posts/fiber-at-breakfast/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	post := byType(t, graph(t, b), "BlogPosting")
	want := map[string]any{"@type": "CreativeWorkSeries", "@id": "https://riverbend.example.com/series/fiber-basics/#series",
		"name": "Fiber Basics: Five Weekly Tips", "url": "https://riverbend.example.com/series/fiber-basics/"}
	if got := post["isPartOf"]; !reflect.DeepEqual(got, want) {
		t.Errorf("isPartOf = %#v, want %#v", got, want)
	}
}

func TestPostWithImageHasItInJSONLD(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(example(t), "posts/sun-safety/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	post := byType(t, graph(t, b), "BlogPosting")
	want := map[string]any{"@type": "ImageObject", "url": "https://riverbend.example.com/posts/sun-safety/sunscreen.jpg", "width": float64(1200), "height": float64(630)}
	if got := post["image"]; !reflect.DeepEqual(got, want) {
		t.Errorf("image = %v", got)
	}
}

// TestProviderPagesNameTheProfession: a physician is an
// IndividualPhysician, with the specialty, new patients and where they
// practise; a dietitian is a Person with an occupation, never a
// physician; both say the languages they speak and how to book.
func TestProviderPagesNameTheProfession(t *testing.T) {
	out := example(t)
	read := func(page string) []map[string]any {
		b, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatal(err)
		}
		return graph(t, b)
	}
	const site = "https://riverbend.example.com/"
	priya := read("authors/priya-raman/index.html")
	profile, person := byType(t, priya, "ProfilePage"), byType(t, priya, "Person")
	lauren := byType(t, read("authors/lauren-cho/index.html"), "Person")
	elena := byType(t, read("authors/elena-marsh/index.html"), "Person,IndividualPhysician")
	samuel := byType(t, read("authors/samuel-okafor/index.html"), "Person,IndividualPhysician")
	tests := []struct {
		name string
		node map[string]any
		path []any
		want any
	}{
		{"profile mainEntity", profile, []any{"mainEntity", "@id"}, site + "authors/priya-raman/#person"},
		{"dietitian name", person, []any{"name"}, "Priya Raman"},
		{"dietitian credentials", person, []any{"honorificSuffix"}, "MS, RDN, LDN"},
		{"dietitian knowsAbout", person, []any{"knowsAbout", 0}, "https://schema.org/DietNutrition"},
		{"dietitian occupation", person, []any{"hasOccupation", "name"}, "Registered dietitian nutritionist"},
		{"dietitian languages", person, []any{"knowsLanguage"}, []any{"English", "Tamil"}},
		{"dietitian works at the main clinic", person, []any{"workLocation"}, []any{map[string]any{"@id": site + "#location-1"}}},
		{"dietitian worksFor", person, []any{"worksFor", "@id"}, site + "#practice"},
		{"dietitian sameAs", person, []any{"sameAs", 0}, "https://mastodon.example/@priya_rdn"},
		{"dietitian booking", person, []any{"potentialAction", "target", "urlTemplate"}, site + "book/?provider=priya-raman"},
		{"nurse practitioner is a Person", lauren, []any{"hasOccupation", "name"}, "Family nurse practitioner"},
		{"physician specialty", elena, []any{"medicalSpecialty", 0}, "https://schema.org/PrimaryCare"},
		{"physician not accepting", elena, []any{"isAcceptingNewPatients"}, false},
		{"physician practicesAt both", elena, []any{"practicesAt"}, []any{map[string]any{"@id": site + "#location-1"}, map[string]any{"@id": site + "#location-2"}}},
		{"physician languages", elena, []any{"knowsLanguage"}, []any{"English", "Spanish"}},
		{"physician specialties", samuel, []any{"medicalSpecialty", 1}, "https://schema.org/Geriatric"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := get(t, tt.node, tt.path...); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%v = %#v, want %#v", tt.path, got, tt.want)
			}
		})
	}
	for _, n := range []map[string]any{person, lauren} {
		for _, k := range []string{"medicalSpecialty", "isAcceptingNewPatients", "practicesAt"} {
			if _, ok := n[k]; ok {
				t.Errorf("%s, not a physician, has %s", n["name"], k)
			}
		}
	}
	// Not accepting new patients: no booking action.
	if _, ok := elena["potentialAction"]; ok {
		t.Errorf("a physician not taking new patients offers booking")
	}
}

// TestServicesAreThePracticesAvailableService: every page names the
// practice's services, each with its schema.org type; a service's page
// describes it.
func TestServicesAreThePracticesAvailableService(t *testing.T) {
	out := example(t)
	b, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	practice := byType(t, graph(t, b), "MedicalClinic")
	const site = "https://riverbend.example.com/"
	services, ok := practice["availableService"].([]any)
	if !ok || len(services) < 5 {
		t.Fatalf("availableService = %#v", practice["availableService"])
	}
	want := map[string]any{"@type": "MedicalTherapy", "@id": site + "services/nutrition-counseling/#service",
		"name": "Nutrition counseling", "url": site + "services/nutrition-counseling/"}
	if !slices.ContainsFunc(services, func(s any) bool { return reflect.DeepEqual(s, want) }) {
		t.Errorf("availableService lacks %v: %v", want, services)
	}
	b, err = os.ReadFile(filepath.Join(out, "services/nutrition-counseling/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	g := graph(t, b)
	page, svc := byType(t, g, "MedicalWebPage"), byType(t, g, "MedicalTherapy")
	if get(t, page, "mainEntity", "@id") != want["@id"] || svc["@id"] != want["@id"] {
		t.Errorf("service page %v, service %v", page["mainEntity"], svc["@id"])
	}
	if d, _ := svc["description"].(string); !strings.HasPrefix(d, "One-on-one visits with our registered dietitian") {
		t.Errorf("service description %q", d)
	}
	if img := svc["image"]; img != site+"services/nutrition-counseling/plate.jpg" {
		t.Errorf("service image %v", img)
	}
}

// TestTitleCannotBreakOutOfItsElements writes a tiny site whose post
// title tries to close the script element and the attributes it appears
// in, and checks that the page holds the title only as escaped text.
func TestTitleCannotBreakOutOfItsElements(t *testing.T) {
	const title = `</script><script>alert(1)</script> "quotes" & 'apostrophes' <!-- x`
	root := t.TempDir()
	files := map[string]string{
		"carepress.yaml": "title: Test Clinic\nbase_url: https://test.example.com/\ntimezone: UTC\n",
		"content/posts/evil.md": "---\ntitle: '" + strings.ReplaceAll(title, "'", "''") + "'\ndate: 2026-01-02\n" +
			"description: '" + strings.ReplaceAll(title, "'", "''") + "'\nabout: '</script>'\ntags: ['</script><b>']\n---\nBody text.\n",
	}
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := buildSite(t, root)
	b, err := os.ReadFile(filepath.Join(out, "posts/evil/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, bad := range []string{"</script><script>", "<script>alert", "<!-- x", "<b>"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if n := strings.Count(page, "<script"); n != 1 {
		t.Errorf("%d script elements, want 1 (the JSON-LD)", n)
	}
	g := graph(t, b)
	post, wp := byType(t, g, "BlogPosting"), byType(t, g, "MedicalWebPage")
	for _, tt := range []struct {
		name string
		got  any
		want string
	}{
		{"headline", post["headline"], title},
		{"description", post["description"], title},
		{"keywords", post["keywords"], "</script><b>"},
		{"about", get(t, wp, "about", "name"), "</script>"},
	} {
		if tt.got != tt.want {
			t.Errorf("JSON-LD %s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	for _, tt := range []struct{ attr, want string }{
		{`property="og:title"`, title},
		{`property="og:description"`, title},
		{`name="description"`, title},
		{`property="article:tag"`, "</script><b>"},
	} {
		if got := metaContent(t, page, tt.attr); got != tt.want {
			t.Errorf("<meta %s> content = %q, want %q", tt.attr, got, tt.want)
		}
	}
	if got := textOf(t, page, "title"); got != title {
		t.Errorf("<title> = %q, want %q", got, title)
	}
}

// metaContent is the unescaped content of the one <meta attr content="...">.
func metaContent(t *testing.T, page, attr string) string {
	t.Helper()
	re := regexp.MustCompile(`<meta ` + regexp.QuoteMeta(attr) + ` content="([^"<>]*)">`)
	m := re.FindAllStringSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("%d <meta %s> tags with a well-formed content, want 1", len(m), attr)
	}
	return html.UnescapeString(m[0][1])
}

func textOf(t *testing.T, page, elem string) string {
	t.Helper()
	re := regexp.MustCompile(`<` + elem + `>([^<]*)</` + elem + `>`)
	m := re.FindAllStringSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("%d <%s> elements, want 1", len(m), elem)
	}
	return html.UnescapeString(m[0][1])
}

// A practice whose schema.org type has no availableService (a Dentist, a
// dietitian's MedicalBusiness) lists its services as an OfferCatalog of
// Services, which any business may have; each service's page describes
// it as a Service, with who it is for and where.
func TestServicesOfOtherPracticesAreAnOfferCatalog(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"carepress.yaml":               "title: Smile Dental\nbase_url: https://smile.example.com/\ntimezone: UTC\npractice:\n  type: Dentist\n  locations:\n    - {name: North, city: Leeds}\n    - {name: South, city: Leeds}\n",
		"content/services/cleaning.md": "---\ntitle: Teeth cleaning\nsummary: A cleaning twice a year.\nfor: Everyone with teeth\nlocations: [south]\n---\nThirty minutes.\n",
	}
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := buildSite(t, root)
	b, err := os.ReadFile(filepath.Join(out, "services/cleaning/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	g := graph(t, b)
	practice, svc := byType(t, g, "Dentist"), byType(t, g, "Service")
	if _, ok := practice["availableService"]; ok {
		t.Errorf("a Dentist has availableService")
	}
	offered := get(t, practice, "hasOfferCatalog", "itemListElement", 0, "itemOffered")
	want := map[string]any{"@type": "Service", "@id": "https://smile.example.com/services/cleaning/#service", "name": "Teeth cleaning", "url": "https://smile.example.com/services/cleaning/"}
	if !reflect.DeepEqual(offered, want) {
		t.Errorf("offer catalog item %v, want %v", offered, want)
	}
	for _, tt := range []struct {
		path []any
		want any
	}{
		{[]any{"provider", "@id"}, "https://smile.example.com/#practice"},
		{[]any{"audience", "audienceType"}, "Everyone with teeth"},
		{[]any{"availableChannel", 0, "serviceLocation", "@id"}, "https://smile.example.com/#location-2"},
	} {
		if got := get(t, svc, tt.path...); got != tt.want {
			t.Errorf("service %v = %v, want %v", tt.path, got, tt.want)
		}
	}
}

// A page says the language it is written in: a translation its own, the
// rest the site's.
func TestJSONLDInLanguageIsThePages(t *testing.T) {
	s, posts := feedSite(1)
	s.Config.Language = "en-US"
	es := *posts[0]
	es.Lang, es.Path = "es-US", "/es"+posts[0].Path
	b := seo.New(s, seo.Options{})
	for _, tc := range []struct {
		p    *site.Page
		want string
	}{{posts[0], "en-US"}, {&es, "es-US"}} {
		for _, n := range b.Graph(tc.p) {
			if n["@type"] == "BlogPosting" || n["@type"] == "MedicalWebPage" || n["@type"] == "WebPage" {
				if n["inLanguage"] != tc.want {
					t.Errorf("%s %s: inLanguage %v, want %s", tc.p.Path, n["@type"], n["inLanguage"], tc.want)
				}
			}
		}
	}
}
