package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildIf runs then_branch or else_branch by the boolean condition.
func buildIf(n *Node) (Kernel, error) {
	then, els := n.Graph("then_branch"), n.Graph("else_branch")
	if then == nil || els == nil {
		return nil, fmt.Errorf("then_branch and else_branch are required")
	}
	return withInput(func(ctx context.Context, c *tensor.Tensor, in []Value) ([]Value, error) {
		cond, ok := tensor.Values[bool](c)
		if !ok || len(cond) != 1 {
			return nil, fmt.Errorf("condition is %v %v, want one BOOL", c.DType(), c.Shape())
		}
		branch := els
		if cond[0] {
			branch = then
		}
		return branch.Run(ctx, nil, n.Outer(in))
	}), nil
}
