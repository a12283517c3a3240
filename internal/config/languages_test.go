package config

import (
	"slices"
	"strings"
	"testing"
)

func TestLanguagesDefaultAndAreMadeCanonical(t *testing.T) {
	for _, tc := range []struct {
		name, src   string
		code, path  string
		title, menu string
	}{
		{"path from the language subtag", "languages: [{code: es-US}]", "es-US", "/es/", "Riverbend", ""},
		{"code in any case", "languages: [{code: es-us, title: Clínica Riverbend}]", "es-US", "/es/", "Clínica Riverbend", ""},
		{"a language alone", "languages: [{code: es}]", "es", "/es/", "Riverbend", ""},
		{"a region by number", "languages: [{code: es-419, path: /espanol/}]", "es-419", "/espanol/", "Riverbend", ""},
		{"a path without its slashes", "languages: [{code: es-US, path: es}]", "es-US", "/es/", "Riverbend", ""},
		{"a deeper path", "languages: [{code: es-US, path: /us/es/}]", "es-US", "/us/es/", "Riverbend", ""},
		{"a menu", "languages:\n  - code: es-US\n    menu: [{name: Servicios, url: /es/services/}]", "es-US", "/es/", "Riverbend", "Servicios"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("x.yaml", []byte("title: Riverbend\nlanguage: en-US\n"+tc.src+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Languages) != 1 {
				t.Fatalf("languages = %+v", c.Languages)
			}
			l := c.Languages[0]
			if l.Code != tc.code || l.Path != tc.path || l.Title != tc.title {
				t.Errorf("language = %+v, want code %q, path %q, title %q", l, tc.code, tc.path, tc.title)
			}
			if tc.menu != "" && (len(l.Menu) != 1 || l.Menu[0].Name != tc.menu) {
				t.Errorf("menu = %+v", l.Menu)
			}
			if got := c.LanguageCodes(); !slices.Equal(got, []string{"en-US", tc.code}) {
				t.Errorf("LanguageCodes = %v", got)
			}
		})
	}
}

