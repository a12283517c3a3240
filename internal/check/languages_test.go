package check_test

import (
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/check"
	"github.com/carepress/carepress/internal/diag"
)

const bilingual = "title: Test Clinic\nbase_url: https://test.example.com/\nlanguage: en-US\nlanguages: [{code: es-US}]\n"

// reviewedPost is an original post reviewed on last_reviewed, changed on
// lastmod when it is not "".
func reviewedPost(lastReviewed, lastmod string) string {
	fm := "---\ntitle: Flu shots for everyone\ndate: 2026-09-01\nauthor: ana\nreviewed_by: ana\nlast_reviewed: " + lastReviewed + "\n"
	if lastmod != "" {
		fm += "lastmod: " + lastmod + "\n"
	}
	return fm + "---\nGet one.\n"
}

// A translation is stale when its original was reviewed or changed after
// the translation's own review (or, with none, its lastmod); a
// translation that gives neither is stale as soon as its original has a
// date.
func TestTranslationStale(t *testing.T) {
	for _, tc := range []struct {
		name, orig, tr string
		want           string // "" for no finding
	}{
		{"reviewed together", reviewedPost("2026-10-01", ""),
			"---\ntitle: Vacunas\nlast_reviewed: 2026-10-01\n---\nVacúnese.\n", ""},
		{"translation reviewed later", reviewedPost("2026-10-01", ""),
			"---\ntitle: Vacunas\nlast_reviewed: 2026-10-20\n---\nVacúnese.\n", ""},
		{"original reviewed again", reviewedPost("2026-11-02", ""),
			"---\ntitle: Vacunas\nlast_reviewed: 2026-10-01\n---\nVacúnese.\n",
			"content/posts/flu.es.md:3:16 translation last reviewed on 2026-10-01, but its original content/posts/flu.md was reviewed on 2026-11-02"},
		{"original changed after review", reviewedPost("2026-10-01", "2026-10-15"),
			"---\ntitle: Vacunas\nlast_reviewed: 2026-10-05\n---\nVacúnese.\n",
			"content/posts/flu.es.md:3:16 translation last reviewed on 2026-10-05, but its original content/posts/flu.md was changed on 2026-10-15"},
		{"translation's lastmod stands in", reviewedPost("2026-10-01", ""),
			"---\ntitle: Vacunas\nlastmod: 2026-09-20\n---\nVacúnese.\n",
			"content/posts/flu.es.md:3:10 translation last reviewed on 2026-09-20, but its original content/posts/flu.md was reviewed on 2026-10-01"},
		{"translation gives no date", reviewedPost("2026-10-01", ""),
			"---\ntitle: Vacunas\n---\nVacúnese.\n",
			"content/posts/flu.es.md:2:8 translation gives no last_reviewed, and its original content/posts/flu.md was reviewed on 2026-10-01"},
		{"the same day in the site's zone", reviewedPost("2026-10-01T23:00:00Z", ""),
			"---\ntitle: Vacunas\nlast_reviewed: 2026-10-01\n---\nVacúnese.\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root, s := load(t, map[string]string{
				"carepress.yaml":          bilingual,
				"content/authors/ana.md":  "---\nname: Ana Ruiz\n---\n",
				"content/posts/flu.md":    tc.orig,
				"content/posts/flu.es.md": tc.tr,
			})
			got := rules(t, s, root, "health/translation-stale", check.Options{})
			if tc.want == "" {
				if len(got) != 0 {
					t.Fatalf("got %q, want nothing", got)
				}
				return
			}
			if len(got) != 1 || got[0] != "health/translation-stale@"+tc.want {
				t.Fatalf("got %q\nwant [health/translation-stale@%s]", got, tc.want)
			}
		})
	}
}

