package arch

import (
	"bufio"
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// forbidden lists, for a package of this module, the packages it may not
// depend on, directly or through others; an entry ending in "/..." stands
// for the package and everything under it.
var forbidden = []struct {
	pkg, not, why string
}{
	{"internal/config", "internal/social/...", "the configuration sits below the social planner; shared types go in a package below both (internal/cadence)"},
	{"internal/config", "internal/site", "the model is made from the configuration, never the reverse"},
	{"internal/config", "internal/build", "the configuration sits below the build"},
	{"internal/build", "internal/check", "the build runs the check its caller hands it (Options.Check, check.Gate); what both need lives below (site.PrivacyAllow)"},
	{"internal/site", "internal/render", "the model knows nothing of templates"},
	{"internal/site", "internal/build", "the model knows nothing of the build"},
	{"internal/render", "internal/build", "rendering knows nothing of the build"},
	{"internal/render", "internal/check", "rendering knows nothing of the checks"},
	{"internal/check", "internal/build", "a check reads the model a build made; the build wires it in"},
}

// TestDependenciesRunOneWay walks the imports of each package above (not
// its tests': a test may load a site with the build) and fails on a
// forbidden one, naming the chain that reaches it.
func TestDependenciesRunOneWay(t *testing.T) {
	root, module := moduleRoot(t)
	imports := map[string][]string{} // module-relative path → module-relative imports
	var load func(rel string) []string
	load = func(rel string) []string {
		if deps, ok := imports[rel]; ok {
			return deps
		}
		imports[rel] = nil
		p, err := build.ImportDir(filepath.Join(root, filepath.FromSlash(rel)), 0)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		var deps []string
		for _, imp := range p.Imports {
			if r, ok := strings.CutPrefix(imp, module+"/"); ok {
				deps = append(deps, r)
			}
		}
		imports[rel] = deps
		return deps
	}
	matches := func(pattern, rel string) bool {
		if base, ok := strings.CutSuffix(pattern, "/..."); ok {
			return rel == base || strings.HasPrefix(rel, base+"/")
		}
		return rel == pattern
	}
	for _, f := range forbidden {
		// Breadth first, so that the chain reported is a shortest one.
		from := map[string]string{f.pkg: ""}
		queue := []string{f.pkg}
		for len(queue) > 0 {
			cur := queue[0]
			queue = queue[1:]
			if cur != f.pkg && matches(f.not, cur) {
				chain := []string{cur}
				for p := from[cur]; p != ""; p = from[p] {
					chain = append(chain, p)
				}
				slices.Reverse(chain)
				t.Errorf("%s depends on %s (%s): %s", f.pkg, f.not, f.why, strings.Join(chain, " → "))
				break
			}
			for _, d := range load(cur) {
				if _, seen := from[d]; !seen {
					from[d] = cur
					queue = append(queue, d)
				}
			}
		}
	}
}

// moduleRoot finds the module's root folder and path from go.mod above
// the test's folder.
func moduleRoot(t *testing.T) (root, module string) {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		f, err := os.Open(filepath.Join(dir, "go.mod"))
		if err == nil {
			defer f.Close()
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				if m, ok := strings.CutPrefix(sc.Text(), "module "); ok {
					return dir, strings.TrimSpace(m)
				}
			}
			t.Fatal("go.mod names no module")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}
