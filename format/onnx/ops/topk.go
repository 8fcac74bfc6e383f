package ops

import (
	"context"
	"fmt"
	"sort"

	"github.com/slipwayml/slipway/tensor"
)

// buildTopK returns the k largest (or smallest) values along axis and
// their INT64 indices; ties keep the lower index first. The result is
// always sorted, which sorted=0 permits.
func buildTopK(n *Node) (Kernel, error) {
	a, largest := n.Int("axis", -1), n.Int("largest", 1) != 0
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		k := n.Int("k", 0)
		if n.Opset >= 10 {
			kt, err := arg(in, 1)
			if err != nil {
				return nil, err
			}
			kv, err := int64s(kt)
			if err != nil || len(kv) != 1 {
				return nil, fmt.Errorf("k is not a scalar")
			}
			k = kv[0]
		}
		ax, err := axis(a, len(t.Shape()))
		if err != nil {
			return nil, err
		}
		s := t.Shape()
		outer, dim, inner := product(s[:ax]), s[ax], product(s[ax+1:])
		if k < 0 || k > int64(dim) {
			return nil, fmt.Errorf("k %d is out of range for an axis of %d", k, dim)
		}
		x, err := t.Float64s()
		if err != nil {
			return nil, err
		}
		shape := append([]int(nil), s...)
		shape[ax] = int(k)
		idx := make([]int, 0, outer*int(k)*inner)
		pos := make([]int64, 0, cap(idx))
		order := make([]int, dim)
		// Gather in output order: outer, then the k ranks, then inner.
		for o := range outer {
			ranked := make([][]int, inner)
			for i := range inner {
				for j := range order {
					order[j] = j
				}
				at := func(j int) float64 { return x[(o*dim+j)*inner+i] }
				sort.SliceStable(order, func(p, q int) bool {
					if largest {
						return at(order[p]) > at(order[q])
					}
					return at(order[p]) < at(order[q])
				})
				ranked[i] = append([]int(nil), order[:k]...)
			}
			for r := range int(k) {
				for i := range inner {
					j := ranked[i][r]
					idx = append(idx, (o*dim+j)*inner+i)
					pos = append(pos, int64(j))
				}
			}
		}
		values, err := Take(t, shape, idx)
		if err != nil {
			return nil, err
		}
		indices, err := tensor.New(shape, pos)
		return []Value{values, indices}, err
	}), nil
}
