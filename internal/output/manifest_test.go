package output

import (
	"maps"
	"strings"
	"testing"
)

// manifestCases are manifests of every shape parseManifest meets: as
// encodeManifest writes them, with paths JSON escapes, as an older
// carepress wrote them (one file a line; no times before that), and as a
// person might write one by hand.
var manifestCases = []string{
	string(encodeManifest(nil)),
	string(encodeManifest(map[string]entry{"index.html": {Size: 4, SHA256: strings.Repeat("ab", 32), MTime: 1781234567123456789}})),
	string(encodeManifest(map[string]entry{
		"index.html":   {Size: 4, SHA256: strings.Repeat("ab", 32), MTime: 1},
		"a/b/c.html":   {Size: 0, SHA256: ""},
		`q"uote.html`:  {Size: 12, SHA256: strings.Repeat("0f", 32), MTime: -5},
		"z/é.html":     {Size: 1 << 40, SHA256: strings.Repeat("9", 64), MTime: 1 << 62},
		"a&b<c>.html":  {Size: 7, SHA256: strings.Repeat("c", 64)},
		"tab\there.md": {Size: 1, SHA256: ""},
	})),
	"{\n  \"version\": 1,\n  \"files\": {\n    \"a.html\": {\"size\": 1, \"sha256\": \"\"}\n  }\n}\n",
	"{\n  \"version\": 1,\n  \"files\": {\n    \"a.html\": {\"size\": 1, \"sha256\": \"" + strings.Repeat("ab", 32) + "\", \"mtime\": 1781234567123456789},\n" +
		"    \"b/c.html\": {\"size\": 0, \"sha256\": \"\"}\n  }\n}\n",
	`{"version": 1, "files": {"a.html": {"size": 1, "sha256": ""}}}`,
	`{"files": {"a.html": {"sha256": "", "size": 1, "mtime": 3}}, "version": 1}`,
	"{\n  \"version\": 1,\n  \"files\": {\n    \"a.html\": {\"size\": 01, \"sha256\": \"\", \"mtime\": 0}\n  }\n}\n",
	"{\n  \"version\": 1,\n  \"files\": {\n    \"a.html\": {\"size\": 1, \"sha256\": \"\", \"mtime\": -0}\n  }\n}\n",
	"{\n  \"version\": 1,\n  \"files\": {\n    \"a.html\": {\"size\": 1, \"sha256\": \"\", \"mtime\": 99999999999999999999}\n  }\n}\n",
	"{\n  \"version\": 1,\n  \"files\": {\n    \"a.html\": {\"size\": 1, \"sha256\": \"\", \"mtime\": 0},\n    \"a.html\": {\"size\": 2, \"sha256\": \"\", \"mtime\": 0}\n  }\n}\n",
	"{\n  \"version\": 1,\n  \"files\": {\n    \"../x\": {\"size\": 1, \"sha256\": \"\", \"mtime\": 0}\n  }\n}\n",
	"{\n  \"version\": 1,\n  \"files\": {\n    \"a.html\": {\"size\": 1, \"sha256\": \"\\u0061\", \"mtime\": 0}\n  }\n}\n",
	"{\n  \"version\": 2,\n  \"files\": {}\n}\n",
}

func TestManifestRoundTrips(t *testing.T) {
	for _, c := range manifestCases[:3] {
		m, err := parseManifest([]byte(c))
		if err != nil {
			t.Fatalf("parseManifest(%q) = %v", c, err)
		}
		if got := string(encodeManifest(m.files)); got != c {
			t.Errorf("encodeManifest(parseManifest(m)) =\n%s\nwant\n%s", got, c)
		}
	}
}

// TestManifestOfOlderCarepress: a manifest without times is read with the
// times unknown, so that every file is hashed once.
func TestManifestOfOlderCarepress(t *testing.T) {
	m, err := parseManifest([]byte(manifestCases[3]))
	if err != nil {
		t.Fatal(err)
	}
	if m.files["a.html"] != (entry{Size: 1}) {
		t.Errorf("parseManifest = %v", m.files)
	}
}

// TestManifestOfPreviousRelease: the manifest as carepress wrote it by hand
// before it used encoding/json, one file a line, reads with its times, so
// that an upgrade hashes nothing again.
func TestManifestOfPreviousRelease(t *testing.T) {
	m, err := parseManifest([]byte(manifestCases[4]))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]entry{"a.html": {Size: 1, SHA256: strings.Repeat("ab", 32), MTime: 1781234567123456789}, "b/c.html": {}}
	if !maps.Equal(m.files, want) {
		t.Errorf("parseManifest = %v, want %v", m.files, want)
	}
}

// FuzzParseManifest: whatever parses is written back as it reads, and
// plainRel, the cheap test of an output path, agrees with cleanRel.
func FuzzParseManifest(f *testing.F) {
	for _, c := range manifestCases {
		f.Add([]byte(c))
	}
	for _, rel := range []string{"a/b.html", "/a", "a/../b", "./a", "a//b", "a/", ".carepress-manifest", ".carepress-journal", "a\\b", "c:/x"} {
		f.Add([]byte(rel))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if rel := string(data); plainRel(rel) {
			if c, err := cleanRelSlow(rel); err != nil || c != rel {
				t.Fatalf("plainRel(%q), but cleanRel = %q, %v", rel, c, err)
			}
		}
		m, err := parseManifest(data)
		if err != nil {
			return
		}
		again, err := parseManifest(encodeManifest(m.files))
		if err != nil || !maps.Equal(m.files, again.files) {
			t.Fatalf("encodeManifest does not read back: %v\n%v\n%v", err, m.files, again)
		}
	})
}
