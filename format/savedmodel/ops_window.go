package savedmodel

import (
	"fmt"
	"iter"

	"github.com/slipwayml/slipway/tensor"
)

// window is the geometry of a convolution or pooling over channels-last
// data with one to three spatial dimensions; 1-D and 2-D windows have
// leading spatial dimensions of size 1, so one loop serves them all.
type window struct {
	n, c                  int // batch and channels
	in, k, s, d, out, pad [3]int
}

// maxWindow bounds strides, dilations, kernel sizes and paddings.
const maxWindow = 1 << 20

// channelsFirst reads data_format: NCHW and NCDHW put channels second.
func channelsFirst(c *call) (bool, error) {
	switch f := c.attrString("data_format"); f {
	case "", "NHWC", "NDHWC", "NWC":
		return false, nil
	case "NCHW", "NCDHW", "NCW":
		return true, nil
	default:
		return false, fmt.Errorf("data_format %s: %w", f, ErrUnsupported)
	}
}

// spatial picks the spatial entries of a per-dimension attribute given in
// the node's data format.
func spatial(v []int64, rank int, first bool) ([]int, error) {
	if len(v) != rank {
		return nil, fmt.Errorf("%v has %d entries for a rank-%d input", v, len(v), rank)
	}
	lo := 1
	if first {
		lo = 2
	}
	out := make([]int, rank-2)
	for i := range out {
		x := v[lo+i]
		if x < 1 || x > maxWindow {
			return nil, fmt.Errorf("bad entry %d in %v", x, v)
		}
		out[i] = int(x)
	}
	return out, nil
}

// newWindow builds the geometry of a window op whose channels-last input
// has shape in and whose kernel has spatial sizes k. strides and
// dilations (nil for 1s) are attribute values in the node's data format.
func newWindow(c *call, in, k []int, strides, dilations []int64, first bool) (window, error) {
	r := len(in)
	if r < 3 || r > 5 || len(k) != r-2 {
		return window{}, fmt.Errorf("input of shape %v for a %d-D window", in, len(k))
	}
	if dilations == nil {
		dilations = []int64{1, 1, 1, 1, 1}[:r]
	}
	s, err := spatial(strides, r, first)
	if err != nil {
		return window{}, fmt.Errorf("strides: %w", err)
	}
	d, err := spatial(dilations, r, first)
	if err != nil {
		return window{}, fmt.Errorf("dilations: %w", err)
	}
	w := window{n: in[0], c: in[r-1], in: [3]int{1, 1, 1}, k: [3]int{1, 1, 1}, s: [3]int{1, 1, 1}, d: [3]int{1, 1, 1}}
	off := 5 - r // leading spatial dimensions of size 1
	for i := range r - 2 {
		if k[i] < 1 || k[i] > maxWindow {
			return window{}, fmt.Errorf("kernel sizes %v", k)
		}
		w.in[off+i], w.k[off+i], w.s[off+i], w.d[off+i] = in[1+i], k[i], s[i], d[i]
	}
	for i := range 3 {
		dim := i - off // spatial index in the attribute, <0 for padding dims
		if w.out[i], w.pad[i], err = padding(c, w.in[i], w.k[i], w.s[i], w.d[i], dim, r, first); err != nil {
			return window{}, err
		}
	}
	return w, nil
}

// padding returns the output size and leading padding of one spatial
// dimension (dim, counted among the spatial ones; <0 for an added one).
func padding(c *call, size, k, stride, dilation, dim, rank int, first bool) (out, before int, err error) {
	ek := (k-1)*dilation + 1
	switch p := c.attrString("padding"); p {
	case "VALID":
		return max(0, (size-ek+stride)/stride), 0, nil
	case "SAME":
		out = (size + stride - 1) / stride
		return out, max(0, (out-1)*stride+ek-size) / 2, nil
	case "EXPLICIT":
		if dim < 0 {
			return size, 0, nil
		}
		ep := c.attrInts("explicit_paddings")
		at := 1 + dim
		if first {
			at = 2 + dim
		}
		if len(ep) != 2*rank || ep[2*at] < 0 || ep[2*at+1] < 0 || ep[2*at] > maxWindow || ep[2*at+1] > maxWindow {
			return 0, 0, fmt.Errorf("bad explicit_paddings %v", ep)
		}
		before = int(ep[2*at])
		return max(0, (size+before+int(ep[2*at+1])-ek+stride)/stride), before, nil
	default:
		return 0, 0, fmt.Errorf("padding %q: %w", p, ErrUnsupported)
	}
}

