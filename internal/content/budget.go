package content

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/template"
	tparse "text/template/parse"
	"time"
)

// A notice's text is a template (see Expand), and text/template cannot be
// stopped: {{ range 1000000000000 }}{{ end }} would hang the build, and a
// printf with a width of a billion, or a string doubled in a loop, would
// fill memory. So each expansion runs on a budget, and overrunning it is an
// error at the notice's line:
//
//   - steps: every pass of a {{ range }} and every call of a template
//     (Go's own recursion limit is 100,000 calls deep) is a step;
//   - time: checked at each step, a backstop only (the steps and the
//     output bound the work; a real notice takes microseconds), so it is
//     generous enough that a loaded machine never trips it;
//   - output: the text written, and each string the builtins that build
//     strings (print, printf, println, html, js, urlquery) would return,
//     checked before they build it.
const (
	maxNoticeSteps  = 10_000
	maxNoticeTime   = 5 * time.Second
	maxNoticeOutput = 1 << 20
)

// errBudget is a notice template that overran its budget.
type errBudget struct{ msg string }

func (e *errBudget) Error() string { return e.msg }

// budget is one expansion's allowance; it is the io.Writer the template
// executes into.
type budget struct {
	out      strings.Builder
	steps    int
	deadline time.Time
}

func newBudget() *budget { return &budget{deadline: time.Now().Add(maxNoticeTime)} }

// stepFunc is the function the steps call; it names no builtin.
const stepFunc = "carepressStep"

func (b *budget) step() (string, error) {
	if b.steps++; b.steps > maxNoticeSteps {
		return "", &errBudget{fmt.Sprintf("the template takes more than %d steps (a {{ range }} over a huge number, or a template that calls itself?)", maxNoticeSteps)}
	}
	if time.Now().After(b.deadline) {
		return "", &errBudget{fmt.Sprintf("the template runs for more than %s", maxNoticeTime)}
	}
	return "", nil
}

func (b *budget) Write(p []byte) (int, error) {
	if b.out.Len()+len(p) > maxNoticeOutput {
		return 0, tooLong()
	}
	return b.out.Write(p)
}

func tooLong() error {
	return &errBudget{fmt.Sprintf("the text grows over %d KB when its template runs", maxNoticeOutput>>10)}
}

// funcs are the budget's step and the builtins that build strings, each
// refusing a result over the output budget before building it.
func (b *budget) funcs() map[string]any {
	sized := func(factor int, f func(...any) string) func(...any) (string, error) {
		return func(args ...any) (string, error) {
			if factor*argsSize(args) > maxNoticeOutput {
				return "", tooLong()
			}
			return f(args...), nil
		}
	}
	return map[string]any{
		stepFunc:  b.step,
		"print":   sized(1, fmt.Sprint),
		"println": sized(1, fmt.Sprintln),
		// The escapers write at most 6 bytes (\u003C) for one.
		"html":     sized(6, template.HTMLEscaper),
		"js":       sized(6, template.JSEscaper),
		"urlquery": sized(3, template.URLQueryEscaper),
		"printf": func(format string, args ...any) (string, error) {
			if n, ok := printfSize(format, args); !ok || n > maxNoticeOutput {
				return "", tooLong()
			}
			return fmt.Sprintf(format, args...), nil
		},
	}
}

// argsSize is about the length of fmt.Sprint(args...): a string's length,
// and for anything else (a number, a practice value) its printed length.
func argsSize(args []any) int {
	n := len(args) // separators
	for _, a := range args {
		if s, ok := a.(string); ok {
			n += len(s)
		} else {
			n += len(fmt.Sprint(a))
		}
	}
	return n
}

// printfSize bounds the length of fmt.Sprintf(format, args...): the format,
// plus for each verb its width and precision and the longest argument.
// ok is false for a width or precision over the budget, or taken from the
// arguments (*).
func printfSize(format string, args []any) (n int, ok bool) {
	longest := 0
	for _, a := range args {
		longest = max(longest, argsSize([]any{a}))
	}
	n = len(format)
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		n += longest
		for i++; i < len(format); i++ {
			c := format[i]
			if c == '*' {
				return 0, false
			}
			if c >= '0' && c <= '9' {
				j := i
				for j < len(format) && format[j] >= '0' && format[j] <= '9' {
					j++
				}
				w, err := strconv.Atoi(format[i:j])
				if err != nil || w > maxNoticeOutput {
					return 0, false
				}
				n += w
				i = j - 1
				continue
			}
			if !strings.ContainsRune("+-# .[]", rune(c)) {
				break // the verb
			}
		}
	}
	return n, true
}

// addSteps makes every pass of a range in tree, and every run of tree
// itself, call the budget's step first.
func addSteps(tree *tparse.Tree) {
	if tree == nil || tree.Root == nil {
		return
	}
	tree.Root.Nodes = append([]tparse.Node{stepNode(tree.Root.Pos)}, tree.Root.Nodes...)
	var walk func(n tparse.Node)
	walk = func(n tparse.Node) {
		switch n := n.(type) {
		case *tparse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *tparse.IfNode:
			walk(n.List)
			walk(n.ElseList)
		case *tparse.WithNode:
			walk(n.List)
			walk(n.ElseList)
		case *tparse.RangeNode:
			walk(n.List)
			walk(n.ElseList)
			if n.List != nil {
				n.List.Nodes = append([]tparse.Node{stepNode(n.Pos)}, n.List.Nodes...)
			}
		}
	}
	walk(tree.Root)
}

// stepNode is {{ carepressStep }} at pos: an error it returns is placed
// there.
func stepNode(pos tparse.Pos) tparse.Node {
	cmd := &tparse.CommandNode{NodeType: tparse.NodeCommand, Pos: pos,
		Args: []tparse.Node{&tparse.IdentifierNode{NodeType: tparse.NodeIdentifier, Pos: pos, Ident: stepFunc}}}
	return &tparse.ActionNode{NodeType: tparse.NodeAction, Pos: pos,
		Pipe: &tparse.PipeNode{NodeType: tparse.NodePipe, Pos: pos, Cmds: []*tparse.CommandNode{cmd}}}
}

// budgetError returns the budget error in err, if it is one.
func budgetError(err error) (*errBudget, bool) {
	var be *errBudget
	return be, errors.As(err, &be)
}
