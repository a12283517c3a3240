package config

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/locale"
	"github.com/carepress/carepress/internal/safeurl"
)

// Language is one of the site's extra languages (languages:). The
// default language (language:) is served at the site's root; each extra
// one under its Path, with the translations that sit beside their
// originals (content/posts/flu-shot.es.md).
type Language struct {
	// Code is a BCP 47 tag of a language carepress writes its interface
	// in ("es-US"), in its canonical form once the file is parsed.
	Code string `yaml:"code"`
	// Title is the site's title in the language; the site's title when
	// not given.
	Title string `yaml:"title"`
	// Description says what the site is, in the language: its home page's
	// description.
	Description string `yaml:"description"`
	// Tagline is the practice's promise in the language, the first line of
	// its home page there (practice.tagline in translation).
	Tagline string `yaml:"tagline"`
	// Menu is the main navigation of the language's pages.
	Menu []MenuItem `yaml:"menu"`
	// Path is where the language's pages are served, a site path of one
	// or more segments: "/es/" (the default: the code's language subtag).
	Path string `yaml:"path"`
}

// reservedPaths are the first segments of the site paths carepress
// makes itself: a language there would share its URLs with them.
var reservedPaths = []string{"posts", "tags", "categories", "series", "authors", "notices", "policies", "services", "providers", "css"}

var pathSegmentRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// validateLanguages checks languages: each code is a valid tag of a
// language carepress supports, no language is there twice (the default
// one included: a site has one version per language), and each path is a
// clean site path of its own. Codes are made canonical ("es-us" →
// "es-US"), and titles and paths default.
func (c *Config) validateLanguages(at func(string) diag.Pos) diag.List {
	var errs diag.List
	defBase := locale.Base(c.Language)
	bases := map[string]string{defBase: "language"} // language subtag → key that has it
	paths := map[string]string{}                    // path → key that has it
	for i := range c.Languages {
		l := &c.Languages[i]
		key := fmt.Sprintf("languages.%d", i)
		if l.Title == "" {
			l.Title = c.Title
		}
		switch code, err := locale.ParseTag(l.Code); {
		case strings.TrimSpace(l.Code) == "":
			errs = append(errs, diag.Errorf(at(key), "add `code: es-US` (a BCP 47 tag: the language, and a region if you like)", "%s has no code", key))
		case err != nil:
			hint := "write a BCP 47 tag such as es-US"
			if te, ok := errors.AsType[*locale.TagError](err); ok {
				hint = te.Hint
			}
			errs = append(errs, diag.Errorf(at(key+".code"), hint, "%s.code %q %v", key, l.Code, err))
		default:
			l.Code = code
			base := locale.Base(code)
			if prev, dup := bases[base]; dup {
				lang, _ := locale.LookupLanguage(base)
				if prev == "language" {
					errs = append(errs, diag.Errorf(at(key+".code"), "the default language is served at /: list only the others under languages",
						"%s.code %q repeats the default language (language: %s)", key, l.Code, c.Language))
				} else {
					errs = append(errs, diag.Errorf(at(key+".code"), "keep one of them: a site has one version in each language",
						"%s.code %q is %s again, as %s at %s", key, l.Code, lang.English, prev, at(prev).String()))
				}
			} else {
				bases[base] = key + ".code"
			}
			if l.Path == "" {
				l.Path = "/" + base + "/"
			}
		}
		if _, set := c.Pos[key+".path"]; set || l.Path != "" {
			if p, err := cleanLanguagePath(l.Path); err != nil {
				errs = append(errs, diag.Errorf(at(key+".path"), err.Hint, "%s.path %q %s", key, l.Path, err.Msg))
			} else {
				l.Path = p
				if prev, dup := paths[p]; dup {
					errs = append(errs, diag.Errorf(at(key+".path"), "give each language a path of its own",
						"%s.path %s is the path of %s too, at %s", key, p, prev, at(prev+".path").String()))
				} else {
					paths[p] = key
				}
			}
		}
		for j, m := range l.Menu {
			mkey := fmt.Sprintf("%s.menu.%d", key, j)
			if m.Name == "" || m.URL == "" {
				errs = append(errs, diag.Errorf(at(mkey), "give each entry a name and a url", "%s is incomplete", mkey))
				continue
			}
			if p := safeurl.Check(m.URL, safeurl.Link); p != nil {
				errs = append(errs, p.At(at(mkey+".url"), mkey+".url", m.URL))
			}
		}
	}
	return errs
}

// pathError is why a language's path is refused.
type pathError struct{ Msg, Hint string }

// cleanLanguagePath checks a language's path and writes it with its
// slashes: "es", "/es" and "/es/" are "/es/".
func cleanLanguagePath(p string) (string, *pathError) {
	trimmed := strings.Trim(p, "/")
	segs := strings.Split(trimmed, "/")
	if trimmed == "" {
		return "", &pathError{"is the site's root, where the default language is", "give the language a path of its own, such as /es/"}
	}
	for _, s := range segs {
		if !pathSegmentRE.MatchString(s) {
			hint := "use lowercase letters a-z, digits and hyphens between slashes, such as /es/"
			if low := strings.ToLower(p); low != p {
				if clean, err := cleanLanguagePath(low); err == nil {
					hint = fmt.Sprintf("write %q", clean)
				}
			}
			return "", &pathError{"is not a clean site path", hint}
		}
	}
	if slices.Contains(reservedPaths, segs[0]) {
		return "", &pathError{fmt.Sprintf("starts with /%s/, where carepress publishes its own pages", segs[0]), "give the language a path such as /es/"}
	}
	return "/" + trimmed + "/", nil
}

// LanguageCodes are the codes of the site's languages, the default one
// first.
func (c *Config) LanguageCodes() []string {
	out := make([]string, 0, 1+len(c.Languages))
	out = append(out, c.Language)
	for _, l := range c.Languages {
		out = append(out, l.Code)
	}
	return out
}

// LanguageOf returns the extra language with code code (any case), or
// nil for the default language or one the site does not have.
func (c *Config) LanguageOf(code string) *Language {
	for i := range c.Languages {
		if strings.EqualFold(c.Languages[i].Code, code) {
			return &c.Languages[i]
		}
	}
	return nil
}

// SuffixLanguage reads the language a content file's name gives before
// its extension (flu-shot.es.md: "es"): the site's language whose code
// it is, or whose language subtag it is. It returns that language's code
// and whether it is the default language; ok is false when the suffix
// names none of the site's languages.
func (c *Config) SuffixLanguage(suffix string) (code string, isDefault, ok bool) {
	for i, code := range c.LanguageCodes() {
		if strings.EqualFold(suffix, code) || strings.EqualFold(suffix, locale.Base(code)) {
			return code, i == 0, true
		}
	}
	return "", false, false
}

// LanguageSuffixes are the suffixes a translation's file name may give,
// for a "did you mean" hint: each extra language's subtag.
func (c *Config) LanguageSuffixes() []string {
	var out []string
	for _, l := range c.Languages {
		out = append(out, locale.Base(l.Code))
	}
	return out
}
