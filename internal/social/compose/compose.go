// Package compose writes the text of social snippets: one post, one
// platform, its shares.
//
// Contract: [Compose] and [ComposeShares] are pure (no I/O, no clock) and
// either return a [Snippet] that is valid for its platform or an error
// naming the post and the platform. A returned snippet's Text
//
//   - is within every limit of the platform's count.Counter (Length <= Limit
//     and Counter.Valid(Text) == nil);
//   - holds words besides hashtags, links and notices (never empty, never
//     hashtags-only);
//   - keeps every URL whole: each URL count.URLs finds in it is a URL of the
//     post's own material (title, description, summary, social text,
//     notices) or the post's tracked link;
//   - holds the post's link with its UTM parameters, whole, except on
//     instagram, which gets the platform's LinkLine ("Link in bio.") instead
//     and needs the post's image;
//   - ends with every notice summary of Options.Notices, each on its own
//     line; a notice is never dropped or shortened;
//   - never starts like a spreadsheet formula ([FormulaSafe]);
//   - differs from the text of every earlier share of the post on the
//     platform once the link and the hashtags are left aside (X rejects a
//     duplicate, and a reshare that says the same again is noise): a
//     reshare that cannot differ is an error wrapping [ErrRepeat], and the
//     caller leaves it out.
//
// # Links
//
// The link is the post's URL with utm_source (the platform), utm_medium
// (Options.UTMMedium, "social") and utm_campaign (the post's slug), and
// utm_content (the snippet id) only when Options.UTMContent asks: Bluesky
// counts every character of the link, which the exports carry whole.
//
// # Text
//
// The author's social.text_by_platform[platform], else social.text, is kept
// verbatim as the first share, followed by the link, the hashtags and the
// notices. When that does not fit, hashtags are dropped; when it still does
// not fit, Compose returns an error with the count and the limit (`post
// "flu" on x: social text is 312/280 (shorten it)`). Its reshares are
// written by the template, as below, leading with the description.
//
// Without author text, the template (Options.Template, or [DefaultTemplate]:
// lead, title, link, hashtags) writes the text. The lead rotates by share so a
// reshare says something new:
//
//	share 0: the description
//	share 1: a sentence of the summary that differs from the description
//	share 2: a question built from the title ("Wondering about flu shots?")
//	share 3, 4, ...: the remaining summary sentences
//
// and when those are used up, the same leads again behind a prefix ("In case
// you missed it: ", "Worth a read: ", "From our archive: "). Leads that
// would repeat an earlier one (or the title) are skipped, and a post without
// description or summary starts with the next lead it has. The question and
// the prefixes are English: a site in another language gives its own
// template, which sees the title, description and summary.
//
// # Making room, and saying something new
//
// A share is written in the first of these forms that fits its platform
// and whose text no earlier share has, each with as many hashtags as fit:
//
//  1. its own lead, whole;
//  2. a shorter form of it: its first sentences, or another of its
//     sentences alone;
//  3. the other leads, in rotation order, whole or by sentences;
//  4. the same leads with the title's main clause (before a colon or a
//     dash) when the whole title leaves them no room: a title is never
//     cut mid-phrase;
//  5. the title alone, whole or its main clause; on a reshare also behind
//     a reshare prefix ("In case you missed it:");
//  6. its own lead cut after a word (UAX #29 words, so CJK text is cut
//     between characters; a URL is never cut), keeping at least a few
//     words, with "…" (in practice, a post without a title);
//  7. a lead without the title, for a title too long for any form.
//
// Notices are never dropped: if no form fits, the error names the post and
// the platform and says what leaves no room (the notices, the link or the
// title). If forms fit but every one repeats an earlier share, the error
// wraps ErrRepeat.
//
// # Hashtags
//
// social.hashtags, else the post's tags, in CamelCase ("heart health" and
// "heart-health" become HeartHealth; letters, marks and digits are kept,
// everything else separates words), de-duplicated case-insensitively; a tag
// that does not start with a letter is skipped. Platform.MaxHashtags caps
// them: 0 means the platform default (instagram 5, threads 1, the others 3)
// and a negative value means none. Threads gets at most one (its topic tag)
// whatever MaxHashtags says.
//
// # Bluesky
//
// Text always carries the full link. Display shows it shortened
// ("riverbend.example.com/posts/flu…") and Facets hold UTF-8 byte offsets into
// Display for every link, with the full URI, as Bluesky needs them.
package compose

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"text/template"
	"unicode"
	"unicode/utf8"

	"github.com/carepress/carepress/internal/social/count"
)