func (w window) inSize() int     { return w.in[0] * w.in[1] * w.in[2] }
func (w window) outSize() int    { return w.out[0] * w.out[1] * w.out[2] }
func (w window) kernelSize() int { return w.k[0] * w.k[1] * w.k[2] }

// pointwise reports whether each output position reads exactly the input
// position at the same index: a 1×1 kernel with unit strides and no
// padding.
func (w window) pointwise() bool {
	return w.kernelSize() == 1 && w.s == [3]int{1, 1, 1} && w.in == w.out
}

// outShape is the channels-last output shape for ch channels, of the
// input's rank.
func (w window) outShape(rank, ch int) []int {
	s := []int{w.n}
	for _, d := range w.out[5-rank:] {
		s = append(s, d)
	}
	return append(s, ch)
}

// taps yields, for flat output position o, the flat spatial index of
// each input element under the window and the flat kernel index that
// meets it; padding is skipped without visiting it, so a window far
// larger than its input costs no more than the input.
func (w window) taps(o int) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) { w.walk(o, yield) }
}

// walk calls f with each pair taps(o) yields until f returns false. It
// allocates nothing, for the inner loops of convolutions.
func (w window) walk(o int, f func(i, k int) bool) {
	pos := [3]int{o / (w.out[1] * w.out[2]), o / w.out[2] % w.out[1], o % w.out[2]}
	var lo, hi [3]int // the kernel indices that land inside the input
	for d := range 3 {
		start := pos[d]*w.s[d] - w.pad[d]
		lo[d] = max(0, ceilDiv(-start, w.d[d]))
		hi[d] = min(w.k[d], ceilDiv(w.in[d]-start, w.d[d]))
	}
	for kz := lo[0]; kz < hi[0]; kz++ {
		iz := pos[0]*w.s[0] + kz*w.d[0] - w.pad[0]
		for ky := lo[1]; ky < hi[1]; ky++ {
			iy := pos[1]*w.s[1] + ky*w.d[1] - w.pad[1]
			for kx := lo[2]; kx < hi[2]; kx++ {
				ix := pos[2]*w.s[2] + kx*w.d[2] - w.pad[2]
				if !f((iz*w.in[1]+iy)*w.in[2]+ix, (kz*w.k[1]+ky)*w.k[2]+kx) {
					return
				}
			}
		}
	}
}

// ceilDiv is ⌈a/b⌉ for b > 0.
func ceilDiv(a, b int) int {
	if a <= 0 {
		return -(-a / b)
	}
	return (a + b - 1) / b
}

// toLast moves the channel dimension of an NC… tensor last; fromLast
// moves it back.
func toLast(t *tensor.Tensor) (*tensor.Tensor, error) {
	r := len(t.Shape())
	perm := []int{0}
	for i := 2; i < r; i++ {
		perm = append(perm, i)
	}
	return permute(t, append(perm, 1))
}

func fromLast(t *tensor.Tensor) (*tensor.Tensor, error) {
	r := len(t.Shape())
	perm := []int{0, r - 1}
	for i := 1; i < r-1; i++ {
		perm = append(perm, i)
	}
	return permute(t, perm)
}

// permute transposes t so that output dimension i is input dimension
// perm[i]; perm must be a valid permutation.
func permute(t *tensor.Tensor, perm []int) (*tensor.Tensor, error) {
	shape, st := t.Shape(), strides(t.Shape())
	out, step := make([]int, len(perm)), make([]int, len(perm))
	for i, p := range perm {
		out[i], step[i] = shape[p], st[p]
	}
	return take(t, out, gatherIndex(out, 0, step))
}

// windowKernel wraps a channels-last window computation f with the
// transposes a channels-first data_format needs; in[data] is the input
// whose layout data_format names.
func windowKernel(arity, data int, f func(c *call, in []*tensor.Tensor, first bool) (*tensor.Tensor, error)) *kernel {
	return tensorKernel(arity, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		first, err := channelsFirst(c)
		if err != nil {
			return nil, err
		}
		if r := len(in[data].Shape()); r < 3 || r > 5 {
			return nil, fmt.Errorf("input of shape %v, want 3 to 5 dimensions", in[data].Shape())
		}
		if !first {
			return f(c, in, false)
		}
		in = append([]*tensor.Tensor(nil), in...)
		if in[data], err = toLast(in[data]); err != nil {
			return nil, err
		}
		out, err := f(c, in, true)
		if err != nil {
			return nil, err
		}
		return fromLast(out)
	})
}
