package fmatter

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/carepress/carepress/internal/diag"
	"go.yaml.in/yaml/v3"
)

// Positions maps a field's dotted path ("title", "sources.1.url",
// "social.text_by_platform.x") to where its value was written.
type Positions map[string]diag.Pos

// Decoder decodes a mapping node into a struct, field by field, using the
// struct's yaml tags. Unlike yaml.v3's own Decode it reports every unknown
// key (with a "did you mean"), and puts every error at the line and column
// of the value at fault.
type Decoder struct {
	File string
	// Loc is the time zone of dates written without an offset.
	Loc *time.Location
}

// Decode fills v (a pointer to a struct) from node. It returns where each
// field was written and every problem found; v holds whatever decoded.
func (d *Decoder) Decode(node *yaml.Node, v any) (Positions, diag.List) {
	st := &decodeState{Decoder: d, pos: Positions{}}
	if node != nil {
		st.value(node, reflect.ValueOf(v).Elem(), "")
	}
	return st.pos, st.errs
}

type decodeState struct {
	*Decoder
	pos  Positions
	errs diag.List
	// inAlias counts the aliases (*name) being decoded, and aliased the
	// values decoded through them; stop ends decoding.
	inAlias, aliased int
	stop             bool
}

// Bounds on one decode, so that no front matter can make it hang or fill
// memory: a few aliases of aliases stand for billions of values (a 40 KB
// file took a minute and 2 GB), and every one may be an error.
const (
	maxAliased = 10_000
	maxErrors  = 100
)

var (
	timeType        = reflect.TypeFor[time.Time]()
	unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()
)

func (st *decodeState) at(n *yaml.Node) diag.Pos {
	return diag.Pos{File: st.File, Line: n.Line, Col: n.Column}
}

func (st *decodeState) errorf(n *yaml.Node, hint, format string, args ...any) {
	if st.stop {
		return
	}
	if len(st.errs) == maxErrors {
		st.errs = append(st.errs, diag.Errorf(st.at(n), "fix the problems above first", "too many problems in the front matter"))
		st.stop = true
		return
	}
	st.errs = append(st.errs, diag.Errorf(st.at(n), hint, format, args...))
}

// fieldName is the key the user wrote for a path, for messages.
func fieldName(path string) string {
	if path == "" {
		return "front matter"
	}
	return strconv.Quote(path)
}

func (st *decodeState) value(n *yaml.Node, v reflect.Value, path string) {
	if st.stop {
		return
	}
	if st.inAlias > 0 {
		if st.aliased++; st.aliased > maxAliased {
			st.errorf(n, "write the values out, or use fewer aliases", "aliases (*name) in the front matter stand for more than %d values", maxAliased)
			st.stop = true
			return
		}
	}
	if n.Kind == yaml.AliasNode {
		st.inAlias++
		defer func() { st.inAlias-- }()
		n = n.Alias
		if n == nil {
			return
		}
	}
	if path != "" {
		st.pos[path] = st.at(n)
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty value leaves the default
	}
	if v.CanAddr() && v.Addr().Type().Implements(unmarshalerType) {
		if err := n.Decode(v.Addr().Interface()); err != nil {
			st.errorf(n, "", "%s: %v", fieldName(path), cleanYAMLError(err))
		}
		return
	}
	if v.Type() == timeType {
		t, err := ParseTime(n.Value, st.Loc)
		if n.Kind != yaml.ScalarNode || err != nil {
			st.errorf(n, "write a date as 2026-03-14, 2026-03-14T09:30:00 or 2026-03-14T09:30:00-05:00",
				"%s: %q is not a date", fieldName(path), n.Value)
			return
		}
		v.Set(reflect.ValueOf(t))
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		nv := reflect.New(v.Type().Elem())
		st.value(n, nv.Elem(), path)
		v.Set(nv)
	case reflect.Struct:
		st.mapping(n, v, path)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			st.errorf(n, "", "%s: expected a mapping of `name: value` pairs, found %s", fieldName(path), kindName(n))
			return
		}
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			ev := reflect.New(v.Type().Elem()).Elem()
			st.value(val, ev, join(path, k.Value))
			v.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), ev)
		}
	case reflect.Slice:
		items := n.Content
		if n.Kind == yaml.ScalarNode {
			// "tags: flu" is taken as a list of one.
			items = []*yaml.Node{n}
		} else if n.Kind != yaml.SequenceNode {
			st.errorf(n, "write a list as [a, b] or as lines starting with \"- \"", "%s: expected a list, found %s", fieldName(path), kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(items), len(items))
		for i, item := range items {
			st.value(item, s.Index(i), join(path, strconv.Itoa(i)))
		}
		v.Set(s)
	case reflect.Interface:
		var x any
		if err := n.Decode(&x); err != nil {
			st.errorf(n, "", "%s: %v", fieldName(path), cleanYAMLError(err))
			return
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
	default:
		if n.Kind != yaml.ScalarNode {
			st.errorf(n, "", "%s: expected %s, found %s", fieldName(path), typeName(v.Type()), kindName(n))
			return
		}
		st.scalar(n, v, path)
	}
}

