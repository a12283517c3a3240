// Package markdown turns a post's markdown body into safe HTML and the facts
// the rest of carepress needs about it, in one parse.
//
// # Dialect
//
// CommonMark plus GitHub Flavored Markdown (tables, strikethrough, autolinks
// and bare-URL linkify, task lists), footnotes, and typographic punctuation
// (curly quotes, en and em dashes, ellipsis, written as UTF-8 characters).
// Headings may carry attributes: "## Costs {#fees .wide}".
//
// # Safety
//
// The output is meant to be inserted into a page as it is, so the converter
// guarantees, whatever the input:
//   - Raw HTML, inline or block, is HTML-escaped and shown as text unless
//     [Options.Unsafe] is set; with Unsafe it passes through untouched.
//   - Links, autolinks and images keep only http, https, mailto and tel URLs
//     and relative ones. A link with any other scheme loses its href and
//     keeps its text; an image with one is dropped. Both are reported in
//     [Doc.Dropped].
//   - No element carries a style attribute: table alignment is a class
//     (align-left, align-center, align-right), and attributes written on
//     headings are limited to id and class.
//
// Raw HTML let through by Unsafe is the author's own and is not filtered
// or rewritten (no base path either).
//
// # Literals
//
// What readers will see as text although its author meant it as markup is
// listed in [Doc.Literals], with its position: raw HTML escaped while
// Unsafe is off, and the template tags of the generators sites move in
// from (Hugo shortcodes, Liquid tags, template expressions, kramdown
// attribute lists), which are never run. Code spans and code blocks show such text on purpose and are
// left out. The output is the same either way: finding them only tells.
//
// # Summary
//
// A line holding only <!--more--> at the top level of the document splits
// the summary (everything before it) from the rest. Without one, the summary
// is the first top-level paragraph. The marker never reaches the output;
// one inside a list or quote is removed but does not split.
//
// # Positions
//
// Lines and columns count from 1 within the src given to Convert, columns
// in bytes (as Go tools do). A caller that strips front matter adds its own
// line offset. CRLF and lone CR line endings are read as LF.
package markdown

import (
	"bytes"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configures a Converter.
type Options struct {
	// Unsafe lets raw HTML through. When false it is escaped (shown as
	// text), never silently dropped, so an author sees what went wrong.
	Unsafe bool
	// BasePath is the path of base_url when the site lives below the host
	// root, such as "/clinic"; "" or "/" for none. Root-relative URLs in
	// links and images ("/contact/") get it prefixed ("/clinic/contact/").
	// Relative and absolute URLs are left alone.
	BasePath string
}

// Converter converts markdown to HTML. It is built once and is safe for
// concurrent use by many goroutines.
type Converter struct {
	md       goldmark.Markdown
	basePath []byte
	unsafe   bool
}

// Unsafe reports whether raw HTML passes through (Options.Unsafe).
func (c *Converter) Unsafe() bool { return c.unsafe }

// BasePath is Options.BasePath in "/a/b" form, "" for the host root.
func (c *Converter) BasePath() string { return string(c.basePath) }

// New returns a Converter for opts. Building goldmark is the costly part,
// so a site makes one Converter and shares it.
func New(opts Options) *Converter {
	c := &Converter{basePath: normBase(opts.BasePath), unsafe: opts.Unsafe}
	c.md = goldmark.New(
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			extension.Linkify,
			extension.TaskList,
			extension.Footnote,
			extension.NewTypographer(extension.WithTypographicSubstitutions(typography)),
		),
		goldmark.WithParserOptions(
			parser.WithAttribute(),
			// After the footnote transformer (999), so footnote bodies have
			// been gathered into their list at the end of the document.
			parser.WithASTTransformers(util.Prioritized(transformer{}, 1000)),
		),
		goldmark.WithRendererOptions(
			// goldmark's own HTML renderer stays in safe mode: our renderers
			// take over raw HTML, and its URL check is a second fence.
			renderer.WithNodeRenderers(util.Prioritized(newNodeRenderer(opts.Unsafe), 100)),
		),
	)
	return c
}

