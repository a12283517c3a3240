package output

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/carepress/carepress/internal/diag"
)

// crashSpec tells a child process of the test binary what to do: commit
// Files into Out, or only open Out (Recover), and die at step Kill of
// the commit or of the recovery (WithCommitHook).
type crashSpec struct {
	Out     string
	Files   map[string]string
	Force   bool
	Recover bool
	Kill    int
}

const crashEnv = "OUTPUT_TEST_CRASH_SPEC"

func TestMain(m *testing.M) {
	if spec := os.Getenv(crashEnv); spec != "" {
		crashChild(spec)
		os.Exit(0) // the step never came: the commit ran to its end
	}
	os.Exit(m.Run())
}

// crashChild does what the spec in the file name says, and kills itself
// with SIGKILL (where there are signals) at the step it gives: no
// deferred function, no cleanup runs, as after kill -9 or a power cut.
func crashChild(name string) {
	data, err := os.ReadFile(name)
	if err != nil {
		panic(err)
	}
	var spec crashSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		panic(err)
	}
	ctx := WithCommitHook(context.Background(), func(step int) {
		if step == spec.Kill {
			p, _ := os.FindProcess(os.Getpid())
			p.Kill()
			select {}
		}
	})
	s, err := NewStage(ctx, spec.Out, nil)
	if err != nil {
		panic(err)
	}
	if spec.Recover {
		return
	}
	for rel, data := range spec.Files {
		if err := s.WriteFile(rel, []byte(data)); err != nil {
			panic(err)
		}
	}
	if _, err := s.Commit(spec.Force); err != nil {
		panic(err)
	}
}

// crash runs spec in a child process and reports whether it was killed
// (rather than finishing).
func crash(t *testing.T, spec crashSpec) bool {
	t.Helper()
	data, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "spec.json")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+name)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return false
	case errors.As(err, &exit) && !exit.Exited():
		return true // killed by the signal
	case errors.As(err, &exit) && runtime.GOOS == "windows" && exit.ExitCode() == 1:
		return true // what Kill leaves where there are no signals
	}
	t.Fatalf("child: %v\n%s", err, out)
	return false
}

// The sites of the crash tests: from v1 to v2, files are kept, changed,
// added and removed, a file becomes a directory and a directory a file.
var (
	crashV1 = map[string]string{
		"index.html":           "home",
		"posts/a/index.html":   "a",
		"posts/b/index.html":   "b",
		"posts/b/photo.jpg":    "jpeg",
		"feed":                 "old feed file",
		"docs/x/index.html":    "x",
		"old.html":             "old",
		"tags/flu/index.html":  "flu",
		"css/site.css":         "body{}",
		"images/unchanged.png": "png",
	}
	crashV2 = map[string]string{
		"index.html":           "home, changed",
		"posts/a/index.html":   "a",
		"posts/c/index.html":   "c, new",
		"feed/index.xml":       "feed",
		"docs":                 "docs file",
		"tags/flu/index.html":  "flu, changed",
		"tags/new/index.html":  "new tag",
		"css/site.css":         "body{}",
		"images/unchanged.png": "png",
	}
	// Files that are not carepress's and must survive every crash.
	crashHand = map[string]string{"CNAME": "clinic.example", "posts/b/notes.txt": "mine"}
)

// withDirs adds to files the directories they imply, as tree shows them.
func withDirs(files map[string]string) map[string]string {
	m := map[string]string{}
	for rel, data := range files {
		m[rel] = data
		for d := filepath.Dir(filepath.FromSlash(rel)); d != "."; d = filepath.Dir(d) {
			m[filepath.ToSlash(d)+"/"] = ""
		}
	}
	return m
}

// crashSetup builds v1 into a new output directory, with the hand-made
// files beside it.
func crashSetup(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, false, crashV1)
	for rel, data := range crashHand {
		writeFile(t, filepath.Join(out, filepath.FromSlash(rel)), data)
	}
	return out
}

