package build

import (
	"errors"
	"io/fs"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/carepress/carepress/internal/output"
)

// sink is where a build puts its files: a Stage of the output directory,
// or memory for the dev server.
type sink interface {
	WriteFile(rel string, data []byte) error
	CopyFile(rel string, src fs.FS, name string) error
	// Keep puts in again the file rel of the last build, unchanged; it
	// fails when it cannot, and the caller writes the file instead.
	Keep(rel string) error
	Has(rel string) bool
}

var _ sink = (*output.Stage)(nil)

// memOut is an output directory in memory: the dev server serves it.
type memOut struct {
	prev map[string][]byte // the last good build

	mu    sync.Mutex
	files map[string][]byte
}

func newMemOut(prev map[string][]byte) *memOut {
	return &memOut{prev: prev, files: map[string][]byte{}}
}

func (m *memOut) WriteFile(rel string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.files[rel]; dup {
		return errors.New("output path \"" + rel + "\" " + output.ErrDuplicate.Error())
	}
	m.files[rel] = append([]byte(nil), data...)
	return nil
}

func (m *memOut) CopyFile(rel string, src fs.FS, name string) error {
	data, err := fs.ReadFile(src, name)
	if err != nil {
		return err
	}
	return m.WriteFile(rel, data)
}

func (m *memOut) Keep(rel string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.prev[rel]
	if !ok {
		return output.ErrNotKept
	}
	if _, dup := m.files[rel]; dup {
		return errors.New("output path \"" + rel + "\" " + output.ErrDuplicate.Error())
	}
	m.files[rel] = data
	return nil
}

func (m *memOut) Has(rel string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.files[rel]
	return ok
}

// changed lists the files whose bytes differ from the last build, and
// those it no longer has.
func (m *memOut) changed() []string {
	var out []string
	for rel, data := range m.files {
		if old, ok := m.prev[rel]; !ok || string(old) != string(data) {
			out = append(out, rel)
		}
	}
	for rel := range m.prev {
		if _, ok := m.files[rel]; !ok {
			out = append(out, rel)
		}
	}
	sort.Strings(out)
	return out
}

// atomicInt counts across goroutines.
type atomicInt struct{ atomic.Int64 }
