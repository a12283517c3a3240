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
