package check

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"os"
	"path/filepath"
	"sync"

	"github.com/carepress/carepress/internal/cachelock"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/privacy"
)

// privCache keeps the privacy findings of each post and page between
// runs, since every build scans every file and the scan is most of a warm
// build. An entry is found by the file's path and a key over what the
// scan reads of it (its bytes and its bundle's file names); the whole
// cache holds for one carepress binary and one allow list, so a cached
// finding is exactly what a scan would report, position included.
//
// On disk it is one gob file, .carepress/cache/privacy/findings.gob,
// read once and written again only when an entry changed. The directory
// is locked as the content cache's is: a second process at once (serve
// and build) runs without the cache.
type privCache struct {
	dir  string
	lock *os.File
	head privHead

	mu      sync.Mutex
	entries map[string]*privEntry // by source path
	seen    map[string]bool
	dirty   bool
}

// privCacheVersion changes whenever what an entry holds changes.
const privCacheVersion = 1

const privCacheFile = "findings.gob"

// privHead is what every entry depends on.
type privHead struct {
	Version int
	Stamp   [32]byte // the carepress binary (content.BuildStamp)
	Allow   [32]byte // the allow list (allowKey)
	Law     string   // the note of every message (lawNote)
}

// privEntry is one file's findings, as privacyFile reported them before
// severities and filters.
type privEntry struct {
	Path  string
	Key   [32]byte
	Found []privRecord
}

// privRecord is one call of report.
type privRecord struct {
	Rule, Hint, Msg string
	Pos             diag.Pos
}

// openPrivCache opens the cache in dir, or returns nil when it cannot be
// used (locked by another process, or dir unwritable): the run then
// scans every file.
func openPrivCache(dir string, a privacy.Allow, law string) *privCache {
	lock := cachelock.Dir(dir)
	if lock == nil {
		return nil
	}
	c := &privCache{dir: dir, lock: lock, entries: map[string]*privEntry{}, seen: map[string]bool{},
		head: privHead{Version: privCacheVersion, Stamp: content.BuildStamp(), Allow: allowKey(a), Law: law}}
	f, err := os.Open(filepath.Join(dir, privCacheFile))
	if err != nil {
		return c
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(f, 1<<16))
	var head privHead
	var entries []*privEntry
	if dec.Decode(&head) != nil || head != c.head || dec.Decode(&entries) != nil {
		c.dirty = true // stale or unreadable: rewrite it
		return c
	}
	for _, e := range entries {
		c.entries[e.Path] = e
	}
	return c
}

// allowKey hashes an allow list, field by field.
func allowKey(a privacy.Allow) [32]byte {
	h := sha256.New()
	var n [8]byte
	for _, list := range [][]string{a.Names, a.Phones, a.Emails, a.Addresses, a.Domains} {
		binary.LittleEndian.PutUint64(n[:], uint64(len(list)))
		h.Write(n[:])
		for _, s := range list {
			binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
			h.Write(n[:])
			h.Write([]byte(s))
		}
	}
	h.Write([]byte(a.Country))
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// fileKey is what privacyFile reads of f besides the allow list: its
// path, its bytes (the body, front matter and so the images it names) and
// its bundle's files.
func fileKey(f *content.File) [32]byte {
	h := sha256.New()
	var n [8]byte
	put := func(s string) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put(f.Path)
	h.Write(f.Hash[:])
	put(f.BundleDir)
	binary.LittleEndian.PutUint64(n[:], uint64(len(f.Resources)))
	h.Write(n[:])
	for _, r := range f.Resources {
		put(r)
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// get returns f's cached findings, if its entry is current.
func (c *privCache) get(f *content.File, key [32]byte) ([]privRecord, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen[f.Path] = true
	e := c.entries[f.Path]
	if e == nil || e.Key != key {
		return nil, false
	}
	return e.Found, true
}

// put records f's findings.
func (c *privCache) put(f *content.File, key [32]byte, found []privRecord) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[f.Path] = &privEntry{Path: f.Path, Key: key, Found: found}
	c.dirty = true
}

// close writes the cache when it changed and releases the lock. Entries
// of files this run did not check stay while their file exists under
// root (when there is one): a build without drafts keeps what carepress check found in them.
func (c *privCache) close(root string) {
	defer c.lock.Close() // closing releases the lock
	for p := range c.entries {
		if !c.seen[p] {
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); root == "" || err != nil {
				delete(c.entries, p)
				c.dirty = true
			}
		}
	}
	if !c.dirty {
		return
	}
	entries := make([]*privEntry, 0, len(c.entries))
	for _, e := range c.entries {
		entries = append(entries, e)
	}
	tmp, err := os.CreateTemp(c.dir, privCacheFile+".*")
	if err != nil {
		return
	}
	w := bufio.NewWriterSize(tmp, 1<<16)
	enc := gob.NewEncoder(w)
	if enc.Encode(c.head) != nil || enc.Encode(entries) != nil || w.Flush() != nil || tmp.Close() != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return
	}
	if os.Rename(tmp.Name(), filepath.Join(c.dir, privCacheFile)) != nil {
		os.Remove(tmp.Name())
	}
}
