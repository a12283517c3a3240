package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/locale"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func chicago(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// samplePlan is a small plan whose texts hold what exports get wrong:
// non-ASCII, emoji, CJK, quotes, commas, semicolons, backslashes and
// newlines, a Bluesky display text with a shortened link and its facet, an
// Instagram caption without its link, a snippet too soon for Hootsuite and
// one already in the past.
func samplePlan(t testing.TB) *Plan {
	loc := chicago(t)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, loc)
	post := "https://clinic.example.com/posts/spring-allergies/"
	// Compact links, as carepress writes them by default; the Mastodon
	// item's is from a site that turns on utm_content.
	utm := func(platform string) string {
		return post + "?utm_source=" + platform + "&utm_medium=social&utm_campaign=spring-allergies"
	}
	bskyLink := utm("bluesky")
	bskyDisplay := "Pollen season is early — here’s what helps 🌼🤧\nclinic.example.com/posts/spring-al… #Allergies"
	start := strings.Index(bskyDisplay, "clinic.example.com")
	end := start + len("clinic.example.com/posts/spring-al…")
	bskyText := strings.Replace(bskyDisplay, "clinic.example.com/posts/spring-al…", bskyLink, 1)
	return &Plan{
		Site:             "Café Clinic",
		BaseURL:          "https://clinic.example.com/",
		Generated:        now,
		Location:         loc,
		NextChange:       time.Date(2026, 12, 3, 6, 0, 0, 0, loc),
		NextChangeReason: "publish posts/flu-shots",
		Items: []Item{
			{
				ID: "spring-allergies:x:0", Post: "spring-allergies", PostTitle: "Spring allergies: what “helps”, really",
				PostURL: post, Platform: "x", Share: 0,
				Text:   "Sneezing, itchy eyes; \"is it a cold?\" Our guide, step by step:\n" + utm("x") + " #Allergies #Pollen",
				Length: 120, Limit: 280, URL: utm("x"), Image: "https://clinic.example.com/posts/spring-allergies/card.png",
				Preview:  "../public/posts/spring-allergies/card.png",
				Hashtags: []string{"Allergies", "Pollen"}, ScheduledAt: time.Date(2026, 12, 1, 9, 0, 0, 0, loc),
			},
			{
				ID: "spring-allergies:bluesky:0", Post: "spring-allergies", PostTitle: "Spring allergies: what “helps”, really",
				PostURL: post, Platform: "bluesky", Share: 0,
				Text: bskyText, Display: bskyDisplay, Facets: []Facet{{ByteStart: start, ByteEnd: end, URI: bskyLink}},
				Length: 81, Limit: 300, URL: bskyLink, Image: "https://clinic.example.com/posts/spring-allergies/card.png",
				Hashtags: []string{"Allergies"}, ScheduledAt: time.Date(2026, 12, 1, 9, 0, 0, 0, loc),
			},
			{
				ID: "spring-allergies:instagram:0", Post: "spring-allergies", PostTitle: "Spring allergies: what “helps”, really",
				PostURL: post, Platform: "instagram", Share: 0,
				Text:   "Allergy season, already? 🌸 Tips from Dr. Núñez.\n\nLink in bio.\n\n#Allergies #Pollen #Spring",
				Length: 86, Limit: 2200, URL: utm("instagram"), Image: "https://clinic.example.com/posts/spring-allergies/card.png",
				Preview:  "../public/posts/spring-allergies/card.png",
				Hashtags: []string{"Allergies", "Pollen", "Spring"}, ScheduledAt: time.Date(2026, 12, 2, 12, 30, 0, 0, loc),
			},
			{
				// Five minutes after now: in every export but Hootsuite's.
				ID: "flu-shots:mastodon:1", Post: "flu-shots", PostTitle: "流感疫苗 / Flu shots, walk-in",
				PostURL: "https://clinic.example.com/posts/flu-shots/", Platform: "mastodon", Share: 1,
				Text:   "Walk-in flu shots, Mon–Fri; no appointment, no fuss. 流感疫苗接种 \\o/ " + "https://clinic.example.com/posts/flu-shots/?utm_source=mastodon&utm_medium=social&utm_campaign=flu-shots&utm_content=flu-shots:mastodon:1",
				Length: 98, Limit: 500, URL: "https://clinic.example.com/posts/flu-shots/?utm_source=mastodon&utm_medium=social&utm_campaign=flu-shots&utm_content=flu-shots:mastodon:1",
				ScheduledAt: now.Add(5 * time.Minute),
			},
			{
				// Already past: in no export.
				ID: "flu-shots:x:0", Post: "flu-shots", PostTitle: "Flu shots", PostURL: "https://clinic.example.com/posts/flu-shots/",
				Platform: "x", Text: "Past snippet", Length: 12, Limit: 280, ScheduledAt: now.Add(-time.Hour),
			},
		},
	}
}

