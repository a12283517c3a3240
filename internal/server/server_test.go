package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/build"
	"github.com/rogpeppe/go-internal/txtar"
)

// testNow is the clock of the test site: the draft and next-year posts
// are unpublished then.
var testNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// writeSite writes testdata/site.txtar into a new temporary folder.
func writeSite(t testing.TB) string {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		writeFile(t, dir, f.Name, string(f.Data))
	}
	return dir
}

func writeFile(t testing.TB, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// saveByRename saves data as an editor that writes a temporary file and
// renames it over the original does.
func saveByRename(t testing.TB, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

// testServer is a running server on a free port.
type testServer struct {
	url  string // http://127.0.0.1:PORT
	root string
	log  *syncBuffer
	b    *SessionBuilder
	srv  *Server
}

// syncBuffer is a log the server writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer serves the site at root on a free port until the test ends,
// and returns once the first build is served.
func startServer(t testing.TB, root string, opts Options) *testServer {
	t.Helper()
	ln, err := Listen("127.0.0.1", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	b := NewSessionBuilder(build.Options{Root: root, BaseURL: url + "/", Dev: true, Drafts: true, Future: true, Now: testNow})
	log := &syncBuffer{}
	opts.Root, opts.Builder, opts.Log = root, b, log
	srv := New(opts)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil && !errors.Is(err, http.ErrServerClosed) {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("server did not shut down within 10s of its context ending")
		}
		b.Close() // waits for what the last rebuild left to render
	})
	ts := &testServer{url: url, root: root, log: log, b: b, srv: srv}
	// A 10,000-post benchmark site takes a while.
	deadline := time.Now().Add(10 * time.Minute)
	for time.Now().Before(deadline) {
		if _, ok := b.Open("index.html"); ok {
			return ts
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the first build did not finish in 10 minutes; log:\n%s", log)
	return nil
}

// get fetches path and returns the response with its body read.
func (ts *testServer) get(t testing.TB, method, path string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, ts.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Send the path as it is: the client must not clean "..".
	req.URL.Opaque = path
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// sse is a stream of events from the server.
type sse struct {
	events chan sseEvent
	cancel func()
}

type sseEvent struct {
	name string
	data string
}

func (ts *testServer) subscribe(t testing.TB) *sse {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.url+EventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("events Content-Type = %q, want text/event-stream", ct)
	}
	s := &sse{events: make(chan sseEvent, 64), cancel: cancel}
	t.Cleanup(cancel)
	go func() {
		defer resp.Body.Close()
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" {
					s.events <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return s
}

// next waits for the next event; it fails the test after timeout.
func (s *sse) next(t testing.TB, timeout time.Duration) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			t.Fatal("event stream closed")
		}
		return ev
	case <-time.After(timeout):
		t.Fatalf("no event within %s", timeout)
	}
	return sseEvent{}
}

// expect waits for the next event and checks its name.
func (s *sse) expect(t testing.TB, name string) sseEvent {
	t.Helper()
	ev := s.next(t, 20*time.Second)
	if ev.name != name {
		t.Fatalf("event %q (%s), want %q", ev.name, ev.data, name)
	}
	return ev
}

func TestServeReloadsWithNewContentAfterAnEdit(t *testing.T) {
	ts := startServer(t, writeSite(t), Options{})
	resp, body := ts.get(t, "GET", "/posts/flu-shots/")
	if resp.StatusCode != 200 || !strings.Contains(body, "<h1>Flu shots</h1>") {
		t.Fatalf("GET post: %d, want 200 with its title", resp.StatusCode)
	}
	events := ts.subscribe(t)
	events.expect(t, EventHello)

	saveByRename(t, ts.root, "content/posts/flu-shots.md", "---\ntitle: Flu shots are here\ndate: 2026-10-01\nauthor: maria\n---\nGet your flu shot today.\n")
	ev := events.expect(t, EventReload)
	var d struct {
		Build   string
		Changed []string
	}
	if err := json.Unmarshal([]byte(ev.data), &d); err != nil {
		t.Fatal(err)
	}
	if !contains(d.Changed, "/posts/flu-shots/index.html") || contains(d.Changed, "/css/main.css") {
		t.Errorf("reload changed = %v, want the edited post and not the stylesheet", d.Changed)
	}
	_, body = ts.get(t, "GET", "/posts/flu-shots/")
	if !strings.Contains(body, "<h1>Flu shots are here</h1>") || !strings.Contains(body, "Get your flu shot today.") {
		t.Errorf("after the reload event the post does not have the new content:\n%s", body)
	}
	if !strings.Contains(body, `data-build="`+d.Build+`"`) {
		t.Errorf("the page does not carry the build %q it belongs to", d.Build)
	}
	if strings.Contains(ts.log.String(), ".tmp") {
		t.Errorf("the editor's temporary file reached the rebuild:\n%s", ts.log)
	}
	if !strings.Contains(ts.log.String(), "content/posts/flu-shots.md: ") {
		t.Errorf("the rebuild's log line does not name the edited file:\n%s", ts.log)
	}
}

func TestServeShowsTheSocialPreviewWithPublicLinks(t *testing.T) {
	ts := startServer(t, writeSite(t), Options{})
	resp, body := ts.get(t, "GET", SocialPath)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET %s: %d %s", SocialPath, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// The scheduled post is announced, linking to the public site (where
	// the snippet will send people), not to this server.
	if !strings.Contains(body, "https://test.example.com/posts/") || strings.Contains(body, ts.url+"/posts/") {
		t.Errorf("the preview should link to base_url, not %s:\n%s", ts.url, body)
	}
	if !strings.Contains(body, ScriptPath) {
		t.Error("the preview does not reload itself")
	}
	resp, body = ts.get(t, "GET", SocialPath+"plan.json")
	if resp.StatusCode != 200 || !strings.Contains(body, `"platform": "x"`) {
		t.Errorf("GET plan.json: %d\n%s", resp.StatusCode, body)
	}
}

func TestServeShowsAndClearsABuildError(t *testing.T) {
	ts := startServer(t, writeSite(t), Options{})
	events := ts.subscribe(t)
	events.expect(t, EventHello)

	writeFile(t, ts.root, "templates/post.html", "{{ define \"main\" }}\n<h1>{{ .Page.Title }}</h1>\n{{ .Page.Title | nosuchfunc }}\n{{ end }}\n")
	ev := events.expect(t, EventFailed)
	var d struct{ Problems []Problem }
	if err := json.Unmarshal([]byte(ev.data), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Problems) == 0 {
		t.Fatalf("failed event has no problems: %s", ev.data)
	}
	p := d.Problems[0]
	if p.File != "templates/post.html" || p.Line != 3 || !strings.Contains(p.Message, "nosuchfunc") {
		t.Errorf("problem = %+v, want templates/post.html line 3 naming nosuchfunc", p)
	}

	// The last good site is still served, and a page opened now learns
	// of the failure as soon as it connects.
	resp, body := ts.get(t, "GET", "/posts/flu-shots/")
	if resp.StatusCode != 200 || !strings.Contains(body, "<h1>Flu shots</h1>") {
		t.Errorf("during the failure GET post = %d, want the last good page", resp.StatusCode)
	}
	late := ts.subscribe(t)
	late.expect(t, EventHello)
	late.expect(t, EventFailed)

	if err := os.Remove(filepath.Join(ts.root, "templates/post.html")); err != nil {
		t.Fatal(err)
	}
	events.expect(t, EventFixed)
	late.expect(t, EventFixed)
	if !strings.Contains(ts.log.String(), "build failed") {
		t.Errorf("the log does not report the failed build:\n%s", ts.log)
	}
}

func TestServeSwapsStylesheetsWhenOnlyCSSChanged(t *testing.T) {
	ts := startServer(t, writeSite(t), Options{})
	events := ts.subscribe(t)
	events.expect(t, EventHello)
	writeFile(t, ts.root, "static/css/extra.css", ".extra { color: red; }\n")
	ev := events.expect(t, EventCSS)
	if !strings.Contains(ev.data, `"/css/extra.css"`) {
		t.Errorf("css event = %s, want it to name /css/extra.css", ev.data)
	}
	_, body := ts.get(t, "GET", "/css/extra.css")
	if !strings.Contains(body, "red") {
		t.Errorf("GET /css/extra.css = %q, want the new rules", body)
	}
}

func TestServeWatchesNewFolders(t *testing.T) {
	ts := startServer(t, writeSite(t), Options{})
	events := ts.subscribe(t)
	events.expect(t, EventHello)
	// A page bundle: a new folder, then its file.
	writeFile(t, ts.root, "content/posts/hydration/index.md", "---\ntitle: Drink water\ndate: 2026-10-02\n---\nWater.\n")
	events.expect(t, EventReload)
	if resp, body := ts.get(t, "GET", "/posts/hydration/"); resp.StatusCode != 200 || !strings.Contains(body, "Drink water") {
		t.Fatalf("GET new post = %d, want 200 with its title", resp.StatusCode)
	}
	// A file in the folder, after it joined the watch.
	writeFile(t, ts.root, "content/posts/hydration/index.md", "---\ntitle: Drink more water\ndate: 2026-10-02\n---\nWater.\n")
	events.expect(t, EventReload)
	if _, body := ts.get(t, "GET", "/posts/hydration/"); !strings.Contains(body, "Drink more water") {
		t.Error("an edit in a new folder was not rebuilt")
	}
}

func TestServePollsWhenAsked(t *testing.T) {
	ts := startServer(t, writeSite(t), Options{Poll: 50 * time.Millisecond})
	events := ts.subscribe(t)
	events.expect(t, EventHello)
	writeFile(t, ts.root, "content/posts/fiber.md", "---\ntitle: Fiber for lunch\ndate: 2026-10-08\nauthor: maria\n---\nEat beans.\n")
	events.expect(t, EventReload)
	if _, body := ts.get(t, "GET", "/posts/fiber/"); !strings.Contains(body, "Fiber for lunch") {
		t.Error("polling did not pick up the edit")
	}
}

func TestServeRules(t *testing.T) {
	ts := startServer(t, writeSite(t), Options{})
	tests := []struct {
		name, method, path string
		status             int
		ctype              string // prefix
		body               string // substring; "" for none
		location           string
	}{
		{"post", "GET", "/posts/flu-shots/", 200, "text/html; charset=utf-8", "<h1>Flu shots</h1>", ""},
		{"home", "GET", "/", 200, "text/html", "Test Clinic", ""},
		{"folder without slash redirects", "GET", "/posts/flu-shots", 301, "", "", "/posts/flu-shots/"},
		{"missing page is the site's 404", "GET", "/no/such/page/", 404, "text/html", "kind-404", ""},
		{"missing file is the site's 404", "GET", "/css/none.css", 404, "text/html", "kind-404", ""},
		{"no directory listing", "GET", "/css/", 404, "text/html", "kind-404", ""},
		{"stylesheet", "GET", "/css/main.css", 200, "text/css; charset=utf-8", "", ""},
		{"sitemap", "GET", "/sitemap.xml", 200, "application/xml", "<urlset", ""},
		{"robots", "GET", "/robots.txt", 200, "text/plain", "Sitemap:", ""},
		{"extensionless host file", "GET", "/_redirects", 200, "text/plain", "", ""},
		{"reload script", "GET", ScriptPath, 200, "text/javascript", "EventSource", ""},
		{"traversal", "GET", "/../../etc/passwd", 400, "", "", ""},
		{"encoded traversal", "GET", "/css/%2e%2e/%2e%2e/carepress.yaml", 400, "", "", ""},
		{"backslash", "GET", "/css\\..\\..\\carepress.yaml", 400, "", "", ""},
		{"server paths are not the site", "GET", "/_carepress/nothing", 404, "text/html", "", ""},
		{"social preview", "GET", SocialPath, 200, "text/html", "Next year", ""},
		{"social calendar", "GET", SocialPath + "calendar.ics", 200, "text/calendar", "BEGIN:VCALENDAR", ""},
		{"missing social file", "GET", SocialPath + "none.csv", 404, "text/html", "", ""},
		{"post method", "POST", "/", 405, "", "", ""},
		{"head", "HEAD", "/posts/flu-shots/", 200, "text/html", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ts.get(t, tt.method, tt.path)
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if got := resp.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}
			if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, tt.ctype) {
				t.Errorf("Content-Type = %q, want %q", got, tt.ctype)
			}
			if !strings.Contains(body, tt.body) {
				t.Errorf("body does not contain %q", tt.body)
			}
			if got := resp.Header.Get("Location"); got != tt.location {
				t.Errorf("Location = %q, want %q", got, tt.location)
			}
			if tt.method == "HEAD" && body != "" {
				t.Errorf("HEAD sent a body of %d bytes", len(body))
			}
			if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") && tt.method == "GET" && tt.location == "" && strings.Count(body, ScriptPath) != 1 {
				t.Errorf("HTML response has %d reload scripts, want 1", strings.Count(body, ScriptPath))
			}
		})
	}
	if strings.Contains(ts.log.String(), "passwd") {
		t.Error("a traversal reached the builder")
	}
}

