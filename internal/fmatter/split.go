// Package fmatter splits a source file into its front matter and body, and
// decodes front matter (and carepress.yaml) into typed structs while keeping
// the line and column of every key and value.
//
// Front matter may be YAML (--- or ---yaml), TOML (+++ or ---toml) or JSON
// (;;; or ---json, or a bare object followed by a blank line); adrg/frontmatter
// detects the delimiters. Whatever the format, it is brought to a yaml.v3
// node tree, because yaml.v3 nodes carry positions: that is how every error
// in a user's front matter can name its line and column.
//
// Decoding is strict: an unknown key is an error naming the closest known
// key. Sources are accepted with a byte-order mark and CRLF line endings;
// invalid UTF-8 is an error at its position.
package fmatter

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"github.com/carepress/carepress/internal/diag"
	"go.yaml.in/yaml/v3"
)

// Format is the syntax of a file's front matter.
type Format string

// The front matter formats.
const (
	None Format = ""
	YAML Format = "yaml"
	TOML Format = "toml"
	JSON Format = "json"
)

// Source is a content file split into its parts.
type Source struct {
	File   string
	Format Format
	// Meta is the front matter as a mapping node, positions relative to the
	// whole file. It is nil when the file has none, and an empty mapping for
	// empty front matter.
	Meta *yaml.Node
	// Body is the markdown after the front matter, with LF line endings.
	Body []byte
	// BodyLine is the line of the file on which Body starts (1-based).
	BodyLine int
}

// capture is handed to adrg/frontmatter as the value to decode into; its
// unmarshal functions only record which format matched and its raw bytes.
type capture struct {
	format Format
	data   []byte
}

func capturing(f Format) frontmatter.UnmarshalFunc {
	return func(data []byte, v any) error {
		c := v.(*capture)
		c.format = f
		c.data = append([]byte(nil), data...)
		return nil
	}
}

var formats = []*frontmatter.Format{
	frontmatter.NewFormat("---", "---", capturing(YAML)),
	frontmatter.NewFormat("---yaml", "---", capturing(YAML)),
	frontmatter.NewFormat("+++", "+++", capturing(TOML)),
	frontmatter.NewFormat("---toml", "---", capturing(TOML)),
	frontmatter.NewFormat(";;;", ";;;", capturing(JSON)),
	frontmatter.NewFormat("---json", "---", capturing(JSON)),
	{Start: "{", End: "}", Unmarshal: capturing(JSON), UnmarshalDelims: true, RequiresNewLine: true},
}

