package content

import (
	"encoding/binary"

	"github.com/carepress/carepress/internal/markdown"
)

// A post's record in the pack holds what of it is read only when a page,
// a feed or a check rule needs it, so that a site of any size keeps in
// memory its posts' metadata and summaries rather than their bodies:
// a head of nParts uint32 lengths, then each part's bytes in this order.
const (
	partBody  = iota // the markdown source of the body
	partText         // Doc.Text
	partHTML         // Doc.HTML
	partTOC          // Doc.TOC, written by appendTOC
	partLinks        // Doc.Links, written by appendLinks
	nParts
)

const recHead = 4 * nParts

var partNames = [nParts]string{"markdown", "text", "HTML", "headings", "links"}

// parts are the lengths of a record's parts.
type parts [nParts]uint32

// size is the record's size in the pack, head included.
func (p parts) size() int64 {
	n := int64(recHead)
	for _, l := range p {
		n += int64(l)
	}
	return n
}

// at is the offset of part i in a record whose head is at off.
func (p parts) at(off int64, i int) int64 {
	off += recHead
	for _, l := range p[:i] {
		off += int64(l)
	}
	return off
}

// record is the pack record of the parts given, head included.
func record(ps [nParts][]byte) ([]byte, parts) {
	var lens parts
	n := recHead
	for i, p := range ps {
		lens[i] = uint32(len(p))
		n += len(p)
	}
	rec := make([]byte, recHead, n)
	for i, l := range lens {
		binary.LittleEndian.PutUint32(rec[4*i:], l)
	}
	for _, p := range ps {
		rec = append(rec, p...)
	}
	return rec, lens
}

// appendTOC encodes headings: their count, then for each its level, line,
// id and text.
func appendTOC(b []byte, toc []markdown.Heading) []byte {
	b = binary.AppendUvarint(b, uint64(len(toc)))
	for _, h := range toc {
		b = binary.AppendVarint(b, int64(h.Level))
		b = binary.AppendVarint(b, int64(h.Line))
		b = appendString(b, h.ID)
		b = appendString(b, h.Text)
	}
	return b
}

// appendLinks encodes links: their count, then for each its line, column
// and URL.
func appendLinks(b []byte, links []markdown.Link) []byte {
	b = binary.AppendUvarint(b, uint64(len(links)))
	for _, l := range links {
		b = binary.AppendVarint(b, int64(l.Line))
		b = binary.AppendVarint(b, int64(l.Col))
		b = appendString(b, l.URL)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// decodeTOC reads what appendTOC wrote.
func decodeTOC(b []byte) ([]markdown.Heading, error) {
	r := indexReader{b: b}
	toc := r.toc()
	return toc, r.err
}

// decodeLinks reads what appendLinks wrote.
func decodeLinks(b []byte) ([]markdown.Link, error) {
	r := indexReader{b: b}
	links := r.links()
	return links, r.err
}
