// Package testtool finds the outside tools a test validates against
// (xmllint, Chromium, the npm packages CI installs). A developer's machine
// may lack them: the test then skips, saying what to install. Under CI (the
// CI variable set, as .ci/run sets it) a missing tool fails the test, so a
// CI run can never pass without having validated.
package testtool

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Missing ends t for want of a tool: a skip on a developer's machine, a
// failure under CI. why says what is missing and how to install it.
func Missing(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s, and CI is set: .ci/run must install it", why)
	}
	t.Skip(why)
}

// Command returns the path of the first of names on PATH, or ends t with
// Missing (install says how to get it).
func Command(t testing.TB, install string, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	Missing(t, names[0]+" not found ("+install+")")
	return ""
}

// RepoRoot is the repository's root folder: the one holding go.mod, found
// from this file's own place in the tree.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Testdata is a path under the repository's testdata/ folder.
func Testdata(elem ...string) string {
	return filepath.Join(append([]string{RepoRoot(), "testdata"}, elem...)...)
}

// NodeModule returns the folder of an npm package installed by `npm ci` at
// the repository root, or ends t with Missing.
func NodeModule(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join(RepoRoot(), "node_modules", filepath.FromSlash(name))
	if _, err := os.Stat(dir); err != nil {
		Missing(t, "node_modules/"+name+" not found (run npm ci at the repository root)")
	}
	return dir
}
