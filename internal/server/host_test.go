package server

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// mapBuilder serves a fixed set of files, social exports included.
type mapBuilder struct{ files, social map[string]string }

func (b mapBuilder) Build(context.Context, []string) (Report, error) { return Report{}, nil }

func (b mapBuilder) Open(name string) ([]byte, bool) {
	s, ok := b.files[name]
	return []byte(s), ok
}

func (b mapBuilder) OpenSocial(name string) ([]byte, bool) {
	s, ok := b.social[name]
	return []byte(s), ok
}

var secretSite = mapBuilder{
	files: map[string]string{
		"index.html":             "<html><body>home</body></html>",
		"posts/draft/index.html": "<html><body>SECRET draft</body></html>",
	},
	social: map[string]string{
		"index.html": "<html><body>SECRET schedule</body></html>",
		"plan.json":  `{"SECRET": true}`,
	},
}

// hostPaths are the paths a rebinding page would want to read: pages,
// drafts, the social schedule, the server's own script and the event
// stream.
var hostPaths = []string{"/", "/posts/draft/", "/_carepress/social/", "/_carepress/social/plan.json", ScriptPath, EventsPath}

// request sends GET path with the Host header host (sent as given, even
// empty) over a raw connection, and returns the status and the start of
// the body.
func request(t *testing.T, addr, host, path string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	proto := "HTTP/1.1"
	hostLine := "Host: " + host + "\r\n"
	if host == "" {
		// HTTP/1.1 requires a Host (the server answers 400 itself); an
		// HTTP/1.0 request may leave it out.
		proto, hostLine = "HTTP/1.0", ""
	}
	if _, err := io.WriteString(conn, "GET "+path+" "+proto+"\r\n"+hostLine+"Connection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Closing the connection ends the body: Body.Close would drain the
	// event stream, which never ends.
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		return resp.StatusCode, "(event stream)" // it never ends
	}
	buf := make([]byte, 512)
	n, _ := io.ReadAtLeast(resp.Body, buf, 1)
	return resp.StatusCode, string(buf[:n])
}

// TestServeAnswersOnlyToItsOwnNames sends requests with many Host headers
// to a server on 127.0.0.1: only its own names with its own port are
// served; every other name, a DNS rebinding attack's included, gets 421
// for every path, and sees nothing of the site.
func TestServeAnswersOnlyToItsOwnNames(t *testing.T) {
	ts := httptest.NewServer(New(Options{Builder: secretSite, Hosts: []string{"clinic-laptop.local"}}))
	defer ts.Close()
	addr := ts.Listener.Addr().(*net.TCPAddr)
	port := strconv.Itoa(addr.Port)
	other := strconv.Itoa(addr.Port%60000 + 1)
	tests := []struct {
		host string
		ok   bool
	}{
		{"127.0.0.1:" + port, true},
		{"localhost:" + port, true},
		{"LocalHost:" + port, true},
		{"[::1]:" + port, true},
		{"clinic-laptop.local:" + port, true}, // Options.Hosts
		{"Clinic-Laptop.Local:" + port, true},

		{"evil.example", false},
		{"evil.example:" + port, false},
		{"evil.example:1313", false},
		{"localhost.evil.example:" + port, false},
		{"127.0.0.1.nip.io:" + port, false},
		{"localhost:" + other, false}, // the right name, another port
		{"127.0.0.1:" + other, false},
		{"[::1]:" + other, false},
		{"localhost", false}, // port 80
		{"127.0.0.1", false},
		{"127.0.0.2:" + port, false}, // not the address it was reached at
		{"0.0.0.0:" + port, false},
		{"localhost:", false},
		{"localhost:" + port + ":" + port, false},
		{"[::1", false},
		{"", false},
	}
	for _, tt := range tests {
		for _, path := range hostPaths {
			status, body := request(t, addr.String(), tt.host, path)
			switch {
			case tt.ok && (status == http.StatusMisdirectedRequest || status == http.StatusForbidden):
				t.Errorf("Host %q GET %s = %d, want it served", tt.host, path, status)
			case !tt.ok && status != http.StatusMisdirectedRequest:
				t.Errorf("Host %q GET %s = %d, want 421", tt.host, path, status)
			case !tt.ok && strings.Contains(body, "SECRET"):
				t.Errorf("Host %q GET %s shows the site: %q", tt.host, path, body)
			}
		}
	}
	// The allowed names really get the site.
	if status, body := request(t, addr.String(), "localhost:"+port, "/posts/draft/"); status != 200 || !strings.Contains(body, "SECRET draft") {
		t.Errorf("localhost GET draft = %d %q, want 200 with the draft", status, body)
	}
	if status, body := request(t, addr.String(), "127.0.0.1:"+port, EventsPath); status != 200 || body != "(event stream)" {
		t.Errorf("127.0.0.1 GET events = %d %q, want the stream", status, body)
	}
}

