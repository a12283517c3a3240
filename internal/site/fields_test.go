package site

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/content"
)

// classProblems walks the model types reachable from root (types of this
// package, and the front matter) and lists every field that is not
// classified, or whose classification the build could not follow.
func classProblems(root reflect.Type) []string {
	var problems []string
	seen := map[reflect.Type]bool{}
	var visit func(t reflect.Type)
	visit = func(t reflect.Type) {
		t = elem(t)
		if seen[t] || !isModel(t) {
			return
		}
		seen[t] = true
		fields := Fields(t)
		for i := range t.NumField() {
			sf := t.Field(i)
			var f Field
			if fields != nil {
				f = fields[i]
			}
			name := t.Name() + "." + sf.Name
			if f.Class == 0 {
				problems = append(problems, name+" is not classified: tag it `model:\"own\"`, `model:\"place\"` or `model:\"derived\"` (see Class)")
				continue
			}
			if !sf.IsExported() {
				continue // the build reads no further
			}
			target := elem(sf.Type)
			if f.Class == Place && isModel(target) && !hasKey(target) {
				problems = append(problems, name+" refers to "+target.Name()+", which has no key field")
			}
			visit(sf.Type)
		}
	}
	visit(root)
	return problems
}

// elem is the type that t holds: t itself, or what its pointer, slice or
// map holds.
func elem(t reflect.Type) reflect.Type {
	for {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			t = t.Elem()
		default:
			return t
		}
	}
}

// isModel reports whether t is a type of the model: a struct of this
// package, or the front matter of posts and pages.
func isModel(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.Name() != "" &&
		(t.PkgPath() == reflect.TypeFor[Page]().PkgPath() || t == reflect.TypeFor[content.PostMeta]())
}

func hasKey(t reflect.Type) bool {
	return slices.ContainsFunc(Fields(t), func(f Field) bool { return f.Key })
}

// TestEveryFieldIsClassified: a field of the page model that carries no
// class would be left out of the digests of incremental builds (a page
// would go stale when it changes) or copied wrongly by the dev server's
// patch; so each must say what decides it.
func TestEveryFieldIsClassified(t *testing.T) {
	for _, p := range classProblems(reflect.TypeFor[Page]()) {
		t.Error(p)
	}
	// The check finds a field left out, however deep.
	type language struct {
		Code string `model:"own,key"`
		Name string
	}
	type holder struct {
		Page      *Page     `model:"derived"`
		Languages *language `model:"place"`
		Added     time.Time
	}
	got := classProblems(reflect.TypeFor[holder]())
	want := []string{
		"holder.Added is not classified: tag it `model:\"own\"`, `model:\"place\"` or `model:\"derived\"` (see Class)",
		"language.Name is not classified: tag it `model:\"own\"`, `model:\"place\"` or `model:\"derived\"` (see Class)",
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("a model with unclassified fields: got\n%q\nwant\n%q", got, want)
	}
}

// Every type a page refers to, directly or through the types it holds, is
// covered.
func TestClassifiedTypesAreTheModel(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[Page](), reflect.TypeFor[Person](), reflect.TypeFor[Series](), reflect.TypeFor[Service](),
		reflect.TypeFor[Term](), reflect.TypeFor[Notice](), reflect.TypeFor[Pager](), reflect.TypeFor[NoticeGroup](),
		reflect.TypeFor[content.PostMeta](),
	} {
		if Fields(typ) == nil {
			t.Errorf("%s carries no classification", typ.Name())
		}
	}
}

func TestFieldTagsAreRead(t *testing.T) {
	tests := []struct {
		tag  reflect.StructTag
		want Field
		err  bool
	}{
		{`model:"own"`, Field{Class: Own}, false},
		{`model:"own,body"`, Field{Class: Own, Body: true}, false},
		{`model:"place,key"`, Field{Class: Place, Key: true}, false},
		{`model:"place,follow"`, Field{Class: Place, Follow: true}, false},
		{`model:"derived,count"`, Field{Class: Derived, Count: true}, false},
		{`yaml:"x" model:"own,key"`, Field{Class: Own, Key: true}, false},
		{`yaml:"x"`, Field{}, false},
		{`model:"mine"`, Field{}, true},
		{`model:"own,deep"`, Field{}, true},
		{`model:"place,body"`, Field{}, true},
		{`model:"own,follow"`, Field{}, true},
		{`model:"place,count"`, Field{}, true},
		{`model:"derived,key"`, Field{}, true},
	}
	for _, tt := range tests {
		got, err := parseField(reflect.StructField{Name: "X", Tag: tt.tag})
		got.Name = ""
		if (err != nil) != tt.err || !tt.err && got != tt.want {
			t.Errorf("%s: %+v, %v", tt.tag, got, err)
		}
	}
	if _, err := parseField(reflect.StructField{Name: "x", PkgPath: "p", Tag: `model:"own"`}); err == nil {
		t.Errorf("an unexported own field is accepted")
	}
}
