package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildCompress keeps the slices along axis (or elements of the flattened
// input) where condition is true; a short condition drops the rest.
func buildCompress(n *Node) (Kernel, error) {
	hasAxis, a := n.Has("axis"), n.Int("axis", 0)
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		ct, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		cond, ok := tensor.Values[bool](ct)
		if !ok {
			return nil, fmt.Errorf("condition is %v, want BOOL", ct.DType())
		}
		if !hasAxis {
			if t, err = t.Reshape([]int{t.Len()}); err != nil {
				return nil, err
			}
		}
		ax, err := axis(a, len(t.Shape()))
		if err != nil {
			return nil, err
		}
		s := t.Shape()
		if len(cond) > s[ax] {
			return nil, fmt.Errorf("condition has %d entries for an axis of %d", len(cond), s[ax])
		}
		var keep []int
		for i, c := range cond {
			if c {
				keep = append(keep, i)
			}
		}
		outer, dim, inner := product(s[:ax]), s[ax], product(s[ax+1:])
		idx := make([]int, 0, outer*len(keep)*inner)
		for o := range outer {
			for _, k := range keep {
				for i := range inner {
					idx = append(idx, (o*dim+k)*inner+i)
				}
			}
		}
		shape := append([]int(nil), s...)
		shape[ax] = len(keep)
		return result(Take(t, shape, idx))
	}), nil
}

// buildReverseSequence reverses the first sequence_lens[b] elements along
// time_axis for each batch entry b along batch_axis.
func buildReverseSequence(n *Node) (Kernel, error) {
	timeAxis, batchAxis := int(n.Int("time_axis", 0)), int(n.Int("batch_axis", 1))
	if timeAxis+batchAxis != 1 || timeAxis < 0 || batchAxis < 0 {
		return nil, fmt.Errorf("time_axis %d and batch_axis %d must be 0 and 1", timeAxis, batchAxis)
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		lt, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		lens, err := int64s(lt)
		if err != nil {
			return nil, err
		}
		s := t.Shape()
		if len(s) < 2 || len(lens) != s[batchAxis] {
			return nil, fmt.Errorf("%w: %d lengths for shape %v", tensor.ErrShape, len(lens), s)
		}
		st := strides(s)
		inner := product(s[2:])
		idx := make([]int, t.Len())
		for i := range idx {
			idx[i] = i
		}
		for b, l := range lens {
			if l < 0 || l > int64(s[timeAxis]) {
				return nil, fmt.Errorf("sequence length %d is out of range", l)
			}
			for k := range int(l) {
				for i := range inner {
					dst := b*st[batchAxis] + k*st[timeAxis] + i
					idx[dst] = b*st[batchAxis] + (int(l)-1-k)*st[timeAxis] + i
				}
			}
		}
		return result(Take(t, s, idx))
	}), nil
}
