package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is stdout written by the command while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeOnTakenPortServesTheSiteAndStops runs `carepress serve` on a
// port that is taken: it moves to a free one and says so, serves the site
// with links to itself, and exits cleanly when its context ends (Ctrl-C).
func TestServeOnTakenPortServesTheSiteAndStops(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"carepress.yaml":          "title: Test Clinic\nbase_url: https://test.example.com/\ntimezone: America/Chicago\n",
		"content/posts/flu.md":    "---\ntitle: Flu shots\ndate: 2026-10-01\n---\nGet your flu shot.\n",
		"content/posts/draft.md":  "---\ntitle: Secret\ndate: 2026-10-01\ndraft: true\n---\nNot yet.\n",
		"content/posts/nextyr.md": "---\ntitle: Later\ndate: 2099-10-01\n---\nLater.\n",
	}
	for name, data := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := taken.Addr().(*net.TCPAddr).Port

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"serve", "-s", root, "--port", strconv.Itoa(port), "--drafts"}, &stdout, &stderr)
	}()

	urlRE := regexp.MustCompile(`at (http://127\.0\.0\.1:(\d+)/)`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && base == ""; time.Sleep(20 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(stdout.String()); m != nil && strings.Contains(stdout.String(), "pages rendered") {
			base = m[1]
			if m[2] == strconv.Itoa(port) {
				t.Fatalf("serve says it uses the taken port %d", port)
			}
		}
	}
	if base == "" {
		t.Fatalf("serve did not come up; stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "port "+strconv.Itoa(port)+" is in use: using port ") {
		t.Errorf("serve does not say which port it got:\n%s", stdout.String())
	}

	get := func(path string) (int, string) {
		resp, err := http.Get(base + strings.TrimPrefix(path, "/"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	status, body := get("/posts/flu/")
	if status != 200 || !strings.Contains(body, `href="`+base+`posts/flu/"`) {
		t.Errorf("GET post = %d; want 200 with its canonical link on %s", status, base)
	}
	if status, body := get("/posts/draft/"); status != 200 || !strings.Contains(body, ">Draft</p>") {
		t.Errorf("GET draft with --drafts = %d; want 200 with the Draft ribbon", status)
	}
	if status, _ := get("/posts/nextyr/"); status != 404 {
		t.Errorf("GET scheduled post without --future = %d, want 404", status)
	}

	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("serve exited with %d after Ctrl-C, want 0; stderr:\n%s", c, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10s of Ctrl-C")
	}
	if !strings.HasSuffix(stdout.String(), "stopped\n") {
		t.Errorf("stdout does not end with stopped:\n%s", stdout.String())
	}
	if _, err := os.Stat(filepath.Join(root, "public")); err == nil {
		t.Error("serve wrote public/ in the site root")
	}
}

// TestServeOnEveryInterfaceWarnsAndAnswersOnlyToItsNames serves on
// 0.0.0.0: serve warns that drafts and the schedule are visible to the
// network, prints the addresses to open, and still refuses a request for
// another name (DNS rebinding).
func TestServeOnEveryInterfaceWarnsAndAnswersOnlyToItsNames(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"carepress.yaml":         "title: Test Clinic\nbase_url: https://test.example.com/\ntimezone: America/Chicago\n",
		"content/posts/draft.md": "---\ntitle: Secret\ndate: 2026-10-01\ndraft: true\n---\nNot yet.\n",
	}
	for name, data := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"serve", "-s", root, "--bind", "0.0.0.0", "--port", "0", "--drafts"}, &stdout, &stderr)
	}()
	urlRE := regexp.MustCompile(`at http://localhost:(\d+)/ \(Ctrl-C to stop\)`)
	var port string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && port == ""; time.Sleep(20 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(stdout.String()); m != nil && strings.Contains(stdout.String(), "pages rendered") {
			port = m[1]
		}
	}
	if port == "" {
		t.Fatalf("serve did not come up; stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
	if want := "warning: serving on every network interface (0.0.0.0): anyone who can reach this machine can read the site, drafts and the unpublished social schedule included"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr lacks the exposure warning %q:\n%s", want, stderr.String())
	}
	// Every address it prints to open serves the draft.
	urls := []string{"http://localhost:" + port + "/"}
	if _, list, ok := strings.Cut(stdout.String(), "on the network at "); ok {
		list, _, _ = strings.Cut(list, "\n")
		urls = append(urls, strings.Split(list, ", ")...)
	}
	for _, u := range urls {
		resp, err := http.Get(u + "posts/draft/")
		if err != nil {
			t.Errorf("GET %s: %v", u, err)
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %sposts/draft/ = %d, want 200", u, resp.StatusCode)
		}
	}
	for _, host := range []string{"evil.example", "evil.example:" + port, "localhost:1"} {
		req, _ := http.NewRequest("GET", "http://127.0.0.1:"+port+"/posts/draft/", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusMisdirectedRequest || strings.Contains(string(body), "Secret") {
			t.Errorf("Host %s: GET draft = %d, want 421 without the draft", host, resp.StatusCode)
		}
	}
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("serve exited with %d after Ctrl-C, want 0; stderr:\n%s", c, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10s of Ctrl-C")
	}
}

// TestServeOnLoopbackDoesNotWarn: the default address shows nothing to
// the network, so there is nothing to warn about.
func TestServeOnLoopbackDoesNotWarn(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "carepress.yaml"), []byte("title: Test Clinic\nbase_url: https://test.example.com/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	code := make(chan int, 1)
	go func() { code <- run(ctx, []string{"serve", "-s", root, "--port", "0"}, &stdout, &stderr) }()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && !strings.Contains(stdout.String(), "rendered"); time.Sleep(20 * time.Millisecond) {
	}
	cancel()
	<-code
	if strings.Contains(stderr.String(), "warning") || strings.Contains(stdout.String(), "on the network") {
		t.Errorf("serve on 127.0.0.1 warns or lists network addresses:\nstdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
	if !regexp.MustCompile(`serving \S+ at http://127\.0\.0\.1:\d+/ `).MatchString(stdout.String()) {
		t.Errorf("serve does not print its address:\n%s", stdout.String())
	}
}
