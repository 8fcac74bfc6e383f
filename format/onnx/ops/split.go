package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildSplit cuts the input along axis into parts sized by split (an
// attribute before opset 13, input 1 after), or into equal parts, the last
// one smaller when they do not divide evenly.
func buildSplit(n *Node) (Kernel, error) {
	a := n.Int("axis", 0)
	return func(ctx context.Context, in []Value) ([]Value, error) {
		t, err := arg(in, 0)
		if err != nil {
			return nil, err
		}
		ax, err := axis(a, len(t.Shape()))
		if err != nil {
			return nil, err
		}
		sizes := n.Ints("split")
		if n.Opset >= 13 {
			s, err := optArg(in, 1)
			if err != nil {
				return nil, err
			}
			if sizes = nil; s != nil {
				if sizes, err = int64s(s); err != nil {
					return nil, err
				}
			}
		}
		dim := int64(t.Shape()[ax])
		if sizes == nil {
			parts := int64(n.NumOutputs)
			if parts == 0 {
				return nil, fmt.Errorf("no outputs")
			}
			each := (dim + parts - 1) / parts
			for left := dim; int64(len(sizes)) < parts; left -= each {
				sizes = append(sizes, max(min(each, left), 0))
			}
		}
		var sum int64
		for _, s := range sizes {
			if s < 0 {
				return nil, fmt.Errorf("split sizes %v are negative", sizes)
			}
			sum += s
		}
		if sum != dim || len(sizes) != n.NumOutputs {
			return nil, fmt.Errorf("%w: split %v does not cut %d into %d parts", tensor.ErrShape, sizes, dim, n.NumOutputs)
		}
		out := make([]Value, len(sizes))
		var start int64
		for i, s := range sizes {
			if out[i], err = slice(t, []int64{start}, []int64{start + s}, []int64{int64(ax)}, nil); err != nil {
				return nil, err
			}
			start += s
		}
		return out, nil
	}, nil
}
