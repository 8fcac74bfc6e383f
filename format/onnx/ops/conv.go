package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildConv convolves [N, C, D…] input with [M, C/group, K…] weights as a
// matrix product per image and group over an im2col buffer.
func buildConv(n *Node) (Kernel, error) {
	group := int(n.Int("group", 1))
	if group <= 0 {
		return nil, fmt.Errorf("group is %d", group)
	}
	if err := n.checkTypes([]int{0, 1, 2}, tensor.DType.IsFloat, "a float"); err != nil {
		return nil, err
	}
	return func(ctx context.Context, in []Value) ([]Value, error) {
		x, err := arg(in, 0)
		if err != nil {
			return nil, err
		}
		w, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		b, err := optArg(in, 2)
		if err != nil {
			return nil, err
		}
		switch x.DType() {
		case tensor.Float32:
			return result(conv[float32](n, x, w, b, group))
		case tensor.Float64:
			return result(conv[float64](n, x, w, b, group))
		case tensor.Float16:
			return viaFloat32(func(t []*tensor.Tensor) (*tensor.Tensor, error) {
				return conv[float32](n, t[0], t[1], t[2], group)
			}, x, w, b)
		}
		return nil, fmt.Errorf("Conv of %v is not supported", x.DType())
	}, nil
}

func conv[T float](n *Node, x, w, b *tensor.Tensor, group int) (*tensor.Tensor, error) {
	if err := sameType(x, w); err != nil {
		return nil, err
	}
	xs, ws := x.Shape(), w.Shape()
	if len(xs) < 3 || len(ws) != len(xs) {
		return nil, fmt.Errorf("%w: input %v and weights %v", tensor.ErrShape, xs, ws)
	}
	batch, c, m := xs[0], xs[1], ws[0]
	if c%group != 0 || m%group != 0 || ws[1] != c/group {
		return nil, fmt.Errorf("%w: %d input channels, weights %v, group %d", tensor.ErrShape, c, ws, group)
	}
	win, err := newWindow(n, xs[2:], ws[2:], false)
	if err != nil {
		return nil, err
	}
	var bias []T
	if b != nil {
		if bias, _ = tensor.Values[T](b); len(bias) != m {
			return nil, fmt.Errorf("%w: bias %v for %d output channels", tensor.ErrShape, b.Shape(), m)
		}
	}
	shape := append([]int{batch, m}, win.out...)
	size, err := numElements(shape)
	if err != nil {
		return nil, err
	}
	xv, _ := tensor.Values[T](x)
	wv, _ := tensor.Values[T](w)
	out := make([]T, size)
	taps := win.taps()
	nk, no, ni := product(win.kernel), product(win.out), product(win.in)
	cg, mg := c/group, m/group
	rows := cg * nk
	col := make([]T, rows*no)
	for img := range batch {
		for g := range group {
			// col[ch*nk+k][o] = input of channel ch at tap (o, k).
			for ch := range cg {
				src := xv[(img*c+g*cg+ch)*ni:]
				for o := range no {
					for k, t := range taps[o*nk : (o+1)*nk] {
						var v T
						if t >= 0 {
							v = src[t]
						}
						col[(ch*nk+k)*no+o] = v
					}
				}
			}
			dst := out[(img*m+g*mg)*no:]
			if bias != nil {
				for oc := range mg {
					for o := range no {
						dst[oc*no+o] = bias[g*mg+oc]
					}
				}
			}
			gemm(false, false, mg, no, rows, 1, wv[g*mg*rows:], rows, col, no, dst, no)
		}
	}
	return tensor.New(shape, out)
}
