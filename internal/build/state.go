package build

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
)

// stateName is the file in the cache directory that remembers, for the
// next build, the digest of every page of the last one.
const stateName = "pages.state"

// stateMagic begins the state file; a new layout gets a new one.
const stateMagic = "carepress page digests 2\n"

// The state file is stateMagic, the build stamp, then the output
// directory, the Stamp of the manifest the build left there, and each
// output file with its digest: a length (uvarint) and the bytes of each
// name, the 32 bytes of each digest. It is read whole in one pass, as gob
// took ~20 ms each way for 16k files.
//
// The digests hold only for the output directory that manifest describes:
// the caller compares the stamp with the manifest's before it trusts them.

func loadState(file, out string) (map[string]digest, string) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, ""
	}
	d, stamp := readState(data, out)
	if d == nil {
		return nil, ""
	}
	return d, stamp
}

func readState(data []byte, out string) (map[string]digest, string) {
	rest, ok := bytes.CutPrefix(data, []byte(stateMagic))
	if !ok || len(rest) < len(digest{}) || !bytes.Equal(rest[:len(digest{})], cacheStamp()) {
		return nil, ""
	}
	rest = rest[len(digest{}):]
	name := func() (string, bool) {
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(rest)-k) {
			return "", false
		}
		s := string(rest[k : k+int(n)])
		rest = rest[k+int(n):]
		return s, true
	}
	if o, ok := name(); !ok || o != out {
		return nil, ""
	}
	stamp, ok := name()
	if !ok {
		return nil, ""
	}
	count, k := binary.Uvarint(rest)
	if k <= 0 || count > uint64(len(rest)) {
		return nil, ""
	}
	rest = rest[k:]
	d := make(map[string]digest, count)
	for range count {
		rel, ok := name()
		if !ok || len(rest) < len(digest{}) {
			return nil, ""
		}
		d[rel] = digest(rest[:len(digest{})])
		rest = rest[len(digest{}):]
	}
	if len(rest) != 0 {
		return nil, ""
	}
	return d, stamp
}

func saveState(file, out, stamp string, d map[string]digest) error {
	n := len(stateMagic) + len(digest{}) + len(out) + len(stamp) + 3*binary.MaxVarintLen64
	for rel := range d {
		n += binary.MaxVarintLen64 + len(rel) + len(digest{})
	}
	buf := make([]byte, 0, n)
	buf = append(buf, stateMagic...)
	buf = append(buf, cacheStamp()...)
	buf = binary.AppendUvarint(buf, uint64(len(out)))
	buf = append(buf, out...)
	buf = binary.AppendUvarint(buf, uint64(len(stamp)))
	buf = append(buf, stamp...)
	buf = binary.AppendUvarint(buf, uint64(len(d)))
	for rel, dg := range d {
		buf = binary.AppendUvarint(buf, uint64(len(rel)))
		buf = append(buf, rel...)
		buf = append(buf, dg[:]...)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	tmp := file + fmt.Sprintf(".tmp-%d", os.Getpid())
	if err := os.WriteFile(tmp, buf, 0o644); err != nil {
		return err
	}
	_ = os.Remove(filepath.Join(filepath.Dir(file), "pages.gob")) // this file's name before
	return os.Rename(tmp, file)
}
