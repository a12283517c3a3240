// Package server is carepress's dev server: it serves a site from memory,
// rebuilds it when its sources change and reloads the pages open in the
// browser.
//
// # Serving
//
// Every file comes from the Builder's last good build, never from disk, so
// a page is never seen half-written. A path ending in / serves its
// index.html; a folder path without the slash redirects to it; anything
// else missing gets the site's 404.html with status 404. There is no
// directory listing. Every response carries Cache-Control: no-store and a
// Content-Type from the file's extension. A path with a ".." segment, a
// backslash or a NUL is refused with 400. Only GET and HEAD are allowed.
//
// The server answers only to its own names: a request whose Host is not
// localhost, 127.0.0.1, [::1], the address it arrived at or one of
// Options.Hosts, with the port it arrived at, gets 421 Misdirected Request,
// whatever its path (the event stream and /_carepress/ included). A page
// of another site cannot read drafts or the unpublished schedule by
// rebinding its name to this machine's address.
//
// # Live reload
//
// HTML responses, and only those of this server, get
// <script src="/_carepress/reload.js"> before </body>; build output never
// has it. The script listens to Server-Sent Events at /_carepress/events
// (see the Event constants): the page reloads when the site changed, swaps
// its stylesheets when only CSS changed, and shows an overlay with the
// errors (file:line:col and message) when a rebuild failed, while the
// server keeps serving the last good build. The next good build clears it.
// The tabs of one browser share a single stream, so that more than six open
// pages do not use up the browser's connections to the server.
//
// # Watching
//
// carepress.yaml and content/, templates/, themes/ and static/ are watched
// recursively with fsnotify; folders that appear join the watch. Editors'
// by-products (swap, backup and temporary files, see Ignored) are skipped,
// so a write-then-rename save is seen as a change of the file it saves.
// Events are debounced (Options.Debounce) into one batch per rebuild. When
// watches cannot be set up, as at an inotify or file-descriptor limit, the
// server says so and polls instead. Each rebuild logs one line: what
// changed, what was rebuilt, and how long it took.
//
// # Social preview
//
// /_carepress/social/ serves the social exports when the Builder is a
// SocialOpener that has built them, and otherwise a page saying they are
// not built yet.
package server

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Paths the server owns; a site's own files never live under Prefix.
const (
	Prefix      = "/_carepress/"
	EventsPath  = Prefix + "events"
	ScriptPath  = Prefix + "reload.js"
	OverlayPath = Prefix + "overlay.css"
	SocialPath  = Prefix + "social/"
)

//go:embed assets/reload.js
var reloadJS []byte

//go:embed assets/overlay.css
var overlayCSS []byte

// Options configure a Server.
type Options struct {
	// Root is the site root, whose sources are watched.
	Root string
	// Builder builds the site.
	Builder Builder
	// Log receives one line per rebuild and the watch messages; nil
	// discards them.
	Log io.Writer
	// Debounce is the quiet time after a change before the rebuild
	// starts; 0 means DefaultDebounce.
	Debounce time.Duration
	// Hosts are names besides localhost, 127.0.0.1, [::1] and the
	// address a request arrived at that requests may call the server by,
	// such as the host name it was asked to listen on. Any other Host
	// gets 421 Misdirected Request (see the package doc).
	Hosts []string
	// Poll, when positive, polls the sources at this interval instead of
	// watching them with fsnotify (network and container file systems
	// that deliver no events).
	Poll time.Duration
}

// DefaultDebounce lets an editor's save (write, rename, chmod) settle into
// one batch without a delay anyone notices.
const DefaultDebounce = 20 * time.Millisecond

// Server serves one site. Create it with New; it is an http.Handler.
type Server struct {
	opts Options
	hub  *hub
	// warned holds the warnings already logged, so that each rebuild
	// logs only new ones.
	warned map[string]bool
	// seen is the pages open in browsers, as far as the server knows:
	// the HTML files it served last, newest first. Tabs share one event
	// stream, so the streams cannot tell.
	seenMu sync.Mutex
	seen   []string
}

// seenPages is how many recently served pages a rebuild renders first.
const seenPages = 8

// saw notes that the page file was served.
func (s *Server) saw(file string) {
	s.seenMu.Lock()
	defer s.seenMu.Unlock()
	if i := slices.Index(s.seen, file); i >= 0 {
		s.seen = slices.Delete(s.seen, i, i+1)
	}
	s.seen = slices.Insert(s.seen, 0, file)
	if len(s.seen) > seenPages {
		s.seen = s.seen[:seenPages]
	}
}

