package content

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/markdown"
)

// The cache's index is written by hand rather than with encoding/gob: a
// warm build reads one entry per post before it can do anything else.
// Measured on 2026-12-03 with the 10,000 entries of a 10k-post site, gob
// (one stream) took 149 ms to read them and 85 ms to write them, this
// format 100 ms and 46 ms: 0.3% of the CPU of a cold build, which only
// writes the index, but 49 ms of a one-edit rebuild's ~1 s, which reads
// it first thing (5%). It is kept for that. The format is a sequence of
// uvarints, varints, and strings (a uvarint length, then the bytes); an
// entry's fields are in the order of appendEntry, and a File's in the
// order of appendFile. Only posts are cached, so a File with people,
// series or notice metadata cannot be written.
//
// TestIndexKeepsEveryField fails when a field is added to one of these
// types and not to the format.

// indexMagic opens the index file.
const indexMagic = "carepress content index\n"

var errNotPost = errors.New("only posts are cached")

type encoder struct{ b []byte }

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) str(s string)  { e.b = appendString(e.b, s) }
func (e *encoder) bytes(b []byte) {
	e.uint(uint64(len(b)))
	e.b = append(e.b, b...)
}

func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

func (e *encoder) strs(ss []string) {
	e.uint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

// strMap writes m in no particular order: the decoder makes a map again.
func (e *encoder) strMap(m map[string]string) {
	e.uint(uint64(len(m)))
	for k, v := range m {
		e.str(k)
		e.str(v)
	}
}

func (e *encoder) time(t time.Time) error {
	b, err := t.MarshalBinary()
	e.bytes(b)
	return err
}

func (e *encoder) times(ts []time.Time) error {
	e.uint(uint64(len(ts)))
	for _, t := range ts {
		if err := e.time(t); err != nil {
			return err
		}
	}
	return nil
}

// appendEntry writes e's entry. Its times lose their zone name, as with
// gob: Zones puts them back.
func appendEntry(b []byte, ce *cacheEntry) ([]byte, error) {
	e := encoder{b: b}
	e.b = append(e.b, ce.Key[:]...)
	e.int(ce.Off)
	for _, l := range ce.Lens {
		e.uint(uint64(l))
	}
	e.int(ce.Stat.Size)
	e.int(ce.Stat.MTime)
	e.uint(ce.Stat.Ino)
	e.b = append(e.b, ce.Settings[:]...)
	e.uint(uint64(len(ce.Probs)))
	for _, p := range ce.Probs {
		e.str(p.Pos.File)
		e.int(int64(p.Pos.Line))
		e.int(int64(p.Pos.Col))
		e.int(int64(p.Severity))
		e.str(p.Msg)
		e.str(p.Hint)
		// p.Err is not kept: gob could not write most errors either.
	}
	e.uint(uint64(len(ce.Zones)))
	for _, z := range ce.Zones {
		e.int(int64(z.Kind))
		e.str(z.Name)
		e.int(int64(z.Offset))
	}
	err := e.file(ce.File)
	return e.b, err
}

func (e *encoder) file(f *File) error {
	if f.Person != nil || f.Series != nil || f.Notice != nil || f.Service != nil {
		return errNotPost
	}
	e.int(int64(f.Kind))
	e.str(f.ID)
	e.str(f.Lang)
	e.str(f.Path)
	e.str(f.BundleDir)
	e.strs(f.Resources)
	e.str(f.Pos.Keys)
	e.bytes(f.Pos.LineCol)
	e.int(int64(f.BodyLine))
	e.bytes(f.Body)
	e.b = append(e.b, f.Hash[:]...)
	e.bool(f.Doc != nil)
	if d := f.Doc; d != nil {
		e.bytes(d.HTML)
		e.str(d.Summary)
		e.str(d.SummaryText)
		e.bool(d.HasMore)
		e.str(d.Text)
		e.int(int64(d.WordCount))
		e.int(int64(d.ReadingMinutes))
		e.b = appendTOC(e.b, d.TOC)
		e.b = appendLinks(e.b, d.Links)
		e.uint(uint64(len(d.Images)))
		for _, im := range d.Images {
			e.str(im.Src)
			e.str(im.Alt)
			e.str(im.Title)
			e.int(int64(im.Line))
			e.int(int64(im.Col))
		}
		e.b = appendLinks(e.b, d.Dropped)
		e.int(int64(d.H1Count))
		e.uint(uint64(len(d.Literals)))
		for _, l := range d.Literals {
			e.uint(uint64(l.Kind))
			e.str(l.Name)
			e.str(l.Text)
			e.int(int64(l.Line))
			e.int(int64(l.Col))
			e.int(int64(l.EndLine))
		}
	}
	e.bool(f.Post != nil)
	if m := f.Post; m != nil {
		return e.postMeta(m)
	}
	return nil
}

func (e *encoder) postMeta(m *PostMeta) error {
	e.str(m.Title)
	e.str(m.Description)
	e.str(m.Slug)
	e.strs(m.Aliases)
	e.strs(m.Tags)
	e.strs(m.Categories)
	e.str(m.Canonical)
	e.bool(m.Noindex)
	for _, t := range []time.Time{m.Date, m.PublishDate, m.ExpiryDate, m.Lastmod} {
		if err := e.time(t); err != nil {
			return err
		}
	}
	e.bool(m.Draft)
	e.str(m.Author)
	e.str(m.ReviewedBy)
	if err := e.time(m.LastReviewed); err != nil {
		return err
	}
	e.str(m.Audience)
	e.str(m.About)
	e.uint(uint64(len(m.Sources)))
	for _, s := range m.Sources {
		e.str(s.Title)
		e.str(s.URL)
		e.str(s.Publisher)
		e.str(s.Date)
	}
	e.str(m.Image)
	e.str(m.ImageAlt)
	e.str(m.Series)
	e.int(int64(m.SeriesOrder))
	e.strs(m.Notices)
	e.str(m.Social.Text)
	e.strMap(m.Social.TextByPlatform)
	e.strs(m.Social.Hashtags)
	e.strs(m.Social.Platforms)
	e.bool(m.Social.Skip)
	if err := e.times(m.Social.At); err != nil {
		return err
	}
	e.strMap(m.Check.Ignore)
	e.str(m.Layout)
	return nil
}

// indexReader reads what appendEntry wrote, from the whole index in b.
// Strings are made one at a time (not sliced from one copy of the file),
// so that an entry that goes away frees its memory.
type indexReader struct {
	b   []byte
	i   int
	err error
	// zones are the zone lists read so far, by their bytes: posts mostly
	// write their dates alike, and share one list.
	zones map[string][]zone
}

func (r *indexReader) fail() {
	if r.err == nil {
		r.err = fmt.Errorf("corrupt index at byte %d", r.i)
	}
	r.i = len(r.b)
}

func (r *indexReader) uint() uint64 {
	v, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		r.fail()
		return 0
	}
	r.i += n
	return v
}

