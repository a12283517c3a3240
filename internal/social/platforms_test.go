package social_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/social/count"
)

// TestConfigKnowsTheCounters: the configuration validates the platforms
// and their max_chars without importing the counters (it sits below
// them), so it must accept exactly what count.For accepts: a platform the
// config lets through and the counters refuse would be dropped from the
// schedule without a word.
func TestConfigKnowsTheCounters(t *testing.T) {
	names := slices.Sorted(slices.Values(config.Platforms))
	if counted := slices.Sorted(slices.Values(count.Platforms())); !slices.Equal(names, counted) {
		t.Fatalf("config.Platforms %v, count.Platforms %v", names, counted)
	}
	for _, name := range append(names, "tiktok") {
		for _, max := range []int{0, 500, 11000, -1} {
			src := fmt.Sprintf("title: X\nsocial: {platforms: {%s: {max_chars: %d}}}\n", name, max)
			_, cfgErr := config.Parse("carepress.yaml", []byte(src))
			_, countErr := count.For(name, max)
			if (cfgErr == nil) != (countErr == nil) {
				t.Errorf("%s, max_chars %d: config says %v, count.For says %v", name, max, cfgErr, countErr)
			}
		}
	}
}
