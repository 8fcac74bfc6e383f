package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// buildLRN normalises each element of [N, C, …] by the sum of squares over
// size neighbouring channels: x / (bias + alpha/size · Σ x²)^beta.
func buildLRN(n *Node) (Kernel, error) {
	alpha, beta, bias := float64(n.Float("alpha", 1e-4)), float64(n.Float("beta", 0.75)), float64(n.Float("bias", 1))
	size := int(n.Int("size", 0))
	if size <= 0 {
		return nil, fmt.Errorf("size is %d", size)
	}
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		s := x.Shape()
		if len(s) < 3 {
			return nil, fmt.Errorf("%w: LRN wants [N, C, …], got %v", tensor.ErrShape, s)
		}
		v, err := x.Float64s()
		if err != nil {
			return nil, err
		}
		c, inner := s[1], product(s[2:])
		lo, hi := (size-1)/2, (size-1)-(size-1)/2
		out := make([]float64, len(v))
		for b := range s[0] {
			for ch := range c {
				for i := range inner {
					var sq float64
					for k := max(0, ch-lo); k <= min(c-1, ch+hi); k++ {
						e := v[(b*c+k)*inner+i]
						sq += e * e
					}
					p := (b*c+ch)*inner + i
					out[p] = v[p] / math.Pow(bias+alpha/float64(size)*sq, beta)
				}
			}
		}
		f, err := tensor.New(s, out)
		if err != nil {
			return nil, err
		}
		return result(Cast(f, x.DType()))
	}), nil
}

// buildLpNormalization divides by the L1 or L2 norm along axis.
func buildLpNormalization(n *Node) (Kernel, error) {
	a, p := n.Int("axis", -1), n.Int("p", 2)
	if p != 1 && p != 2 {
		return nil, fmt.Errorf("p is %d, want 1 or 2", p)
	}
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		ax, err := axis(a, len(x.Shape()))
		if err != nil {
			return nil, err
		}
		norm := reducers["ReduceL2"]
		if p == 1 {
			norm = reducers["ReduceL1"]
		}
		nt, err := reduce(x, []int64{int64(ax)}, true, norm)
		if err != nil {
			return nil, err
		}
		return result(floatBinary(x, nt, func(v, d float64) float64 {
			if d == 0 {
				return 0
			}
			return v / d
		}))
	}), nil
}

// buildMeanVarianceNormalization standardises over axes (default 0, 2, 3).
func buildMeanVarianceNormalization(n *Node) (Kernel, error) {
	axes := n.Ints("axes")
	if axes == nil {
		axes = []int64{0, 2, 3}
	}
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		mean, err := reduce(x, axes, true, reducers["ReduceMean"])
		if err != nil {
			return nil, err
		}
		centered, err := floatBinary(x, mean, func(v, m float64) float64 { return v - m })
		if err != nil {
			return nil, err
		}
		sq, err := floatBinary(centered, centered, func(a, b float64) float64 { return a * b })
		if err != nil {
			return nil, err
		}
		variance, err := reduce(sq, axes, true, reducers["ReduceMean"])
		if err != nil {
			return nil, err
		}
		return result(floatBinary(centered, variance, func(c, v float64) float64 { return c / (math.Sqrt(v) + 1e-9) }))
	}), nil
}