func (r *indexReader) int() int64 {
	v, n := binary.Varint(r.b[r.i:])
	if n <= 0 {
		r.fail()
		return 0
	}
	r.i += n
	return v
}

func (r *indexReader) raw(n int) []byte {
	if n < 0 || n > len(r.b)-r.i {
		r.fail()
		return nil
	}
	v := r.b[r.i : r.i+n : r.i+n]
	r.i += n
	return v
}

// len reads a count of items, each at least min bytes long.
func (r *indexReader) len(min int) int {
	n := r.uint()
	if n > uint64(len(r.b)-r.i)/uint64(min) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *indexReader) str() string { return string(r.raw(r.len(1))) }

// bytes reads a byte string; nil when it is empty, as gob gave.
func (r *indexReader) bytes() []byte {
	b := r.raw(r.len(1))
	if len(b) == 0 {
		return nil
	}
	return append([]byte(nil), b...)
}

func (r *indexReader) bool() bool {
	b := r.raw(1)
	return len(b) == 1 && b[0] != 0
}

func (r *indexReader) hash() (h [32]byte) {
	copy(h[:], r.raw(32))
	return h
}

// readList reads a count, then that many elements by elem, each at least
// min bytes long (so that a corrupt count cannot make a huge slice); nil
// for none, as gob gave.
func readList[T any](r *indexReader, min int, elem func() T) []T {
	n := r.len(min)
	if n == 0 {
		return nil
	}
	xs := make([]T, n)
	for i := range xs {
		xs[i] = elem()
	}
	return xs
}

