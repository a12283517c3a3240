// Package schedule decides when social snippets are shared: it places shares
// into the slots, after the rebuild time and at the reshare offsets that
// internal/cadence parses. It is pure: no I/O, no clock (the caller passes
// "now"), no randomness.
//
// Contract:
//
//   - A [cadence.Slot] is a weekly wall-clock time in the planner's zone (Loc), e.g.
//     "Tue 09:00". Its instant on a given date is built with time.Date for
//     that calendar day, never by adding 24h durations, so a slot keeps its
//     local time across DST changes.
//   - DST gap: a slot whose wall-clock time does not exist on a date (e.g.
//     "Sun 02:30" on 2027-03-14 in America/Chicago) is skipped on that date:
//     a share goes to the next slot instead. It is never moved to 03:30, so
//     every placed time is exactly a slot time.
//   - DST overlap: a slot whose wall-clock time occurs twice on a date
//     (e.g. "Sun 01:30" on 2026-11-01 in America/Chicago) denotes the first
//     occurrence only.
//   - The scheduled rebuild (RebuildHour:RebuildMinute in Loc) runs once a
//     day. Where its time is ambiguous or in a gap, the latest instant it can
//     denote is taken (02:30 in the Chicago spring gap counts as 03:30 CDT),
//     so a share never comes before the rebuild that publishes its post.
//   - [Planner.Place] returns the first slot instant at or after notBefore on
//     a local calendar day that holds fewer than PerDay placements, and
//     reserves it. Several placements may share one slot instant; PerDay is
//     the only cap. PerDay <= 0 means no cap. Every returned time is a slot
//     instant, so it is on a 5-minute mark with zero seconds, expressed in Loc.
//   - [Planner.FirstShare] places at the earliest instant at or after now and
//     after the first scheduled rebuild at or after publishAt.
//   - [Planner.Reshare] places at first+offset, snapped to the next slot.
//   - A Planner counts placements for one platform; make one per platform.
//     Results depend only on the inputs and on the order of calls, so callers
//     place posts in a deterministic order. A Planner is not safe for
//     concurrent use.
//   - Invalid slots (see [cadence.Slot.Valid]) are ignored. With no valid slot, Place,
//     FirstShare and Reshare return the zero time and reserve nothing.
package schedule

import (
	"sort"
	"time"

	"github.com/carepress/carepress/internal/cadence"
)

// Planner places the shares of one platform.
type Planner struct {
	Loc    *time.Location // the site's zone; nil means UTC
	Slots  []cadence.Slot
	PerDay int // at most this many placements per local calendar day; <= 0: no cap

	// RebuildHour:RebuildMinute is the daily scheduled rebuild, in Loc.
	RebuildHour, RebuildMinute int

	used map[civil]int
}

// civil is a calendar date with no zone.
type civil struct {
	y int
	m time.Month
	d int
}

func civilOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, m, d}
}

// addDays moves a date on the calendar, independent of any zone.
func (c civil) addDays(n int) civil {
	return civilOf(time.Date(c.y, c.m, c.d+n, 12, 0, 0, 0, time.UTC))
}

func (c civil) weekday() time.Weekday {
	return time.Date(c.y, c.m, c.d, 12, 0, 0, 0, time.UTC).Weekday()
}

func (p *Planner) loc() *time.Location {
	if p.Loc == nil {
		return time.UTC
	}
	return p.Loc
}

// occurrences returns the instants at which the wall clock in loc reads date
// h:mi, earliest first. It is empty when the time falls in a DST gap; then
// shifted is the later reading of the wall clock (02:30 in a one-hour spring
// gap gives 03:30 of the new offset).
func occurrences(loc *time.Location, c civil, h, mi int) (insts []time.Time, shifted time.Time) {
	naive := time.Date(c.y, c.m, c.d, h, mi, 0, 0, time.UTC)
	seen := map[int]bool{}
	for k := -26; k <= 26; k++ {
		_, off := naive.Add(time.Duration(k) * time.Hour).In(loc).Zone()
		if seen[off] {
			continue
		}
		seen[off] = true
		cand := naive.Add(-time.Duration(off) * time.Second).In(loc)
		if cand.After(shifted) {
			shifted = cand
		}
		if y, m, d := cand.Date(); y == c.y && m == c.m && d == c.d && cand.Hour() == h && cand.Minute() == mi {
			insts = append(insts, cand)
		}
	}
	sort.Slice(insts, func(i, j int) bool { return insts[i].Before(insts[j]) })
	// Offsets seen twice under different names are one instant.
	out := insts[:0]
	for i, t := range insts {
		if i == 0 || !t.Equal(out[len(out)-1]) {
			out = append(out, t)
		}
	}
	return out, shifted
}