// typography writes UTF-8 characters rather than entities, so the HTML and
// the plain text agree. Angle quotes are off: "<<" is more likely a typo or
// "much less than" in a health post than a guillemet.
var typography = map[extension.TypographicPunctuation][]byte{
	extension.LeftSingleQuote:  []byte("‘"),
	extension.RightSingleQuote: []byte("’"),
	extension.LeftDoubleQuote:  []byte("“"),
	extension.RightDoubleQuote: []byte("”"),
	extension.EnDash:           []byte("–"),
	extension.EmDash:           []byte("—"),
	extension.Ellipsis:         []byte("…"),
	extension.Apostrophe:       []byte("’"),
	extension.LeftAngleQuote:   nil,
	extension.RightAngleQuote:  nil,
}

// normBase turns a base path into "/a/b" form, or nil for the host root.
func normBase(p string) []byte {
	p = strings.Trim(strings.TrimSpace(p), "/")
	if p == "" {
		return nil
	}
	return []byte("/" + p)
}

// Doc is a converted markdown body.
type Doc struct {
	// HTML is the body as HTML.
	HTML []byte
	// Summary is the HTML of the summary: everything before a <!--more-->
	// line if there is one, else the first paragraph. Heading ids and
	// footnote references are left out of it, since it is shown on list
	// pages beside other summaries and without the footnotes.
	Summary string
	// SummaryText is the summary as plain text: no tags, entities decoded,
	// whitespace collapsed to single spaces.
	SummaryText string
	// HasMore is true when the body goes on beyond the summary (footnotes
	// alone do not count).
	HasMore bool
	// Text is the plain text of the whole body, one line per block
	// (paragraph, heading, list item, table row, code line), with spaces
	// collapsed. Image alt text is included; footnote numbers are not.
	Text string
	// WordCount counts the words of Text.
	WordCount int
	// ReadingMinutes is WordCount at 200 words a minute, rounded up; at
	// least 1 when there are words, 0 for an empty body.
	ReadingMinutes int
	// TOC lists every heading in document order.
	TOC []Heading
	// Links lists every kept link and autolink in document order.
	Links []Link
	// Images lists every kept image in document order.
	Images []Image
	// Dropped lists the links and images removed for an unsafe URL, so
	// that a checker can point at them.
	Dropped []Link
	// H1Count is the number of level-1 headings in the body.
	H1Count int
	// Literals lists, in document order, the markup readers will see as
	// text: raw HTML while Unsafe is off, and other generators' template
	// tags (see Literal).
	Literals []Literal
}

// Heading is one entry of a table of contents.
type Heading struct {
	Level int    // 1 to 6
	ID    string // the id attribute, unique within the document
	Text  string // plain text
	Line  int
}

// Link is a link destination as the author wrote it: entities and
// backslash escapes resolved, but without BasePath and not percent-encoded.
// An email autolink is given as "mailto:" plus the address.
type Link struct {
	URL  string
	Line int
	Col  int
}

// Image is an image with its source as written (like [Link.URL]) and its
// alt text as plain text.
type Image struct {
	Src   string
	Alt   string
	Title string
	Line  int
	Col   int
}

// ImageInfo is what the caller knows of an image file, so that its <img>
// reserves its space before it loads (no layout shift) and lets the browser
// pick a smaller copy.
type ImageInfo struct {
	// Width and Height are the image's size in pixels, as displayed.
	Width, Height int
	// SrcSet is the srcset attribute, written as it should appear (URLs
	// with any base path); "" for none.
	SrcSet string
	// Sizes is the sizes attribute that goes with SrcSet.
	Sizes string
}

// ConvertOptions are the settings of one Convert call that depend on the
// file being converted.
type ConvertOptions struct {
	// Images, when set, is asked about each kept image by its source as
	// written (like [Image.Src]). Every image then also gets
	// decoding="async", and all but the first of the body get
	// loading="lazy" (all of them in the summary, which list pages show
	// below the fold); one it knows gets width, height, srcset and sizes.
	// When nil, images are written as plain <img src alt title>.
	Images func(src string) (ImageInfo, bool)
	// LazyAll makes every image lazy, for a page that shows an image of
	// its own above the body.
	LazyAll bool
}

