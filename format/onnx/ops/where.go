package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildWhere picks x where the condition holds and y elsewhere, with
// broadcasting across all three.
func buildWhere(n *Node) (Kernel, error) {
	if err := n.checkTypes([]int{0}, isBool, "BOOL"); err != nil {
		return nil, err
	}
	if err := n.checkTypes([]int{1, 2}, nil, ""); err != nil {
		return nil, err
	}
	return withInput(func(ctx context.Context, c *tensor.Tensor, in []Value) ([]Value, error) {
		x, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		y, err := arg(in, 2)
		if err != nil {
			return nil, err
		}
		cond, ok := tensor.Values[bool](c)
		if !ok {
			return nil, fmt.Errorf("condition is %v, want BOOL", c.DType())
		}
		if err := sameType(x, y); err != nil {
			return nil, err
		}
		shape, err := broadcastShape(c.Shape(), x.Shape(), y.Shape())
		if err != nil {
			return nil, err
		}
		if _, err := numElements(shape); err != nil {
			return nil, err
		}
		ic, ix, iy := broadcastIndex(c.Shape(), shape), broadcastIndex(x.Shape(), shape), broadcastIndex(y.Shape(), shape)
		// Select from x and y laid end to end.
		both, err := Concat(x, y)
		if err != nil {
			return nil, err
		}
		idx := make([]int, len(ic))
		for i := range idx {
			if cond[ic[i]] {
				idx[i] = ix[i]
			} else {
				idx[i] = x.Len() + iy[i]
			}
		}
		return result(Take(both, shape, idx))
	}), nil
}
