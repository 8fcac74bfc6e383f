package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildGather picks slices of data along axis at the given indices:
// out.shape = data.shape[:axis] + indices.shape + data.shape[axis+1:].
func buildGather(n *Node) (Kernel, error) {
	a := n.Int("axis", 0)
	return func(ctx context.Context, in []Value) ([]Value, error) {
		data, err := arg(in, 0)
		if err != nil {
			return nil, err
		}
		it, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		ax, err := axis(a, len(data.Shape()))
		if err != nil {
			return nil, err
		}
		indices, err := indexArg(it, data.Shape()[ax])
		if err != nil {
			return nil, err
		}
		ds := data.Shape()
		outer, dim, inner := product(ds[:ax]), ds[ax], product(ds[ax+1:])
		shape := append(append(append([]int(nil), ds[:ax]...), it.Shape()...), ds[ax+1:]...)
		if _, err := numElements(shape); err != nil {
			return nil, err
		}
		starts := make([]int, 0, outer*len(indices))
		for o := range outer {
			for _, j := range indices {
				starts = append(starts, (o*dim+j)*inner)
			}
		}
		if inner == 0 {
			return result(Take(data, shape, nil))
		}
		return result(TakeBlocks(data, shape, starts, inner))
	}, nil
}

// indexArg reads an index tensor, resolving negative indices against dim
// and refusing those out of range.
func indexArg(t *tensor.Tensor, dim int) ([]int, error) {
	v, err := int64s(t)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(v))
	for i, x := range v {
		if x < 0 {
			x += int64(dim)
		}
		if x < 0 || x >= int64(dim) {
			return nil, fmt.Errorf("index %d is out of range for a dimension of %d", v[i], dim)
		}
		out[i] = int(x)
	}
	return out, nil
}

// buildGatherElements picks, for each index position, data's element at
// that position with the index substituted along axis.
func buildGatherElements(n *Node) (Kernel, error) {
	a := n.Int("axis", 0)
	return func(ctx context.Context, in []Value) ([]Value, error) {
		data, err := arg(in, 0)
		if err != nil {
			return nil, err
		}
		it, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		r := len(data.Shape())
		ax, err := axis(a, r)
		if err != nil {
			return nil, err
		}
		if len(it.Shape()) != r {
			return nil, fmt.Errorf("indices have rank %d, data %d", len(it.Shape()), r)
		}
		indices, err := indexArg(it, data.Shape()[ax])
		if err != nil {
			return nil, err
		}
		ds := strides(data.Shape())
		for d, n := range it.Shape() {
			if d != ax && n > data.Shape()[d] {
				return nil, fmt.Errorf("%w: indices %v exceed data %v", tensor.ErrShape, it.Shape(), data.Shape())
			}
		}
		st := append([]int(nil), ds...)
		st[ax] = 0
		pos := stridedIndex(it.Shape(), st, 0)
		for i := range pos {
			pos[i] += indices[i] * ds[ax]
		}
		return result(Take(data, it.Shape(), pos))
	}, nil
}
