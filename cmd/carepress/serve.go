package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/carepress/carepress/internal/server"
)

// servePortTries is how many ports after --port serve tries when it is taken.
const servePortTries = 10

// serveCommand is `carepress serve`.
type serveCommand struct {
	stdout, stderr io.Writer
}

// Run serves the site with live reload until ctx is done (Ctrl-C).
func (c *serveCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("serve", c.stderr)
	var opts build.Options
	var bind string
	var port int
	fs.StringVar(&opts.Root, "s", ".", "site root `DIR`")
	fs.StringVar(&bind, "bind", "127.0.0.1", "serve on this `ADDRESS` (0.0.0.0 makes drafts visible to your whole network)")
	fs.IntVar(&port, "port", 1313, "serve on this `PORT`, or the next free one of the 10 after it")
	fs.BoolVar(&opts.Drafts, "drafts", false, "show drafts, with a Draft ribbon")
	fs.BoolVar(&opts.Future, "future", false, "show scheduled posts, with a Scheduled ribbon")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("serve takes no arguments, got %q", rest)
	}
	if port < 0 || port > 65535 {
		return usagef("--port %d is not a port number (use 1 to 65535, or 0 for any free port)", port)
	}
	if _, err := os.Stat(filepath.Join(opts.Root, "carepress.yaml")); errors.Is(err, iofs.ErrNotExist) {
		return fmt.Errorf("no carepress.yaml in %s (serve a site with -s DIR, or start one with `carepress new site DIR`)", opts.Root)
	}

	ln, err := server.Listen(bind, port, servePortTries)
	if err != nil {
		return fmt.Errorf("cannot serve: %w", err)
	}
	defer ln.Close()
	addr := ln.Addr().(*net.TCPAddr)
	if port != 0 && addr.Port != port {
		fmt.Fprintf(c.stdout, "port %d is in use: using port %d\n", port, addr.Port)
	}
	host := bind
	if ip := net.ParseIP(bind); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	// Links must lead to this server, not to the live site.
	opts.BaseURL = "http://" + net.JoinHostPort(host, strconv.Itoa(addr.Port)) + "/"
	opts.Dev = true
	// One clock for the session, so that pages do not change from one
	// rebuild to the next only because time passed.
	opts.Now = time.Now()

	builder := server.NewSessionBuilder(opts)
	defer builder.Close()
	srv := server.New(server.Options{Root: opts.Root, Builder: builder, Log: c.stdout})
	if !addr.IP.IsLoopback() {
		fmt.Fprintf(c.stderr, "warning: serving on %s: anyone who can reach this machine can see the site, drafts included\n", addr.IP)
	}
	fmt.Fprintf(c.stdout, "serving %s at %s (Ctrl-C to stop)\n", opts.Root, opts.BaseURL)
	if err := srv.Run(ctx, ln); err != nil && ctx.Err() == nil {
		return err
	}
	fmt.Fprintln(c.stdout, "stopped")
	return nil
}
