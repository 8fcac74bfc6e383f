package savedmodel

import (
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// convOp is Conv2D and Conv3D (filter [k…, in/groups, out]) and, with
// depthwise set, DepthwiseConv2dNative (filter [kh, kw, in, multiplier]),
// which is a grouped convolution with one input channel per group.
func convOp(depthwise bool) *kernel {
	return windowKernel(2, 0, func(c *call, in []*tensor.Tensor, first bool) (*tensor.Tensor, error) {
		xs, fs := in[0].Shape(), in[1].Shape()
		r := len(xs)
		if len(fs) != r {
			return nil, fmt.Errorf("filter of shape %v for input %v", fs, xs)
		}
		icg, oc := fs[r-2], fs[r-1]
		if depthwise {
			icg, oc = 1, fs[r-2]*fs[r-1]
		}
		w, err := newWindow(c, xs, fs[:r-2], c.attrInts("strides"), c.attrInts("dilations"), first)
		if err != nil {
			return nil, err
		}
		if icg == 0 || w.c%icg != 0 || depthwise && fs[r-2] != w.c {
			return nil, fmt.Errorf("filter %v does not match %d input channels", fs, w.c)
		}
		groups := w.c / icg
		if groups == 0 || oc%groups != 0 {
			return nil, fmt.Errorf("%d output channels in %d groups", oc, groups)
		}
		shape := w.outShape(r, oc)
		if _, err := checkSize(shape); err != nil {
			return nil, err
		}
		cv := convolution{w: w, icg: icg, oc: oc}
		return computeFloat(in[0].DType(), shape, in[0], in[1],
			func(x, f []float32) []float32 { return convolve(cv, x, f) },
			func(x, f []float64) []float64 { return convolve(cv, x, f) })
	})
}

// convBackpropInputOp is Conv2DBackpropInput and Conv3DBackpropInputV2,
// Keras's Conv2DTranspose and Conv3DTranspose: the gradient of a
// convolution with respect to an input of shape input_sizes, scattering
// each out_backprop element through the filter.
var convBackpropInputOp = windowKernel(3, 2, func(c *call, in []*tensor.Tensor, first bool) (*tensor.Tensor, error) {
	sizes, err := asInts(in[0])
	if err != nil {
		return nil, fmt.Errorf("input_sizes: %w", err)
	}
	fs, ys := in[1].Shape(), in[2].Shape()
	r := len(ys)
	if len(sizes) != r || len(fs) != r {
		return nil, fmt.Errorf("input_sizes %v and filter %v for out_backprop %v", sizes, fs, ys)
	}
	if first {
		sizes = append(append([]int{sizes[0]}, sizes[2:]...), sizes[1])
	}
	w, err := newWindow(c, sizes, fs[:r-2], c.attrInts("strides"), c.attrInts("dilations"), first)
	if err != nil {
		return nil, err
	}
	ic, oc := fs[r-2], fs[r-1]
	if ic != w.c || oc != ys[r-1] || ys[0] != w.n || w.n*w.outSize()*oc != in[2].Len() {
		return nil, fmt.Errorf("filter %v and out_backprop %v do not match input_sizes %v", fs, ys, sizes)
	}
	if _, err := checkSize(sizes); err != nil {
		return nil, err
	}
	return computeFloat(in[2].DType(), sizes, in[1], in[2],
		func(f, dy []float32) []float32 { return convolveTranspose(w, oc, f, dy) },
		func(f, dy []float64) []float64 { return convolveTranspose(w, oc, f, dy) })
})

// extractImagePatchesOp is ExtractImagePatches (tf.image.extract_patches,
// the patch embedding of Keras vision transformers): each output pixel
// holds its ksizes window flattened in (row, column, channel) order, with
// zeros where the window covers padding.
var extractImagePatchesOp = windowKernel(1, 0, func(c *call, in []*tensor.Tensor, first bool) (*tensor.Tensor, error) {
	xs := in[0].Shape()
	if len(xs) != 4 {
		return nil, fmt.Errorf("images of shape %v, want NHWC", xs)
	}
	k, err := spatial(c.attrInts("ksizes"), 4, first)
	if err != nil {
		return nil, fmt.Errorf("ksizes: %w", err)
	}
	w, err := newWindow(c, xs, k, c.attrInts("strides"), c.attrInts("rates"), first)
	if err != nil {
		return nil, err
	}
	depth := k[0] * k[1] * w.c
	shape := w.outShape(4, depth)
	n, err := checkSize(shape)
	if err != nil {
		return nil, err
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = -1
	}
	for b := range w.n {
		for o := range w.outSize() {
			patch := idx[(b*w.outSize()+o)*depth:][:depth]
			for i, kk := range w.taps(o) {
				for ch := range w.c {
					patch[kk*w.c+ch] = (b*w.inSize()+i)*w.c + ch
				}
			}
		}
	}
	zero, err := tensor.Zeros(in[0].DType(), []int{})
	if err != nil {
		return nil, err
	}
	return takeOr(in[0], shape, idx, zero)
})
