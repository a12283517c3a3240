package content

import (
	"bufio"
	"bytes"
	"reflect"
	"testing"
	"time"
)

// fill sets every exported field reachable from v to a value that is not
// the zero one, so that a field the index does not write shows.
func fill(t *testing.T, v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + string(rune('a'+*n%26)) + string(rune('a'+*n/26%26)))
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(*n))
	case reflect.Uint64, reflect.Uint32, reflect.Uint8:
		v.SetUint(uint64(*n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Array:
		for i := range v.Len() {
			fill(t, v.Index(i), n)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(t, v.Index(i), n)
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(t, k, n)
			fill(t, e, n)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem(), n)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Unix(int64(*n)*86400, int64(*n)).UTC()))
			return
		}
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			switch {
			case !sf.IsExported():
			case sf.Name == "Person" || sf.Name == "Series" && sf.Type.Kind() == reflect.Pointer || sf.Name == "Notice" || sf.Name == "Service":
				// Only posts are cached.
			case sf.Name == "Err":
				// A problem's underlying error is not kept.
			default:
				fill(t, v.Field(i), n)
			}
		}
	case reflect.Interface:
	default:
		t.Fatalf("fill: no value for %s", v.Type())
	}
}

// Every field of a cache entry, its File, Doc and front matter comes back
// from the index as it was written: a field added to one of them and not
// to the index format fails here, rather than vanish in warm builds.
func TestIndexKeepsEveryField(t *testing.T) {
	var e cacheEntry
	n := 0
	fill(t, reflect.ValueOf(&e).Elem(), &n)
	if e.File.Post == nil || e.File.Doc == nil || len(e.File.Post.Social.At) == 0 || len(e.Probs) == 0 {
		t.Fatal("fill left a field empty")
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	err := writeIndex(w, 1<<20, 3, func(write func(*cacheEntry) error) error {
		if err := write(&e); err != nil {
			return err
		}
		if err := write(&cacheEntry{File: &File{Path: "content/posts/empty.md"}}); err != nil {
			return err
		}
		return write(&e)
	})
	if err != nil || w.Flush() != nil {
		t.Fatal(err)
	}
	var got []*cacheEntry
	size, err := readIndex(bufio.NewReader(&buf), func(e *cacheEntry) error { got = append(got, e); return nil })
	if err != nil || size != 1<<20 || len(got) != 3 {
		t.Fatalf("readIndex: size %d, %d entries, %v", size, len(got), err)
	}
	if !reflect.DeepEqual(got[0], &e) {
		t.Errorf("read back\n%+v\n%+v\n%+v\nwant\n%+v\n%+v\n%+v", got[0], got[0].File.Doc, got[0].File.Post, &e, e.File.Doc, e.File.Post)
	}
	if want := (&cacheEntry{File: &File{Path: "content/posts/empty.md"}}); !reflect.DeepEqual(got[1], want) {
		t.Errorf("empty entry read back as %+v", got[1])
	}
	// Entries whose dates were placed alike share one list of zones.
	if !reflect.DeepEqual(got[2], &e) || &got[2].Zones[0] != &got[0].Zones[0] {
		t.Errorf("a second entry alike: equal %v, zones shared %v", reflect.DeepEqual(got[2], &e), &got[2].Zones[0] == &got[0].Zones[0])
	}
}

// An index cut short or damaged anywhere is refused, never half read
// and never a panic.
func TestIndexRefusesDamage(t *testing.T) {
	var e cacheEntry
	n := 0
	fill(t, reflect.ValueOf(&e).Elem(), &n)
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	if err := writeIndex(w, 1<<20, 1, func(write func(*cacheEntry) error) error { return write(&e) }); err != nil || w.Flush() != nil {
		t.Fatal(err)
	}
	full := buf.Bytes()
	for cut := 0; cut < len(full); cut++ {
		if _, err := readIndex(bufio.NewReader(bytes.NewReader(full[:cut])), func(*cacheEntry) error { return nil }); err == nil {
			t.Fatalf("index cut to %d of %d bytes: no error", cut, len(full))
		}
	}
}

func FuzzReadIndex(f *testing.F) {
	var e cacheEntry
	n := 0
	fill(&testing.T{}, reflect.ValueOf(&e).Elem(), &n)
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	writeIndex(w, 1<<20, 1, func(write func(*cacheEntry) error) error { return write(&e) })
	w.Flush()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		readIndex(bufio.NewReader(bytes.NewReader(b)), func(*cacheEntry) error { return nil })
	})
}