func TestServeMarksDraftsAndScheduledPosts(t *testing.T) {
	ts := startServer(t, writeSite(t), Options{})
	_, draft := ts.get(t, "GET", "/posts/secret-draft/")
	if !strings.Contains(draft, `<p class="dev-ribbon" role="note">Draft</p>`) {
		t.Errorf("draft page has no Draft ribbon:\n%s", draft)
	}
	_, future := ts.get(t, "GET", "/posts/next-year/")
	if !strings.Contains(future, `Scheduled for <time datetime="2031-03-02T00:00:00-06:00">March 2, 2031</time>`) {
		t.Errorf("scheduled page has no Scheduled ribbon:\n%s", future)
	}
	_, live := ts.get(t, "GET", "/posts/flu-shots/")
	if strings.Contains(live, "dev-ribbon") {
		t.Error("a published post has a ribbon")
	}
	if strings.Contains(live, "https://test.example.com/") {
		t.Error("the page links to base_url, not to the dev server")
	}
	if !strings.Contains(live, ts.url+"/posts/flu-shots/") {
		t.Errorf("the canonical link is not the dev server's address %s", ts.url)
	}
}

func TestBuildOutputHasNoReloadScriptOrRibbon(t *testing.T) {
	root := writeSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(context.Background(), build.Options{Root: root, Out: out, Drafts: true, Future: true, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		if bytes.Contains(data, []byte("_carepress")) || bytes.Contains(data, []byte("dev-ribbon\"")) {
			t.Errorf("%s has the dev server's script or ribbon", p)
		}
		return nil
	})
}

