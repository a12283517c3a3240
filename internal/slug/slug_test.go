package slug

import "testing"

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Flu Shots: What to Expect", "flu-shots-what-to-expect"},
		{"Café crème", "cafe-creme"},
		{"Straße & Gesundheit", "strasse-and-gesundheit"},
		{"Crohn's disease", "crohns-disease"},
		{"  --Fiber  101--  ", "fiber-101"},
		{"Ærø Øst", "aero-ost"},
		{"<script>alert(1)</script>", "script-alert-1-script"},
		{"../../etc/passwd", "etc-passwd"},
		{"日本語", ""},
		{"Vitamin D3", "vitamin-d3"},
		{"ﬁber", "fiber"},
	}
	for _, tt := range tests {
		if got := Make(tt.in); got != tt.want {
			t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzMake(f *testing.F) {
	for _, s := range []string{"Hello, World", "Ünïcödé", "a/b/../c", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Make(s)
		for _, r := range got {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Fatalf("Make(%q) = %q has unsafe rune %q", s, got, r)
			}
		}
		if len(got) > 0 && (got[0] == '-' || got[len(got)-1] == '-') {
			t.Fatalf("Make(%q) = %q starts or ends with a hyphen", s, got)
		}
		if Make(got) != got {
			t.Fatalf("Make is not idempotent on %q", got)
		}
	})
}
