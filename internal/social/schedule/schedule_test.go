package schedule

import (
	"fmt"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the host's zone database

	"github.com/carepress/carepress/internal/cadence"
)

func chicago(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustSlots(t testing.TB, ss ...string) []cadence.Slot {
	t.Helper()
	var out []cadence.Slot
	for _, s := range ss {
		sl, err := cadence.ParseSlot(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, sl)
	}
	return out
}

func TestFirstShare(t *testing.T) {
	loc := chicago(t)
	at := func(y int, m time.Month, d, h, mi int) time.Time { return time.Date(y, m, d, h, mi, 0, 0, loc) }
	now := at(2026, 5, 1, 0, 0)
	for _, tc := range []struct {
		name           string
		publish, now   time.Time
		rebuildH, rebM int
		want           time.Time
	}{
		// Mon 10:00: the Tue 06:00 rebuild publishes it; Tue 09:00 is after both.
		{"mon published by tue rebuild", at(2026, 6, 1, 10, 0), now, 6, 0, at(2026, 6, 2, 9, 0)},
		// Tue 07:00: the Tue 06:00 rebuild came before it; the Wed 06:00 one
		// publishes it, so Tue 09:00 is too early.
		{"tue after rebuild", at(2026, 6, 2, 7, 0), now, 6, 0, at(2026, 6, 4, 12, 30)},
		{"tue before rebuild", at(2026, 6, 2, 5, 0), now, 6, 0, at(2026, 6, 2, 9, 0)},
		{"publish at rebuild instant", at(2026, 6, 2, 6, 0), now, 6, 0, at(2026, 6, 2, 9, 0)},
		{"rebuild after slot", at(2026, 6, 2, 5, 0), now, 10, 0, at(2026, 6, 4, 12, 30)},
		{"rebuild equal to slot", at(2026, 6, 2, 5, 0), now, 9, 0, at(2026, 6, 2, 9, 0)},
		{"now later than rebuild", at(2026, 6, 1, 10, 0), at(2026, 6, 2, 9, 1), 6, 0, at(2026, 6, 4, 12, 30)},
		{"now exactly on slot", at(2026, 6, 1, 10, 0), at(2026, 6, 2, 9, 0), 6, 0, at(2026, 6, 2, 9, 0)},
		{"publish in utc", at(2026, 6, 1, 10, 0).UTC(), now, 6, 0, at(2026, 6, 2, 9, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &Planner{Loc: loc, Slots: mustSlots(t, "Tue 09:00", "Thu 12:30"), PerDay: 2,
				RebuildHour: tc.rebuildH, RebuildMinute: tc.rebM}
			got := p.FirstShare(tc.publish, tc.now)
			if !got.Equal(tc.want) || got.Location() != loc {
				t.Errorf("FirstShare = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPerDay(t *testing.T) {
	loc := chicago(t)
	at := func(m time.Month, d, h, mi int) time.Time { return time.Date(2026, m, d, h, mi, 0, 0, loc) }
	for _, tc := range []struct {
		name   string
		perDay int
		slots  []string
		places []time.Time
		want   []time.Time
	}{
		{"per_day 1 pushes second post", 1, []string{"Tue 09:00", "Thu 12:30"},
			[]time.Time{at(6, 1, 10, 0), at(6, 1, 11, 0), at(6, 1, 12, 0)},
			[]time.Time{at(6, 2, 9, 0), at(6, 4, 12, 30), at(6, 9, 9, 0)}},
		{"per_day 1 with two slots a day skips the day", 1, []string{"Tue 09:00", "Tue 15:00", "Thu 12:30"},
			[]time.Time{at(6, 1, 10, 0), at(6, 1, 10, 0)},
			[]time.Time{at(6, 2, 9, 0), at(6, 4, 12, 30)}},
		{"per_day 2 shares a slot", 2, []string{"Tue 09:00", "Thu 12:30"},
			[]time.Time{at(6, 1, 10, 0), at(6, 1, 10, 0), at(6, 1, 10, 0)},
			[]time.Time{at(6, 2, 9, 0), at(6, 2, 9, 0), at(6, 4, 12, 30)}},
		{"per_day 2 later slot same day", 2, []string{"Tue 09:00", "Tue 15:00"},
			[]time.Time{at(6, 2, 10, 0), at(6, 2, 10, 0), at(6, 2, 10, 0)},
			[]time.Time{at(6, 2, 15, 0), at(6, 2, 15, 0), at(6, 9, 9, 0)}},
		{"no cap", 0, []string{"Tue 09:00"},
			[]time.Time{at(6, 1, 10, 0), at(6, 1, 10, 0), at(6, 1, 10, 0)},
			[]time.Time{at(6, 2, 9, 0), at(6, 2, 9, 0), at(6, 2, 9, 0)}},
		{"unsorted duplicate slots", 1, []string{"Thu 12:30", "Tue 09:00", "Thu 12:30"},
			[]time.Time{at(6, 1, 10, 0), at(6, 1, 10, 0)},
			[]time.Time{at(6, 2, 9, 0), at(6, 4, 12, 30)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &Planner{Loc: loc, Slots: mustSlots(t, tc.slots...), PerDay: tc.perDay}
			for i, nb := range tc.places {
				if got := p.Place(nb); !got.Equal(tc.want[i]) {
					t.Errorf("Place #%d(%v) = %v, want %v", i, nb, got, tc.want[i])
				}
			}
		})
	}
}

func TestReshare(t *testing.T) {
	loc := chicago(t)
	p := &Planner{Loc: loc, Slots: mustSlots(t, "Tue 09:00", "Thu 12:30"), PerDay: 1, RebuildHour: 6}
	first := p.FirstShare(time.Date(2027, 3, 8, 10, 0, 0, 0, loc), time.Date(2027, 3, 1, 0, 0, 0, 0, loc))
	if want := time.Date(2027, 3, 9, 9, 0, 0, 0, loc); !first.Equal(want) {
		t.Fatalf("first = %v, want %v", first, want)
	}
	// 7 calendar days across the 14 March change: Tue 16 March 09:00 CDT.
	if got, want := p.Reshare(first, cadence.Offset{Days: 7}), time.Date(2027, 3, 16, 9, 0, 0, 0, loc); !got.Equal(want) {
		t.Errorf("reshare 7d = %v, want %v", got, want)
	}
	// The same offset again: that Tuesday is full, so Thursday.
	if got, want := p.Reshare(first, cadence.Offset{Days: 7}), time.Date(2027, 3, 18, 12, 30, 0, 0, loc); !got.Equal(want) {
		t.Errorf("second reshare 7d = %v, want %v", got, want)
	}
	// 1 day snaps forward to Thursday, which is free that week.
	if got, want := p.Reshare(first, cadence.Offset{Days: 1}), time.Date(2027, 3, 11, 12, 30, 0, 0, loc); !got.Equal(want) {
		t.Errorf("reshare 1d = %v, want %v", got, want)
	}
}

// TestDST checks that a slot keeps its local time across both 2026/2027
// changes in America/Chicago, and what happens in the gap and the overlap.
func TestDST(t *testing.T) {
	loc := chicago(t)
	at := func(y int, m time.Month, d, h, mi int) time.Time { return time.Date(y, m, d, h, mi, 0, 0, loc) }
	for _, tc := range []struct {
		name     string
		slots    []string
		from     time.Time
		n        int
		wantWall []string // local wall clock, "2006-01-02 15:04 MST"
	}{
		{"tue 09:00 across fall back", []string{"Tue 09:00"}, at(2026, 10, 20, 0, 0), 3,
			[]string{"2026-10-20 09:00 CDT", "2026-10-27 09:00 CDT", "2026-11-03 09:00 CST"}},
		{"tue 09:00 across spring forward", []string{"Tue 09:00"}, at(2027, 3, 2, 0, 0), 3,
			[]string{"2027-03-02 09:00 CST", "2027-03-09 09:00 CST", "2027-03-16 09:00 CDT"}},
		// Sun 02:30 does not exist on 2027-03-14: skipped to the next slot.
		{"gap skipped to next slot", []string{"Sun 02:30", "Tue 09:00"}, at(2027, 3, 13, 0, 0), 3,
			[]string{"2027-03-16 09:00 CDT", "2027-03-21 02:30 CDT", "2027-03-23 09:00 CDT"}},
		// Sun 01:30 occurs twice on 2026-11-01: the first (CDT) one.
		{"overlap takes first occurrence", []string{"Sun 01:30"}, at(2026, 10, 31, 0, 0), 2,
			[]string{"2026-11-01 01:30 CDT", "2026-11-08 01:30 CST"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &Planner{Loc: loc, Slots: mustSlots(t, tc.slots...), PerDay: 1}
			nb := tc.from
			for i, want := range tc.wantWall {
				got := p.Place(nb)
				if s := got.Format("2006-01-02 15:04 MST"); s != want {
					t.Errorf("placement %d = %s, want %s", i, s, want)
				}
				nb = got
			}
		})
	}
}

func TestRebuildDST(t *testing.T) {
	loc := chicago(t)
	// rebuild_at 02:30 does not exist on 2027-03-14: it counts as 03:30 CDT.
	p := &Planner{Loc: loc, Slots: mustSlots(t, "Sun 03:00", "Sun 04:00"), PerDay: 2, RebuildHour: 2, RebuildMinute: 30}
	pub := time.Date(2027, 3, 14, 0, 0, 0, 0, loc)
	if got := p.Rebuild(pub).Format("2006-01-02 15:04 MST"); got != "2027-03-14 03:30 CDT" {
		t.Errorf("Rebuild = %s", got)
	}
	if got := p.FirstShare(pub, pub).Format("15:04 MST"); got != "04:00 CDT" {
		t.Errorf("FirstShare = %s, want 04:00 CDT", got)
	}
	// rebuild_at 01:30 occurs twice on 2026-11-01: the later one counts.
	p = &Planner{Loc: loc, Slots: mustSlots(t, "Sun 01:30"), RebuildHour: 1, RebuildMinute: 30}
	if got := p.Rebuild(time.Date(2026, 11, 1, 0, 0, 0, 0, loc)).Format("15:04 MST"); got != "01:30 CST" {
		t.Errorf("Rebuild = %s, want 01:30 CST", got)
	}
}

func TestNoSlots(t *testing.T) {
	p := &Planner{Slots: []cadence.Slot{{Weekday: 9}, {Weekday: time.Monday, Hour: 9, Minute: 7}}, PerDay: 1}
	if got := p.Place(time.Now()); !got.IsZero() {
		t.Errorf("Place with no valid slot = %v", got)
	}
	if p.Count(time.Now()) != 0 {
		t.Error("reserved with no valid slot")
	}
	p.Slots = append(p.Slots, cadence.Slot{Weekday: time.Monday, Hour: 9})
	got := p.Place(time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC))
	if want := time.Date(2026, 6, 8, 9, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("nil Loc: Place = %v, want %v", got, want)
	}
}

// TestReshareOffsetsInDaysAndWeeksKeepLocalTime: "7d" and "1w" are
// calendar days in the planner's zone, as a series' cadence is, so a
// reshare a week after Tue 09:00 is the next Tue 09:00 across either DST
// change; "168h" is a week of elapsed time and moves by the hour.
func TestReshareOffsetsInDaysAndWeeksKeepLocalTime(t *testing.T) {
	loc := chicago(t)
	for _, tc := range []struct {
		offset string
		first  time.Time
		want   time.Time
	}{
		{"7d", time.Date(2026, 10, 27, 9, 0, 0, 0, loc), time.Date(2026, 11, 3, 9, 0, 0, 0, loc)},
		{"1w", time.Date(2026, 10, 27, 9, 0, 0, 0, loc), time.Date(2026, 11, 3, 9, 0, 0, 0, loc)},
		{"1w", time.Date(2027, 3, 9, 9, 0, 0, 0, loc), time.Date(2027, 3, 16, 9, 0, 0, 0, loc)},
		{"2w", time.Date(2027, 3, 2, 9, 0, 0, 0, loc), time.Date(2027, 3, 16, 9, 0, 0, 0, loc)},
		{"168h", time.Date(2026, 10, 27, 9, 0, 0, 0, loc), time.Date(2026, 11, 3, 8, 0, 0, 0, loc)},
	} {
		off, err := cadence.ParseOffset(tc.offset)
		if err != nil {
			t.Fatal(err)
		}
		// Every hour a slot, so that the reshare lands on its own time.
		var slots []string
		for _, d := range []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"} {
			for h := 0; h < 24; h++ {
				slots = append(slots, fmt.Sprintf("%s %02d:00", d, h))
			}
		}
		p := &Planner{Loc: loc, Slots: mustSlots(t, slots...), PerDay: 0}
		if got := p.Reshare(tc.first, off); !got.Equal(tc.want) {
			t.Errorf("%s after %v = %v, want %v", tc.offset, tc.first, got, tc.want)
		}
	}
}
