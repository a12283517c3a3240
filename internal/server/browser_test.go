package server

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carepress/carepress/internal/testtool"
	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium or Chrome to drive. Without one the browser
// tests skip on a developer's machine, and fail in CI (CI set), where
// .ci/run installs Debian's chromium.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	testtool.Missing(t, "no chromium found (apt-get install chromium, or set CHROMIUM to its path)")
	return ""
}

// browser opens a headless Chromium for the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox refuses to start
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("cannot start chromium: %v", err)
	}
	return ctx
}

// waitText waits until the text of the first node matching sel satisfies ok.
func waitText(t *testing.T, ctx context.Context, sel, what string, ok func(string) bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(`+jsString(sel)+`) || {}).textContent || ""`))
		if err == nil {
			if ok(text) {
				return
			}
			last = text
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("%s: %q never came; last text was %q", sel, what, last)
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func TestBrowserReloadsOnSave(t *testing.T) {
	ctx := browser(t)
	ts := startServer(t, writeSite(t), Options{})
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.url+"/posts/flu-shots/"), chromedp.WaitVisible("h1")); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, "main h1", "Flu shots", func(s string) bool { return s == "Flu shots" })

	// The title changes on disk; nobody touches the browser.
	saveByRename(t, ts.root, "content/posts/flu-shots.md", "---\ntitle: Flu shots are here\ndate: 2026-10-01\nauthor: maria\n---\nGet your flu shot.\n")
	waitText(t, ctx, "main h1", "the new title", func(s string) bool { return s == "Flu shots are here" })
}

func TestBrowserShowsTheOverlayAndClearsIt(t *testing.T) {
	ctx := browser(t)
	ts := startServer(t, writeSite(t), Options{})
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.url+"/posts/fiber/"), chromedp.WaitVisible("h1")); err != nil {
		t.Fatal(err)
	}
	// Let the event stream connect before the error: the overlay must
	// come live, not from a reload.
	waitConnected(t, ts)
	writeFile(t, ts.root, "templates/post.html", "{{ define \"main\" }}\n<h1>{{ .Page.Title }}</h1>\n{{ .Page.Title | nosuchfunc }}\n{{ end }}\n")
	waitText(t, ctx, "#carepress-overlay", "the error with its file and line", func(s string) bool {
		return strings.Contains(s, "templates/post.html:3") && strings.Contains(s, "nosuchfunc")
	})
	// The error text is text, never markup.
	markup, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#carepress-overlay li *:not(span)").length`))
	if err != nil {
		t.Fatal(err)
	}
	if markup != 0 {
		t.Errorf("the overlay holds %d elements made from error text", markup)
	}

	if err := os.Remove(filepath.Join(ts.root, "templates/post.html")); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, "body", "the overlay gone", func(string) bool {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#carepress-overlay").length`))
		return err == nil && n == 0
	})
}

func TestBrowserSwapsCSSWithoutReloading(t *testing.T) {
	ctx := browser(t)
	root := writeSite(t)
	css, err := os.ReadFile("../../themes/default/static/css/main.css")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, root, "static/css/main.css", string(css))
	ts := startServer(t, root, Options{})
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.url+"/posts/fiber/"), chromedp.WaitVisible("h1"),
		chromedp.Evaluate[chromedp.Void](`window.carepressMark = 1; undefined`)); err != nil {
		t.Fatal(err)
	}
	waitConnected(t, ts)
	writeFile(t, root, "static/css/main.css", string(css)+"\nmain h1 { letter-spacing: 7px; }\n")
	waitText(t, ctx, "main h1", "the new style", func(string) bool {
		spacing, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("main h1")).letterSpacing`))
		return err == nil && spacing == "7px"
	})
	mark, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.carepressMark || 0`))
	if err != nil {
		t.Fatal(err)
	}
	if mark != 1 {
		t.Error("the page reloaded for a CSS-only change")
	}
}

// waitConnected waits until a page's event stream is open.
func waitConnected(t *testing.T, ts *testServer) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ts.srv.hub.mu.Lock()
		n := len(ts.srv.hub.clients)
		ts.srv.hub.mu.Unlock()
		if n > 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the page did not open its event stream within 20s")
}

// A writer keeps several pages open. Browsers allow 6 HTTP/1.1
// connections to a server, so a stream per tab would starve the seventh;
// every tab must still load, and every one must reload.
func TestBrowserManyTabsShareOneStream(t *testing.T) {
	ctx := browser(t)
	ts := startServer(t, writeSite(t), Options{})
	const n = 8
	tabs := make([]context.Context, n)
	for i := range tabs {
		tab, cancel := chromedp.NewContext(ctx)
		t.Cleanup(cancel)
		tctx, cancelT := context.WithTimeout(tab, 20*time.Second)
		t.Cleanup(cancelT)
		if err := chromedp.Do(tctx, chromedp.Navigate(ts.url+"/posts/flu-shots/"), chromedp.WaitVisible("h1")); err != nil {
			t.Fatalf("tab %d did not load with %d tabs open before it: %v", i+1, i, err)
		}
		tabs[i] = tab
	}
	waitConnected(t, ts)
	saveByRename(t, ts.root, "content/posts/flu-shots.md", "---\ntitle: Flu shots are here\ndate: 2026-10-01\nauthor: maria\n---\nGet your flu shot.\n")
	for _, tab := range tabs {
		waitText(t, tab, "main h1", "the new title", func(s string) bool { return s == "Flu shots are here" })
	}
}

// The social preview, in a browser, shows every image it names: each has
// loaded, from the site being served.
func TestBrowserSocialPreviewShowsItsImages(t *testing.T) {
	ctx := browser(t)
	ts := startServer(t, writeSite(t), Options{})
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.url+SocialPath), chromedp.WaitVisible("main")); err != nil {
		t.Fatal(err)
	}
	const loaded = `(() => { const im = Array.from(document.images); return im.length > 0 && im.every(i => i.complete && i.naturalWidth > 0) ? im.length : 0 })()`
	deadline := time.Now().Add(20 * time.Second)
	for {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](loaded))
		if err == nil && n > 0 {
			return
		}
		if time.Now().After(deadline) {
			srcs, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.images).map(i => i.src + " " + i.naturalWidth).join("\n")`))
			t.Fatalf("the preview's images did not all load (%v):\n%s", err, srcs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
