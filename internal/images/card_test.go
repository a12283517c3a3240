package images

import (
	"bytes"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

var sampleCard = Card{
	Site:   "Riverbend Family Clinic",
	Title:  "Fiber at breakfast: five easy swaps that keep you full until lunch",
	Byline: "By Priya Raman, RDN · Fiber basics, part 3",
	Color:  "#1f6f8b",
}

func TestCardIsA1200x630PNG(t *testing.T) {
	m, err := NewCardMaker("")
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.Draw(sampleCard)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if r := img.Bounds(); r.Dx() != CardWidth || r.Dy() != CardHeight {
		t.Errorf("card is %v", r)
	}
	// The background is the brand colour and the title is drawn in white.
	if c := img.At(5, 5); !sameRGB(c, 0x1f, 0x6f, 0x8b) {
		t.Errorf("background %v, want the brand colour", c)
	}
	white := 0
	for y := 190; y < 520; y++ {
		for x := 80; x < 1120; x++ {
			if sameRGB(img.At(x, y), 0xff, 0xff, 0xff) {
				white++
			}
		}
	}
	if white < 5000 {
		t.Errorf("only %d white pixels: is the title drawn?", white)
	}
	again, _ := m.Draw(sampleCard)
	if !bytes.Equal(b, again) {
		t.Error("the same card drew different bytes")
	}
}

func sameRGB(c interface{ RGBA() (r, g, b, a uint32) }, r, g, b uint8) bool {
	cr, cg, cb, _ := c.RGBA()
	return uint8(cr>>8) == r && uint8(cg>>8) == g && uint8(cb>>8) == b
}

func TestCardWrapsLongTitles(t *testing.T) {
	m, _ := NewCardMaker("")
	for _, title := range []string{
		strings.Repeat("Handwashing ", 40),
		strings.Repeat("x", 300),
		"",
		"Ünïcödé — “quoted” titles, 日本語",
	} {
		c := sampleCard
		c.Title = title
		if _, err := m.Draw(c); err != nil {
			t.Errorf("%q: %v", title, err)
		}
	}
}

func TestCardTextIsDarkOnALightBrand(t *testing.T) {
	fg, _ := textColors(mustHex(t, "#f5d76e"))
	if fg.R > 0x40 {
		t.Errorf("text on yellow is %v, want dark", fg)
	}
	fg, _ = textColors(mustHex(t, "#1f6f8b"))
	if fg.R != 0xff {
		t.Errorf("text on teal is %v, want white", fg)
	}
	if _, err := parseHex("teal"); err == nil {
		t.Error("parseHex accepted a name")
	}
}

func mustHex(t *testing.T, s string) color.RGBA {
	t.Helper()
	v, err := parseHex(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCardCache(t *testing.T) {
	dir := t.TempDir()
	m, _ := NewCardMaker(dir)
	a, _ := m.Make(sampleCard)
	m2, _ := NewCardMaker(dir)
	b, _ := m2.Make(sampleCard)
	if m.Drawn() != 1 || m2.Drawn() != 0 || !bytes.Equal(a, b) {
		t.Errorf("drawn %d then %d, want 1 then 0 with equal bytes", m.Drawn(), m2.Drawn())
	}
	c := sampleCard
	c.Title += "!"
	m2.Make(c)
	if m2.Drawn() != 1 {
		t.Error("a changed title reused the cached card")
	}
}

// BenchmarkShareCard reports the time to draw and encode one card; the
// target is at most 20 ms.
func BenchmarkShareCard(b *testing.B) {
	m, err := NewCardMaker("")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := m.Draw(sampleCard); err != nil {
			b.Fatal(err)
		}
	}
}
