package savedmodel

import (
	"fmt"
	"slices"
)

// broadcastShape returns the NumPy-style broadcast of shapes.
func broadcastShape(shapes ...[]int) ([]int, error) {
	rank := 0
	for _, s := range shapes {
		rank = max(rank, len(s))
	}
	out := make([]int, rank)
	for i := range out {
		out[i] = 1
	}
	for _, s := range shapes {
		for i, d := range s {
			o := &out[rank-len(s)+i]
			switch {
			case d == *o || d == 1:
			case *o == 1:
				*o = d
			default:
				return nil, fmt.Errorf("shapes %v are not broadcastable", shapes)
			}
		}
	}
	return out, nil
}

// broadcastIndex returns, for each element of out, the flat index of the
// element of a tensor of shape in that broadcasts to it.
func broadcastIndex(out, in []int) []int {
	n := 1
	for _, d := range out {
		n *= d
	}
	idx := make([]int, n)
	if slices.Equal(out, in) {
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	// strides of in aligned to out, 0 where in broadcasts.
	strides := make([]int, len(out))
	stride := 1
	for i := len(in) - 1; i >= 0; i-- {
		if in[i] != 1 {
			strides[len(out)-len(in)+i] = stride
		}
		stride *= in[i]
	}
	pos := make([]int, len(out))
	off := 0
	for i := range idx {
		idx[i] = off
		for d := len(out) - 1; d >= 0; d-- {
			pos[d]++
			off += strides[d]
			if pos[d] < out[d] {
				break
			}
			off -= strides[d] * pos[d]
			pos[d] = 0
		}
	}
	return idx
}
