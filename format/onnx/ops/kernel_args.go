package ops

import (
	"context"

	"github.com/slipwayml/slipway/tensor"
)

// withInput returns a kernel that reads input 0 as a tensor, as nearly every
// kernel does first, and passes it to f with all the inputs.
func withInput(f func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error)) Kernel {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		t, err := arg(in, 0)
		if err != nil {
			return nil, err
		}
		return f(ctx, t, in)
	}
}
