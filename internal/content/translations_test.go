package content_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/markdown"
)

const bilingual = "title: Test Clinic\nlanguage: en-US\nlanguages: [{code: es-US}]\ntimezone: America/Chicago\npractice: {phone: \"+1-217-555-0100\", email: hola@clinic.example, emergency_number: \"911\"}\n"

func loadLang(t *testing.T, cfgSrc string, files map[string]string, cache *content.Cache) (*content.Set, diag.List) {
	t.Helper()
	cfg, err := config.Parse("carepress.yaml", []byte(cfgSrc))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return content.Load(context.Background(), fsys, content.Options{Config: cfg, Converter: markdown.New(markdown.Options{}), Cache: cache})
}

// A translation sits beside its original, the language before .md, and is
// known by its original's ID in its own language; every kind translates
// the same way, bundles included.
func TestTranslationsAreReadBesideTheirOriginals(t *testing.T) {
	files := map[string]string{
		"content/posts/flu-shot.md":                "---\ntitle: Flu shots\n---\nGet one.",
		"content/posts/flu-shot.es.md":             "---\ntitle: Vacuna contra la gripe\nslug: vacuna-gripe\n---\nVacúnese.",
		"content/posts/sun/index.md":               "---\ntitle: Sun\n---\n![x](a.jpg)",
		"content/posts/sun/index.es.md":            "---\ntitle: Sol\n---\n![x](a.jpg)",
		"content/posts/sun/a.jpg":                  "img",
		"content/posts/es-is-not-a-suffix.md":      "---\ntitle: Hyphen\n---\nx",
		"content/about.md":                         "---\ntitle: About\n---\nUs.",
		"content/about.es-US.md":                   "---\ntitle: Nosotros\n---\nNosotros.",
		"content/_index.es.md":                     "---\ntitle: Inicio\n---\nBienvenidos.",
		"content/clinic/index.es.md":               "---\ntitle: Clínica\n---\nx",
		"content/authors/ana.md":                   "---\nname: Ana\n---\n",
		"content/authors/ana.es.md":                "---\nname: Ana\nrole: Médica\n---\n",
		"content/series/fiber.es.md":               "---\ntitle: Fibra\n---\n",
		"content/notices/emergency.es.md":          "---\ntitle: Emergencias\nsummary: Llame al {{ .Practice.EmergencyNumber }}.\n---\nLlame al {{ .Practice.EmergencyNumber }}.",
		"content/services/vaccines/index.es.md":    "---\ntitle: Vacunas\nsummary: Para todos.\n---\nRápido.",
		"content/services/vaccines/record.jpg":     "img",
		"content/notices/contact.es.md":            "---\ntitle: Contacto\nsummary: x\n---\nPara una cita, {{ template \"reach\" .Practice }}. {{ template \"tell\" .Practice }}",
		"content/posts/node.js.md":                 "---\ntitle: Node\n---\nx",
		"content/posts/version-2.0.md":             "---\ntitle: Version\n---\nx",
		"content/notices/.emergency.es.md.swp":     "junk",
		"content/services/vaccines/index.es.md~":   "junk",
		"content/services/vaccines/index.es.md.bk": "junk",
	}
	set, errs := loadLang(t, bilingual, files, nil)
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	for _, w := range errs {
		if !strings.Contains(w.Msg, ".bk") {
			t.Errorf("unexpected warning: %v", w)
		}
	}
	got := map[string]string{}
	for _, f := range set.Translations {
		got[f.Path] = f.Kind.String() + " " + f.ID + " " + f.Lang + " " + f.BundleDir
	}
	want := map[string]string{
		"content/posts/flu-shot.es.md":          "post flu-shot es-US ",
		"content/posts/sun/index.es.md":         "post sun es-US content/posts/sun",
		"content/about.es-US.md":                "page about es-US ",
		"content/_index.es.md":                  "page  es-US content",
		"content/clinic/index.es.md":            "page clinic es-US content/clinic",
		"content/authors/ana.es.md":             "person ana es-US ",
		"content/series/fiber.es.md":            "series fiber es-US ",
		"content/notices/emergency.es.md":       "notice emergency es-US ",
		"content/notices/contact.es.md":         "notice contact es-US ",
		"content/services/vaccines/index.es.md": "service vaccines es-US content/services/vaccines",
	}
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%s: %q, want %q", p, got[p], w)
		}
	}
	if len(set.Translations) != len(want) {
		t.Errorf("%d translations, want %d: %v", len(set.Translations), len(want), got)
	}
	// The default language's lists hold none of them.
	ids := map[string]bool{}
	for _, fs := range [][]*content.File{set.Posts, set.Pages, set.People, set.Series, set.Notices, set.Services} {
		for _, f := range fs {
			if f.Lang != "en-US" {
				t.Errorf("%s in the default lists, in %s", f.Path, f.Lang)
			}
			ids[f.ID] = true
		}
	}
	for _, id := range []string{"flu-shot", "sun", "es-is-not-a-suffix", "about", "ana", "node.js", "version-2.0"} {
		if !ids[id] {
			t.Errorf("no original %q", id)
		}
	}
	for _, f := range set.Translations {
		switch f.Path {
		case "content/posts/flu-shot.es.md":
			if f.Post.Slug != "vacuna-gripe" {
				t.Errorf("translated slug = %q", f.Post.Slug)
			}
		case "content/posts/sun/index.es.md":
			if strings.Join(f.Resources, ",") != "a.jpg" {
				t.Errorf("bundle translation resources = %v", f.Resources)
			}
		case "content/notices/contact.es.md":
			// A notice's sentences come in its own language.
			body := string(f.Body)
			if !strings.Contains(body, "Para una cita, llámenos al (217) 555-0100. Avísenos a hola@clinic.example o al (217) 555-0100.") {
				t.Errorf("Spanish notice expanded to %q", body)
			}
		}
	}
}

