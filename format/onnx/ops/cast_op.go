package ops

import (
	"context"

	"github.com/slipwayml/slipway/tensor"
)

// buildCast converts its input to the dtype named by "to".
func buildCast(n *Node) (Kernel, error) {
	to, err := DType(int32(n.Int("to", 0)))
	if err != nil {
		return nil, err
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		return result(Cast(t, to))
	}), nil
}

// buildCastLike converts its first input to the dtype of its second.
func buildCastLike(*Node) (Kernel, error) {
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		like, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		return result(Cast(t, like.DType()))
	}), nil
}
