package markdown

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer overrides goldmark's rendering of the few nodes where
// carepress differs: raw HTML is escaped rather than omitted, tables get a
// scrolling wrapper, and the summary leaves out ids and footnote links.
// It holds no per-document state, so one serves all goroutines.
type nodeRenderer struct {
	unsafe       bool
	table        renderer.NodeRendererFunc
	footnoteLink renderer.NodeRendererFunc
	image        renderer.NodeRendererFunc
}

func newNodeRenderer(unsafe bool) *nodeRenderer {
	// Borrow the extensions' own functions for the parts we only wrap.
	got := captured{}
	extension.NewTableHTMLRenderer(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)).RegisterFuncs(got)
	extension.NewFootnoteHTMLRenderer().RegisterFuncs(got)
	html.NewRenderer().RegisterFuncs(got) // safe mode, as the main renderer
	return &nodeRenderer{
		unsafe:       unsafe,
		table:        got[extast.KindTable],
		footnoteLink: got[extast.KindFootnoteLink],
		image:        got[ast.KindImage],
	}
}

type captured map[ast.NodeKind]renderer.NodeRendererFunc

func (c captured) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { c[k] = f }

// RegisterFuncs implements renderer.NodeRenderer.
func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
	reg.Register(ast.KindRawHTML, r.renderRawHTML)
	reg.Register(ast.KindHeading, r.renderHeading)
	reg.Register(extast.KindTable, r.renderTable)
	reg.Register(extast.KindFootnoteLink, r.renderFootnoteLink)
	reg.Register(ast.KindImage, r.renderImage)
}

// renderHTMLBlock writes the block as it is when unsafe, else escaped in a
// paragraph so the author sees the HTML on the page and fixes it.
func (r *nodeRenderer) renderHTMLBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	lines := n.Lines()
	if r.unsafe {
		for i := range lines.Len() {
			html.DefaultWriter.SecureWrite(w, segValue(lines.At(i), source))
		}
		if n.HasClosure() {
			html.DefaultWriter.SecureWrite(w, n.ClosureLine.Value(source))
		}
		return ast.WalkSkipChildren, nil
	}
	var b []byte
	for i := range lines.Len() {
		b = append(b, segValue(lines.At(i), source)...)
	}
	if n.HasClosure() {
		b = append(b, n.ClosureLine.Value(source)...)
	}
	_, _ = w.WriteString("<p>")
	html.DefaultWriter.RawWrite(w, bytes.TrimRight(b, " \t\n"))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) renderRawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	segs := node.(*ast.RawHTML).Segments
	for i := range segs.Len() {
		v := segValue(segs.At(i), source)
		if r.unsafe {
			_, _ = w.Write(v)
		} else {
			html.DefaultWriter.RawWrite(w, v)
		}
	}
	return ast.WalkSkipChildren, nil
}

var (
	headingAttrs        = util.NewBytesFilterString("id,class")
	summaryHeadingAttrs = util.NewBytesFilterString("class")
)

// renderHeading is goldmark's, except that a summary's headings carry no
// id: a list page shows many summaries, and ids must be unique in a page.
func (r *nodeRenderer) renderHeading(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := "0123456"[n.Level]
	if !entering {
		_, _ = w.WriteString("</h")
		_ = w.WriteByte(level)
		_, _ = w.WriteString(">\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<h")
	_ = w.WriteByte(level)
	if n.Attributes() != nil {
		filter := headingAttrs
		if isSummary(w) {
			filter = summaryHeadingAttrs
		}
		html.RenderAttributes(w, n, filter)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// renderTable wraps a table in a div that themes let scroll sideways, so a
// wide table does not widen the whole page on a phone.
func (r *nodeRenderer) renderTable(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<div class=\"table-wrap\">\n")
		return r.table(w, source, node, entering)
	}
	s, err := r.table(w, source, node, entering)
	_, _ = w.WriteString("</div>\n")
	return s, err
}

// renderFootnoteLink leaves footnote references out of the summary, where
// the footnotes they point to are not shown.
func (r *nodeRenderer) renderFootnoteLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if isSummary(w) {
		return ast.WalkSkipChildren, nil
	}
	return r.footnoteLink(w, source, node, entering)
}

// renderImage is goldmark's, with the size and loading attributes the
// caller's resolver allows. The attributes are set on the node only while
// it is written, since the same tree renders the body and the summary.
func (r *nodeRenderer) renderImage(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	s, ok := w.(*sink)
	if !entering || !ok || s.images == nil {
		return r.image(w, source, node, entering)
	}
	n := node.(*ast.Image)
	saved := n.Attributes()
	src, ok := s.imageSrc[n]
	if !ok {
		return r.image(w, source, node, entering)
	}
	info, known := s.images(src)
	if known && info.Width > 0 && info.Height > 0 {
		n.SetAttributeString("width", strconv.Itoa(info.Width))
		n.SetAttributeString("height", strconv.Itoa(info.Height))
		if info.SrcSet != "" {
			n.SetAttributeString("srcset", info.SrcSet)
			if info.Sizes != "" {
				n.SetAttributeString("sizes", info.Sizes)
			}
		}
	}
	if s.imageCount > 0 || s.summary {
		n.SetAttributeString("loading", "lazy")
	}
	n.SetAttributeString("decoding", "async")
	s.imageCount++
	st, err := r.image(w, source, node, entering)
	n.RemoveAttributes()
	for _, a := range saved {
		n.SetAttribute(a.Name, a.Value)
	}
	return st, err
}
