//go:build unix

package output

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// stageOf stages files into a new stage of out.
func stageOf(t *testing.T, ctx context.Context, out string, wait func(string), files map[string]string) (*Stage, error) {
	s, err := NewStage(ctx, out, wait)
	if err != nil {
		return nil, err
	}
	for rel, data := range files {
		if err := s.WriteFile(rel, []byte(data)); err != nil {
			s.Discard()
			return nil, err
		}
	}
	return s, nil
}

// TestSecondBuildWaitsForTheFirst: while one build holds the output
// directory, another says that it waits, and waits; it goes on once the
// first has committed, from what the first left. Its staging directory,
// beside, is left alone.
func TestSecondBuildWaitsForTheFirst(t *testing.T) {
	for _, end := range []string{"commit", "discard"} {
		t.Run(end, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			build(t, out, false, map[string]string{"index.html": "home", "old.html": "old"})
			first, err := stageOf(t, context.Background(), out, nil, map[string]string{"index.html": "home 1", "one.html": "1"})
			if err != nil {
				t.Fatal(err)
			}
			told := make(chan string, 1)
			type result struct {
				st  Stats
				err error
			}
			second := make(chan result, 1)
			go func() {
				s, err := stageOf(t, context.Background(), out, func(msg string) { told <- msg }, map[string]string{"index.html": "home 2", "one.html": "1"})
				if err != nil {
					second <- result{err: err}
					return
				}
				st, err := s.Commit(false)
				second <- result{st, err}
			}()
			select {
			case msg := <-told:
				want := fmt.Sprintf("waiting for another build (process %d) to finish writing %q", os.Getpid(), out)
				if msg != want {
					t.Errorf("message %q, want %q", msg, want)
				}
			case r := <-second:
				t.Fatalf("the second build did not wait: %+v", r)
			case <-time.After(time.Minute):
				t.Fatal("the second build neither waited nor said so")
			}
			time.Sleep(5 * lockPoll)
			select {
			case r := <-second:
				t.Fatalf("the second build went on while the first held the directory: %+v", r)
			default:
			}
			if _, err := os.Stat(first.dir); err != nil {
				t.Fatalf("the first build's staging directory: %v", err)
			}
			want := map[string]string{"index.html": "home 2", "one.html": "1"}
			wantStats := Stats{Written: 2, Removed: 1} // over the first build's output
			if end == "commit" {
				if _, err := first.Commit(false); err != nil {
					t.Fatalf("the first build's commit: %v", err)
				}
				wantStats = Stats{Written: 1, Unchanged: 1}
			} else if err := first.Discard(); err != nil {
				t.Fatal(err)
			}
			r := <-second
			if r.err != nil || r.st != wantStats {
				t.Errorf("second build: %+v, %v; want %+v", r.st, r.err, wantStats)
			}
			equalTrees(t, siteTree(t, out), want)
			assertNoLeftovers(t, out)
		})
	}
}

// TestWaitingBuildStopsWithItsContext: a build waiting for the output
// directory stops when it is cancelled, and changes nothing.
func TestWaitingBuildStopsWithItsContext(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, false, map[string]string{"index.html": "home"})
	first, err := NewStage(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Discard()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := NewStage(ctx, out, func(string) { cancel() })
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), out) {
			t.Errorf("err = %v, want one naming %s and wrapping context.Canceled", err, out)
		}
	case <-time.After(time.Minute):
		t.Fatal("the waiting build did not stop")
	}
	if err := first.WriteFile("index.html", []byte("home 1")); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Commit(false); err != nil {
		t.Fatal(err)
	}
	equalTrees(t, siteTree(t, out), map[string]string{"index.html": "home 1"})
}

// TestDeadBuildsLeftoversAreRemoved: what a build killed before its
// commit leaves (its staging directory, its lock file, a half-written
// manifest or journal) is removed by the next, and nothing else is.
func TestDeadBuildsLeftoversAreRemoved(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	build(t, out, false, map[string]string{"index.html": "home"})
	dead := []string{
		".public.staging-123/posts/a/index.html",
		".public.staging-4567890/index.html",
		"public/" + ManifestName + tmpMark + "ABC",
		"public/" + JournalName + tmpMark + "DEF",
		".public.lock",
	}
	kept := []string{
		".public.staging-old/keep.txt", // not a name NewStage makes
		".other.staging-123/keep.txt",  // another output directory's
		".public.staging-/keep.txt",
		"public.staging-1/keep.txt",
		"public/notes" + tmpMark + "1",
	}
	for _, rel := range append(dead, kept...) {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(rel)), "x")
	}
	build(t, out, false, map[string]string{"index.html": "home 2"})
	for _, rel := range dead {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel))); err == nil {
			t.Errorf("%s left behind", rel)
		}
	}
	for _, rel := range kept {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
			t.Errorf("%s: %v", rel, err)
		}
	}
}

// TestLockFileGoesWithTheBuild: the lock file exists while a build holds
// the output directory, holds its process id, and goes with it.
func TestLockFileGoesWithTheBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	lock := filepath.Join(filepath.Dir(out), ".public.lock")
	for _, end := range []func(*Stage) error{
		func(s *Stage) error { _, err := s.Commit(false); return err },
		(*Stage).Discard,
	} {
		s, err := NewStage(context.Background(), out, nil)
		if err != nil {
			t.Fatal(err)
		}
		if b, err := os.ReadFile(lock); err != nil || strings.TrimSpace(string(b)) != fmt.Sprint(os.Getpid()) {
			t.Errorf("lock file = %q, %v; want this process's id", b, err)
		}
		if err := end(s); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Lstat(lock); err == nil {
			t.Errorf("lock file left behind")
		}
	}
}
