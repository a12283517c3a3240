package server

import (
	"net"
	"net/http"
	"strconv"
	"strings"
)

// ownHost reports whether r was sent to one of the server's own names:
// localhost, 127.0.0.1, [::1], the address the request arrived at, or one
// of Options.Hosts, each with the port it arrived at. A page of another
// site whose name was rebound to this machine's address (DNS rebinding)
// sends its own name in Host, so it cannot read the drafts, the social
// schedule or the event stream through the visitor's browser.
func (s *Server) ownHost(r *http.Request) bool {
	local, ok := r.Context().Value(http.LocalAddrContextKey).(*net.TCPAddr)
	if !ok {
		return false // not from a TCP listener: nothing to compare with
	}
	name, port, ok := splitHost(r.Host)
	if !ok || port != local.Port {
		return false
	}
	if name == "localhost" {
		return true
	}
	if ip := net.ParseIP(name); ip != nil {
		return ip.Equal(net.IPv4(127, 0, 0, 1)) || ip.Equal(net.IPv6loopback) || ip.Equal(local.IP)
	}
	for _, h := range s.opts.Hosts {
		if strings.EqualFold(name, h) {
			return true
		}
	}
	return false
}

// splitHost splits a Host header into its lowercase name, without the
// brackets of an IPv6 address or its zone, and its port (80 when it has
// none: this server speaks plain HTTP).
func splitHost(host string) (name string, port int, ok bool) {
	if host == "" {
		return "", 0, false
	}
	name, p, err := net.SplitHostPort(host)
	if err != nil {
		// No port, or a malformed Host: only a bare name is accepted.
		if strings.ContainsAny(host, ":[]") {
			return "", 0, false
		}
		name, p = host, "80"
	}
	port, err = strconv.Atoi(p)
	if err != nil || port <= 0 || port > 65535 || name == "" {
		return "", 0, false
	}
	if i := strings.IndexByte(name, '%'); i >= 0 && strings.Contains(name, ":") {
		name = name[:i] // an IPv6 zone (fe80::1%eth0)
	}
	return strings.ToLower(name), port, true
}

// misdirected answers a request sent to a name that is not the server's.
func misdirected(w http.ResponseWriter) {
	http.Error(w, "carepress serve answers only to localhost, 127.0.0.1, [::1] and the address it serves on, "+
		"with its port: open the address it printed when it started", http.StatusMisdirectedRequest)
}

// URLs lists the addresses to open in a browser for a server listening at
// addr: the address itself, or, for an unspecified address (0.0.0.0, ::),
// localhost and the machine's addresses on its networks, of the same IP
// family, that a browser can use (no link-local ones, which need a zone).
func URLs(addr *net.TCPAddr) []string {
	port := strconv.Itoa(addr.Port)
	if !addr.IP.IsUnspecified() {
		return []string{"http://" + net.JoinHostPort(addr.IP.String(), port) + "/"}
	}
	out := []string{"http://" + net.JoinHostPort("localhost", port) + "/"}
	ifaddrs, err := net.InterfaceAddrs()
	if err != nil {
		return out
	}
	v4only := addr.IP.To4() != nil
	for _, a := range ifaddrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() || n.IP.IsUnspecified() || v4only && n.IP.To4() == nil {
			continue
		}
		out = append(out, "http://"+net.JoinHostPort(n.IP.String(), port)+"/")
	}
	return out
}
