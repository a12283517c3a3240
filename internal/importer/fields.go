package importer

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/fmatter"
)

// fields is a page's front matter, read loosely: another generator's
// keys, in any case, with any value. take marks a key as mapped; what is
// never taken is listed as not mapped.
type fields struct {
	m     map[string]any
	taken map[string]bool
	loc   *time.Location
}

func newFields(m map[string]any, loc *time.Location) *fields {
	low := map[string]any{}
	for k, v := range m {
		low[strings.ToLower(k)] = v
	}
	return &fields{m: low, taken: map[string]bool{}, loc: loc}
}

// raw returns the value of the first key set, and marks it taken.
func (f *fields) raw(keys ...string) (any, bool) {
	for _, k := range keys {
		if v, ok := f.m[k]; ok && v != nil {
			f.taken[k] = true
			return v, true
		}
	}
	return nil, false
}

// str returns a key's value as a string.
func (f *fields) str(keys ...string) string {
	v, ok := f.raw(keys...)
	if !ok {
		return ""
	}
	return strings.TrimSpace(scalarString(v))
}

func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case time.Time:
		return x.Format(time.RFC3339)
	case bool, int, int64, float64, uint64:
		return fmt.Sprint(x)
	}
	return ""
}

// list returns a key's value as a list: a list of scalars, or one string
// split on commas (or on spaces too, when spaced: Jekyll's categories).
func (f *fields) list(spaced bool, keys ...string) []string {
	v, ok := f.raw(keys...)
	if !ok {
		return nil
	}
	var out []string
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if s := strings.TrimSpace(scalarString(e)); s != "" {
				out = append(out, s)
			}
		}
	case string:
		sep := func(r rune) bool { return r == ',' }
		if spaced && !strings.Contains(x, ",") {
			sep = func(r rune) bool { return r == ' ' || r == '\t' }
		}
		for _, s := range strings.FieldsFunc(x, sep) {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// boolean returns a key's value as a bool, and whether it was set.
func (f *fields) boolean(keys ...string) (bool, bool) {
	v, ok := f.raw(keys...)
	if !ok {
		return false, false
	}
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "yes", "on":
			return true, true
		case "false", "no", "off":
			return false, true
		}
	}
	return false, false
}

// date returns a key's value as a time, in any form Hugo and Jekyll take.
func (f *fields) date(keys ...string) (time.Time, error) {
	v, ok := f.raw(keys...)
	if !ok {
		return time.Time{}, nil
	}
	switch x := v.(type) {
	case time.Time:
		if x.Location() == time.UTC && f.loc != nil && x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 {
			// A bare date: midnight where the site is.
			return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, f.loc), nil
		}
		return x, nil
	case string:
		return fmatter.ParseTime(x, f.loc)
	}
	return time.Time{}, fmt.Errorf("%v is not a date", v)
}

// sub returns a key's value as a mapping (cover: {image, alt}).
func (f *fields) sub(key string) *fields {
	v, ok := f.m[key]
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	f.taken[key] = true
	return newFields(m, f.loc)
}

// unmapped lists the keys never taken, as "key: value", sorted. ignore
// are keys with no meaning once moved (layout, a theme's switches).
func (f *fields) unmapped(ignore ...string) []string {
	var out []string
	for k, v := range f.m {
		if f.taken[k] || contains(ignore, k) {
			continue
		}
		out = append(out, k+": "+clip(fmt.Sprint(v), 80))
	}
	sort.Strings(out)
	return out
}

// readFrontMatter splits a source file into its front matter (as a map)
// and body. The body starts on line bodyLine of the file.
func readFrontMatter(file, name string) (m map[string]any, body string, bodyLine int, err error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, "", 0, diag.Errorf(diag.Pos{File: name}, "check the file's permissions", "cannot read %s: %v", name, errReason(err))
	}
	src, err := fmatter.Split(name, data)
	if err != nil {
		return nil, "", 0, err
	}
	m = map[string]any{}
	if src.Meta != nil {
		if err := src.Meta.Decode(&m); err != nil {
			return nil, "", 0, diag.Errorf(diag.Pos{File: name, Line: src.Meta.Line}, "fix the front matter", "cannot read the front matter: %v", err)
		}
	}
	return m, string(src.Body), src.BodyLine, nil
}

// errReason is err without the path os repeats.
func errReason(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// relSlash is p relative to dir, slash-separated.
func relSlash(dir, p string) string {
	r, err := filepath.Rel(dir, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

// imageField reads the image fields themes use, and its alt text.
func imageField(f *fields) (img, alt string) {
	for _, k := range []string{"cover", "header", "hero", "featured", "thumbnail"} {
		if s := f.sub(k); s != nil {
			img = s.str("image", "src", "url", "teaser", "overlay_image")
			alt = s.str("alt", "image_alt", "caption")
			if img != "" {
				return img, alt
			}
		}
	}
	img = f.str("image", "featured_image", "featuredimage", "featured-image", "hero-image", "hero_image", "heroimage", "cover_image", "cover-image", "thumbnail", "banner", "header-img", "og_image")
	if img == "" {
		if l := f.list(false, "images"); len(l) > 0 {
			img = l[0]
		}
	}
	alt = f.str("image_alt", "imagealt", "image-alt", "alt", "featured_image_alt", "hero-image-alt", "cover_alt")
	return img, alt
}