// checkGolden compares files with the golden directory dir, file for file:
// a missing, extra or different file fails. -update rewrites dir.
func checkGolden(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range files {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	var want, got []string
	for _, e := range entries {
		want = append(want, e.Name())
	}
	for name := range files {
		got = append(got, name)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("files = %q, golden has %q", got, want)
	}
	for name, b := range files {
		g, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, g) {
			t.Errorf("%s differs from %s (run go test -update and review the diff):\n%s", name, dir, b)
		}
	}
}

func TestFilesMatchGolden(t *testing.T) {
	files, err := Files(samplePlan(t))
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, filepath.Join("testdata", "sample"), files)
}

func TestEmptyPlanSaysNothingIsScheduled(t *testing.T) {
	p := samplePlan(t)
	p.Items = nil
	p.NextChange = time.Time{}
	files, err := Files(p)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, filepath.Join("testdata", "empty"), files)
	if !bytes.Contains(files["index.html"], []byte("Nothing scheduled")) {
		t.Errorf("empty index.html does not say nothing is scheduled")
	}
	if _, ok := files["buffer-x.csv"]; ok {
		t.Errorf("empty plan wrote a Buffer file")
	}
}

func TestFilesAreDeterministicWhateverTheItemOrder(t *testing.T) {
	p := samplePlan(t)
	a, err := Files(p)
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(p.Items)
	b, err := Files(p)
	if err != nil {
		t.Fatal(err)
	}
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s changed when the items were listed in another order", name)
		}
	}
}

func TestPastItemsAreInNoExport(t *testing.T) {
	files, err := Files(samplePlan(t))
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if bytes.Contains(b, []byte("Past snippet")) || bytes.Contains(b, []byte("flu-shots:x:0")) {
			t.Errorf("%s holds the snippet scheduled before now", name)
		}
	}
}

func TestPlanJSONTimesCarryTheSiteOffset(t *testing.T) {
	loc := chicago(t)
	now := time.Date(2027, 3, 10, 0, 0, 0, 0, loc)
	p := &Plan{
		Generated:  now,
		Location:   loc,
		NextChange: time.Date(2027, 3, 15, 6, 0, 0, 0, time.UTC),
		Items: []Item{
			// Before and after the 14 March 2027 DST change.
			{ID: "a:x:0", Platform: "x", Text: "a", ScheduledAt: time.Date(2027, 3, 12, 15, 0, 0, 0, time.UTC)},
			{ID: "a:x:1", Platform: "x", Text: "b", ScheduledAt: time.Date(2027, 3, 16, 14, 0, 0, 0, time.UTC)},
			{ID: "a:bluesky:0", Platform: "bluesky", Text: "c", ScheduledAt: time.Date(2027, 3, 16, 14, 0, 0, 0, time.UTC)},
		},
	}
	files, err := Files(p)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		GeneratedAt string `json:"generated_at"`
		Timezone    string
		NextChange  struct{ At string } `json:"next_change"`
		Items       []map[string]any
	}
	if err := json.Unmarshal(files["plan.json"], &got); err != nil {
		t.Fatal(err)
	}
	if got.GeneratedAt != "2027-03-10T00:00:00-06:00" || got.Timezone != "America/Chicago" {
		t.Errorf("generated_at, timezone = %q, %q", got.GeneratedAt, got.Timezone)
	}
	if got.NextChange.At != "2027-03-15T01:00:00-05:00" {
		t.Errorf("next_change.at = %q, want the site's offset", got.NextChange.At)
	}
	want := map[string]string{
		"a:x:0":       "2027-03-12T09:00:00-06:00",
		"a:x:1":       "2027-03-16T09:00:00-05:00",
		"a:bluesky:0": "2027-03-16T09:00:00-05:00",
	}
	for _, it := range got.Items {
		id := it["id"].(string)
		if it["scheduled_at"] != want[id] {
			t.Errorf("%s scheduled_at = %v, want %s", id, it["scheduled_at"], want[id])
		}
		_, hasDisplay := it["display"]
		_, hasFacets := it["facets"]
		bsky := it["platform"] == "bluesky"
		if hasDisplay != bsky || hasFacets != bsky {
			t.Errorf("%s: display %v, facets %v; want them exactly on Bluesky items", id, hasDisplay, hasFacets)
		}
		if bsky && it["display"] != "c" {
			t.Errorf("%s: display = %v, want the text when no display text is given", id, it["display"])
		}
	}
	if !bytes.HasSuffix(files["plan.json"], []byte("}\n")) {
		t.Errorf("plan.json does not end in a newline")
	}
}

