package check

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/locale"
	"github.com/carepress/carepress/internal/site"
)

// languageName is the English name of the language of tag, for messages:
// "Spanish"; the tag itself for a language carepress does not know.
func languageName(tag string) string {
	if l, ok := locale.LookupLanguage(tag); ok {
		return l.English
	}
	return tag
}

// translationStale reports a translation whose original was reviewed or
// changed after the translation was: what the original now says, the
// translation may not. A translation's date is its last_reviewed, or its
// lastmod when it has no review date; the original's is the later of its
// last_reviewed and lastmod.
func (c *checker) translationStale(f *content.File) {
	if !c.enabled("health/translation-stale") {
		return
	}
	p := c.pages[f]
	if p == nil {
		return
	}
	orig := p.Original(c.s.Config.Language)
	if orig == nil || orig.Source == nil {
		return
	}
	origDay, origField := reviewedOrChanged(orig.Source)
	if origDay.IsZero() {
		return // nothing says when the original last changed
	}
	loc := c.s.Config.Location
	origDay = day(origDay, loc)
	own, field := reviewedOrChanged(f)
	what := map[string]string{"last_reviewed": "reviewed", "lastmod": "changed"}[origField]
	hint := fmt.Sprintf("compare it with %s, bring it up to date and set `last_reviewed: %s`", orig.Source.Path, c.now.In(loc).Format("2006-01-02"))
	if own.IsZero() {
		c.report("health/translation-stale", f.At("title"), hint,
			"translation gives no last_reviewed, and its original %s was %s on %s", orig.Source.Path, what, origDay.Format("2006-01-02"))
		return
	}
	if own = day(own, loc); origDay.After(own) {
		c.report("health/translation-stale", f.At(field), hint,
			"translation last reviewed on %s, but its original %s was %s on %s", own.Format("2006-01-02"), orig.Source.Path, what, origDay.Format("2006-01-02"))
	}
}

// reviewedOrChanged is the day the file was last reviewed or changed, by
// its front matter, and the field that says so ("" for none): the later
// of last_reviewed and lastmod for a post or page, lastmod for a notice.
func reviewedOrChanged(f *content.File) (time.Time, string) {
	switch {
	case f.Post != nil:
		t, field := f.Post.LastReviewed, "last_reviewed"
		if t.IsZero() || f.Post.Lastmod.After(t) {
			if !f.Post.Lastmod.IsZero() {
				t, field = f.Post.Lastmod, "lastmod"
			}
		}
		if t.IsZero() {
			return t, ""
		}
		return t, field
	case f.Notice != nil && !f.Notice.Lastmod.IsZero():
		return f.Notice.Lastmod, "lastmod"
	}
	return time.Time{}, ""
}

// runMessages reports the messages of the interface's catalog that one of
// the site's languages lacks: its pages show them in the default language
// (or English). The built-in catalog is complete; a site's own
// templates/i18n/en.yaml may add a message that its es.yaml does not.
func (c *checker) runMessages() {
	if c.opts.Templates == nil || !c.enabled("i18n/missing-message") {
		return
	}
	cat := c.opts.Templates.Catalog()
	if cat == nil {
		return
	}
	cfg := c.s.Config
	for _, lang := range cfg.LanguageCodes() {
		for _, m := range cat.Missing(lang) {
			file := locale.Base(lang) + ".yaml"
			if t := cat.Table(lang); t != nil && strings.HasPrefix(t.File, "templates/") {
				file = path.Base(t.File)
			}
			c.report("i18n/missing-message", m.Pos, fmt.Sprintf("add `%s: ...` to templates/i18n/%s", m.Key, file),
				"message %q has no %s translation: pages in %s show it in %s", m.Key, languageName(lang), lang, fallbackName(cfg.Language, lang))
		}
	}
}

// fallbackName names the language a message missing in lang is shown in.
func fallbackName(def, lang string) string {
	if locale.Base(def) != locale.Base(lang) {
		return languageName(def)
	}
	return "English"
}

// langOf is the language f is written in: its own, or the site's default.
func (c *checker) langOf(f *content.File) string {
	if f.Lang != "" {
		return f.Lang
	}
	return c.s.Config.Language
}

// isTranslation reports whether p is a translation of a page of the
// default language.
func (c *checker) isTranslation(p *site.Page) bool {
	return p != nil && p.Original(c.s.Config.Language) != nil
}
