package content

import (
	"fmt"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/safeurl"
	"github.com/carepress/carepress/internal/slug"
)

// checkValues checks the front matter values that end up in a URL
// attribute, in JSON-LD or in a host file (slugs, aliases, canonical,
// images, sources, people's links), each at its field, with the rule of
// package safeurl that carepress.yaml's URLs follow too. It runs for
// every file, drafts and scheduled posts included, since the build that
// publishes them may run unattended.
func (f *File) checkValues() diag.List {
	var errs diag.List
	url := func(field, v string, k safeurl.Kind) {
		if v == "" {
			return
		}
		if p := safeurl.Check(v, k); p != nil {
			errs = append(errs, p.At(f.At(field), field, v))
		}
	}
	urls := func(field string, vs []string, k safeurl.Kind) {
		for i, v := range vs {
			key := fmt.Sprintf("%s.%d", field, i)
			if v == "" {
				errs = append(errs, diag.Errorf(f.At(key), "remove the empty entry", "%s is empty", key))
				continue
			}
			url(key, v, k)
		}
	}
	switch {
	case f.Post != nil:
		m := f.Post
		if m.Slug != "" {
			if p := safeurl.Slug(m.Slug); p != nil {
				if s := slug.Make(m.Slug); s != "" && !safeurl.HasBreak(m.Slug) {
					p.Hint = fmt.Sprintf("use %q", s)
				}
				errs = append(errs, p.At(f.At("slug"), "slug", m.Slug))
			}
		}
		for i, a := range m.Aliases {
			if p := safeurl.Alias(a); p != nil {
				key := fmt.Sprintf("aliases.%d", i)
				errs = append(errs, p.At(f.At(key), "alias", a))
			}
		}
		url("canonical", m.Canonical, safeurl.Resource)
		url("image", m.Image, safeurl.Resource)
		for i, s := range m.Sources {
			if s.URL == "" {
				continue
			}
			// The key only for a problem: a site cites thousands of sources.
			if p := safeurl.Check(s.URL, safeurl.Web); p != nil {
				key := fmt.Sprintf("sources.%d.url", i)
				errs = append(errs, p.At(f.At(key), key, s.URL))
			}
		}
	case f.Person != nil:
		m := f.Person
		urls("same_as", m.SameAs, safeurl.Web)
		url("booking_url", m.BookingURL, safeurl.Web)
		url("image", m.Image, safeurl.Resource)
		url("photo", m.Photo, safeurl.Resource)
		if m.Photo != "" && m.Image != "" {
			errs = append(errs, diag.Errorf(f.At("image"), "keep `photo:` and remove `image:`, its older name", "both photo and image are given"))
		}
	case f.Service != nil:
		m := f.Service
		url("image", m.Image, safeurl.Resource)
		url("booking_url", m.BookingURL, safeurl.Web)
	}
	return errs
}
