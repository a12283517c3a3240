// Package exif reads the few EXIF fields carepress needs from a JPEG, PNG,
// WebP or TIFF file: the orientation a build applies to a photo, and the
// GPS position and camera that `carepress check` reports on a source
// image. It is the one EXIF reader of carepress (internal/images and
// internal/check both use it).
//
// It is written by hand: the standard library reads no EXIF, and the one
// EXIF module the Go proxy offers here (github.com/dsoprea/go-exif/v3)
// brings six dependencies of its own, last updated in 2020, to read what
// this file reads; a build reads EXIF once per source image, which costs
// nothing measurable in a cold 10k-post build either way. FuzzRead holds
// it to never panic nor loop on any input.
package exif

import (
	"bytes"
	"encoding/binary"
	"strings"
)

// Metadata is what an image file's EXIF says about how to show it, and
// where and with what it was taken.
type Metadata struct {
	// Orientation is the EXIF orientation, 1 to 8: how the stored pixels
	// must be turned to be upright. 1 when none is given or it is not
	// one of those.
	Orientation int
	// GPS is true when the file carries a GPS position.
	GPS bool
	// Lat and Lon are the position in degrees, when GPS is true and the
	// coordinates could be read.
	Lat, Lon float64
	// Camera names the device ("Canon EOS R5"), or "" when none is given.
	Camera string
	// Exif is true when the file carries camera EXIF data (a device, a
	// date taken, exposure settings), GPS aside.
	Exif bool
}

// Read finds the EXIF block of a JPEG, PNG, WebP or TIFF file and reads
// the orientation, GPS and camera fields from it. A file without EXIF, or
// one it cannot parse, gives the Metadata of none (orientation 1): it
// never fails, since a broken block is neither a leak worth stopping for
// nor a reason not to show the photo as stored.
func Read(data []byte) Metadata {
	md := readTIFF(exifBlock(data))
	if md.Orientation < 1 || md.Orientation > 8 {
		md.Orientation = 1
	}
	return md
}

// exifBlock returns the TIFF structure holding the EXIF data.
func exifBlock(b []byte) []byte {
	switch {
	case len(b) > 4 && b[0] == 0xFF && b[1] == 0xD8: // JPEG: APP1 "Exif\0\0"
		i := 2
		for i+4 <= len(b) {
			if b[i] != 0xFF {
				return nil
			}
			marker := b[i+1]
			switch {
			case marker == 0xFF: // fill byte
				i++
				continue
			case marker == 0xD8 || marker == 0x01 || marker >= 0xD0 && marker <= 0xD7:
				i += 2 // a marker without a length: SOI, TEM, RSTn
				continue
			case marker == 0xD9 || marker == 0xDA: // end of image, start of scan: no more metadata
				return nil
			}
			n := int(binary.BigEndian.Uint16(b[i+2:]))
			if n < 2 || i+2+n > len(b) {
				return nil
			}
			seg := b[i+4 : i+2+n]
			if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
				return seg[6:]
			}
			i += 2 + n
		}
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")): // PNG: eXIf chunk
		i := 8
		for i+8 <= len(b) {
			n := int(binary.BigEndian.Uint32(b[i:]))
			typ := string(b[i+4 : i+8])
			if n < 0 || n > len(b)-i-12 {
				return nil
			}
			if typ == "eXIf" {
				return b[i+8 : i+8+n]
			}
			if typ == "IEND" {
				return nil
			}
			i += 12 + n
		}
	case len(b) > 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP": // WebP: EXIF chunk
		i := 12
		for i+8 <= len(b) {
			n := int(binary.LittleEndian.Uint32(b[i+4:]))
			if n < 0 || n > len(b)-i-8 {
				return nil
			}
			if string(b[i:i+4]) == "EXIF" {
				return bytes.TrimPrefix(b[i+8:i+8+n], []byte("Exif\x00\x00"))
			}
			i += 8 + n + n%2
		}
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return b
	}
	return nil
}

// TIFF tags that matter here.
const (
	tagOrient   = 0x0112
	tagMake     = 0x010F
	tagModel    = 0x0110
	tagExifIFD  = 0x8769
	tagGPSIFD   = 0x8825
	gpsLatRef   = 0x0001
	gpsLat      = 0x0002
	gpsLonRef   = 0x0003
	gpsLon      = 0x0004
	maxIFDCount = 1000
)