// A file named for a language the site does not have is an error that
// names it and says how to fix it (it was meant as a translation), and is
// not read; one named for the default language is read as the original it
// is, with a warning.
func TestUndeclaredLanguage(t *testing.T) {
	for _, tc := range []struct {
		name, cfg, file, want string
		warning               bool
	}{
		{"no languages at all", "title: X\n", "content/posts/flu.es.md",
			`content/posts/flu.es.md: content/posts/flu.es.md is named as a translation into "es", which is not one of the site's languages (add ` + "`languages: [{code: es}]`" + ` to carepress.yaml if the site is to have that language, or rename the file)`, false},
		{"French on a Spanish site", bilingual, "content/posts/flu.fr.md",
			`is named as a translation into "fr", which is not one of the site's languages`, false},
		{"a near miss", bilingual, "content/about.et.md",
			`(did you mean "es"? rename it to about.es.md, or add`, false},
		{"another Spanish", bilingual, "content/posts/flu.es-MX.md",
			`is named as a translation into "es-MX", which is not one of the site's languages (did you mean "es"? rename it to flu.es.md, or add`, false},
		{"the default language", bilingual, "content/posts/flu.en.md",
			`content/posts/flu.en.md: warning: content/posts/flu.en.md is named for en-US, the site's default language, whose files need no language in their name: it is read as flu.md (rename it to flu.md)`, true},
		{"the default language in a bundle", bilingual, "content/posts/flu/index.en-US.md",
			`content/posts/flu/index.en-US.md is named for en-US, the site's default language, whose files need no language in their name: it is read as index.md (rename it to index.md)`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, errs := loadLang(t, tc.cfg, map[string]string{tc.file: "---\ntitle: T\n---\nText."}, nil)
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.want) {
				t.Fatalf("problems = %v, want one containing %q", errs, tc.want)
			}
			if tc.warning != (errs.Err() == nil) {
				t.Fatalf("problem %v: warning = %v, want %v", errs[0], errs.Err() == nil, tc.warning)
			}
			if !tc.warning {
				return // an error: no set to read
			}
			if len(set.Translations) != 0 || len(set.Posts)+len(set.Pages) != 1 {
				t.Errorf("the file is not read as the original it is: %+v", set)
			}
		})
	}
}

// A cached translation comes back with its language: moving a post into
// another language (a rename) is a new file, and the site's language list
// changing is reflected even for an unchanged file.
func TestCachedTranslationKeepsItsLanguage(t *testing.T) {
	cache := content.OpenCache(t.TempDir())
	defer cache.Close()
	files := map[string]string{
		"content/posts/flu.md":    "---\ntitle: Flu\ndate: 2026-01-01\n---\nx",
		"content/posts/flu.es.md": "---\ntitle: Gripe\ndate: 2026-01-01\n---\nx",
	}
	for i, cfg := range []string{bilingual, bilingual, "title: X\nlanguages: [{code: es}]\n"} {
		set, errs := loadLang(t, cfg, files, cache)
		if errs.Err() != nil {
			t.Fatal(errs.Err())
		}
		if len(set.Translations) != 1 || len(set.Posts) != 1 {
			t.Fatalf("build %d: %d translations, %d posts", i, len(set.Translations), len(set.Posts))
		}
		want := []string{"es-US", "es-US", "es"}[i]
		if tr := set.Translations[0]; tr.Lang != want || tr.ID != "flu" {
			t.Errorf("build %d: translation %q in %q, want flu in %s", i, tr.ID, tr.Lang, want)
		}
		if err := cache.Save(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOriginalPath(t *testing.T) {
	for in, want := range map[string]string{
		"content/posts/flu.es.md":          "content/posts/flu.md",
		"content/posts/flu/index.es-US.md": "content/posts/flu/index.md",
		"content/_index.es.md":             "content/_index.md",
		"content/about.md":                 "content/about.md",
	} {
		if got := content.OriginalPath(in); got != want {
			t.Errorf("OriginalPath(%q) = %q, want %q", in, got, want)
		}
	}
}
