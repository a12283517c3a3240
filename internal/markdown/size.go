package markdown

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark/util"
)

// SizeImages returns what ConvertWith(src, opts) writes, given html, what
// Convert(src) wrote for the same source (its HTML, or its Summary when
// summary is true), and images, its Doc.Images. It adds each image's
// attributes to the tags already written instead of parsing and rendering
// the markdown again, which costs as much as the first conversion.
//
// ok is false when the tags cannot be matched to images one for one (raw
// HTML passed through, a source written with escapes, attributes it does
// not expect): the caller then converts again, which is always right.
func (c *Converter) SizeImages(html []byte, images []Image, opts ConvertOptions, summary bool) (out []byte, ok bool) {
	if c.unsafe || opts.Images == nil {
		return nil, false
	}
	const open = `<img src="`
	out = make([]byte, 0, len(html)+len(images)*160)
	count := 0
	if opts.LazyAll {
		count = 1
	}
	rest := html
	i := 0
	for {
		at := bytes.Index(rest, []byte(open))
		if at < 0 {
			break
		}
		if i >= len(images) {
			return nil, false
		}
		end, ok := imgTagEnd(rest[at:])
		if !ok {
			return nil, false
		}
		src := rest[at+len(open):]
		src = src[:bytes.IndexByte(src, '"')]
		if !bytes.Equal(src, c.renderedSrc(images[i].Src)) {
			return nil, false
		}
		out = append(out, rest[:at+end]...)
		out = appendImageAttrs(out, images[i].Src, opts, count > 0 || summary)
		count++
		i++
		rest = rest[at+end:]
	}
	if !summary && i != len(images) {
		return nil, false
	}
	return append(out, rest...), true
}

// imgTagEnd returns where the closing ">" of the tag at the start of b is,
// when the tag is exactly what goldmark writes for an image without
// attributes: <img src="…" alt="…"> or with title="…" too.
func imgTagEnd(b []byte) (int, bool) {
	i := len(`<img src="`)
	for _, next := range []string{`" alt="`, `"`} {
		q := bytes.IndexByte(b[i:], '"')
		if q < 0 || !bytes.HasPrefix(b[i+q:], []byte(next)) {
			return 0, false
		}
		i += q + len(next)
	}
	if bytes.HasPrefix(b[i:], []byte(` title="`)) {
		i += len(` title="`)
		q := bytes.IndexByte(b[i:], '"')
		if q < 0 {
			return 0, false
		}
		i += q + 1
	}
	if i >= len(b) || b[i] != '>' {
		return 0, false
	}
	return i, true
}

// renderedSrc is the src attribute goldmark writes for an image whose
// source, as resolved, is src: rebased on the base path and escaped. A
// source written with backslash escapes or entities renders otherwise, and
// is then not matched.
func (c *Converter) renderedSrc(src string) []byte {
	dest := []byte(src)
	if c.basePath != nil && rootRelative(dest) {
		dest = append(append([]byte(nil), c.basePath...), dest...)
	}
	return util.EscapeHTML(util.URLEscape(dest, true))
}

// appendImageAttrs appends the attributes renderImage sets, in its order.
func appendImageAttrs(out []byte, src string, opts ConvertOptions, lazy bool) []byte {
	attr := func(name, value string) {
		out = append(out, ' ')
		out = append(out, name...)
		out = append(out, `="`...)
		out = append(out, util.EscapeHTML([]byte(value))...)
		out = append(out, '"')
	}
	if info, known := opts.Images(src); known && info.Width > 0 && info.Height > 0 {
		attr("width", strconv.Itoa(info.Width))
		attr("height", strconv.Itoa(info.Height))
		if info.SrcSet != "" {
			attr("srcset", info.SrcSet)
			if info.Sizes != "" {
				attr("sizes", info.Sizes)
			}
		}
	}
	if lazy {
		attr("loading", "lazy")
	}
	attr("decoding", "async")
	return out
}
