package render_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/render"
	"github.com/carepress/carepress/internal/site"
)

// localeTheme writes a date, a closed day, opening hours and a phone as
// the default theme's partials do.
var localeTheme = fstest.MapFS{
	"baseof.html": {Data: []byte(`{{ block "main" . }}{{ end }}`)},
	"post.html": {Data: []byte(`{{ define "main" }}{{ date .Page.Date }}|{{ date "2026-12-25" }}|` +
		`{{ with openingHours "Mo-Fr 08:00-18:30" }}{{ .DaysText }} {{ clock .Opens }}–{{ clock .Closes }}{{ end }}|` +
		`{{ with .Site.Config.Practice.Phone }}<a href="{{ tel . }}">{{ phone . }}</a>{{ end }}{{ end }}`)},
}

func TestLayoutsWriteTheSiteCountrysConventions(t *testing.T) {
	for _, tc := range []struct{ name, cfg, want string }{
		{"US", `language: en-US
timezone: America/Chicago
practice: {phone: "+1 217 555 0100"}`, `December 1, 2026|December 25, 2026|Monday to Friday 8:00 AM–6:30 PM|<a href="tel:&#43;12175550100">(217) 555-0100</a>`},
		{"CA", `practice: {country: CA, phone: "416 555 0199"}
timezone: America/Toronto`, `December 1, 2026|December 25, 2026|Monday to Friday 8:00 a.m.–6:30 p.m.|<a href="tel:&#43;14165550199">(416) 555-0199</a>`},
		{"AU", `language: en-AU
timezone: Australia/Sydney
practice: {phone: "+61 2 9374 4000"}`, `2 December 2026|25 December 2026|Monday to Friday 8am–6:30pm|<a href="tel:&#43;61293744000">(02) 9374 4000</a>`},
		{"NZ", `practice: {country: NZ, phone: "0800 611 116"}
timezone: Pacific/Auckland`, `2 December 2026|25 December 2026|Monday to Friday 8am–6:30pm|<a href="tel:&#43;64800611116">0800 611 116</a>`},
		{"GB", `language: en-GB
timezone: Europe/London
practice: {phone: "020 7946 0958"}`, `1 December 2026|25 December 2026|Monday to Friday 8am–6:30pm|<a href="tel:&#43;442079460958">020 7946 0958</a>`},
		{"DE", `language: en
timezone: Europe/Berlin
practice: {country: DE}`, `2 December 2026|25 December 2026|Monday to Friday 08:00–18:30|`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := config.Parse("carepress.yaml", []byte("title: Test Clinic\nbase_url: https://x.example/\n"+tc.cfg+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			s := &site.Site{Config: cfg, Now: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)}
			r, err := render.New(s, []render.Layer{{FS: localeTheme, Label: "theme"}})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			// 23:30 UTC on 1 December is 2 December in Sydney and Auckland.
			p := &site.Page{Kind: site.KindPost, Layout: "post", Date: time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC)}
			if err := r.Page(&b, p, false); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