// commitSteps counts the steps of the commit from v1 to v2.
func commitSteps(t *testing.T) int {
	t.Helper()
	out := crashSetup(t)
	last := -1
	ctx := WithCommitHook(context.Background(), func(step int) { last = step })
	s, err := NewStage(ctx, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard()
	for rel, data := range crashV2 {
		if err := s.WriteFile(rel, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Commit(false); err != nil {
		t.Fatal(err)
	}
	return last
}

// assertFinished checks that out holds v2 and the hand-made files, as a
// commit that was not interrupted leaves it, and that a build of v2 finds
// every file in place.
func assertFinished(t *testing.T, out string, want map[string]string) {
	t.Helper()
	all := map[string]string{}
	for rel, data := range want {
		all[rel] = data
	}
	for rel, data := range crashHand {
		all[rel] = data
	}
	equalTrees(t, siteTree(t, out), withDirs(all))
	assertNoLeftovers(t, out)
	if st := build(t, out, false, want); st != (Stats{Unchanged: len(want)}) {
		t.Errorf("build after recovery: stats = %+v, want %d unchanged", st, len(want))
	}
	equalTrees(t, siteTree(t, out), withDirs(all))
}

// assertNoLeftovers checks that nothing of a build is left beside or in
// out: no staging directory, lock, journal or temporary file.
func assertNoLeftovers(t *testing.T, out string) {
	t.Helper()
	assertNoStaging(t, out)
	for _, name := range []string{filepath.Join(filepath.Dir(out), ".public.lock"), filepath.Join(out, JournalName)} {
		if _, err := os.Lstat(name); err == nil {
			t.Errorf("%s left behind", name)
		}
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.Contains(e.Name(), tmpMark) {
			t.Errorf("%s left behind", e.Name())
		}
	}
}

// TestKilledCommitIsFinished kills a process at every step of a commit,
// from before its first change to after its last, and checks that the
// next stage of the output directory leaves it as the commit would have:
// the new site, never a mix of two.
func TestKilledCommitIsFinished(t *testing.T) {
	steps := commitSteps(t)
	if steps < 10 {
		t.Fatalf("the commit from v1 to v2 has %d steps, want more to test", steps)
	}
	for n := 0; n <= steps; n++ {
		t.Run(fmt.Sprint("step ", n), func(t *testing.T) {
			out := crashSetup(t)
			if !crash(t, crashSpec{Out: out, Files: crashV2, Kill: n}) {
				t.Fatalf("the child was not killed at step %d", n)
			}
			_, journal := os.Lstat(filepath.Join(out, JournalName))
			if n >= 1 && n < steps && journal != nil {
				t.Errorf("no journal after step %d: %v", n, journal)
			}
			warnings := reopen(t, out)
			if n == 0 {
				// Killed before the journal: nothing had changed.
				equalTrees(t, siteTree(t, out), withDirs(merge(crashV1, crashHand)))
				if len(warnings) != 0 {
					t.Errorf("warnings = %v, want none", warnings)
				}
				assertNoLeftovers(t, out)
				assertFinished(t, out, crashV1)
				return
			}
			if journal == nil && !strings.Contains(warnings.Error(), "interrupted") {
				t.Errorf("warnings = %v, want one about the interrupted build", warnings)
			}
			assertFinished(t, out, crashV2)
		})
	}
}

// TestKilledRecoveryIsFinished: the recovery of an interrupted commit may
// itself be interrupted; the next one finishes both.
func TestKilledRecoveryIsFinished(t *testing.T) {
	steps := commitSteps(t)
	for _, n := range []int{1, steps / 2, steps - 2} {
		for m := 1; m <= 6; m++ {
			t.Run(fmt.Sprintf("commit step %d, recovery step %d", n, m), func(t *testing.T) {
				out := crashSetup(t)
				if !crash(t, crashSpec{Out: out, Files: crashV2, Kill: n}) {
					t.Fatalf("the child was not killed at step %d", n)
				}
				crash(t, crashSpec{Out: out, Recover: true, Kill: m}) // may finish before step m
				reopen(t, out)
				assertFinished(t, out, crashV2)
			})
		}
	}
}

// TestKilledCommitWithForceIsFinished: the foreign files that force lets
// a commit remove are in the journal too.
func TestKilledCommitWithForceIsFinished(t *testing.T) {
	for _, n := range []int{1, 2, 3} {
		t.Run(fmt.Sprint("step ", n), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			build(t, out, false, map[string]string{"index.html": "home"})
			writeFile(t, filepath.Join(out, "about"), "a foreign file where a directory goes")
			writeFile(t, filepath.Join(out, "CNAME"), "foreign, overwritten")
			v2 := map[string]string{"index.html": "home 2", "about/index.html": "about", "CNAME": "clinic.example"}
			if !crash(t, crashSpec{Out: out, Files: v2, Force: true, Kill: n}) {
				t.Fatalf("the child was not killed at step %d", n)
			}
			if st := build(t, out, false, v2); st.Written+st.Unchanged != len(v2) {
				t.Errorf("stats = %+v", st)
			}
			equalTrees(t, siteTree(t, out), withDirs(v2))
			assertNoLeftovers(t, out)
		})
	}
}

// reopen makes a stage of out and discards it, as a build that fails
// would, and returns its warnings: whatever a dead build left is dealt
// with by then.
func reopen(t *testing.T, out string) diag.List {
	t.Helper()
	s, err := NewStage(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	warnings := s.Warnings()
	if err := s.Discard(); err != nil {
		t.Fatal(err)
	}
	return warnings
}

func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}
