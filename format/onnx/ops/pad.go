package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildPad pads (or, with negative pads, crops) each axis in constant,
// reflect, edge or wrap mode. Pads come from input 1 from opset 11 (with
// optional constant value and axes inputs), from the pads attribute before.
func buildPad(n *Node) (Kernel, error) {
	mode := n.String("mode", "constant")
	switch mode {
	case "constant", "reflect", "edge", "wrap":
	default:
		return nil, fmt.Errorf("unknown mode %q", mode)
	}
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		r := len(x.Shape())
		pads := n.Ints("paddings")
		if pads == nil {
			pads = n.Ints("pads")
		}
		value, err := tensor.New([]int{1}, []float64{float64(n.Float("value", 0))})
		if err != nil {
			return nil, err
		}
		if n.Opset >= 11 {
			if pads, value, err = padInputs(in, r, value); err != nil {
				return nil, err
			}
		}
		if len(pads) != 2*r {
			return nil, fmt.Errorf("%d pads for rank %d", len(pads), r)
		}
		shape := make([]int, r)
		for d, s := range x.Shape() {
			shape[d] = s + int(pads[d]) + int(pads[r+d])
			if shape[d] < 0 || mode != "constant" && s == 0 && shape[d] > 0 {
				return nil, fmt.Errorf("%w: cannot pad axis of %d by %d and %d", tensor.ErrShape, s, pads[d], pads[r+d])
			}
		}
		size, err := numElements(shape)
		if err != nil {
			return nil, err
		}
		fill, err := Cast(value, x.DType())
		if err != nil && x.DType() != tensor.String {
			return nil, err
		}
		// Select from x followed by the fill value at index x.Len().
		src := x
		if mode == "constant" && fill != nil {
			if src, err = Concat(x, fill); err != nil {
				return nil, err
			}
		}
		st := strides(x.Shape())
		idx := make([]int, size)
		pos := make([]int, r)
		for i := range idx {
			off := 0
			for d, p := range pos {
				q, ok := padSource(p-int(pads[d]), x.Shape()[d], mode)
				if !ok {
					off = x.Len()
					break
				}
				off += q * st[d]
			}
			idx[i] = off
			next(pos, shape)
		}
		return result(Take(src, shape, idx))
	}), nil
}

// padInputs reads Pad's inputs: pads, optional constant value, optional
// axes the pads apply to.
func padInputs(in []Value, r int, value *tensor.Tensor) ([]int64, *tensor.Tensor, error) {
	pt, err := arg(in, 1)
	if err != nil {
		return nil, nil, err
	}
	pads, err := int64s(pt)
	if err != nil {
		return nil, nil, err
	}
	if v, err := optArg(in, 2); err != nil {
		return nil, nil, err
	} else if v != nil {
		if v.Len() != 1 {
			return nil, nil, fmt.Errorf("constant value is not a scalar")
		}
		value = v
	}
	at, err := optArg(in, 3)
	if err != nil || at == nil {
		return pads, value, err
	}
	axes, err := int64s(at)
	if err != nil {
		return nil, nil, err
	}
	if len(pads) != 2*len(axes) {
		return nil, nil, fmt.Errorf("%d pads for %d axes", len(pads), len(axes))
	}
	full := make([]int64, 2*r)
	for i, a := range axes {
		ax, err := axis(a, r)
		if err != nil {
			return nil, nil, err
		}
		full[ax], full[r+ax] = pads[i], pads[len(axes)+i]
	}
	return full, value, nil
}

// padSource maps an index p of the unpadded axis (possibly outside [0, n))
// to the element it copies, or false for the constant.
func padSource(p, n int, mode string) (int, bool) {
	if p >= 0 && p < n {
		return p, true
	}
	switch mode {
	case "edge":
		return min(max(p, 0), n-1), true
	case "wrap":
		return ((p % n) + n) % n, true
	case "reflect":
		if n == 1 {
			return 0, true
		}
		period := 2 * (n - 1)
		p = ((p % period) + period) % period
		if p >= n {
			p = period - p
		}
		return p, true
	}
	return 0, false
}
