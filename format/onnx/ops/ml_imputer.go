package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// buildImputer replaces the elements equal to replaced_value (NaN matches
// NaN) by the feature's imputed value.
func buildImputer(n *Node) (Kernel, error) {
	imputed := widen[float32, float64](n.Floats("imputed_value_floats"))
	replaced := float64(n.Float("replaced_value_float", 0))
	if ints := n.Ints("imputed_value_int64s"); ints != nil {
		imputed = widen[int64, float64](ints)
		replaced = float64(n.Int("replaced_value_int64", 0))
	}
	if len(imputed) == 0 {
		return nil, fmt.Errorf("no imputed values")
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		x, err := t.Float64s()
		if err != nil {
			return nil, err
		}
		cols := 1
		if s := t.Shape(); len(s) > 0 {
			cols = s[len(s)-1]
		}
		if len(imputed) != 1 && len(imputed) != cols {
			return nil, fmt.Errorf("%d imputed values for %d features", len(imputed), cols)
		}
		out := make([]float64, len(x))
		for i, v := range x {
			out[i] = v
			if v == replaced || math.IsNaN(replaced) && math.IsNaN(v) {
				out[i] = imputed[min(i%cols, len(imputed)-1)]
			}
		}
		f, err := tensor.New(t.Shape(), out)
		if err != nil {
			return nil, err
		}
		return result(Cast(f, t.DType()))
	}), nil
}
