package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildIdentity passes its input through; tensors are immutable, so no copy
// is needed.
func buildIdentity(*Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		if len(in) == 0 {
			return nil, errMissing
		}
		return one(in[0]), nil
	}, nil
}

// buildDropout is the identity at inference; its optional mask output is
// all true.
func buildDropout(n *Node) (Kernel, error) {
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		t, err := optArg(in, 2)
		if err != nil {
			return nil, err
		}
		if t != nil {
			if train, _ := tensor.Values[bool](t); len(train) == 1 && train[0] && !zeroRatio(in) {
				return nil, fmt.Errorf("training_mode: %w", ErrUnsupported)
			}
		}
		if n.NumOutputs < 2 {
			return one(x), nil
		}
		mask := make([]bool, x.Len())
		for i := range mask {
			mask[i] = true
		}
		m, err := tensor.New(x.Shape(), mask)
		return []Value{x, m}, err
	}), nil
}

// zeroRatio reports whether Dropout's ratio input is 0, which makes
// training mode the identity too.
func zeroRatio(in []Value) bool {
	r, err := optArg(in, 1)
	if err != nil || r == nil {
		return false
	}
	v, err := r.Float64s()
	return err == nil && len(v) == 1 && v[0] == 0
}