// daySlots returns the valid slots of each weekday, sorted and de-duplicated.
func (p *Planner) daySlots() (byDay [7][]cadence.Slot, n int) {
	for _, s := range p.Slots {
		if s.Valid() != nil {
			continue
		}
		byDay[s.Weekday] = append(byDay[s.Weekday], s)
	}
	for w := range byDay {
		l := byDay[w]
		sort.Slice(l, func(i, j int) bool {
			return l[i].Hour*60+l[i].Minute < l[j].Hour*60+l[j].Minute
		})
		out := l[:0]
		for i, s := range l {
			if i == 0 || s != out[len(out)-1] {
				out = append(out, s)
			}
		}
		byDay[w] = out
		n += len(out)
	}
	return byDay, n
}

// Place returns the first slot instant at or after notBefore on a local
// calendar day that holds fewer than PerDay placements, and reserves it.
// It returns the zero time when the planner has no valid slot.
func (p *Planner) Place(notBefore time.Time) time.Time {
	t := p.next(notBefore)
	if !t.IsZero() {
		p.Reserve(t)
	}
	return t
}

// Next is Place without the reservation: where Place would put a share.
func (p *Planner) Next(notBefore time.Time) time.Time {
	return p.next(notBefore)
}

func (p *Planner) next(notBefore time.Time) time.Time {
	byDay, n := p.daySlots()
	if n == 0 {
		return time.Time{}
	}
	loc := p.loc()
	day := civilOf(notBefore.In(loc))
	// Every week holds each weekday once, full days are finitely many, and a
	// DST gap removes a slot on at most a few days a year: this bound is
	// never reached when a valid slot exists.
	limit := 7*(len(p.used)+3) + 366
	for i := 0; i < limit; i, day = i+1, day.addDays(1) {
		if p.PerDay > 0 && p.used[day] >= p.PerDay {
			continue
		}
		for _, s := range byDay[day.weekday()] {
			insts, _ := occurrences(loc, day, s.Hour, s.Minute)
			if len(insts) == 0 {
				continue // DST gap: skipped to the next slot
			}
			if !insts[0].Before(notBefore) {
				return insts[0]
			}
		}
	}
	return time.Time{}
}

// Reserve counts t against its local calendar day without snapping it to a
// slot, e.g. for a post whose social.at fixes its own times.
func (p *Planner) Reserve(t time.Time) {
	if p.used == nil {
		p.used = map[civil]int{}
	}
	p.used[civilOf(t.In(p.loc()))]++
}

// Count returns how many placements the local calendar day of t holds.
func (p *Planner) Count(t time.Time) int {
	return p.used[civilOf(t.In(p.loc()))]
}

// Rebuild returns the first scheduled rebuild at or after t: the daily
// RebuildHour:RebuildMinute in Loc, at the latest instant that wall-clock
// time can denote on each date.
func (p *Planner) Rebuild(t time.Time) time.Time {
	loc := p.loc()
	day := civilOf(t.In(loc))
	for i := 0; ; i, day = i+1, day.addDays(1) {
		insts, shifted := occurrences(loc, day, p.RebuildHour, p.RebuildMinute)
		r := shifted
		if len(insts) > 0 {
			r = insts[len(insts)-1]
		}
		if !r.Before(t) || i > 2 {
			return r
		}
	}
}

// FirstShare places the first share of a post published at publishAt: the
// first slot at or after both publishAt and the first scheduled rebuild at or
// after publishAt (the site shows the post only after that rebuild), and at
// or after now.
func (p *Planner) FirstShare(publishAt, now time.Time) time.Time {
	earliest := p.Rebuild(publishAt)
	if now.After(earliest) {
		earliest = now
	}
	return p.Place(earliest)
}

// Reshare places a reshare: first+offset snapped to the next slot. Offset
// days are calendar days in Loc, offset hours elapsed time.
func (p *Planner) Reshare(first time.Time, off cadence.Offset) time.Time {
	t := first.In(p.loc()).AddDate(0, 0, off.Days).Add(time.Duration(off.Hours) * time.Hour)
	return p.Place(t)
}
