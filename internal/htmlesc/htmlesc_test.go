package htmlesc

import (
	"html/template"
	"strings"
	"testing"
)

// reference is what html/template writes for s in each place.
var reference = template.Must(template.New("").Parse(
	`<p title="{{ . }}">{{ . }}</p><a href="{{ . }}"></a><a href="#{{ . }}"></a><a href="/x?q={{ . }}"></a>`))

func mine(s string) string {
	var sb strings.Builder
	sb.WriteString(`<p title="`)
	Text(&sb, s)
	sb.WriteString(`">`)
	Text(&sb, s)
	sb.WriteString(`</p><a href="`)
	URL(&sb, s)
	sb.WriteString(`"></a><a href="#`)
	URLPart(&sb, s)
	sb.WriteString(`"></a><a href="/x?q=`)
	URLPart(&sb, s)
	sb.WriteString(`"></a>`)
	return sb.String()
}

func check(t *testing.T, s string) {
	t.Helper()
	var want strings.Builder
	if err := reference.Execute(&want, s); err != nil {
		t.Fatal(err)
	}
	if got := mine(s); got != want.String() {
		t.Fatalf("%q:\n got: %s\nwant: %s", s, got, want.String())
	}
}

func TestEscapesAsHTMLTemplate(t *testing.T) {
	for _, s := range []string{
		"", "plain", `<b>"Flu" & 'colds'</b> +1`, "\x00nul", "ünïcode 💉", "bad \xff utf8",
		"https://example.org/a b/caf\u00e9?q=1&r=%41%zz%4", "javascript:alert(1)", "JavaScript:x",
		"mailto:a@b.test", "/rel:colon", "data:text/html,x", "//host/(x)'\"<>", "why-fiber-matters_2",
	} {
		check(t, s)
	}
}

func FuzzEscapesAsHTMLTemplate(f *testing.F) {
	f.Add("A & <B> 'c' \"d\" +e")
	f.Add("https://x.test/%2")
	f.Fuzz(check)
}
