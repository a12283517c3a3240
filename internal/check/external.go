package check

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/carepress/carepress/internal/diag"
)

// External link checks: each distinct URL once, a few at a time, each
// with a timeout, and the answers kept in a cache so that a second run
// within a day asks the network nothing.
const (
	externalWorkers = 8
	externalTimeout = 10 * time.Second
	// cacheOK and cacheFail are how long an answer is trusted: a working
	// link rarely breaks within a week; a broken one may be fixed soon.
	cacheOK   = 7 * 24 * time.Hour
	cacheFail = 24 * time.Hour
	cacheFile = "links.json"
)

type cacheEntry struct {
	Status  int       `json:"status"`
	Err     string    `json:"error,omitempty"`
	Checked time.Time `json:"checked"`
}

func (e cacheEntry) ok() bool { return e.Err == "" && e.Status < 400 }

type extLink struct {
	url string
	pos []diag.Pos
}

func (c *checker) runExternal(ctx context.Context) {
	if !c.enabled("links/external") {
		return
	}
	byURL := map[string]*extLink{}
	var order []string
	add := func(u string, pos diag.Pos) {
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return
		}
		if i := strings.IndexByte(u, '#'); i >= 0 {
			u = u[:i]
		}
		l, ok := byURL[u]
		if !ok {
			l = &extLink{url: u}
			byURL[u] = l
			order = append(order, u)
		}
		l.pos = append(l.pos, pos)
	}
	for _, f := range c.files {
		links, err := f.Links()
		if err != nil {
			c.unreadable(f, err)
		}
		for _, l := range links {
			add(l.URL, bodyLine(f, l.Line, l.Col))
		}
		if f.Post != nil {
			for i, s := range f.Post.Sources {
				add(s.URL, f.At(fmt.Sprintf("sources.%d.url", i)))
			}
		}
	}
	sort.Strings(order)

	dir := c.cacheDir()
	cache := loadCache(dir)
	client := c.opts.Client
	if client == nil {
		client = &http.Client{Timeout: externalTimeout}
	}
	now := time.Now()
	results := make([]cacheEntry, len(order))
	var todo []int
	for i, u := range order {
		if e, ok := cache[u]; ok {
			ttl := cacheFail
			if e.ok() {
				ttl = cacheOK
			}
			if now.Sub(e.Checked) < ttl {
				results[i] = e
				continue
			}
		}
		todo = append(todo, i)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(externalWorkers, len(todo)) {
		wg.Go(func() {
			for i := range next {
				results[i] = fetch(ctx, client, order[i])
				results[i].Checked = now
			}
		})
	}
	for _, i := range todo {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		return
	}
	for i, u := range order {
		cache[u] = results[i]
	}
	saveCache(dir, cache)
	for i, u := range order {
		e := results[i]
		if e.ok() {
			continue
		}
		what := fmt.Sprintf("status %d", e.Status)
		if e.Err != "" {
			what = e.Err
		}
		for _, pos := range byURL[u].pos {
			c.report("links/external", pos, "fix or replace the link; answers are cached a day in .carepress/cache/"+cacheFile, "external link %s fails: %s", u, what)
		}
	}
}

// fetch asks for u: HEAD first, and GET when a server refuses HEAD.
func fetch(ctx context.Context, client *http.Client, u string) cacheEntry {
	ctx, cancel := context.WithTimeout(ctx, externalTimeout)
	defer cancel()
	var e cacheEntry
	for _, method := range []string{http.MethodHead, http.MethodGet} {
		req, err := http.NewRequestWithContext(ctx, method, u, nil)
		if err != nil {
			return cacheEntry{Err: "not a valid URL"}
		}
		req.Header.Set("User-Agent", "carepress-check (link checker)")
		resp, err := client.Do(req)
		if err != nil {
			e = cacheEntry{Err: shortErr(err)}
			continue
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		e = cacheEntry{Status: resp.StatusCode}
		if method == http.MethodHead && (resp.StatusCode == http.StatusMethodNotAllowed || resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusNotImplemented) {
			continue
		}
		return e
	}
	return e
}

func shortErr(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	if strings.Contains(msg, "deadline exceeded") || strings.Contains(msg, "Timeout") {
		return "timed out"
	}
	return msg
}

func loadCache(dir string) map[string]cacheEntry {
	m := map[string]cacheEntry{}
	if dir == "" {
		return m
	}
	if b, err := os.ReadFile(filepath.Join(dir, cacheFile)); err == nil {
		json.Unmarshal(b, &m) // a damaged cache is only a slower run
	}
	return m
}

func saveCache(dir string, m map[string]cacheEntry) {
	if dir == "" {
		return
	}
	b, err := json.MarshalIndent(m, "", "\t")
	if err != nil || os.MkdirAll(dir, 0o755) != nil {
		return
	}
	tmp := filepath.Join(dir, cacheFile+".tmp")
	if os.WriteFile(tmp, b, 0o644) == nil {
		os.Rename(tmp, filepath.Join(dir, cacheFile))
	}
}