func (r *indexReader) strs() []string { return readList(r, 1, r.str) }

func (r *indexReader) strMap() map[string]string {
	n := r.len(2)
	if n == 0 {
		return nil
	}
	m := make(map[string]string, n)
	for range n {
		k := r.str()
		m[k] = r.str()
	}
	return m
}

func (r *indexReader) time() time.Time {
	var t time.Time
	if err := t.UnmarshalBinary(r.raw(r.len(1))); err != nil {
		r.fail()
	}
	return t
}

func (r *indexReader) times() []time.Time { return readList(r, 1, r.time) }

// toc reads what appendTOC wrote.
func (r *indexReader) toc() []markdown.Heading {
	return readList(r, 4, func() markdown.Heading {
		return markdown.Heading{Level: int(r.int()), Line: int(r.int()), ID: r.str(), Text: r.str()}
	})
}

// links reads what appendLinks wrote.
func (r *indexReader) links() []markdown.Link {
	return readList(r, 3, func() markdown.Link {
		return markdown.Link{Line: int(r.int()), Col: int(r.int()), URL: r.str()}
	})
}

func (r *indexReader) entry() *cacheEntry {
	e := &cacheEntry{}
	e.Key = r.hash()
	e.Off = r.int()
	for i := range e.Lens {
		e.Lens[i] = uint32(r.uint())
	}
	e.Stat = FileStat{Size: r.int(), MTime: r.int(), Ino: r.uint()}
	e.Settings = r.hash()
	e.Probs = readList(r, 6, func() diag.Error {
		p := diag.Error{Pos: diag.Pos{File: r.str(), Line: int(r.int()), Col: int(r.int())}}
		p.Severity = diag.Severity(r.int())
		p.Msg, p.Hint = r.str(), r.str()
		return p
	})
	start := r.i
	e.Zones = readList(r, 3, func() zone { return zone{Kind: int(r.int()), Name: r.str(), Offset: int(r.int())} })
	if len(e.Zones) > 0 {
		if r.err == nil && r.zones != nil {
			if zs, ok := r.zones[string(r.b[start:r.i])]; ok {
				e.Zones = zs
			} else {
				r.zones[string(r.b[start:r.i])] = e.Zones
			}
		}
	}
	e.File = r.file()
	return e
}

func (r *indexReader) file() *File {
	f := &File{Kind: Kind(r.int()), ID: r.str(), Lang: r.str(), Path: r.str(), BundleDir: r.str(), Resources: r.strs()}
	f.Pos = Positions{Keys: r.str(), LineCol: r.bytes()}
	f.BodyLine = int(r.int())
	f.Body = r.bytes()
	f.Hash = r.hash()
	if r.bool() {
		d := &markdown.Doc{}
		d.HTML = r.bytes()
		d.Summary, d.SummaryText = r.str(), r.str()
		d.HasMore = r.bool()
		d.Text = r.str()
		d.WordCount, d.ReadingMinutes = int(r.int()), int(r.int())
		d.TOC = r.toc()
		d.Links = r.links()
		d.Images = readList(r, 5, func() markdown.Image {
			return markdown.Image{Src: r.str(), Alt: r.str(), Title: r.str(), Line: int(r.int()), Col: int(r.int())}
		})
		d.Dropped = r.links()
		d.H1Count = int(r.int())
		d.Literals = readList(r, 6, func() markdown.Literal {
			return markdown.Literal{Kind: markdown.LiteralKind(r.uint()), Name: r.str(), Text: r.str(), Line: int(r.int()), Col: int(r.int()), EndLine: int(r.int())}
		})
		f.Doc = d
	}
	if r.bool() {
		f.Post = r.postMeta()
	}
	return f
}

