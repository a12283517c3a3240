package site

import (
	"fmt"
	"reflect"
	"strings"
)

// A Class says what decides the value of a field of the model, and so what
// an incremental build must look at when it changes. Every field of Page,
// of the types a page holds (Person, Series, Service, Term, Notice, Pager,
// NoticeGroup) and of the front matter (content.PostMeta) carries a tag
// `model:"CLASS[,MODIFIER...]"`; TestEveryFieldIsClassified fails on one
// that does not. The build reads the tags (Fields): a page's digest, what
// the lists that show a post depend on, and what the dev server may patch
// in place all follow from them, so a field added to the model is covered
// as soon as it is classified.
type Class uint8

// The classes.
const (
	// Own is a value of the page (or person, series...) alone, from its
	// source file: its title, description, summary, body. An edit of a
	// post that changes only such values is patched in place by the dev
	// server, which takes them from the new source.
	Own Class = iota + 1
	// Place is where the value sits in the site: its URL, dates and
	// publish state, what it is filed under, who wrote it, the images it
	// shows. Lists, feeds, the sitemap and redirects are made from it: an
	// edit that changes one assembles the site again.
	Place
	// Derived is worked out from other pages as the model is assembled:
	// neighbours, pagers, the posts of a term, a person, a series or a
	// service. A page depends on the derived values it holds (the cards of
	// the posts it lists), and never on those of the pages it lists.
	Derived
)

func (c Class) String() string {
	switch c {
	case Own:
		return "own"
	case Place:
		return "place"
	case Derived:
		return "derived"
	}
	return "unclassified"
}

// Field is the classification of one field of a model type.
type Field struct {
	Name  string
	Index int
	Class Class
	// Body marks an Own value that lists do not show (a body, its
	// headings, the front matter): the page's source stands for it, and a
	// list that shows the post does not depend on it.
	Body bool
	// Key marks a value that identifies the values of its type (a
	// person's ID, a term's taxonomy and slug): where a page refers to
	// one, through a Place field, the key is what it depends on.
	Key bool
	// Follow marks a Place value that the pages holding it show more of
	// than its key: a post page lists the parts of its series, and shows
	// its tags by name. A list shows the value's Own and Place fields
	// (its card), the page itself its derived ones too.
	Follow bool
	// Count marks a Derived list that values reaching it through another
	// one show only the length of: a term's posts, counted on a post's
	// page (the term's own page lists them through its Pager).
	Count bool
}

// Fields returns the classification of the fields of the struct type t
// (or a pointer to one), in order; nil when t carries no `model` tags
// (it is not a type of the model). A field without a tag has Class 0.
func Fields(t reflect.Type) []Field {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []Field
	tagged := false
	for i := range t.NumField() {
		sf := t.Field(i)
		f, err := parseField(sf)
		if err != nil {
			panic(fmt.Sprintf("site: %s.%s: %v", t.Name(), sf.Name, err))
		}
		f.Index = i
		tagged = tagged || f.Class != 0
		out = append(out, f)
	}
	if !tagged {
		return nil
	}
	return out
}

// parseField reads the `model` tag of sf.
func parseField(sf reflect.StructField) (Field, error) {
	f := Field{Name: sf.Name}
	tag, ok := sf.Tag.Lookup("model")
	if !ok {
		return f, nil
	}
	parts := strings.Split(tag, ",")
	switch parts[0] {
	case "own":
		f.Class = Own
	case "place":
		f.Class = Place
	case "derived":
		f.Class = Derived
	default:
		return f, fmt.Errorf("unknown class %q (own, place or derived)", parts[0])
	}
	for _, m := range parts[1:] {
		switch m {
		case "body":
			f.Body = true
		case "key":
			f.Key = true
		case "follow":
			f.Follow = true
		case "count":
			f.Count = true
		default:
			return f, fmt.Errorf("unknown modifier %q (body, key, follow or count)", m)
		}
	}
	switch {
	case f.Body && f.Class != Own:
		return f, fmt.Errorf("body applies to own values only")
	case f.Follow && f.Class != Place:
		return f, fmt.Errorf("follow applies to place values only")
	case f.Count && f.Class != Derived:
		return f, fmt.Errorf("count applies to derived values only")
	case f.Key && f.Class == Derived:
		return f, fmt.Errorf("a key is an own or a place value")
	case !sf.IsExported() && f.Class == Own:
		// The dev server copies a post's own values from its new version,
		// which it can do for exported fields only.
		return f, fmt.Errorf("an unexported field cannot be own")
	}
	return f, nil
}
