package render_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/markdown"
	"github.com/carepress/carepress/internal/render"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/themes"
)

const bilingual = "title: Test Clinic\nbase_url: https://x.example/\nlanguage: en-US\nlanguages: [{code: es-US}]\ntimezone: America/Chicago\npractice: {phone: \"+1 217 555 0100\"}\n"

func bilingualSite(t *testing.T, src string) *site.Site {
	t.Helper()
	cfg, err := config.Parse("carepress.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return &site.Site{Config: cfg, Now: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)}
}

// langTheme shows a message, a plural, a date, opening hours, a number
// and a cached partial, each in the page's language.
var langTheme = fstest.MapFS{
	"baseof.html": {Data: []byte(`<html lang="{{ or .Page.Lang .Site.Config.Language "en" }}">{{ block "main" . }}{{ end }}|{{ partialCached "partials/foot.html" . }}`)},
	"post.html": {Data: []byte(`{{ define "main" }}{{ t "post.toc" }}|{{ t "post.min-read" "n" 4 }}|{{ t "series.parts" "count" 1 }}|{{ t "series.parts" "count" 3 }}|` +
		`{{ date .Page.Date }}|{{ date "2026-12-25" }}|{{ with openingHours "Mo-Fr 08:00-18:30" }}{{ days .DaysWritten }} {{ clock .Opens }}–{{ clock .Closes }}{{ end }}|` +
		`{{ number 15000 }}|{{ t "card.by" "name" "Ana & Luis" }}|{{ lang }}{{ end }}`)},
	"partials/foot.html": {Data: []byte(`{{ t "footer.about-site" }}`)},
	"alias.html":         {Data: []byte(`{{ t "alias.heading" }}`)},
}

func TestPagesAreWrittenInTheirLanguage(t *testing.T) {
	s := bilingualSite(t, bilingual)
	r, err := render.New(s, []render.Layer{{FS: langTheme, Label: "theme"}})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 9, 15, 15, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ lang, want string }{
		{"es-US", `<html lang="es-US">En esta página|4 min de lectura|1 parte|3 partes|15 de septiembre de 2026|25 de diciembre de 2026|Lunes a viernes 8:00 a.m.–6:30 p.m.|15,000|Por Ana &amp; Luis|es-US|Acerca de este sitio`},
		{"en-US", `<html lang="en-US">On this page|4 min read|1 part|3 parts|September 15, 2026|December 25, 2026|Monday to Friday 8:00 AM–6:30 PM|15,000|By Ana &amp; Luis|en-US|About this site`},
		// A page made by hand, with no language: the default one's.
		{"", `<html lang="en-US">On this page|4 min read|1 part|3 parts|September 15, 2026|December 25, 2026|Monday to Friday 8:00 AM–6:30 PM|15,000|By Ana &amp; Luis|en-US|About this site`},
		// Twice each, in turn: the cached footer is the language's own.
		{"es-US", `Acerca de este sitio`},
		{"en-US", `|About this site`},
	} {
		var b strings.Builder
		p := &site.Page{Kind: site.KindPost, Layout: "post", Lang: tc.lang, Date: day, Path: "/posts/x/"}
		if err := r.Page(&b, p, false); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("%q:\n got %s\nwant %s", tc.lang, b.String(), tc.want)
		}
	}
	var b strings.Builder
	if err := r.Alias(&b, site.Alias{From: "/viejo/", To: &site.Page{Lang: "es-US", Path: "/es/x/"}}); err != nil || b.String() != "Esta página se ha trasladado" {
		t.Errorf("alias in Spanish: %q, %v", b.String(), err)
	}
}

// A site's own catalog, in templates/i18n/, changes the messages it gives
// and adds its own, in each language; a mistake in it is an error at its
// line, and its messages are part of every layout's digest.
func TestSiteCatalogOverridesTheThemes(t *testing.T) {
	s := bilingualSite(t, bilingual)
	theme := fstest.MapFS{
		"baseof.html": {Data: []byte(`{{ block "main" . }}{{ end }}`)},
		"post.html":   {Data: []byte(`{{ define "main" }}{{ t "post.toc" }}|{{ t "about.also" }}|{{ t "post.sources" }}{{ end }}`)},
	}
	own := fstest.MapFS{
		"i18n/en.yaml": {Data: []byte("about.also: \"Also on our team\"\npost.toc: \"Contents\"\n")},
		"i18n/es.yaml": {Data: []byte("about.also: \"También en nuestro equipo\"\n")},
	}
	r, err := render.New(s, []render.Layer{{FS: own, Label: "templates"}, {FS: theme, Label: "theme"}})
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"en-US": "Contents|Also on our team|Sources", "es-US": "En esta página|También en nuestro equipo|Fuentes"} {
		var b strings.Builder
		if err := r.Page(&b, &site.Page{Kind: site.KindPost, Layout: "post", Lang: lang}, false); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("%s: %q, want %q", lang, b.String(), want)
		}
	}
	plain, err := render.New(s, []render.Layer{{FS: theme, Label: "theme"}})
	if err != nil {
		t.Fatal(err)
	}
	with, _ := r.Deps("post")
	without, _ := plain.Deps("post")
	if with.Hash == without.Hash {
		t.Error("the site's messages are not in the layout's digest")
	}
	if uses := strings.Join(r.Uses["post"], " "); !strings.Contains(uses, "templates/i18n/es.yaml") {
		t.Errorf("Uses = %s, want the catalog files", uses)
	}
	bad := fstest.MapFS{"i18n/es.yaml": {Data: []byte("post.min-read: \"{minutos} min\"\n")}}
	_, err = render.New(s, []render.Layer{{FS: bad, Label: "templates"}, {FS: theme, Label: "theme"}})
	want := `templates/i18n/es.yaml:1:1: message "post.min-read" has a placeholder {minutos} that the English message has not`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want %q", err, want)
	}
}