func TestFilesRejectsPlansItCannotExport(t *testing.T) {
	loc := chicago(t)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, loc)
	at := now.Add(time.Hour)
	tests := []struct {
		name string
		plan *Plan
		want string
	}{
		{"nil plan", nil, "no plan"},
		{"no zone", &Plan{Generated: now}, "time zone"},
		{"no clock", &Plan{Location: loc}, "generation time"},
		{"empty id", &Plan{Generated: now, Location: loc, Items: []Item{{Platform: "x", ScheduledAt: at}}}, "empty id"},
		{"platform unfit for a file name", &Plan{Generated: now, Location: loc, Items: []Item{{ID: "a", Platform: "../x", ScheduledAt: at}}}, "platform"},
		{"upper-case platform", &Plan{Generated: now, Location: loc, Items: []Item{{ID: "a", Platform: "X", ScheduledAt: at}}}, "platform"},
		{"duplicate id", &Plan{Generated: now, Location: loc, Items: []Item{
			{ID: "a", Platform: "x", ScheduledAt: at}, {ID: "a", Platform: "x", ScheduledAt: at}}}, "duplicate id"},
		{"facet past the text", &Plan{Generated: now, Location: loc, Items: []Item{
			{ID: "a", Platform: "bluesky", Text: "hi", Facets: []Facet{{ByteStart: 0, ByteEnd: 3, URI: "https://x"}}, ScheduledAt: at}}}, "facet"},
		{"facet splitting a character", &Plan{Generated: now, Location: loc, Items: []Item{
			{ID: "a", Platform: "bluesky", Text: "é link", Facets: []Facet{{ByteStart: 1, ByteEnd: 3, URI: "https://x"}}, ScheduledAt: at}}}, "facet"},
		{"newline in a URL", &Plan{Generated: now, Location: loc, Items: []Item{
			{ID: "a", Platform: "x", URL: "https://x/\r\nBEGIN:VEVENT", ScheduledAt: at}}}, "URL"},
		{"carriage return", &Plan{Generated: now, Location: loc, Items: []Item{
			{ID: "a", Platform: "x", Text: "one\r\ntwo", ScheduledAt: at}}}, "carriage return"},
		{"no time", &Plan{Generated: now, Location: loc, Items: []Item{{ID: "a", Platform: "x"}}}, "no scheduled time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := Files(tt.plan)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Files() = %d files, %v; want an error about %q", len(files), err, tt.want)
			}
		})
	}
}

