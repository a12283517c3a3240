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

// fromTemplate writes the text of a share from the template, making room as
// the package documentation says.
func (c *composer) fromTemplate(share int, tags []string) (string, []string, error) {
	p := c.post
	prefix, full := lead(p, share)
	title := oneLine(p.Title)
	for _, s := range []string{prefix + full, title, p.Description, p.Summary} {
		c.allow(s)
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
		return c.withNotices(body), nil
	}

	// Shorten the lead, then drop hashtags from the end, each time with the
	// longest lead that fits.
	leads := cutsOf(full).keepWords(minLeadWords)
	for h := len(tags); h >= 0; h-- {
		text, ok, err := c.fit(leads, func(l string) (string, error) { return render(prefix+l, title, h) })
		if ok || err != nil {
			return text, tags[:h], err
		}
	}
	// Then leave the lead out, then shorten the title.
	if full != "" || prefix != "" {
		for h := len(tags); h >= 0; h-- {
			text, err := render("", title, h)
			if err != nil || c.invalid(text) == "" {
				return text, tags[:h], err
			}
		}
	}
	titles := cutsOf(title)
	text, ok, err := c.fit(titles, func(t string) (string, error) { return render("", t, 0) })
	if ok || err != nil {
		return text, nil, err
	}

	shortest := ""
	if titles.n() > 0 {
		shortest = titles.at(0)
	}
	text, err = render("", shortest, 0)
	if err != nil {
		return "", nil, err
	}
	if err := c.counter.Valid(text); err != nil {
		if len(c.notices) > 0 {
			return "", nil, &kindError{ErrNoticesDoNotFit, fmt.Sprintf("the notices do not fit: %s with the link, no hashtags and the shortest title (shorten the notice summaries)", overBy(err))}
		}
		return "", nil, fmt.Errorf("the link does not fit: %s with the shortest title (shorten the title)", overBy(err))
	}
	return "", nil, fmt.Errorf("cannot write a snippet: %s (give the post a title or a description)", c.invalid(text))
}

// fit returns the text rendered from the longest candidate of cuts that is
// valid, and false when none is. It assumes a longer candidate never counts
// less, so it finds the longest one the counter accepts by bisection.
func (c *composer) fit(cuts cuts, render func(string) (string, error)) (string, bool, error) {
	if cuts.n() == 0 {
		text, err := render("")
		return text, err == nil && c.invalid(text) == "", err
	}
	// Most texts fit whole: try that before bisecting.
	last := cuts.n() - 1
	text, err := render(cuts.at(last))
	if err != nil {
		return "", false, err
	}
	if c.invalid(text) == "" {
		return text, true, nil
	}
	lo, hi, best := 0, last-1, -1
	if c.counter.Valid(text) == nil {
		hi, best = -1, last // whole fits the counter but breaks another rule
	}
	for lo <= hi {
		mid := (lo + hi) / 2
		text, err := render(cuts.at(mid))
		if err != nil {
			return "", false, err
		}
		if c.counter.Valid(text) == nil {
			best, lo = mid, mid+1
		} else {
			hi = mid - 1
		}
	}
	for i := best; i >= 0 && i > best-maxDescent; i-- {
		text, err := render(cuts.at(i))
		if err != nil {
			return "", false, err
		}
		if c.invalid(text) == "" {
			return text, true, nil
		}
	}
	return "", false, nil
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
