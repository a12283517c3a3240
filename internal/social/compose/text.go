package compose

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/carepress/carepress/internal/social/count"
	"github.com/rivo/uniseg"
)

// ellipsis marks a shortened lead or title.
const ellipsis = "…"

// maxDescent bounds how many shorter candidates fit tries after the longest
// one the counter accepts fails another rule (a cut that turns words into a
// link, say), so a pathological text costs little.
const maxDescent = 32

// maxFallbackLeads bounds how many of a post's leads a share tries when its
// own does not fit or is taken, so a summary of a hundred sentences costs
// little.
const maxFallbackLeads = 8

// fromTemplate writes the text of a share from the template: lead k of
// the rotation for share number share, made to fit and to differ from the
// earlier shares (c.used) as the package documentation says.
func (c *composer) fromTemplate(k, share int, tags []string) (string, []string, error) {
	p := c.post
	leads := c.leads
	ph := phrasesIn(p.Lang)
	prefix, i := rotation(ph, k, len(leads))
	titles := titleForms(p.Title)
	for _, s := range append([]string{prefix, p.Description, p.Summary}, leads...) {
		c.allow(s)
	}
	for _, t := range titles {
		c.allow(t)
	}
	data := TemplateData{
		Description: strings.TrimSpace(p.Description),
		Summary:     strings.TrimSpace(p.Summary),
		URL:         c.link,
		Link:        c.shown,
		Platform:    c.platform,
		Share:       share,
	}
	if c.platform == "instagram" {
		data.URL = ""
	}
	render := func(lead, title string, h int) (string, error) {
		d := data
		d.Lead, d.Title, d.Hashtags = lead, title, hashLine(tags[:h])
		var body string
		if c.tmpl == nil {
			body = defaultText(d)
		} else {
			var b strings.Builder
			if err := c.tmpl.Execute(&b, d); err != nil {
				return "", fmt.Errorf("social template: %v", err)
			}
			body = tidy(b.String())
		}
		if c.platform == "instagram" && !strings.Contains(body, c.shown) {
			body = strings.TrimSpace(body + "\n" + c.shown)
		}
		return c.finish(body), nil
	}
	f := &fitter{c: c, tags: tags, render: render}
	if len(titles) > 1 {
		f.clause = titles[1]
	}

	// The forms, best first: the share's own lead whole; its first
	// sentences, or another of them; the other leads and their sentences;
	// all that again with the title's main clause; the title alone (on a
	// reshare, also behind a reshare prefix), whole or its main clause;
	// the share's lead cut after a word; last the leads without the title,
	// for a title that never fits.
	var order []string // leads in the order this share prefers them
	for j := range min(len(leads), maxFallbackLeads) {
		order = append(order, leads[(i+j)%len(leads)])
	}
	withLeads := func(title string) {
		if title != "" && !f.roomFor(title) {
			return // no lead fits beside a title that does not fit alone
		}
		for _, l := range order {
			f.tryLead(prefix, l, title)
		}
	}
	for _, t := range titles {
		withLeads(t)
	}
	for _, t := range titles {
		f.try(strings.TrimSpace(prefix), t)
		f.try("", t)
		if share > 0 {
			for j := range ph.reshare {
				f.try(strings.TrimSpace(ph.reshare[(k+j)%len(ph.reshare)]), t)
			}
		}
	}
	if len(order) > 0 {
		title := ""
		if len(titles) > 0 {
			title = titles[0]
		}
		f.tryCut(prefix, order[0], title)
	}
	if len(titles) > 0 {
		withLeads("")
	}
	if f.err != nil || f.text != "" {
		return f.text, f.tagsUsed, f.err
	}
	if f.valid {
		return "", nil, &kindError{ErrRepeat, fmt.Sprintf("share %d would repeat an earlier share word for word: every text that fits is taken (give the post a description or a longer summary, or fewer reshares)", share)}
	}

	return "", nil, c.noFit(render, titles)
}

