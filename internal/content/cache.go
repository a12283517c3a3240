package content

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"sync"
	"time"
	"unique"

	"github.com/carepress/carepress/internal/cachelock"
	"github.com/carepress/carepress/internal/diag"
)

// Cache keeps parsed posts between builds, so that an unchanged post is
// neither parsed nor converted again. A post is found by a key over its
// source bytes, the converter's settings and the carepress build that
// wrote the entry, so a cached post is exactly what parsing would give.
//
// On disk the cache is an index (posts.idx: each post's metadata and
// summary) and a pack file (posts.pack) of bodies: the markdown, its plain
// text, its HTML, its headings and its links, one record per post (see
// pack.go), appended as posts change. None of these is held in memory:
// File's methods (HTML, Markdown, TOC...) read them when a page or a rule
// needs them, so a site of any size keeps in memory its posts' metadata
// and summaries rather than their pages.
//
// A Cache is safe for concurrent use. Make one with OpenCache.
type Cache struct {
	dir string // "" for a cache that lives only in memory

	mu       sync.Mutex
	entries  map[string]*cacheEntry // by source path
	dirty    bool
	pack     *os.File // opened on first use
	packSize int64    // where the next record goes
	packErr  error
	lock     *os.File // held from OpenCache to Close
}

type cacheEntry struct {
	Key   [32]byte
	File  *File // without Body and the parts of Doc in the pack
	Probs []diag.Error
	// Zones are the time zones of the front matter's times, in walk
	// order, for the index: an entry stored by this process has none
	// (its times are as parsed) and they are worked out, with loc, when
	// it is saved.
	Zones []zone
	loc   *time.Location
	// Off is where the post's record starts in the pack, and Lens are the
	// lengths of its parts.
	Off  int64
	Lens parts
	// Stat is what the file's metadata was when it was read, and
	// Settings the key's part that is not the file (see settingsKey):
	// while both are the same, the file need not be read to know that
	// the entry is current.
	Stat     FileStat
	Settings [32]byte

	// live is the post as the last build used it: a later build of the
	// same process that knows the file did not change takes it as it
	// is, rather than reading its body from the pack again.
	live *File
	// unused is true for an entry read from the index that no build has
	// used yet: restore hands out its File itself rather than a copy, so
	// that a warm build does not hold every post twice.
	unused bool
}

// cacheVersion changes whenever what a cache entry holds changes.
const cacheVersion = 7

const (
	indexName = "posts.idx"
	packName  = "posts.pack"
)

// OpenCache opens the cache in dir (.carepress/cache/content), reading the
// index of the previous build if there is one; "" keeps the cache in
// memory only, with the HTML too. A missing or unreadable index is an
// empty cache, never an error: the cache only saves work. So is a cache
// another process is using (two builds of one site at once): this one then
// keeps its cache in memory.
func OpenCache(dir string) *Cache {
	c := &Cache{dir: dir, entries: map[string]*cacheEntry{}}
	if dir == "" {
		return c
	}
	if c.lock = cachelock.Dir(dir); c.lock == nil {
		c.dir = ""
		return c
	}
	f, err := os.Open(filepath.Join(dir, indexName))
	if err != nil {
		return c
	}
	defer f.Close()
	size, err := readIndex(bufio.NewReaderSize(f, 1<<16), func(e *cacheEntry) error {
		e.File.Pos.Keys = unique.Make(e.File.Pos.Keys).Value()
		if e.File.Post != nil {
			e.File.Post.intern()
		}
		e.unused = true
		c.entries[e.File.Path] = e
		return nil
	})
	fi, serr := os.Stat(filepath.Join(dir, packName))
	if err != nil || serr != nil || fi.Size() < size {
		// Unreadable, or the pack is not the one the index describes.
		c.entries = map[string]*cacheEntry{}
		return c
	}
	for _, e := range c.entries {
		if e.Off+e.Lens.size() > size {
			c.entries = map[string]*cacheEntry{}
			return c
		}
	}
	return c
}