func (s *Server) open() []string {
	s.seenMu.Lock()
	defer s.seenMu.Unlock()
	return slices.Clone(s.seen)
}

// New returns a server for opts.
func New(opts Options) *Server {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	return &Server{opts: opts, hub: newHub(), warned: map[string]bool{}}
}

// Rebuild builds the site after the changes in changed (nil: everything),
// logs the outcome in one line and tells the open pages. It is what the
// watcher calls; calls must not overlap.
func (s *Server) Rebuild(ctx context.Context, changed []string) error {
	start := time.Now()
	var rep Report
	var err error
	if fb, ok := s.opts.Builder.(FirstBuilder); ok {
		// The pages in the browser first: the rest of what the change
		// touched is rendered after the reload, or when asked for.
		rep, err = fb.BuildFirst(ctx, changed, s.open())
	} else {
		rep, err = s.opts.Builder.Build(ctx, changed)
	}
	took := time.Since(start).Round(100 * time.Microsecond)
	for _, w := range rep.Warnings {
		if k := w.Error(); !s.warned[k] {
			s.warned[k] = true
			fmt.Fprintln(s.opts.Log, k)
		}
	}
	what := describe(changed)
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		s.hub.failedWith(err)
		fmt.Fprintf(s.opts.Log, "%s %s: build failed in %s; still serving the last good build:\n%v\n", clock(), what, took, err)
		return err
	}
	files := "files changed"
	if rep.Changed != nil {
		files = fmt.Sprintf("%d %s", len(rep.Changed), plural(len(rep.Changed), "file changed", "files changed"))
	}
	rendered := fmt.Sprintf("%d %s rendered", rep.Rendered, plural(rep.Rendered, "page", "pages"))
	if rep.Patched {
		rendered += " first, the rest after"
	}
	// The log line comes before the browsers are told, so that whoever
	// reacts to the reload (a person, a test) finds it written.
	fmt.Fprintf(s.opts.Log, "%s %s: %s, %s in %s\n", clock(), what, rendered, files, took)
	s.hub.succeeded(rep.Changed)
	return nil
}

func clock() string { return time.Now().Format("15:04:05") }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// describe names a batch of changes for the log.
func describe(changed []string) string {
	switch len(changed) {
	case 0:
		if changed == nil {
			return "full build"
		}
		return "rebuild"
	case 1:
		return changed[0]
	case 2:
		return changed[0] + " and " + changed[1]
	}
	return fmt.Sprintf("%s and %d more", changed[0], len(changed)-1)
}

// Run builds the site, then serves it on ln and rebuilds on every change
// until ctx is done; then it closes the event streams and shuts the HTTP
// server down. A failed first build is served as an error overlay, not
// returned: fixing the file brings the site up.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	batches := make(chan []string)
	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	w := &watcher{root: s.opts.Root, log: s.opts.Log, debounce: s.opts.Debounce, poll: s.opts.Poll}
	// Watch before the first build, so edits made during it are not lost.
	go w.run(wctx, batches)

	s.Rebuild(ctx, nil)

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	for {
		select {
		case err := <-served:
			s.hub.close()
			return err
		case changed := <-batches:
			s.Rebuild(ctx, changed)
			continue
		case <-ctx.Done():
		}
		break
	}
	stopWatch()
	s.hub.close()
	// Responses come from memory and take microseconds; what is left
	// after a moment is a browser's idle preconnected socket, which
	// Shutdown would wait 5 seconds for. Ctrl-C should not.
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); errors.Is(err, context.DeadlineExceeded) {
		return srv.Close()
	} else if err != nil {
		return err
	}
	return nil
}

// shutdownGrace is how long requests in flight get to finish on shutdown.
const shutdownGrace = 500 * time.Millisecond

// Listen listens on bind at port, or, when that port is taken, on the next
// one of the following tries ports that is free. Port 0 picks any free
// port. An IPv4 bind listens on IPv4 only: 0.0.0.0 must not also open the
// server to the IPv6 networks.
func Listen(bind string, port, tries int) (net.Listener, error) {
	network := "tcp"
	if ip := net.ParseIP(bind); ip != nil && ip.To4() != nil {
		network = "tcp4"
	}
	var first error
	for i := 0; i <= tries; i++ {
		ln, err := net.Listen(network, net.JoinHostPort(bind, strconv.Itoa(port+i)))
		if err == nil {
			return ln, nil
		}
		if first == nil {
			first = err
		}
		if port == 0 || !errors.Is(err, syscall.EADDRINUSE) {
			break
		}
	}
	if tries > 0 && errors.Is(first, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("ports %d to %d are all in use (choose another with --port)", port, port+tries)
	}
	return nil, first
}

