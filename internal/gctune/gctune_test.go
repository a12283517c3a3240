package gctune

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestPercentForKeepsTheGoalAtTheFloor(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		live, floor uint64
		want        int
	}{
		{100 * mb, 300 * mb, 200}, // goal 300 MB
		{50 * mb, 300 * mb, 500},
		{150 * mb, 300 * mb, 100}, // twice live reaches the floor: the default
		{400 * mb, 300 * mb, 100}, // a large site: twice live, as without tuning
		{0, 300 * mb, 7400},       // nothing live yet: the runtime counts 4 MB
	} {
		if got := percentFor(tc.live, tc.floor); got != tc.want {
			t.Errorf("percentFor(%d MB, %d MB) = %d, want %d", tc.live/mb, tc.floor/mb, got, tc.want)
		}
	}
}

func TestLimitForFollowsALiveHeapBeyondTheCeiling(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		live, ceiling uint64
		want          int64
	}{
		{60 * mb, 864 * mb, 864 * mb},   // a 10k site: the ceiling
		{600 * mb, 864 * mb, 864 * mb},  // 100k: still the ceiling
		{800 * mb, 864 * mb, 1000 * mb}, // beyond: room to collect
	} {
		if got := limitFor(tc.live, tc.ceiling); got != tc.want {
			t.Errorf("limitFor(%d MB, %d MB) = %d MB, want %d MB", tc.live/mb, tc.ceiling/mb, got/mb, tc.want/mb)
		}
	}
}

func TestSetRaisesGOGCAndStopRestoresIt(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetGCPercent(80)
	defer debug.SetGCPercent(before)
	beforeLimit := debug.SetMemoryLimit(3 << 40)
	defer debug.SetMemoryLimit(beforeLimit)
	stop := Set(1<<40, 1<<30) // a floor far above any live heap here
	runtime.GC()
	runtime.GC() // the finalizer of the first cycle runs, and sets GOGC again
	if got := debug.SetGCPercent(-1); got <= 100 {
		t.Errorf("GOGC while tuning = %d, want above 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("memory limit while tuning = %d, want the ceiling %d", got, 1<<30)
	}
	debug.SetGCPercent(100)
	stop()
	stop() // twice is harmless
	if got := debug.SetGCPercent(100); got != 80 {
		t.Errorf("GOGC after stop = %d, want 80, as before Set", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 3<<40 {
		t.Errorf("memory limit after stop = %d, want %d, as before Set", got, int64(3)<<40)
	}
}

func TestSetLeavesAUsersSettingAlone(t *testing.T) {
	t.Setenv("GOGC", "50")
	before := debug.SetGCPercent(50)
	defer debug.SetGCPercent(before)
	stop := Set(1<<40, 1<<30)
	defer stop()
	if got := debug.SetGCPercent(50); got != 50 {
		t.Errorf("GOGC = %d with GOGC=50 set by the user, want 50", got)
	}
}