func TestLanguageErrorsAreAtTheirLine(t *testing.T) {
	const head = "title: X\nlanguage: en-US\n"
	for _, tc := range []struct{ name, src, want string }{
		{"no code", "languages:\n  - {title: Y}\n", `x.yaml:4:5: languages.0 has no code (add ` + "`code: es-US`"},
		{"not a tag", "languages:\n  - {code: spanish}\n", `x.yaml:4:12: languages.0.code "spanish" is not a BCP 47 language tag (carepress writes its interface in English (en) and Spanish (es): write one of them, alone or with a region, such as es-US or en-GB)`},
		{"an underscore", "languages:\n  - {code: es_US}\n", `x.yaml:4:12: languages.0.code "es_US" is not a BCP 47 language tag`},
		{"unknown subtag", "languages:\n  - {code: xx-US}\n", `languages.0.code "xx-US" is not a BCP 47 language tag`},
		{"unsupported", "languages:\n  - code: fr-CA\n", `x.yaml:4:11: languages.0.code "fr-CA" is a language carepress has no interface in (fr) (carepress writes its interface in English (en) and Spanish (es)`},
		{"the default again", "languages:\n  - {code: en-US}\n", `x.yaml:4:12: languages.0.code "en-US" repeats the default language (language: en-US) (the default language is served at /: list only the others under languages)`},
		{"the default in another region", "languages:\n  - {code: en-GB}\n", `languages.0.code "en-GB" repeats the default language`},
		{"a language twice", "languages:\n  - {code: es-US}\n  - {code: es-MX, path: /mx/}\n", `x.yaml:5:12: languages.1.code "es-MX" is Spanish again, as languages.0.code at x.yaml:4:12 (keep one of them`},
		{"two languages on one path", "languages:\n  - {code: es-US, path: /intl/}\n  - {code: en-GB, path: /intl/}\n", `languages.1.code "en-GB" repeats the default language`},
		{"the root", "languages:\n  - {code: es-US, path: /}\n", `x.yaml:4:25: languages.0.path "/" is the site's root, where the default language is (give the language a path of its own, such as /es/)`},
		{"upper case", "languages:\n  - {code: es-US, path: /ES/}\n", `languages.0.path "/ES/" is not a clean site path (write "/es/")`},
		{"dot dot", "languages:\n  - {code: es-US, path: /es/../x/}\n", `languages.0.path "/es/../x/" is not a clean site path (use lowercase letters`},
		{"double slash", "languages:\n  - {code: es-US, path: /es//x/}\n", `languages.0.path "/es//x/" is not a clean site path`},
		{"a space", "languages:\n  - {code: es-US, path: \"/es us/\"}\n", `is not a clean site path`},
		{"a query", "languages:\n  - {code: es-US, path: \"/es/?x=1\"}\n", `is not a clean site path`},
		{"a URL", "languages:\n  - {code: es-US, path: \"https://es.example/\"}\n", `is not a clean site path`},
		{"a section of its own", "languages:\n  - {code: es-US, path: /posts/}\n", `languages.0.path "/posts/" starts with /posts/, where carepress publishes its own pages`},
		{"a menu entry without a url", "languages:\n  - code: es-US\n    menu: [{name: Servicios}]\n", `languages.0.menu.0 is incomplete`},
		{"a menu entry with a script", "languages:\n  - code: es-US\n    menu: [{name: X, url: \"javascript:alert(1)\"}]\n", `languages.0.menu.0.url`},
		{"unknown key", "languages:\n  - {code: es-US, titel: Y}\n", `x.yaml:4:19: unknown field "languages.0.titel" (did you mean "title"?)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(head+tc.src))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n%s\nwant it to contain\n%s", err, tc.want)
			}
		})
	}
}

func TestTwoPathsClash(t *testing.T) {
	// Two extra languages need two bases to get that far: English is the
	// default, so the clash is between Spanish and a site whose default
	// is Spanish, with English as the extra language.
	src := "title: X\nlanguage: es-US\nlanguages:\n  - {code: en-US, path: /es/}\n"
	_, err := Parse("x.yaml", []byte(src))
	if err != nil {
		t.Fatalf("a language at /es/ on a Spanish site: %v", err)
	}
	src = "title: X\nlanguage: de-DE\npractice: {country: DE}\nlanguages:\n  - {code: es, path: /intl/}\n  - {code: en, path: /intl/}\n"
	_, err = Parse("x.yaml", []byte(src))
	want := `x.yaml:6:22: languages.1.path /intl/ is the path of languages.0 too, at x.yaml:5:22 (give each language a path of its own)`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestSuffixLanguage(t *testing.T) {
	c, err := Parse("x.yaml", []byte("title: X\nlanguage: en-US\nlanguages: [{code: es-US}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		suffix, code string
		isDefault    bool
		ok           bool
	}{
		{"es", "es-US", false, true},
		{"es-US", "es-US", false, true},
		{"es-us", "es-US", false, true},
		{"en", "en-US", true, true},
		{"en-US", "en-US", true, true},
		{"fr", "", false, false},
		{"es-MX", "", false, false},
		{"", "", false, false},
	} {
		code, isDefault, ok := c.SuffixLanguage(tc.suffix)
		if code != tc.code || isDefault != tc.isDefault || ok != tc.ok {
			t.Errorf("SuffixLanguage(%q) = %q, %v, %v; want %q, %v, %v", tc.suffix, code, isDefault, ok, tc.code, tc.isDefault, tc.ok)
		}
	}
	if l := c.LanguageOf("ES-us"); l == nil || l.Path != "/es/" {
		t.Errorf("LanguageOf = %+v", l)
	}
	if c.LanguageOf("en-US") != nil {
		t.Error("LanguageOf(default) is an extra language")
	}
}
