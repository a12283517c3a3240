package images

import "testing"

func TestSVGSize(t *testing.T) {
	tests := []struct {
		svg  string
		w, h int
		ok   bool
	}{
		{`<svg xmlns="http://www.w3.org/2000/svg" width="320" height="64"></svg>`, 320, 64, true},
		{`<?xml version="1.0"?><svg viewBox="0 0 100.4 50" xmlns="http://www.w3.org/2000/svg"></svg>`, 100, 50, true},
		{`<svg width="10em" height="2em" viewBox="0,0,160,32"></svg>`, 160, 32, true},
		{`<svg width="100%"></svg>`, 0, 0, false},
		{`<html></html>`, 0, 0, false},
		{`not xml`, 0, 0, false},
	}
	for _, tt := range tests {
		w, h, ok := SVGSize([]byte(tt.svg))
		if w != tt.w || h != tt.h || ok != tt.ok {
			t.Errorf("SVGSize(%q) = %d, %d, %v", tt.svg, w, h, ok)
		}
	}
}
