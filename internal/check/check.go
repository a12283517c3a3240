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
//   - social/*: reserved for the social snippet rules (see socialRules)
//
// Run reads the site model and, for what the model does not hold
// (templates, static files, source images), the files under Options.Root.
// It never writes, except its caches in .carepress/cache: external link
// answers, and each file's privacy findings (so that a run scans only
// the files that changed; Options.NoCache scans them all).
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
type Severity int

// The severities, most serious first. Off silences a rule.
const (
	Error Severity = iota
	Warning
	Info
	Off
)

var severityNames = []string{"error", "warning", "info", "off"}

func (s Severity) String() string {
	if s < Error || s > Off {
		return "unknown"
	}
	return severityNames[s]
}

// MarshalText writes the severity's name, for JSON output.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads "error", "warning", "info" or "off".
func ParseSeverity(s string) (Severity, bool) {
	i := slices.Index(severityNames, s)
	return Severity(max(i, 0)), i >= 0
}

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
type Rule struct {
	ID      string
	Default Severity
	// Doc says what the rule finds, in one line.
	Doc string
}

// Rules are the rules of carepress check, by family. The privacy text
// rules come from internal/privacy and are listed with them.
var Rules = append(append(append(append(append(append(privacyRules(), healthRules...), seoRules...), linkRules...), socialRules...), replyRules...), metaRules...)

// socialRules are the faults of a post's social snippets; they run in
// runSocial. A build fails on the first two anyway, when a share is due.
var socialRules = []Rule{
	{"social/length", Error, "a post's social text (or its title and link) over a platform's limit"},
	{"social/notice", Error, "the notices placed in social leave no room for a post's snippet"},
	{"social/hashtags", Warning, "social.hashtags lists more hashtags than a platform takes"},
}

var metaRules = []Rule{
	{"check/ignore", Error, "an ignore in front matter without a reason or for an unknown rule"},
	{"check/config", Error, "an unknown rule in check.rules"},
}

// Options configure Run.
type Options struct {
	// Root is the site root on disk, for templates, static files and
	// source images; "" skips the checks that need files.
	Root string
	// Now is the clock for review ages and publish state; zero means the
	// site's Now.
	Now time.Time
	// Layers are the template layers (build.Layers); nil skips the
	// template checks.
	Layers []render.Layer
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
		if c.privCache = openPrivCache(filepath.Join(dir, "privacy"), Allow(s)); c.privCache != nil {
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
	// (published or not), notices and people.
	files []*content.File
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
	c := &checker{s: s, opts: opts, now: opts.Now, sev: map[string]Severity{}, pages: map[*content.File]*site.Page{}}
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
	set("privacy/tracker", cfg.Check.Trackers)
	set("health/testimonial", cfg.Check.Testimonials)
	rules := make([]string, 0, len(cfg.Check.Rules))
	for r := range cfg.Check.Rules {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	for _, r := range rules {
		if _, ok := c.sev[r]; !ok {
			if !c.enabled("check/config") {
				continue
			}
			pos := cfg.Pos["check.rules."+r]
			pos.File = cfg.File
			c.findings = append(c.findings, Finding{Rule: "check/config", Severity: c.sev["check/config"], Pos: pos,
				Message: fmt.Sprintf("unknown rule %q in check.rules", r), Hint: ruleHint(r)})
			continue
		}
		set(r, cfg.Check.Rules[r])
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
	add(s.Home)
	for _, n := range s.Notices {
		if n.Source != nil && !seen[n.Source] {
			seen[n.Source] = true
			c.files = append(c.files, n.Source)
		}
	}
	sort.Slice(c.files, func(i, j int) bool { return c.files[i].Path < c.files[j].Path })
	c.detector = privacy.New(Allow(s))
	c.health = c.anyEnabled(healthRules)
	return c
}

func ruleHint(r string) string {
	ids := make([]string, 0, len(Rules))
	for _, x := range Rules {
		ids = append(ids, x.ID)
	}
	if h := diag.DidYouMean(r, ids); h != "" {
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
	if !c.enabled("social/length") && !c.enabled("social/notice") && !c.enabled("social/hashtags") {
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
	Sort(out)
	return out
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
