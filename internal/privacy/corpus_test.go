package privacy

import (
	"bufio"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
)

// corpusAllow is the example practice's allow list: its people, phones,
// email, locations and domain.
var corpusAllow = Allow{
	Names:     []string{"Riverbend Family Clinic", "Elena Marsh", "Priya Raman", "Samuel Okafor", "Lauren Cho", "Marcus Hale"},
	Phones:    []string{"+1-217-555-0100", "+1-217-555-0140"},
	Emails:    []string{"hello@riverbend.example.com"},
	Addresses: []string{"12 River Rd", "305 Meadow Ln"},
	Domains:   []string{"riverbend.example.com"},
}

type corpusCase struct {
	line  int
	rules []string // nil for a negative case
	text  string
}

func readCorpus(t *testing.T, path string) []corpusCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []corpusCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rules, text, ok := strings.Cut(line, " | ")
		if !ok {
			t.Fatalf("%s:%d: want \"RULES | text\"", path, n)
		}
		c := corpusCase{line: n, text: text}
		if rules != "-" {
			c.rules = strings.Split(rules, ",")
			sort.Strings(c.rules)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// tally counts, per rule, the cases that expect it and are found (tp),
// that do not expect it and are found (fp), and that expect it and are
// missed (fn).
type tally struct{ tp, fp, fn int }

// runCorpus checks every case of a corpus: a positive case must raise
// exactly its rules, and a negative one nothing. It logs precision and
// recall per rule and overall.
func runCorpus(t *testing.T, path string, scan func(string) []Finding, minPos, minNeg int) {
	cases := readCorpus(t, path)
	counts := map[string]*tally{}
	get := func(r string) *tally {
		if counts[r] == nil {
			counts[r] = &tally{}
		}
		return counts[r]
	}
	pos, neg := 0, 0
	for _, c := range cases {
		if c.rules == nil {
			neg++
		} else {
			pos++
		}
		var got []string
		for _, f := range scan(c.text) {
			if !slices.Contains(got, f.Rule) {
				got = append(got, f.Rule)
			}
		}
		sort.Strings(got)
		for _, r := range c.rules {
			if slices.Contains(got, r) {
				get(r).tp++
			} else {
				get(r).fn++
			}
		}
		for _, r := range got {
			if !slices.Contains(c.rules, r) {
				get(r).fp++
			}
		}
		if !slices.Equal(got, c.rules) {
			t.Errorf("%s:%d: got %v, want %v\n\t%s", path, c.line, got, c.rules, describe(scan(c.text)))
		}
	}
	if pos < minPos || neg < minNeg {
		t.Errorf("%s: %d positive and %d negative cases, want at least %d and %d", path, pos, neg, minPos, minNeg)
	}
	var all tally
	rules := make([]string, 0, len(counts))
	for r := range counts {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	for _, r := range rules {
		c := counts[r]
		all.tp += c.tp
		all.fp += c.fp
		all.fn += c.fn
		t.Logf("%-24s precision %5.1f%%  recall %5.1f%%  (tp %d, fp %d, fn %d)", r, pct(c.tp, c.tp+c.fp), pct(c.tp, c.tp+c.fn), c.tp, c.fp, c.fn)
	}
	t.Logf("%-24s precision %5.1f%%  recall %5.1f%%  (%d positive, %d negative cases)", "overall", pct(all.tp, all.tp+all.fp), pct(all.tp, all.tp+all.fn), pos, neg)
}

func pct(a, b int) float64 {
	if b == 0 {
		return 100
	}
	return 100 * float64(a) / float64(b)
}

func describe(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Rule + " " + quote(f.Match) + "; ")
	}
	return b.String()
}

func TestPrivacyCorpusFindsEveryIdentifierAndNoFalsePositive(t *testing.T) {
	d := New(corpusAllow)
	runCorpus(t, "testdata/privacy.txt", d.Scan, 40, 40)
}

func TestReplyCorpusFlagsEveryUnsafeReplyAndNoSafeOne(t *testing.T) {
	d := New(corpusAllow)
	runCorpus(t, "testdata/replies.txt", d.ScanReply, 20, 20)
}

// TestCountryCorpus runs testdata/countries.txt: each country's
// identifiers by their shape on a site of that country, and nothing of
// the same shapes elsewhere.
func TestCountryCorpus(t *testing.T) {
	const path = "testdata/countries.txt"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	country := ""
	d := New(corpusAllow)
	pos, neg := 0, 0
	for n, line := range strings.Split(string(src), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if cc, ok := strings.CutPrefix(line, "@ "); ok {
			country = cc
			a := corpusAllow
			a.Country = cc
			d = New(a)
			continue
		}
		rules, text, ok := strings.Cut(line, " | ")
		if !ok {
			t.Fatalf("%s:%d: want \"RULES | text\"", path, n+1)
		}
		var want []string
		if rules != "-" {
			want = strings.Split(rules, ",")
			sort.Strings(want)
			pos++
		} else {
			neg++
		}
		var got []string
		for _, f := range d.Scan(text) {
			if !slices.Contains(got, f.Rule) {
				got = append(got, f.Rule)
			}
		}
		sort.Strings(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s:%d (%s): got %v, want %v\n\t%s", path, n+1, country, got, want, describe(d.Scan(text)))
		}
	}
	if pos < 15 || neg < 20 {
		t.Errorf("%d positive and %d negative cases, want at least 15 and 20", pos, neg)
	}
}

// TestSpanishCorpus: a practice's Spanish pages are scanned as its
// English ones, with the words Spanish gives a patient's care.
func TestSpanishCorpus(t *testing.T) {
	d := New(corpusAllow)
	runCorpus(t, "testdata/spanish.txt", d.Scan, 15, 15)
}
