package images

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"testing"
)

// photo returns a w×h JPEG whose pixels vary, so that resizing is real.
func photo(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x + y), 0xff})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withExif inserts, after SOI, an APP1 Exif segment as a phone writes it:
// an orientation tag and a GPS IFD pointer followed by GPS bytes.
func withExif(jpg []byte, orientation uint16) []byte {
	var tiff bytes.Buffer
	tiff.WriteString("MM\x00\x2a")
	binary.Write(&tiff, binary.BigEndian, uint32(8))
	binary.Write(&tiff, binary.BigEndian, uint16(2)) // entries
	// Orientation, SHORT, count 1, value.
	binary.Write(&tiff, binary.BigEndian, []uint16{0x0112, 3})
	binary.Write(&tiff, binary.BigEndian, uint32(1))
	binary.Write(&tiff, binary.BigEndian, []uint16{orientation, 0})
	// GPSInfo IFD pointer, LONG.
	binary.Write(&tiff, binary.BigEndian, []uint16{0x8825, 4})
	binary.Write(&tiff, binary.BigEndian, uint32(1))
	binary.Write(&tiff, binary.BigEndian, uint32(38))
	binary.Write(&tiff, binary.BigEndian, uint32(0))
	tiff.WriteString("GPS 41.8781 N 87.6298 W")
	seg := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write(jpg[:2])
	out.Write([]byte{0xFF, 0xE1})
	binary.Write(&out, binary.BigEndian, uint16(len(seg)+2))
	out.Write(seg)
	out.Write(jpg[2:])
	return out.Bytes()
}

func TestReadFormatsAndSizes(t *testing.T) {
	var pngBuf, gifBuf bytes.Buffer
	png.Encode(&pngBuf, image.NewRGBA(image.Rect(0, 0, 30, 20)))
	gif.Encode(&gifBuf, image.NewPaletted(image.Rect(0, 0, 7, 5), color.Palette{color.Black, color.White}), nil)
	webp, err := os.ReadFile("testdata/gopher.webp")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		data   []byte
		format string
		w, h   int
	}{
		{"png", pngBuf.Bytes(), "png", 30, 20},
		{"jpeg", photo(t, 64, 32), "jpeg", 64, 32},
		{"gif", gifBuf.Bytes(), "gif", 7, 5},
		{"webp", webp, "webp", 0, 0},
		{"jpeg turned by exif", withExif(photo(t, 64, 32), 6), "jpeg", 32, 64},
	} {
		info, err := Read(tc.data)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if info.Format != tc.format || tc.w != 0 && (info.Width != tc.w || info.Height != tc.h) || info.Width <= 0 || info.Height <= 0 {
			t.Errorf("%s: got %+v, want %s %dx%d", tc.name, info, tc.format, tc.w, tc.h)
		}
	}
	if _, err := Read([]byte("<svg/>")); err != ErrFormat {
		t.Errorf("svg: got %v, want ErrFormat", err)
	}
}

func TestPlanNeverUpscales(t *testing.T) {
	vs := Plan("/posts/x/a.jpg", Info{Format: "jpeg", Width: 1000, Height: 500}, DefaultWidths)
	if len(vs) != 2 || vs[0] != (Variant{"/posts/x/a-480w.jpg", 480, 240}) || vs[1].Width != 800 || vs[1].Height != 400 {
		t.Errorf("got %+v", vs)
	}
	if vs := Plan("/a.jpg", Info{Format: "jpeg", Width: 480, Height: 10}, DefaultWidths); len(vs) != 0 {
		t.Errorf("image as narrow as the smallest width: got %+v", vs)
	}
	if vs := Plan("/a.gif", Info{Format: "gif", Width: 2000, Height: 10}, DefaultWidths); len(vs) != 0 {
		t.Errorf("gif: got %+v", vs)
	}
	if got := SrcSet("a.jpg", 1000, nil, func(p string) string { return p }); got != "" {
		t.Errorf("no variants: srcset %q", got)
	}
	got := SrcSet("/c/x/a.jpg", 1000, vs, func(p string) string { return "/c" + p })
	if want := "/c/posts/x/a-480w.jpg 480w, /c/posts/x/a-800w.jpg 800w, /c/x/a.jpg 1000w"; got != want {
		t.Errorf("srcset %q, want %q", got, want)
	}
}

