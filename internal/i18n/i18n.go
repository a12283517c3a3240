// Package i18n holds the words of carepress's interface in each language
// it writes: the text of the theme's layouts ("On this page", "Reviewed
// by", "5 min read") and what carepress writes itself (list titles, the
// 404 page, the social preview), as a catalog of messages per language.
//
// # Catalog files
//
// A catalog is a folder of YAML files, one per language, named by its
// language subtag: en.yaml, es.yaml. The default theme's is
// themes/default/i18n/, embedded in the binary (Builtin). Each file maps
// a key to a message:
//
//	post.toc: On this page
//	card.by: By {name}
//	series.parts:
//	  one: "{count} part"
//	  other: "{count} parts"
//
// A key is lowercase words joined by dots and hyphens. A message is text
// with {name} placeholders, filled by the caller; one with plural forms
// gives its text by CLDR plural category (zero, one, two, few, many,
// other: other is required) and is chosen by its count argument under the
// language's plural rules. A message is text that is also HTML text as it
// stands: it may not hold <, > or &, so that a layout can show it as it
// would its own literal text, and a page title can hold it as text.
//
// English (Reference) is the catalog every key is written in first. A key
// another language lacks falls back to the site's default language, then
// to English (Localizer), and Missing lists such keys for the check that
// reports them (i18n/missing-message).
package i18n

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/htmlesc"
	"github.com/carepress/carepress/internal/locale"
	"github.com/carepress/carepress/themes"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Reference is the language every message is written in first, and the
// last fallback of every other.
const Reference = "en"

// Message is one message of a language's catalog.
type Message struct {
	Key string
	// Pos is where the message is written.
	Pos diag.Pos
	// forms are the message's parts by plural form (plural.Other for a
	// message without plural forms); a nil entry is a form not given.
	forms [plural.Many + 1][]part
	// names are its placeholders, sorted.
	names []string
}

// Plural reports whether the message has plural forms.
func (m *Message) Plural() bool {
	for f, parts := range m.forms {
		if plural.Form(f) != plural.Other && parts != nil {
			return true
		}
	}
	return false
}

// Placeholders are the names of the message's {placeholders}, sorted.
func (m *Message) Placeholders() []string { return m.names }

// part is a run of a message's text, or a placeholder when arg is set.
type part struct {
	text string
	arg  string
}

// Table is one language's messages.
type Table struct {
	// Lang is the language subtag: "es".
	Lang string
	// File names the file the messages come from, for errors.
	File string
	tag  language.Tag
	msgs map[string]*Message
}

