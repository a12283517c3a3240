package i18n

import (
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/carepress/carepress/internal/locale"
	"github.com/carepress/carepress/themes"
)

// The built-in catalog loads without a problem, and has every English
// message in every language carepress supports, with no key English
// lacks: en and es are complete.
func TestBuiltinIsCompleteInEverySupportedLanguage(t *testing.T) {
	c, errs := Load(themes.FS, BuiltinDir, "themes/"+BuiltinDir)
	if len(errs) > 0 {
		t.Fatalf("the built-in catalog: %v", errs)
	}
	if !slices.Equal(c.Languages(), locale.Languages) {
		t.Errorf("catalog languages %v, supported %v", c.Languages(), locale.Languages)
	}
	ref := c.Table(Reference)
	if ref == nil || len(ref.Keys()) < 150 {
		t.Fatalf("English catalog: %v", ref)
	}
	for _, lang := range locale.Languages {
		for _, m := range c.Missing(lang) {
			t.Errorf("%s lacks %q (%s)", lang, m.Key, m.Pos)
		}
		for _, k := range c.Table(lang).Keys() {
			if ref.Message(k) == nil {
				t.Errorf("%s has %q, which English has not", lang, k)
			}
		}
	}
}

// Every message a layout asks for is in the catalog, and every message in
// the catalog is asked for by a layout or by carepress's Go code: a key
// renamed on one side only fails here, not on a page.
func TestEveryMessageIsUsedAndEveryUseIsAMessage(t *testing.T) {
	root := filepath.Join("..", "..")
	ref := Builtin().Table(Reference)
	used := map[string]bool{}
	tCall := regexp.MustCompile(`\bt "([a-z0-9.-]+)"`)
	quoted := regexp.MustCompile(`"([a-z][a-z0-9]*(?:[.-][a-z0-9]+)+)"`)
	walk := func(dir, ext string, re *regexp.Regexp, mustExist bool) {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ext) || strings.HasSuffix(p, "_test.go") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				used[m[1]] = true
				if mustExist && ref.Message(m[1]) == nil {
					t.Errorf("%s asks for %q, which the catalog has not", p, m[1])
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	walk("themes/default/layouts", ".html", tCall, true)
	walk("templates", ".html", tCall, true)
	walk("internal/social/export", ".tmpl", tCall, true)
	walk("internal", ".go", quoted, false)
	// The specialties and notice kinds are asked for by a name made from
	// the value: "specialty.primary-care" is spelt out in specialty.html,
	// notice-kind.KIND comes from site.NoticeKinds, and language.CODE
	// (the template function languageName) from a page's language.
	for _, k := range ref.Keys() {
		if !used[k] && !strings.HasPrefix(k, "notice-kind.") && !strings.HasPrefix(k, "language.") {
			t.Errorf("%q is asked for by no layout and no code", k)
		}
	}
	for _, code := range locale.Languages {
		if ref.Message("language."+code) == nil {
			t.Errorf("no message language.%s: languageName cannot name %s", code, code)
		}
	}
}

func TestParseErrorsAreAtTheirLine(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"bad key", "Post.TOC: x\n", `es.yaml:1:1: key "Post.TOC" is not a message key (write keys in lowercase words joined by dots and hyphens, such as post.min-read)`},
		{"a key twice", "a.b: x\nc: y\na.b: z\n", `es.yaml:3:1: key "a.b" is already at line 1 (keep one of them)`},
		{"no other form", "a:\n  one: x\n", `es.yaml:1:1: message "a" has no other form (add ` + "`other:`"},
		{"unknown plural form", "a:\n  single: x\n  other: y\n", `es.yaml:2:3: "single" is not a plural form of a (give plural forms as zero, one, two, few, many and other (the CLDR categories))`},
		{"markup", "a: \"<b>x</b>\"\n", `es.yaml:1:4: message "a" holds <, > or & (write the words alone: a layout puts the markup around them)`},
		{"an ampersand", "a: \"Q&A\"\n", `message "a" holds <, > or &`},
		{"unclosed placeholder", "a: \"Hola {name\"\n", `es.yaml:1:4: message "a" has a { with no }`},
		{"stray brace", "a: \"Hola }\"\n", `message "a" has a } with no {`},
		{"bad placeholder", "a: \"Hola {Name}\"\n", `message "a" has a placeholder {Name} (a placeholder is a lowercase name: {name}, {count})`},
		{"empty placeholder", "a: \"Hola {}\"\n", `message "a" has a placeholder {}`},
		{"a list", "a: [x, y]\n", `es.yaml:1:4: message "a" is not text`},
		{"not a mapping", "- a\n", `es.yaml:1:1: a catalog is a mapping of keys to messages`},
		{"syntax", "a: x\n b: [\n", `es.yaml:2: malformed YAML`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := Parse("es.yaml", "es", []byte(tc.src))
			if errs.Err() == nil || !strings.Contains(errs.Err().Error(), tc.want) {
				t.Errorf("errors %v, want %q", errs, tc.want)
			}
		})
	}
}

