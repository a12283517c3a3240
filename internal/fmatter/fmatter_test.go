package fmatter

import (
	"strings"
	"testing"
	"time"
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

func FuzzSplitDecode(f *testing.F) {
	f.Add([]byte("---\ntitle: X\ndate: 2026-01-01\n---\nbody"))
	f.Add([]byte("+++\ntitle = \"X\"\n+++\n"))
	f.Add([]byte(";;;\n{\"title\": \"X\"}\n;;;\n"))
	f.Add([]byte("{\n\"title\": 1\n}\n\nx"))
	f.Fuzz(func(t *testing.T, b []byte) {
		src, err := Split("f.md", b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.md") {
				t.Fatalf("error without file name: %v", err)
			}
			return
		}
		var m meta
		_, errs := (&Decoder{File: "f.md"}).Decode(src.Meta, &m)
		for _, e := range errs {
			if e.Pos.File != "f.md" {
				t.Fatalf("error without file: %v", e)
			}
		}
	})
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
