package content

import (
	"path"
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/config"
)

// FuzzFileLanguage: whatever a file is named, its language is one of the
// site's, and the name it is read by is its own less at most the one
// dotted part that named that language.
func FuzzFileLanguage(f *testing.F) {
	cfg, err := config.Parse("carepress.yaml", []byte("title: X\nlanguage: en-US\nlanguages: [{code: es-US}]\n"))
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"flu.es.md", "index.es-US.md", "node.js.md", ".es.md", "a..md", "x.en.md", "x.fr.md", "es.md", "a.b.c.es.md"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if strings.Contains(name, "/") {
			return
		}
		p := "content/posts/" + name + ".md"
		lang, stem, _ := fileLanguage(p, cfg)
		if lang != "en-US" && lang != "es-US" {
			t.Fatalf("%q: language %q", p, lang)
		}
		base := strings.TrimSuffix(path.Base(p), ".md")
		if stem != base && !strings.HasPrefix(base, stem+".") {
			t.Fatalf("%q: read as %q", p, stem)
		}
		if stem != base && strings.Contains(base[len(stem)+1:], ".") {
			t.Fatalf("%q: read as %q, more than one part dropped", p, stem)
		}
		if lang == "es-US" && stem == base {
			t.Fatalf("%q: a translation that keeps its language in its name", p)
		}
	})
}
