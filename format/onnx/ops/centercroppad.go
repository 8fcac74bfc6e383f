package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildCenterCropPad crops or zero-pads the given axes (all by default)
// symmetrically to the target shape; odd differences put the extra element
// at the end.
func buildCenterCropPad(n *Node) (Kernel, error) {
	axesAttr := n.Ints("axes")
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		st, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		target, err := shapeArg(st)
		if err != nil {
			return nil, err
		}
		s := t.Shape()
		axes := axesAttr
		if axes == nil {
			for i := range s {
				axes = append(axes, int64(i))
			}
		}
		if len(axes) != len(target) {
			return nil, fmt.Errorf("%d target sizes for %d axes", len(target), len(axes))
		}
		shape := append([]int(nil), s...)
		offset := make([]int, len(s)) // source index = output index + offset
		for j, a := range axes {
			ax, err := axis(a, len(s))
			if err != nil {
				return nil, err
			}
			shape[ax] = target[j]
			if d := s[ax] - target[j]; d >= 0 {
				offset[ax] = d / 2
			} else {
				offset[ax] = -((-d) / 2)
			}
		}
		size, err := numElements(shape)
		if err != nil {
			return nil, err
		}
		own := strides(s)
		idx := make([]int, size)
		pos := make([]int, len(shape))
		for i := range idx {
			off := 0
			for d, p := range pos {
				q := p + offset[d]
				if q < 0 || q >= s[d] {
					off = -1
					break
				}
				off += q * own[d]
			}
			idx[i] = off
			next(pos, shape)
		}
		return result(Take(t, shape, idx))
	}), nil
}