// Post is what Compose needs to know of a post.
type Post struct {
	// Lang is the language of the post's text ("es-US"); "" is English.
	// The leads the composer writes itself are in that language: a
	// reshare's prefix, the lead of a question title; a question built
	// from the title is English only.
	Lang           string
	Slug           string            // post slug, used in ids and as utm_campaign
	Title          string            // the post's title
	Description    string            // the post's description, the first lead
	Summary        string            // plain-text summary (first paragraphs)
	URL            string            // absolute canonical URL of the post, no query
	Tags           []string          // post tags, e.g. "heart health", "flu-season"
	Hashtags       []string          // social.hashtags from front matter: used instead of tags when non-empty
	Text           string            // social.text: the author's own lead text
	TextByPlatform map[string]string // social.text_by_platform[platform]: wins over Text
	Image          string            // absolute URL of the share image (post image or generated card)
}

// Platform is one platform as Compose writes for it.
type Platform struct {
	Name        string        // "x", "mastodon", "bluesky", "threads", "facebook", "linkedin", "instagram"
	Counter     count.Counter // from count.For(name, maxChars)
	MaxHashtags int           // 0 = platform default (instagram 5, threads 1, others 3); < 0 = no hashtags
	LinkLine    string        // instagram: the line used instead of a link, default "Link in bio."
}

// Options are the site-wide settings of composition.
type Options struct {
	// Template writes the text when the post has no author text; nil means
	// DefaultTemplate. It is executed with a TemplateData.
	Template *template.Template
	// UTMMedium is utm_medium of every link; "" means "social".
	UTMMedium string
	// UTMContent adds the snippet id as utm_content (social.utm.content).
	UTMContent bool
	// Notices are the summaries of the notices placed in `social`, appended
	// to every snippet, each on its own line, never dropped.
	Notices []string
}

// TemplateData is what a text template sees.
type TemplateData struct {
	Lead        string // the hook of this share, a sentence or more, maybe shortened with "…"
	Title       string // the post title, or its main clause when the whole title does not fit; maybe ""
	Description string // the post description, whole
	Summary     string // the post summary, whole
	URL         string // the link with UTM parameters; "" on instagram
	Link        string // what to show as the link: URL, or the LinkLine on instagram
	Hashtags    string // "#A #B", or ""
	Platform    string // "x", "mastodon", ...
	Share       int    // 0 for the first share, 1.. for reshares
}

// DefaultTemplate is the text template used when Options.Template is nil: a
// site's own template may start from it. (Compose writes the same text in Go
// rather than parsing this on every call; a test keeps the two equal.)
const DefaultTemplate = "{{with .Lead}}{{.}}\n\n{{end}}{{with .Title}}{{.}}\n{{end}}{{.Link}}{{with .Hashtags}}\n\n{{.}}{{end}}"

// Facet is a Bluesky link facet: the byte range [ByteStart, ByteEnd) of
// Snippet.Display that links to URI.
type Facet struct {
	ByteStart, ByteEnd int
	URI                string
}

// Snippet is one composed social post.
type Snippet struct {
	ID       string   // "slug:platform:n"
	Platform string   // the platform name
	Share    int      // n: 0 first share, 1.. reshares
	Text     string   // the full text, every URL whole (what CSV and ICS exports carry)
	Display  string   // bluesky: Text with the post link shortened for display; others: == Text
	Facets   []Facet  // bluesky only: link facets into Display
	Length   int      // Text counted with the platform's Counter
	Limit    int      // the Counter's limit
	URL      string   // the post URL with UTM parameters
	Hashtags []string // the hashtags in Text (that Compose added), without '#'
	Image    string   // the share image
}

