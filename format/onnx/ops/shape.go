package ops

import (
	"context"

	"github.com/slipwayml/slipway/tensor"
)

// buildShape returns the input's shape as INT64, sliced by start and end
// (opset 15).
func buildShape(n *Node) (Kernel, error) {
	start, end := n.Int("start", 0), n.Int("end", 1<<62)
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		r := int64(len(t.Shape()))
		lo, hi := clampIndex(start, r), clampIndex(end, r)
		dims := []int64{}
		for _, d := range t.Shape()[lo:max(lo, hi)] {
			dims = append(dims, int64(d))
		}
		return result(tensor.New([]int{len(dims)}, dims))
	}), nil
}

// clampIndex resolves a possibly negative slice bound into [0, n].
func clampIndex(i, n int64) int64 {
	if i < 0 {
		i += n
	}
	return min(max(i, 0), n)
}

func buildSize(*Node) (Kernel, error) {
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		return result(tensor.New([]int{}, []int64{int64(t.Len())}))
	}), nil
}