func catalog(t *testing.T, files map[string]string) *Catalog {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys["i18n/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	c, errs := Load(fsys, "i18n", "i18n")
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	return c
}

var sample = map[string]string{
	"en.yaml": `greet: "Hello, {name}"
only.en: "English only"
parts:
  one: "{count} part"
  other: "{count} parts"
plain: "Can't + won't"
`,
	"es.yaml": `greet: "Hola, {name}"
parts:
  one: "{count} parte"
  other: "{count} partes"
plain: "No puede"
`,
}

func TestLocalizerWritesTheLanguageAndFallsBack(t *testing.T) {
	c := catalog(t, sample)
	for _, tc := range []struct {
		lang, def, key string
		args           []any
		want           string
	}{
		{"es-US", "en-US", "greet", []any{"name", "Ana"}, "Hola, Ana"},
		{"en-US", "en-US", "greet", []any{"name", "Ana"}, "Hello, Ana"},
		{"es", "en", "parts", []any{"count", 1}, "1 parte"},
		{"es", "en", "parts", []any{"count", 0}, "0 partes"},
		{"es", "en", "parts", []any{"count", 2}, "2 partes"},
		{"en", "en", "parts", []any{"count", 1}, "1 part"},
		{"en", "en", "parts", []any{"count", 21}, "21 parts"},
		{"en", "en", "parts", []any{"count", -1}, "-1 part"},
		// A key Spanish lacks falls back to the default language, then
		// to English.
		{"es-US", "en-US", "only.en", nil, "English only"},
		{"es-US", "es-US", "only.en", nil, "English only"},
		// A language the catalog has not at all writes the default one.
		{"fr-CA", "es", "greet", []any{"name", "Ana"}, "Hola, Ana"},
		{"fr-CA", "en", "plain", nil, "Can't + won't"},
	} {
		got, err := c.For(tc.lang, tc.def).Text(tc.key, tc.args...)
		if err != nil || got != tc.want {
			t.Errorf("%s (default %s) %s %v = %q, %v; want %q", tc.lang, tc.def, tc.key, tc.args, got, err, tc.want)
		}
	}
}

// HTML writes a message as a layout wrote its literal text (an apostrophe
// stays one), and escapes each value as html/template escapes text; a
// template.HTML value goes in as it is.
func TestHTMLEscapesValuesAsTemplatesDo(t *testing.T) {
	c := catalog(t, sample)
	l := c.For("en", "en")
	for _, tc := range []struct {
		key  string
		args []any
		want template.HTML
	}{
		{"plain", nil, "Can't + won't"},
		{"greet", []any{"name", `O'Brien & <Sons> "+1"`}, "Hello, O&#39;Brien &amp; &lt;Sons&gt; &#34;&#43;1&#34;"},
		{"greet", []any{"name", template.HTML("<b>Ana</b>")}, "Hello, <b>Ana</b>"},
		{"greet", []any{"name", 7}, "Hello, 7"},
	} {
		got, err := l.HTML(tc.key, tc.args...)
		if err != nil || got != tc.want {
			t.Errorf("HTML(%s, %v) = %q, %v; want %q", tc.key, tc.args, got, err, tc.want)
		}
		// As html/template writes the same value in text.
		var b strings.Builder
		tmpl := template.Must(template.New("").Parse(`Hello, {{ . }}`))
		if tc.key == "greet" {
			if err := tmpl.Execute(&b, tc.args[1]); err != nil {
				t.Fatal(err)
			}
			if b.String() != string(got) {
				t.Errorf("html/template writes %q, HTML %q", b.String(), got)
			}
		}
	}
	if got, _ := l.Text("greet", "name", "O'Brien & Sons"); got != "Hello, O'Brien & Sons" {
		t.Errorf("Text escaped its value: %q", got)
	}
}

func TestLocalizerErrors(t *testing.T) {
	l := catalog(t, sample).For("es", "en")
	for _, tc := range []struct {
		key  string
		args []any
		want string
	}{
		{"nope", nil, `no message "nope" in the catalog`},
		{"greet", []any{"name"}, `arguments come in name and value pairs, got 1`},
		{"greet", nil, `message "greet": no value for {name}`},
		{"greet", []any{"nmae", "Ana"}, `no value for {name}`},
		{"parts", nil, `message "parts" has plural forms: give it a count`},
		{"parts", []any{"count", "3"}, `give it a count`},
		{"greet", []any{"name", 1.5}, `{name} is a float64, not text or a number`},
	} {
		if _, err := l.Text(tc.key, tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Text(%s, %v) = %v, want %q", tc.key, tc.args, err, tc.want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("MustText of an unknown key did not panic")
		}
	}()
	l.MustText("nope")
}

func TestMissingListsWhatALanguageLacks(t *testing.T) {
	c := catalog(t, sample)
	var keys []string
	for _, m := range c.Missing("es-US") {
		keys = append(keys, m.Key)
	}
	if !slices.Equal(keys, []string{"only.en"}) {
		t.Errorf("Missing(es-US) = %v", keys)
	}
	if m := c.Missing("en-GB"); m != nil {
		t.Errorf("Missing(en-GB) = %v", m)
	}
	if m := c.Missing("fr"); len(m) != 4 {
		t.Errorf("Missing(fr) = %d messages, want all 4", len(m))
	}
}

// A site's own catalog changes the messages it gives and keeps the rest;
// a translation may use only its English message's placeholders.
func TestOverlay(t *testing.T) {
	c := catalog(t, sample)
	own := catalog(t, map[string]string{
		"es.yaml": "greet: \"¡Bienvenida, {name}!\"\nonly.en: \"Solo en inglés\"\n",
	})
	merged, errs := c.Overlay(own)
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	l := merged.For("es", "en")
	if got := l.MustText("greet", "name", "Ana"); got != "¡Bienvenida, Ana!" {
		t.Errorf("overridden message = %q", got)
	}
	if got := l.MustText("parts", "count", 3); got != "3 partes" {
		t.Errorf("kept message = %q", got)
	}
	if len(merged.Missing("es")) != 0 {
		t.Errorf("Missing after overlay = %v", merged.Missing("es"))
	}
	if got := c.For("es", "en").MustText("greet", "name", "Ana"); got != "Hola, Ana" {
		t.Errorf("Overlay changed the catalog under it: %q", got)
	}
	bad := catalog(t, map[string]string{"es.yaml": "a.b: x\ngreet: \"Hola, {nombre}\"\n"})
	_, errs = c.Overlay(bad)
	want := `i18n/es.yaml:2:1: message "greet" has a placeholder {nombre} that the English message has not (use the placeholders of i18n/en.yaml:1: {name})`
	if errs.Err() == nil || !strings.Contains(errs.Err().Error(), want) {
		t.Errorf("errors %v, want %q", errs, want)
	}
}

func TestLoadRefusesAFileNotNamedForALanguage(t *testing.T) {
	fsys := fstest.MapFS{"i18n/spanish.yaml": {Data: []byte("a: b\n")}, "i18n/es-US.yaml": {Data: []byte("a: b\n")}, "i18n/README.md": {Data: []byte("x")}}
	_, errs := Load(fsys, "i18n", "templates/i18n")
	if len(errs) != 2 || !strings.Contains(errs.Error(), "templates/i18n/spanish.yaml: templates/i18n/spanish.yaml is not named for a language (name it by its language's subtag, such as es.yaml)") {
		t.Errorf("errors %v", errs)
	}
}

// FuzzParse: no catalog file makes Parse panic, and a message it accepts
// writes no markup, whatever its values.
func FuzzParse(f *testing.F) {
	for _, s := range sample {
		f.Add(s)
	}
	f.Add("a: \"{x}{y}\"\nb:\n  one: \"{count}\"\n  other: \"{count}s\"\n")
	f.Fuzz(func(t *testing.T, src string) {
		tab, errs := Parse("f.yaml", "en", []byte(src))
		if errs.Err() != nil {
			return
		}
		c := &Catalog{tables: map[string]*Table{"en": tab}}
		l := c.For("en", "en")
		for _, k := range tab.Keys() {
			var args []any
			for _, n := range tab.Message(k).Placeholders() {
				args = append(args, n, "<v>")
			}
			if tab.Message(k).Plural() && !slices.Contains(tab.Message(k).Placeholders(), "count") {
				args = append(args, "count", 2)
			}
			s, err := l.HTML(k, args...)
			if err != nil {
				if strings.Contains(err.Error(), "give it a count") {
					continue // count given as text by the loop above
				}
				t.Fatalf("%q: %v", k, err)
			}
			if strings.ContainsAny(strings.ReplaceAll(string(s), "&lt;v&gt;", ""), "<>") {
				t.Fatalf("%q writes markup: %q", k, s)
			}
		}
	})
}