// cameraTags are EXIF sub-IFD tags that describe the capture.
var cameraTags = map[uint16]bool{
	0x829A: true, // ExposureTime
	0x829D: true, // FNumber
	0x8827: true, // ISO
	0x9003: true, // DateTimeOriginal
	0x920A: true, // FocalLength
	0xA430: true, // CameraOwnerName
	0xA431: true, // BodySerialNumber
	0xA433: true, // LensMake
	0xA434: true, // LensModel
}

type tiffReader struct {
	b  []byte
	bo binary.ByteOrder
}

type ifdEntry struct {
	tag, typ uint16
	count    uint32
	value    []byte // the 4 bytes of the value field
}

func readTIFF(b []byte) Metadata {
	var md Metadata
	if len(b) < 8 {
		return md
	}
	r := tiffReader{b: b}
	switch string(b[:2]) {
	case "II":
		r.bo = binary.LittleEndian
	case "MM":
		r.bo = binary.BigEndian
	default:
		return md
	}
	if r.bo.Uint16(b[2:]) != 42 {
		return md
	}
	ifd0 := r.ifd(r.bo.Uint32(b[4:]))
	var makeName, model string
	for _, e := range ifd0 {
		switch e.tag {
		case tagOrient:
			if e.typ == 3 && md.Orientation == 0 { // SHORT; the first one counts
				md.Orientation = int(r.bo.Uint16(e.value))
			}
		case tagMake:
			makeName = r.ascii(e)
		case tagModel:
			model = r.ascii(e)
		case tagExifIFD:
			for _, x := range r.ifd(r.bo.Uint32(e.value)) {
				if cameraTags[x.tag] {
					md.Exif = true
				}
			}
		case tagGPSIFD:
			gps := r.ifd(r.bo.Uint32(e.value))
			var lat, lon float64
			var latRef, lonRef string
			var haveLat, haveLon bool
			for _, g := range gps {
				switch g.tag {
				case gpsLatRef:
					latRef = r.ascii(g)
				case gpsLonRef:
					lonRef = r.ascii(g)
				case gpsLat:
					lat, haveLat = r.degrees(g)
				case gpsLon:
					lon, haveLon = r.degrees(g)
				}
			}
			if haveLat || haveLon || len(gps) > 1 {
				md.GPS = true
			}
			if haveLat && haveLon {
				if latRef == "S" {
					lat = -lat
				}
				if lonRef == "W" {
					lon = -lon
				}
				md.Lat, md.Lon = lat, lon
			}
		}
	}
	md.Camera = strings.TrimSpace(makeName)
	if model != "" {
		if md.Camera != "" && !strings.HasPrefix(model, md.Camera) {
			md.Camera += " " + model
		} else {
			md.Camera = model
		}
	}
	if md.Camera != "" {
		md.Exif = true
	}
	return md
}

// ifd reads the entries of the IFD at off; nil if it does not fit.
func (r tiffReader) ifd(off uint32) []ifdEntry {
	if off < 8 || int64(off)+2 > int64(len(r.b)) {
		return nil
	}
	n := int(r.bo.Uint16(r.b[off:]))
	if n > maxIFDCount || int64(off)+2+int64(n)*12 > int64(len(r.b)) {
		return nil
	}
	out := make([]ifdEntry, 0, n)
	for i := range n {
		e := r.b[int(off)+2+i*12:]
		out = append(out, ifdEntry{tag: r.bo.Uint16(e), typ: r.bo.Uint16(e[2:]), count: r.bo.Uint32(e[4:]), value: e[8:12]})
	}
	return out
}

// data returns the bytes of an entry's value, inline or at its offset.
func (r tiffReader) data(e ifdEntry, size int) []byte {
	n := int64(e.count) * int64(size)
	if n <= 4 {
		return e.value[:n]
	}
	off := int64(r.bo.Uint32(e.value))
	if off+n > int64(len(r.b)) {
		return nil
	}
	return r.b[off : off+n]
}

func (r tiffReader) ascii(e ifdEntry) string {
	if e.typ != 2 {
		return ""
	}
	return strings.TrimSpace(strings.TrimRight(string(r.data(e, 1)), "\x00"))
}

// degrees reads a GPS coordinate: three RATIONALs, degrees, minutes, seconds.
func (r tiffReader) degrees(e ifdEntry) (float64, bool) {
	if e.typ != 5 || e.count != 3 {
		return 0, false
	}
	d := r.data(e, 8)
	if len(d) != 24 {
		return 0, false
	}
	var v [3]float64
	for i := range v {
		num, den := r.bo.Uint32(d[i*8:]), r.bo.Uint32(d[i*8+4:])
		if den == 0 {
			return 0, false
		}
		v[i] = float64(num) / float64(den)
	}
	return v[0] + v[1]/60 + v[2]/3600, true
}
