package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/carepress/carepress/internal/sitefs"
	"github.com/fsnotify/fsnotify"
)

// watched lists what the server watches in the site root: the
// configuration file and the source folders, recursively.
var watched = [...]string{"carepress.yaml", "content", "templates", "themes", "static"}

// isWatched reports whether rel (a slash path from the site root) is one
// of the watched sources.
func isWatched(rel string) bool {
	top, _, _ := strings.Cut(rel, "/")
	for _, w := range watched {
		if top == w {
			return true
		}
	}
	return false
}

// Ignored reports whether a file named base is an editor's or system's
// by-product rather than a source: swap, backup, lock and probe files, and
// the temporary files of a write-then-rename save. Their events are
// dropped; the rename that completes a save names the real file.
func Ignored(base string) bool {
	switch {
	case base == "" || base == ".DS_Store" || base == "Thumbs.db":
		return true
	case strings.HasPrefix(base, ".#"), // emacs lock
		strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"), // emacs autosave
		strings.HasSuffix(base, "~"),                                 // backups
		strings.HasSuffix(base, ".tmp"), strings.HasSuffix(base, ".temp"),
		strings.HasSuffix(base, ".part"), strings.HasSuffix(base, ".crdownload"),
		strings.HasSuffix(base, ".kate-swp"),
		strings.HasSuffix(base, "___jb_tmp___"), strings.HasSuffix(base, "___jb_old___"): // JetBrains
		return true
	}
	if ext := path.Ext(base); len(ext) == 4 && strings.HasPrefix(ext, ".sw") || ext == ".swpx" {
		return true // vim swap files: .swp, .swo, .swn ...
	}
	// vim probes a folder's permissions with a file named 4913, or
	// 4913+123n while that one exists.
	if n, err := strconv.Atoi(base); err == nil && n >= 4913 && (n-4913)%123 == 0 && n < 4913+123*100 {
		return true
	}
	return false
}

// watcher turns file system changes under root into batches of changed
// paths (site-root-relative slash paths). It walks the sources as a build
// reads them, through the site's sitefs.FS: a link to a folder inside the
// site is watched under its own name, and a link out of the site is never
// followed (the build reports it).
type watcher struct {
	root     string
	src      *sitefs.FS // open while run runs
	log      io.Writer
	debounce time.Duration
	// poll, when set, polls at this interval instead of using fsnotify.
	poll time.Duration
	// add adds a watch; nil means fsnotify's. Tests make it fail as a
	// watch limit would.
	add func(fw *fsnotify.Watcher, dir string) error
}

func (w *watcher) addWatch(fw *fsnotify.Watcher, dir string) error {
	if w.add != nil {
		return w.add(fw, dir)
	}
	return fw.Add(dir)
}

// defaultPoll is the polling interval when events cannot be watched.
const defaultPoll = 300 * time.Millisecond

// maxWait bounds how long a stream of events without a quiet gap (a long
// copy, a git checkout) delays the rebuild.
const maxWait = 500 * time.Millisecond

// run watches until ctx is done, sending each debounced batch on out. A
// nil batch means "everything may have changed". It never blocks event
// intake on a busy receiver: batches merge until out takes them.
func (w *watcher) run(ctx context.Context, out chan<- []string) {
	src, err := sitefs.Open(w.root)
	if err != nil {
		fmt.Fprintf(w.log, "cannot watch the site for changes: %v\n", err)
		return
	}
	defer src.Close()
	w.src = src
	notes := make(chan []change, 64)
	go func() {
		if w.poll <= 0 {
			err := w.notify(ctx, notes)
			if err == nil || ctx.Err() != nil {
				return
			}
			fmt.Fprintf(w.log, "cannot watch the site for changes (%v): polling every %s instead\n", err, defaultPoll)
			w.poll = defaultPoll
		}
		w.pollLoop(ctx, notes)
	}()

	var (
		// pending maps a path to whether it was created in this batch.
		pending    = map[string]bool{}
		readySet   = map[string]bool{}
		pendingAll bool // a nil note: everything may have changed
		readyAll   bool
		ready      []string // the batch offered to out
		haveReady  bool
		first      time.Time // first event of the pending batch
	)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		var send chan<- []string
		if haveReady {
			send = out
		}
		select {
		case <-ctx.Done():
			return
		case batch := <-notes:
			if batch == nil {
				pendingAll = true
			}
			for _, c := range batch {
				if _, seen := pending[c.path]; !seen {
					pending[c.path] = c.created
				}
			}
			now := time.Now()
			if first.IsZero() {
				first = now
			}
			// Wait for a quiet gap, but not forever.
			timer.Reset(max(0, min(w.debounce, maxWait-now.Sub(first))))
		case <-timer.C:
			first = time.Time{}
			readyAll = readyAll || pendingAll
			for p, created := range pending {
				// A file created and gone within the batch is an editor's
				// temporary file (sed -i, write-then-rename): no source.
				if created && !w.exists(p) {
					continue
				}
				readySet[p] = true
			}
			clear(pending)
			pendingAll = false
			ready = nil
			if !readyAll && len(readySet) == 0 {
				break // only transient files
			}
			if !readyAll {
				ready = make([]string, 0, len(readySet))
				for p := range readySet {
					ready = append(ready, p)
				}
				sort.Strings(ready)
			}
			haveReady = true
		case send <- ready:
			clear(readySet)
			readyAll, ready, haveReady = false, nil, false
		}
	}
}

