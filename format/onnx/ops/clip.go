package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// buildClip limits elements to [min, max], given as inputs 1 and 2 from
// opset 11 and as attributes before.
func buildClip(n *Node) (Kernel, error) {
	lo, hi := float64(n.Float("min", float32(math.Inf(-1)))), float64(n.Float("max", float32(math.Inf(1))))
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		lo, hi := lo, hi
		for i, bound := range []*float64{&lo, &hi} {
			b, err := optArg(in, i+1)
			if err != nil {
				return nil, err
			}
			if b == nil || n.Opset < 11 {
				continue
			}
			v, err := b.Float64s()
			if err != nil || len(v) != 1 {
				return nil, fmt.Errorf("bound %d is not a scalar", i+1)
			}
			*bound = v[0]
		}
		x, err := t.Float64s()
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(x))
		for i, v := range x {
			out[i] = math.Min(math.Max(v, lo), hi)
			if v != v {
				out[i] = v
			}
		}
		f, err := tensor.New(t.Shape(), out)
		if err != nil {
			return nil, err
		}
		return result(Cast(f, t.DType()))
	}), nil
}
