// Package images reads, resizes and re-encodes the images a site's pages
// show, and draws the share cards of posts that have none.
//
// # Reading
//
// [Read] finds an image's format and its size as displayed from the file's
// bytes (PNG, JPEG, GIF, and WebP through golang.org/x/image), without
// decoding the pixels. A JPEG's EXIF orientation is applied, so a phone
// photo taken upright reports its upright size.
//
// # Variants
//
// [Plan] lists the narrower copies of an image a page's srcset offers,
// never wider than the image itself. Only JPEG and PNG get them; a GIF may
// be animated and WebP has no encoder in the standard library's reach.
// A JPEG is also never published as it is: its full-size copy is
// re-encoded ([Reencoded]), which drops every metadata segment (EXIF, GPS,
// XMP, comments), so a phone photo does not publish where it was taken.
//
// # Caching
//
// [Processor] and [CardMaker] keep what they encode in a folder, named by
// a hash of everything the bytes depend on, so a second build encodes
// nothing. Encoders here are deterministic: the same input gives the same
// bytes, and builds stay reproducible.
package images

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // registered for image.DecodeConfig and image.Decode
	"image/jpeg"
	"image/png"
	"path"
	"strconv"
	"strings"

	"github.com/carepress/carepress/internal/exif"
	_ "golang.org/x/image/webp" // registered for image.DecodeConfig and image.Decode
)

// Info is what a page needs to know of an image file.
type Info struct {
	// Format is "jpeg", "png", "gif" or "webp".
	Format string
	// Width and Height are the size as displayed: after the EXIF
	// orientation of a JPEG.
	Width, Height int
	// Orientation is the EXIF orientation, 1 to 8; 1 when none is given.
	Orientation int
}

// ErrFormat reports a file that is not an image this package reads.
var ErrFormat = errors.New("not a PNG, JPEG, GIF or WebP image")

// Read returns the format and displayed size of the image in data.
func Read(data []byte) (Info, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, image.ErrFormat) {
			return Info{}, ErrFormat
		}
		return Info{}, err
	}
	info := Info{Format: format, Width: cfg.Width, Height: cfg.Height, Orientation: 1}
	if format == "jpeg" {
		info.Orientation = exif.Read(data).Orientation
		if info.Orientation >= 5 {
			info.Width, info.Height = info.Height, info.Width
		}
	}
	return info, nil
}

// Sizable reports whether name has the extension of an image Read reads.
func Sizable(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp":
		return true
	}
	return false
}

// DefaultWidths are the widths of the variants offered in a srcset: a
// phone, a tablet or narrow column, and a wide screen or high-density phone.
var DefaultWidths = []int{480, 800, 1200}

// Sizes is the sizes attribute for an image in the default theme's text
// column, which is at most about 45rem wide.
const Sizes = "(max-width: 45rem) 100vw, 45rem"

// Variant is one resized copy of an image.
type Variant struct {
	// Path is the copy's site path: the image's, with "-WIDTHw" before the
	// extension ("/posts/x/photo-480w.jpg").
	Path          string
	Width, Height int
}

// Plan lists the variants of the image at site path p with info, one for
// each of widths that is narrower than the image, in increasing width.
func Plan(p string, info Info, widths []int) []Variant {
	if !resizable(info.Format) || info.Width <= 0 || info.Height <= 0 {
		return nil
	}
	ext := path.Ext(p)
	base := strings.TrimSuffix(p, ext)
	var out []Variant
	for _, w := range widths {
		if w <= 0 || w >= info.Width {
			continue
		}
		h := max(1, (info.Height*w+info.Width/2)/info.Width)
		out = append(out, Variant{Path: base + "-" + strconv.Itoa(w) + "w" + ext, Width: w, Height: h})
	}
	return out
}

// SrcSet writes the srcset of an image published at the URL src, width
// pixels wide, with its variants, each URL made by url from a site path.
// The full-size image is the last candidate; "" when there are no variants.
func SrcSet(src string, width int, vs []Variant, url func(sitePath string) string) string {
	if len(vs) == 0 {
		return ""
	}
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "%s %dw, ", url(v.Path), v.Width)
	}
	fmt.Fprintf(&b, "%s %dw", src, width)
	return b.String()
}

// Reencoded reports whether an image is published re-encoded rather than
// as its bytes are: a JPEG, whose metadata may say where it was taken.
func Reencoded(info Info) bool { return info.Format == "jpeg" }

func resizable(format string) bool { return format == "jpeg" || format == "png" }

// JPEGQuality is the quality of every JPEG written: no visible loss for
// photos on a web page, at about a third of the size of a camera's file.
const JPEGQuality = 80

// encode writes img in format, deterministically.
func encode(img image.Image, format string) ([]byte, error) {
	var b bytes.Buffer
	var err error
	switch format {
	case "jpeg":
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: JPEGQuality})
	case "png":
		err = (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&b, img)
	default:
		return nil, fmt.Errorf("cannot encode %s", format)
	}
	return b.Bytes(), err
}

// orient returns img turned upright for an EXIF orientation.
func orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	src := toRGBA(img)
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		for x := range dw {
			var sx, sy int
			switch o {
			case 2:
				sx, sy = w-1-x, y
			case 3:
				sx, sy = w-1-x, h-1-y
			case 4:
				sx, sy = x, h-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, h-1-x
			case 7:
				sx, sy = w-1-y, h-1-x
			case 8:
				sx, sy = w-1-y, x
			}
			si := sy*src.Stride + sx*4
			di := y*dst.Stride + x*4
			copy(dst.Pix[di:di+4], src.Pix[si:si+4])
		}
	}
	return dst
}