// change is one noted change; a nil batch of them means everything.
type change struct {
	path string
	// created is true when the path's first event was its creation: if
	// it is gone by the end of the batch, it was never a source.
	created bool
}

// exists reports whether rel is in the site root now.
func (w *watcher) exists(rel string) bool {
	_, err := os.Lstat(filepath.Join(w.root, filepath.FromSlash(rel)))
	return err == nil
}

// notify watches with fsnotify until ctx is done. It returns an error
// when watching cannot be set up or kept up (a watch limit, too many open
// files), and the caller polls instead.
func (w *watcher) notify(ctx context.Context, notes chan<- []change) error {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer fw.Close()
	// The root itself, not recursively: carepress.yaml (saved by rename)
	// and source folders that appear later.
	if err := w.addWatch(fw, w.root); err != nil {
		return err
	}
	for _, name := range watched[1:] {
		if _, err := w.addTree(fw, name); err != nil {
			return err
		}
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-fw.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				select { // events were lost: rebuild everything
				case notes <- nil:
				case <-ctx.Done():
				}
				continue
			}
			return err
		case ev, ok := <-fw.Events:
			if !ok {
				return nil
			}
			rel, err := filepath.Rel(w.root, ev.Name)
			if err != nil || rel == "." {
				continue
			}
			rel = filepath.ToSlash(rel)
			if !isWatched(rel) || Ignored(path.Base(rel)) {
				continue
			}
			batch := []change{{path: rel, created: ev.Has(fsnotify.Create)}}
			if ev.Has(fsnotify.Create) {
				if info, err := fs.Stat(w.src, rel); err == nil && info.IsDir() {
					// Files may land in a new folder before its watch
					// does (mkdir -p && cp, a checkout): take them all.
					files, err := w.addTree(fw, rel)
					if err != nil {
						return err
					}
					for _, f := range files {
						batch = append(batch, change{path: f})
					}
				}
			}
			select {
			case notes <- batch:
			case <-ctx.Done():
				return nil
			}
		}
	}
}

// addTree watches the folder rel and every folder below it, and returns
// the files found in them. A missing folder is no error, nor a link that
// is not followed.
func (w *watcher) addTree(fw *fsnotify.Watcher, rel string) ([]string, error) {
	var files []string
	err := fs.WalkDir(w.src, rel, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if skipped(err) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return w.addWatch(fw, filepath.Join(w.root, filepath.FromSlash(p)))
		}
		if !Ignored(d.Name()) {
			files = append(files, p)
		}
		return nil
	})
	return files, err
}

// skipped reports whether a walk's error is a source that is not there,
// or a link it does not follow: a link out of the site, or a loop.
func skipped(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || sitefs.Refused(err)
}

// stamp is what polling compares to tell a file changed.
type stamp struct {
	size int64
	mod  time.Time
	dir  bool
}

// pollLoop scans the watched sources every w.poll until ctx is done and
// notes what was created, changed or removed.
func (w *watcher) pollLoop(ctx context.Context, notes chan<- []change) {
	prev := w.scan()
	t := time.NewTicker(w.poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		cur := w.scan()
		var changed []change
		for p, s := range cur {
			if old, ok := prev[p]; !ok || (!s.dir && (old.size != s.size || !old.mod.Equal(s.mod))) {
				changed = append(changed, change{path: p})
			}
		}
		for p := range prev {
			if _, ok := cur[p]; !ok {
				changed = append(changed, change{path: p})
			}
		}
		prev = cur
		if len(changed) > 0 {
			select {
			case notes <- changed:
			case <-ctx.Done():
				return
			}
		}
	}
}

// scan stamps every watched source file and folder.
func (w *watcher) scan() map[string]stamp {
	out := map[string]stamp{}
	for _, name := range watched {
		fs.WalkDir(w.src, name, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() && Ignored(d.Name()) {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			out[p] = stamp{size: info.Size(), mod: info.ModTime(), dir: d.IsDir()}
			return nil
		})
	}
	return out
}