func TestServeShutsDownWithOpenStreams(t *testing.T) {
	root := writeSite(t)
	ln, err := Listen("127.0.0.1", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	b := NewSessionBuilder(build.Options{Root: root, BaseURL: "http://" + ln.Addr().String() + "/", Now: testNow})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- New(Options{Root: root, Builder: b}).Run(ctx, ln) }()
	ts := &testServer{url: "http://" + ln.Addr().String()}
	events := ts.subscribe(t)
	events.expect(t, EventHello)
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return within 5s with an event stream open")
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Error("the port is still open after shutdown")
	}
}

func TestListenTriesTheNextPorts(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := taken.Addr().(*net.TCPAddr).Port
	ln, err := Listen("127.0.0.1", port, 10)
	if err != nil {
		t.Skipf("the ports after %d are busy on this machine: %v", port, err)
	}
	defer ln.Close()
	got := ln.Addr().(*net.TCPAddr).Port
	if got <= port || got > port+10 {
		t.Errorf("Listen on taken port %d got %d, want one of the next 10", port, got)
	}
	if _, err := Listen("127.0.0.1", port, 0); err == nil || !strings.Contains(err.Error(), strconv.Itoa(port)) {
		t.Errorf("Listen on a taken port with no tries = %v, want an error naming it", err)
	}
}