// ServeHTTP serves the site and the server's own paths.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if !s.ownHost(r) {
		misdirected(w)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if !safePath(p) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	switch {
	case p == EventsPath:
		s.hub.serveEvents(w, r)
	case p == ScriptPath:
		s.write(w, r, http.StatusOK, "reload.js", reloadJS)
	case p == OverlayPath:
		s.write(w, r, http.StatusOK, "overlay.css", overlayCSS)
	case strings.HasPrefix(p, SocialPath):
		s.serveSocial(w, r, strings.TrimPrefix(p, SocialPath))
	case strings.HasPrefix(p, Prefix):
		s.notFound(w, r)
	default:
		s.serveSite(w, r, strings.TrimPrefix(p, "/"))
	}
}

// safePath reports whether p may name a file: absolute, no ".." segment,
// no backslash (a separator on Windows) and no NUL.
func safePath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == ".." {
			return false
		}
	}
	return true
}

func (s *Server) serveSite(w http.ResponseWriter, r *http.Request, name string) {
	file := name
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	if data, ok := s.opts.Builder.Open(file); ok {
		if strings.HasSuffix(file, ".html") {
			s.saw(file)
		}
		s.write(w, r, http.StatusOK, file, data)
		return
	}
	if !strings.HasSuffix(name, "/") && name != "" {
		if _, ok := s.opts.Builder.Open(name + "/index.html"); ok {
			target := "/" + name + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
	}
	s.notFound(w, r)
}

// notFound serves the site's 404.html, or a page of the server's own when
// the site has none (or has not built yet).
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if data, ok := s.opts.Builder.Open("404.html"); ok {
		s.write(w, r, http.StatusNotFound, "404.html", data)
		return
	}
	s.write(w, r, http.StatusNotFound, "404.html", page("Not found", "Nothing is at "+r.URL.Path+"."))
}

func (s *Server) serveSocial(w http.ResponseWriter, r *http.Request, name string) {
	so, ok := s.opts.Builder.(SocialOpener)
	if ok {
		if _, built := so.OpenSocial("index.html"); !built {
			ok = false
		}
	}
	if !ok {
		s.write(w, r, http.StatusNotFound, "social.html", page("Social exports are not built yet",
			"The social preview appears here once this build writes the social exports (plan.json, the Buffer CSVs, calendar.ics and index.html)."))
		return
	}
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if data, found := so.OpenSocial(name); found {
		s.write(w, r, http.StatusOK, name, data)
		return
	}
	s.notFound(w, r)
}

// write sends data as the file name with status code, adding the reload
// script to HTML.
func (s *Server) write(w http.ResponseWriter, r *http.Request, code int, name string, data []byte) {
	ctype := ContentType(name, data)
	if strings.HasPrefix(ctype, "text/html") {
		data = Inject(data, s.hub.BuildID())
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// Inject adds the reload script, tagged with the build it belongs to,
// before the last </body> of an HTML page (or at its end).
func Inject(page []byte, build string) []byte {
	tag := `<script src="` + ScriptPath + `" data-build="` + build + `"></script>`
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag)+1)
	out = append(out, page[:i]...)
	out = append(out, tag...)
	out = append(out, '\n')
	return append(out, page[i:]...)
}

// contentTypes are the types of what carepress writes, fixed here rather
// than taken from the machine's mime.types, which varies.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".xml":         "application/xml; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".ics":         "text/calendar; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".gif":         "image/gif",
	".ico":         "image/x-icon",
	".pdf":         "application/pdf",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".webmanifest": "application/manifest+json",
}

// ContentType returns the Content-Type for the file name: by extension,
// then text/plain for extensionless host files (_redirects, _headers,
// CNAME), then by sniffing.
func ContentType(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if ext == "" {
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// page is a minimal HTML page of the server's own.
func page(title, text string) []byte {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>")
	b.WriteString(html.EscapeString(title))
	b.WriteString("</title></head>\n<body>\n<h1>")
	b.WriteString(html.EscapeString(title))
	b.WriteString("</h1>\n<p>")
	b.WriteString(html.EscapeString(text))
	b.WriteString("</p>\n</body>\n</html>\n")
	return b.Bytes()
}