// Normalize strips a byte-order mark and turns CRLF (and lone CR) line
// endings into LF. It reports invalid UTF-8 at its line and column.
func Normalize(file string, src []byte) ([]byte, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(src) {
		line, col := 1, 1
		for i := 0; i < len(src); {
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			i += n
		}
		return nil, diag.Errorf(diag.Pos{File: file, Line: line, Col: col},
			"save the file as UTF-8", "invalid UTF-8")
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src, nil
}

// Split normalizes src and separates its front matter from its body.
func Split(file string, src []byte) (*Source, error) {
	src, err := Normalize(file, src)
	if err != nil {
		return nil, err
	}
	var c capture
	body, err := frontmatter.Parse(bytes.NewReader(src), &c, formats...)
	if err != nil {
		return nil, diag.Errorf(diag.Pos{File: file}, "", "cannot read front matter: %v", err)
	}
	s := &Source{File: file, Format: c.format, Body: body}
	// body is a suffix of src, so the lines before it are the front matter.
	s.BodyLine = bytes.Count(src[:len(src)-len(body)], []byte("\n")) + 1
	if c.format == None {
		if open := openingDelimiter(src); open != "" {
			return nil, diag.Errorf(diag.Pos{File: file, Line: firstLine(src), Col: 1},
				"close it with a matching line after the last field", "front matter opened with %q is never closed", open)
		}
		s.Body, s.BodyLine = src, 1
		return s, nil
	}
	// The data begins after the opening delimiter, except for a bare JSON
	// object, whose braces are part of it.
	start := firstLine(src)
	if c.format != JSON || !bytes.HasPrefix(bytes.TrimLeft(c.data, " \t\n"), []byte("{")) || strings.TrimSpace(lineAt(src, start)) != "{" {
		start++
	}
	s.Meta, err = toNode(file, c.format, c.data, start-1)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// firstLine is the number of the first line that is not blank. It scans
// in place: this runs for every content file.
func firstLine(src []byte) int {
	line := 1
	for len(src) > 0 {
		l, rest, _ := bytes.Cut(src, []byte("\n"))
		if len(bytes.TrimSpace(l)) > 0 {
			return line
		}
		src, line = rest, line+1
	}
	return line
}

// lineAt returns line n (from 1) of src, without its newline.
func lineAt(src []byte, n int) string {
	for i := 1; len(src) > 0; i++ {
		l, rest, _ := bytes.Cut(src, []byte("\n"))
		if i == n {
			return string(l)
		}
		src = rest
	}
	return ""
}

func openingDelimiter(src []byte) string {
	l := strings.TrimSpace(lineAt(src, firstLine(src)))
	switch l {
	case "---", "---yaml", "+++", "---toml", ";;;", "---json":
		return l
	}
	return ""
}

// toNode decodes raw front matter into a mapping node whose positions count
// lines of the whole file (offset is the number of lines before the data).
func toNode(file string, f Format, data []byte, offset int) (*yaml.Node, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		// Empty or blank front matter is no fields, whatever its format
		// (a YAML parser rejects a tab, a JSON one an empty document).
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: offset + 1, Column: 1}, nil
	}
	var root *yaml.Node
	switch f {
	case YAML:
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, YAMLError(file, offset, data, err)
		}
		if doc.Kind == 0 || len(doc.Content) == 0 { // only comments
			root = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1} // shifted below
		} else {
			root = doc.Content[0]
		}
	case JSON:
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			var se *json.SyntaxError
			line, col := 0, 0
			if errors.As(err, &se) {
				line, col = lineCol(data, int(se.Offset)-1) // Offset is just past the bad byte
			}
			return nil, diag.Errorf(diag.Pos{File: file, Line: line + offset, Col: col},
				"fix the JSON syntax", "malformed JSON front matter: %v", err)
		}
		// JSON is YAML, once tabs (which YAML forbids as indentation) are
		// spaces; a tab and a space are both one column.
		var doc yaml.Node
		if err := yaml.Unmarshal(bytes.ReplaceAll(data, []byte("\t"), []byte(" ")), &doc); err != nil {
			return nil, YAMLError(file, offset, data, err)
		}
		root = doc.Content[0]
	case TOML:
		var m map[string]any
		if _, err := toml.Decode(string(data), &m); err != nil {
			var pe toml.ParseError
			pos := diag.Pos{File: file, Line: offset + 1}
			if errors.As(err, &pe) {
				pos.Line, pos.Col = pe.Position.Line+offset, pe.Position.Col
				return nil, diag.Errorf(pos, "fix the TOML syntax", "malformed TOML front matter: %s", pe.Message)
			}
			return nil, diag.Errorf(pos, "fix the TOML syntax", "malformed TOML front matter: %v", err)
		}
		root = tomlNode(m, indexTOML(string(data)), offset, "")
	}
	if root.Kind != yaml.MappingNode {
		return nil, diag.Errorf(diag.Pos{File: file, Line: root.Line + offset, Col: root.Column},
			"front matter is a list of `key: value` fields", "front matter is not a mapping")
	}
	if f != TOML {
		shift(root, offset)
	}
	return root, nil
}

func shift(n *yaml.Node, offset int) {
	n.Line += offset
	for _, c := range n.Content {
		shift(c, offset)
	}
}

// lineCol is the line and column (from 1) of byte off of data, clamped
// to data.
func lineCol(data []byte, off int) (int, int) {
	off = max(0, min(off, len(data)))
	line := bytes.Count(data[:off], []byte("\n")) + 1
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// YAMLError turns a yaml.v3 syntax error in data ("yaml: line 3: ...")
// into a positioned error; offset is the number of lines of the file
// before data. A few errors (a control character) come without a line:
// the first character YAML cannot hold is the place, else data's first
// line.
func YAMLError(file string, offset int, data []byte, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	pos := diag.Pos{File: file, Line: offset + 1}
	hint := "fix the YAML syntax"
	if _, e := fmt.Sscanf(msg, "line %d:", &pos.Line); e == nil {
		msg = strings.TrimSpace(msg[strings.IndexByte(msg, ':')+1:])
		pos.Line += offset
	} else if i := bytes.IndexFunc(data, unprintable); i >= 0 {
		line, col := lineCol(data, i)
		pos.Line, pos.Col = line+offset, col
		hint = fmt.Sprintf("remove the character %U", []rune(string(data[i:]))[0])
	}
	return diag.Errorf(pos, hint, "malformed YAML: %s", msg)
}

// unprintable reports a character YAML does not allow in a document.
func unprintable(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r' || r == 0x85:
		return false
	case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
		return true
	case r >= 0xd800 && r < 0xe000 || r == 0xfffe || r == 0xffff:
		return true
	}
	return false
}
