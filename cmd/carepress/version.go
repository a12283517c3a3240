package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3").
var version = ""

// versionCommand is `carepress version`.
type versionCommand struct{ stdout io.Writer }

const versionUsage = `Usage: carepress version

Version prints carepress's version, the commit it was built from (and
whether that tree had uncommitted changes), and the Go release and platform
it was built with: what a bug report needs.
`

// Run prints the version.
func (c *versionCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("version", versionUsage, c.stdout)
	rest, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("version takes no arguments, got %q", rest)
	}
	bi, _ := debug.ReadBuildInfo()
	fmt.Fprintln(c.stdout, versionLine(version, bi))
	return nil
}

// versionLine is the line `carepress version` prints: the version set at
// link time, else the module's version from the build info, else "devel";
// then the VCS revision, its time and whether the tree was modified, when
// the build recorded them (go build in a checkout does; go run and go test
// do not); then the platform and the Go release.
func versionLine(linked string, bi *debug.BuildInfo) string {
	v := linked
	if v == "" && bi != nil && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	if v == "" {
		v = "devel"
	}
	var rev, when string
	var modified bool
	if bi != nil {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "carepress %s", v)
	if rev != "" {
		fmt.Fprintf(&b, " (commit %s", rev)
		if when != "" {
			fmt.Fprintf(&b, ", %s", when)
		}
		if modified {
			b.WriteString(", modified")
		}
		b.WriteString(")")
	}
	fmt.Fprintf(&b, " %s/%s %s", runtime.GOOS, runtime.GOARCH, runtime.Version())
	return b.String()
}
