package build

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
)

// stateName is the file in the cache directory that remembers, for the
// next build, the digest of every page of the last one.
const stateName = "pages.state"

// stateVersion names the state file's layout; a new layout gets a new one.
const stateVersion = "carepress page digests 3"

// stateFile is the state file, in encoding/gob: the build stamp, the
// output directory, the Stamp of the manifest the build left there, and
// each output file's digest. The digests hold only for the output
// directory that manifest describes: the caller compares the stamp with
// the manifest's before it trusts them.
//
// A hand-written binary layout saved ~20 ms a warm build over gob (7 ms
// against 26 ms to write and read 15,869 digests), 0.1% of the CPU of a
// cold 10k-post build: under the 5% a hand-written format must save.
type stateFile struct {
	Version  string
	Build    []byte // cacheStamp
	Out      string
	Manifest string
	Digests  map[string]digest
}

func loadState(file, out string) (map[string]digest, string) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, ""
	}
	var st stateFile
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&st); err != nil ||
		st.Version != stateVersion || !bytes.Equal(st.Build, cacheStamp()) || st.Out != out || st.Digests == nil {
		return nil, ""
	}
	return st.Digests, st.Manifest
}

func saveState(file, out, stamp string, d map[string]digest) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(stateFile{Version: stateVersion, Build: cacheStamp(), Out: out, Manifest: stamp, Digests: d}); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	tmp := file + fmt.Sprintf(".tmp-%d", os.Getpid())
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	_ = os.Remove(filepath.Join(filepath.Dir(file), "pages.gob")) // this file's name before
	return os.Rename(tmp, file)
}
