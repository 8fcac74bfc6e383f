package savedmodel

import (
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

// concat joins ts along axis a.
func concat(ts []*tensor.Tensor, a int) (*tensor.Tensor, error) {
	if len(ts) == 0 {
		return nil, fmt.Errorf("nothing to concatenate")
	}
	first := ts[0].Shape()
	a, err := axis(a, len(first))
	if err != nil {
		return nil, err
	}
	shape := slices.Clone(first)
	shape[a] = 0
	for _, t := range ts {
		s := t.Shape()
		if len(s) != len(first) || !slices.Equal(s[:a], first[:a]) || !slices.Equal(s[a+1:], first[a+1:]) {
			return nil, fmt.Errorf("cannot concatenate %v and %v on axis %d", first, s, a)
		}
		shape[a] += s[a]
	}
	n, err := checkSize(shape)
	if err != nil {
		return nil, err
	}
	all, err := concatFlat(ts)
	if err != nil {
		return nil, err
	}
	outer := 1
	for _, d := range first[:a] {
		outer *= d
	}
	idx := make([]int, 0, n)
	for o := range outer {
		base := 0
		for _, t := range ts {
			chunk := t.Len() / max(outer, 1)
			for j := range chunk {
				idx = append(idx, base+o*chunk+j)
			}
			base += t.Len()
		}
	}
	return take(all, shape, idx)
}

var concatV2Op = tensorKernel(-1, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	if len(in) < 2 {
		return nil, fmt.Errorf("ConcatV2 needs values and an axis")
	}
	a, err := scalarInt(in[len(in)-1], "axis")
	if err != nil {
		return nil, err
	}
	return concat(in[:len(in)-1], a)
})

var packOp = tensorKernel(-1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	if len(in) == 0 {
		return nil, fmt.Errorf("nothing to pack")
	}
	a, err := axis(int(c.attrInt("axis", 0)), len(in[0].Shape())+1)
	if err != nil {
		return nil, err
	}
	parts := make([]*tensor.Tensor, len(in))
	for i, t := range in {
		if !slices.Equal(t.Shape(), in[0].Shape()) {
			return nil, fmt.Errorf("cannot pack %v with %v", in[0].Shape(), t.Shape())
		}
		if parts[i], err = t.Reshape(slices.Insert(slices.Clone(t.Shape()), a, 1)); err != nil {
			return nil, err
		}
	}
	return concat(parts, a)
})

// splitOp is Split: num_split equal parts along an axis (input 0).
var splitOp = &kernel{arity: 2, run: func(c *call, in []value) ([]value, error) {
	ts, err := tensors(in)
	if err != nil {
		return nil, err
	}
	ax, err := scalarInt(ts[0], "axis")
	if err != nil {
		return nil, err
	}
	shape := ts[1].Shape()
	a, err := axis(ax, len(shape))
	if err != nil {
		return nil, err
	}
	n := int(c.attrInt("num_split", 0))
	if n <= 0 || shape[a]%n != 0 {
		return nil, fmt.Errorf("cannot split dimension %d of %v into %d", a, shape, n)
	}
	part := slices.Clone(shape)
	part[a] /= n
	st := strides(shape)
	out := make([]value, n)
	for i := range out {
		t, err := take(ts[1], part, gatherIndex(part, i*part[a]*st[a], st))
		if err != nil {
			return nil, err
		}
		out[i] = tensorValue(t)
	}
	return out, nil
}}

var tileOp = tensorKernel(2, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	mult, err := asInts(in[1])
	shape := in[0].Shape()
	if err != nil || len(mult) != len(shape) {
		return nil, fmt.Errorf("multiples must be %d integers", len(shape))
	}
	out := make([]int, len(shape))
	for i, m := range mult {
		if m < 0 {
			return nil, fmt.Errorf("negative multiple %d", m)
		}
		out[i] = shape[i] * m
	}
	n, err := checkSize(out)
	if err != nil {
		return nil, err
	}
	st := strides(shape)
	pos := make([]int, len(out))
	idx := make([]int, n)
	for i := range idx {
		for d, p := range pos {
			idx[i] += p % shape[d] * st[d]
		}
		for d := len(out) - 1; d >= 0; d-- {
			if pos[d]++; pos[d] < out[d] {
				break
			}
			pos[d] = 0
		}
	}
	return take(in[0], out, idx)
})
