package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildTrilu keeps the upper (default) or lower triangle of the last two
// axes relative to diagonal k (input 1), zeroing the rest.
func buildTrilu(n *Node) (Kernel, error) {
	upper := n.Int("upper", 1) != 0
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		var k int64
		if kt, err := optArg(in, 1); err != nil {
			return nil, err
		} else if kt != nil {
			v, err := int64s(kt)
			if err != nil || len(v) != 1 {
				return nil, fmt.Errorf("k is not a scalar")
			}
			k = v[0]
		}
		s := t.Shape()
		if len(s) < 2 {
			return nil, fmt.Errorf("Trilu wants a matrix, got shape %v", s)
		}
		rows, cols := s[len(s)-2], s[len(s)-1]
		idx := make([]int, t.Len())
		for i := range idx {
			r, c := int64(i/cols%max(rows, 1)), int64(i%cols)
			keep := c-r >= k
			if !upper {
				keep = c-r <= k
			}
			idx[i] = -1
			if keep {
				idx[i] = i
			}
		}
		return result(Take(t, s, idx))
	}), nil
}