// manyItems returns n snippets on platform, 15 minutes apart from start.
func manyItems(platform string, n int, start time.Time) []Item {
	var items []Item
	for i := range n {
		items = append(items, Item{
			ID:          fmt.Sprintf("post-%03d:%s:0", i, platform),
			Platform:    platform,
			Text:        fmt.Sprintf("Snippet %d, with a comma; a \"quote\" and\na newline https://clinic.example.com/p/%d?utm_source=%s", i, i, platform),
			URL:         fmt.Sprintf("https://clinic.example.com/p/%d?utm_source=%s", i, platform),
			ScheduledAt: start.Add(time.Duration(i) * 15 * time.Minute),
		})
	}
	return items
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestBufferSplitsEveryHundredRows(t *testing.T) {
	loc := chicago(t)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, loc)
	for _, n := range []int{1, 100, 101, 250} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			items := manyItems("x", n, now.Add(time.Hour))
			files, err := Files(&Plan{Generated: now, Location: loc, Items: items})
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for k := 0; ; k++ {
				b, ok := files[chunkName("buffer-x", ".csv", k)]
				if !ok {
					if want := (n + 99) / 100; k != want {
						t.Errorf("%d items gave %d Buffer files, want %d", n, k, want)
					}
					break
				}
				recs := readCSV(t, b)
				if !slices.Equal(recs[0], []string{"Text", "Image URL", "Tags", "Posting Time"}) {
					t.Errorf("header = %q", recs[0])
				}
				if rows := len(recs) - 1; rows < 1 || rows > BufferRows {
					t.Errorf("file %d holds %d rows", k, rows)
				}
				for _, r := range recs[1:] {
					texts = append(texts, r[0])
				}
			}
			for i, it := range items {
				if texts[i] != it.Text {
					t.Fatalf("row %d text = %q, want %q", i, texts[i], it.Text)
				}
			}
		})
	}
}

func TestBufferRowsHoldTheFullTextAndLocalTime(t *testing.T) {
	files, err := Files(samplePlan(t))
	if err != nil {
		t.Fatal(err)
	}
	p := samplePlan(t)
	recs := readCSV(t, files["buffer-bluesky.csv"])
	bsky := p.Items[1]
	if recs[1][0] != bsky.Text || !strings.Contains(recs[1][0], bsky.URL) {
		t.Errorf("Buffer text = %q, want the full text with the whole URL", recs[1][0])
	}
	if recs[1][1] != bsky.Image || recs[1][3] != "2026-12-01 09:00" {
		t.Errorf("image, time = %q, %q", recs[1][1], recs[1][3])
	}
}

func TestHootsuiteSplitsEvery350RowsAndSkipsSoonerThan10Minutes(t *testing.T) {
	loc := chicago(t)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, loc)
	soon := []Item{
		{ID: "soon:x:0", Platform: "x", Text: "now", ScheduledAt: now},
		{ID: "soon:x:1", Platform: "x", Text: "in 9m59s", ScheduledAt: now.Add(10*time.Minute - time.Second)},
		{ID: "soon:x:2", Platform: "x", Text: "in 10m", ScheduledAt: now.Add(10 * time.Minute)},
	}
	items := append(soon, manyItems("x", 350, now.Add(time.Hour))...)
	files, err := Files(&Plan{Generated: now, Location: loc, Items: items})
	if err != nil {
		t.Fatal(err)
	}
	first, second := readCSV(t, files["hootsuite-x.csv"]), readCSV(t, files["hootsuite-x-2.csv"])
	if len(first) != HootsuiteRows || len(second) != 1 {
		t.Fatalf("rows = %d + %d, want %d + 1 (351 items at least 10 minutes ahead)", len(first), len(second), HootsuiteRows)
	}
	if _, ok := files["hootsuite-x-3.csv"]; ok {
		t.Errorf("a third Hootsuite file was written")
	}
	if first[0][0] != "12/01/2026 00:10" || first[0][1] != "in 10m" {
		t.Errorf("first row = %q, want the item exactly 10 minutes ahead", first[0])
	}
	for _, r := range append(first, second...) {
		if r[1] == "now" || r[1] == "in 9m59s" {
			t.Errorf("Hootsuite holds %q, sooner than 10 minutes", r[1])
		}
	}
	// The items too soon for Hootsuite are still in the other exports.
	for _, name := range []string{"buffer-x.csv", "plan.json", "calendar.ics", "index.html"} {
		if !bytes.Contains(files[name], []byte("in 9m59s")) {
			t.Errorf("%s lost the item 9m59s ahead", name)
		}
	}
}

