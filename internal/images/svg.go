package images

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
)

// SVGSize reads the intrinsic size of an SVG from its root element: width
// and height in pixels, else its viewBox. A logo with a known size keeps
// the page from shifting as it loads.
func SVGSize(data []byte) (w, h int, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return 0, 0, false
		}
		se, isStart := tok.(xml.StartElement)
		if !isStart {
			continue
		}
		if se.Name.Local != "svg" {
			return 0, 0, false
		}
		var width, height, viewBox string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "width":
				width = a.Value
			case "height":
				height = a.Value
			case "viewBox":
				viewBox = a.Value
			}
		}
		if w, h := px(width), px(height); w > 0 && h > 0 {
			return w, h, true
		}
		if f := strings.Fields(strings.ReplaceAll(viewBox, ",", " ")); len(f) == 4 {
			if w, h := px(f[2]), px(f[3]); w > 0 && h > 0 {
				return w, h, true
			}
		}
		return 0, 0, false
	}
}

// px parses "320", "320px" or "320.5"; other units are unknown.
func px(s string) int {
	f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "px"), 64)
	if err != nil || f <= 0 {
		return 0
	}
	return int(f + 0.5)
}
