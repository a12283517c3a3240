package content_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
)

// A notice's template that would hang the build or fill memory is an
// error at the notice's file and line, in well under a second; what a
// notice needs (the practice's values, a condition, a short loop) works.
func TestExpandBudget(t *testing.T) {
	cfg, err := config.Parse("carepress.yaml", []byte("title: Test Clinic\npractice: {phone: \"+1-217-555-0100\", emergency_number: \"911\", portal_url: \"https://portal.example/\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		want       string // the expansion, or the error
	}{
		{"values", "Call {{ .Practice.Phone }}, or {{ .Practice.EmergencyNumber }}.", "Call (217) 555-0100, or 911."},
		{"condition", "{{ with .Practice.PortalURL }}Use {{ . }}{{ else }}Call{{ end }}.", "Use https://portal.example/."},
		{"short loop and printf", "{{ range 3 }}*{{ end }} {{ printf \"%s!\" .Practice.Phone }} {{ html \"<b>\" }}", "*** (217) 555-0100! &lt;b&gt;"},
		{"a template of its own", "{{ define \"num\" }}{{ .Practice.EmergencyNumber }}{{ end }}Dial {{ template \"num\" . }}.", "Dial 911."},

		{"range over a huge number", "Line one.\n{{ range 1000000000000 }}{{ end }}",
			"n.md:11:10: the template takes more than 10000 steps (a {{ range }} over a huge number, or a template that calls itself?) (a notice needs only the practice's values"},
		{"nested ranges", "{{ range 1000 }}{{ range 1000 }}{{ end }}{{ end }}", "n.md:10:26: the template takes more than 10000 steps"},
		{"range with an else", "{{ range 0 }}{{ else }}{{ range 100000 }}x{{ end }}{{ end }}", "n.md:10:33: the template takes more than 10000 steps"},
		{"template that calls itself", "{{ define \"a\" }}{{ template \"a\" }}{{ end }}{{ template \"a\" }}", "n.md:10:17: the template takes more than 10000 steps"},
		{"templates that fan out", "{{ define \"a\" }}{{ end }}{{ define \"b\" }}{{ template \"a\" }}{{ template \"a\" }}{{ end }}{{ define \"c\" }}{{ template \"b\" }}{{ template \"b\" }}{{ end }}" +
			strings.Repeat("{{ template \"c\" }}", 3000), "n.md:10:17: the template takes more than 10000 steps"},
		{"output over the limit", "{{ range 9000 }}" + strings.Repeat("x", 200) + "{{ end }}", "n.md:10: the text grows over 1024 KB when its template runs"},
		{"printf width", "{{ printf \"%0999999999d\" 1 }}", "n.md:10:4: the text grows over 1024 KB"},
		{"printf width from an argument", "{{ printf \"%*d\" 999999999 1 }}", "n.md:10:4: the text grows over 1024 KB"},
		{"a string doubled", "{{ $x := \"0123456789\" }}{{ range 40 }}{{ $x = print $x $x }}{{ end }}{{ $x }}", "n.md:10:47: the text grows over 1024 KB"},
		{"an escaper in a loop", "{{ $x := \"<<<<<<<<\" }}{{ range 40 }}{{ $x = html $x $x }}{{ end }}", "n.md:10:45: the text grows over 1024 KB"},
		{"println repeated", "{{ $x := \"0123456789\" }}{{ range 30 }}{{ $x = println $x $x }}{{ end }}", "n.md:10:47: the text grows over 1024 KB"},
		{"urlquery repeated", "{{ $x := \"a b\" }}{{ range 30 }}{{ $x = urlquery $x $x }}{{ end }}", "n.md:10:40: the text grows over 1024 KB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			out, err := content.Expand("n.md", 10, []byte(tt.text), cfg)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %s", d)
			}
			got := string(out)
			if err != nil {
				got = err.Error()
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("got %.200q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzExpand: no notice text panics, hangs or grows past the budget; every
// error is placed in the notice's file, on or after its first line.
func FuzzExpand(f *testing.F) {
	cfg, err := config.Parse("carepress.yaml", []byte("title: Test Clinic\npractice: {phone: \"+1-217-555-0100\"}\n"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add("Call {{ .Practice.Phone }}.")
	f.Add("{{ range 1000000 }}{{ end }}")
	f.Add("{{ define \"a\" }}{{ template \"a\" }}{{ end }}{{ template \"a\" }}")
	f.Add("{{ $x := \"ab\" }}{{ range 30 }}{{ $x = print $x $x }}{{ end }}{{ $x }}")
	f.Add("{{ printf \"%08.3f %*d\" 1.5 3 4 }}")
	f.Add("{{ with .Practice }}{{ .Name }}{{ else }}none{{ end }}{{ html \"<\" }}{{ js \"'\" }}{{ urlquery \"a b\" }}")
	f.Fuzz(func(t *testing.T, text string) {
		out, err := content.Expand("n.md", 5, []byte(text), cfg)
		if len(out) > 1<<20 {
			t.Fatalf("%d bytes of output", len(out))
		}
		var e *diag.Error
		if err != nil && (!errors.As(err, &e) || e.Pos.File != "n.md" || e.Pos.Line < 5) {
			t.Fatalf("error not placed in the notice: %v", err)
		}
	})
}
