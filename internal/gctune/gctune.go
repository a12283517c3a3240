// Package gctune sets the garbage collector for a build: a batch job whose
// live heap is small next to what it allocates.
//
// With the default GOGC=100 the heap may grow to twice what is live before
// the next collection. A build of a 10,000-post site keeps ~100 MB live and
// allocates several GB on the way, so it collects about 200 times, and the
// collector's work is a tenth of the build. MinHeap lets the heap grow to a
// floor before collecting (GOGC raised while the live heap is small), and
// goes back to GOGC=100 as the live heap grows, so a large site's peak
// memory stays twice its live heap, as before.
package gctune

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// MinHeap keeps the heap goal at floor bytes at least, until stop is
// called, by setting GOGC after each collection to what gives that goal
// (at least 100). It does nothing when the user set GOGC or GOMEMLIMIT:
// they asked for a policy of their own.
func MinHeap(floor uint64) (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	t := &tuner{floor: floor, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	t.mu.Lock()
	t.old = debug.SetGCPercent(t.percent())
	t.mu.Unlock()
	t.arm()
	return func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		if !t.stopped {
			t.stopped = true
			debug.SetGCPercent(t.old)
		}
	}
}

type tuner struct {
	floor   uint64
	sample  []metrics.Sample
	mu      sync.Mutex // guards what follows
	old     int
	stopped bool
}

// percent is the GOGC for the live heap now.
func (t *tuner) percent() int {
	metrics.Read(t.sample)
	live := uint64(0)
	if t.sample[0].Value.Kind() == metrics.KindUint64 {
		live = t.sample[0].Value.Uint64()
	}
	return percentFor(live, t.floor)
}

// percentFor is the GOGC that makes the heap goal, live × (1 + GOGC/100),
// floor; at least 100, the default. Before the first collection the
// runtime counts 4 MB live, whatever is.
func percentFor(live, floor uint64) int {
	live = max(live, 4<<20)
	if 2*live >= floor {
		return 100
	}
	return int((floor - live) * 100 / live)
}

// arm runs the tuner once after the next collection, through a finalizer
// on a fresh object: the runtime's way to hear of each collection.
func (t *tuner) arm() {
	sentinel := new([16]byte)
	runtime.SetFinalizer(sentinel, func(*[16]byte) {
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.stopped {
			return
		}
		debug.SetGCPercent(t.percent())
		t.arm()
	})
}
