package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildReshape takes the new shape from input 1 (opset 5) or the shape
// attribute (earlier). A 0 copies the input's dimension unless allowzero is
// set; one -1 is inferred.
func buildReshape(n *Node) (Kernel, error) {
	allowZero := n.Int("allowzero", 0) != 0
	attr := n.Ints("shape")
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		spec := attr
		if n.Opset >= 5 {
			s, err := arg(in, 1)
			if err != nil {
				return nil, err
			}
			if spec, err = int64s(s); err != nil {
				return nil, err
			}
		}
		shape, err := resolveShape(t, spec, allowZero)
		if err != nil {
			return nil, err
		}
		return result(t.Reshape(shape))
	}), nil
}

func resolveShape(t *tensor.Tensor, spec []int64, allowZero bool) ([]int, error) {
	shape := make([]int, len(spec))
	infer := -1
	known := 1
	for i, d := range spec {
		switch {
		case d == -1 && infer < 0:
			infer = i
			continue
		case d == 0 && !allowZero:
			if i >= len(t.Shape()) {
				return nil, fmt.Errorf("%w: shape %v copies dimension %d of %v", tensor.ErrShape, spec, i, t.Shape())
			}
			shape[i] = t.Shape()[i]
		case d < 0 || d > tensor.MaxElements:
			return nil, fmt.Errorf("%w: invalid shape %v", tensor.ErrShape, spec)
		default:
			shape[i] = int(d)
		}
		known *= shape[i]
	}
	if infer >= 0 {
		if known == 0 || t.Len()%known != 0 {
			return nil, fmt.Errorf("%w: cannot reshape %v to %v", tensor.ErrShape, t.Shape(), spec)
		}
		shape[infer] = t.Len() / known
	}
	return shape, nil
}

func buildFlatten(n *Node) (Kernel, error) {
	a := n.Int("axis", 1)
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		r := len(t.Shape())
		ax := int(a)
		if a < 0 {
			ax += r
		}
		if ax < 0 || ax > r {
			return nil, fmt.Errorf("axis %d is out of range for rank %d", a, r)
		}
		return result(t.Reshape([]int{product(t.Shape()[:ax]), product(t.Shape()[ax:])}))
	}), nil
}

// axesArg returns the axes of Squeeze, Unsqueeze and the reductions: from
// input i from opset since, from the attribute before; nil when absent.
func axesArg(n *Node, in []Value, i, since int) ([]int64, error) {
	if n.Opset < since {
		return n.Ints("axes"), nil
	}
	t, err := optArg(in, i)
	if t == nil || err != nil {
		return nil, err
	}
	return int64s(t)
}

func buildSqueeze(n *Node) (Kernel, error) {
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		axes, err := axesArg(n, in, 1, 13)
		if err != nil {
			return nil, err
		}
		r := len(t.Shape())
		drop := make([]bool, r)
		for _, a := range axes {
			ax, err := axis(a, r)
			if err != nil {
				return nil, err
			}
			if t.Shape()[ax] != 1 {
				return nil, fmt.Errorf("%w: cannot squeeze axis %d of %v", tensor.ErrShape, ax, t.Shape())
			}
			drop[ax] = true
		}
		var shape []int
		for i, d := range t.Shape() {
			if !drop[i] && (axes != nil || d != 1) {
				shape = append(shape, d)
			}
		}
		return result(t.Reshape(shape))
	}), nil
}

func buildUnsqueeze(n *Node) (Kernel, error) {
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		axes, err := axesArg(n, in, 1, 13)
		if err != nil {
			return nil, err
		}
		r := len(t.Shape()) + len(axes)
		ones := make([]bool, r)
		for _, a := range axes {
			ax, err := axis(a, r)
			if err != nil {
				return nil, err
			}
			if ones[ax] {
				return nil, fmt.Errorf("axis %d is repeated", ax)
			}
			ones[ax] = true
		}
		shape := make([]int, r)
		src := t.Shape()
		for i := range shape {
			shape[i] = 1
			if !ones[i] {
				shape[i], src = src[0], src[1:]
			}
		}
		return result(t.Reshape(shape))
	}), nil
}