func (st *decodeState) scalar(n *yaml.Node, v reflect.Value, path string) {
	s := n.Value
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		b, ok := map[string]bool{"true": true, "false": false, "yes": true, "no": false}[strings.ToLower(s)]
		if !ok || (n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle)) != 0 {
			st.errorf(n, "use true or false", "%s: %q is not true or false", fieldName(path), s)
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64, reflect.Int32:
		i, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			st.errorf(n, "use a whole number such as 3", "%s: %q is not a whole number", fieldName(path), s)
			return
		}
		v.SetInt(i)
	case reflect.Float64, reflect.Float32:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			st.errorf(n, "use a number such as 1.5", "%s: %q is not a number", fieldName(path), s)
			return
		}
		v.SetFloat(f)
	default:
		st.errorf(n, "", "%s: cannot decode into %s", fieldName(path), v.Type())
	}
}

func (st *decodeState) mapping(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		st.errorf(n, "", "%s: expected a mapping of `name: value` fields, found %s", fieldName(path), kindName(n))
		return
	}
	fields := structFields(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content) && !st.stop; i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Value == "<<" { // YAML merge key
			st.mapping(val, v, path)
			continue
		}
		idx, ok := fields.index[k.Value]
		if !ok {
			hint := diag.DidYouMean(k.Value, fields.names)
			if hint == "" {
				hint = "known fields: " + strings.Join(fields.names, ", ")
			}
			st.errorf(k, hint, "unknown field %q", join(path, k.Value))
			continue
		}
		if seen[k.Value] {
			st.errorf(k, "remove one of them", "field %q is given twice", join(path, k.Value))
			continue
		}
		seen[k.Value] = true
		st.value(val, v.FieldByIndex(idx), join(path, k.Value))
	}
}

type fieldSet struct {
	index map[string][]int
	names []string
}

// fieldSets holds structFields' result by type: it depends on the type
// alone, and was worked out again for every mapping of every file (a
// tenth of front matter decoding). Its values are never modified.
var fieldSets sync.Map // reflect.Type → fieldSet

// structFields lists the yaml keys of t, including those of embedded structs.
func structFields(t reflect.Type) fieldSet {
	if fs, ok := fieldSets.Load(t); ok {
		return fs.(fieldSet)
	}
	fs := fieldSetOf(t)
	fieldSets.Store(t, fs)
	return fs
}

func fieldSetOf(t reflect.Type) fieldSet {
	fs := fieldSet{index: map[string][]int{}}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		tag := f.Tag.Get("yaml")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		if _, dup := fs.index[name]; dup {
			continue
		}
		fs.index[name] = f.Index
		fs.names = append(fs.names, name)
	}
	return fs
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Float32, reflect.Float64:
		return "a number"
	}
	return t.String()
}

func cleanYAMLError(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "yaml: unmarshal errors:\n")
	s = strings.TrimPrefix(s, "yaml: ")
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ": "); strings.HasPrefix(s, "line ") && i > 0 {
		s = s[i+2:]
	}
	return s
}

// dateLayouts are the ways a date may be written, most specific first.
// Besides RFC 3339 they take the forms Jekyll and Hugo accept, so that a
// site moved in keeps its dates: "2018-03-26 23:22:00 -0600" (Jekyll's
// own), an offset with or without a colon, a "T" or a space before the
// time, and no seconds. Fractions of a second are read after the seconds
// whatever the layout says.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05Z0700",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 Z0700",
	"2006-01-02 15:04:05 -0700 MST", // Go's and Hugo's own printing
	"2006-01-02 15:04 Z07:00",
	"2006-01-02 15:04 Z0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseTime parses a date with or without a time and offset; without an
// offset it is taken in loc (UTC when loc is nil).
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	s = strings.TrimSpace(s)
	if t, ok := strings.CutSuffix(s, " UTC"); ok {
		// Ruby prints UTC times so ("2014-01-01 00:00:00 UTC"), and some
		// Jekyll sites kept it. Other zone names are ambiguous (CST is
		// three zones), so only UTC is read.
		s, loc = strings.TrimSpace(t), time.UTC
	}
	for _, layout := range dateLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date", s)
}