// A translated notice is held to its original's lastmod; originals and
// the default language's pages are never translation-stale.
func TestTranslationStaleNoticesAndOriginals(t *testing.T) {
	root, s := load(t, map[string]string{
		"carepress.yaml":                bilingual,
		"content/notices/privacy.md":    "---\ntitle: Privacy\nsummary: We keep it private.\nplacement: [footer]\nlastmod: 2026-11-01\n---\nx\n",
		"content/notices/privacy.es.md": "---\ntitle: Privacidad\nsummary: Es privado.\nlastmod: 2026-06-01\n---\nx\n",
		"content/authors/ana.md":        "---\nname: Ana Ruiz\n---\n",
		"content/posts/alone.md":        reviewedPost("2026-11-01", "2026-11-10"),
	})
	got := rules(t, s, root, "health/translation-stale", check.Options{})
	want := "health/translation-stale@content/notices/privacy.es.md:4:10 translation last reviewed on 2026-06-01, but its original content/notices/privacy.md was changed on 2026-11-01"
	if len(got) != 1 || got[0] != want {
		t.Fatalf("got %q\nwant [%s]", got, want)
	}
}

// A Spanish post is graded by Fernández Huerta's formula, not by the
// English one (which reads Spanish's long words as hard), and a title
// may repeat across languages but not within one.
func TestSpanishPostsAreCheckedInSpanish(t *testing.T) {
	easyES := strings.Repeat("La gripe es una enfermedad. La vacuna le ayuda mucho. Pida su cita hoy. ", 4)
	hardES := strings.Repeat("La administración sistemática de inmunizaciones estacionales constituye una intervención preventiva fundamental para poblaciones especialmente vulnerables, particularmente personas mayores con enfermedades cardiovasculares, respiratorias o metabólicas crónicas. ", 3)
	root, s := load(t, map[string]string{
		"carepress.yaml":           bilingual,
		"content/posts/easy.md":    "---\ntitle: Diabetes\ndate: 2026-09-01\n---\nEat well.\n",
		"content/posts/easy.es.md": "---\ntitle: Diabetes\n---\n" + easyES + "\n",
		"content/posts/hard.md":    "---\ntitle: Flu\ndate: 2026-09-01\n---\nGet a shot.\n",
		"content/posts/hard.es.md": "---\ntitle: Diabetes\n---\n" + hardES + "\n",
	})
	got := rules(t, s, root, "health/reading-grade", check.Options{})
	if len(got) != 1 || !strings.HasPrefix(got[0], "health/reading-grade@content/posts/hard.es.md:4:1 reading grade 16 (Fernández Huerta ") || !strings.Contains(got[0], "muy difícil) is above 8") {
		t.Errorf("reading grade: got %q, want one finding on hard.es.md by Fernández Huerta", got)
	}
	got = rules(t, s, root, "seo/duplicate", check.Options{})
	want := []string{"seo/duplicate@content/posts/hard.es.md:2:8 title is the same as content/posts/easy.es.md's"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("seo/duplicate: got %q\nwant %q", got, want)
	}
}

// A message the site's own English catalog adds that its Spanish one
// lacks is reported at the English message; the build warns of it, and
// fails with --strict.
func TestMissingMessage(t *testing.T) {
	files := map[string]string{
		"carepress.yaml":         bilingual,
		"templates/i18n/en.yaml": "# Our own words\nhome.hello: Hello\n",
		"templates/i18n/es.yaml": "post.toc: En esta página\n",
		"content/posts/flu.md":   "---\ntitle: Flu\ndate: 2026-09-01\n---\nGet a shot.\n",
	}
	root, s := load(t, files)
	r, err := build.Templates(root, s)
	if err != nil {
		t.Fatal(err)
	}
	got := rules(t, s, root, "i18n/", check.Options{Templates: r})
	want := `i18n/missing-message@templates/i18n/en.yaml:2:1 message "home.hello" has no Spanish translation: pages in es-US show it in English`
	if len(got) != 1 || got[0] != want {
		t.Fatalf("got %q\nwant [%s]", got, want)
	}
	for _, strict := range []bool{false, true} {
		var msgs diag.List
		for _, p := range check.Gate(root, strict)(t.Context(), s, r) {
			if strings.Contains(p.Error(), "i18n/") {
				msgs = append(msgs, p)
			}
		}
		if len(msgs) != 1 || !strings.Contains(msgs[0].Error(), "home.hello") {
			t.Fatalf("strict=%v: got %v, want the missing message", strict, msgs)
		}
		if failed := msgs.Err() != nil; failed != strict {
			t.Errorf("strict=%v: the missing message fails the build: %v, want %v", strict, failed, strict)
		}
	}
}
