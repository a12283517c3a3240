package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"

	xdraw "golang.org/x/image/draw"
)

// encoderVersion is part of every cache key: change it when what is
// encoded changes (quality, filter), so old entries are not reused.
const encoderVersion = "images/v1"

// Processor encodes images' variants and full-size re-encodes, keeping
// each in its cache folder. It is safe for concurrent use.
type Processor struct {
	dir     string
	encoded atomic.Int64
}

// NewProcessor returns a Processor that caches in dir; "" keeps nothing.
func NewProcessor(dir string) *Processor { return &Processor{dir: dir} }

// Encoded is how many images the Processor has encoded rather than found
// in its cache.
func (p *Processor) Encoded() int { return int(p.encoded.Load()) }

// Output is one file to publish.
type Output struct {
	Path string // site path
	Data []byte
}

// Process returns the files to publish for the image at site path src with
// bytes data and info: its variants, and for a JPEG its full-size
// re-encode at src. The image is decoded only if something is not cached.
func (p *Processor) Process(src string, data []byte, info Info, vs []Variant) ([]Output, error) {
	type want struct {
		path  string
		width int // 0: full size
	}
	var wants []want
	if Reencoded(info) {
		wants = append(wants, want{src, 0})
	}
	for _, v := range vs {
		wants = append(wants, want{v.Path, v.Width})
	}
	if len(wants) == 0 {
		return nil, nil
	}
	sum := sha256.Sum256(data)
	key := hex.EncodeToString(sum[:])
	out := make([]Output, len(wants))
	var img image.Image
	for i, w := range wants {
		name := cacheKey(key, w.width) + "." + ext(info.Format)
		if b, ok := p.load(name); ok {
			out[i] = Output{w.path, b}
			continue
		}
		if img == nil {
			m, _, err := image.Decode(bytes.NewReader(data))
			if err != nil {
				return nil, fmt.Errorf("cannot decode %s: %w", src, err)
			}
			img = orient(m, info.Orientation)
		}
		var dst image.Image = img
		if w.width > 0 {
			dst = resize(img, w.width)
		}
		b, err := encode(dst, info.Format)
		if err != nil {
			return nil, fmt.Errorf("cannot encode %s: %w", w.path, err)
		}
		p.encoded.Add(1)
		if err := p.store(name, b); err != nil {
			return nil, err
		}
		out[i] = Output{w.path, b}
	}
	return out, nil
}

// cacheKey names an encode of the image with content hash key at width.
func cacheKey(key string, width int) string {
	h := sha256.Sum256([]byte(encoderVersion + "\x00" + key + "\x00" + strconv.Itoa(width)))
	return hex.EncodeToString(h[:16])
}

func ext(format string) string {
	if format == "jpeg" {
		return "jpg"
	}
	return format
}

// resize scales img to width, keeping its aspect ratio. Catmull-Rom keeps
// text and edges in photos sharp when shrinking.
func resize(img image.Image, width int) image.Image {
	b := img.Bounds()
	h := max(1, (b.Dy()*width+b.Dx()/2)/b.Dx())
	dst := image.NewRGBA(image.Rect(0, 0, width, h))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), img, b, xdraw.Src, nil)
	return dst
}

func toRGBA(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok && m.Rect.Min == (image.Point{}) {
		return m
	}
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
	return dst
}

// load reads a cache entry. A missing or unreadable entry is a miss.
func (p *Processor) load(name string) ([]byte, bool) {
	return loadCache(p.dir, name)
}

func (p *Processor) store(name string, b []byte) error {
	return storeCache(p.dir, name, b)
}

func loadCache(dir, name string) ([]byte, bool) {
	if dir == "" {
		return nil, false
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	return b, err == nil
}

// storeCache writes an entry through a temporary file and a rename, so a
// build that stops halfway, or another build beside it, never leaves a
// half-written entry that a later build would publish.
func storeCache(dir, name string, b []byte) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create the image cache: %w", err)
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write the image cache: %w", err)
	}
	_, werr := f.Write(b)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cannot write the image cache: %w", errors.Join(werr, cerr))
	}
	if err := os.Rename(f.Name(), filepath.Join(dir, name)); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cannot write the image cache: %w", err)
	}
	return nil
}