// Keys are the table's keys, sorted.
func (t *Table) Keys() []string {
	keys := make([]string, 0, len(t.msgs))
	for k := range t.msgs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Message returns the message of key, or nil.
func (t *Table) Message(key string) *Message { return t.msgs[key] }

// Catalog is the messages of every language a theme has.
type Catalog struct {
	tables map[string]*Table // by language subtag
}

// Languages are the subtags of the catalog's languages, sorted.
func (c *Catalog) Languages() []string {
	out := make([]string, 0, len(c.tables))
	for l := range c.tables {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Table returns the messages of the language of tag ("es-US": es), or nil.
func (c *Catalog) Table(tag string) *Table { return c.tables[locale.Base(tag)] }

var (
	keyRE  = regexp.MustCompile(`^[a-z0-9]+([.-][a-z0-9]+)*$`)
	nameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	forms  = map[string]plural.Form{"zero": plural.Zero, "one": plural.One, "two": plural.Two, "few": plural.Few, "many": plural.Many, "other": plural.Other}
)

// Load reads the catalog in dir of fsys: every *.yaml file, named by its
// language subtag. label names dir in errors ("themes/default/i18n").
func Load(fsys fs.FS, dir, label string) (*Catalog, diag.List) {
	c := &Catalog{tables: map[string]*Table{}}
	var errs diag.List
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		errs.Add(fmt.Errorf("cannot read the catalog in %s: %w", label, err))
		return c, errs
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".yaml" {
			continue
		}
		file := path.Join(label, name)
		lang := strings.TrimSuffix(name, ".yaml")
		if !locale.IsLanguageCode(lang) || strings.Contains(lang, "-") {
			errs = append(errs, diag.Errorf(diag.Pos{File: file}, "name it by its language's subtag, such as es.yaml", "%s is not named for a language", file))
			continue
		}
		src, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			errs.Add(fmt.Errorf("cannot read %s: %w", file, err))
			continue
		}
		t, probs := Parse(file, lang, src)
		errs = append(errs, probs...)
		c.tables[lang] = t
	}
	errs = append(errs, c.check()...)
	errs.Sort()
	return c, errs
}

// Parse reads the catalog file of the language lang ("es").
func Parse(file, lang string, src []byte) (*Table, diag.List) {
	t := &Table{Lang: lang, File: file, tag: language.Make(lang), msgs: map[string]*Message{}}
	var errs diag.List
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		errs.Add(yamlError(file, err))
		return t, errs
	}
	if len(doc.Content) == 0 {
		return t, nil
	}
	root := doc.Content[0]
	at := func(n *yaml.Node) diag.Pos { return diag.Pos{File: file, Line: n.Line, Col: n.Column} }
	if root.Kind != yaml.MappingNode {
		errs = append(errs, diag.Errorf(at(root), "write one `key: message` per line", "a catalog is a mapping of keys to messages"))
		return t, errs
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key := k.Value
		if !keyRE.MatchString(key) {
			errs = append(errs, diag.Errorf(at(k), "write keys in lowercase words joined by dots and hyphens, such as post.min-read", "key %q is not a message key", key))
			continue
		}
		if prev, dup := t.msgs[key]; dup {
			errs = append(errs, diag.Errorf(at(k), "keep one of them", "key %q is already at line %d", key, prev.Pos.Line))
			continue
		}
		m := &Message{Key: key, Pos: at(k)}
		switch v.Kind {
		case yaml.ScalarNode:
			m.forms[plural.Other], errs = parseText(v.Value, at(v), m, errs)
		case yaml.MappingNode:
			for j := 0; j+1 < len(v.Content); j += 2 {
				fk, fv := v.Content[j], v.Content[j+1]
				form, ok := forms[fk.Value]
				if !ok || fv.Kind != yaml.ScalarNode {
					errs = append(errs, diag.Errorf(at(fk), "give plural forms as zero, one, two, few, many and other (the CLDR categories)", "%q is not a plural form of %s", fk.Value, key))
					continue
				}
				m.forms[form], errs = parseText(fv.Value, at(fv), m, errs)
			}
			if m.forms[plural.Other] == nil {
				errs = append(errs, diag.Errorf(at(k), "add `other:`, the form for every count no other form takes", "message %q has no other form", key))
				continue
			}
		default:
			errs = append(errs, diag.Errorf(at(v), "write the message as text, or as its plural forms (one:, other:)", "message %q is not text", key))
			continue
		}
		sort.Strings(m.names)
		m.names = slices.Compact(m.names)
		t.msgs[key] = m
	}
	return t, errs
}

// parseText splits one form of m's text into parts, noting its
// placeholders in m.
func parseText(s string, pos diag.Pos, m *Message, errs diag.List) ([]part, diag.List) {
	if strings.ContainsAny(s, "<>&") {
		return nil, append(errs, diag.Errorf(pos, "write the words alone: a layout puts the markup around them", "message %q holds <, > or &", m.Key))
	}
	parts := []part{}
	for s != "" {
		i := strings.IndexAny(s, "{}")
		if i < 0 {
			parts = append(parts, part{text: s})
			break
		}
		if s[i] == '}' {
			return nil, append(errs, diag.Errorf(pos, "a placeholder is written {name}", "message %q has a } with no {", m.Key))
		}
		if i > 0 {
			parts = append(parts, part{text: s[:i]})
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return nil, append(errs, diag.Errorf(pos, "a placeholder is written {name}", "message %q has a { with no }", m.Key))
		}
		name := s[i+1 : i+j]
		if !nameRE.MatchString(name) {
			return nil, append(errs, diag.Errorf(pos, "a placeholder is a lowercase name: {name}, {count}", "message %q has a placeholder {%s}", m.Key, name))
		}
		parts = append(parts, part{arg: name})
		m.names = append(m.names, name)
		s = s[i+j+1:]
	}
	return parts, errs
}

