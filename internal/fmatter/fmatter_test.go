package fmatter

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/diag"
	"go.yaml.in/yaml/v3"
)

type meta struct {
	Title   string    `yaml:"title"`
	Date    time.Time `yaml:"date"`
	Tags    []string  `yaml:"tags"`
	Draft   bool      `yaml:"draft"`
	Order   int       `yaml:"order"`
	Sources []struct {
		Title string `yaml:"title"`
		URL   string `yaml:"url"`
	} `yaml:"sources"`
	Social struct {
		Text string            `yaml:"text"`
		By   map[string]string `yaml:"text_by_platform"`
	} `yaml:"social"`
}

func TestFormats(t *testing.T) {
	chicago, _ := time.LoadLocation("America/Chicago")
	tests := []struct {
		name, src string
		format    Format
		titleLine int
		bodyLine  int
	}{
		{"yaml", "---\ntitle: Flu\ndate: 2026-10-01\ntags: [a, b]\n---\nBody\n", YAML, 2, 6},
		{"toml", "+++\ntitle = \"Flu\"\ndate = 2026-10-01\ntags = [\"a\", \"b\"]\n+++\nBody\n", TOML, 2, 6},
		{"json", ";;;\n{\n\t\"title\": \"Flu\",\n\t\"date\": \"2026-10-01\",\n\t\"tags\": [\"a\", \"b\"]\n}\n;;;\nBody\n", JSON, 3, 8},
		{"bare json", "{\n  \"title\": \"Flu\",\n  \"date\": \"2026-10-01\",\n  \"tags\": [\"a\", \"b\"]\n}\n\nBody\n", JSON, 2, 7},
		{"bom and crlf", "\ufeff---\r\ntitle: Flu\r\ndate: 2026-10-01\r\ntags: [a, b]\r\n---\r\nBody\r\n", YAML, 2, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := Split("p.md", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if src.Format != tt.format {
				t.Errorf("format = %q, want %q", src.Format, tt.format)
			}
			var m meta
			pos, errs := (&Decoder{File: "p.md", Loc: chicago}).Decode(src.Meta, &m)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			want := time.Date(2026, 10, 1, 0, 0, 0, 0, chicago)
			if m.Title != "Flu" || !m.Date.Equal(want) || strings.Join(m.Tags, ",") != "a,b" {
				t.Errorf("decoded %+v", m)
			}
			if pos["title"].Line != tt.titleLine {
				t.Errorf("title at line %d, want %d", pos["title"].Line, tt.titleLine)
			}
			if src.BodyLine != tt.bodyLine || strings.TrimSpace(string(src.Body)) != "Body" {
				t.Errorf("body at line %d (%q), want line %d", src.BodyLine, src.Body, tt.bodyLine)
			}
		})
	}
}

func TestNoFrontMatter(t *testing.T) {
	src, err := Split("p.md", []byte("# Just markdown\n"))
	if err != nil || src.Meta != nil || src.BodyLine != 1 {
		t.Fatalf("got %+v, %v", src, err)
	}
}