// LinkLine is the default line instagram gets instead of a link.
const LinkLine = "Link in bio."

// Default caps on hashtags per platform (Platform.MaxHashtags == 0).
const (
	DefaultMaxHashtags          = 3
	DefaultInstagramMaxHashtags = 5
	ThreadsMaxHashtags          = 1 // Threads allows one topic tag per post
)

// composer holds one call's inputs, resolved.
type composer struct {
	post     Post
	platform string
	counter  count.Counter
	link     string // the tracked link, whole
	shown    string // what the text shows as the link: link, or the link line on instagram
	notices  []string
	allowed  map[string]bool // URLs a text may hold
	tmpl     *template.Template
	used     map[string]bool // keys of the texts of earlier shares
	leads    []string        // the post's leads, in rotation order
}

// Compose writes the snippet of post p for share n (0 = first share) on
// platform pl. See the package documentation for the rules. A reshare's
// text depends on the texts of the shares before it, which Compose writes
// too: to compose several shares of one post, call ComposeShares once.
func Compose(p Post, pl Platform, share int, opt Options) (Snippet, error) {
	if share < 0 {
		name := strings.ToLower(strings.TrimSpace(pl.Name))
		return Snippet{}, &Error{Post: p.Slug, Platform: name, Err: fmt.Errorf("share %d is negative", share)}
	}
	out, errs := ComposeShares(p, pl, share+1, opt)
	return out[share], errs[share]
}

// ComposeShares writes shares 0 to n-1 of post p on platform pl: out[i] is
// share i, or errs[i] says why it has none. No two of the snippets have
// the same text once their links are left aside; a reshare for which every
// text that fits would repeat an earlier one gets an error wrapping
// ErrRepeat instead (the caller leaves that reshare out).
func ComposeShares(p Post, pl Platform, n int, opt Options) (out []Snippet, errs []error) {
	out, errs = make([]Snippet, max(n, 0)), make([]error, max(n, 0))
	name := strings.ToLower(strings.TrimSpace(pl.Name))
	failAll := func(err error) ([]Snippet, []error) {
		for i := range errs {
			errs[i] = err
		}
		return out, errs
	}
	fail := func(format string, args ...any) error {
		return &Error{Post: p.Slug, Platform: name, Err: fmt.Errorf(format, args...)}
	}
	switch {
	case strings.TrimSpace(p.Slug) == "":
		return failAll(&Error{Post: p.Title, Platform: name, Err: errors.New("the post has no slug")})
	case pl.Counter == nil:
		return failAll(fail("no counter for the platform"))
	case name == "":
		name = pl.Counter.Platform()
	case name != pl.Counter.Platform():
		return failAll(fail("the counter is for %s", pl.Counter.Platform()))
	}
	if name == "instagram" && strings.TrimSpace(p.Image) == "" {
		return failAll(fail("%w", &kindError{ErrNoImage, "an instagram post needs an image, and the post has none"}))
	}
	p = validUTF8(p)
	used := map[string]bool{} // the keys of the texts of the shares so far
	ls := leads(p)
	for share := range n {
		s, key, err := composeShare(p, ls, pl, name, share, opt, used)
		if err != nil {
			errs[share] = &Error{Post: p.Slug, Platform: name, Err: err}
			continue
		}
		used[key] = true
		out[share] = s
	}
	return out, errs
}

