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
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/diag"
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
  carepress check   [-s DIR] [--format text|json] [--now TIME] [--drafts] [--due DAYS] [--reply [FILE]] [--external] [--rules]
  carepress social  [-s DIR] [--from DATE] [--to DATE] [--platform NAME] [--format table|json] [--now TIME]
  carepress serve   [-s DIR] [--bind 127.0.0.1] [--port 1313] [--drafts] [--future]
  carepress new site DIR [--kind clinic|physician|dental|dietitian|nurse|physiotherapy|pharmacy] [--country CC]
  carepress new post "Title" [--series NAME] [-s DIR]
  carepress new notice ID [--kind KIND] [-s DIR]
  carepress import  wordpress|hugo|jekyll SOURCE -s DIR [--fetch]
  carepress version
  carepress help [COMMAND]

Run 'carepress help COMMAND' (or 'carepress COMMAND -h') for a command's flags.

Exit status: 0 success; 1 the site has errors (a failed build, or check
findings at error level); 2 bad usage (an unknown command or flag, a bad
value, flags that conflict, a refused output or social folder, no site).
`

// commands are the command names, for "did you mean".
var commands = []string{"build", "check", "social", "serve", "new", "import", "version", "help"}

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
	return exitCode(dispatch(ctx, args, stdout, stderr), stderr)
}

// dispatch runs the command args[0] with the rest of args.
func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	switch args[0] {
	case "build":
		return (&buildCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "social":
		return (&socialCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "check":
		return (&checkCommand{stdin: os.Stdin, stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "serve":
		return (&serveCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "new":
		return (&newCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "import":
		return (&importCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "version", "--version":
		return (&versionCommand{stdout: stdout}).Run(ctx, args[1:])
	case "help", "-h", "-help", "--help":
		// help COMMAND is COMMAND -h: the same usage, from one place.
		if len(args) > 1 && !isHelp(args[1]) && args[1] != "help" {
			return dispatch(ctx, append(slices.Clone(args[1:]), "-h"), stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usagef("unknown command %q (%s)", args[0], diag.OneOf(args[0], commands))
}

// exitCode reports err and returns the exit status for it: bad usage
// (a usageError, or a build refused for its options) is 2, anything else
// is 1: the site, or the files carepress reads and writes, have a problem.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
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
	var oe *build.OptionsError
	if errors.As(err, &oe) {
		fmt.Fprintf(stderr, "carepress: %s\n", oe)
		return 2
	}
	fmt.Fprintln(stderr, err)
	return 1
}

func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

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

// flagSet is a command's flags with its usage text. Its parse errors are
// usage errors, and -h or --help prints the usage to stdout (asked for,
// it is the command's output) and ends the command with status 0.
type flagSet struct {
	*flag.FlagSet
	name   string // "build", "new post"
	usage  string // the synopsis and what the command does
	stdout io.Writer
}

// newFlagSet makes the flag set of the command name, whose usage text
// starts with usage.
func newFlagSet(name, usage string, stdout io.Writer) *flagSet {
	fs := flag.NewFlagSet("carepress "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse reports errors, once
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, name: name, usage: usage, stdout: stdout}
}

// printUsage writes the usage text and the flags.
func (f *flagSet) printUsage(w io.Writer) {
	fmt.Fprint(w, f.usage)
	n := 0
	f.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprint(w, "\nFlags:\n")
		f.SetOutput(w)
		f.PrintDefaults()
		f.SetOutput(io.Discard)
	}
}

// parse parses args, allowing flags after positional arguments, and
// returns the positional ones. After "--" every argument is positional.
func (f *flagSet) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.printUsage(f.stdout)
				return nil, err
			}
			return nil, usagef("%s: %v (run 'carepress help %s' for its flags)", f.name, err, f.name)
		}
		rest := f.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// needSite refuses a site root without carepress.yaml: the command was
// run in the wrong folder, or -s names the wrong one.
func needSite(root string) error {
	_, err := os.Stat(filepath.Join(root, config.FileName))
	if err != nil && !errors.Is(err, fs.ErrPermission) {
		return usagef("no %s in %s (run carepress in a site's folder, pass -s DIR, or create one with `carepress new site DIR`)", config.FileName, root)
	}
	return nil
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
