// Package diag carries problems found in a user's files to the user.
//
// Every problem that concerns a file is a *Error holding its position
// (file, line, column), what is wrong and how to fix it. Its Error method
// formats it the way compilers do, so that editors and terminals can jump
// to it:
//
//	content/posts/flu.md:3:7: unknown field "auther" (did you mean "author"?)
//
// Warnings use the same type with Severity set to Warning; they never stop
// a build. List collects many problems so that one run reports them all.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a problem stops the build.
type Severity int

const (
	// SevError stops the build.
	SevError Severity = iota
	// SevWarning is reported, and the build goes on.
	SevWarning
)

func (s Severity) String() string {
	if s == SevWarning {
		return "warning"
	}
	return "error"
}

// Pos is a place in a file. Line and Col count from 1; zero means unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Line <= 0:
		return p.File
	case p.Col <= 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is one problem in a user's file.
type Error struct {
	Pos      Pos
	Severity Severity
	Msg      string // what is wrong, lowercase, no trailing period
	Hint     string // how to fix it; may be empty
	Err      error  // the underlying error, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	if s := e.Pos.String(); s != "" {
		b.WriteString(s)
		b.WriteString(": ")
	}
	if e.Severity == SevWarning {
		b.WriteString("warning: ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an error-level problem at pos.
func Errorf(pos Pos, hint, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// Warnf returns a warning at pos.
func Warnf(pos Pos, hint, format string, args ...any) *Error {
	return &Error{Pos: pos, Severity: SevWarning, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// List collects problems. The zero value is ready to use. It is not safe
// for concurrent use; merge per-goroutine lists instead.
type List []*Error

// Add appends err. A plain error becomes an error-level problem with no
// position; a *Error or a List is kept as it is.
func (l *List) Add(err error) {
	if err == nil {
		return
	}
	var el List
	if errors.As(err, &el) {
		*l = append(*l, el...)
		return
	}
	var e *Error
	if errors.As(err, &e) {
		*l = append(*l, e)
		return
	}
	*l = append(*l, &Error{Msg: err.Error(), Err: err})
}

// Errors returns only the error-level problems.
func (l List) Errors() List {
	var out List
	for _, e := range l {
		if e.Severity == SevError {
			out = append(out, e)
		}
	}
	return out
}

// Warnings returns only the warnings.
func (l List) Warnings() List {
	var out List
	for _, e := range l {
		if e.Severity == SevWarning {
			out = append(out, e)
		}
	}
	return out
}

// Sort orders problems by file, line and column, so output is stable
// whatever order parallel work found them in.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Err returns the list as an error if it holds any error-level problem,
// and nil otherwise.
func (l List) Err() error {
	if len(l.Errors()) == 0 {
		return nil
	}
	return l.Errors()
}

func (l List) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Closest returns the candidate nearest to word by edit distance, or ""
// when none is near enough to be a plausible typo.
func Closest(word string, candidates []string) string {
	best, bestD := "", -1
	lw := strings.ToLower(word)
	for _, c := range candidates {
		d := distance(lw, strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	// Allow about one edit in three characters: "auther" → "author",
	// but never "foo" → "title".
	limit := max(1, len([]rune(word))/3)
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

// DidYouMean formats the hint for an unknown name, or "" when nothing is close.
func DidYouMean(word string, candidates []string) string {
	if c := Closest(word, candidates); c != "" {
		return fmt.Sprintf("did you mean %q?", c)
	}
	return ""
}

// OneOf is the hint for a value that is not one of valid: the closest
// valid value if one is near, and the whole list.
func OneOf(got string, valid []string) string {
	list := "valid: " + strings.Join(valid, ", ")
	if h := DidYouMean(got, valid); h != "" {
		return h + "; " + list
	}
	return list
}

// distance is the edit distance between a and b, by rune, counting a
// swap of two neighbours as one edit ("titel" → "title"), since that is
// the commonest typo.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
