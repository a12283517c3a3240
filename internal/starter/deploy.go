package starter

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"text/template"
	"time"
)

// defaultRebuildAt is the starter's social.rebuild_at.
const defaultRebuildAt = "06:00"

// deployFiles are the static-host set-up of a new site: netlify.toml,
// DEPLOY.md (Cloudflare Pages and the limits of GitHub Pages) and a GitHub
// Actions workflow that rebuilds daily at rebuildAt in the country's zone.
func deployFiles(c Country, rebuildAt string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, name := range []string{"netlify.toml", "DEPLOY.md"} {
		b, err := files.ReadFile("files/deploy/" + name)
		if err != nil {
			return nil, err
		}
		out[name] = b
	}
	src, err := files.ReadFile("files/deploy/github/carepress.yml.tmpl")
	if err != nil {
		return nil, err
	}
	tmpl, err := template.New("workflow").Delims("{{", "}}").Parse(string(src))
	if err != nil {
		return nil, err
	}
	hours, err := utcHours(c.Timezone, rebuildAt)
	if err != nil {
		return nil, err
	}
	var times, hs []string
	for _, h := range hours {
		times = append(times, fmt.Sprintf("%02d:%02d UTC", h[0], h[1]))
		hs = append(hs, fmt.Sprint(h[0]))
	}
	minute := hours[0][1]
	data := map[string]string{
		"RebuildAt": rebuildAt,
		"Timezone":  c.Timezone,
		"UTCTimes":  strings.Join(times, " or "),
		"Cron":      fmt.Sprintf("%d %s * * *", minute, strings.Join(hs, ",")),
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		return nil, err
	}
	out[".github/workflows/carepress.yml"] = b.Bytes()
	return out, nil
}

// utcHours converts a local clock time in zone to the UTC times it falls
// on over a year: one in zones without daylight saving time, two in zones
// with it, as {hour, minute} sorted.
func utcHours(zone, clock string) ([][2]int, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, err
	}
	var h, m int
	if _, err := fmt.Sscanf(clock, "%d:%d", &h, &m); err != nil {
		return nil, fmt.Errorf("rebuild time %q: %w", clock, err)
	}
	var out [][2]int
	for _, month := range []time.Month{time.January, time.July} {
		u := time.Date(2026, month, 15, h, m, 0, 0, loc).UTC()
		hm := [2]int{u.Hour(), u.Minute()}
		if !slices.Contains(out, hm) {
			out = append(out, hm)
		}
	}
	slices.SortFunc(out, func(a, b [2]int) int { return (a[0]*60 + a[1]) - (b[0]*60 + b[1]) })
	return out, nil
}
