package site_test

import (
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/site"
)

const bilingualConfig = "title: Test Clinic\nbase_url: https://test.example.com/\ntimezone: America/Chicago\nlanguage: en-US\nlanguages: [{code: es-US, title: Clínica de Prueba}]\n"

func translationsOf(s *site.Site) map[string]*site.Page {
	out := map[string]*site.Page{}
	for _, p := range s.Translations {
		out[p.Source.Path] = p
	}
	return out
}

// Translations are in the model, under their language's path and linked
// with their originals both ways, and in none of the default language's
// lists: what the build writes is the default language's site alone.
func TestTranslationsAreLinkedToTheirOriginals(t *testing.T) {
	files := map[string]string{
		"carepress.yaml":                   bilingualConfig,
		"content/authors/ana.md":           "---\nname: Ana Ruiz\ncredentials: MD\n---\n",
		"content/authors/ana.es.md":        "---\nname: Ana Ruiz\nbio: Médica de familia.\n---\n",
		"content/series/fiber.md":          "---\ntitle: Fiber\n---\n",
		"content/series/fiber.es.md":       "---\ntitle: Fibra\n---\n",
		"content/posts/flu.md":             "---\ntitle: Flu shots\ndate: 2026-10-01\nauthor: ana\nreviewed_by: ana\nlast_reviewed: 2026-10-01\nseries: fiber\nseries_order: 1\n---\nGet one.",
		"content/posts/flu.es.md":          "---\ntitle: Vacuna contra la gripe\nslug: vacuna-gripe\nlast_reviewed: 2026-10-05\n---\nVacúnese.",
		"content/posts/sun/index.md":       "---\ntitle: Sun\ndate: 2026-09-01\nimage: beach.jpg\n---\nSunscreen.",
		"content/posts/sun/index.es.md":    "---\ntitle: El sol\nimage: beach.jpg\nimage_alt: Una playa\n---\nProtector solar.",
		"content/posts/sun/beach.jpg":      "img",
		"content/posts/alone.md":           "---\ntitle: Only in English\ndate: 2026-09-01\n---\nx",
		"content/about.md":                 "---\ntitle: About\n---\nUs.",
		"content/about.es.md":              "---\ntitle: Quiénes somos\nslug: nosotros\n---\nNosotros.",
		"content/_index.es.md":             "---\ntitle: Inicio\n---\nBienvenidos.",
		"content/notices/privacy.md":       "---\ntitle: Privacy\nsummary: We keep it private.\nplacement: [footer]\n---\nx",
		"content/notices/privacy.es.md":    "---\ntitle: Privacidad\nsummary: Llame al {{ .Practice.EmergencyNumber }}.\n---\nx",
		"content/services/flu/index.md":    "---\ntitle: Flu shots\nsummary: For all.\n---\nx",
		"content/services/flu/index.es.md": "---\ntitle: Vacuna\nsummary: Para todos.\n---\nx",
	}
	files["carepress.yaml"] = strings.Replace(bilingualConfig, "timezone:", "practice: {emergency_number: \"911\"}\ntimezone:", 1)
	s, errs := load(t, files, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	tr := translationsOf(s)
	for _, tc := range []struct {
		file, path, title, desc string
		kind                    site.Kind
	}{
		{"content/posts/flu.es.md", "/es/posts/vacuna-gripe/", "Vacuna contra la gripe", "Vacúnese.", site.KindPost},
		{"content/posts/sun/index.es.md", "/es/posts/sun/", "El sol", "Protector solar.", site.KindPost},
		{"content/about.es.md", "/es/nosotros/", "Quiénes somos", "Nosotros.", site.KindPage},
		{"content/_index.es.md", "/es/", "Inicio", "Bienvenidos.", site.KindHome},
		{"content/authors/ana.es.md", "/es/authors/ana/", "Ana Ruiz, MD", "Médica de familia.", site.KindPerson},
		{"content/series/fiber.es.md", "/es/series/fiber/", "Fibra", "", site.KindSeries},
		{"content/notices/privacy.es.md", "/es/notices/privacy/", "Privacidad", "Llame al 911.", site.KindNotice},
		{"content/services/flu/index.es.md", "/es/services/flu/", "Vacuna", "Para todos.", site.KindService},
	} {
		p := tr[tc.file]
		if p == nil {
			t.Errorf("%s: no translation in the model", tc.file)
			continue
		}
		if p.Path != tc.path || p.Out != strings.TrimPrefix(tc.path, "/")+"index.html" || p.Title != tc.title || p.Description != tc.desc || p.Kind != tc.kind || p.Lang != "es-US" {
			t.Errorf("%s: %s %q %q %q %s %s, want %s %q %q %s es-US", tc.file, p.Path, p.Out, p.Title, p.Description, p.Kind, p.Lang, tc.path, tc.title, tc.desc, tc.kind)
		}
		if len(p.Translations) != 1 || p.Translations[0].Lang != "en-US" || p.Translations[0].Translation("es-US") != p {
			t.Errorf("%s: not linked both ways with its original: %v", tc.file, p.Translations)
		}
		if o := p.Original("en-US"); o == nil || o.Source == nil && o.Kind != site.KindHome {
			t.Errorf("%s: original %v", tc.file, o)
		}
	}
	if len(s.Translations) != 8 {
		t.Errorf("%d translations, want 8", len(s.Translations))
	}
	// What a translation leaves out, it has from its original.
	flu := tr["content/posts/flu.es.md"]
	if flu.Author == nil || flu.Author.ID != "ana" || flu.Reviewer == nil || flu.Series == nil || flu.SeriesOrder != 1 || flu.Date.Format("2006-01-02") != "2026-10-01" || flu.LastReviewed.Format("2006-01-02") != "2026-10-05" {
		t.Errorf("translated post: author %v, reviewer %v, series %v %d, date %v, reviewed %v", flu.Author, flu.Reviewer, flu.Series, flu.SeriesOrder, flu.Date, flu.LastReviewed)
	}
	// A bundle's image is published once, beside the original.
	if sun := tr["content/posts/sun/index.es.md"]; sun.Image != "/posts/sun/beach.jpg" || sun.ImageAlt != "Una playa" {
		t.Errorf("translated bundle image %q, alt %q", sun.Image, sun.ImageAlt)
	}
	// The default language's pages are as they were, each in its language.
	for _, p := range s.All {
		if p.Lang != "en-US" || strings.HasPrefix(p.Path, "/es/") {
			t.Errorf("page %s in %q in the default language's pages", p.Path, p.Lang)
		}
	}
	for _, p := range s.Posts {
		if p.Path == "/posts/alone/" && len(p.Translations) != 0 {
			t.Errorf("an untranslated post has translations: %v", p.Translations)
		}
	}
	if len(s.Posts) != 3 || s.Series[0].Posts[0].Path != "/posts/flu/" || len(s.Series[0].Posts) != 1 {
		t.Errorf("posts %q; series %q", paths(s.Posts), paths(s.Series[0].Posts))
	}
}

func TestTranslationErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no original", map[string]string{
			"content/posts/flu.es.md": "---\ntitle: Gripe\ndate: 2026-10-01\n---\nx",
		}, "content/posts/flu.es.md: content/posts/flu.es.md translates content/posts/flu.md, which does not exist (write the original in en-US first, or rename content/posts/flu.es.md if it is not a translation)"},
		{"no original notice", map[string]string{
			"content/notices/privacidad.es.md": "---\ntitle: Privacidad\nsummary: x\n---\nx",
		}, "content/notices/privacidad.es.md translates content/notices/privacidad.md, which does not exist"},
		{"a translated slug taken by another translation", map[string]string{
			"content/posts/a.md":    "---\ntitle: A\ndate: 2026-10-01\n---\nx",
			"content/posts/b.md":    "---\ntitle: B\ndate: 2026-10-01\n---\nx",
			"content/posts/a.es.md": "---\ntitle: A es\nslug: mismo\n---\nx",
			"content/posts/b.es.md": "---\ntitle: B es\nslug: mismo\n---\nx",
		}, "content/posts/b.es.md:3:7: content/posts/a.es.md and content/posts/b.es.md both map to the URL /es/posts/mismo/ (give one of them another slug)"},
		{"a translated path taken by a page of the default language", map[string]string{
			"content/about.md":       "---\ntitle: About\n---\nx",
			"content/about.es.md":    "---\ntitle: Nosotros\n---\nx",
			"content/es/about.md":    "---\ntitle: Spanish about, in English\n---\nx",
			"content/es/about.es.md": "---\ntitle: Otra\n---\nx",
		}, "content/es/about.md and content/about.es.md both map to the URL /es/about/"},
		{"a translation with no title", map[string]string{
			"content/posts/a.md":    "---\ntitle: A\ndate: 2026-10-01\n---\nx",
			"content/posts/a.es.md": "---\ndescription: Sin título\n---\nx",
		}, "content/posts/a.es.md:1:1: translation has no title"},
		{"an unknown reviewer", map[string]string{
			"content/posts/a.md":    "---\ntitle: A\ndate: 2026-10-01\n---\nx",
			"content/posts/a.es.md": "---\ntitle: A\nreviewed_by: nadie\n---\nx",
		}, `content/posts/a.es.md:3:14: unknown reviewer "nadie"`},
		{"a slug that makes no URL", map[string]string{
			"content/posts/a.md":    "---\ntitle: A\ndate: 2026-10-01\n---\nx",
			"content/posts/a.es.md": "---\ntitle: A\nslug: \"--\"\n---\nx",
		}, `cannot make a URL from "--"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.files["carepress.yaml"] = bilingualConfig
			_, errs := load(t, tc.files, site.Options{})
			if errs.Err() == nil || !strings.Contains(errs.Err().Error(), tc.want) {
				t.Errorf("errors %v, want %q", errs, tc.want)
			}
		})
	}
}

// A translation waits for its original, and for its own date and draft
// state; the translation of an expired post is gone with it, silently.
func TestTranslationsArePublishedWithTheirOriginals(t *testing.T) {
	files := map[string]string{
		"carepress.yaml":            bilingualConfig,
		"content/posts/live.md":     "---\ntitle: Live\ndate: 2026-10-01\n---\nx",
		"content/posts/live.es.md":  "---\ntitle: En vivo\n---\nx",
		"content/posts/draft.md":    "---\ntitle: Draft\ndate: 2026-10-01\ndraft: true\n---\nx",
		"content/posts/draft.es.md": "---\ntitle: Borrador\n---\nx",
		"content/posts/soon.md":     "---\ntitle: Soon\ndate: 2031-01-01\n---\nx",
		"content/posts/soon.es.md":  "---\ntitle: Pronto\n---\nx",
		"content/posts/old.md":      "---\ntitle: Old\ndate: 2025-01-01\nexpiry_date: 2025-06-01\n---\nx",
		"content/posts/old.es.md":   "---\ntitle: Viejo\n---\nx",
		"content/posts/later.md":    "---\ntitle: Later\ndate: 2026-10-01\n---\nx",
		"content/posts/later.es.md": "---\ntitle: Luego\ndate: 2030-01-01\n---\nx",
		"content/posts/wip.md":      "---\ntitle: WIP\ndate: 2026-10-01\n---\nx",
		"content/posts/wip.es.md":   "---\ntitle: En curso\ndraft: true\n---\nx",
	}
	for _, tc := range []struct {
		opts site.Options
		want string
	}{
		{site.Options{}, "/es/posts/live/"},
		{site.Options{Drafts: true}, "/es/posts/draft/ /es/posts/live/ /es/posts/wip/"},
		{site.Options{Future: true}, "/es/posts/later/ /es/posts/live/ /es/posts/soon/"},
	} {
		s, errs := load(t, copyMap(files), tc.opts)
		if errs.Err() != nil {
			t.Fatal(errs)
		}
		if got := paths(s.Translations); got != tc.want {
			t.Errorf("%+v: translations %q, want %q", tc.opts, got, tc.want)
		}
	}
}

// A required notice with no translation in one of the site's languages is
// a warning naming the file to write: the language's pages link the
// default language's notice meanwhile. A translated one, or one the site
// does not require, is not.
func TestUntranslatedRequiredNoticeWarns(t *testing.T) {
	files := map[string]string{
		"carepress.yaml":                strings.Replace(bilingualConfig, "language:", "notices: {require: [privacy, emergency]}\npractice: {emergency_number: \"911\"}\nlanguage:", 1),
		"content/notices/privacy.md":    "---\ntitle: Privacy\nkind: privacy\nsummary: We keep it private.\nplacement: [footer]\n---\nx",
		"content/notices/privacy.es.md": "---\ntitle: Privacidad\nsummary: Es privado.\n---\nx",
		"content/notices/emergency.md":  "---\ntitle: Emergencies\nkind: emergency\nsummary: Call 911.\nplacement: [footer]\n---\nx",
		"content/notices/reviews.md":    "---\ntitle: Reviews\nkind: reviews\nsummary: We do not answer reviews.\nplacement: [footer]\n---\nx",
	}
	_, errs := load(t, files, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	want := `content/notices/emergency.md: warning: required notice "emergency" has no Spanish translation: pages in es-US link the English one (write content/notices/emergency.es.md)`
	if got := errs.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// A translated notice is a version of its original, with its own title,
// summary and page; a translated post shows its original's notices in
// its language where they are translated, and in the default language
// where they are not. A footer notice's translation needs a summary.
func TestNoticeVersions(t *testing.T) {
	files := map[string]string{
		"carepress.yaml":                strings.Replace(bilingualConfig, "language:", "practice: {emergency_number: \"911\"}\nlanguage:", 1),
		"content/notices/privacy.md":    "---\ntitle: Privacy\nsummary: We keep it private.\nplacement: [footer]\n---\nx",
		"content/notices/privacy.es.md": "---\ntitle: Privacidad\nsummary: Llame al {{ .Practice.EmergencyNumber }}.\n---\nTexto.",
		"content/notices/advice.md":     "---\ntitle: No advice\nsummary: Not advice.\n---\nx",
		"content/posts/flu.md":          "---\ntitle: Flu\ndate: 2026-10-01\nnotices: [privacy, advice]\n---\nGet one.",
		"content/posts/flu.es.md":       "---\ntitle: Gripe\n---\nVacúnese.",
	}
	s, errs := load(t, files, site.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	n := s.NoticesByID["privacy"]
	es := n.In("es-US")
	if n.Lang != "en-US" || es == n || es.Lang != "es-US" || es.Title != "Privacidad" || es.Summary != "Llame al 911." ||
		es.Page == nil || es.Page.Path != "/es/notices/privacy/" || !strings.Contains(string(es.Content), "Texto.") || es.Kind != n.Kind || !es.Placed("footer") {
		t.Errorf("Spanish version: %+v", es)
	}
	if n.In("en-US") != n || s.NoticesByID["advice"].In("es-US") != s.NoticesByID["advice"] {
		t.Error("a notice with no version in a language is itself there")
	}
	post := translationsOf(s)["content/posts/flu.es.md"]
	if post == nil || len(post.Notices) != 2 || post.Notices[0] != es || post.Notices[1] != s.NoticesByID["advice"] {
		t.Errorf("the Spanish post's notices: %v", post)
	}

	files["content/notices/privacy.es.md"] = "---\ntitle: Privacidad\n---\nTexto."
	_, errs = load(t, files, site.Options{})
	want := "content/notices/privacy.es.md:1:1: the notice is placed in the footer or social snippets, but its translation has no summary"
	if errs.Err() == nil || !strings.Contains(errs.Err().Error(), want) {
		t.Errorf("errors %v, want %q", errs, want)
	}
}