func (r *indexReader) postMeta() *PostMeta {
	m := &PostMeta{}
	m.Title, m.Description, m.Slug = r.str(), r.str(), r.str()
	m.Aliases, m.Tags, m.Categories = r.strs(), r.strs(), r.strs()
	m.Canonical = r.str()
	m.Noindex = r.bool()
	m.Date, m.PublishDate, m.ExpiryDate, m.Lastmod = r.time(), r.time(), r.time(), r.time()
	m.Draft = r.bool()
	m.Author, m.ReviewedBy = r.str(), r.str()
	m.LastReviewed = r.time()
	m.Audience, m.About = r.str(), r.str()
	if n := r.len(4); n > 0 {
		m.Sources = make([]Source, n)
		for i := range m.Sources {
			m.Sources[i] = Source{Title: r.str(), URL: r.str(), Publisher: r.str(), Date: r.str()}
		}
	}
	m.Image, m.ImageAlt, m.Series = r.str(), r.str(), r.str()
	m.SeriesOrder = int(r.int())
	m.Notices = r.strs()
	m.Social.Text = r.str()
	m.Social.TextByPlatform = r.strMap()
	m.Social.Hashtags, m.Social.Platforms = r.strs(), r.strs()
	m.Social.Skip = r.bool()
	m.Social.At = r.times()
	m.Check.Ignore = r.strMap()
	m.Layout = r.str()
	return m
}

// writeIndex writes the index: indexMagic, cacheVersion, the build stamp,
// the size of the pack it describes and the number of entries, then each
// entry after its length. each calls its function on every entry.
func writeIndex(w *bufio.Writer, packSize int64, n int, each func(func(*cacheEntry) error) error) error {
	e := encoder{b: []byte(indexMagic)}
	e.uint(cacheVersion)
	stamp := BuildStamp()
	e.b = append(e.b, stamp[:]...)
	e.int(packSize)
	e.uint(uint64(n))
	if _, err := w.Write(e.b); err != nil {
		return err
	}
	var buf, head []byte
	return each(func(ce *cacheEntry) error {
		var err error
		if buf, err = appendEntry(buf[:0], ce); err != nil {
			return fmt.Errorf("%s: %w", ce.File.Path, err)
		}
		head = binary.AppendUvarint(head[:0], uint64(len(buf)))
		if _, err := w.Write(head); err != nil {
			return err
		}
		_, err = w.Write(buf)
		return err
	})
}

// readIndex reads what writeIndex wrote, calling add on each entry. It
// fails on an index of another version or build of carepress, as on one
// that is cut short or damaged.
func readIndex(rd *bufio.Reader, add func(*cacheEntry) error) (packSize int64, err error) {
	magic := make([]byte, len(indexMagic))
	if _, err := io.ReadFull(rd, magic); err != nil || string(magic) != indexMagic {
		return 0, errors.New("not a content index")
	}
	v, err := binary.ReadUvarint(rd)
	if err != nil || v != cacheVersion {
		return 0, errors.New("content index of another version")
	}
	var stamp [32]byte
	if _, err := io.ReadFull(rd, stamp[:]); err != nil || stamp != BuildStamp() {
		return 0, errors.New("content index of another build")
	}
	if packSize, err = binary.ReadVarint(rd); err != nil {
		return 0, err
	}
	n, err := binary.ReadUvarint(rd)
	if err != nil {
		return 0, err
	}
	var buf []byte
	zones := map[string][]zone{}
	for range n {
		l, err := binary.ReadUvarint(rd)
		if err != nil {
			return 0, err
		}
		// Grow the buffer as bytes come, not to what a damaged length
		// claims.
		buf = buf[:0]
		for uint64(len(buf)) < l {
			k := min(l-uint64(len(buf)), 1<<20)
			buf = slices.Grow(buf, int(k))
			m, err := io.ReadFull(rd, buf[len(buf):len(buf)+int(k)])
			buf = buf[:len(buf)+m]
			if err != nil {
				return 0, err
			}
		}
		r := indexReader{b: buf, zones: zones}
		ce := r.entry()
		if r.err == nil && r.i != len(buf) {
			r.fail()
		}
		if r.err != nil {
			return 0, r.err
		}
		if err := add(ce); err != nil {
			return 0, err
		}
	}
	return packSize, nil
}
