package count

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func isNFC(s string) bool { return norm.NFC.IsNormalString(s) }

func mustFor(t *testing.T, platform string, maxChars int) Counter {
	t.Helper()
	c, err := For(platform, maxChars)
	if err != nil {
		t.Fatalf("For(%q, %d): %v", platform, maxChars, err)
	}
	return c
}

const (
	family  = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466" // 👨‍👩‍👧‍👦
	flagUS  = "\U0001F1FA\U0001F1F8"                                       // 🇺🇸
	england = "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"
	thumbs  = "\U0001F44D\U0001F3FD" // 👍🏽
	keycap  = "1\uFE0F\u20E3"        // 1️⃣
	singer  = "\U0001F468\u200D\U0001F3A4"
	raising = "\U0001F64B\U0001F3FD"
	poem    = "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。遥知兄弟登高处，遍插茱萸少一人。"
	x10     = "xxxxxxxxxx-"
)

// Cases from twitter-text conformance/validate.yml,
// WeightedTweetsWithDiscountedEmojiCounterTest, plus the rules of DESIGN.md.
func TestXWeightedLength(t *testing.T) {
	x := mustFor(t, "x", 0)
	cases := []struct {
		name string
		text string
		want int
	}{
		{"empty", "", 0},
		{"plain ASCII", "I am a Tweet", 12},
		{"regular tweet with url", "Hi http://test.co", 26},
		{"just url", "http://test.co", 23},
		{"long tweet", "285 chars-" + strings.Repeat(x10, 25), 285},
		{"url in the middle", "285 chars- http://www.twitter.com/jack " + strings.Repeat(x10, 24), 299},
		{"url at the end", strings.Repeat(x10, 24) + " http://www.twitter.com/jack ", 289},
		{"10 urls", strings.Repeat("https://www.twitter.com/aloha ", 10), 240},
		{"160 CJK", poem, 320},
		{"3 latin + 160 CJK", "the" + poem, 323},
		{"160 emoji", strings.Repeat("\U0001F637", 160), 320},
		{"emoji in and outside BMP", "\U0001F637\U0001F47E\U0001F621\U0001F525\U0001F4A9", 10},
		{"skin tone and ZWJ", raising + singer, 4},
		{"mix with family", "H\U0001F431\u263A" + family, 7},
		{"140 family emoji", strings.Repeat(family, 140), 280},
		{"unicode 10 emoji", "Unicode 10.0 emoji: \U0001F92A; \U0001F9D5; \U0001F9D5\U0001F3FE; " + england, 34},
		{"flag", flagUS, 2},
		{"keycap", keycap, 2},
		{"skin tone", thumbs, 2},
		{"A acute normalised into 1 char", "A\u0301B", 2},
		{"shin with dagesh and shin dot is 3 chars after NFC", "A\uFB2C", 4},
		{"precomposed stays 1", "\u00C1B", 2},
		{"combining mark with no precomposed form", "q\u0301", 2},
		{"general punctuation weighs 1",
			"This is a tweet with general punctuation characters: " +
				"\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B" +
				" ‐ ‑ ‒ – — ― ‖  ‗ ‘ ’ ‚ ‛ “ ” „ ‟ ′ ″ ‴ ‵ ‶ ‷", 110},
		{"64-character label is no domain", "randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com", 68},
		{"url without protocol", "see example.com", 4 + 23},
		{"url without protocol with path", "example.com/path/to/resource?search=foo&lang=en", 23},
		{"ccTLD without protocol", "foo.co.jp and t.co", 23 + 5 + 23},
		{"long path counts 23", "https://example.com/" + strings.Repeat("very-long-path/", 40) + "end.html", 23},
		{"https with query", "https://example.com/path/to/resource?search=foo&lang=en", 23},
		{"trailing period not in url", "Book at https://clinic.example.com/book.", 8 + 23 + 1},
		{"email is no url", "info@example.com", 16},
		{"CRLF", "a\r\nb", 4},
		{"Hangul syllable", "한", 2},
		{"copyright sign weighs 1", "\u00A9", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := x.Count(c.text); got != c.want {
				t.Errorf("Count(%q) = %d, want %d (urls %v)", c.text, got, c.want, URLs(c.text))
			}
		})
	}
}