// TestServeAnswersToTheAddressItWasReachedAt serves on an address other
// than 127.0.0.1: that address, with its port, is one of the server's
// names; a neighbour's address is not.
func TestServeAnswersToTheAddressItWasReachedAt(t *testing.T) {
	for _, tt := range []struct{ bind, own, neighbour string }{
		{"127.0.0.2", "127.0.0.2", "127.0.0.3"},
		{"::1", "[::1]", "[::2]"},
	} {
		ln, err := net.Listen("tcp", net.JoinHostPort(tt.bind, "0"))
		if err != nil {
			t.Logf("cannot listen on %s here: %v", tt.bind, err)
			continue
		}
		ts := httptest.NewUnstartedServer(New(Options{Builder: secretSite}))
		ts.Listener.Close()
		ts.Listener = ln
		ts.Start()
		addr := ln.Addr().(*net.TCPAddr)
		port := strconv.Itoa(addr.Port)
		if status, body := request(t, addr.String(), tt.own+":"+port, "/posts/draft/"); status != 200 || !strings.Contains(body, "SECRET draft") {
			t.Errorf("bound to %s: Host %s:%s = %d, want 200 with the draft", tt.bind, tt.own, port, status)
		}
		if status, _ := request(t, addr.String(), "localhost:"+port, "/"); status != 200 {
			t.Errorf("bound to %s: Host localhost:%s = %d, want 200", tt.bind, port, status)
		}
		for _, host := range []string{tt.neighbour + ":" + port, "evil.example:" + port, tt.own + ":" + strconv.Itoa(addr.Port%60000+1)} {
			if status, _ := request(t, addr.String(), host, "/posts/draft/"); status != http.StatusMisdirectedRequest {
				t.Errorf("bound to %s: Host %s = %d, want 421", tt.bind, host, status)
			}
		}
		ts.Close()
	}
}

func TestSplitHost(t *testing.T) {
	tests := []struct {
		in   string
		name string
		port int
		ok   bool
	}{
		{"localhost:1313", "localhost", 1313, true},
		{"LOCALHOST:1313", "localhost", 1313, true},
		{"localhost", "localhost", 80, true},
		{"[::1]:1313", "::1", 1313, true},
		{"[fe80::1%25eth0]:1313", "fe80::1", 1313, true},
		{"192.0.2.7:8080", "192.0.2.7", 8080, true},
		{"", "", 0, false},
		{":1313", "", 0, false},
		{"localhost:", "", 0, false},
		{"localhost:0", "", 0, false},
		{"localhost:99999", "", 0, false},
		{"localhost:http", "", 0, false},
		{"::1", "", 0, false},
		{"[::1]", "", 0, false},
		{"a:1:2", "", 0, false},
	}
	for _, tt := range tests {
		name, port, ok := splitHost(tt.in)
		if name != tt.name || port != tt.port || ok != tt.ok {
			t.Errorf("splitHost(%q) = %q, %d, %v; want %q, %d, %v", tt.in, name, port, ok, tt.name, tt.port, tt.ok)
		}
	}
}

// TestURLs lists where to open a server: its own address, or for one
// listening on every interface, localhost and the machine's addresses of
// the same family, never a link-local or unspecified one.
func TestURLs(t *testing.T) {
	if got := URLs(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1313}); len(got) != 1 || got[0] != "http://127.0.0.1:1313/" {
		t.Errorf("URLs(127.0.0.1:1313) = %q", got)
	}
	if got := URLs(&net.TCPAddr{IP: net.ParseIP("192.0.2.7"), Port: 8080}); len(got) != 1 || got[0] != "http://192.0.2.7:8080/" {
		t.Errorf("URLs(192.0.2.7:8080) = %q", got)
	}
	if got := URLs(&net.TCPAddr{IP: net.ParseIP("2001:db8::7"), Port: 8080}); len(got) != 1 || got[0] != "http://[2001:db8::7]:8080/" {
		t.Errorf("URLs([2001:db8::7]:8080) = %q", got)
	}
	for _, ip := range []net.IP{net.IPv4zero, net.IPv6unspecified} {
		got := URLs(&net.TCPAddr{IP: ip, Port: 1313})
		if len(got) == 0 || got[0] != "http://localhost:1313/" {
			t.Errorf("URLs(%s) = %q, want localhost first", ip, got)
		}
		for _, u := range got[1:] {
			host, port, err := net.SplitHostPort(strings.TrimSuffix(strings.TrimPrefix(u, "http://"), "/"))
			a := net.ParseIP(host)
			switch {
			case err != nil || port != "1313" || a == nil:
				t.Errorf("URLs(%s) lists %q, not an address with the port", ip, u)
			case a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsUnspecified():
				t.Errorf("URLs(%s) lists %q, which a browser on the network cannot use", ip, u)
			case ip.To4() != nil && a.To4() == nil:
				t.Errorf("URLs(%s) lists the IPv6 address %q", ip, u)
			}
		}
	}
}
