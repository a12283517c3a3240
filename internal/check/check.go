// Package check audits a site before anything of it goes public, and
// reports what it finds as findings a person can act on.
//
// # Findings
//
// A Finding names its rule ("privacy/ssn", "seo/title-length"), a
// severity, the place in the user's source (the markdown body or the
// front matter field, file:line:col from the site root) and what is wrong
// and how to fix it. Run returns them sorted by file, line, column and
// rule, so output is stable whatever order the rules ran in.
//
// # Rules and severities
//
// Rules lists every rule with its default severity. A site changes a
// severity in carepress.yaml with one syntax,
//
//	check:
//	  rules: {privacy/tracker: error, seo/title-length: off}
//
// and check.trackers and check.testimonials are shorthands for the
// privacy/tracker and health/testimonial rules. A post or page silences a
// rule for itself, with a reason, in its front matter:
//
//	check: {ignore: {health/sources: "a practice announcement, no claims"}}
//
// An ignore without a reason, or one naming a rule that does not exist, is
// itself a finding (check/ignore), so that silencing stays deliberate.
//
// # Families
//
//   - privacy/*: anything that could identify a patient, trackers, third
//     party forms and camera or GPS metadata in source images
//   - health/*: review dates and reviewers, sources, reading grade,
//     absolute claims, testimonials, placeholders, required notices
//   - seo/*: titles, descriptions, headings, alt text, slugs
//   - links/*: internal links and anchors, links to unpublished posts,
//     and external links when asked (Options.External)
//   - markup/*: raw HTML and other generators' template tags that readers
//     would see as text (markdown.Doc.Literals)
//   - social/*: the social snippet rules (see rules.Social)
//
// Run reads the site model and, for what the model does not hold
// (templates, static files, source images), the files under Options.Root.
// It never writes, except its caches in .carepress/cache: external link
// answers, and each file's privacy findings (so that a run scans only
// the files that changed; Options.NoCache scans them all).
//
// # Posts not published yet
//
// Scheduled posts (site.Site.Scheduled) are checked by every rule, with
// the severities of published ones: the rebuild that publishes one runs
// unattended, and its snippets are scheduled before that. Their links are
// judged on the day they publish: a link to a post scheduled after it, to
// a draft or to a post expired by then is links/unpublished; one to a
// post scheduled before it is fine. Drafts the site leaves out
// (site.Site.Drafts) are checked too, but their errors are reported as
// warnings marked "draft:", so that a draft never blocks a deploy; a
// model built with drafts (build --drafts, check --drafts) makes them
// errors again.
package check

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/carepress/carepress/internal/check/rules"
	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/par"
	"github.com/carepress/carepress/internal/privacy"
	"github.com/carepress/carepress/internal/render"
	"github.com/carepress/carepress/internal/site"
	"github.com/carepress/carepress/internal/sitefs"
	"github.com/carepress/carepress/internal/social"
)

// Severity is how much a finding matters.
type Severity = rules.Severity

// The severities, most serious first. Off silences a rule.
const (
	Error   = rules.Error
	Warning = rules.Warning
	Info    = rules.Info
	Off     = rules.Off
)

// ParseSeverity reads "error", "warning", "info" or "off".
func ParseSeverity(s string) (Severity, bool) { return rules.ParseSeverity(s) }

// Finding is one problem found.
type Finding struct {
	Rule     string
	Severity Severity
	// Pos is where the problem is: a line and column of the markdown
	// source or of a front matter field, or just a file.
	Pos     diag.Pos
	Message string
	Hint    string
}

