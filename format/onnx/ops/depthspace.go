package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildDepthToSpace moves blocks of channels of [N, C, H, W] into space:
// [N, C/b², H·b, W·b], in DCR (default) or CRD channel order.
func buildDepthToSpace(n *Node) (Kernel, error) {
	b := int(n.Int("blocksize", 0))
	crd := n.String("mode", "DCR") == "CRD"
	if b <= 0 {
		return nil, fmt.Errorf("blocksize is %d", b)
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		s := t.Shape()
		if len(s) != 4 || s[1]%(b*b) != 0 {
			return nil, fmt.Errorf("%w: DepthToSpace of %v with blocksize %d", tensor.ErrShape, s, b)
		}
		nb, c, h, w := s[0], s[1]/(b*b), s[2], s[3]
		// View as 6-D, transpose, then read as the output shape.
		view, perm := []int{nb, b, b, c, h, w}, []int64{0, 3, 4, 1, 5, 2}
		if crd {
			view, perm = []int{nb, c, b, b, h, w}, []int64{0, 1, 4, 2, 5, 3}
		}
		v, err := t.Reshape(view)
		if err != nil {
			return nil, err
		}
		p, err := transpose(v, perm)
		if err != nil {
			return nil, err
		}
		return result(p.Reshape([]int{nb, c, h * b, w * b}))
	}), nil
}

// buildSpaceToDepth is DepthToSpace's inverse in DCR order.
func buildSpaceToDepth(n *Node) (Kernel, error) {
	b := int(n.Int("blocksize", 0))
	if b <= 0 {
		return nil, fmt.Errorf("blocksize is %d", b)
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		s := t.Shape()
		if len(s) != 4 || s[2]%b != 0 || s[3]%b != 0 {
			return nil, fmt.Errorf("%w: SpaceToDepth of %v with blocksize %d", tensor.ErrShape, s, b)
		}
		nb, c, h, w := s[0], s[1], s[2]/b, s[3]/b
		v, err := t.Reshape([]int{nb, c, h, b, w, b})
		if err != nil {
			return nil, err
		}
		p, err := transpose(v, []int64{0, 3, 5, 1, 2, 4})
		if err != nil {
			return nil, err
		}
		return result(p.Reshape([]int{nb, c * b * b, h, w}))
	}), nil
}
