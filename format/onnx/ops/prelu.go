package ops

import (
	"context"

	"github.com/slipwayml/slipway/tensor"
)

// buildPRelu is x for x >= 0 and slope·x below, the slope broadcast to x;
// before opset 7 a 1-D slope applies per channel (axis 1).
func buildPRelu(n *Node) (Kernel, error) {
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		slope, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		if xs := x.Shape(); n.Opset < 7 && len(slope.Shape()) == 1 && len(xs) > 2 && slope.Len() == xs[1] {
			shape := make([]int, len(xs)-1)
			for i := range shape {
				shape[i] = 1
			}
			shape[0] = xs[1]
			if slope, err = slope.Reshape(shape); err != nil {
				return nil, err
			}
		}
		return result(floatBinary(x, slope, func(v, s float64) float64 {
			if v < 0 {
				return s * v
			}
			return v
		}))
	}), nil
}