func yamlError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	pos := diag.Pos{File: file, Line: 1}
	if _, e := fmt.Sscanf(msg, "line %d:", &pos.Line); e == nil {
		msg = strings.TrimSpace(msg[strings.IndexByte(msg, ':')+1:])
	}
	return diag.Errorf(pos, "fix the YAML syntax", "malformed YAML: %s", msg)
}

// check holds each translation to its English message: it may use only
// the placeholders that has (the caller fills no others), and a key
// English does not have is a message no layout asks for.
func (c *Catalog) check() diag.List {
	var errs diag.List
	ref := c.tables[Reference]
	if ref == nil {
		return nil
	}
	for _, lang := range c.Languages() {
		t := c.tables[lang]
		if t == ref {
			continue
		}
		for _, key := range t.Keys() {
			m := t.msgs[key]
			rm := ref.msgs[key]
			if rm == nil {
				errs = append(errs, diag.Warnf(m.Pos, "remove it, or add it to "+ref.File+" first", "message %q is not in the English catalog", key))
				continue
			}
			for _, n := range m.names {
				if !slices.Contains(rm.names, n) {
					errs = append(errs, diag.Errorf(m.Pos, fmt.Sprintf("use the placeholders of %s:%d: %s", ref.File, rm.Pos.Line, placeholderList(rm.names)),
						"message %q has a placeholder {%s} that the English message has not", key, n))
				}
			}
		}
	}
	return errs
}

func placeholderList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "{" + n + "}"
	}
	return strings.Join(out, ", ")
}

// Overlay returns the catalog of c with the messages of o in their
// place, key by key and language by language: a site's own catalog
// (templates/i18n/es.yaml) changes the messages it gives and adds its
// own, and keeps the rest of its theme's. The result is checked as a
// whole (a message's placeholders against the English one's).
func (c *Catalog) Overlay(o *Catalog) (*Catalog, diag.List) {
	out := &Catalog{tables: make(map[string]*Table, len(c.tables))}
	for lang, t := range c.tables {
		out.tables[lang] = t
	}
	for lang, ot := range o.tables {
		t := out.tables[lang]
		if t == nil {
			out.tables[lang] = ot
			continue
		}
		merged := &Table{Lang: lang, File: ot.File, tag: t.tag, msgs: make(map[string]*Message, len(t.msgs)+len(ot.msgs))}
		for k, m := range t.msgs {
			merged.msgs[k] = m
		}
		for k, m := range ot.msgs {
			merged.msgs[k] = m
		}
		out.tables[lang] = merged
	}
	errs := out.check()
	errs.Sort()
	return out, errs
}

// Missing returns the English messages whose key the language of tag
// lacks, in the English file's order; nil for English itself.
func (c *Catalog) Missing(tag string) []*Message {
	ref, t := c.tables[Reference], c.Table(tag)
	if ref == nil || t == ref {
		return nil
	}
	var out []*Message
	for _, m := range ref.msgs {
		if t == nil || t.msgs[m.Key] == nil {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos.Line < out[j].Pos.Line })
	return out
}

// Localizer writes the messages of one language, falling back to the
// site's default language and then to English for a key it lacks.
type Localizer struct {
	lang  string
	chain []*Table
}

// For returns the Localizer of the language lang (a BCP 47 tag, "es-US")
// on a site whose default language is def.
func (c *Catalog) For(lang, def string) *Localizer {
	l := &Localizer{lang: lang}
	for _, tag := range []string{lang, def, Reference} {
		if t := c.Table(tag); t != nil && !slices.Contains(l.chain, t) {
			l.chain = append(l.chain, t)
		}
	}
	return l
}

