package ops

import (
	"context"

	"github.com/slipwayml/slipway/tensor"
)

// buildArgExtreme builds ArgMax (sign 1) and ArgMin (sign -1): the INT64
// index of the first (or, with select_last_index, last) extreme along axis.
func buildArgExtreme(sign float64) func(*Node) (Kernel, error) {
	return func(n *Node) (Kernel, error) {
		a, keep, last := n.Int("axis", 0), n.Int("keepdims", 1) != 0, n.Int("select_last_index", 0) != 0
		return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
			ax, err := axis(a, len(t.Shape()))
			if err != nil {
				return nil, err
			}
			x, err := t.Float64s()
			if err != nil {
				return nil, err
			}
			s := t.Shape()
			outer, dim, inner := product(s[:ax]), s[ax], product(s[ax+1:])
			out := make([]int64, outer*inner)
			for o := range outer {
				for i := range inner {
					base := o*dim*inner + i
					best := 0
					for j := 1; j < dim; j++ {
						v, b := sign*x[base+j*inner], sign*x[base+best*inner]
						if v > b || last && v == b {
							best = j
						}
					}
					out[o*inner+i] = int64(best)
				}
			}
			shape := append([]int(nil), s[:ax]...)
			if keep {
				shape = append(shape, 1)
			}
			shape = append(shape, s[ax+1:]...)
			return result(tensor.New(shape, out))
		}), nil
	}
}

var (
	buildArgMax = buildArgExtreme(1)
	buildArgMin = buildArgExtreme(-1)
)
