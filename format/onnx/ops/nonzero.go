package ops

import (
	"context"

	"github.com/slipwayml/slipway/tensor"
)

// buildNonZero returns the [rank, count] INT64 coordinates of the non-zero
// elements in row-major order.
func buildNonZero(*Node) (Kernel, error) {
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		x, err := t.Float64s()
		if err != nil {
			return nil, err
		}
		s := t.Shape()
		var hits []int
		for i, v := range x {
			if v != 0 {
				hits = append(hits, i)
			}
		}
		out := make([]int64, len(s)*len(hits))
		for j, i := range hits {
			for d := len(s) - 1; d >= 0; d-- {
				out[d*len(hits)+j] = int64(i % s[d])
				i /= s[d]
			}
		}
		return result(tensor.New([]int{len(s), len(hits)}, out))
	}), nil
}