func TestXLimit(t *testing.T) {
	x := mustFor(t, "X", 0)
	if x.Platform() != "x" || x.Limit() != 280 {
		t.Fatalf("Platform, Limit = %q, %d", x.Platform(), x.Limit())
	}
	if err := x.Valid(strings.Repeat("a", 280)); err != nil {
		t.Errorf("280 a: %v", err)
	}
	err := x.Valid(strings.Repeat("a", 281))
	var le *LimitError
	if !errors.As(err, &le) || le.Count != 281 || le.Limit != 280 {
		t.Fatalf("281 a: %v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "281") || !strings.Contains(msg, "280") {
		t.Errorf("error %q does not state count and limit", msg)
	}
	// 140 CJK is exactly the limit, 141 is over.
	if err := x.Valid(strings.Repeat("の", 140)); err != nil {
		t.Errorf("140 CJK: %v", err)
	}
	if err := x.Valid(strings.Repeat("の", 141)); err == nil {
		t.Error("141 CJK: want error")
	}
	// A URL of any length counts 23: 257 + 23 = 280.
	long := strings.Repeat("a", 256) + " https://example.com/" + strings.Repeat("p", 500)
	if got := x.Count(long); got != 280 {
		t.Errorf("count = %d, want 280", got)
	}
	if err := x.Valid(long); err != nil {
		t.Error(err)
	}
	// Conformance: 282 chars with a normalised character → 281, invalid.
	if err := x.Valid("282 chars-" + strings.Repeat(x10, 24) + "xxxxxA\u0301x"); err == nil {
		t.Error("want 281 invalid")
	}
}

func TestURLs(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"http://example.com", []string{"http://example.com"}},
		{"HTTPS://www.ExaMPLE.COM/index.html", []string{"HTTPS://www.ExaMPLE.COM/index.html"}},
		{"http://twitter.com/#!/twitter", []string{"http://twitter.com/#!/twitter"}},
		{"http://user:PASSW0RD@example.com:8080/login.php", nil}, // twitter-text links no user info
		{"http://test_underscore.twitter.com", []string{"http://test_underscore.twitter.com"}},
		{"http://example.com?foo=$bar.;baz?BAZ&c=d-#top/?stories+", []string{"http://example.com?foo=$bar.;baz?BAZ&c=d-#top/?stories"}},
		{"http://☃.net/", []string{"http://☃.net/"}},
		{"http://example.com/Русские_слова", []string{"http://example.com/Русские_слова"}},
		{"https://www.youtube.com/playlist?list=PL0ZPu8XSRTB7wZzn0mLHMvyzVFeRxbWn-", []string{"https://www.youtube.com/playlist?list=PL0ZPu8XSRTB7wZzn0mLHMvyzVFeRxbWn-"}},
		{"ftp://www.example.com/", nil},
		{"http://domain-dash_2314352345_dfasd.foo-cow_4352.com", nil},
		{"http://www.-domain4352.com/", nil},
		{"http://www.domain4352-.com/", nil},
		{"http://☃-.net/", nil},
		{"http://en.wikipedia.org/wiki/\"#Punctuation", []string{"http://en.wikipedia.org/wiki/"}},
		{"http://example.com/#anchor ", []string{"http://example.com/#anchor"}},
		{"http://test.-twitter.com", nil},
		{"example.com", []string{"example.com"}},
		{"www.example.com", []string{"www.example.com"}},
		{"t.co", []string{"t.co"}},
		{"foo.co.jp", []string{"foo.co.jp"}},
		{"(see https://en.wikipedia.org/wiki/Foo_(bar)).", []string{"https://en.wikipedia.org/wiki/Foo_(bar)"}},
		{"Read it: https://clinic.example.com/a?b=c, then call.", []string{"https://clinic.example.com/a?b=c"}},
		{"mail info@example.com or #example.com", nil},
		{"README.md and e.g. Dr.Smith at U.S. clinics", []string{"README.md"}}, // .md is Moldova's
		{"e.g. Dr.Smith at U.S. clinics", nil},
		{"two: a.org, b.net!", []string{"a.org", "b.net"}},
	}
	for _, c := range cases {
		var got []string
		for _, s := range URLs(c.text) {
			got = append(got, c.text[s.Start:s.End])
		}
		if strings.Join(got, "\x00") != strings.Join(c.want, "\x00") || len(got) != len(c.want) {
			t.Errorf("URLs(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestBluesky(t *testing.T) {
	b := mustFor(t, "bluesky", 0)
	if b.Limit() != 300 {
		t.Fatalf("Limit = %d", b.Limit())
	}
	cases := []struct {
		name string
		text string
		want int
	}{
		{"ZWJ family", family, 1},
		{"flag", flagUS, 1},
		{"tag flag", england, 1},
		{"two flags", flagUS + flagUS, 2},
		{"combining mark", "e\u0301", 1},
		{"several combining marks", "a\u0301\u0302\u0303b", 2},
		{"skin tone", thumbs, 1},
		{"keycap", keycap, 1},
		{"url as written", "https://example.com", 19},
		{"hangul jamo", "\u1100\u1161\u11A8", 1},
	}
	for _, c := range cases {
		if got := b.Count(c.text); got != c.want {
			t.Errorf("%s: Count = %d, want %d", c.name, got, c.want)
		}
	}
	// 300 vs 301 graphemes, with decomposed accents (2 code points each).
	if err := b.Valid(strings.Repeat("e\u0301", 300)); err != nil {
		t.Errorf("300 graphemes: %v", err)
	}
	var le *LimitError
	if err := b.Valid(strings.Repeat("e\u0301", 301)); !errors.As(err, &le) || le.Count != 301 || le.Limit != 300 {
		t.Errorf("301 graphemes: %v", err)
	}
	// 3000 bytes of 4-byte characters: 107 England flags (7 code points of 4
	// bytes each) and one more 4-byte emoji = 108 graphemes, 3000 bytes.
	at := strings.Repeat(england, 107) + "\U0001F600"
	if len(at) != 3000 || b.Count(at) != 108 {
		t.Fatalf("setup: %d bytes, %d graphemes", len(at), b.Count(at))
	}
	if err := b.Valid(at); err != nil {
		t.Errorf("3000 bytes: %v", err)
	}
	err := b.Valid(at + "a")
	if !errors.As(err, &le) || le.Count != 3001 || le.Limit != 3000 || le.Unit != "UTF-8 bytes" {
		t.Errorf("3001 bytes: %v", err)
	}
	// ZWJ families: 25 bytes each.
	if err := b.Valid(strings.Repeat(family, 120)); err != nil {
		t.Errorf("120 families: %v", err)
	}
	if err := b.Valid(strings.Repeat(family, 121)); err == nil {
		t.Error("121 families (3025 bytes): want error")
	}
}

func TestMastodon(t *testing.T) {
	m := mustFor(t, "mastodon", 0)
	if m.Limit() != 500 {
		t.Fatalf("Limit = %d", m.Limit())
	}
	if got := m.Count("Hi https://example.com/" + strings.Repeat("x", 100)); got != 3+23 {
		t.Errorf("url: %d", got)
	}
	if got := m.Count("see example.com"); got != 15 {
		t.Errorf("bare domain counts as written: %d", got)
	}
	if got := m.Count(family + flagUS + "e\u0301"); got != 3 {
		t.Errorf("graphemes: %d", got)
	}
	if err := m.Valid(strings.Repeat("a", 500)); err != nil {
		t.Error(err)
	}
	if err := m.Valid(strings.Repeat("a", 501)); err == nil {
		t.Error("501: want error")
	}
	big := mustFor(t, "mastodon", 5000)
	if big.Limit() != 5000 {
		t.Fatalf("maxChars override: Limit = %d", big.Limit())
	}
	if err := big.Valid(strings.Repeat("a", 501)); err != nil {
		t.Error(err)
	}
	if err := big.Valid(strings.Repeat("a", 5001)); err == nil {
		t.Error("5001: want error")
	}
	small := mustFor(t, "mastodon", 100)
	if err := small.Valid(strings.Repeat("a", 101)); err == nil {
		t.Error("101 with limit 100: want error")
	}
}

func TestFixedPlatforms(t *testing.T) {
	for name, limit := range map[string]int{"threads": 500, "linkedin": 3000, "facebook": 63206, "instagram": 2200} {
		c := mustFor(t, name, 0)
		if c.Platform() != name || c.Limit() != limit {
			t.Errorf("%s: Platform, Limit = %q, %d", name, c.Platform(), c.Limit())
		}
		if got := c.Count(family + " https://example.com"); got != 21 {
			t.Errorf("%s: Count = %d, want 21", name, got)
		}
		if err := c.Valid(strings.Repeat("é", limit)); err != nil {
			t.Errorf("%s at limit: %v", name, err)
		}
		if err := c.Valid(strings.Repeat("é", limit+1)); err == nil {
			t.Errorf("%s over limit: want error", name)
		}
		if _, err := For(name, 10); err == nil {
			t.Errorf("%s: maxChars accepted for a fixed limit", name)
		}
	}
}

func TestForErrors(t *testing.T) {
	_, err := For("myspace", 0)
	if err == nil {
		t.Fatal("want error")
	}
	for _, p := range Platforms() {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not list %q", err, p)
		}
	}
	if _, err := For("mastodon", -1); err == nil {
		t.Error("negative maxChars accepted")
	}
	if _, err := For("x", 500); err == nil {
		t.Error("maxChars accepted for x")
	}
}

// issue14Cases are the texts issue 14 names, where carepress counted
// differently from X: the weighted length and URLs twitter-text gives them.
var issue14Cases = []struct {
	name string
	text string
	want int
	urls []string
}{
	{"Japanese right after a link", "https://example.com/path日本語のテキスト", 23 + 8*2, []string{"https://example.com/path"}},
	{"Chinese right after a bare domain", "example.com中文说明", 23 + 4*2, []string{"example.com"}},
	{"bare .pharmacy domain", "Refills at rx.pharmacy today", 11 + 23 + 6, []string{"rx.pharmacy"}},
	{"bare .md domain", "Read notes.md first", 5 + 23 + 6, []string{"notes.md"}},
	{"bare domain followed by 's", "example.com's hours", 23 + 8, []string{"example.com"}},
	{"link followed by 's", "https://example.com's", 23 + 2, []string{"https://example.com"}},
	{".example is no link", "see clinic.example", 18, nil},
	{".example is no link with a scheme", "https://clinic.example/book", 27, nil},
	{".local is no link", "printer.local", 13, nil},
	{".zz is no link", "x.zz", 4, nil},
	{"64-octet punycode label is no link", "https://zentrum-für-prävention-und-rehabilitation-münchen-nord.de/", 8 + 54 + 4, nil},
	{"63-octet punycode label is a link", "https://zentrum-für-prävention-und-rehabilitation-münchen-nor.de/", 23,
		[]string{"https://zentrum-für-prävention-und-rehabilitation-münchen-nor.de/"}},
	{"64 ASCII letters are no label", "https://" + strings.Repeat("a", 64) + ".com", 8 + 64 + 4, nil},
	{"link after U+200F", "\u200Fhttps://example.com", 2 + 23, []string{"https://example.com"}},
	{"link inside U+202A…U+202C", "\u202Aexample.com\u202C", 2 + 23 + 2, []string{"example.com"}},
	{"bare domain followed by - is no link", "example.com-", 12, nil},
	{"path may end in -", "https://example.com/a-", 23, []string{"https://example.com/a-"}},
	{"link ends before |", "example.com|", 23 + 1, []string{"example.com"}},
	{"link ends before –", "https://example.com/a–", 23 + 1, []string{"https://example.com/a"}},
	{"link ends before a full stop", "visit https://clinic.example.com/book.", 6 + 23 + 1, []string{"https://clinic.example.com/book"}},
	{"U+FFFE is counted but invalid", "a\uFFFEb", 1 + 2 + 1, nil},
}

func TestIssue14Counts(t *testing.T) {
	x := mustFor(t, "x", 0)
	for _, c := range issue14Cases {
		t.Run(c.name, func(t *testing.T) {
			if got := x.Count(c.text); got != c.want {
				t.Errorf("Count(%q) = %d, want %d", c.text, got, c.want)
			}
			var urls []string
			for _, u := range URLs(c.text) {
				urls = append(urls, c.text[u.Start:u.End])
			}
			if !slices.Equal(urls, c.urls) {
				t.Errorf("URLs(%q) = %q, want %q", c.text, urls, c.urls)
			}
		})
	}
}

func TestInvalidCharacters(t *testing.T) {
	x := mustFor(t, "x", 0)
	for _, c := range []struct {
		text   string
		char   rune
		offset int
		column int
	}{
		{"a\uFFFEb", 0xFFFE, 1, 2},
		{"\uFFFF", 0xFFFF, 0, 1},
		{"日本\uFEFF", 0xFEFF, 6, 3},
		{"https://example.com \uFFFE", 0xFFFE, 20, 21},
	} {
		err := x.Valid(c.text)
		var ie *InvalidCharError
		if !errors.As(err, &ie) {
			t.Errorf("Valid(%q) = %v, want an InvalidCharError", c.text, err)
			continue
		}
		if ie.Char != c.char || ie.Offset != c.offset || ie.Column != c.column {
			t.Errorf("Valid(%q): %+v, want %U at byte %d, character %d", c.text, ie, c.char, c.offset, c.column)
		}
		if msg := err.Error(); !strings.Contains(msg, fmt.Sprintf("%U", c.char)) || !strings.Contains(msg, fmt.Sprint(c.column)) {
			t.Errorf("error %q does not say which character, where", msg)
		}
	}
	// Other platforms take them; U+FFFD and other noncharacters are fine on X.
	if err := mustFor(t, "bluesky", 0).Valid("a\uFFFEb"); err != nil {
		t.Errorf("bluesky: %v", err)
	}
	if err := x.Valid("\uFFFD\uFDD0\U0001FFFE"); err != nil {
		t.Errorf("x: %v", err)
	}
}

func TestPunycode(t *testing.T) {
	for in, want := range map[string]string{
		"bücher":                 "bcher-kva",
		"münchen":                "mnchen-3ya",
		"☃":                      "n3h",
		"他们为什么不说中文":              "ihqwcrb4cv8a8dqg056pqjye",
		"Pročprostěnemluvíčesky": "Proprostnemluvesky-uyb24dma41a",
	} {
		var cps []int64
		for _, r := range in {
			cps = append(cps, int64(r))
		}
		if got, ok := punycodeEncode(cps); !ok || got != want {
			t.Errorf("punycode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