// noFit says why no form of a share fits: the notices, the link or the
// title leave no room, or nothing in the post is a word.
func (c *composer) noFit(render func(lead, title string, h int) (string, error), titles []string) error {
	bare, err := render("", "", 0)
	if err != nil {
		return err
	}
	if err := c.counter.Valid(bare); err != nil {
		if len(c.notices) > 0 {
			return &kindError{ErrNoticesDoNotFit, fmt.Sprintf("the notices do not fit: %s with the link, no hashtags and the shortest title (shorten the notice summaries)", overBy(err))}
		}
		return fmt.Errorf("the link does not fit: %s without any text (set a shorter base_url or slug)", overBy(err))
	}
	if len(titles) > 0 {
		text, err := render("", titles[len(titles)-1], 0)
		if err != nil {
			return err
		}
		if err := c.counter.Valid(text); err != nil && len(c.notices) > 0 {
			// The notices leave no room if the post would fit without them.
			notices := c.notices
			c.notices = nil
			alone, rerr := render("", titles[len(titles)-1], 0)
			c.notices = notices
			if rerr == nil && c.counter.Valid(alone) == nil {
				return &kindError{ErrNoticesDoNotFit, fmt.Sprintf("the notices do not fit: %s with the link, no hashtags and the shortest title (shorten the notice summaries)", overBy(err))}
			}
		}
		if err := c.counter.Valid(text); err != nil {
			return fmt.Errorf("the title does not fit: %s with the link and no hashtags, and a title is never cut (shorten the title, or put its gist before a colon)", overBy(err))
		}
		return fmt.Errorf("cannot write a snippet: %s (give the post a title or a description)", c.invalid(text))
	}
	return fmt.Errorf("cannot write a snippet: %s (give the post a title or a description)", c.invalid(bare))
}

// A fitter tries the forms of a share in order and keeps the first whose
// text is valid and new.
type fitter struct {
	c      *composer
	tags   []string
	render func(lead, title string, h int) (string, error)
	tried  map[[2]string]bool
	clause string // the title's main clause, when it is a form of its own

	text     string   // the text chosen, "" until one is
	tagsUsed []string // its hashtags
	err      error    // a template error: no form can be written
	valid    bool     // some form fitted, chosen or not
}

func (f *fitter) done() bool { return f.text != "" || f.err != nil }

// try renders lead and title with as many hashtags as fit, and takes the
// text if it is valid and not an earlier share's.
func (f *fitter) try(lead, title string) {
	if f.done() || lead == "" && title == "" {
		return
	}
	if title != "" && title == f.clause && strings.Contains(strings.ToLower(lead), strings.ToLower(title)) {
		return // "Wondering about flu shots?" over "Flu shots" says it twice
	}
	if f.tried == nil {
		f.tried = map[[2]string]bool{}
	}
	k := [2]string{lead, title}
	if f.tried[k] {
		return
	}
	f.tried[k] = true
	// Without hashtags first: most forms that fail, fail there.
	text, err := f.render(lead, title, 0)
	if err != nil {
		f.err = err
		return
	}
	if f.c.invalid(text) != "" {
		return
	}
	for h := len(f.tags); h > 0; h-- {
		t, err := f.render(lead, title, h)
		if err != nil {
			f.err = err
			return
		}
		if f.c.invalid(t) == "" {
			f.take(t, h)
			return
		}
	}
	f.take(text, 0)
}

// tryLead tries lead behind prefix with title, then its shorter forms:
// its first sentences, the most that fit, then each later sentence alone.
func (f *fitter) tryLead(prefix, lead, title string) {
	f.try(prefix+lead, title)
	firsts, others := sentenceForms(lead)
	// A longer run of first sentences never counts less: bisect for the
	// longest the counter takes, then go down from it.
	lo, hi, best := 0, len(firsts)-1, -1
	for lo <= hi && !f.done() {
		mid := (lo + hi) / 2
		text, err := f.render(prefix+firsts[mid], title, 0)
		if err != nil {
			f.err = err
			return
		}
		if f.c.counter.Valid(text) == nil {
			best, lo = mid, mid+1
		} else {
			hi = mid - 1
		}
	}
	for i := best; i >= 0 && i > best-maxDescent; i-- {
		f.try(prefix+firsts[i], title)
	}
	for i, s := range others {
		if i == maxDescent {
			break
		}
		f.try(prefix+s, title)
	}
}

// roomFor reports whether title with the link and the notices is within
// the limit, without which no lead fits beside it either. Only the
// default template is known to grow with its lead; for a site's own
// template it is always true.
func (f *fitter) roomFor(title string) bool {
	if f.c.tmpl != nil || f.done() {
		return true
	}
	text, err := f.render("", title, 0)
	return err != nil || f.c.counter.Valid(text) == nil
}

