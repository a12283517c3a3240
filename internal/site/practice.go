package site

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/slug"
)

// ServiceTypes are the schema.org types a service may be: those a
// practice's availableService takes (MedicalProcedure, MedicalTest,
// MedicalTherapy) and their subtypes.
var ServiceTypes = []string{
	"MedicalProcedure", "DiagnosticProcedure", "TherapeuticProcedure", "SurgicalProcedure", "PhysicalExam", "PalliativeProcedure",
	"MedicalTherapy", "PhysicalTherapy", "OccupationalTherapy", "RespiratoryTherapy", "RadiationTherapy",
	"MedicalTest", "BloodTest", "ImagingTest", "PathologyTest",
}

// physicianCredentials are the degrees and memberships that make a
// person a physician (compared without dots or spaces, in capitals):
// MD and DO (US, CA), MBBS, MBChB, BMBS, MBBCh and their kin (GB, IE,
// AU, NZ), and the family medicine colleges' memberships that only a
// physician holds.
var physicianCredentials = []string{
	"MD", "DO", "MBBS", "MBCHB", "BMBS", "MBBCH", "MBBCHBAO", "BMBCH", "MBBCHIR", "BM", "MB",
	"MRCGP", "FRCGP", "FRACGP", "FRNZCGP", "CCFP", "FCFP", "FRCPC", "MRCP", "FRCP", "FRCPI", "MICGP", "FACP", "FAAFP",
}

// isPhysician reports whether credentials ("MD, FAAFP") name a physician.
func isPhysician(credentials string) bool {
	for _, c := range strings.FieldsFunc(credentials, func(r rune) bool { return r == ',' || r == ';' || r == '/' }) {
		c = strings.ToUpper(strings.NewReplacer(".", "", " ", "", "(HONS)", "").Replace(c))
		if slices.Contains(physicianCredentials, c) {
			return true
		}
	}
	return false
}

