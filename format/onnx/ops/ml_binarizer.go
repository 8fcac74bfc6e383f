package ops

import (
	"context"

	"github.com/slipwayml/slipway/tensor"
)

// buildBinarizer maps each element to 1 above threshold and 0 otherwise,
// keeping the input type.
func buildBinarizer(n *Node) (Kernel, error) {
	th := float64(n.Float("threshold", 0))
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		x, err := t.Float64s()
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(x))
		for i, v := range x {
			if v > th {
				out[i] = 1
			}
		}
		f, err := tensor.New(t.Shape(), out)
		if err != nil {
			return nil, err
		}
		return result(Cast(f, t.DType()))
	}), nil
}
