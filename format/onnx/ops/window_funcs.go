package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// buildWindow builds HannWindow, HammingWindow and BlackmanWindow: a
// generalized cosine window a0 - a1·cos(2πk/N) + a2·cos(4πk/N) of the
// given size, periodic by default (N = size) or symmetric (N = size-1).
func buildWindow(a0, a1, a2 float64) func(*Node) (Kernel, error) {
	return func(n *Node) (Kernel, error) {
		periodic := n.Int("periodic", 1) != 0
		dt, err := DType(int32(n.Int("output_datatype", 1)))
		if err != nil {
			return nil, err
		}
		return withInput(func(ctx context.Context, st *tensor.Tensor, in []Value) ([]Value, error) {
			sv, err := int64s(st)
			if err != nil || len(sv) != 1 || sv[0] < 0 || sv[0] > MaxElements {
				return nil, fmt.Errorf("size is not a valid scalar")
			}
			size := int(sv[0])
			denom := float64(size)
			if !periodic {
				denom--
			}
			out := make([]float64, size)
			for k := range out {
				x := 2 * math.Pi * float64(k) / denom
				out[k] = a0 - a1*math.Cos(x) + a2*math.Cos(2*x)
			}
			f, err := tensor.New([]int{size}, out)
			if err != nil {
				return nil, err
			}
			return result(Cast(f, dt))
		}), nil
	}
}

var (
	buildHannWindow     = buildWindow(0.5, 0.5, 0)
	buildHammingWindow  = buildWindow(25.0/46, 21.0/46, 0)
	buildBlackmanWindow = buildWindow(0.42, 0.5, 0.08)
)
