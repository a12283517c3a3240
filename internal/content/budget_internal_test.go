package content

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The time budget is checked at every step (what the steps cannot count,
// a slow builtin, the clock stops at the next one).
func TestBudgetStopsAtTheDeadline(t *testing.T) {
	b := &budget{deadline: time.Now().Add(-time.Millisecond)}
	if _, err := b.step(); err == nil || !strings.Contains(err.Error(), "the template runs for more than "+maxNoticeTime.String()) {
		t.Fatalf("step past the deadline: %v", err)
	}
	b = newBudget()
	for range maxNoticeSteps {
		if _, err := b.step(); err != nil {
			t.Fatalf("step within the budget: %v", err)
		}
	}
	if _, err := b.step(); err == nil {
		t.Fatal("a step over the budget passed")
	}
}

// printfSize is never below what Sprintf makes, and refuses widths taken
// from the arguments or over the budget.
func TestPrintfSize(t *testing.T) {
	tests := []struct {
		format string
		args   []any
		ok     bool
	}{
		{"%s and %s", []any{"abc", "de"}, true},
		{"%08.3f|%-12s|%x", []any{3.14159, "x", 255}, true},
		{"%[1]s%[1]s%[1]s", []any{"twelve chars"}, true},
		{"100%%", nil, true},
		{"%v", []any{[]string{"a", "b"}}, true},
		{"%0999999999d", []any{1}, false}, // a width over the budget
		{"%*d", []any{5, 1}, false},
		{"%.*f", []any{2, 1.0}, false},
	}
	for _, tt := range tests {
		n, ok := printfSize(tt.format, tt.args)
		if ok != tt.ok {
			t.Errorf("printfSize(%q) ok = %v, want %v", tt.format, ok, tt.ok)
			continue
		}
		if ok && n < maxNoticeOutput {
			if got := len(fmt.Sprintf(tt.format, tt.args...)); got > n {
				t.Errorf("printfSize(%q) = %d, but Sprintf makes %d bytes", tt.format, n, got)
			}
		}
	}
}
