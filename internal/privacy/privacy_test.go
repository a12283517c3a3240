package privacy

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func rulesOf(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

func TestAllowListKeepsThePracticesOwnDetails(t *testing.T) {
	d := New(Allow{
		Names:     []string{"Elena Marsh", "Riverbend Family Clinic"},
		Phones:    []string{"+1 (217) 555-0100"},
		Emails:    []string{"elena@gmail.com"},
		Addresses: []string{"12 River Rd", "305 Meadow Ln, Suite 2"},
		Domains:   []string{"https://www.riverbend.example.com/"},
	})
	tests := []struct {
		name, text string
		want       string // the rule, or "" for none
	}{
		{"phone in another format", "Call 217.555.0100 today.", ""},
		{"phone without country code", "Call (217) 555-0100.", ""},
		{"phone with country code", "Call +1-217-555-0100.", ""},
		{"another phone", "Call (217) 555-0199.", "privacy/phone"},
		{"listed email", "Write to elena@gmail.com.", ""},
		{"email at the domain", "Write to billing@riverbend.example.com.", ""},
		{"email at a subdomain", "Write to help@portal.riverbend.example.com.", ""},
		{"email elsewhere", "Write to maria@gmail.com.", "privacy/email"},
		{"address with the suffix spelled out", "We moved to 12 River Road, Springfield.", ""},
		{"address line with a suite", "Find us at 305 Meadow Lane.", ""},
		{"another address", "She lives at 14 River Road, Springfield.", "privacy/address"},
		{"site person with a title", "Mrs. Marsh was diagnosed with the flu herself.", ""},
		{"site person with an event", "Elena Marsh was admitted to the board.", ""},
		{"patient with the same first name", "Mrs. Lopez was diagnosed with the flu.", "privacy/patient-name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rulesOf(d.Scan(tt.text))
			want := []string(nil)
			if tt.want != "" {
				want = []string{tt.want}
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("Scan(%q) = %v, want %v", tt.text, got, want)
			}
		})
	}
}

func TestFindingsSliceBackToTheirMatch(t *testing.T) {
	d := New(Allow{})
	tests := []struct {
		text, match, rule string
	}{
		{"Ünïcödé café — SSN 123-45-6789.", "123-45-6789", "privacy/ssn"},
		{"患者の記録: MRN 0048213", "0048213", "privacy/record-number"},
		{"“Quoted” text: call 312-555-0199", "312-555-0199", "privacy/phone"},
		{"Émilie’s note: write to a.b@example.org.", "a.b@example.org", "privacy/email"},
		{"日本語 Mrs. Lee’s biopsy was clear.", "Mrs. Lee", "privacy/patient-name"},
		{"Ça va: a 92-year-old man", "92-year-old", "privacy/age-over-89"},
		{"Straße: she lives at 48 Elm Street.", "48 Elm Street", "privacy/address"},
		{"ñ DOB: 3/14/1952", "3/14/1952", "privacy/birth-date"},
		{"ø She was seen on March 3, 2026.", "March 3, 2026", "privacy/service-date"},
	}
	for _, tt := range tests {
		fs := d.Scan(tt.text)
		if len(fs) != 1 {
			t.Errorf("Scan(%q) = %v, want one %s", tt.text, fs, tt.rule)
			continue
		}
		f := fs[0]
		if f.Rule != tt.rule || f.Match != tt.match || tt.text[f.Start:f.End] != f.Match {
			t.Errorf("Scan(%q) = %s %q at [%d:%d], want %s %q", tt.text, f.Rule, f.Match, f.Start, f.End, tt.rule, tt.match)
		}
		if f.Identifier == "" || f.Message == "" || f.Hint == "" || f.Severity != "error" {
			t.Errorf("Scan(%q): finding lacks identifier, message, hint or severity: %+v", tt.text, f)
		}
	}
}

func TestFindingsAreSortedByOffset(t *testing.T) {
	d := New(Allow{})
	text := "Mr. Jones (MRN 4471023) lives at 48 Elm Street; call 312-555-0199 or mail jj@example.org. DOB 4/2/1939."
	fs := d.Scan(text)
	want := []string{"privacy/patient-name", "privacy/record-number", "privacy/address", "privacy/phone", "privacy/email", "privacy/birth-date"}
	if strings.Join(rulesOf(fs), ",") != strings.Join(want, ",") {
		t.Fatalf("Scan = %v, want %v", rulesOf(fs), want)
	}
	for i := 1; i < len(fs); i++ {
		if fs[i].Start < fs[i-1].Start {
			t.Errorf("finding %d starts before finding %d", i, i-1)
		}
	}
}

