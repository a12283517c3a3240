package check

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/carepress/carepress/internal/content"
	"github.com/carepress/carepress/internal/readability"
	"github.com/carepress/carepress/internal/site"
)

// postNoticeKinds are the kinds of required notice every post must show:
// what a reader of health information needs on the page itself.
var postNoticeKinds = []string{"emergency", "disclaimer", "privacy"}

// healthFile runs the health/* rules on one file.
func (c *checker) healthFile(f *content.File, tx *fileText) {
	{
		switch f.Kind {
		case content.KindPost:
			if c.isTranslation(c.pages[f]) {
				// Its original's reviewer answers for it, as of its own
				// last_reviewed.
				c.translationStale(f)
			} else {
				c.review(f)
			}
			c.sourcesRule(f)
			c.requiredNotices(f)
			c.readingGrade(f, tx)
		case content.KindPage:
			if f.Post != nil && f.Post.Audience != "clinician" && f.Post.Audience != "" {
				c.readingGrade(f, tx)
			}
			c.translationStale(f)
		case content.KindNotice:
			c.placeholders(f, tx)
			c.translationStale(f)
		}
		if public(f) {
			b := tx.body()
			c.claims(b)
			c.testimonials(b)
		}
	}
}

func day(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

func (c *checker) review(f *content.File) {
	m := f.Post
	loc := c.s.Config.Location
	if m.ReviewedBy == "" {
		c.report("health/reviewer", f.At("title"), "add `reviewed_by: PERSON` and `last_reviewed: DATE` once a clinician has reviewed it", "post has no clinical reviewer")
		return
	}
	if m.LastReviewed.IsZero() {
		c.report("health/reviewer", f.At("reviewed_by"), "add `last_reviewed: DATE`, the day of the review", "post names a reviewer but no review date")
		return
	}
	maxAge := time.Duration(c.s.Config.Check.ReviewMaxAge)
	due := day(m.LastReviewed, loc).Add(maxAge)
	if c.now.After(due) {
		c.report("health/review-stale", f.At("last_reviewed"), "have it reviewed again and update last_reviewed",
			"last reviewed on %s, more than %s ago (review was due %s)", day(m.LastReviewed, loc).Format("2006-01-02"), ageText(maxAge), due.Format("2006-01-02"))
	}
	if !m.Lastmod.IsZero() && day(m.Lastmod, loc).After(day(m.LastReviewed, loc)) {
		c.report("health/edited-after-review", f.At("lastmod"), "have the change reviewed and update last_reviewed",
			"edited on %s, after its last review on %s", day(m.Lastmod, loc).Format("2006-01-02"), day(m.LastReviewed, loc).Format("2006-01-02"))
	}
}

func ageText(d time.Duration) string {
	days := int(d / (24 * time.Hour))
	if days%7 == 0 && days%365 != 0 {
		return fmt.Sprintf("%d weeks", days/7)
	}
	return fmt.Sprintf("%d days", days)
}

func (c *checker) sourcesRule(f *content.File) {
	if f.Post.Audience == "clinician" || len(f.Post.Sources) > 0 {
		return
	}
	pos := f.At("audience")
	c.report("health/sources", pos, "add `sources:` with the guidelines or studies it rests on, each with a title and url", "patient post cites no sources")
}

func (c *checker) requiredNotices(f *content.File) {
	p := c.pages[f]
	for i, id := range c.s.Config.Notices.Require {
		n, ok := c.s.NoticesByID[id]
		if !ok || !slices.Contains(postNoticeKinds, n.Kind) {
			continue
		}
		if n.Placed("footer") || n.Placed("post-end") || slices.Contains(f.Post.Notices, id) || p != nil && slices.Contains(p.Notices, n) {
			continue
		}
		_ = i
		c.report("health/notice", f.At("notices"), fmt.Sprintf("add %q to the post's `notices:`, or place the notice in footer or post-end", id),
			"post does not show required %s notice %q", n.Kind, id)
	}
}

// placeholders reports each [[FILL IN]] gap of a notice.
func (c *checker) placeholders(f *content.File, tx *fileText) {
	b := tx.body()
	for _, m := range placeholderRE.FindAllStringSubmatchIndex(b.src, -1) {
		c.report("health/placeholder", b.pos(m[0]), "replace it with the practice's own text before publishing",
			"notice still holds a placeholder: %s", strings.TrimSpace(b.src[m[2]:m[3]]))
	}
	if f.Notice != nil {
		if m := placeholderRE.FindStringSubmatch(f.Notice.Summary); m != nil {
			c.report("health/placeholder", f.At("summary"), "replace it with the practice's own text before publishing",
				"notice summary still holds a placeholder: %s", strings.TrimSpace(m[1]))
		}
	}
}

var placeholderRE = regexp.MustCompile(`\[\[FILL IN:?\s*([^\]]*)\]\]`)

// readingGrade warns when the body reads above the configured grade, and
// shows the longest sentences, since they are what to shorten first.
func (c *checker) readingGrade(f *content.File, tx *fileText) {
	if f.Doc == nil || f.Post.Audience == "clinician" || !c.enabled("health/reading-grade") {
		return
	}
	// Doc.Text has one line per block; a blank line between them keeps a
	// heading from running into the paragraph after it.
	text := strings.ReplaceAll(tx.plain(), "\n", "\n\n")
	lang := c.langOf(f)
	a, ok := readability.Assess(lang, text)
	if !ok {
		// A formula for another language would only mislead.
		c.note("health/reading-grade", bodyLine(f, 1, 1), "check by hand that patients can read it",
			"reading grade not measured: carepress has no readability formula for %s", languageName(lang))
		return
	}
	if a.Words < 30 {
		return // too short for a grade to mean anything
	}
	g := a.Grade
	limit := c.s.Config.Check.ReadingGradeMax
	if g <= limit {
		return
	}
	type sent struct {
		s string
		n int
	}
	var ss []sent
	for _, s := range readability.Sentences(text) {
		n := 0
		for _, w := range strings.Fields(s) {
			if readability.IsWord(w) {
				n++
			}
		}
		ss = append(ss, sent{strings.Join(strings.Fields(s), " "), n})
	}
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].n > ss[j].n })
	var longest []string
	for _, s := range ss[:min(2, len(ss))] {
		longest = append(longest, fmt.Sprintf("%q (%d words)", clip(s.s, 60), s.n))
	}
	grade := fmt.Sprintf("%.1f", g)
	if a.Level != "" {
		// "12 (Fernández Huerta 55.3, algo difícil)": the formula's own
		// score and band, which a Spanish editor knows.
		grade = fmt.Sprintf("%.0f (%s %.1f, %s)", g, a.Formula, a.Score, a.Level)
	}
	c.report("health/reading-grade", bodyLine(f, 1, 1), "shorten sentences and prefer short, common words",
		"reading grade %s is above %g; longest sentences: %s", grade, limit, strings.Join(longest, ", "))
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// claimRE matches absolute claims a health post should not make.
var claimRE = regexp.MustCompile(`(?i)\b(cures?|cured|guarantee[sd]?|guaranteed|100\s?% (?:safe|effective|natural|guaranteed|cure)|miracle|miraculous|no side[- ]effects|risk[- ]free|completely safe|totally safe|permanent(?:ly)? (?:cure|fix))\b`)