// Convert converts one markdown body. The returned Doc shares no memory
// with src.
func (c *Converter) Convert(src []byte) (*Doc, error) {
	return c.ConvertWith(src, ConvertOptions{})
}

// ConvertWith is Convert with per-file options.
func (c *Converter) ConvertWith(src []byte, opts ConvertOptions) (*Doc, error) {
	src = normNewlines(src)
	st := &state{basePath: c.basePath, unsafe: c.unsafe, braces: hasTemplateSyntax(src)}
	pc := parser.NewContext()
	pc.Set(stateKey, st)
	root := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))

	doc := &Doc{}
	s := getSink()
	defer putSink(s)
	s.images, s.imageSrc = opts.Images, st.imageSrc
	if opts.LazyAll {
		s.imageCount = 1
	}

	if err := c.md.Renderer().Render(s, src, root); err != nil {
		return nil, err
	}
	doc.HTML = bytes.Clone(s.buf.Bytes())

	first, last, more := st.summaryRange(root)
	if first != nil {
		s.buf.Reset()
		s.summary = true
		s.imageCount = 0
		for n := first; ; n = n.NextSibling() {
			if err := c.md.Renderer().Render(s, src, n); err != nil {
				return nil, err
			}
			if n == last {
				break
			}
		}
		s.summary = false
		doc.Summary = s.buf.String()
	}
	doc.HasMore = more

	tx := newTextWriter(src)
	defer tx.release()
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if n == first {
			tx.markStart()
		}
		tx.node(n)
		if n == last {
			tx.markEnd()
		}
	}
	doc.Text, doc.SummaryText, doc.WordCount = tx.result()
	doc.ReadingMinutes = (doc.WordCount + wordsPerMinute - 1) / wordsPerMinute

	st.fill(doc, src)
	return doc, nil
}

// wordsPerMinute is a common estimate for adults reading on screen.
const wordsPerMinute = 200

// normNewlines rewrites CRLF and lone CR as LF. Only line ends change, so
// lines and columns still match the author's file.
func normNewlines(src []byte) []byte {
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	out := make([]byte, 0, len(src))
	for i, b := range src {
		if b == '\r' {
			if i+1 < len(src) && src[i+1] == '\n' {
				continue
			}
			b = '\n'
		}
		out = append(out, b)
	}
	return out
}

// sink is the writer every render goes to. It implements util.BufWriter so
// goldmark writes to it directly instead of wrapping it in a new
// bufio.Writer per call, and it carries the summary flag our node renderers
// read.
type sink struct {
	buf     bytes.Buffer
	summary bool
	// images and imageCount serve the image renderer: the caller's
	// resolver, and how many images this render has written so far.
	images     func(src string) (ImageInfo, bool)
	imageSrc   map[ast.Node]string
	imageCount int
}

var _ util.BufWriter = (*sink)(nil)

func (s *sink) Write(p []byte) (int, error)       { return s.buf.Write(p) }
func (s *sink) WriteString(v string) (int, error) { return s.buf.WriteString(v) }
func (s *sink) WriteByte(c byte) error            { return s.buf.WriteByte(c) }
func (s *sink) WriteRune(r rune) (int, error)     { return s.buf.WriteRune(r) }
func (s *sink) Available() int                    { return s.buf.Available() }
func (s *sink) Buffered() int                     { return 0 }
func (s *sink) Flush() error                      { return nil }

var sinkPool = sync.Pool{New: func() any { return new(sink) }}

func getSink() *sink { return sinkPool.Get().(*sink) }

// putSink returns s to the pool unless an unusually large post grew it:
// keeping that memory for every later post would cost more than it saves.
func putSink(s *sink) {
	if s.buf.Cap() > 1<<20 {
		return
	}
	s.buf.Reset()
	s.summary = false
	s.images, s.imageSrc = nil, nil
	s.imageCount = 0
	sinkPool.Put(s)
}

// isSummary reports whether a render is producing Doc.Summary.
func isSummary(w util.BufWriter) bool {
	s, ok := w.(*sink)
	return ok && s.summary
}