// Empty or blank front matter is no fields, in every format, with a BOM
// and CRLF line endings too; a lone opening delimiter is an error at its
// line. Nothing panics (";;;\n;;;\n" did).
func TestEmptyFrontMatter(t *testing.T) {
	delims := [][2]string{{"---", "---"}, {"---yaml", "---"}, {"+++", "+++"}, {"---toml", "---"}, {";;;", ";;;"}, {"---json", "---"}}
	for _, d := range delims {
		for _, inner := range []string{"", " \n", "\t\n\n", "   \n \n"} {
			for _, enc := range []struct{ name, bom, nl string }{{"lf", "", "\n"}, {"bom", "\ufeff", "\n"}, {"crlf", "", "\r\n"}, {"bom crlf", "\ufeff", "\r\n"}} {
				src := d[0] + "\n" + inner + d[1] + "\nBody\n"
				src = enc.bom + strings.ReplaceAll(src, "\n", enc.nl)
				t.Run(fmt.Sprintf("%s %q %s", d[0], inner, enc.name), func(t *testing.T) {
					s, err := Split("p.md", []byte(src))
					if err != nil {
						t.Fatal(err)
					}
					if s.Meta == nil || s.Meta.Kind != yaml.MappingNode || len(s.Meta.Content) != 0 {
						t.Fatalf("meta = %+v, want an empty mapping", s.Meta)
					}
					if want := 3 + strings.Count(inner, "\n"); s.BodyLine != want || string(s.Body) != "Body\n" {
						t.Errorf("body %q at line %d, want \"Body\\n\" at %d", s.Body, s.BodyLine, want)
					}
					var m meta
					if _, errs := (&Decoder{File: "p.md"}).Decode(s.Meta, &m); len(errs) > 0 {
						t.Error(errs)
					}
				})
			}
		}
	}
	for _, src := range []string{"---", "---\n", ";;;\n", "+++\r\n", "\ufeff;;;", "\n\n---json\n", "---toml\n \n"} {
		t.Run(fmt.Sprintf("lone %q", src), func(t *testing.T) {
			_, err := Split("p.md", []byte(src))
			var e *diag.Error
			if !errors.As(err, &e) || e.Pos.Line != strings.Count(strings.TrimRight(src, " \r\n"), "\n")+1 || !strings.Contains(e.Msg, "is never closed") {
				t.Errorf("error = %v, want the opening line's \"never closed\"", err)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown field", "---\ntitle: X\ntitel: Y\n---\n", `p.md:3:1: unknown field "titel" (did you mean "title"?)`},
		{"nested unknown", "---\nsources:\n  - title: X\n    ulr: y\n---\n", `p.md:4:5: unknown field "sources.0.ulr" (did you mean "url"?)`},
		{"bad date", "---\ndate: soon\n---\n", `p.md:2:7: "date": "soon" is not a date`},
		{"bad bool", "---\ndraft: maybe\n---\n", `p.md:2:8: "draft": "maybe" is not true or false`},
		{"bad int", "---\norder: first\n---\n", `p.md:2:8: "order": "first" is not a whole number`},
		{"list for string", "---\ntitle: [a]\n---\n", `p.md:2:8: "title": expected text, found a list`},
		{"duplicate", "---\ntitle: a\ntitle: b\n---\n", `p.md:3`},
		{"yaml syntax", "---\ntitle: a\ntags: [a\n---\n", `p.md:`},
		{"unclosed", "---\ntitle: a\n", `p.md:1:1: front matter opened with "---" is never closed`},
		{"toml syntax", "+++\ntitle = \n+++\n", `p.md:2`},
		{"json syntax", ";;;\n{\"title\": }\n;;;\n", `p.md:2:11: malformed JSON front matter`},
		{"not a mapping", "---\n- a\n- b\n---\n", `front matter is not a mapping`},
		{"invalid utf-8", "---\ntitle: a\xff\n---\n", `p.md:2:9: invalid UTF-8`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := Split("p.md", []byte(tt.src))
			if err == nil {
				var m meta
				_, errs := (&Decoder{File: "p.md"}).Decode(src.Meta, &m)
				err = errs.Err()
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

// Front matter written to make a build hang or fill memory is an error
// (or decodes) in well under a second: aliases that stand for millions of
// values, thousands of TOML keys, thousands of bad fields, deep nesting.
func TestHostileFrontMatter(t *testing.T) {
	repeat := func(format string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, format, i)
		}
		return b.String()
	}
	tests := []struct {
		name, src, want string
	}{
		{"aliases of a big mapping", "---\nx: &a {" + repeat("k%d: 1, ", 3000) + "}\nsources: [" + strings.Repeat("*a, ", 3000) + "]\n---\n",
			"too many problems in the front matter"},
		{"aliases of valid values", "---\nx: &a {title: t, url: u}\nsources: [" + strings.Repeat("*a, ", 20000) + "]\n---\n",
			"stand for more than 10000 values"},
		{"thousands of TOML keys", "+++\n" + repeat("k%d = 1\n", 20000) + "+++\n", `f.md:2:1: unknown field "k0"`},
		{"thousands of unknown fields", "---\n" + repeat("k%d: 1\n", 50000) + "---\n", "f.md:102:1: too many problems in the front matter (fix the problems above first)"},
		{"deep YAML", "---\ntitle: " + strings.Repeat("[", 100000) + "\n---\n", "f.md:2"},
		{"deep JSON", ";;;\n{\"title\": " + strings.Repeat("[", 100000) + "}\n;;;\n", "f.md:2:10010: malformed JSON front matter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			src, err := Split("f.md", []byte(tt.src))
			var errs diag.List
			if err == nil {
				var m meta
				_, errs = (&Decoder{File: "f.md"}).Decode(src.Meta, &m)
			} else {
				errs.Add(err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %s", d)
			}
			if len(errs) > maxErrors+1 {
				t.Errorf("%d errors, want at most %d", len(errs), maxErrors+1)
			}
			if !strings.Contains(errs.Error(), tt.want) {
				t.Errorf("errors = %.300s..., want %q", errs.Error(), tt.want)
			}
		})
	}
}

// FuzzSplitDecode: no input panics, and every error names the file and a
// line in it.
func FuzzSplitDecode(f *testing.F) {
	f.Add([]byte("---\ntitle: X\ndate: 2026-01-01\n---\nbody"))
	f.Add([]byte("+++\ntitle = \"X\"\n+++\n"))
	f.Add([]byte(";;;\n{\"title\": \"X\"}\n;;;\n"))
	f.Add([]byte("{\n\"title\": 1\n}\n\nx"))
	for _, s := range []string{"", ";;;\n;;;\n", "---\n---\n", "+++\n+++\n", "---json\n \n---\n", ";;;\n", "\ufeff---\r\n\r\n---\r\n", "---\n# c\n---\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		text := string(b)
		if norm, err := Normalize("f.md", b); err == nil {
			text = string(norm) // a lone CR ends a line too
		}
		lines := strings.Count(text, "\n") + 2 // a position may be just past the end
		check := func(err error) {
			var e *diag.Error
			if !errors.As(err, &e) || e.Pos.File != "f.md" || e.Pos.Line < 1 || e.Pos.Line > lines {
				t.Fatalf("error without a position in the file: %v", err)
			}
		}
		src, err := Split("f.md", b)
		if err != nil {
			check(err)
			return
		}
		var m meta
		_, errs := (&Decoder{File: "f.md"}).Decode(src.Meta, &m)
		for _, e := range errs {
			check(e)
		}
	})
}

// FuzzFrontMatter fuzzes what is between the delimiters of each format,
// with and without a byte-order mark and CRLF line endings, so the fuzzer
// need not find the delimiters first: no input panics, and every error
// names the file and a line in it.
func FuzzFrontMatter(f *testing.F) {
	f.Add(uint8(0), []byte("title: X\ntags: [a, b]\n"), "Body")
	f.Add(uint8(2), []byte("title = \"X\"\n[social]\ntext = \"t\"\n"), "")
	f.Add(uint8(4), []byte("{\"title\": \"X\", \"sources\": [{\"url\": \"u\"}]}\n"), "x")
	f.Add(uint8(6), []byte("\"title\": \"X\"\n"), "\n\nBody")
	for i := range uint8(14) {
		f.Add(i, []byte(""), "")
		f.Add(i, []byte(" \t\n"), " ")
	}
	delims := [][2]string{{"---", "---"}, {"---yaml", "---"}, {"+++", "+++"}, {"---toml", "---"}, {";;;", ";;;"}, {"---json", "---"}, {"{", "}"}}
	f.Fuzz(func(t *testing.T, how uint8, inner []byte, body string) {
		d := delims[int(how>>1)%len(delims)]
		src := d[0] + "\n" + string(inner) + "\n" + d[1] + "\n" + body
		if how&1 == 1 {
			src = "\ufeff" + strings.ReplaceAll(src, "\n", "\r\n")
		}
		text := src
		if norm, err := Normalize("f.md", []byte(src)); err == nil {
			text = string(norm)
		}
		lines := strings.Count(text, "\n") + 2
		check := func(err error) {
			var e *diag.Error
			if !errors.As(err, &e) || e.Pos.File != "f.md" || e.Pos.Line < 1 || e.Pos.Line > lines {
				t.Fatalf("error without a position in the file: %v", err)
			}
		}
		s, err := Split("f.md", []byte(src))
		if err != nil {
			check(err)
			return
		}
		var m meta
		_, errs := (&Decoder{File: "f.md"}).Decode(s.Meta, &m)
		for _, e := range errs {
			check(e)
		}
	})
}

func TestParseTimeTakesTheFormsOfJekyllAndHugo(t *testing.T) {
	chicago, _ := time.LoadLocation("America/Chicago")
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2026-03-14", time.Date(2026, 3, 14, 0, 0, 0, 0, chicago)},
		{"2026-03-14T09:30:00", time.Date(2026, 3, 14, 9, 30, 0, 0, chicago)},
		{"2026-03-14T09:30", time.Date(2026, 3, 14, 9, 30, 0, 0, chicago)},
		{"2026-03-14 09:30:00", time.Date(2026, 3, 14, 9, 30, 0, 0, chicago)},
		{"2026-03-14 09:30", time.Date(2026, 3, 14, 9, 30, 0, 0, chicago)},
		{"2026-03-14T09:30:00-05:00", at("2026-03-14T14:30:00Z")},
		{"2026-03-14T14:30:00Z", at("2026-03-14T14:30:00Z")},
		{"2026-03-14T09:30:00.250-05:00", at("2026-03-14T14:30:00.250Z")},
		// Jekyll's form, and the variants Jekyll and Hugo accept.
		{"2018-03-26 23:22:00 -0600", at("2018-03-27T05:22:00Z")},
		{"2018-03-26 23:22:00 +0000", at("2018-03-26T23:22:00Z")},
		{"2018-03-26 23:22:00 -06:00", at("2018-03-27T05:22:00Z")},
		{"2018-03-26 23:22 -0600", at("2018-03-27T05:22:00Z")},
		{"2018-03-26 23:22:00-0600", at("2018-03-27T05:22:00Z")},
		{"2018-03-26 23:22:00-06:00", at("2018-03-27T05:22:00Z")},
		{"2018-03-26T23:22:00-0600", at("2018-03-27T05:22:00Z")},
		{"2018-03-26T23:22-06:00", at("2018-03-27T05:22:00Z")},
		{"2018-03-26 23:22:00.123 +0530", at("2018-03-26T17:52:00.123Z")},
		{"2018-03-26 23:22:00 -0600 MDT", at("2018-03-27T05:22:00Z")},
		{"2014-01-01 00:00:00 UTC", at("2014-01-01T00:00:00Z")},
		{"  2018-03-26 23:22  ", time.Date(2018, 3, 26, 23, 22, 0, 0, chicago)},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in, chicago)
		if err != nil {
			t.Errorf("ParseTime(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("ParseTime(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "soon", "2018-03-26 23", "2018-03-26 23:22:00 CST", "26/03/2018", "2018-13-01", "2018-03-26 25:00", "2018-03-26 23:22:00 -0600 extra"} {
		if got, err := ParseTime(bad, chicago); err == nil {
			t.Errorf("ParseTime(%q) = %v, want an error", bad, got)
		}
	}
}

func TestJekyllDateInFrontMatter(t *testing.T) {
	for _, src := range []string{
		"---\ndate: 2018-03-26 23:22:00 -0600\n---\n",
		"+++\ndate = \"2018-03-26 23:22:00 -0600\"\n+++\n",
		";;;\n{\"date\": \"2018-03-26 23:22:00 -0600\"}\n;;;\n",
	} {
		s, err := Split("p.md", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		var m meta
		if _, errs := (&Decoder{File: "p.md", Loc: time.UTC}).Decode(s.Meta, &m); len(errs) > 0 {
			t.Fatalf("%q: %v", src, errs)
		}
		if want := time.Date(2018, 3, 27, 5, 22, 0, 0, time.UTC); !m.Date.Equal(want) {
			t.Errorf("%q: date = %v, want %v", src, m.Date, want)
		}
	}
}

func TestHasFrontMatter(t *testing.T) {
	for _, src := range []string{"---\ntitle: x\n---\n", "+++\ntitle = 'x'\n+++\n", ";;;\n{}\n;;;\n", "\ufeff---\r\ntitle: x\r\n", "\n\n---yaml\n", "---"} {
		if !HasFrontMatter([]byte(src)) {
			t.Errorf("HasFrontMatter(%q) = false", src)
		}
	}
	for _, src := range []string{"", "<!doctype html>\n", "<html>\n---\n", "# Title\n---\n", "{\"a\": 1}", "----\n", "text --- text"} {
		if HasFrontMatter([]byte(src)) {
			t.Errorf("HasFrontMatter(%q) = true", src)
		}
	}
}