// claimStems and outcomeStems are lowercase words one of which every
// match of claimRE or outcomeRE holds, so that most bodies skip the
// expression.
var (
	claimStems   = []string{"cure", "guarantee", "100", "miracle", "miraculous", "side", "risk", "safe", "permanent"}
	outcomeStems = []string{"cured", "healed", "fixed", "got rid", "no longer", "gone", "saved my", "lost", "off my", "off all", "free", "reversed", "cleared"}
)

// containsFold reports whether s holds any of words, ignoring ASCII case.
func containsFold(s string, words []string) bool {
	lower := make([]byte, len(s))
	for i := range len(s) {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	for _, w := range words {
		if bytes.Contains(lower, []byte(w)) {
			return true
		}
	}
	return false
}

// negationRE matches a negation just before a claim word: "there is no
// cure", "antibiotics don't cure colds", "nothing is 100% safe".
var negationRE = regexp.MustCompile(`(?i)\b(no|not|never|nothing|isn't|aren't|don't|doesn't|won't|can't|cannot|without|neither|nor)\b(\s+\S+){0,2}\s*$`)

func (c *checker) claims(b *body) {
	if !c.enabled("health/absolute-claim") {
		return
	}
	if !containsFold(b.prose, claimStems) {
		return
	}
	for _, m := range claimRE.FindAllStringIndex(b.prose, -1) {
		start := max(0, m[0]-40)
		before := b.prose[start:m[0]]
		if i := strings.LastIndexAny(before, ".!?\n"); i >= 0 {
			before = before[i+1:]
		}
		if negationRE.MatchString(before) {
			continue
		}
		word := b.src[m[0]:m[1]]
		c.report("health/absolute-claim", b.pos(m[0]), "health claims need qualifiers: say \"can help\", \"may lower the risk\", and cite a source",
			"absolute claim %q", word)
	}
}

// Testimonials: a quote in the first person that credits a clinical
// outcome. Quotes are blockquote lines or text in quotation marks.
var (
	quoteLineRE  = regexp.MustCompile(`(?m)^ {0,3}>[^\n]*(?:\n {0,3}>[^\n]*)*`)
	quotedTextRE = regexp.MustCompile(`["“][^"”\n]{20,}["”]`)
	firstPerson  = regexp.MustCompile(`(?i)\b(i|i'm|i’m|my|me|i've|i’ve)\b`)
	outcomeRE    = regexp.MustCompile(`(?i)\b(cured|healed|fixed my|got rid of|no longer (?:have|need|suffer|take|get)|(?:pain|symptoms?|migraines?|headaches?|acne|anxiety|depression|diabetes|eczema|asthma|it) (?:is|are|was|were) (?:all |completely |totally )?(?:gone|cured|healed)|saved my life|lost \d+ ?(?:pounds|lbs|kg|kilos)|off (?:my|all|all my) (?:meds|medications?|insulin|pills)|pain[- ]free|symptom[- ]free|reversed my|cleared (?:up )?my)\b`)
)

func (c *checker) testimonials(b *body) {
	if !c.enabled("health/testimonial") || !containsFold(b.prose, outcomeStems) {
		return
	}
	seen := map[int]bool{}
	check := func(start, end int) {
		q := b.prose[start:end]
		if !firstPerson.MatchString(q) {
			return
		}
		m := outcomeRE.FindStringIndex(q)
		if m == nil || seen[start+m[0]] {
			return
		}
		seen[start+m[0]] = true
		c.report("health/testimonial", b.pos(start+m[0]), "remove the clinical claim from the testimonial; regulators such as Ahpra and the FTC forbid testimonials about treatment outcomes",
			"testimonial praises a clinical outcome: %q", b.src[start+m[0]:start+m[1]])
	}
	for _, m := range quoteLineRE.FindAllStringIndex(b.prose, -1) {
		check(m[0], m[1])
	}
	for _, m := range quotedTextRE.FindAllStringIndex(b.prose, -1) {
		check(m[0], m[1])
	}
}

// DueItem is a post whose review falls due.
type DueItem struct {
	Due      time.Time
	Post     *site.Page
	Reviewer string // display name, or "" when the post names none
	// Never is true when the post has never been reviewed.
	Never bool
}

// Due lists the posts whose review falls due on or before now + days,
// soonest first (overdue and never-reviewed posts first): published,
// scheduled and drafts.
func Due(s *site.Site, now time.Time, days int) []DueItem {
	loc := s.Config.Location
	limit := day(now, loc).AddDate(0, 0, days)
	maxAge := time.Duration(s.Config.Check.ReviewMaxAge)
	var out []DueItem
	for _, p := range slices.Concat(s.Posts, s.Scheduled, s.Drafts) {
		if p.Meta == nil {
			continue
		}
		it := DueItem{Post: p}
		if p.Reviewer != nil {
			it.Reviewer = p.Reviewer.DisplayName()
		}
		if p.Meta.LastReviewed.IsZero() {
			it.Never, it.Due = true, day(p.Date, loc)
		} else {
			it.Due = day(p.Meta.LastReviewed, loc).Add(maxAge)
		}
		if it.Due.After(limit) {
			continue
		}
		out = append(out, it)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Due.Equal(out[j].Due) {
			return out[i].Due.Before(out[j].Due)
		}
		return out[i].Post.Source.Path < out[j].Post.Source.Path
	})
	return out
}
