// Command carepress builds health practices' websites and social schedules
// from markdown. Run `carepress help` for the commands.
package main

import (
	_ "time/tzdata" // time zones must resolve on machines without a zoneinfo database

	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"
)

// usageError is bad usage: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// exitStatus ends a command with a status and no further message: the
// command has already said why (check's findings).
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

const usage = `carepress builds a health practice's website from markdown.

Usage:
  carepress build   [-s DIR] [-o DIR] [--social DIR] [--drafts] [--future] [--expired] [--now TIME] [--base-url URL] [--strict] [--force]
  carepress check   [-s DIR] [--format text|json] [--now TIME] [--due DAYS] [--reply [FILE]] [--external] [--rules]
  carepress social  [-s DIR] [--from DATE] [--to DATE] [--platform NAME] [--format table|json] [--now TIME]
  carepress serve   [-s DIR] [--bind 127.0.0.1] [--port 1313] [--drafts] [--future]
  carepress new site DIR [--kind clinic|physician|dental|dietitian|nurse|physiotherapy|pharmacy] [--country CC]
  carepress new post "Title" [--series NAME] [-s DIR]
  carepress new notice ID [--kind KIND] [-s DIR]
  carepress version

Run 'carepress COMMAND -h' for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command in args and returns the exit status: 0 success,
// 1 the site has errors, 2 bad usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	defer startProfiles(stderr)()
	var err error
	switch args[0] {
	case "build":
		err = (&buildCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "social":
		err = (&socialCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "check":
		err = (&checkCommand{stdin: os.Stdin, stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "serve":
		err = (&serveCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "new":
		err = (&newCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "version", "--version":
		err = (&versionCommand{stdout: stdout}).Run(ctx, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		err = usagef("unknown command %q (run 'carepress help')", args[0])
	}
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var es exitStatus
	if errors.As(err, &es) {
		return int(es)
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "carepress: %s\n", ue.msg)
		return 2
	}
	fmt.Fprintln(stderr, err)
	return 1
}

// heapFloor and heapCeiling bound the heap of a build or check
// (internal/gctune). Below the floor it does not collect: with Go's
// default, a 10k-post build collected ~200 times. The ceiling keeps a
// 100k-post build under 1 GB (issue 7) by collecting more often as its
// live heap (~600 MB) nears it. A 10k build peaks well under an eighth of
// Hugo's memory.
const (
	heapFloor   = 224 << 20
	heapCeiling = 864 << 20
)

// newFlagSet makes a flag set whose errors are usage errors.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("carepress "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args, allowing flags after positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// parseNow reads --now: "" is the zero time (use the clock), anything else
// must be RFC 3339, so that every date in the output can be fixed.
func parseNow(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, usagef("--now %q is not an RFC 3339 time such as 2026-12-01T00:00:00-06:00", s)
	}
	return t, nil
}
