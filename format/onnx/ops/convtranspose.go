package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/internal/gemm"
	"github.com/slipwayml/slipway/tensor"
)

// buildConvTranspose is the gradient of Conv: each input position scatters
// its weighted kernel into the output. X is [N, C, D…], W [C, M/group, K…].
func buildConvTranspose(n *Node) (Kernel, error) {
	group := int(n.Int("group", 1))
	if group <= 0 {
		return nil, fmt.Errorf("group is %d", group)
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
			return result(convTranspose[float32](n, x, w, b, group))
		case tensor.Float64:
			return result(convTranspose[float64](n, x, w, b, group))
		}
		return nil, fmt.Errorf("ConvTranspose of %v is not supported", x.DType())
	}, nil
}

// transposedGeometry returns the output size and begin padding per spatial
// axis from output_shape, output_padding, pads and auto_pad.
func transposedGeometry(n *Node, in, kernel, strides, dil []int) (out, padB []int, err error) {
	k := len(in)
	outPad := ints(n.Ints("output_padding"))
	if outPad == nil {
		outPad = make([]int, k)
	}
	pads := ints(n.Ints("pads"))
	if pads == nil {
		pads = make([]int, 2*k)
	}
	if len(pads) != 2*k || len(outPad) != k {
		return nil, nil, fmt.Errorf("pads %v or output_padding %v do not match %d spatial dimensions", pads, outPad, k)
	}
	shape := ints(n.Ints("output_shape"))
	if len(shape) > k {
		shape = shape[len(shape)-k:]
	}
	autoPad := n.String("auto_pad", "NOTSET")
	if shape == nil && (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
		shape = make([]int, k)
		for i := range shape {
			shape[i] = in[i] * strides[i]
		}
	}
	out, padB = make([]int, k), make([]int, k)
	for i := range k {
		full := strides[i]*(in[i]-1) + outPad[i] + (kernel[i]-1)*dil[i] + 1
		if shape == nil {
			padB[i] = pads[i]
			out[i] = full - pads[i] - pads[k+i]
		} else {
			// Floor division, as the specification's Python: a negative
			// total pads the end.
			total := full - shape[i]
			half := total / 2
			if total < 0 && total%2 != 0 {
				half--
			}
			padB[i] = total - half
			if autoPad == "SAME_UPPER" {
				padB[i] = half
			}
			out[i] = shape[i]
		}
		if out[i] < 0 {
			return nil, nil, fmt.Errorf("%w: negative output size", tensor.ErrShape)
		}
	}
	return out, padB, nil
}

func convTranspose[T float](n *Node, x, w, b *tensor.Tensor, group int) (*tensor.Tensor, error) {
	if err := sameType(x, w); err != nil {
		return nil, err
	}
	xs, ws := x.Shape(), w.Shape()
	if len(xs) < 3 || len(ws) != len(xs) || xs[1] != ws[0] || xs[1]%group != 0 {
		return nil, fmt.Errorf("%w: input %v and weights %v, group %d", tensor.ErrShape, xs, ws, group)
	}
	k := len(xs) - 2
	kernel := ws[2:]
	strides, dil := onesOr(n.Ints("strides"), k), onesOr(n.Ints("dilations"), k)
	if len(strides) != k || len(dil) != k {
		return nil, fmt.Errorf("strides %v or dilations %v do not match %d spatial dimensions", strides, dil, k)
	}
	outSp, padB, err := transposedGeometry(n, xs[2:], kernel, strides, dil)
	if err != nil {
		return nil, err
	}
	batch, c, mg := xs[0], xs[1], ws[1]
	m := mg * group
	shape := append([]int{batch, m}, outSp...)
	size, err := numElements(shape)
	if err != nil {
		return nil, err
	}
	var bias []T
	if b != nil {
		if bias, _ = tensor.Values[T](b); len(bias) != m {
			return nil, fmt.Errorf("%w: bias %v for %d output channels", tensor.ErrShape, b.Shape(), m)
		}
	}
	// The input window over the output is a Conv window read backwards.
	win := window{in: outSp, out: xs[2:], kernel: kernel, strides: strides, dilations: dil, padBegin: padB, padEnd: make([]int, k)}
	taps := win.taps()
	nk, nin, nout := product(kernel), product(xs[2:]), product(outSp)
	cg := c / group
	xv, _ := tensor.Values[T](x)
	wv, _ := tensor.Values[T](w)
	out := make([]T, size)
	col := make([]T, mg*nk*nin)
	for img := range batch {
		for g := range group {
			// col[(oc·nk + kk)][p] = Σ_c w[c][oc][kk] · x[c][p]
			gemm.Mul(true, false, mg*nk, nin, cg, 1, wv[g*cg*mg*nk:], mg*nk, xv[(img*c+g*cg)*nin:], nin, 0, col, nin)
			for oc := range mg {
				dst := out[(img*m+g*mg+oc)*nout:]
				for p := range nin {
					for kk, t := range taps[p*nk : (p+1)*nk] {
						if t >= 0 {
							dst[t] += col[(oc*nk+kk)*nin+p]
						}
					}
				}
			}
		}
	}
	if bias != nil {
		for i := range out {
			out[i] += bias[i/nout%m]
		}
	}
	return tensor.New(shape, out)
}
