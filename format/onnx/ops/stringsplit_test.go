package ops

import (
	"slices"
	"testing"
)

// TestSplitSpace checks whitespace splitting against Python's
// s.split(None, maxsplit), whose results are written out below.
func TestSplitSpace(t *testing.T) {
	for _, tc := range []struct {
		s        string
		maxsplit int64
		want     []string
	}{
		{"  a b  c ", -1, []string{"a", "b", "c"}},
		{"  a b  c ", 1, []string{"a", "b  c "}},
		{"a\tb\nc", 0, []string{"a\tb\nc"}},
		{"", -1, nil},
		{"   ", -1, nil},
		{" x  y ", 5, []string{"x", "y"}},
	} {
		if got := splitSpace(tc.s, tc.maxsplit); !slices.Equal(got, tc.want) {
			t.Errorf("splitSpace(%q, %d) = %q, want %q", tc.s, tc.maxsplit, got, tc.want)
		}
	}
}
