package ops

import (
	"fmt"
	"slices"
	"testing"
)

// TestCopyStrided checks the row-wise and tiled strided copies against
// the per-element index of the same views.
func TestCopyStrided(t *testing.T) {
	src := make([]int, 4096)
	for i := range src {
		src[i] = i
	}
	for _, tc := range []struct {
		shape, st []int
		base      int
	}{
		{[]int{}, []int{}, 7},                                 // a scalar
		{[]int{3, 0, 2}, []int{1, 3, 0}, 0},                   // empty
		{[]int{4, 5}, []int{5, 1}, 0},                         // contiguous
		{[]int{5, 4}, []int{1, 5}, 0},                         // matrix transpose
		{[]int{37, 19}, []int{1, 37}, 3},                      // transpose across tile edges
		{[]int{1, 4, 32, 32}, []int{4096, 32, 1, 128}, 0},     // perm [0 2 1 3] of [1 32 4 32]
		{[]int{2, 3, 8, 8}, []int{192, 64, 1, 8}, 0},          // perm [0 1 3 2]
		{[]int{3, 1, 4}, []int{0, 0, 1}, 2},                   // broadcast
		{[]int{6, 4}, []int{1, 0}, 0},                         // broadcast along the last axis
		{[]int{4, 3}, []int{-10, -2}, 100},                    // negative steps
		{[]int{2, 3, 4}, []int{100, 3, 1}, 5},                 // slice of whole rows
		{[]int{2, 1, 3, 1, 2}, []int{50, 999, 10, 999, 2}, 1}, // unit axes
	} {
		t.Run(fmt.Sprint(tc.shape, tc.st), func(t *testing.T) {
			got := copyStrided(src, tc.shape, tc.st, tc.base)
			want := gather(src, stridedIndex(tc.shape, tc.st, tc.base))
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}