// openPack opens the pack for reading and appending, once.
func (c *Cache) openPack() (*os.File, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pack != nil || c.packErr != nil {
		return c.pack, c.packErr
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		c.packErr = err
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(c.dir, packName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		c.packErr = err
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		c.packErr = err
		return nil, err
	}
	if len(c.entries) == 0 && fi.Size() > 0 {
		// Nothing in it is indexed: start it again.
		if err := f.Truncate(0); err != nil {
			f.Close()
			c.packErr = err
			return nil, err
		}
		fi, err = f.Stat()
		if err != nil {
			f.Close()
			c.packErr = err
			return nil, err
		}
	}
	c.pack, c.packSize = f, fi.Size()
	return f, nil
}

// Save writes the index for the next build, if anything changed, after
// compacting the pack when most of it is records no post uses any more. It
// writes a new file and renames it, so an interrupted save leaves the old
// index or none.
func (c *Cache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dir == "" || !c.dirty {
		return nil
	}
	if err := c.compact(); err != nil {
		return fmt.Errorf("cannot save the content cache: %w", err)
	}
	tmp, err := os.CreateTemp(c.dir, indexName+".tmp-")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(tmp, 1<<16)
	err = writeIndex(w, c.packSize, len(c.entries), func(write func(*cacheEntry) error) error {
		for _, e := range c.entries {
			if e.Zones == nil && e.File.Post != nil {
				x := *e
				x.Zones = zones(e.File.Post, e.loc)
				e = &x
			}
			if err := write(e); err != nil {
				return err
			}
		}
		return nil
	})
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

// compact rewrites the pack with only the records in use, when they are
// less than half of it. c.mu is held.
func (c *Cache) compact() error {
	if c.pack == nil {
		return nil
	}
	var live int64
	for _, e := range c.entries {
		live += e.Lens.size()
	}
	if c.packSize < 2*live+1<<20 {
		return nil
	}
	tmp, err := os.CreateTemp(c.dir, packName+".tmp-")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(tmp, 1<<16)
	var off int64
	moved := map[*cacheEntry]int64{}
	for _, e := range c.entries {
		n := e.Lens.size()
		rec := make([]byte, n)
		if _, err = c.pack.ReadAt(rec, e.Off); err != nil {
			break
		}
		if _, err = w.Write(rec); err != nil {
			break
		}
		moved[e] = off
		off += n
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(c.dir, packName))
	}
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	c.pack.Close()
	c.pack, c.packSize = tmp, off
	for e, o := range moved {
		// A live File points into the old pack: the next build reads
		// the post again.
		e.Off, e.live = o, nil
	}
	return nil
}

// Close closes the pack file and lets another process use the cache.
func (c *Cache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	if c.pack != nil {
		err = c.pack.Close()
		c.pack = nil
	}
	if c.lock != nil {
		c.lock.Close() // closing releases the lock
		c.lock = nil
	}
	c.packErr = errClosed
	return err
}

var errClosed = errors.New("content cache closed")

// Forget drops the entries of files not in keep, so the index does not
// grow with every post ever deleted.
func (c *Cache) Forget(keep map[string]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.entries {
		if !keep[p] {
			delete(c.entries, p)
			c.dirty = true
		}
	}
}

// read reads n bytes at off in the pack, what of f's body is kept there.
func (c *Cache) read(f *File, off int64, n int, what string) ([]byte, error) {
	pack, err := c.openPack()
	if err == nil {
		b := make([]byte, n)
		if _, err = pack.ReadAt(b, off); err == nil {
			return b, nil
		}
	}
	return nil, fmt.Errorf("%s: cannot read its cached %s (delete .carepress/cache and build again): %w", f.Path, what, err)
}

// readErr is the error of a part of f's record that was read but could
// not be decoded.
func (c *Cache) readErr(f *File, part int, err error) error {
	return fmt.Errorf("%s: cannot read its cached %s (delete .carepress/cache and build again): %w", f.Path, partNames[part], err)
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
// knows the file has not changed. It is the very File of the last build
// that used it, which nothing changes once loaded.
func (c *Cache) previous(path string, loc *time.Location) (*File, diag.List) {
	c.mu.Lock()
	e := c.entries[path]
	c.mu.Unlock()
	if e == nil {
		return nil, nil
	}
	c.mu.Lock()
	live := e.live
	c.mu.Unlock()
	if live != nil {
		return live, probsOf(e)
	}
	return c.restore(e, loc)
}

func probsOf(e *cacheEntry) diag.List {
	var probs diag.List
	for i := range e.Probs {
		p := e.Probs[i]
		probs = append(probs, &p)
	}
	return probs
}

func (c *Cache) restore(e *cacheEntry, loc *time.Location) (*File, diag.List) {
	c.mu.Lock()
	unused := e.unused
	e.unused = false
	c.mu.Unlock()
	f := e.File
	if !unused {
		// The entry's File is one a build used: the new one is a copy.
		g := *e.File
		if g.Doc != nil {
			d := *g.Doc
			g.Doc = &d
		}
		if g.Post != nil {
			m := *g.Post
			g.Post = &m
		}
		f = &g
	}
	if c.dir != "" {
		if _, err := c.openPack(); err != nil {
			return nil, nil
		}
		c.mu.Lock()
		off := e.Off
		c.mu.Unlock()
		// The body and the rest of its record stay in the pack until a
		// page or a rule reads them.
		f.Body = nil
		f.pack, f.off, f.lens = c, off, e.Lens
	}
	if f.Post != nil {
		setZones(f.Post, e.Zones, loc)
	}
	c.mu.Lock()
	e.live = f
	c.mu.Unlock()
	return f, probsOf(e)
}

// store records f, parsed with key, and its problems. On disk, the body
// and the parts of its Doc that pages and rules read one post at a time go
// to the pack, and f keeps none of them. The entry holds f itself, not a
// copy: nothing changes a File once loaded, and every post of a site is in
// memory at once.
func (c *Cache) store(f *File, key [32]byte, probs diag.List, loc *time.Location) error {
	e := &cacheEntry{Key: key, loc: loc}
	for _, p := range probs {
		e.Probs = append(e.Probs, *p)
	}
	if c.dir != "" {
		pack, err := c.openPack()
		if err != nil {
			return err
		}
		var ps [nParts][]byte
		ps[partBody] = f.Body
		if d := f.Doc; d != nil {
			ps[partText], ps[partHTML] = []byte(d.Text), d.HTML
			if len(d.TOC) > 0 {
				ps[partTOC] = appendTOC(nil, d.TOC)
			}
			if len(d.Links) > 0 {
				ps[partLinks] = appendLinks(nil, d.Links)
			}
		}
		var rec []byte
		rec, e.Lens = record(ps)
		c.mu.Lock()
		e.Off = c.packSize
		c.packSize += int64(len(rec))
		c.mu.Unlock()
		if _, err := pack.WriteAt(rec, e.Off); err != nil {
			return err
		}
		// f keeps none of them in memory either: a site's posts are all
		// held at once, and their bodies are read when needed.
		f.pack, f.off, f.lens = c, e.Off, e.Lens
		f.Body = nil
		if d := f.Doc; d != nil {
			d.Text, d.HTML, d.TOC, d.Links = "", nil, nil, nil
		}
	}
	e.File = f
	e.live = f
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
	h.Write([]byte(settings(opts)))
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// settings is what a parse depends on besides the file.
func settings(opts Options) string {
	return fmt.Sprintf("\x00%t\x00%s\x00%s\x00", opts.Converter.Unsafe(), opts.Converter.BasePath(), opts.Config.Location.String())
}

func settingsKey(opts Options) [32]byte { return sha256.Sum256([]byte(settings(opts))) }

// A FileStat is what a file's metadata says of it: while a file keeps its
// size, modification time and inode, it is taken to hold the same bytes,
// as make and git take it. The zero FileStat matches nothing.
type FileStat struct {
	Size, MTime int64
	Ino         uint64
}

// racy is how recent a modification may be for its stat to stand for the
// file: a file written twice within one tick of the file system's clock
// keeps its time, so a file changed that recently is read again.
const racy = 2 * time.Second

// statOf is fi as a FileStat, or the zero FileStat when fi was modified
// too recently before now to be trusted.
func statOf(fi fs.FileInfo, now time.Time) FileStat {
	if !fi.Mode().IsRegular() || now.Sub(fi.ModTime()) < racy {
		return FileStat{}
	}
	return FileStat{Size: fi.Size(), MTime: fi.ModTime().UnixNano(), Ino: inode(fi)}
}

// current returns the cached post at path if its stat and settings say
// it is what the file holds, nil if the file must be read.
func (c *Cache) current(path string, st FileStat, settings [32]byte, loc *time.Location) (*File, diag.List) {
	if st == (FileStat{}) {
		return nil, nil
	}
	c.mu.Lock()
	e := c.entries[path]
	c.mu.Unlock()
	if e == nil || e.Stat != st || e.Settings != settings {
		return nil, nil
	}
	return c.restore(e, loc)
}

// noteStat records that the file at path, whose entry is current, has
// stat st.
func (c *Cache) noteStat(path string, st FileStat, settings [32]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[path]; e != nil && (e.Stat != st || e.Settings != settings) {
		e.Stat, e.Settings = st, settings
		c.dirty = true
	}
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

// A zone is how one time of the front matter was placed: the index keeps only
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