// TestReencodeStripsExifAndGPS publishes a phone photo: neither the full
// size nor any variant may carry its EXIF segment or GPS bytes, and the
// photo comes out upright.
func TestReencodeStripsExifAndGPS(t *testing.T) {
	data := withExif(photo(t, 1000, 600), 6)
	if !bytes.Contains(data, []byte("Exif")) || !bytes.Contains(data, []byte("GPS")) {
		t.Fatal("fixture has no Exif")
	}
	info, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	p := NewProcessor("")
	vs := Plan("/posts/x/photo.jpg", info, DefaultWidths)
	outs, err := p.Process("/posts/x/photo.jpg", data, info, vs)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 1+len(vs) || outs[0].Path != "/posts/x/photo.jpg" {
		t.Fatalf("got %d outputs, first %q", len(outs), outs[0].Path)
	}
	for _, o := range outs {
		if hasExif(o.Data) || bytes.Contains(o.Data, []byte("GPS")) {
			t.Errorf("%s still carries EXIF", o.Path)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(o.Data))
		if err != nil {
			t.Fatalf("%s: %v", o.Path, err)
		}
		if cfg.Height <= cfg.Width {
			t.Errorf("%s is %dx%d, want it turned upright (portrait)", o.Path, cfg.Width, cfg.Height)
		}
	}
}

// hasExif reports whether a JPEG has an APP1 Exif segment.
func hasExif(b []byte) bool {
	for i := 2; i+4 <= len(b) && b[i] == 0xFF; {
		if b[i+1] == 0xDA {
			return false
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if b[i+1] == 0xE1 && bytes.HasPrefix(b[i+4:], []byte("Exif")) {
			return true
		}
		i += 2 + n
	}
	return false
}

func TestProcessCachesByContent(t *testing.T) {
	dir := t.TempDir()
	data := photo(t, 900, 300)
	info, _ := Read(data)
	vs := Plan("/a.jpg", info, DefaultWidths)
	first := NewProcessor(dir)
	a, err := first.Process("/a.jpg", data, info, vs)
	if err != nil {
		t.Fatal(err)
	}
	if first.Encoded() != 3 {
		t.Errorf("first build encoded %d, want 3", first.Encoded())
	}
	second := NewProcessor(dir)
	b, err := second.Process("/a.jpg", data, info, vs)
	if err != nil {
		t.Fatal(err)
	}
	if second.Encoded() != 0 {
		t.Errorf("second build encoded %d, want 0 (all cached)", second.Encoded())
	}
	for i := range a {
		if !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs between builds", a[i].Path)
		}
	}
	// Encoding is deterministic without a cache too.
	c, _ := NewProcessor("").Process("/a.jpg", data, info, vs)
	if !bytes.Equal(a[1].Data, c[1].Data) {
		t.Error("encoding is not deterministic")
	}
}

func TestPNGVariantsStayPNG(t *testing.T) {
	var b bytes.Buffer
	png.Encode(&b, image.NewNRGBA(image.Rect(0, 0, 1000, 100)))
	info, _ := Read(b.Bytes())
	vs := Plan("/i/chart.png", info, DefaultWidths)
	outs, err := NewProcessor("").Process("/i/chart.png", b.Bytes(), info, vs)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 2 || outs[0].Path != "/i/chart-480w.png" {
		t.Fatalf("got %+v", outs)
	}
	if _, err := png.Decode(bytes.NewReader(outs[0].Data)); err != nil {
		t.Error(err)
	}
}
