package schedule

import (
	"testing"
	"time"

	"github.com/carepress/carepress/internal/cadence"
)

// FuzzPlace checks, for arbitrary slots, caps and request times around the
// 2026 and 2027 DST changes in America/Chicago, that every placement is at or
// after its notBefore, is exactly a slot time in the zone, and that no local
// calendar day holds more than PerDay placements.
func FuzzPlace(f *testing.F) {
	f.Add([]byte{2, 9, 0, 4, 12, 6}, uint8(1), []byte{0, 1, 2, 3, 200, 7})
	f.Add([]byte{0, 2, 6, 0, 1, 6, 2, 9, 0}, uint8(2), []byte{10, 10, 10, 10, 10, 10})
	f.Add([]byte{1, 0, 0, 6, 23, 11}, uint8(3), []byte{255, 0, 255, 0})
	f.Add([]byte{0, 2, 6}, uint8(0), []byte{130, 131, 132})
	loc := chicago(f)
	bases := []time.Time{
		time.Date(2026, 10, 25, 0, 0, 0, 0, loc),
		time.Date(2027, 3, 7, 0, 0, 0, 0, loc),
	}
	f.Fuzz(func(t *testing.T, slotBytes []byte, perDay uint8, reqs []byte) {
		var slots []cadence.Slot
		for i := 0; i+2 < len(slotBytes) && len(slots) < 8; i += 3 {
			slots = append(slots, cadence.Slot{
				Weekday: time.Weekday(slotBytes[i] % 7),
				Hour:    int(slotBytes[i+1] % 24),
				Minute:  int(slotBytes[i+2]%12) * 5,
			})
		}
		if len(reqs) > 64 {
			reqs = reqs[:64]
		}
		pd := int(perDay % 4)
		p := &Planner{Loc: loc, Slots: slots, PerDay: pd}
		base := bases[int(perDay)/4%2]
		perDayCount := map[civil]int{}
		for _, r := range reqs {
			// Requests up to ~12 days after the base, in 67-minute steps so
			// most fall off the 5-minute marks.
			nb := base.Add(time.Duration(r) * 67 * time.Minute)
			got := p.Place(nb)
			if len(slots) == 0 {
				if !got.IsZero() {
					t.Fatalf("no slots: Place = %v", got)
				}
				continue
			}
			if got.Before(nb) {
				t.Fatalf("Place(%v) = %v, before notBefore", nb, got)
			}
			l := got.In(loc)
			if l.Second() != 0 || l.Nanosecond() != 0 || l.Minute()%5 != 0 {
				t.Fatalf("Place(%v) = %v, not on a 5-minute mark", nb, l)
			}
			onSlot := false
			for _, s := range slots {
				if s.Weekday == l.Weekday() && s.Hour == l.Hour() && s.Minute == l.Minute() {
					onSlot = true
				}
			}
			if !onSlot {
				t.Fatalf("Place(%v) = %v, not a slot time of %v", nb, l, slots)
			}
			day := civilOf(l)
			perDayCount[day]++
			if pd > 0 && perDayCount[day] > pd {
				t.Fatalf("day %v holds %d placements, over PerDay %d", day, perDayCount[day], pd)
			}
			if p.Count(l) != perDayCount[day] {
				t.Fatalf("Count(%v) = %d, want %d", l, p.Count(l), perDayCount[day])
			}
		}
	})
}