func TestInject(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"before the last body end", "<html><body><p>x</p></body></html>", `<html><body><p>x</p><script src="/_carepress/reload.js" data-build="b"></script>` + "\n</body></html>"},
		{"upper case", "<BODY>x</BODY>", `<BODY>x<script src="/_carepress/reload.js" data-build="b"></script>` + "\n</BODY>"},
		{"no body end", "<p>x", `<p>x<script src="/_carepress/reload.js" data-build="b"></script>` + "\n"},
		{"a </body> in text before the real one", "<pre>&lt;/body></pre></body>", `<pre>&lt;/body></pre><script src="/_carepress/reload.js" data-build="b"></script>` + "\n</body>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(Inject([]byte(tt.in), "b")); got != tt.want {
				t.Errorf("Inject(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIgnored(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"flu.md", false},
		{"index.md", false},
		{"main.css", false},
		{"2024", false},
		{"CNAME", false},
		{".flu.md.swp", true},
		{".flu.md.swx", true},
		{"flu.md~", true},
		{".#flu.md", true},
		{"#flu.md#", true},
		{"4913", true},
		{"5036", true},
		{"flu.md.tmp", true},
		{"flu.md___jb_tmp___", true},
		{".DS_Store", true},
	}
	for _, tt := range tests {
		if got := Ignored(tt.name); got != tt.want {
			t.Errorf("Ignored(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestProblemsKeepPositions(t *testing.T) {
	ps := Problems(errors.New("plain failure"))
	if len(ps) != 1 || ps[0].Message != "plain failure" || ps[0].File != "" {
		t.Errorf("Problems(plain) = %+v", ps)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