func TestSSNNeedsAPossibleNumber(t *testing.T) {
	d := New(Allow{})
	for _, text := range []string{"SSN 000-12-3456", "SSN 666-12-3456", "SSN 912-34-5678", "SSN 123-00-4567", "SSN 123-45-0000", "code 123456789"} {
		if fs := d.Scan(text); len(fs) != 0 {
			t.Errorf("Scan(%q) = %v, want nothing", text, fs)
		}
	}
}

func TestSafeReplyPassesTheReplyRules(t *testing.T) {
	d := New(Allow{Names: []string{"Riverbend Family Clinic"}, Phones: []string{"+1-217-555-0100"}, Domains: []string{"riverbend.example.com"}})
	for _, args := range [][3]string{
		{"Riverbend Family Clinic", "+1-217-555-0100", "https://portal.riverbend.example.com"},
		{"Riverbend Family Clinic", "+1-217-555-0100", ""},
		{"Riverbend Family Clinic", "", "https://portal.riverbend.example.com"},
		{"", "", ""},
	} {
		r := SafeReply(args[0], args[1], args[2])
		if fs := d.ScanReply(r); len(fs) != 0 {
			t.Errorf("SafeReply%q = %q has findings %v", args, r, fs)
		}
		for _, a := range args {
			if !strings.Contains(r, a) {
				t.Errorf("SafeReply%q = %q lacks %q", args, r, a)
			}
		}
	}
}

func TestReplyOfflineIsAWarningForTheWholeReply(t *testing.T) {
	fs := New(Allow{}).ScanReply("Thanks for the review!")
	if len(fs) != 1 || fs[0].Rule != "reply/offline" || fs[0].Severity != "warning" || fs[0].Start != 0 || fs[0].End != 0 {
		t.Fatalf("ScanReply = %+v, want one reply/offline warning at 0", fs)
	}
}

func FuzzScan(f *testing.F) {
	for _, path := range []string{"testdata/privacy.txt", "testdata/replies.txt", "testdata/countries.txt"} {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if _, text, ok := strings.Cut(line, " | "); ok {
				f.Add(text)
			}
		}
	}
	f.Add("Mr.")
	f.Add("+")
	f.Add("(1")
	f.Add("a@b.cd")
	f.Add("'s")
	f.Add("x’")
	// A detector for each country reads that country's identifiers by
	// their shape alone.
	var ds []*Detector
	for _, cc := range []string{"", "US", "CA", "GB", "IE", "AU", "NZ"} {
		a := corpusAllow
		a.Country = cc
		ds = append(ds, New(a))
	}
	f.Fuzz(func(t *testing.T, text string) {
		var all [][]Finding
		for _, d := range ds {
			all = append(all, d.Scan(text))
		}
		all = append(all, ds[0].ScanReply(text))
		for _, fs := range all {
			for i, fd := range fs {
				if fd.Start < 0 || fd.End > len(text) || fd.Start > fd.End {
					t.Fatalf("%s offsets [%d:%d] out of bounds of %d bytes", fd.Rule, fd.Start, fd.End, len(text))
				}
				if text[fd.Start:fd.End] != fd.Match {
					t.Fatalf("%s Match %q is not text[%d:%d]", fd.Rule, fd.Match, fd.Start, fd.End)
				}
				if utf8.ValidString(text) && (!boundary(text, fd.Start) || !boundary(text, fd.End)) {
					t.Fatalf("%s offsets [%d:%d] split a rune", fd.Rule, fd.Start, fd.End)
				}
				if i > 0 && fd.Start < fs[i-1].Start {
					t.Fatalf("findings not sorted: %d after %d", fd.Start, fs[i-1].Start)
				}
			}
		}
	})
}

func boundary(s string, i int) bool { return i == len(s) || utf8.RuneStart(s[i]) }

// article8K is a realistic health article of at least 8 KB: the text
// in testdata/article.txt, repeated as needed.
func article8K(tb testing.TB) string {
	b, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		tb.Fatal(err)
	}
	s := string(b)
	for len(s) < 8<<10 {
		s += "\n" + string(b)
	}
	return s
}

func TestArticleIsClean(t *testing.T) {
	if fs := New(corpusAllow).Scan(article8K(t)); len(fs) != 0 {
		t.Errorf("Scan(article) = %s, want nothing", describe(fs))
	}
}

func BenchmarkScan(b *testing.B) {
	text := article8K(b)
	d := New(corpusAllow)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		d.Scan(text)
	}
}
