package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildCol2Im scatters the sliding blocks of [N, C·∏block, L] back into an
// [N, C, image…] image, summing where blocks overlap: the adjoint of the
// im2col that Conv's window taps describe.
func buildCol2Im(n *Node) (Kernel, error) {
	// Read the window attributes once here, so that a wrong kind is
	// reported at load rather than from newWindow per request.
	n.Ints("strides")
	n.Ints("dilations")
	n.Ints("pads")
	if n.Has("auto_pad") {
		return nil, fmt.Errorf("Col2Im has no auto_pad attribute")
	}
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		image, block, err := col2imShapes(in)
		if err != nil {
			return nil, err
		}
		w, err := newWindow(n, image, block, false)
		if err != nil {
			return nil, err
		}
		return result(col2im(ctx, x, w))
	}), nil
}

// col2imShapes reads the image_shape and block_shape inputs.
func col2imShapes(in []Value) (image, block []int, err error) {
	var dims [2][]int
	for i := range dims {
		t, err := arg(in, i+1)
		if err != nil {
			return nil, nil, err
		}
		v, err := int64s(t)
		if err != nil {
			return nil, nil, fmt.Errorf("Col2Im input %d: %w", i+1, err)
		}
		for _, d := range v {
			if d <= 0 || d > MaxElements {
				return nil, nil, fmt.Errorf("%w: Col2Im input %d holds dimension %d", tensor.ErrShape, i+1, d)
			}
		}
		dims[i] = ints(v)
	}
	if len(dims[0]) != len(dims[1]) || len(dims[0]) == 0 {
		return nil, nil, fmt.Errorf("%w: Col2Im image_shape %v and block_shape %v differ in length", tensor.ErrShape, dims[0], dims[1])
	}
	return dims[0], dims[1], nil
}

func col2im(ctx context.Context, x *tensor.Tensor, w window) (*tensor.Tensor, error) {
	xs := x.Shape()
	nk, err := numElements(w.kernel)
	if err != nil {
		return nil, err
	}
	nb, err := numElements(w.out)
	if err != nil {
		return nil, err
	}
	// The taps table is as large as one plane's blocks, which an empty
	// input does not bound.
	if _, err := numElements([]int{nk, nb}); err != nil {
		return nil, err
	}
	if len(xs) != 3 || xs[1]%nk != 0 || xs[2] != nb {
		return nil, fmt.Errorf("%w: Col2Im input %v does not hold %d blocks of %v over image %v", tensor.ErrShape, xs, nb, w.kernel, w.in)
	}
	planes := xs[0] * xs[1] / nk
	shape := append([]int{xs[0], xs[1] / nk}, w.in...)
	size, err := numElements(shape)
	if err != nil {
		return nil, err
	}
	xv, err := x.Float64s()
	if err != nil {
		return nil, err
	}
	// taps is indexed [block][kernel position]; x is [plane][kernel position][block].
	taps := w.taps()
	plane := size / max(planes, 1)
	out := make([]float64, size)
	for c := range planes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		src, dst := xv[c*nk*nb:(c+1)*nk*nb], out[c*plane:(c+1)*plane]
		for k := range nk {
			for b := range nb {
				if p := taps[b*nk+k]; p >= 0 {
					dst[p] += src[k*nb+b]
				}
			}
		}
	}
	f, err := tensor.New(shape, out)
	if err != nil {
		return nil, err
	}
	return Cast(f, x.DType())
}
