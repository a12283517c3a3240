package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The size of a share card: what Open Graph consumers (Facebook, LinkedIn,
// Mastodon, Bluesky, X's large card) show without cropping.
const (
	CardWidth  = 1200
	CardHeight = 630
)

// cardVersion is part of every card's cache key: change it with the layout.
const cardVersion = "card/v1"

// Card is what a share card shows.
type Card struct {
	Site   string // the site's name, at the top
	Title  string // the post's title, wrapped, in large bold type
	Byline string // the author or series line, at the bottom
	// Color is the background, as "#rgb" or "#rrggbb" (the brand colour).
	// The text is white or near-black, whichever reads better on it.
	Color string
}

// CardMaker draws share cards in the Go fonts (BSD licensed, embedded in
// the binary), keeping each in its cache folder. It is safe for concurrent
// use: the parsed fonts are shared and read-only, and each card makes its
// own faces.
type CardMaker struct {
	dir                   string
	regular, medium, bold *opentype.Font
	drawn                 atomic.Int64
}

// NewCardMaker returns a CardMaker that caches in dir; "" keeps nothing.
func NewCardMaker(dir string) (*CardMaker, error) {
	m := &CardMaker{dir: dir}
	for _, f := range []struct {
		dst **opentype.Font
		ttf []byte
	}{{&m.regular, goregular.TTF}, {&m.medium, gomedium.TTF}, {&m.bold, gobold.TTF}} {
		p, err := opentype.Parse(f.ttf)
		if err != nil {
			return nil, fmt.Errorf("cannot load the card font: %w", err)
		}
		*f.dst = p
	}
	return m, nil
}

// Drawn is how many cards the CardMaker has drawn rather than found in its
// cache.
func (m *CardMaker) Drawn() int { return int(m.drawn.Load()) }

// Make returns the PNG of c, from the cache when it was drawn before.
func (m *CardMaker) Make(c Card) ([]byte, error) {
	name := c.key() + ".png"
	if b, ok := loadCache(m.dir, name); ok {
		return b, nil
	}
	b, err := m.Draw(c)
	if err != nil {
		return nil, err
	}
	if err := storeCache(m.dir, name, b); err != nil {
		return nil, err
	}
	return b, nil
}

func (c Card) key() string {
	h := sha256.New()
	for _, s := range []string{cardVersion, c.Site, c.Title, c.Byline, c.Color} {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{0})
		h.Write([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Layout of a card, in pixels.
const (
	cardMargin    = 80
	siteSize      = 36
	siteBaseline  = 118
	titleTop      = 190 // top of the title block
	titleBottom   = 520 // the title's last baseline may not pass this
	bylineSize    = 34
	bylineBasline = CardHeight - 72
)

// titleSizes are tried in turn until the title fits in maxTitleLines.
var titleSizes = []float64{72, 64, 56, 48}

const maxTitleLines = 4

// Draw draws c as a PNG, without the cache.
func (m *CardMaker) Draw(c Card) ([]byte, error) {
	bg, err := parseHex(c.Color)
	if err != nil {
		return nil, err
	}
	fg, accent := textColors(bg)
	img := image.NewRGBA(image.Rect(0, 0, CardWidth, CardHeight))
	draw.Draw(img, img.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
	// A short rule under the site name, and a band along the bottom edge.
	draw.Draw(img, image.Rect(cardMargin, siteBaseline+24, cardMargin+96, siteBaseline+32), image.NewUniform(accent), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, CardHeight-16, CardWidth, CardHeight), image.NewUniform(accent), image.Point{}, draw.Src)

	ink := image.NewUniform(fg)
	width := fixed.I(CardWidth - 2*cardMargin)

	site, err := m.face(m.medium, siteSize)
	if err != nil {
		return nil, err
	}
	d := &font.Drawer{Dst: img, Src: ink, Face: site, Dot: fixed.P(cardMargin, siteBaseline)}
	d.DrawString(fit(d, c.Site, width))

	var lines []string
	var title font.Face
	var size float64
	for _, size = range titleSizes {
		if title, err = m.face(m.bold, size); err != nil {
			return nil, err
		}
		d.Face = title
		lines = wrap(d, c.Title, width)
		if len(lines) <= maxTitleLines {
			break
		}
	}
	if len(lines) > maxTitleLines {
		lines = lines[:maxTitleLines]
		lines[maxTitleLines-1] = fit(d, lines[maxTitleLines-1]+" …", width)
	}
	lead := int(size * 1.2)
	y := titleTop + int(size)
	for _, l := range lines {
		if y > titleBottom {
			break
		}
		d.Dot = fixed.P(cardMargin, y)
		d.DrawString(l)
		y += lead
	}

	if c.Byline != "" {
		by, err := m.face(m.regular, bylineSize)
		if err != nil {
			return nil, err
		}
		d.Face = by
		d.Dot = fixed.P(cardMargin, bylineBasline)
		d.DrawString(fit(d, c.Byline, width))
	}

	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, paletted(img, bg, fg, accent)); err != nil {
		return nil, err
	}
	m.drawn.Add(1)
	return b.Bytes(), nil
}

func (m *CardMaker) face(f *opentype.Font, size float64) (font.Face, error) {
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

// wrap breaks s into lines no wider than width, at spaces; a word wider
// than a line is broken between characters.
func wrap(d *font.Drawer, s string, width fixed.Int26_6) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if d.MeasureString(try) <= width {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		for d.MeasureString(word) > width {
			cut := fitPrefix(d, word, width)
			lines = append(lines, word[:cut])
			word = word[cut:]
		}
		line = word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// fit shortens s with an ellipsis until it is no wider than width.
func fit(d *font.Drawer, s string, width fixed.Int26_6) string {
	if d.MeasureString(s) <= width {
		return s
	}
	for s != "" {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
		if t := strings.TrimRight(s, " ") + "…"; d.MeasureString(t) <= width {
			return t
		}
	}
	return "…"
}

// fitPrefix is the length in bytes of the longest prefix of s, at least
// one character, no wider than width.
func fitPrefix(d *font.Drawer, s string, width fixed.Int26_6) int {
	n := 0
	for i, r := range s {
		end := i + utf8.RuneLen(r)
		if n > 0 && d.MeasureString(s[:end]) > width {
			break
		}
		n = end
	}
	return n
}

// parseHex reads "#rgb" or "#rrggbb".
func parseHex(s string) (color.RGBA, error) {
	h := strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if len(h) != 6 || err != nil {
		return color.RGBA{}, fmt.Errorf("card colour %q is not a hex colour such as \"#1f6f8b\"", s)
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}, nil
}

// textColors picks white or near-black text, whichever has more contrast
// with bg (WCAG relative luminance), and an accent halfway to it.
func textColors(bg color.RGBA) (fg, accent color.RGBA) {
	l := luminance(bg)
	white, dark := color.RGBA{0xff, 0xff, 0xff, 0xff}, color.RGBA{0x11, 0x18, 0x27, 0xff}
	fg = dark
	if (1.05)/(l+0.05) >= (l+0.05)/(luminance(dark)+0.05) {
		fg = white
	}
	mix := func(a, b uint8) uint8 { return uint8((int(a) + int(b)) / 2) }
	accent = color.RGBA{mix(bg.R, fg.R), mix(bg.G, fg.G), mix(bg.B, fg.B), 0xff}
	return fg, accent
}

func luminance(c color.RGBA) float64 {
	ch := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.R) + 0.7152*ch(c.G) + 0.0722*ch(c.B)
}

// inkLevels is how many shades between background and text a card keeps:
// more than the eye tells apart at the edges of antialiased glyphs.
const inkLevels = 64

// paletted turns a card drawn in bg, fg and accent into a paletted image.
// A card holds only those colours and the blends at glyph edges, and a
// paletted PNG encodes several times faster than an RGB one (one byte a
// pixel, no filtering), which keeps a card well under its time budget.
func paletted(img *image.RGBA, bg, fg, accent color.RGBA) *image.Paletted {
	pal := make(color.Palette, 0, inkLevels+1)
	mix := func(a, b uint8, k int) uint8 {
		return uint8((int(a)*(inkLevels-1-k) + int(b)*k + (inkLevels-1)/2) / (inkLevels - 1))
	}
	for k := range inkLevels {
		pal = append(pal, color.RGBA{mix(bg.R, fg.R, k), mix(bg.G, fg.G, k), mix(bg.B, fg.B, k), 0xff})
	}
	pal = append(pal, accent)
	// Measure coverage on the channel where text and background differ most.
	ch, from, to := 0, int(bg.R), int(fg.R)
	if d := abs(int(fg.G) - int(bg.G)); d > abs(to-from) {
		ch, from, to = 1, int(bg.G), int(fg.G)
	}
	if d := abs(int(fg.B) - int(bg.B)); d > abs(to-from) {
		ch, from, to = 2, int(bg.B), int(fg.B)
	}
	out := image.NewPaletted(img.Rect, pal)
	span := to - from
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		row := img.Pix[img.PixOffset(img.Rect.Min.X, y):]
		dst := out.Pix[out.PixOffset(img.Rect.Min.X, y):]
		for x := range img.Rect.Dx() {
			px := row[4*x : 4*x+4]
			if px[0] == accent.R && px[1] == accent.G && px[2] == accent.B {
				dst[x] = inkLevels
				continue
			}
			k := 0
			if span != 0 {
				k = ((int(px[ch])-from)*(inkLevels-1) + span/2) / span
			}
			dst[x] = uint8(min(max(k, 0), inkLevels-1))
		}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
