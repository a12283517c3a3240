package build

import (
	"maps"
	"os"
	"path/filepath"
	"testing"
)

// TestStateRoundTrips: the page digests saved by one build are what the
// next reads, with the stamp of the manifest they go with, for the same
// output directory only; a cut file is no state, never an error.
func TestStateRoundTrips(t *testing.T) {
	file := filepath.Join(t.TempDir(), "cache", stateName)
	d := map[string]digest{"index.html": {1, 2, 3}, "posts/a/index.html": {4}, "é/ü.xml": {31: 9}}
	if err := saveState(file, "/site/public", "0a1b", d); err != nil {
		t.Fatal(err)
	}
	if got, stamp := loadState(file, "/site/public"); !maps.Equal(got, d) || stamp != "0a1b" {
		t.Errorf("loadState = %v %q, want %v %q", got, stamp, d, "0a1b")
	}
	if got, _ := loadState(file, "/site/other"); got != nil {
		t.Errorf("loadState of another output directory = %v, want nil", got)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i := range data {
		os.WriteFile(file, data[:i], 0o644)
		if got, _ := loadState(file, "/site/public"); got != nil {
			t.Fatalf("loadState of the first %d bytes = %v, want nil", i, got)
		}
	}
}