func TestHootsuiteRowsCarryTheLinkInItsOwnColumn(t *testing.T) {
	files, err := Files(samplePlan(t))
	if err != nil {
		t.Fatal(err)
	}
	p := samplePlan(t)
	x := readCSV(t, files["hootsuite-x.csv"])
	if len(x) != 1 || len(x[0]) != 3 {
		t.Fatalf("hootsuite-x.csv = %q, want one row of date, message, link (no header)", x)
	}
	if x[0][0] != "12/01/2026 09:00" || x[0][2] != p.Items[0].URL || strings.Contains(x[0][1], "https://") {
		t.Errorf("row = %q, want the local date, the message without its link, the full link", x[0])
	}
	ig := readCSV(t, files["hootsuite-instagram.csv"])
	if len(ig) != 1 || len(ig[0]) != 4 || ig[0][1] != p.Items[2].Text || ig[0][2] != "" || ig[0][3] != p.Items[2].Image {
		t.Errorf("Instagram row = %q, want its caption unchanged, no link and the image as media", ig[0])
	}
	if _, ok := files["hootsuite-mastodon.csv"]; ok {
		t.Errorf("the Mastodon item 5 minutes ahead got a Hootsuite file")
	}
}

func TestCSVCellsThatWouldStartAFormulaAreNeutralised(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{`=HYPERLINK("https://evil.example","Click")`, `'=HYPERLINK("https://evil.example","Click")`},
		{"+1 for flu shots", "'+1 for flu shots"},
		{"-5 °C tonight: stay warm", "'-5 °C tonight: stay warm"},
		{"@riverbend nurses answer", "'@riverbend nurses answer"},
		{"\tindented", "'\tindented"},
		{"\r=1+1", "'\r=1+1"},
		{"Flu shots = protection", "Flu shots = protection"},
		{"'=already safe", "'=already safe"},
		{"https://clinic.example.com/p", "https://clinic.example.com/p"},
		{"", ""},
	} {
		if got := neutralise(tc.in); got != tc.want {
			t.Errorf("neutralise(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Whatever the texts and images hold, no cell of any CSV starts a
	// formula, and a neutralised text is the rest of the cell.
	loc := chicago(t)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, loc)
	var items []Item
	for i, text := range []string{"=SUM(A1:A9)", "+1 for walk-ins https://c.example/p", "-5 °C tonight", "@riverbend says https://c.example/p", "\tTabbed", "Plain"} {
		for _, pl := range []string{"x", "instagram"} {
			items = append(items, Item{ID: fmt.Sprintf("p%d:%s:0", i, pl), Platform: pl, Text: text, URL: "https://c.example/p",
				Image: "=1+1", ScheduledAt: now.Add(time.Duration(i+1) * time.Hour)})
		}
	}
	files, err := Files(&Plan{Generated: now, Location: loc, Items: items})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if !strings.HasSuffix(name, ".csv") {
			continue
		}
		for _, rec := range readCSV(t, b) {
			for _, cell := range rec {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("%s: cell %q starts a formula", name, cell)
				}
			}
		}
	}
	buf := readCSV(t, files["buffer-x.csv"])
	if buf[1][0] != "'=SUM(A1:A9)" || buf[1][1] != "'=1+1" || buf[6][0] != "Plain" {
		t.Errorf("buffer-x.csv = %q", buf)
	}
}

