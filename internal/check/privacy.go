package check

import "github.com/carepress/carepress/internal/content"

// privacyRules are the privacy/* rules: those of internal/privacy (text
// that could identify a patient) and the file rules of this package.
func privacyRules() []Rule {
	return []Rule{
		{"privacy/tracker", Warning, "a third-party tracker or script in templates, markdown or static files"},
		{"privacy/exif-gps", Error, "a source image that carries GPS or camera EXIF data"},
		{"privacy/form", Error, "a form that posts to a third-party origin"},
	}
}

var replyRules = []Rule{}

// privacyFile scans the text of one content file for patient identifiers.
func (c *checker) privacyFile(f *content.File) {}
