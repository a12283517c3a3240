// Package gctune sets the garbage collector for a build: a batch job whose
// live heap is small next to what it allocates, and whose peak memory
// should not grow with the size of its pages.
//
// With the default GOGC=100 the heap may grow to twice what is live before
// the next collection. A build of a 10,000-post site keeps ~60 MB live and
// allocates several GB on the way, so it collects about 200 times, and the
// collector's work is a tenth of the build. Set lets the heap grow to a
// floor before collecting (GOGC raised while the live heap is small), and
// keeps a large site's memory under a ceiling (a soft memory limit) by
// collecting more often as its live heap nears it. A live heap beyond the
// ceiling raises the limit with it, so that a site larger than the
// ceiling allows still builds, rather than collecting without end.
package gctune

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Set keeps the heap goal at floor bytes at least and the memory the
// runtime holds under ceiling, until stop is called: after each collection
// it sets GOGC to what gives that goal (at least 100) and the memory limit
// to ceiling, or to 5/4 of the live heap when that is more. It does
// nothing when the user set GOGC or GOMEMLIMIT: they asked for a policy of
// their own.
func Set(floor, ceiling uint64) (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	t := &tuner{floor: floor, ceiling: ceiling, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	t.mu.Lock()
	t.oldPercent, t.oldLimit = t.apply()
	t.mu.Unlock()
	t.arm()
	return func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		if !t.stopped {
			t.stopped = true
			debug.SetGCPercent(t.oldPercent)
			debug.SetMemoryLimit(t.oldLimit)
		}
	}
}

type tuner struct {
	floor, ceiling uint64
	sample         []metrics.Sample
	mu             sync.Mutex // guards what follows
	oldPercent     int
	oldLimit       int64
	stopped        bool
}

// apply sets GOGC and the memory limit for the live heap now, and returns
// what they were.
func (t *tuner) apply() (percent int, limit int64) {
	metrics.Read(t.sample)
	live := uint64(0)
	if t.sample[0].Value.Kind() == metrics.KindUint64 {
		live = t.sample[0].Value.Uint64()
	}
	return debug.SetGCPercent(percentFor(live, t.floor)), debug.SetMemoryLimit(limitFor(live, t.ceiling))
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

// limitFor is the memory limit for a live heap: the ceiling, or 5/4 of
// the live heap when that is more, so that a live heap near the ceiling
// leaves the collector room to work.
func limitFor(live, ceiling uint64) int64 {
	return int64(min(max(ceiling, live+live/4), math.MaxInt64))
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
		t.apply()
		t.arm()
	})
}
