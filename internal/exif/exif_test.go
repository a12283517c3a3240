package exif

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"math"
	"testing"

	"github.com/carepress/carepress/internal/exif/exiftest"
)

// pngWithExif puts an eXIf chunk right after IHDR.
func pngWithExif(tiff []byte) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	src := b.Bytes()
	ihdrEnd := 8 + 12 + 13 // signature, IHDR header+crc, IHDR data
	chunk := make([]byte, 8, 12+len(tiff))
	binary.BigEndian.PutUint32(chunk, uint32(len(tiff)))
	copy(chunk[4:], "eXIf")
	chunk = append(chunk, tiff...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	return append(append(append([]byte{}, src[:ihdrEnd]...), chunk...), src[ihdrEnd:]...)
}

func TestReadFindsGPSAndCamera(t *testing.T) {
	gps := exiftest.Meta{Make: "Apple", Model: "iPhone 15", GPS: true, Lat: 41.8781, Lon: -87.6298}
	var plain bytes.Buffer
	png.Encode(&plain, image.NewGray(image.Rect(0, 0, 1, 1)))
	tests := []struct {
		name   string
		data   []byte
		gps    bool
		camera string
	}{
		{"jpeg with gps and camera", exiftest.JPEG(gps), true, "Apple iPhone 15"},
		{"jpeg with camera only", exiftest.JPEG(exiftest.Meta{Make: "Canon", Model: "Canon EOS R5"}), false, "Canon EOS R5"},
		{"jpeg without metadata", exiftest.JPEG(exiftest.Meta{}), false, ""},
		{"png with eXIf", pngWithExif(exiftest.TIFF(gps)), true, "Apple iPhone 15"},
		{"png without metadata", plain.Bytes(), false, ""},
		{"tiff", exiftest.TIFF(exiftest.Meta{Model: "X100V"}), false, "X100V"},
		{"truncated jpeg", exiftest.JPEG(gps)[:30], false, ""},
		{"not an image", []byte("hello"), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := Read(tt.data)
			if md.GPS != tt.gps || md.Camera != tt.camera {
				t.Errorf("got GPS=%v camera=%q, want GPS=%v camera=%q", md.GPS, md.Camera, tt.gps, tt.camera)
			}
			if tt.gps && (math.Abs(md.Lat-41.8781) > 0.001 || math.Abs(md.Lon+87.6298) > 0.001) {
				t.Errorf("position %v, %v, want 41.8781, -87.6298", md.Lat, md.Lon)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	f.Add(exiftest.JPEG(exiftest.Meta{Make: "Canon", GPS: true, Lat: 1, Lon: 2}))
	f.Add(pngWithExif(exiftest.TIFF(exiftest.Meta{Model: "X"})))
	f.Add(exiftest.TIFF(exiftest.Meta{GPS: true}))
	f.Add([]byte("RIFF\x10\x00\x00\x00WEBPEXIF\x04\x00\x00\x00MM\x00*"))
	f.Add(exiftest.JPEG(exiftest.Meta{Orientation: 6}))
	f.Fuzz(func(t *testing.T, data []byte) {
		md := Read(data) // must not panic or hang
		if md.Camera != "" && !md.Exif {
			t.Errorf("camera %q without Exif", md.Camera)
		}
		if md.Orientation < 1 || md.Orientation > 8 {
			t.Errorf("orientation %d", md.Orientation)
		}
	})
}

// TestReadOrientation: the orientation a build turns a photo by, from
// whichever container carries it; 1 when none is given or it is out of
// range, and the first one when a file gives two.
func TestReadOrientation(t *testing.T) {
	twice := exiftest.TIFF(exiftest.Meta{Orientation: 3})
	// A second orientation entry after the first one: IFD0 holds one
	// entry, so patch its count to two and append a copy of it.
	second := append([]byte{}, twice[:8]...)
	second = append(second, 0, 2)
	second = append(second, twice[10:22]...)
	second = append(second, twice[10:22]...)
	second[8+2+12+8+1] = 6
	second = append(second, 0, 0, 0, 0)
	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"jpeg turned", exiftest.JPEG(exiftest.Meta{Orientation: 6}), 6},
		{"jpeg with camera and orientation", exiftest.JPEG(exiftest.Meta{Make: "Apple", Orientation: 8, GPS: true}), 8},
		{"png turned", pngWithExif(exiftest.TIFF(exiftest.Meta{Orientation: 3})), 3},
		{"tiff", exiftest.TIFF(exiftest.Meta{Orientation: 5}), 5},
		{"the first of two", second, 3},
		{"none given", exiftest.JPEG(exiftest.Meta{Make: "Canon"}), 1},
		{"out of range", exiftest.JPEG(exiftest.Meta{Orientation: 9}), 1},
		{"zero", exiftest.TIFF(exiftest.Meta{Orientation: 0}), 1},
		{"no exif", []byte("hello"), 1},
	}
	for _, tt := range tests {
		if got := Read(tt.data).Orientation; got != tt.want {
			t.Errorf("%s: orientation %d, want %d", tt.name, got, tt.want)
		}
	}
}
