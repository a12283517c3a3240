package server

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/carepress/carepress/internal/diag"
)

// Event names sent on /_carepress/events.
const (
	// EventHello opens every stream: {"build": ID}. A page built from an
	// older build than ID reloads, so nothing is missed between a page
	// load and its stream connecting, or across a server restart.
	EventHello = "hello"
	// EventReload asks the page to reload: {"build": ID, "changed": [...]}.
	EventReload = "reload"
	// EventCSS says only stylesheets changed: {"build": ID, "changed":
	// ["/css/main.css"]}. The page swaps them without reloading.
	EventCSS = "css"
	// EventFailed carries a failed rebuild's errors: {"problems": [...]}.
	// The page shows them over the last good build.
	EventFailed = "failed"
	// EventFixed says the site builds again: the page drops the overlay.
	EventFixed = "fixed"
)

// Problem is one error of a failed build, as the overlay shows it.
type Problem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

// Problems lists err's problems: each diag error with its position, or
// err as one message.
func Problems(err error) []Problem {
	var list diag.List
	list.Add(err)
	var out []Problem
	for _, e := range list {
		if e.Severity != diag.SevError {
			continue
		}
		out = append(out, Problem{File: e.Pos.File, Line: e.Pos.Line, Col: e.Pos.Col, Message: e.Msg, Hint: e.Hint})
	}
	if len(out) == 0 {
		out = append(out, Problem{Message: err.Error()})
	}
	return out
}

// event is one server-sent event.
type event struct {
	name string
	data []byte // JSON
}

func newEvent(name string, v any) event {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // only our own plain structs are marshalled
	}
	return event{name: name, data: data}
}

// clientBuffer is how many events a slow client may fall behind before it
// is dropped; it reconnects and its hello catches it up.
const clientBuffer = 16

// hub fans build results out to the connected pages.
type hub struct {
	instance string // differs between server runs, so a restart reloads pages

	mu      sync.Mutex
	clients map[chan event]struct{}
	builds  int    // successful builds that changed the output
	failed  *event // the current failure, nil when the site builds
	closed  bool   // shutting down: no new streams
}

func newHub() *hub {
	var b [6]byte
	rand.Read(b[:])
	return &hub{instance: hex.EncodeToString(b[:]), clients: map[chan event]struct{}{}}
}

// build is the ID of the current good build. Call with mu held.
func (h *hub) build() string { return fmt.Sprintf("%s-%d", h.instance, h.builds) }

// BuildID returns the ID of the current good build, as pages carry it.
func (h *hub) BuildID() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.build()
}

// succeeded publishes a good build that changed the output paths in
// changed (nil: unknown, so everything).
func (h *hub) succeeded(changed []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.failed != nil {
		h.failed = nil
		h.send(event{name: EventFixed, data: []byte("{}")})
	}
	if changed != nil && len(changed) == 0 {
		return
	}
	h.builds++
	name := EventReload
	if changed != nil && allCSS(changed) {
		name = EventCSS
	}
	urls := make([]string, 0, min(len(changed), maxChanged))
	for _, c := range changed {
		if len(urls) == maxChanged {
			break
		}
		urls = append(urls, "/"+c)
	}
	h.send(newEvent(name, struct {
		Build   string   `json:"build"`
		Changed []string `json:"changed"`
	}{h.build(), urls}))
}

// maxChanged caps the paths an event lists: a page needs only to know
// whether its stylesheets are among them.
const maxChanged = 50

// allCSS reports whether every changed path is a stylesheet.
func allCSS(changed []string) bool {
	for _, c := range changed {
		if !strings.HasSuffix(c, ".css") {
			return false
		}
	}
	return true
}

// failedWith publishes a failed build.
func (h *hub) failedWith(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ev := newEvent(EventFailed, struct {
		Problems []Problem `json:"problems"`
	}{Problems(err)})
	h.failed = &ev
	h.send(ev)
}

// send queues ev for every client. Call with mu held.
func (h *hub) send(ev event) {
	for c := range h.clients {
		select {
		case c <- ev:
		default:
			delete(h.clients, c)
			close(c)
		}
	}
}

// close ends every stream, so that shutdown need not wait for them.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for c := range h.clients {
		delete(h.clients, c)
		close(c)
	}
}

// subscribe registers a stream and returns its channel, primed with the
// hello and the current failure; ok is false once shutting down.
func (h *hub) subscribe() (c chan event, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, false
	}
	c = make(chan event, clientBuffer)
	c <- newEvent(EventHello, struct {
		Build string `json:"build"`
	}{h.build()})
	if h.failed != nil {
		c <- *h.failed
	}
	h.clients[c] = struct{}{}
	return c, true
}

func (h *hub) unsubscribe(c chan event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.clients[c]; ok {
		delete(h.clients, c)
		close(c)
	}
}

// keepAlive is how often an idle stream gets a comment, so proxies and
// browsers keep it open.
const keepAlive = 15 * time.Second

// serveEvents streams events to one page until it goes away or the server
// shuts down.
func (h *hub) serveEvents(w http.ResponseWriter, r *http.Request) {
	c, ok := h.subscribe()
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer h.unsubscribe(c)
	rc := http.NewResponseController(w)
	hdr := w.Header()
	hdr.Set("Content-Type", "text/event-stream; charset=utf-8")
	hdr.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		var err error
		select {
		case <-r.Context().Done():
			return
		case ev, open := <-c:
			if !open {
				return
			}
			_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
		case <-tick.C:
			_, err = fmt.Fprint(w, ": keep-alive\n\n")
		}
		if err == nil {
			err = rc.Flush()
		}
		if err != nil && !errors.Is(err, http.ErrNotSupported) {
			return
		}
	}
}
