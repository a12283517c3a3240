package content

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"sync"
	"time"

	"github.com/carepress/carepress/internal/diag"
)

// Cache keeps parsed posts between builds, so that an unchanged post is
// neither parsed nor converted again. A post is found by a key over its
// source bytes, the converter's settings and the carepress build that
// wrote the entry, so a cached post is exactly what parsing would give.
//
// The HTML of a cached post is not held in memory: it is a file of the
// cache directory, read with HTML when a page needs it. A site of any
// size so keeps in memory only its posts' metadata and summaries.
//
// A Cache is safe for concurrent use. Its zero value is not usable; make
// one with OpenCache.
type Cache struct {
	dir string // "" for a cache that lives only in memory

	mu      sync.Mutex
	entries map[string]*cacheEntry // by source path
	dirty   bool
}

type cacheEntry struct {
	Key   [32]byte
	File  *File
	Probs []diag.Error
	Zones []zone // time zones of the front matter's times, in walk order
}

// cacheVersion changes whenever what a cache entry holds changes.
const cacheVersion = 1

const indexName = "posts.gob"

// OpenCache opens the cache in dir (.carepress/cache/content), reading the
// index of the previous build if there is one; "" keeps the cache in
// memory only, with the HTML too. A missing or unreadable index is an
// empty cache, never an error: the cache only saves work.
func OpenCache(dir string) *Cache {
	c := &Cache{dir: dir, entries: map[string]*cacheEntry{}}
	if dir == "" {
		return c
	}
	f, err := os.Open(filepath.Join(dir, indexName))
	if err != nil {
		return c
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(f, 1<<16))
	var v, n int
	var stamp [32]byte
	if dec.Decode(&v) != nil || v != cacheVersion || dec.Decode(&stamp) != nil || stamp != BuildStamp() || dec.Decode(&n) != nil {
		return c
	}
	for range n {
		var e cacheEntry
		if dec.Decode(&e) != nil || e.File == nil {
			c.entries = map[string]*cacheEntry{}
			return c
		}
		c.entries[e.File.Path] = &e
	}
	return c
}

// Save writes the index for the next build, if anything changed. It
// writes a new file and renames it, so an interrupted save leaves the old
// index or none.
func (c *Cache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dir == "" || !c.dirty {
		return nil
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(c.dir, indexName+".tmp-")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(tmp, 1<<16)
	enc := gob.NewEncoder(w)
	err = errors.Join(enc.Encode(cacheVersion), enc.Encode(BuildStamp()), enc.Encode(len(c.entries)))
	for _, e := range c.entries {
		if err != nil {
			break
		}
		err = enc.Encode(e)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(c.dir, indexName))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot save the content cache: %w", err)
	}
	c.dirty = false
	return nil
}

// Forget drops the entries of files not in keep, so the index does not
// grow with every post ever deleted.
func (c *Cache) Forget(keep map[string]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for p, e := range c.entries {
		if !keep[p] {
			delete(c.entries, p)
			if c.dir != "" {
				os.Remove(c.htmlPath(e.Key))
			}
			c.dirty = true
		}
	}
}

// HTML returns the converted body of the post f. It is in f.Doc.HTML
// unless the cache holds it on disk.
func (c *Cache) HTML(f *File) ([]byte, error) {
	if f.Doc == nil {
		return nil, nil
	}
	if f.Doc.HTML != nil || !f.htmlCached {
		return f.Doc.HTML, nil
	}
	b, err := os.ReadFile(c.htmlPath(f.key))
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read its cached HTML (delete .carepress/cache and build again): %w", f.Path, err)
	}
	return b, nil
}

func (c *Cache) htmlPath(key [32]byte) string {
	return filepath.Join(c.dir, "html", fmt.Sprintf("%x", key[:2]), fmt.Sprintf("%x.html", key))
}

// lookup returns the cached post at path with key, nil when there is none.
func (c *Cache) lookup(path string, key [32]byte, loc *time.Location) (*File, diag.List) {
	c.mu.Lock()
	e := c.entries[path]
	c.mu.Unlock()
	if e == nil || e.Key != key {
		return nil, nil
	}
	return c.restore(e, loc)
}

// previous returns the cached post at path whatever its key: the caller
// knows the file has not changed.
func (c *Cache) previous(path string, loc *time.Location) (*File, diag.List) {
	c.mu.Lock()
	e := c.entries[path]
	c.mu.Unlock()
	if e == nil {
		return nil, nil
	}
	return c.restore(e, loc)
}