// The default theme's pages of a translated post are in Spanish, with
// none of the English interface left; the English page is as it was.
func TestDefaultThemeInSpanish(t *testing.T) {
	files := fstest.MapFS{
		"carepress.yaml":                {Data: []byte(bilingual)},
		"content/authors/ana.md":        {Data: []byte("---\nname: Ana Ruiz\ncredentials: MD\nrole: Family physician\n---\n")},
		"content/posts/flu.md":          {Data: []byte("---\ntitle: Flu shots\ndate: 2026-09-15\nauthor: ana\nreviewed_by: ana\nlast_reviewed: 2026-09-15\nsources: [{title: CDC, url: \"https://www.cdc.gov/flu/\"}]\n---\n## One\n\n## Two\n\n## Three\n\nGet one.")},
		"content/posts/flu.es.md":       {Data: []byte("---\ntitle: Vacuna contra la gripe\nlast_reviewed: 2026-09-20\nsources: [{title: CDC, url: \"https://www.cdc.gov/flu/\"}]\n---\n## Uno\n\n## Dos\n\n## Tres\n\nVacúnese.")},
		"content/notices/privacy.md":    {Data: []byte("---\ntitle: Privacy\nsummary: We keep your details private.\nplacement: [footer, post-end]\n---\nx")},
		"content/notices/privacy.es.md": {Data: []byte("---\ntitle: Privacidad\nsummary: Protegemos sus datos.\n---\nx")},
		"content/notices/emergency.md":  {Data: []byte("---\ntitle: Emergencies\nsummary: Call 911.\nplacement: [footer]\n---\nx")},
	}
	cfg, err := config.Load(files)
	if err != nil {
		t.Fatal(err)
	}
	set, errs := content.Load(context.Background(), files, content.Options{Config: cfg, Converter: markdown.New(markdown.Options{})})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	s, errs := site.New(context.Background(), cfg, set, site.Options{Now: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	layouts, _ := fs.Sub(themes.FS, "default/layouts")
	r, err := render.New(s, []render.Layer{{FS: layouts, Label: "themes/default/layouts"}})
	if err != nil {
		t.Fatal(err)
	}
	var post *site.Page
	for _, p := range s.Translations {
		if p.Kind == site.KindPost {
			post = p
		}
	}
	if post == nil || len(s.Translations) != 2 {
		t.Fatalf("translations: %v", s.Translations)
	}
	var b strings.Builder
	if err := r.Page(&b, post, false); err != nil {
		t.Fatal(err)
	}
	es := b.String()
	// The notices: the translated one in Spanish, in the footer and at
	// the post's end; the other in English, saying so in Spanish.
	for _, want := range []string{
		`<h3 class="notice__title"><a href="/es/notices/privacy/">Privacidad</a></h3>`, "Protegemos sus datos.",
		`<li class="notice notice--compact notice--legal" lang="en-US">`,
		`<a href="/notices/emergency/">Emergencies</a> <span class="notice__lang" lang="es-US">(en inglés)</span></h3>`,
		`<h2 class="notice__title" id="note-privacy">Privacidad</h2>`,
	} {
		if !strings.Contains(es, want) {
			t.Errorf("the Spanish page lacks %q", want)
		}
	}
	for _, want := range []string{`<html lang="es-US">`, "Saltar al contenido principal", "Por <a", "Revisado médicamente por", " el <time", "20 de septiembre de 2026", "Publicado el", "15 de septiembre de 2026", "En esta página", "Fuentes", "Tenga en cuenta", "Llame al (217) 555-0100"} {
		if !strings.Contains(es, want) {
			t.Errorf("the Spanish page lacks %q", want)
		}
	}
	for _, english := range []string{"We keep your details private", "Skip to main content", "Medically reviewed", "Published <time", "On this page", "Sources", "min read", "Please keep in mind", "About this site", "September"} {
		if strings.Contains(es, english) {
			t.Errorf("the Spanish page shows %q", english)
		}
	}
	b.Reset()
	if err := r.Page(&b, s.Posts[0], false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<html lang="en-US">`, "Medically reviewed by", "On this page", "September 15, 2026",
		`<a href="/notices/privacy/">Privacy</a></h3>`, `<a href="/notices/emergency/">Emergencies</a></h3>`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the English page lacks %q", want)
		}
	}
	if strings.Contains(b.String(), "notice__lang") || strings.Contains(b.String(), "Privacidad") {
		t.Error("the English page labels a notice's language, or shows the Spanish one")
	}
}