// Lang is the language the Localizer writes (as given to For).
func (l *Localizer) Lang() string { return l.lang }

// Has reports whether any language of the chain has key.
func (l *Localizer) Has(key string) bool {
	_, _, ok := l.find(key)
	return ok
}

func (l *Localizer) find(key string) (*Message, language.Tag, bool) {
	for _, t := range l.chain {
		if m := t.msgs[key]; m != nil {
			return m, t.tag, true
		}
	}
	return nil, language.Und, false
}

// Text writes the message key with args, given as name and value pairs
// ("count", 3, "name", "Ana"), as plain text. A value is a string, a
// template.HTML (written as it is) or an int (in digits, ungrouped); the
// int named count also picks the plural form.
func (l *Localizer) Text(key string, args ...any) (string, error) {
	return l.write(key, false, args)
}

// HTML writes the message key with args as HTML: the message as it is
// written (it holds no markup), each string value escaped as html/template
// escapes text, a template.HTML value as it is.
func (l *Localizer) HTML(key string, args ...any) (template.HTML, error) {
	s, err := l.write(key, true, args)
	return template.HTML(s), err //nolint:gosec // the catalog's text, which holds no markup, and escaped values
}

// MustText is Text for the messages carepress writes itself, with
// arguments of its own: an error is a bug in carepress or its built-in
// catalog, which the tests catch, so it panics.
func (l *Localizer) MustText(key string, args ...any) string {
	s, err := l.Text(key, args...)
	if err != nil {
		panic(err)
	}
	return s
}

func (l *Localizer) write(key string, escape bool, args []any) (string, error) {
	m, tag, ok := l.find(key)
	if !ok {
		return "", fmt.Errorf("no message %q in the catalog", key)
	}
	if len(args)%2 != 0 {
		return "", fmt.Errorf("message %q: arguments come in name and value pairs, got %d", key, len(args))
	}
	parts := m.forms[plural.Other]
	if m.Plural() {
		n, ok := intArg(args, "count")
		if !ok {
			return "", fmt.Errorf("message %q has plural forms: give it a count", key)
		}
		if n < 0 {
			n = -n
		}
		if f := plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0); m.forms[f] != nil {
			parts = m.forms[f]
		}
	}
	if len(parts) == 1 && parts[0].arg == "" {
		return parts[0].text, nil
	}
	var sb strings.Builder
	for _, p := range parts {
		if p.arg == "" {
			sb.WriteString(p.text)
			continue
		}
		v, ok := arg(args, p.arg)
		if !ok {
			return "", fmt.Errorf("message %q: no value for {%s}", key, p.arg)
		}
		switch v := v.(type) {
		case string:
			if escape {
				htmlesc.Text(&sb, v)
			} else {
				sb.WriteString(v)
			}
		case template.HTML:
			sb.WriteString(string(v))
		case int:
			sb.WriteString(strconv.Itoa(v))
		default:
			return "", fmt.Errorf("message %q: {%s} is a %T, not text or a number", key, p.arg, v)
		}
	}
	return sb.String(), nil
}

func arg(args []any, name string) (any, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if n, ok := args[i].(string); ok && n == name {
			return args[i+1], true
		}
	}
	return nil, false
}

func intArg(args []any, name string) (int, bool) {
	v, ok := arg(args, name)
	n, isInt := v.(int)
	return n, ok && isInt
}

// BuiltinDir is the folder of the default theme's catalog in themes.FS.
const BuiltinDir = themes.Default + "/i18n"

var builtin = sync.OnceValues(func() (*Catalog, error) {
	c, errs := Load(themes.FS, BuiltinDir, "(built-in) themes/"+BuiltinDir)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, errors.New(errs.Error())
	}
	return c, nil
})

// Builtin is the default theme's catalog, embedded in carepress. Its
// tests hold it complete and clean in every language carepress supports
// (locale.Languages), so a fault in it is a bug: it panics.
func Builtin() *Catalog {
	c, err := builtin()
	if err != nil {
		panic("i18n: the built-in catalog: " + err.Error())
	}
	return c
}
