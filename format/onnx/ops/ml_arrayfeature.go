package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildArrayFeatureExtractor selects elements of the last axis of X at the
// indices Y; a 1-D X gives a [1, len(Y)] result, as in onnxruntime.
func buildArrayFeatureExtractor(*Node) (Kernel, error) {
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		yt, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		s := x.Shape()
		if len(s) == 0 {
			return nil, fmt.Errorf("X is a scalar")
		}
		last := s[len(s)-1]
		cols, err := indexArg(yt, last)
		if err != nil {
			return nil, err
		}
		outer := product(s[:len(s)-1])
		idx := make([]int, 0, outer*len(cols))
		for o := range outer {
			for _, c := range cols {
				idx = append(idx, o*last+c)
			}
		}
		shape := append(append([]int(nil), s[:len(s)-1]...), len(cols))
		if len(s) == 1 {
			shape = []int{1, len(cols)}
		}
		return result(Take(x, shape, idx))
	}), nil
}
