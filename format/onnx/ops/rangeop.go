package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// buildRange returns start, start+delta, … up to limit (exclusive), in the
// inputs' type.
func buildRange(*Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		var v [3]float64
		var dt tensor.DType
		for i := range v {
			t, err := arg(in, i)
			if err != nil {
				return nil, err
			}
			if t.Len() != 1 {
				return nil, fmt.Errorf("input %d is not a scalar", i)
			}
			f, err := t.Float64s()
			if err != nil {
				return nil, err
			}
			v[i], dt = f[0], t.DType()
		}
		start, limit, delta := v[0], v[1], v[2]
		if delta == 0 {
			return nil, fmt.Errorf("delta is 0")
		}
		count := math.Max(math.Ceil((limit-start)/delta), 0)
		if count > MaxElements {
			return nil, fmt.Errorf("range of %g elements is too large", count)
		}
		out := make([]float64, int(count))
		for i := range out {
			out[i] = start + float64(i)*delta
		}
		f, err := tensor.New([]int{len(out)}, out)
		if err != nil {
			return nil, err
		}
		return result(Cast(f, dt))
	}, nil
}
