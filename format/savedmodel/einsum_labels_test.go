package savedmodel

import (
	"slices"
	"testing"
)

func TestEinsumLabels(t *testing.T) {
	for _, c := range []struct {
		sub  string
		rank int
		want []rune // nil: an error
	}{
		{"abc", 3, []rune("abc")},
		{"a...c", 4, []rune{'a', ellipsisLabel + 1, ellipsisLabel, 'c'}},
		{"...", 0, []rune{}},
		{"abc", 2, nil},
		{"a...bc", 2, nil},
		{"a...b...", 3, nil},
		{"a.b", 2, nil},
		{"a1", 2, nil},
		// A non-ASCII letter is one label of several bytes, and U+0100 is
		// ellipsisLabel.
		{"Ā", 2, nil},
		{"Ā", 1, nil},
	} {
		got, err := einsumLabels(c.sub, c.rank)
		if c.want == nil && err == nil || c.want != nil && (err != nil || !slices.Equal(got, c.want)) {
			t.Errorf("einsumLabels(%q, %d) = %q, %v; want %q", c.sub, c.rank, got, err, c.want)
		}
	}
}