func (c *Cache) restore(e *cacheEntry, loc *time.Location) (*File, diag.List) {
	f := *e.File // the entry stays as saved; the caller may change f
	f.key, f.htmlCached = e.Key, c.dir != "" && f.Doc != nil
	if f.Doc != nil {
		d := *f.Doc
		f.Doc = &d
	}
	if f.Post != nil {
		m := *f.Post
		f.Post = &m
		setZones(f.Post, e.Zones, loc)
	}
	var probs diag.List
	for i := range e.Probs {
		p := e.Probs[i]
		probs = append(probs, &p)
	}
	return &f, probs
}

// store records f, parsed with key, and its problems. On disk, the HTML
// moves to a file of its own and f keeps only what lists need.
func (c *Cache) store(f *File, key [32]byte, probs diag.List, loc *time.Location) error {
	e := &cacheEntry{Key: key}
	for _, p := range probs {
		e.Probs = append(e.Probs, *p)
	}
	f.key = key
	if c.dir != "" && f.Doc != nil {
		p := c.htmlPath(key)
		if _, err := os.Stat(p); err != nil {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			tmp := fmt.Sprintf("%s.tmp-%d", p, os.Getpid())
			if err := os.WriteFile(tmp, f.Doc.HTML, 0o644); err != nil {
				return err
			}
			if err := os.Rename(tmp, p); err != nil {
				return err
			}
		}
		f.Doc.HTML = nil
		f.htmlCached = true
	}
	saved := *f
	if f.Post != nil {
		e.Zones = zones(f.Post, loc)
	}
	e.File = &saved
	c.mu.Lock()
	c.entries[f.Path] = e
	c.dirty = true
	c.mu.Unlock()
	return nil
}

// key is what identifies a parse of raw: its bytes and everything else the
// result depends on.
func (c *Cache) key(raw []byte, opts Options) [32]byte {
	h := sha256.New()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(len(raw)))
	h.Write(b[:])
	h.Write(raw)
	fmt.Fprintf(h, "\x00%t\x00%s\x00%s\x00", opts.Converter.Unsafe(), opts.Converter.BasePath(), opts.Config.Location.String())
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// BuildStamp identifies the carepress binary, so that a new version never
// reads cache entries an older one wrote.
var BuildStamp = sync.OnceValue(func() [32]byte {
	h := sha256.New()
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintln(h, bi.Main.Path, bi.Main.Version, bi.GoVersion)
		for _, s := range bi.Settings {
			fmt.Fprintln(h, s.Key, s.Value)
		}
	}
	// A development build has no version: its executable's size and time
	// stand for it.
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			fmt.Fprintln(h, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
})

// A zone is how one time of the front matter was placed: gob keeps only
// its offset, and a date written without one is in the site's zone, which
// a template may print by name.
type zone struct {
	Kind   int // zoneSite, zoneUTC, zoneLocal or zoneFixed
	Name   string
	Offset int
}

const (
	zoneSite = iota
	zoneUTC
	zoneLocal
	zoneFixed
)

func zones(m *PostMeta, site *time.Location) []zone {
	var out []zone
	eachTime(reflect.ValueOf(m).Elem(), func(t *time.Time) {
		name, off := t.Zone()
		z := zone{Kind: zoneFixed, Name: name, Offset: off}
		switch t.Location() {
		case site:
			z = zone{Kind: zoneSite}
		case time.UTC:
			z = zone{Kind: zoneUTC}
		case time.Local:
			z = zone{Kind: zoneLocal}
		}
		out = append(out, z)
	})
	return out
}

// setZones puts every time of m back in the zone zones recorded.
func setZones(m *PostMeta, zs []zone, site *time.Location) {
	i := 0
	eachTime(reflect.ValueOf(m).Elem(), func(t *time.Time) {
		if i >= len(zs) {
			return
		}
		z := zs[i]
		i++
		switch z.Kind {
		case zoneSite:
			*t = t.In(site)
		case zoneUTC:
			*t = t.UTC()
		case zoneLocal:
			*t = t.Local()
		default:
			*t = t.In(time.FixedZone(z.Name, z.Offset))
		}
	})
}

// eachTime calls fn on every time.Time inside v, in field order.
func eachTime(v reflect.Value, fn func(*time.Time)) {
	switch v.Kind() {
	case reflect.Struct:
		if t, ok := v.Addr().Interface().(*time.Time); ok {
			fn(t)
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				eachTime(v.Field(i), fn)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			eachTime(v.Index(i), fn)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			eachTime(v.Elem(), fn)
		}
	}
}
