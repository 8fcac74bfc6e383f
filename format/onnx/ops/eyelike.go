package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildEyeLike returns a matrix of the input's shape with ones on diagonal
// k, in dtype (default: the input's).
func buildEyeLike(n *Node) (Kernel, error) {
	k := int(n.Int("k", 0))
	dt, err := optionalDType(n, "dtype")
	if err != nil {
		return nil, err
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		s := t.Shape()
		if len(s) != 2 {
			return nil, fmt.Errorf("%w: EyeLike wants a matrix, got %v", tensor.ErrShape, s)
		}
		out := make([]float64, t.Len())
		for i := range s[0] {
			if j := i + k; j >= 0 && j < s[1] {
				out[i*s[1]+j] = 1
			}
		}
		f, err := tensor.New(s, out)
		if err != nil {
			return nil, err
		}
		to := dt
		if to == tensor.Invalid {
			to = t.DType()
		}
		return result(Cast(f, to))
	}), nil
}
