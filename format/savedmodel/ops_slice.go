package savedmodel

import (
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// sliceDim is one input dimension of a StridedSlice after the sparse
// specification (ellipsis, new axes) is expanded.
type sliceDim struct {
	begin, end, stride int
	beginMasked        bool
	endMasked          bool
	shrink             bool
}

var stridedSliceOp = tensorKernel(4, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	begin, err1 := asInts(in[1])
	end, err2 := asInts(in[2])
	step, err3 := asInts(in[3])
	if err1 != nil || err2 != nil || err3 != nil || len(begin) != len(end) || len(begin) != len(step) {
		return nil, fmt.Errorf("begin, end and strides must be integer vectors of one length")
	}
	bit := func(attr string, i int) bool { return c.attrInt(attr, 0)>>i&1 == 1 }
	shape := in[0].Shape()
	rank := len(shape)
	real := 0
	for i := range begin {
		if !bit("ellipsis_mask", i) && !bit("new_axis_mask", i) {
			real++
		}
	}
	full := sliceDim{stride: 1, beginMasked: true, endMasked: true}
	dims := make([]sliceDim, 0, rank)
	var items []int // per output dimension: an input dimension, or -1 for a new axis
	ellipsis := false
	for i := range begin {
		switch {
		case bit("ellipsis_mask", i) && !ellipsis:
			ellipsis = true
			for range rank - real {
				items = append(items, len(dims))
				dims = append(dims, full)
			}
		case bit("new_axis_mask", i):
			items = append(items, -1)
		default:
			items = append(items, len(dims))
			dims = append(dims, sliceDim{begin[i], end[i], step[i], bit("begin_mask", i), bit("end_mask", i), bit("shrink_axis_mask", i)})
		}
	}
	for len(dims) < rank {
		items = append(items, len(dims))
		dims = append(dims, full)
	}
	if len(dims) != rank {
		return nil, fmt.Errorf("slice of %d dimensions for a rank-%d input", len(dims), rank)
	}
	st := strides(shape)
	lens, steps := make([]int, rank), make([]int, rank)
	off := 0
	for d, s := range dims {
		b, l, err := s.resolve(shape[d])
		if err != nil {
			return nil, fmt.Errorf("dimension %d: %w", d, err)
		}
		off += b * st[d]
		lens[d], steps[d] = l, s.stride*st[d]
	}
	var out []int
	for _, d := range items {
		switch {
		case d < 0:
			out = append(out, 1)
		case !dims[d].shrink:
			out = append(out, lens[d])
		}
	}
	if _, err := checkSize(lens); err != nil {
		return nil, err
	}
	return take(in[0], out, gatherIndex(lens, off, steps))
})

// resolve returns the first index and the length of the slice s of a
// dimension of size n, clamped as TensorFlow clamps.
func (s sliceDim) resolve(n int) (first, length int, err error) {
	if s.stride == 0 {
		return 0, 0, fmt.Errorf("stride 0")
	}
	if s.shrink {
		b := s.begin
		if b < 0 {
			b += n
		}
		if b < 0 || b >= n {
			return 0, 0, fmt.Errorf("index %d out of range for size %d", s.begin, n)
		}
		return b, 1, nil
	}
	lo, hi := 0, n
	if s.stride < 0 {
		lo, hi = -1, n-1
	}
	clamp := func(v int, masked bool, maskedTo int) int {
		if masked {
			return maskedTo
		}
		if v < 0 {
			v += n
		}
		return min(max(v, lo), hi)
	}
	first, last := 0, n // where masked bounds go
	if s.stride < 0 {
		first, last = n-1, -1
	}
	b := clamp(s.begin, s.beginMasked, first)
	e := clamp(s.end, s.endMasked, last)
	if s.stride > 0 {
		return b, max(0, (e-b+s.stride-1)/s.stride), nil
	}
	return b, max(0, (b-e-s.stride-1)/-s.stride), nil
}
