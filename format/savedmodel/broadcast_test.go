package savedmodel

import (
	"slices"
	"testing"
)

// naiveGather is gatherIndex by definition: each element's coordinates
// times the steps.
func naiveGather(shape []int, off int, step []int) []int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	idx := make([]int, n)
	for i := range idx {
		rest, at := i, off
		for d := len(shape) - 1; d >= 0; d-- {
			at += rest % shape[d] * step[d]
			rest /= shape[d]
		}
		idx[i] = at
	}
	return idx
}

func ones(n int) []int { return slices.Repeat([]int{1}, n) }

func TestGatherIndex(t *testing.T) {
	for _, c := range []struct {
		name        string
		shape, step []int
		off         int
	}{
		{"scalar", nil, nil, 3},
		{"empty", []int{2, 0, 3}, []int{0, 3, 1}, 0},
		{"contiguous", []int{2, 3, 4}, []int{12, 4, 1}, 0},
		{"transpose", []int{3, 2}, []int{1, 3}, 0},
		{"slice", []int{2, 2}, []int{4, 1}, 5},
		{"reversed", []int{3}, []int{-1}, 2},
		{"ones between", []int{2, 1, 1, 3, 1}, []int{3, 7, 7, 1, 9}, 1},
		{"broadcast inner", []int{2, 3}, []int{1, 0}, 0},
		{"broadcast outer", []int{2, 3}, []int{0, 1}, 0},
		{"rank 250", append(ones(248), 2, 3), append(make([]int, 248), 1, 2), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, want := gatherIndex(c.shape, c.off, c.step), naiveGather(c.shape, c.off, c.step)
			if !slices.Equal(got, want) {
				t.Errorf("gatherIndex(%v, %d, %v) = %v, want %v", c.shape, c.off, c.step, got, want)
			}
		})
	}
}

func TestBroadcastIndex(t *testing.T) {
	for _, c := range []struct {
		out, in, want []int
	}{
		{[]int{2, 3}, []int{2, 3}, []int{0, 1, 2, 3, 4, 5}},
		{[]int{2, 3}, []int{3}, []int{0, 1, 2, 0, 1, 2}},
		{[]int{2, 3}, []int{2, 1}, []int{0, 0, 0, 1, 1, 1}},
		{[]int{2, 3}, nil, []int{0, 0, 0, 0, 0, 0}},
		{[]int{2, 1, 2}, []int{1, 1, 2}, []int{0, 1, 0, 1}},
		{append(ones(200), 2, 2), append(ones(100), 2, 1), []int{0, 0, 1, 1}},
	} {
		if got := broadcastIndex(c.out, c.in); !slices.Equal(got, c.want) {
			t.Errorf("broadcastIndex(%v, %v) = %v, want %v", c.out, c.in, got, c.want)
		}
	}
}
