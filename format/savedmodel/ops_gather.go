package savedmodel

import (
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

// selectOp is SelectV2 (all three broadcast) and Select (a vector
// condition picks rows).
func selectOp(v2 bool) *kernel {
	return tensorKernel(3, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		cond, ok := tensor.Values[bool](in[0])
		if !ok {
			return nil, fmt.Errorf("condition is %v, want BOOL", in[0].DType())
		}
		cs := in[0].Shape()
		if !v2 && len(cs) == 1 && len(in[1].Shape()) > 1 {
			cs = append(slices.Clone(cs), make([]int, len(in[1].Shape())-1)...)
			for i := 1; i < len(cs); i++ {
				cs[i] = 1
			}
		}
		shape, err := broadcastShape(cs, in[1].Shape(), in[2].Shape())
		if err != nil {
			return nil, err
		}
		if _, err := checkSize(shape); err != nil {
			return nil, err
		}
		all, err := concatFlat(in[1:])
		if err != nil {
			return nil, err
		}
		ic, it, ie := broadcastIndex(shape, cs), broadcastIndex(shape, in[1].Shape()), broadcastIndex(shape, in[2].Shape())
		idx := make([]int, len(ic))
		for i := range idx {
			if cond[ic[i]] {
				idx[i] = it[i]
			} else {
				idx[i] = in[1].Len() + ie[i]
			}
		}
		return take(all, shape, idx)
	})
}

// gatherV2Op is GatherV2: slices of params along axis picked by indices.
// With batch_dims b, the first b dimensions of params and indices are a
// batch, and each batch's indices pick from that batch's params.
var gatherV2Op = tensorKernel(3, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	params, is := in[0].Shape(), in[1].Shape()
	ax, err := scalarInt(in[2], "axis")
	if err != nil {
		return nil, err
	}
	bd := int(c.attrInt("batch_dims", 0))
	if bd < 0 {
		bd += len(is)
	}
	if bd < 0 || bd > len(is) || bd > len(params) || !slices.Equal(params[:bd], is[:bd]) {
		return nil, fmt.Errorf("batch_dims %d for params %v and indices %v", c.attrInt("batch_dims", 0), params, is)
	}
	a, err := axis(ax, len(params))
	if err != nil {
		return nil, err
	}
	if a < bd {
		return nil, fmt.Errorf("axis %d is inside batch_dims %d", a, bd)
	}
	indices, err := asInts(in[1])
	if err != nil {
		return nil, fmt.Errorf("indices: %w", err)
	}
	shape := slices.Concat(params[:a], is[bd:], params[a+1:])
	n, err := checkSize(shape)
	if err != nil {
		return nil, err
	}
	batch, outer, inner := 1, 1, 1
	for _, d := range params[:bd] {
		batch *= d
	}
	for _, d := range params[bd:a] {
		outer *= d
	}
	for _, d := range params[a+1:] {
		inner *= d
	}
	per := len(indices) / max(batch, 1) // indices of one batch
	idx := make([]int, 0, n)
	for b := range batch {
		for o := range outer {
			for _, j := range indices[b*per : (b+1)*per] {
				if j < 0 || j >= params[a] {
					return nil, fmt.Errorf("index %d out of range [0, %d)", j, params[a])
				}
				base := ((b*outer+o)*params[a] + j) * inner
				for k := range inner {
					idx = append(idx, base+k)
				}
			}
		}
	}
	return take(in[0], shape, idx)
})

// sliceOp is Slice: size[i] elements from begin[i]; -1 takes the rest.
var sliceOp = tensorKernel(3, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	begin, err1 := asInts(in[1])
	size, err2 := asInts(in[2])
	shape := in[0].Shape()
	if err1 != nil || err2 != nil || len(begin) != len(shape) || len(size) != len(shape) {
		return nil, fmt.Errorf("begin and size must be %d integers", len(shape))
	}
	st := strides(shape)
	off := 0
	out := make([]int, len(shape))
	for i, d := range shape {
		if size[i] == -1 {
			size[i] = d - begin[i]
		}
		if begin[i] < 0 || size[i] < 0 || begin[i]+size[i] > d {
			return nil, fmt.Errorf("slice [%d, +%d) of dimension %d of size %d", begin[i], size[i], i, d)
		}
		off += begin[i] * st[i]
		out[i] = size[i]
	}
	return take(in[0], out, gatherIndex(out, off, st))
})
