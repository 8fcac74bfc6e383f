package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildImageScaler (opset 1, experimental) computes scale·x + bias[c] on
// [N, C, H, W] images; older CoreML conversions use it.
func buildImageScaler(n *Node) (Kernel, error) {
	scale, bias := float64(n.Float("scale", 1)), widen[float32, float64](n.Floats("bias"))
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		s := x.Shape()
		if len(s) < 2 || len(bias) != s[1] {
			return nil, fmt.Errorf("%w: %d biases for input %v", tensor.ErrShape, len(bias), s)
		}
		return result(mapChannels(x, s[1], product(s[2:]), func(c int, v []float64) {
			for i := range v {
				v[i] = scale*v[i] + bias[c]
			}
		}))
	}), nil
}