// take chooses text, written with h hashtags, unless an earlier share has it.
func (f *fitter) take(text string, h int) {
	f.valid = true
	if !f.c.used[f.c.key(text, f.tags[:h])] {
		f.text, f.tagsUsed = text, f.tags[:h]
	}
}

// tryCut takes lead cut after a word (and "…"), behind prefix: the longest
// cut that fits with the most hashtags, and is new. A lead that fits whole
// is never cut: cutting it to say something new would say less.
func (f *fitter) tryCut(prefix, lead, title string) {
	if f.done() {
		return
	}
	whole, err := f.render(prefix+lead, title, 0)
	if err != nil {
		f.err = err
		return
	}
	if f.c.counter.Valid(whole) == nil {
		return
	}
	cs := cutsOf(lead).keepWords(minLeadWords).short()
	for h := len(f.tags); h >= 0 && !f.done() && cs.n() > 0; h-- {
		render := func(i int) (string, error) { return f.render(prefix+cs.at(i), title, h) }
		// Bisect for the longest cut the counter takes: a longer cut
		// never counts less.
		lo, hi, best := 0, cs.n()-1, -1
		for lo <= hi {
			mid := (lo + hi) / 2
			text, err := render(mid)
			if err != nil {
				f.err = err
				return
			}
			if f.c.counter.Valid(text) == nil {
				best, lo = mid, mid+1
			} else {
				hi = mid - 1
			}
		}
		for i := best; i >= 0 && i > best-maxDescent; i-- {
			text, err := render(i)
			if err != nil {
				f.err = err
				return
			}
			if f.c.invalid(text) != "" {
				continue
			}
			if f.take(text, h); f.done() {
				return
			}
		}
	}
}

// cuts are the ways to shorten a text: its prefixes that end after a word
// (UAX #29) or after a URL, never inside a URL, each followed by an
// ellipsis, and last the whole text. They are built on demand, so a long
// text costs no more memory than itself.
type cuts struct {
	s   string
	pos []int // byte ends of the prefixes, ascending; the last is len(s)
}

func cutsOf(s string) cuts {
	if s == "" {
		return cuts{}
	}
	urls := count.URLs(s)
	var pos []int
	k := 0 // urls[k] is the first URL not ending before the cut
	state, rest, end := -1, s, 0
	for rest != "" {
		var w string
		w, rest, state = uniseg.FirstWordInString(rest, state)
		end += len(w)
		if end == len(s) {
			break
		}
		for k < len(urls) && urls[k].End < end {
			k++
		}
		switch {
		case k < len(urls) && urls[k].End == end:
			pos = append(pos, end)
		case k < len(urls) && urls[k].Start < end:
			// inside a URL
		case isWord(w):
			pos = append(pos, end)
		}
	}
	return cuts{s: s, pos: append(pos, len(s))}
}

// minLeadWords is the fewest words a shortened lead keeps: "Wondering…"
// says nothing, so below that the lead is left out instead.
const minLeadWords = 4

// keepWords drops the cuts that keep fewer than n words; the whole text
// stays a candidate however short it is.
func (c cuts) keepWords(n int) cuts {
	if len(c.pos) <= 1 || n <= 1 {
		return c
	}
	drop := min(n-1, len(c.pos)-1)
	return cuts{s: c.s, pos: c.pos[drop:]}
}

// short drops the whole text from the cuts, leaving only the shortened ones.
func (c cuts) short() cuts {
	if len(c.pos) == 0 {
		return c
	}
	return cuts{s: c.s, pos: c.pos[:len(c.pos)-1]}
}

func (c cuts) n() int { return len(c.pos) }

func (c cuts) at(i int) string {
	if c.pos[i] == len(c.s) {
		return c.s
	}
	return c.s[:c.pos[i]] + ellipsis
}

// isWord reports whether a UAX #29 word segment is a word rather than space
// or punctuation.
func isWord(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSymbol(r) {
			return true
		}
	}
	return false
}

// defaultText is DefaultTemplate written in Go.
func defaultText(d TemplateData) string {
	var b strings.Builder
	if d.Lead != "" {
		b.WriteString(d.Lead + "\n\n")
	}
	if d.Title != "" {
		b.WriteString(d.Title + "\n")
	}
	b.WriteString(d.Link)
	if d.Hashtags != "" {
		b.WriteString("\n\n" + d.Hashtags)
	}
	return tidy(b.String())
}

// tidy trims a template's output: no trailing spaces on a line, at most one
// blank line in a row, no space around it.
func tidy(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if l == "" {
			if blank++; blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