// locations resolves the location ids a file names (at field), each an
// error at its place when the practice has no such location; none named
// is every location. every reports a list of every location.
func (b *builder) locations(f *content.File, field string, ids []string) (out []*config.Location, every bool) {
	cfg := b.s.Config
	if len(ids) == 0 {
		out = make([]*config.Location, len(cfg.Practice.Locations))
		for i := range cfg.Practice.Locations {
			out[i] = &cfg.Practice.Locations[i]
		}
		return out, true
	}
	for i, id := range ids {
		l, ok := cfg.LocationByID(id)
		if !ok {
			hint := b.unknownHint(id, cfg.LocationIDs())
			if len(cfg.Practice.Locations) == 0 {
				hint = "add the location to practice.locations in " + config.FileName + ", with `id: " + id + "`"
			}
			b.errs = append(b.errs, diag.Errorf(f.At(fmt.Sprintf("%s.%d", field, i)), hint, "unknown location %q", id))
			continue
		}
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out, len(out) == len(cfg.Practice.Locations)
}

// services makes a page of each service, and the list of them. Run after
// lists: a service's tags are the published terms, and its related posts
// are published posts.
func (b *builder) services(files []*content.File) {
	s := b.s
	if len(files) == 0 {
		return
	}
	// Every tag any post carries, scheduled and draft ones included: a
	// service may name the topic of posts still to come.
	known := map[string]string{} // slug → as written
	for _, ps := range [][]*Page{s.Posts, s.Scheduled, s.Drafts} {
		for _, p := range ps {
			for _, t := range p.Meta.Tags {
				if k := slug.Make(t); k != "" {
					if _, ok := known[k]; !ok {
						known[k] = t
					}
				}
			}
		}
	}
	tagNames := make([]string, 0, len(known))
	for _, n := range known {
		tagNames = append(tagNames, n)
	}
	sort.Strings(tagNames)
	published := map[string]*Term{}
	for _, t := range s.Tags {
		published[t.Slug] = t
	}
	for _, f := range files {
		m := f.Service
		if m.Draft && !b.opts.Drafts {
			b.drafts[f.Path] = true
		}
		sv := &Service{ID: f.ID, Title: m.Title, Summary: strings.TrimSpace(m.Summary), Type: m.Type, For: strings.TrimSpace(m.For),
			BookingURL: m.BookingURL, Order: m.Order, Source: f}
		if sv.Title == "" {
			sv.Title = content.Humanize(f.ID)
			b.errs = append(b.errs, diag.Warnf(diag.Pos{File: f.Path, Line: 1, Col: 1}, "add `title: ...`", "service %q has no title", f.ID))
		}
		if sv.Type == "" {
			sv.Type = "MedicalProcedure"
		} else if !slices.Contains(ServiceTypes, sv.Type) {
			b.errs = append(b.errs, diag.Errorf(f.At("type"), diag.OneOf(sv.Type, ServiceTypes), "unknown service type %q", sv.Type))
		}
		tagged := map[*Term]bool{}
		for i, t := range m.Tags {
			k := slug.Make(t)
			if _, ok := known[k]; !ok || k == "" {
				b.errs = append(b.errs, diag.Errorf(f.At(fmt.Sprintf("tags.%d", i)), b.unknownHint(t, tagNames),
					"no post has the tag %q", t))
				continue
			}
			if term := published[k]; term != nil && !tagged[term] {
				tagged[term] = true
				sv.Tags = append(sv.Tags, term)
			}
		}
		for _, p := range s.Posts { // newest first
			if len(sv.Related) == RelatedMax {
				break
			}
			if slices.ContainsFunc(p.Tags, func(t *Term) bool { return tagged[t] }) {
				sv.Related = append(sv.Related, p)
			}
		}
		sv.Locations, sv.EveryLocation = b.locations(f, "locations", m.Locations)
		for i, id := range m.Providers {
			x, ok := s.PeopleByID[id]
			if !ok {
				b.errs = append(b.errs, diag.Errorf(f.At(fmt.Sprintf("providers.%d", i)), b.unknownHint(id, peopleIDs(s)), "unknown person %q", id))
				continue
			}
			if !slices.Contains(sv.Providers, x) {
				sv.Providers = append(sv.Providers, x)
			}
		}
		b.checkSlug(f)
		if m.Draft && !b.opts.Drafts {
			continue
		}
		pg := &Page{Kind: KindService, Layout: string(KindService), Title: sv.Title, Description: sv.Summary,
			Path: "/services/" + slug.Make(f.ID) + "/", Service: sv, ImageAlt: m.ImageAlt, Draft: m.Draft}
		pg.Out = outFile(pg.Path)
		fromFile(pg, f)
		if pg.Description == "" {
			pg.Description = pg.SummaryText
		}
		if m.Image != "" {
			pg.Image = b.resource(pg, f, m.Image)
		}
		b.bundle(pg, f)
		sv.Page = pg
		s.Services = append(s.Services, sv)
		s.ServicesByID[f.ID] = sv
		b.add(pg)
	}
	sort.SliceStable(s.Services, func(i, j int) bool {
		a, c := s.Services[i], s.Services[j]
		if a.Order != c.Order {
			return a.Order < c.Order
		}
		return a.Title < c.Title
	})
	if len(s.Services) > 0 {
		b.list(&Page{Kind: KindServices, Layout: string(KindServices), Title: b.msg.MustText("nav.services"), Path: "/services/",
			Description: b.msg.MustText("services.description", "practice", s.Config.Practice.Name)})
	}
}

// providers lists the people patients can book, by name, and groups them
// by location and by specialty for the directory at /providers/.
func (b *builder) providers() {
	s := b.s
	for _, x := range s.People { // by name
		if x.Provider {
			s.Providers = append(s.Providers, x)
		}
	}
	if len(s.Providers) == 0 {
		return
	}
	for i := range s.Config.Practice.Locations {
		l := &s.Config.Practice.Locations[i]
		g := PeopleGroup{ID: l.ID, Location: l}
		for _, x := range s.Providers {
			if slices.Contains(x.Locations, l) {
				g.People = append(g.People, x)
			}
		}
		if len(g.People) > 0 {
			s.ProvidersByLocation = append(s.ProvidersByLocation, g)
		}
	}
	bySpec := map[string]*PeopleGroup{}
	var specs []string
	for _, x := range s.Providers {
		for _, sp := range x.Specialty {
			g := bySpec[sp]
			if g == nil {
				g = &PeopleGroup{ID: sp}
				bySpec[sp] = g
				specs = append(specs, sp)
			}
			g.People = append(g.People, x)
		}
	}
	sort.Strings(specs)
	for _, sp := range specs {
		s.ProvidersBySpecialty = append(s.ProvidersBySpecialty, *bySpec[sp])
	}
	b.list(&Page{Kind: KindProviders, Layout: string(KindProviders), Title: b.msg.MustText("nav.find-provider"), Path: "/providers/",
		Description: b.msg.MustText("providers.description", "practice", s.Config.Practice.Name)})
}

// introPaths are the generated lists that a plain page at their path
// (content/services.md, content/services/index.md, content/providers.md)
// introduces rather than clashes with.
var introPaths = map[string]bool{"/services/": true, "/providers/": true}

// list adds the generated list page def, with the plain page that
// introduces it, if any: its title, description, text, image and layout
// (front matter's layout:) where it gives them.
func (b *builder) list(def *Page) {
	def.Out = outFile(def.Path)
	p := b.intros[def.Path]
	if p == nil {
		b.add(def)
		return
	}
	delete(b.intros, def.Path)
	p.Kind = def.Kind
	if p.Meta.Layout == "" {
		p.Layout = def.Layout
	}
	if p.Meta.Title == "" {
		p.Title = def.Title
	}
	if p.Meta.Description == "" && p.SummaryText == "" {
		p.Description = def.Description
	}
	b.place(p, p.Source)
}

// placeIntros places the intros of lists the site does not have (no
// services, no providers) as the plain pages they are.
func (b *builder) placeIntros() {
	if len(b.intros) == 0 {
		return
	}
	for _, path := range slices.Sorted(maps.Keys(b.intros)) {
		p := b.intros[path]
		b.place(p, p.Source)
		b.s.Pages = append(b.s.Pages, p)
	}
	sort.SliceStable(b.s.Pages, func(i, j int) bool { return b.s.Pages[i].Path < b.s.Pages[j].Path })
}

// upcoming counts each series' scheduled parts: a series with none left
// is finished.
func (b *builder) upcoming() {
	for _, p := range b.s.Scheduled { // newest first
		if se := p.Series; se != nil {
			se.Upcoming++
			se.Next = p.Date
		}
	}
}
