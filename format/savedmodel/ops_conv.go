package savedmodel

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// window is the geometry of a 2-D convolution or pooling over NHWC data.
type window struct {
	n, h, w, c     int // input
	kh, kw         int
	sh, sw, dh, dw int
	oh, ow         int
	top, left      int
}

// newWindow reads strides, dilations and padding attributes as Conv2D and
// the pooling ops define them.
func newWindow(c *call, in []int, kh, kw int) (window, error) {
	if len(in) != 4 {
		return window{}, fmt.Errorf("input of shape %v, want NHWC", in)
	}
	if f := c.attrString("data_format"); f != "" && f != "NHWC" {
		return window{}, fmt.Errorf("data_format %s: %w", f, ErrUnsupported)
	}
	s, d := c.attrInts("strides"), c.attrInts("dilations")
	if len(d) == 0 {
		d = []int64{1, 1, 1, 1}
	}
	if len(s) != 4 || len(d) != 4 || s[1] < 1 || s[2] < 1 || d[1] < 1 || d[2] < 1 || s[1] > 1<<20 || s[2] > 1<<20 || d[1] > 1<<20 || d[2] > 1<<20 {
		return window{}, fmt.Errorf("bad strides %v or dilations %v", s, d)
	}
	w := window{n: in[0], h: in[1], w: in[2], c: in[3], kh: kh, kw: kw,
		sh: int(s[1]), sw: int(s[2]), dh: int(d[1]), dw: int(d[2])}
	var err error
	if w.oh, w.top, err = padding(c, w.h, kh, w.sh, w.dh, 1); err != nil {
		return window{}, err
	}
	if w.ow, w.left, err = padding(c, w.w, kw, w.sw, w.dw, 2); err != nil {
		return window{}, err
	}
	return w, nil
}

// padding returns the output size and leading padding of one spatial
// dimension.
func padding(c *call, size, k, stride, dilation, dim int) (out, before int, err error) {
	ek := (k-1)*dilation + 1
	switch p := c.attrString("padding"); p {
	case "VALID":
		return max(0, (size-ek+stride)/stride), 0, nil
	case "SAME":
		out = (size + stride - 1) / stride
		return out, max(0, (out-1)*stride+ek-size) / 2, nil
	case "EXPLICIT":
		ep := c.attrInts("explicit_paddings")
		if len(ep) != 8 || ep[2*dim] < 0 || ep[2*dim+1] < 0 || ep[2*dim] > 1<<20 || ep[2*dim+1] > 1<<20 {
			return 0, 0, fmt.Errorf("bad explicit_paddings %v", ep)
		}
		before = int(ep[2*dim])
		return max(0, (size+before+int(ep[2*dim+1])-ek+stride)/stride), before, nil
	default:
		return 0, 0, fmt.Errorf("padding %q: %w", p, ErrUnsupported)
	}
}

var conv2DOp = tensorKernel(2, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	fs := in[1].Shape()
	if len(fs) != 4 {
		return nil, fmt.Errorf("filter of shape %v, want [h, w, in, out]", fs)
	}
	w, err := newWindow(c, in[0].Shape(), fs[0], fs[1])
	if err != nil {
		return nil, err
	}
	if fs[2] == 0 || w.c%fs[2] != 0 {
		return nil, fmt.Errorf("filter %v does not match %d input channels", fs, w.c)
	}
	groups, oc := w.c/fs[2], fs[3]
	if oc%groups != 0 {
		return nil, fmt.Errorf("%d output channels in %d groups", oc, groups)
	}
	shape := []int{w.n, w.oh, w.ow, oc}
	if _, err := checkSize(shape); err != nil {
		return nil, err
	}
	x, err := asFloat64(in[0])
	if err != nil {
		return nil, err
	}
	f, err := asFloat64(in[1])
	if err != nil {
		return nil, err
	}
	icg, ocg := fs[2], oc/groups
	out := make([]float64, w.n*w.oh*w.ow*oc)
	for b := range w.n {
		for oy := range w.oh {
			for ox := range w.ow {
				o := out[((b*w.oh+oy)*w.ow+ox)*oc:][:oc]
				for ky := range w.kh {
					iy := oy*w.sh + ky*w.dh - w.top
					if iy < 0 || iy >= w.h {
						continue
					}
					for kx := range w.kw {
						ix := ox*w.sw + kx*w.dw - w.left
						if ix < 0 || ix >= w.w {
							continue
						}
						px := x[((b*w.h+iy)*w.w+ix)*w.c:]
						fk := f[(ky*w.kw+kx)*icg*oc:]
						for co := range oc {
							g := co / ocg
							var s float64
							for ci := range icg {
								s += px[g*icg+ci] * fk[ci*oc+co]
							}
							o[co] += s
						}
					}
				}
			}
		}
	}
	return fromFloat64(in[0].DType(), shape, out)
})

// poolOp is MaxPool, or AvgPool when avg is set. Padding never counts: an
// average divides by the number of input elements in the window.
func poolOp(avg bool) *kernel {
	return tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		k := c.attrInts("ksize")
		if len(k) != 4 || k[0] != 1 || k[3] != 1 || k[1] < 1 || k[2] < 1 || k[1] > 1<<20 || k[2] > 1<<20 {
			return nil, fmt.Errorf("ksize %v: want [1, h, w, 1]", k)
		}
		w, err := newWindow(c, in[0].Shape(), int(k[1]), int(k[2]))
		if err != nil {
			return nil, err
		}
		shape := []int{w.n, w.oh, w.ow, w.c}
		if _, err := checkSize(shape); err != nil {
			return nil, err
		}
		x, err := asFloat64(in[0])
		if err != nil {
			return nil, err
		}
		out := make([]float64, w.n*w.oh*w.ow*w.c)
		for b := range w.n {
			for oy := range w.oh {
				for ox := range w.ow {
					for ch := range w.c {
						acc, count := math.Inf(-1), 0
						if avg {
							acc = 0
						}
						for ky := range w.kh {
							iy := oy*w.sh + ky - w.top
							for kx := range w.kw {
								ix := ox*w.sw + kx - w.left
								if iy < 0 || iy >= w.h || ix < 0 || ix >= w.w {
									continue
								}
								v := x[((b*w.h+iy)*w.w+ix)*w.c+ch]
								if avg {
									acc += v
								} else {
									acc = max(acc, v)
								}
								count++
							}
						}
						if avg && count > 0 {
							acc /= float64(count)
						}
						out[((b*w.oh+oy)*w.ow+ox)*w.c+ch] = acc
					}
				}
			}
		}
		return fromFloat64(in[0].DType(), shape, out)
	})
}
