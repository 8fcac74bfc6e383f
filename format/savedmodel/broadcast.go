package savedmodel

import "fmt"

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
// element of a tensor of shape in that broadcasts to it: a strided view
// whose strides are 0 where in broadcasts.
func broadcastIndex(out, in []int) []int {
	st := strides(in)
	step := make([]int, len(out))
	for i, n := range in {
		if n != 1 {
			step[len(out)-len(in)+i] = st[i]
		}
	}
	return gatherIndex(out, 0, step)
}

// gatherIndex returns the flat source index of every element of a view of
// shape whose dimension d starts at off and steps by step[d] in the
// source. Size-1 dimensions are dropped and dimensions that continue one
// another merged first: a shape padded with hundreds of 1s would cost
// every element a step each.
func gatherIndex(shape []int, off int, step []int) []int {
	var dims, steps []int
	for d, n := range shape {
		switch {
		case n == 1:
		case len(dims) > 0 && steps[len(steps)-1] == step[d]*n:
			dims[len(dims)-1] *= n
			steps[len(steps)-1] = step[d]
		default:
			dims, steps = append(dims, n), append(steps, step[d])
		}
	}
	n := 1
	for _, d := range shape {
		n *= d
	}
	idx := make([]int, n)
	if n == 0 {
		return idx
	}
	if len(dims) == 0 {
		idx[0] = off
		return idx
	}
	// The innermost dimension is a run; an odometer walks the others.
	r := len(dims) - 1
	inner, st := dims[r], steps[r]
	pos := make([]int, r)
	cur := off
	for i := 0; i < n; i += inner {
		for j := range inner {
			idx[i+j] = cur + j*st
		}
		for d := r - 1; d >= 0; d-- {
			pos[d]++
			cur += steps[d]
			if pos[d] < dims[d] {
				break
			}
			cur -= steps[d] * pos[d]
			pos[d] = 0
		}
	}
	return idx
}
