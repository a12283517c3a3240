// Package exiftest writes small image files carrying EXIF metadata, for
// tests of what reads it (internal/exif, and the checks that look for it). The images are real: a 1×1 JPEG
// any decoder reads, with an APP1 EXIF block holding what was asked for.
package exiftest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
)

// Meta is what to put in the EXIF block.
type Meta struct {
	// Make and Model name the camera; "" leaves the tag out.
	Make, Model string
	// GPS adds a GPS IFD with Lat and Lon (degrees; negative is south or west).
	GPS      bool
	Lat, Lon float64
	// Orientation, when not 0, is written as the EXIF orientation.
	Orientation uint16
}

// TIFF returns a big-endian TIFF structure (the body of an EXIF block)
// holding m.
func TIFF(m Meta) []byte {
	type entry struct {
		tag, typ uint16
		count    uint32
		data     []byte // value bytes; placed inline when ≤ 4
	}
	bo := binary.BigEndian
	ascii := func(s string) []byte { return append([]byte(s), 0) }
	rational := func(deg float64) []byte {
		if deg < 0 {
			deg = -deg
		}
		d := uint32(deg)
		minF := (deg - float64(d)) * 60
		mi := uint32(minF)
		sec := uint32((minF - float64(mi)) * 60 * 100)
		b := make([]byte, 24)
		for i, v := range [][2]uint32{{d, 1}, {mi, 1}, {sec, 100}} {
			bo.PutUint32(b[i*8:], v[0])
			bo.PutUint32(b[i*8+4:], v[1])
		}
		return b
	}
	// writeIFD lays out entries at off and returns the bytes, with values
	// that do not fit inline placed after the entries.
	writeIFD := func(off uint32, es []entry) []byte {
		head := make([]byte, 2+len(es)*12+4)
		bo.PutUint16(head, uint16(len(es)))
		var extra []byte
		dataOff := off + uint32(len(head))
		for i, e := range es {
			p := head[2+i*12:]
			bo.PutUint16(p, e.tag)
			bo.PutUint16(p[2:], e.typ)
			bo.PutUint32(p[4:], e.count)
			if len(e.data) <= 4 {
				copy(p[8:12], e.data)
			} else {
				bo.PutUint32(p[8:], dataOff+uint32(len(extra)))
				extra = append(extra, e.data...)
			}
		}
		return append(head, extra...)
	}
	var ifd0 []entry
	if m.Orientation != 0 {
		ifd0 = append(ifd0, entry{0x0112, 3, 1, bo.AppendUint16(nil, m.Orientation)})
	}
	if m.Make != "" {
		ifd0 = append(ifd0, entry{0x010F, 2, uint32(len(m.Make) + 1), ascii(m.Make)})
	}
	if m.Model != "" {
		ifd0 = append(ifd0, entry{0x0110, 2, uint32(len(m.Model) + 1), ascii(m.Model)})
	}
	if m.GPS {
		ifd0 = append(ifd0, entry{0x8825, 4, 1, make([]byte, 4)}) // offset patched below
	}
	out := []byte("MM\x00\x2a\x00\x00\x00\x08")
	first := writeIFD(8, ifd0)
	if m.GPS {
		gpsOff := uint32(8 + len(first))
		// Patch the GPS pointer: the last entry of IFD0.
		bo.PutUint32(first[2+(len(ifd0)-1)*12+8:], gpsOff)
		ns, ew := "N", "E"
		if m.Lat < 0 {
			ns = "S"
		}
		if m.Lon < 0 {
			ew = "W"
		}
		gps := writeIFD(gpsOff, []entry{
			{0x0001, 2, 2, ascii(ns)},
			{0x0002, 5, 3, rational(m.Lat)},
			{0x0003, 2, 2, ascii(ew)},
			{0x0004, 5, 3, rational(m.Lon)},
		})
		return append(append(out, first...), gps...)
	}
	return append(out, first...)
}

// JPEG returns a 1×1 JPEG carrying m in an EXIF block.
func JPEG(m Meta) []byte {
	var img bytes.Buffer
	jpeg.Encode(&img, image.NewGray(image.Rect(0, 0, 1, 1)), nil)
	b := img.Bytes()
	app1 := append([]byte("Exif\x00\x00"), TIFF(m)...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(app1)+2))
	seg = append(seg, app1...)
	out := append([]byte{}, b[:2]...) // SOI
	out = append(out, seg...)
	return append(out, b[2:]...)
}
