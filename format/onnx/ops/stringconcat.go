package ops

import (
	"context"

	"github.com/slipwayml/slipway/tensor"
)

// buildStringConcat joins two string tensors element-wise with
// broadcasting.
func buildStringConcat(*Node) (Kernel, error) {
	return withInput(func(ctx context.Context, a *tensor.Tensor, in []Value) ([]Value, error) {
		b, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		return result(binary(a, b, func(x, y string) string { return x + y }))
	}), nil
}
