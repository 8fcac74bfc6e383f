package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildCumulative builds CumSum and CumProd along the axis of input 1,
// optionally exclusive and reversed.
func buildCumulative(prod bool) func(*Node) (Kernel, error) {
	return func(n *Node) (Kernel, error) {
		exclusive, reverse := n.Int("exclusive", 0) != 0, n.Int("reverse", 0) != 0
		return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
			at, err := arg(in, 1)
			if err != nil {
				return nil, err
			}
			av, err := int64s(at)
			if err != nil || len(av) != 1 {
				return nil, fmt.Errorf("axis is not a scalar")
			}
			ax, err := axis(av[0], len(t.Shape()))
			if err != nil {
				return nil, err
			}
			x, err := t.Float64s()
			if err != nil {
				return nil, err
			}
			s := t.Shape()
			outer, dim, inner := product(s[:ax]), s[ax], product(s[ax+1:])
			out := make([]float64, len(x))
			for o := range outer {
				for i := range inner {
					acc := 0.0
					if prod {
						acc = 1
					}
					for j := range dim {
						if reverse {
							j = dim - 1 - j
						}
						p := (o*dim+j)*inner + i
						if !exclusive {
							acc = accumulate(acc, x[p], prod)
						}
						out[p] = acc
						if exclusive {
							acc = accumulate(acc, x[p], prod)
						}
					}
				}
			}
			f, err := tensor.New(s, out)
			if err != nil {
				return nil, err
			}
			return result(Cast(f, t.DType()))
		}), nil
	}
}

func accumulate(acc, x float64, prod bool) float64 {
	if prod {
		return acc * x
	}
	return acc + x
}

var (
	buildCumSum  = buildCumulative(false)
	buildCumProd = buildCumulative(true)
)
