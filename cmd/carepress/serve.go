package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"
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

const serveUsage = `Usage: carepress serve [-s DIR] [--bind 127.0.0.1] [--port 1313] [--drafts] [--future]

Serve builds the site in memory and serves it with live reload: pages
reload when a source changes, and a failed rebuild shows its errors over
the page. It writes nothing into the output directory. It answers only to
its own address; serving beyond this machine (--bind 0.0.0.0) shows drafts
and the unpublished schedule to the network.
`

// Run serves the site with live reload until ctx is done (Ctrl-C).
func (c *serveCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("serve", serveUsage, c.stdout)
	var opts build.Options
	var bind string
	var port int
	fs.StringVar(&opts.Root, "s", ".", "site root `DIR`")
	fs.StringVar(&bind, "bind", "127.0.0.1", "serve on this `ADDRESS` (0.0.0.0 makes drafts visible to your whole network)")
	fs.IntVar(&port, "port", 1313, "serve on this `PORT`, or the next free one of the 10 after it")
	fs.BoolVar(&opts.Drafts, "drafts", false, "show drafts, with a Draft ribbon")
	fs.BoolVar(&opts.Future, "future", false, "show scheduled posts, with a Scheduled ribbon")
	rest, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("serve takes no arguments, got %q", rest)
	}
	if port < 0 || port > 65535 {
		return usagef("--port %d is not a port number (use 1 to 65535, or 0 for any free port)", port)
	}
	if err := needSite(opts.Root); err != nil {
		return err
	}

	ln, err := server.Listen(bind, port, servePortTries)
	if err != nil {
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) || errors.Is(err, syscall.EADDRNOTAVAIL) {
			return usagef("--bind %q is not an address of this machine (use 127.0.0.1, or an address of one of its network interfaces)", bind)
		}
		return fmt.Errorf("cannot serve: %w", err)
	}
	defer ln.Close()
	addr := ln.Addr().(*net.TCPAddr)
	if port != 0 && addr.Port != port {
		fmt.Fprintf(c.stdout, "port %d is in use: using port %d\n", port, addr.Port)
	}
	urls := server.URLs(addr)
	// Links must lead to this server, not to the live site: by the name
	// it was asked to serve on, or by the address it got.
	opts.BaseURL = urls[0]
	if bind != "" && net.ParseIP(bind) == nil {
		opts.BaseURL = "http://" + net.JoinHostPort(bind, strconv.Itoa(addr.Port)) + "/"
	}
	opts.Dev = true
	// One clock for the session, so that pages do not change from one
	// rebuild to the next only because time passed.
	opts.Now = time.Now()

	builder := server.NewSessionBuilder(opts)
	defer builder.Close()
	sopts := server.Options{Root: opts.Root, Builder: builder, Log: c.stdout}
	if bind != "" && net.ParseIP(bind) == nil {
		sopts.Hosts = []string{bind} // --bind clinic-laptop.local
	}
	srv := server.New(sopts)
	if !addr.IP.IsLoopback() {
		where := "on " + addr.IP.String()
		if addr.IP.IsUnspecified() {
			where = "on every network interface (" + addr.IP.String() + ")"
		}
		fmt.Fprintf(c.stderr, "warning: serving %s: anyone who can reach this machine can read the site, "+
			"drafts and the unpublished social schedule included (serve on 127.0.0.1 unless you mean to share them)\n", where)
	}
	fmt.Fprintf(c.stdout, "serving %s at %s (Ctrl-C to stop)\n", opts.Root, opts.BaseURL)
	if len(urls) > 1 {
		fmt.Fprintf(c.stdout, "on the network at %s\n", strings.Join(urls[1:], ", "))
	}
	if err := srv.Run(ctx, ln); err != nil && ctx.Err() == nil {
		return err
	}
	fmt.Fprintln(c.stdout, "stopped")
	return nil
}
