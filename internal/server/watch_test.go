package server

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// startWatcher watches root until the test ends and returns its batches.
func startWatcher(t *testing.T, w *watcher) (<-chan []string, *syncBuffer) {
	t.Helper()
	log := &syncBuffer{}
	w.log = log
	if w.debounce == 0 {
		w.debounce = DefaultDebounce
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	out := make(chan []string)
	go w.run(ctx, out)
	// Let the watches be set up before the test changes anything.
	time.Sleep(100 * time.Millisecond)
	return out, log
}

func nextBatch(t *testing.T, out <-chan []string) []string {
	t.Helper()
	select {
	case b := <-out:
		return b
	case <-time.After(10 * time.Second):
		t.Fatal("no batch within 10s")
	}
	return nil
}

// noBatch checks that nothing more comes.
func noBatch(t *testing.T, out <-chan []string) {
	t.Helper()
	select {
	case b := <-out:
		t.Errorf("unexpected batch %q", b)
	case <-time.After(300 * time.Millisecond):
	}
}

// Each save pattern must reach the rebuild as one batch naming only the
// file saved.
func TestWatcherSeesEditorSavesAsTheSavedFile(t *testing.T) {
	const rel = "content/posts/flu-shots.md"
	saves := []struct {
		name string
		save func(t *testing.T, root string)
	}{
		{"write in place", func(t *testing.T, root string) {
			writeFile(t, root, rel, "---\ntitle: A\n---\n")
		}},
		{"write then rename", func(t *testing.T, root string) {
			saveByRename(t, root, rel, "---\ntitle: B\n---\n")
		}},
		{"sed -i style temp file", func(t *testing.T, root string) {
			p := filepath.Join(root, "content/posts/sedAb12Cd")
			os.WriteFile(p, []byte("---\ntitle: C\n---\n"), 0o644)
			if err := os.Rename(p, filepath.Join(root, rel)); err != nil {
				t.Fatal(err)
			}
		}},
		{"vim: probe, swap, backup by rename", func(t *testing.T, root string) {
			dir := filepath.Join(root, "content/posts")
			probe := filepath.Join(dir, "4913")
			os.WriteFile(probe, nil, 0o644)
			os.Remove(probe)
			os.WriteFile(filepath.Join(dir, ".flu-shots.md.swp"), []byte("swap"), 0o644)
			p := filepath.Join(root, rel)
			if err := os.Rename(p, p+"~"); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(p, []byte("---\ntitle: D\n---\n"), 0o644)
			os.Remove(p + "~")
			os.Remove(filepath.Join(dir, ".flu-shots.md.swp"))
		}},
		{"emacs lock and backup", func(t *testing.T, root string) {
			dir := filepath.Join(root, "content/posts")
			os.Symlink("user@host.1234", filepath.Join(dir, ".#flu-shots.md"))
			writeFile(t, root, rel, "---\ntitle: E\n---\n")
			writeFile(t, root, rel+"~", "old")
			os.Remove(filepath.Join(dir, ".#flu-shots.md"))
		}},
	}
	for _, s := range saves {
		t.Run(s.name, func(t *testing.T) {
			root := writeSite(t)
			out, _ := startWatcher(t, &watcher{root: root})
			s.save(t, root)
			if got := nextBatch(t, out); !slices.Equal(got, []string{rel}) {
				t.Errorf("batch = %q, want [%s]", got, rel)
			}
			noBatch(t, out)
		})
	}
}

func TestWatcherIgnoresFilesOutsideTheSources(t *testing.T) {
	root := writeSite(t)
	out, _ := startWatcher(t, &watcher{root: root})
	writeFile(t, root, "public/index.html", "x")
	writeFile(t, root, "notes.txt", "x")
	writeFile(t, root, ".carepress/cache/x", "x")
	noBatch(t, out)
	writeFile(t, root, "carepress.yaml", "title: Test Clinic\nbase_url: https://test.example.com/\n")
	if got := nextBatch(t, out); !slices.Equal(got, []string{"carepress.yaml"}) {
		t.Errorf("batch = %q, want [carepress.yaml]", got)
	}
}

func TestWatcherDebouncesABurstIntoOneBatch(t *testing.T) {
	root := writeSite(t)
	out, _ := startWatcher(t, &watcher{root: root, debounce: 250 * time.Millisecond})
	start := time.Now()
	for i := range 5 {
		writeFile(t, root, "content/posts/flu-shots.md", strings.Repeat("x", i+1))
		writeFile(t, root, "content/posts/fiber.md", strings.Repeat("y", i+1))
		time.Sleep(5 * time.Millisecond)
	}
	burst := time.Since(start)
	want := []string{"content/posts/fiber.md", "content/posts/flu-shots.md"}
	if burst > maxWait/2 {
		// A machine this loaded stretched the burst past what one batch
		// may wait for (maxWait): it may come in several batches, each
		// of the burst's files only, until every file has come.
		t.Logf("the burst took %s: it may come in parts", burst)
		seen := map[string]bool{}
		for len(seen) < len(want) {
			for _, p := range nextBatch(t, out) {
				if !slices.Contains(want, p) {
					t.Fatalf("batch holds %q, not a file of the burst", p)
				}
				seen[p] = true
			}
		}
		return
	}
	if got := nextBatch(t, out); !slices.Equal(got, want) {
		t.Errorf("batch = %q, want %q", got, want)
	}
	noBatch(t, out)
}

func TestWatcherTakesFilesOfANewFolder(t *testing.T) {
	root := writeSite(t)
	out, _ := startWatcher(t, &watcher{root: root})
	// A source folder that did not exist when watching began.
	writeFile(t, root, "templates/partials/footer.html", "<footer></footer>")
	got := nextBatch(t, out)
	if !slices.Contains(got, "templates/partials/footer.html") {
		t.Errorf("batch = %q, want it to hold the new folder's file", got)
	}
	// Its folders are watched from now on.
	noBatch(t, out)
	writeFile(t, root, "templates/partials/footer.html", "<footer>2</footer>")
	if got := nextBatch(t, out); !slices.Equal(got, []string{"templates/partials/footer.html"}) {
		t.Errorf("batch = %q, want the edited file", got)
	}
}

func TestWatcherFallsBackToPollingAtAWatchLimit(t *testing.T) {
	root := writeSite(t)
	limit := func(*fsnotify.Watcher, string) error { return syscall.ENOSPC }
	out, log := startWatcher(t, &watcher{root: root, add: limit})
	if !strings.Contains(log.String(), "polling every") {
		t.Fatalf("log = %q, want it to say the server polls", log.String())
	}
	writeFile(t, root, "content/posts/fiber.md", "changed")
	if got := nextBatch(t, out); !slices.Equal(got, []string{"content/posts/fiber.md"}) {
		t.Errorf("batch = %q, want the edited file", got)
	}
	os.Remove(filepath.Join(root, "content/posts/fiber.md"))
	if got := nextBatch(t, out); !slices.Equal(got, []string{"content/posts/fiber.md"}) {
		t.Errorf("batch = %q, want the removed file", got)
	}
}

// A folder linked from elsewhere in the site is watched under the link's
// name, as the build reads it; a folder linked from outside the site is
// never watched (the build refuses it), with events or by polling.
func TestWatcherFollowsLinksOnlyInsideTheSite(t *testing.T) {
	for _, mode := range []struct {
		name string
		poll time.Duration
	}{{"events", 0}, {"polling", 50 * time.Millisecond}} {
		t.Run(mode.name, func(t *testing.T) {
			root := writeSite(t)
			outside := t.TempDir()
			writeFile(t, root, "shared/img/a.svg", "<svg/>")
			writeFile(t, outside, "secret.md", "x")
			for link, target := range map[string]string{"static/img": "../shared/img", "content/posts/ext": outside, "static/up": "../../" + filepath.Base(outside)} {
				if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(link))); err != nil {
					t.Skip(err)
				}
			}
			out, log := startWatcher(t, &watcher{root: root, poll: mode.poll})
			if mode.poll == 0 && log.String() != "" {
				t.Fatalf("log = %q, want nothing (events, not polling)", log.String())
			}
			writeFile(t, outside, "secret.md", "changed")
			writeFile(t, outside, "new.md", "new")
			noBatch(t, out)
			writeFile(t, root, "shared/img/a.svg", "<svg>2</svg>")
			if got := nextBatch(t, out); !slices.Equal(got, []string{"static/img/a.svg"}) {
				t.Errorf("batch = %q, want [static/img/a.svg]", got)
			}
		})
	}
}