// String formats f as a compiler does:
//
//	content/posts/flu.md:12:5: error: message [rule] (hint)
func (f Finding) String() string {
	var b strings.Builder
	if p := f.Pos.String(); p != "" {
		b.WriteString(p)
		b.WriteString(": ")
	}
	b.WriteString(f.Severity.String())
	b.WriteString(": ")
	b.WriteString(f.Message)
	b.WriteString(" [")
	b.WriteString(f.Rule)
	b.WriteString("]")
	if f.Hint != "" {
		b.WriteString(" (")
		b.WriteString(f.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// Rule describes one rule.
type Rule = rules.Rule

// Rules are the rules of carepress check, by family (see package rules).
var Rules = rules.All

// The families, for running or skipping one whole.
var (
	healthRules = rules.Health
	seoRules    = rules.SEO
	linkRules   = rules.Links
)

// Options configure Run.
type Options struct {
	// Root is the site root on disk, for templates, static files and
	// source images; "" skips the checks that need files.
	Root string
	// Now is the clock for review ages and publish state; zero means the
	// site's Now.
	Now time.Time
	// Templates are the site's parsed templates (the build's own, or
	// build.Templates); nil skips the template checks. Their sources are
	// scanned and one page of each layout rendered, never parsed again.
	Templates *render.Renderer
	// External checks external links over the network.
	External bool
	// Client makes the external requests; nil means a client with a
	// 10-second timeout.
	Client *http.Client
	// CacheDir holds the external link cache and the privacy findings
	// cache (in its privacy/ folder); "" means .carepress/cache in Root.
	CacheDir string
	// NoCache scans every file for patient identifiers again rather than
	// taking the findings of unchanged files from the cache.
	NoCache bool
	// Only, when set, limits the run to rules for which it returns true
	// (the build runs only what can fail it).
	Only func(rule string) bool
}

// Run checks s and returns its findings, sorted, with each rule's
// configured severity; rules set to off and findings a file ignores are
// left out.
func Run(ctx context.Context, s *site.Site, opts Options) []Finding {
	c := newChecker(s, opts)
	if opts.Root != "" {
		// The files are read as a build reads them: never through a link
		// out of the site.
		if src, err := sitefs.Open(opts.Root); err == nil {
			defer src.Close()
			c.rootFS = src
		}
	}
	if dir := c.cacheDir(); dir != "" && !opts.NoCache {
		if c.privCache = openPrivCache(filepath.Join(dir, "privacy"), s.PrivacyAllow(), lawNote(s, "x")); c.privCache != nil {
			defer c.privCache.close(opts.Root)
		}
	}
	c.run(ctx)
	return c.result()
}

// cacheDir is where the run's caches are, or "" for none.
func (c *checker) cacheDir() string {
	if c.opts.CacheDir == "" && c.opts.Root != "" {
		return filepath.Join(c.opts.Root, ".carepress", "cache")
	}
	return c.opts.CacheDir
}

// checker is one run's state.
type checker struct {
	s    *site.Site
	opts Options
	now  time.Time
	sev  map[string]Severity
	// files are the content files whose text is checked: posts and pages
	// (published, scheduled and drafts), notices and people.
	files []*content.File
	// drafts are the files (and bundle files) of the drafts the site
	// leaves out: their errors are reported as warnings.
	drafts map[string]bool
	// pages maps a content file to its page, when it has one.
	pages map[*content.File]*site.Page
	// mu guards findings: per-file rules run in parallel.
	mu       sync.Mutex
	findings []Finding
	rootFS   fs.FS
	// detector finds patient identifiers; nil when every privacy text
	// rule is off.
	detector *privacy.Detector
	// privCache holds the privacy findings of unchanged files; nil
	// scans every file.
	privCache *privCache
	// health is whether any health/* rule runs: a build runs only the
	// privacy rules, and need not read the text for the others.
	health bool
}

func newChecker(s *site.Site, opts Options) *checker {
	c := &checker{s: s, opts: opts, now: opts.Now, sev: map[string]Severity{}, pages: map[*content.File]*site.Page{}, drafts: map[string]bool{}}
	if c.now.IsZero() {
		c.now = s.Now
	}
	for _, r := range Rules {
		c.sev[r.ID] = r.Default
	}
	cfg := s.Config
	// config.Parse has already reported a severity that is not one.
	set := func(rule, v string) {
		if sv, ok := ParseSeverity(v); ok {
			c.sev[rule] = sv
		}
	}
	if cfg.Locale().NoTestimonials {
		// Australia's National Law bans testimonials in health
		// advertising (Ahpra): there they are errors unless the site says.
		c.sev["health/testimonial"] = Error
	}
	set("privacy/tracker", cfg.Check.Trackers)
	set("health/testimonial", cfg.Check.Testimonials)
	names := make([]string, 0, len(cfg.Check.Rules))
	for r := range cfg.Check.Rules {
		names = append(names, r)
	}
	sort.Strings(names)
	// config.Parse has refused a rule that is not one.
	for _, r := range names {
		if _, ok := c.sev[r]; ok {
			set(r, cfg.Check.Rules[r])
		}
	}
	seen := map[*content.File]bool{}
	add := func(p *site.Page) {
		if p == nil || p.Source == nil || seen[p.Source] {
			return
		}
		seen[p.Source] = true
		c.pages[p.Source] = p
		c.files = append(c.files, p.Source)
	}
	for _, p := range s.All {
		add(p)
	}
	for _, p := range s.Posts {
		add(p)
	}
	for _, p := range s.Pages {
		add(p)
	}
	// Posts not in this build are checked now: a scheduled one is
	// published by an unattended rebuild and announced before that, and
	// a draft is on its way (see lenient).
	for _, p := range s.Scheduled {
		add(p)
	}
	for _, p := range s.Drafts {
		add(p)
		if !s.Publish.Drafts && p.Source != nil {
			c.drafts[p.Source.Path] = true
			for _, r := range p.Source.Resources {
				c.drafts[p.Source.BundleDir+"/"+r] = true
			}
		}
	}
	add(s.Home)
	// Translations are published text too, each checked in its language.
	for _, p := range s.Translations {
		add(p)
	}
	for _, n := range s.Notices {
		if n.Source != nil && !seen[n.Source] {
			seen[n.Source] = true
			c.files = append(c.files, n.Source)
		}
	}
	sort.Slice(c.files, func(i, j int) bool { return c.files[i].Path < c.files[j].Path })
	c.detector = privacy.New(s.PrivacyAllow())
	c.health = c.anyEnabled(healthRules)
	return c
}

func ruleHint(r string) string {
	if h := diag.DidYouMean(r, rules.IDs()); h != "" {
		return h
	}
	return "run `carepress check --rules` for the list"
}

// anyEnabled reports whether any of rules runs: a family none of whose
// rules runs is skipped whole, as in a build.
func (c *checker) anyEnabled(rules []Rule) bool {
	return slices.ContainsFunc(rules, func(r Rule) bool { return c.enabled(r.ID) })
}

// enabled reports whether rule runs at all.
func (c *checker) enabled(rule string) bool {
	if c.opts.Only != nil && !c.opts.Only(rule) {
		return false
	}
	return c.severity(rule) != Off
}

func (c *checker) severity(rule string) Severity {
	if sv, ok := c.sev[rule]; ok {
		return sv
	}
	// A privacy text rule the privacy package added after this list was
	// written is still a privacy rule.
	if strings.HasPrefix(rule, "privacy/") {
		return Error
	}
	return Warning
}

// report records a finding of rule at pos.
func (c *checker) report(rule string, pos diag.Pos, hint, format string, args ...any) {
	if !c.enabled(rule) {
		return
	}
	f := Finding{Rule: rule, Severity: c.severity(rule), Pos: pos, Message: fmt.Sprintf(format, args...), Hint: hint}
	c.mu.Lock()
	c.findings = append(c.findings, f)
	c.mu.Unlock()
}

// note records, as information, that rule could not judge what is at
// pos: a note, not a fault, whatever the rule's severity.
func (c *checker) note(rule string, pos diag.Pos, hint, format string, args ...any) {
	if !c.enabled(rule) {
		return
	}
	f := Finding{Rule: rule, Severity: Info, Pos: pos, Message: fmt.Sprintf(format, args...), Hint: hint}
	c.mu.Lock()
	c.findings = append(c.findings, f)
	c.mu.Unlock()
}

func (c *checker) run(ctx context.Context) {
	// The text rules read one file at a time, and are most of the work.
	par.Each(ctx, len(c.files), func(i int) {
		f := c.files[i]
		tx := &fileText{f: f}
		if c.health {
			c.healthFile(f, tx)
		}
		c.privacyFile(f, tx)
		if tx.err != nil {
			c.unreadable(f, tx.err)
		}
	})
	if c.anyEnabled(seoRules) {
		c.runSEO()
	}
	if c.anyEnabled(linkRules) {
		c.runLinks()
	}
	if c.anyEnabled(markupRules) {
		c.runMarkup()
	}

	c.runMessages()
	c.runFiles()
	c.runTemplates()
	c.runSocial()
	if c.opts.External {
		c.runExternal(ctx)
	}
}

// unreadable reports that what a rule needs of f could not be read back
// from the content cache: the file could not be checked, so it cannot go
// public.
func (c *checker) unreadable(f *content.File, err error) {
	c.report("privacy/unreadable", diag.Pos{File: f.Path}, "delete .carepress/cache and build again", "%v", err)
}

// runSocial reports the faults of the posts' social snippets that do not
// depend on the schedule (see social.Problems).
func (c *checker) runSocial() {
	if !c.enabled("social/length") && !c.enabled("social/notice") && !c.enabled("social/image") && !c.enabled("social/hashtags") {
		return
	}
	for _, pr := range social.Problems(c.s) {
		c.report(pr.Rule, pr.Page.Source.At(pr.Field), pr.Hint, "%s", pr.Message)
	}
}

// result drops what files ignore, checks the ignores themselves and sorts.
func (c *checker) result() []Finding {
	ignores := map[string]map[string]string{} // file → rule → reason
	known := map[string]bool{}
	for _, r := range Rules {
		known[r.ID] = true
	}
	var out []Finding
	for _, f := range c.files {
		if f.Post == nil || len(f.Post.Check.Ignore) == 0 {
			continue
		}
		ignores[f.Path] = f.Post.Check.Ignore
		for rule, reason := range f.Post.Check.Ignore {
			pos := f.At("check.ignore." + rule)
			switch {
			case !known[rule] && !strings.HasPrefix(rule, "privacy/"):
				if c.enabled("check/ignore") {
					out = append(out, Finding{Rule: "check/ignore", Severity: c.severity("check/ignore"), Pos: pos,
						Message: fmt.Sprintf("ignore names unknown rule %q", rule), Hint: ruleHint(rule)})
				}
			case strings.TrimSpace(reason) == "":
				if c.enabled("check/ignore") {
					out = append(out, Finding{Rule: "check/ignore", Severity: c.severity("check/ignore"), Pos: pos,
						Message: fmt.Sprintf("ignore of %s gives no reason", rule), Hint: fmt.Sprintf("write why, e.g. `%s: \"reason\"`", rule)})
				}
			}
		}
	}
	for _, f := range c.findings {
		if reason := ignores[f.Pos.File][f.Rule]; strings.TrimSpace(reason) != "" {
			continue
		}
		out = append(out, f)
	}
	c.lenient(out)
	Sort(out)
	return out
}

// lenient makes the errors found in a draft the site leaves out warnings,
// as site.New does with its own: a draft in the repository must not block
// a deploy, but its problems are shown, and a build with drafts fails on
// them.
func (c *checker) lenient(fs []Finding) {
	for i, f := range fs {
		if f.Severity == Error && c.drafts[f.Pos.File] {
			fs[i].Severity, fs[i].Message = Warning, "draft: "+f.Message
		}
	}
}

// Sort orders findings by file, line, column, rule and message.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		switch {
		case a.Pos.File != b.Pos.File:
			return a.Pos.File < b.Pos.File
		case a.Pos.Line != b.Pos.Line:
			return a.Pos.Line < b.Pos.Line
		case a.Pos.Col != b.Pos.Col:
			return a.Pos.Col < b.Pos.Col
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

// Count returns how many findings have each severity.
func Count(fs []Finding) (errors, warnings, infos int) {
	for _, f := range fs {
		switch f.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		case Info:
			infos++
		}
	}
	return
}

// Diag turns findings into problems for the build: those for which fail
// returns true are errors, the other errors and warnings are warnings, and
// info findings are left out.
func Diag(fs []Finding, fail func(Finding) bool) diag.List {
	var out diag.List
	for _, f := range fs {
		if f.Severity == Info || f.Severity == Off {
			continue
		}
		sev := diag.SevWarning
		if f.Severity == Error && fail(f) {
			sev = diag.SevError
		}
		msg := f.Message + " [" + f.Rule + "]"
		if f.Severity == Error && sev == diag.SevWarning {
			msg = "check error: " + msg
		}
		out = append(out, &diag.Error{Pos: f.Pos, Severity: sev, Msg: msg, Hint: f.Hint})
	}
	return out
}
