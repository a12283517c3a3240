package main

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// TestVersionLine reads the version and the VCS stamp from the build info
// as `go build` records it, preferring a version set at link time.
func TestVersionLine(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	const rev = "c7b0810a9f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c"
	tests := []struct {
		name   string
		linked string
		bi     *debug.BuildInfo
		want   string
	}{
		{"no build info", "", nil, "carepress devel"},
		{"go run", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "carepress devel"},
		{"go install of a release", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "carepress v1.4.0"},
		{"go build in a clean checkout", "", &debug.BuildInfo{
			Main:     debug.Module{Version: "v0.0.0-20260501100000-c7b0810a9f3e"},
			Settings: vcs("vcs", "git", "vcs.revision", rev, "vcs.time", "2026-05-01T10:00:00Z", "vcs.modified", "false"),
		}, "carepress v0.0.0-20260501100000-c7b0810a9f3e (commit " + rev + ", 2026-05-01T10:00:00Z)"},
		{"go build with uncommitted changes", "", &debug.BuildInfo{
			Main:     debug.Module{Version: "v0.0.0-20260501100000-c7b0810a9f3e+dirty"},
			Settings: vcs("vcs.revision", rev, "vcs.time", "2026-05-01T10:00:00Z", "vcs.modified", "true"),
		}, "carepress v0.0.0-20260501100000-c7b0810a9f3e+dirty (commit " + rev + ", 2026-05-01T10:00:00Z, modified)"},
		{"a revision without a time", "", &debug.BuildInfo{Settings: vcs("vcs.revision", rev, "vcs.modified", "true")},
			"carepress devel (commit " + rev + ", modified)"},
		{"set at link time", "v2.0.0", &debug.BuildInfo{
			Main:     debug.Module{Version: "v1.4.0"},
			Settings: vcs("vcs.revision", rev),
		}, "carepress v2.0.0 (commit " + rev + ")"},
	}
	tail := " " + runtime.GOOS + "/" + runtime.GOARCH + " " + runtime.Version()
	for _, tt := range tests {
		if got := versionLine(tt.linked, tt.bi); got != tt.want+tail {
			t.Errorf("%s: versionLine = %q, want %q", tt.name, got, tt.want+tail)
		}
	}
}