// composeShare writes one share of p, whose leads are ls, with a text
// whose key is not in used.
func composeShare(p Post, ls []string, pl Platform, name string, share int, opt Options, used map[string]bool) (Snippet, string, error) {
	id := snippetID(p, name, share)
	link, err := postLink(p, name, id, opt)
	if err != nil {
		return Snippet{}, "", err
	}
	c := &composer{post: p, leads: ls, platform: name, counter: pl.Counter, link: link, shown: link, tmpl: opt.Template, used: used}
	if name == "instagram" {
		c.shown = strings.TrimSpace(pl.LinkLine)
		if c.shown == "" {
			c.shown = LinkLine
		}
	}
	for _, n := range opt.Notices {
		if n = strings.TrimSpace(strings.ToValidUTF8(n, "\uFFFD")); n != "" {
			c.notices = append(c.notices, n)
			c.allow(n)
		}
	}
	c.allow(c.shown)
	tags := hashtags(p, name, pl.MaxHashtags)

	var text string
	var tagsUsed []string
	author := strings.TrimSpace(p.TextByPlatform[name])
	if author == "" {
		author = strings.TrimSpace(p.Text)
	}
	switch {
	case author != "" && share == 0:
		text, tagsUsed, err = c.author(author, tags)
	case author != "":
		// Reshares rotate the template's leads, so they never repeat the
		// author's text word for word; the first reshare leads with the
		// description.
		text, tagsUsed, err = c.fromTemplate(share-1, share, tags)
	default:
		text, tagsUsed, err = c.fromTemplate(share, share, tags)
	}
	if err != nil {
		return Snippet{}, "", err
	}
	// The rules above make every text valid and new; check again so that
	// no change to them can ever let an invalid or repeated snippet out.
	key := c.key(text, tagsUsed)
	if why := c.invalid(text); why != "" || used[key] {
		if why == "" {
			why = "it repeats an earlier share"
		}
		return Snippet{}, "", fmt.Errorf("internal error: composed an invalid snippet (%s): %q", why, text)
	}
	s := Snippet{
		ID: id, Platform: name, Share: share,
		Text: text, Display: text,
		Length: c.counter.Count(text), Limit: c.counter.Limit(),
		URL: link, Hashtags: tagsUsed, Image: p.Image,
	}
	if name == "bluesky" {
		s.Display, s.Facets = blueskyDisplay(text, link)
	}
	return s, key, nil
}

// snippetID is the stable id of share n of p on platform.
func snippetID(p Post, platform string, n int) string {
	return fmt.Sprintf("%s:%s:%d", p.Slug, platform, n)
}

// postLink is p's URL tracked for the snippet id on platform: the source is
// the platform, the campaign the post's slug, and the content the snippet
// id when Options.UTMContent asks for it. Each parameter costs characters
// Bluesky counts, so there are no others.
func postLink(p Post, platform, id string, opt Options) (string, error) {
	content := ""
	if opt.UTMContent {
		content = id
	}
	return trackedURL(p.URL, platform, cmp.Or(opt.UTMMedium, "social"), p.Slug, content)
}

// trackedURL is raw with the UTM parameters set (replacing any it had).
func trackedURL(raw, source, medium, campaign, content string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("post url %q is not an absolute http(s) url (set base_url)", raw)
	}
	var q []string
	for _, kv := range strings.Split(u.RawQuery, "&") {
		k, _, _ := strings.Cut(kv, "=")
		if k, err := url.QueryUnescape(k); kv == "" || err == nil && strings.HasPrefix(strings.ToLower(k), "utm_") {
			continue
		}
		q = append(q, kv)
	}
	for _, kv := range [][2]string{{"utm_source", source}, {"utm_medium", medium}, {"utm_campaign", campaign}, {"utm_content", content}} {
		if kv[1] != "" {
			q = append(q, kv[0]+"="+url.QueryEscape(kv[1]))
		}
	}
	u.RawQuery = strings.Join(q, "&")
	u.ForceQuery = false
	s := u.String()
	// A link no platform recognises as one would be posted as dead text and
	// counted wrongly: refuse it rather than schedule it.
	if spans := count.URLs(s); len(spans) != 1 || spans[0] != (count.Span{Start: 0, End: len(s)}) {
		return "", fmt.Errorf("post url %q is not a link social platforms recognise (set base_url to a public address)", s)
	}
	return s, nil
}

