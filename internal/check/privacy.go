package check

import (
	"fmt"
	"path"
	"strings"

	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/privacy"
	"github.com/carepress/carepress/internal/site"
)

// lawNote is what a privacy finding adds to its message: the identifier,
// named under the law that protects it where the practice is: "HIPAA
// identifier: telephone number" in the US, "personal data under UK GDPR
// and the Data Protection Act 2018: NHS number" in Britain.
func lawNote(s *site.Site, ident string) string {
	if ident == "" {
		return ""
	}
	return " (" + s.Config.Locale().PrivacyLaw(s.Config.Region()) + ": " + ident + ")"
}

// privacyFile scans the text of one post, page or service for patient
// identifiers: its body, its front matter strings and the names of its
// images.
func (c *checker) privacyFile(f *content.File, tx *fileText) {
	if !public(f) || c.detector == nil {
		return
	}
	var key [32]byte
	cache := c.privCache
	if f.Hash == ([32]byte{}) {
		cache = nil // a file not read from disk: nothing to key it by
	}
	if cache != nil {
		key = fileKey(f)
		if found, ok := cache.get(f, key); ok {
			for _, r := range found {
				c.report(r.Rule, r.Pos, r.Hint, "%s", r.Msg)
			}
			return
		}
	}
	found := c.scanFile(f, tx)
	for _, r := range found {
		c.report(r.Rule, r.Pos, r.Hint, "%s", r.Msg)
	}
	if cache != nil && tx.err == nil {
		cache.put(f, key, found)
	}
}

// scanFile finds what privacyFile reports on f, whatever the rules'
// severities.
func (c *checker) scanFile(f *content.File, tx *fileText) []privRecord {
	d := c.detector
	var found []privRecord
	report := func(pf privacy.Finding, pos diag.Pos, where string) {
		msg := pf.Message + lawNote(c.s, pf.Identifier)
		found = append(found, privRecord{Rule: pf.Rule, Pos: pos, Hint: pf.Hint, Msg: where + msg})
	}
	b := tx.body()
	for _, pf := range d.Scan(b.prose) {
		report(pf, b.pos(pf.Start), "")
	}
	type field struct{ key, text string }
	var fields []field
	image := ""
	if m := f.Post; m != nil {
		fields = []field{
			{"title", m.Title}, {"description", m.Description}, {"about", m.About}, {"image_alt", m.ImageAlt}, {"social.text", m.Social.Text},
		}
		for platform, text := range m.Social.TextByPlatform {
			fields = append(fields, field{"social.text_by_platform." + platform, text})
		}
		image = m.Image
	} else if m := f.Service; m != nil {
		fields = []field{{"title", m.Title}, {"summary", m.Summary}, {"for", m.For}, {"image_alt", m.ImageAlt}}
		image = m.Image
	}
	for _, fl := range fields {
		for _, pf := range d.Scan(fl.text) {
			report(pf, f.At(fl.key), fl.key+": ")
		}
	}
	// Image file names: "maria-lopez-mrn-4471.jpg" names a patient as
	// surely as the body would.
	names := map[string]diag.Pos{}
	if image != "" {
		names[path.Base(image)] = f.At("image")
	}
	if f.Doc != nil {
		for _, im := range f.Doc.Images {
			if !strings.Contains(im.Src, "://") {
				names[path.Base(im.Src)] = bodyLine(f, im.Line, im.Col)
			}
		}
	}
	for _, r := range f.Resources {
		if _, ok := names[path.Base(r)]; !ok && isImage(r) {
			names[path.Base(r)] = diag.Pos{File: f.BundleDir + "/" + r}
		}
	}
	for name, pos := range names {
		text := strings.TrimSuffix(name, path.Ext(name))
		text = strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(text)
		for _, pf := range d.Scan(text) {
			report(pf, pos, fmt.Sprintf("image file name %q: ", name))
		}
	}
	return found
}

// public reports whether f is text the site publishes as it is written,
// which the text rules read: a post, a plain page or a service.
func public(f *content.File) bool {
	return f.Post != nil && (f.Kind == content.KindPost || f.Kind == content.KindPage) || f.Service != nil
}

func isImage(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".tif", ".tiff":
		return true
	}
	return false
}

// Reply checks a draft reply to a review or a comment: the privacy rules
// and the reply rules, with s's severities. Positions are in file (a name
// for the draft), by line and column of text.
func Reply(s *site.Site, file, text string) []Finding {
	c := newChecker(s, Options{})
	tf := newTextFile(file, text, 1)
	for _, pf := range privacy.New(s.PrivacyAllow()).ScanReply(text) {
		pos := tf.pos(pf.Start)
		if pf.Rule == "reply/offline" {
			pos = diag.Pos{File: file}
		}
		c.report(pf.Rule, pos, pf.Hint, "%s", pf.Message+lawNote(s, pf.Identifier))
	}
	out := c.findings
	Sort(out)
	return out
}

// SafeReply is a reply a practice can post instead: it confirms nothing
// and moves the conversation to the phone or the portal, and points to
// the practice's reviews notice when it has one.
func SafeReply(s *site.Site) string {
	p := s.Config.Practice
	text := privacy.SafeReply(p.Name, s.Config.PhoneText(p.Phone), p.PortalURL)
	for _, n := range s.Notices {
		if n.Kind == "reviews" && n.Page != nil && s.Config.BaseURL != "" {
			text += " You can read how we respond to reviews at " + s.Config.AbsURL(n.Page.Path) + "."
			break
		}
	}
	return text
}
