package site_test

import (
	"slices"
	"testing"

	"github.com/carepress/carepress/internal/site"
)

// The site in another language is made of its translations alone: its
// posts, its lists under its path, its people and series with the posts
// in that language, and a page at the default language's place is linked
// with it both ways.
func TestLanguageSiteHasItsOwnLists(t *testing.T) {
	files := map[string]string{
		"carepress.yaml":             bilingualConfig,
		"content/authors/ana.md":     "---\nname: Ana Ruiz\ncredentials: MD\n---\n",
		"content/series/fiber.md":    "---\ntitle: Fiber\n---\n",
		"content/series/fiber.es.md": "---\ntitle: Fibra\n---\n",
		"content/posts/one.md":       "---\ntitle: One\ndate: 2026-10-01\nauthor: ana\nseries: fiber\nseries_order: 1\ntags: [fiber]\n---\nx",
		"content/posts/one.es.md":    "---\ntitle: Uno\nslug: uno\n---\nx",
		"content/posts/two.md":       "---\ntitle: Two\ndate: 2026-10-08\nauthor: ana\nseries: fiber\nseries_order: 2\ntags: [fiber]\n---\nx",
		"content/posts/two.es.md":    "---\ntitle: Dos\ntags: [fibra]\n---\nx",
		"content/posts/alone.md":     "---\ntitle: Alone\ndate: 2026-10-09\ntags: [solo]\n---\nx",
		"content/about.md":           "---\ntitle: About\n---\nUs.",
	}
	s, errs := load(t, files, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	if len(s.Langs) != 1 {
		t.Fatalf("%d language sites, want 1", len(s.Langs))
	}
	es := s.Langs[0]
	if es.Lang != "es-US" || es.Config.Title != "Clínica de Prueba" || s.In("es-us") != es || s.In("en-US") != s || es.In("en-US") != s {
		t.Errorf("language site %q %q; In does not find the sites", es.Lang, es.Config.Title)
	}
	var paths []string
	for _, p := range es.All {
		paths = append(paths, p.Path)
		if p.Lang != "es-US" {
			t.Errorf("%s: language %q", p.Path, p.Lang)
		}
	}
	for _, want := range []string{"/es/", "/es/posts/", "/es/posts/uno/", "/es/posts/two/", "/es/tags/", "/es/tags/fiber/", "/es/tags/fibra/", "/es/series/fiber/", "/es/authors/", "/es/authors/ana/"} {
		if !slices.Contains(paths, want) {
			t.Errorf("no page %s in Spanish: %v", want, paths)
		}
	}
	for _, not := range []string{"/es/posts/alone/", "/es/tags/solo/", "/es/about/", "/es/404.html"} {
		if slices.Contains(paths, not) {
			t.Errorf("page %s in Spanish, which has no content for it", not)
		}
	}
	if len(es.Posts) != 2 || es.Posts[0].Title != "Dos" || es.Home.Pager == nil || len(es.Home.Pager.Pages) != 1 {
		t.Errorf("Spanish posts %v, home lists %v", es.Posts, es.Home.Pager)
	}
	uno := es.Posts[1]
	if uno.Series == nil || uno.Series.Title != "Fibra" || uno.Series.Page.Path != "/es/series/fiber/" || len(uno.Series.Posts) != 2 || uno.Next != es.Posts[0] {
		t.Errorf("series of a Spanish post: %+v", uno.Series)
	}
	if uno.Author == nil || uno.Author.Page.Path != "/es/authors/ana/" || len(uno.Author.Posts) != 2 || len(s.PeopleByID["ana"].Posts) != 2 {
		t.Errorf("author of a Spanish post: %+v", uno.Author)
	}
	if es.Home.Translation("en-US") != s.Home || s.Home.Translation("es-US") != es.Home {
		t.Errorf("the home pages are not linked both ways")
	}
	if got := s.Switcher(s.Pages[0]); len(got) != 1 || got[0].Path != "/es/" || got[0].Translated || got[0].Name != "Español" {
		t.Errorf("switcher of an untranslated page: %+v", got)
	}
	if got := es.Switcher(uno); len(got) != 1 || got[0].Path != "/posts/one/" || !got[0].Translated || got[0].Name != "English" {
		t.Errorf("switcher of a translation: %+v", got)
	}
	if es.Link("/posts/") != "/es/posts/" || es.Link("/services/") != "/services/" || s.Link("/posts/") != "/posts/" {
		t.Errorf("Link: %s %s %s", es.Link("/posts/"), es.Link("/services/"), s.Link("/posts/"))
	}
}

// A generated page of a language may not take the URL of a translation.
func TestLanguageSiteURLClash(t *testing.T) {
	files := map[string]string{
		"carepress.yaml":          bilingualConfig,
		"content/posts/one.md":    "---\ntitle: One\ndate: 2026-10-01\n---\nx",
		"content/posts/one.es.md": "---\ntitle: Uno\n---\nx",
		"content/about.md":        "---\ntitle: About\n---\nUs.",
		"content/about.es.md":     "---\ntitle: Artículos\nslug: posts\n---\nUs.",
	}
	_, errs := load(t, files, site.Options{})
	if errs.Err() == nil {
		t.Fatal("no error for a translation at the URL of the Spanish post list")
	}
}
