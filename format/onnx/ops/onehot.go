package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildOneHot expands indices into one-hot vectors of length depth along
// axis, filled with values[0] (off) and values[1] (on); negative indices
// count from the end.
func buildOneHot(n *Node) (Kernel, error) {
	a := n.Int("axis", -1)
	return withInput(func(ctx context.Context, it *tensor.Tensor, in []Value) ([]Value, error) {
		dt, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		vt, err := arg(in, 2)
		if err != nil {
			return nil, err
		}
		dv, err := dt.Float64s()
		if err != nil || len(dv) != 1 || dv[0] < 1 || dv[0] > tensor.MaxElements {
			return nil, fmt.Errorf("depth is not a positive scalar")
		}
		depth := int(dv[0])
		if vt.Len() != 2 {
			return nil, fmt.Errorf("values has %d elements, want 2", vt.Len())
		}
		ind, err := it.Float64s()
		if err != nil {
			return nil, err
		}
		r := len(it.Shape()) + 1
		ax, err := axis(a, r)
		if err != nil {
			return nil, err
		}
		shape := append(append(append([]int(nil), it.Shape()[:ax]...), depth), it.Shape()[ax:]...)
		size, err := numElements(shape)
		if err != nil {
			return nil, err
		}
		outer, inner := product(it.Shape()[:ax]), product(it.Shape()[ax:])
		idx := make([]int, size)
		for o := range outer {
			for i := range inner {
				k := int(ind[o*inner+i])
				if k < 0 {
					k += depth
				}
				if k >= 0 && k < depth {
					idx[(o*depth+k)*inner+i] = 1
				}
			}
		}
		return result(Take(vt, shape, idx))
	}), nil
}
