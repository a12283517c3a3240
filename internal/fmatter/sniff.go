package fmatter

import "bytes"

// HasFrontMatter reports whether src opens with a front matter delimiter
// ("---", "+++", ";;;" and their named forms) on its first line that is
// not blank. It reads only that line, so a caller can tell a page another
// generator would render from a file to copy, from the first bytes.
func HasFrontMatter(src []byte) bool {
	return openingDelimiter(bytes.TrimPrefix(src, []byte("\ufeff"))) != ""
}