// author writes the author's text verbatim with the link, as many hashtags
// as fit and the notices.
func (c *composer) author(text string, tags []string) (string, []string, error) {
	var fresh []string
	for _, t := range tags {
		if !hasHashtag(text, t) {
			fresh = append(fresh, t)
		}
	}
	c.allow(text)
	for h := len(fresh); h >= 0; h-- {
		body := text + "\n" + c.shown
		if h > 0 {
			body += "\n\n" + hashLine(fresh[:h])
		}
		full := c.finish(body)
		if c.invalid(full) == "" {
			return full, fresh[:h], nil
		}
	}
	full := c.finish(text + "\n" + c.shown)
	if err := c.counter.Valid(full); err != nil {
		return "", nil, &kindError{ErrTextTooLong, fmt.Sprintf("social text is %s (shorten it)", overBy(err))}
	}
	return "", nil, fmt.Errorf("social text cannot be used: %s (write a sentence besides hashtags and links)", c.invalid(full))
}

// These classify Compose's errors (use errors.Is): the author's text is
// over the limit; the notices placed in social leave no room for the post;
// instagram has no image to post; or every text that fits a reshare
// repeats an earlier share's, so the reshare has to be left out.
var (
	ErrTextTooLong     = errors.New("social text over the limit")
	ErrNoticesDoNotFit = errors.New("social notices do not fit")
	ErrNoImage         = errors.New("no image for instagram")
	ErrRepeat          = errors.New("reshare would repeat an earlier text")
)

// Error is why Compose has no snippet: it names the post and the
// platform, and wraps what is wrong.
type Error struct {
	Post     string // the post's slug
	Platform string // the platform's name
	Err      error  // what is wrong, lower-case: "social text is 312/280 (shorten it)"
}

func (e *Error) Error() string { return fmt.Sprintf("post %q on %s: %v", e.Post, e.Platform, e.Err) }

// Unwrap returns what is wrong, for errors.Is with the kinds above.
func (e *Error) Unwrap() error { return e.Err }

// kindError is an error message of one of the kinds above.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// overBy renders a limit error as "312/280", or "3100/3000 UTF-8 bytes".
func overBy(err error) string {
	var le *count.LimitError
	if !errors.As(err, &le) {
		return err.Error()
	}
	unit := ""
	if le.Unit == "UTF-8 bytes" {
		unit = " UTF-8 bytes"
	}
	return fmt.Sprintf("%d/%d%s", le.Count, le.Limit, unit)
}

// finish ends body with the notices and makes the text safe to open in a
// spreadsheet.
func (c *composer) finish(body string) string {
	if len(c.notices) > 0 {
		body += "\n\n" + strings.Join(c.notices, "\n")
	}
	return FormulaSafe(body)
}

// FormulaSafe returns text with an apostrophe before it when it starts with
// a character a spreadsheet reads as the start of a formula (=, +, -, @, a
// tab or a carriage return), as OWASP's CSV injection guidance says, and
// text itself otherwise. Every snippet text is made safe so, before it is
// counted: the exports carry it into CSV files a practice may open in a
// spreadsheet, and the text posted stays the text counted.
func FormulaSafe(text string) string {
	if text != "" && strings.IndexByte("=+-@\t\r", text[0]) >= 0 {
		return "'" + text
	}
	return text
}

// key is what two texts share when one repeats the other word for word:
// the text without the post's link (or link line) and without the
// hashtags Compose added, its spacing and case aside.
func (c *composer) key(text string, tags []string) string {
	text = strings.ReplaceAll(text, c.link, " ")
	text = strings.ReplaceAll(text, c.shown, " ")
	words := strings.Fields(text)
	out := words[:0]
	for _, w := range words {
		if strings.HasPrefix(w, "#") && slices.ContainsFunc(tags, func(t string) bool { return strings.EqualFold(w[1:], t) }) {
			continue
		}
		out = append(out, w)
	}
	return strings.ToLower(strings.Join(out, " "))
}

