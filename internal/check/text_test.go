package check

import (
	"strings"
	"testing"
)

func TestMaskProseKeepsOffsetsAndHidesCode(t *testing.T) {
	src := "Call [us](https://cures.example/miracle) today.\n\n```\nthis cures all\n```\n\nSee `miracle()` and <b class=\"cures\">x</b>.\n"
	got := maskProse(src)
	if len(got) != len(src) || strings.Count(got, "\n") != strings.Count(src, "\n") {
		t.Fatalf("mask changed offsets:\n%q\n%q", src, got)
	}
	for _, hidden := range []string{"cures", "miracle"} {
		if strings.Contains(got, hidden) {
			t.Errorf("%q still visible in %q", hidden, got)
		}
	}
	for _, kept := range []string{"Call [us]", "today.", "See", "x"} {
		if !strings.Contains(got, kept) {
			t.Errorf("%q masked in %q", kept, got)
		}
	}
}

func FuzzMaskProse(f *testing.F) {
	f.Add("a [b](c) `d` <e> ```\nf\n```")
	f.Fuzz(func(t *testing.T, src string) {
		got := maskProse(src)
		if len(got) != len(src) {
			t.Fatalf("length %d, want %d", len(got), len(src))
		}
		for i := range len(src) {
			if (src[i] == '\n') != (got[i] == '\n') {
				t.Fatalf("newline moved at %d", i)
			}
			if got[i] != src[i] && got[i] != ' ' {
				t.Fatalf("byte %d changed to %q", i, got[i])
			}
		}
	})
}