func TestCutLinkLeavesTidyText(t *testing.T) {
	const u = "https://c.example/p?a=1"
	tests := []struct{ in, want string }{
		{"Read more " + u + " #Tag", "Read more #Tag"},
		{"Read more: " + u, "Read more:"},
		{u + " first", "first"},
		{"Title\n" + u + "\n#Tag", "Title\n#Tag"},
		{"Title\n\n" + u, "Title"},
		{"Title " + u + "\n#Tag", "Title\n#Tag"},
		{"no link here", "no link here"},
	}
	for _, tt := range tests {
		if got := cutLink(tt.in, u); got != tt.want {
			t.Errorf("cutLink(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPreviewEscapesTextAndKeepsLineBreaks(t *testing.T) {
	loc := chicago(t)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, loc)
	p := &Plan{Site: "A & B", Generated: now, Location: loc, Items: []Item{{
		ID: "a:x:0", Platform: "x", PostTitle: "<Title>", Text: "<script>alert(1)</script>\nsecond line",
		Length: 40, Limit: 280, URL: "javascript:alert(1)", Image: "https://c.example/i.png", Preview: "https://c.example/i.png",
		ScheduledAt: now.Add(9 * time.Hour),
	}}}
	files, err := Files(p)
	if err != nil {
		t.Fatal(err)
	}
	page := string(files["index.html"])
	for _, want := range []string{
		`<html lang="en">`,
		"&lt;script&gt;alert(1)&lt;/script&gt;<br>second line",
		"Length 40/280",
		`alt="Share image for “&lt;Title&gt;”"`,
		`<h2 id="day-2026-12-01">Tuesday 1 December 2026</h2>`,
		`<time datetime="2026-12-01T09:00:00-06:00">09:00</time>`,
		`href="preview.css"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", `href="javascript:`, "http://", "<style"} {
		if strings.Contains(page, bad) {
			t.Errorf("index.html holds %q", bad)
		}
	}
}

func TestPreviewShowsTheTextAsThePlatformShowsIt(t *testing.T) {
	files, err := Files(samplePlan(t))
	if err != nil {
		t.Fatal(err)
	}
	page := string(files["index.html"])
	p := samplePlan(t)
	bsky := p.Items[1]
	for _, want := range []string{
		// Bluesky: the display text, its shortened link linked to the
		// whole one by the facet, and the length against the limit.
		`🌼🤧<br><a href="https://clinic.example.com/posts/spring-allergies/?utm_source=bluesky&amp;utm_medium=social&amp;utm_campaign=spring-allergies">clinic.example.com/posts/spring-al…</a> #Allergies</p>`,
		"Length 81/300",
		// Other platforms: the text as written, the link linked.
		`step by step:<br><a href="https://clinic.example.com/posts/spring-allergies/?utm_source=x&amp;utm_medium=social&amp;utm_campaign=spring-allergies">https://clinic.example.com/posts/spring-allergies/?utm_source=x`,
		"Length 120/280",
		// An image in the output folder loads from there; one not made yet
		// is named, not shown broken.
		`<img src="../public/posts/spring-allergies/card.png"`,
		`<p class="pending">Image: made by the build that publishes the post, at <a href="` + bsky.Image + `">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	if strings.Contains(page, `<img src="https://`) {
		t.Errorf("index.html loads an image from the public site, which may not have it yet")
	}
	if strings.Contains(page, ">"+strings.ReplaceAll(bsky.URL, "&", "&amp;")+" #Allergies") {
		t.Errorf("the Bluesky card shows the full link, not Bluesky's display")
	}
}

func BenchmarkFiles(b *testing.B) {
	loc := chicago(b)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, loc)
	var items []Item
	for _, platform := range []string{"x", "bluesky", "mastodon", "linkedin", "facebook", "instagram", "threads"} {
		items = append(items, manyItems(platform, 150, now.Add(time.Hour))...)
	}
	p := &Plan{Site: "Bench", BaseURL: "https://c.example/", Generated: now, Location: loc, Items: items}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Files(p); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPreviewWritesDatesAndTimesAsTheSitesCountryDoes: the practice reads
// its schedule as its pages write dates and times.
func TestPreviewWritesDatesAndTimesAsTheSitesCountryDoes(t *testing.T) {
	for _, tc := range []struct {
		code string
		want []string
	}{
		{"US", []string{"Tuesday, December 1, 2026", ">9:00 AM<", ">Tuesday, December 1, 2026, 12:00 AM CST<"}},
		{"AU", []string{"Tuesday 1 December 2026", ">9am<"}},
		{"DE", []string{"Tuesday 1 December 2026", ">09:00<"}},
		{"", []string{"Tuesday 1 December 2026", ">09:00<"}},
	} {
		loc := chicago(t)
		now := time.Date(2026, 12, 1, 0, 0, 0, 0, loc)
		p := &Plan{Site: "Clinic", Generated: now, Location: loc, Items: []Item{{
			ID: "a:x:0", Platform: "x", PostTitle: "Title", Text: "Text", Length: 4, Limit: 280,
			URL: "https://c.example/", ScheduledAt: now.Add(9 * time.Hour),
		}}}
		if tc.code != "" {
			p.Country, _ = locale.Lookup(tc.code)
		}
		files, err := Files(p)
		if err != nil {
			t.Fatal(err)
		}
		page := string(files["index.html"])
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: index.html lacks %q", tc.code, w)
			}
		}
	}
}
