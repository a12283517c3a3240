package output

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestJournalRoundTrips(t *testing.T) {
	j := &journal{
		Version: journalVersion,
		Staging: ".public.staging-42",
		Remove:  map[string]entry{"old.html": {Size: 3, SHA256: strings.Repeat("ab", 32), MTime: 5}, `q"uote.html`: {Size: 1, SHA256: strings.Repeat("0", 64), MTime: -1}},
		Clobber: []string{"about", "é/x"},
		Drop:    []string{"notes.html"},
		Write:   map[string]entry{"index.html": {Size: 4, SHA256: strings.Repeat("cd", 32), MTime: 1781234567123456789}},
	}
	got, err := parseJournal(encodeJournal(j), "public")
	if err != nil {
		t.Fatalf("parseJournal: %v\n%s", err, encodeJournal(j))
	}
	if !reflect.DeepEqual(got, j) {
		t.Errorf("parseJournal(encodeJournal(j)) = %+v, want %+v", got, j)
	}
}

// TestBadJournalIsRefused: a journal that could make the recovery touch
// anything outside the output directory, or that cannot be read, stops
// the build before anything changes, and says what to do.
func TestBadJournalIsRefused(t *testing.T) {
	sum := strings.Repeat("ab", 32)
	tests := []struct{ name, journal string }{
		{"remove outside", `{"version": 1, "staging": ".public.staging-1", "remove": {"../victim.txt": {"size": 4, "sha256": "` + sum + `"}}}`},
		{"write outside", `{"version": 1, "staging": ".public.staging-1", "write": {"a/../../victim.txt": {"size": 4, "sha256": "` + sum + `"}}}`},
		{"clobber outside", `{"version": 1, "staging": ".public.staging-1", "clobber": ["/victim.txt"]}`},
		{"drop the manifest", `{"version": 1, "staging": ".public.staging-1", "drop": [".carepress-manifest"]}`},
		{"staging elsewhere", `{"version": 1, "staging": "../elsewhere"}`},
		{"another output's staging", `{"version": 1, "staging": ".other.staging-1"}`},
		{"unknown version", `{"version": 9, "staging": ".public.staging-1"}`},
		{"cut short", `{"version": 1, "staging": ".public.sta`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "victim.txt"), "keep")
			out := filepath.Join(dir, "public")
			build(t, out, false, map[string]string{"index.html": "home"})
			writeFile(t, filepath.Join(out, JournalName), tt.journal)
			before := tree(t, dir)
			_, err := NewStage(context.Background(), out, nil)
			if err == nil || !strings.Contains(err.Error(), filepath.Join(out, JournalName)) || !strings.Contains(err.Error(), "--force") {
				t.Errorf("err = %v, want one naming the journal and the way out", err)
			}
			equalTrees(t, tree(t, dir), before)
		})
	}
}

// TestPreflightTakesAJournalForCarepresss: an output directory where the
// first commit was interrupted holds files and a journal but no manifest
// yet; it is carepress's, and the next build finishes the commit.
func TestPreflightTakesAJournalForCarepresss(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if !crash(t, crashSpec{Out: out, Files: crashV2, Kill: 4}) {
		t.Fatal("the child was not killed")
	}
	if _, err := os.Lstat(filepath.Join(out, ManifestName)); err == nil {
		t.Fatal("a manifest before the end of the first commit")
	}
	if err := Preflight(out, false); err != nil {
		t.Fatalf("Preflight = %v", err)
	}
	reopen(t, out)
	if err := Preflight(out, false); err != nil {
		t.Fatalf("Preflight after recovery = %v", err)
	}
	equalTrees(t, siteTree(t, out), withDirs(crashV2))
	assertNoLeftovers(t, out)
}