// allow records the URLs of s as ones a text may hold.
func (c *composer) allow(s string) {
	if c.allowed == nil {
		c.allowed = map[string]bool{}
	}
	for _, u := range count.URLs(s) {
		c.allowed[s[u.Start:u.End]] = true
	}
}

// invalid says why text may not be returned, or "" when it may.
func (c *composer) invalid(text string) string {
	if err := c.counter.Valid(text); err != nil {
		return err.Error()
	}
	if !utf8.ValidString(text) {
		return "not valid UTF-8"
	}
	body := text
	if FormulaSafe(text) != text {
		return "it starts like a spreadsheet formula"
	}
	if len(c.notices) > 0 {
		tail := "\n\n" + strings.Join(c.notices, "\n")
		if !strings.HasSuffix(text, tail) {
			return "the notices are not at its end"
		}
		body = strings.TrimSuffix(text, tail)
	}
	hasLink := false
	for _, u := range count.URLs(text) {
		s := text[u.Start:u.End]
		if s == c.link {
			hasLink = true
		} else if !c.allowed[s] {
			return fmt.Sprintf("it holds %q, which is not a whole URL of the post", s)
		}
	}
	if c.platform == "instagram" {
		if strings.Contains(text, c.link) {
			return "instagram text holds the link"
		}
		body = strings.Replace(body, c.shown, " ", 1)
	} else if !hasLink {
		return "the text does not hold the post link " + c.link
	}
	var words strings.Builder // body without its URLs
	pos := 0
	for _, u := range count.URLs(body) {
		words.WriteString(body[pos:u.Start])
		words.WriteByte(' ')
		pos = u.End
	}
	words.WriteString(body[pos:])
	if !hasWords(words.String()) {
		return "it has no words besides hashtags, links and notices"
	}
	return ""
}

// hasWords reports whether s has a word that is not a hashtag: a
// space-separated token that does not start with '#' and holds a letter, a
// digit or a symbol.
func hasWords(s string) bool {
	for _, w := range strings.Fields(s) {
		if strings.HasPrefix(w, "#") || strings.HasPrefix(w, "＃") {
			continue
		}
		for _, r := range w {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSymbol(r) {
				return true
			}
		}
	}
	return false
}

// validUTF8 replaces invalid UTF-8 in p's texts, which no platform accepts.
func validUTF8(p Post) Post {
	fix := func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
	p.Title, p.Description, p.Summary, p.Text = fix(p.Title), fix(p.Description), fix(p.Summary), fix(p.Text)
	if len(p.TextByPlatform) > 0 {
		m := make(map[string]string, len(p.TextByPlatform))
		for k, v := range p.TextByPlatform {
			m[k] = fix(v)
		}
		p.TextByPlatform = m
	}
	return p
}

// Fits reports, cheaply, that Compose cannot fail for the first share of p
// on pl with the default template: p has no author text for pl, has an
// image if pl is instagram, and its title, link and the notices already
// fit together, which is a text Compose falls back to. (A reshare may
// still be left out with ErrRepeat.) False means only that Compose must be
// asked; `carepress check` uses it to compose just the posts that may not
// fit.
func Fits(p Post, pl Platform, opt Options) bool {
	name := strings.ToLower(strings.TrimSpace(pl.Name))
	if opt.Template != nil || pl.Counter == nil || strings.TrimSpace(p.Slug) == "" || !hasWords(p.Title) ||
		strings.TrimSpace(p.TextByPlatform[name]) != "" || strings.TrimSpace(p.Text) != "" ||
		name == "instagram" && strings.TrimSpace(p.Image) == "" {
		return false
	}
	link, err := postLink(p, name, snippetID(p, name, 0), opt)
	if err != nil {
		return false
	}
	if name == "instagram" {
		link = cmp.Or(strings.TrimSpace(pl.LinkLine), LinkLine)
	}
	text := oneLine(p.Title) + "\n" + link
	if len(opt.Notices) > 0 {
		text += "\n\n" + strings.Join(opt.Notices, "\n")
	}
	return pl.Counter.Valid(FormulaSafe(text)) == nil
}
