package ops

import (
	"context"
	"fmt"
	"sync"

	"github.com/slipwayml/slipway/internal/gemm"
	"github.com/slipwayml/slipway/tensor"
)

// buildConv convolves [N, C, D…] input with [M, C/group, K…] weights as a
// matrix product per image and group over an im2col buffer. A Conv fused
// with the Add and Relu after it (FuseAttr) finishes each block of output
// as it comes out of the matrix product.
func buildConv(n *Node) (Kernel, error) {
	group := int(n.Int("group", 1))
	if group <= 0 {
		return nil, fmt.Errorf("group is %d", group)
	}
	fused, err := nodeFusion(n)
	if err != nil {
		return nil, err
	}
	if err := n.checkTypes([]int{0, 1, 2, 3}, tensor.DType.IsFloat, "a float"); err != nil {
		return nil, err
	}
	var packed any
	if len(n.Consts) > 1 {
		if w, ok := n.Consts[1].(*tensor.Tensor); ok && n.mayKeep(w.Len()) {
			switch w.DType() {
			case tensor.Float32:
				packed = packWeights[float32](w, group)
			case tensor.Float64:
				packed = packWeights[float64](w, group)
			}
		}
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
		var r *tensor.Tensor
		if fused.add {
			if r, err = arg(in, 3); err != nil {
				return nil, err
			}
		}
		switch x.DType() {
		case tensor.Float32:
			return result(conv[float32](n, x, w, b, group, packed, fused, r))
		case tensor.Float64:
			return result(conv[float64](n, x, w, b, group, packed, fused, r))
		case tensor.Float16:
			if fused != (fusion{}) {
				// The planner fuses float32 and float64 weights only.
				return nil, fmt.Errorf("fused Conv of %v is not supported", x.DType())
			}
			return viaFloat32(func(t []*tensor.Tensor) (*tensor.Tensor, error) {
				return conv[float32](n, t[0], t[1], t[2], group, nil, fusion{}, nil)
			}, x, w, b)
		}
		return nil, fmt.Errorf("Conv of %v is not supported", x.DType())
	}, nil
}

// packWeights packs constant weights [M, C/group, K…] for im2colConv once,
// at build time; nil when their shape is one conv will refuse.
func packWeights[T float](w *tensor.Tensor, group int) []*gemm.PackedA[T] {
	ws := w.Shape()
	if len(ws) < 3 || ws[0]%group != 0 {
		return nil
	}
	wv, _ := tensor.Values[T](w)
	mg, rows := ws[0]/group, product(ws[1:])
	packed := make([]*gemm.PackedA[T], group)
	for g := range packed {
		packed[g] = gemm.PackA(false, mg, rows, 1, wv[g*mg*rows:], rows)
	}
	return packed
}

// conv convolves x with w, whose im2col weights packed may hold (as
// []*gemm.PackedA[T]) when they are constant, then applies fused with r,
// the fused Add's operand.
func conv[T float](n *Node, x, w, b *tensor.Tensor, group int, packed any, fused fusion, r *tensor.Tensor) (*tensor.Tensor, error) {
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
	ep, inline := epilogueFor[T](fused, r, shape, 0)
	if size > 0 {
		convInto(xv, wv, bias, packed, out, win, batch, c, m, group, ep)
	}
	t, err := tensor.New(shape, out)
	if err != nil || inline {
		return t, err
	}
	return fused.unfused(t, r)
}

// convInto adds the convolution of xv with wv into out, which holds zeros
// (so that the products need not clear it again), then lets ep add the
// bias (nil for none) and finish.
func convInto[T float](xv, wv, bias []T, packed any, out []T, win window, batch, c, m, group int, ep epilogue[T]) {
	no, ni := product(win.out), product(win.in)
	cg, mg := c/group, m/group
	g, planar := newGrid(win)
	switch {
	case planar && group == c && mg == 1 && g.sw == 1 && g.ow >= minRowsWidth:
		depthwise(xv, wv, out, g, c)
	case planar && group == c && mg == 1:
		depthwisePadded(xv, wv, out, g, c)
	case pointwise(win):
		// A 1×1 kernel without stride or padding reads the input as is.
		for img := range batch {
			for gr := range group {
				gemm.Mul(false, false, mg, no, cg, 1, wv[gr*mg*cg:], cg, xv[(img*c+gr*cg)*ni:], ni, 1, out[(img*m+gr*mg)*no:], no)
			}
		}
	default:
		columns := func(dst, src []T, k, o0 int) { gridColumns(g, dst, src, k, o0) }
		if !planar {
			columns = tapColumns[T](win)
		}
		weights, _ := packed.([]*gemm.PackedA[T])
		im2colConv(xv, wv, weights, bias, out, columns, win, batch, c, m, group, ep)
		return
	}
	for plane := range batch * m {
		ep.apply(out[plane*no:][:no], plane*no, channelBias(bias, plane%m))
	}
}

// channelBias returns output channel ch's bias, 0 when there is none.
func channelBias[T float](bias []T, ch int) T {
	if bias == nil {
		return 0
	}
	return bias[ch]
}

// columnsFunc fills dst with input plane src as kernel tap k sees it from
// output positions o0, o0+1, …, zero in the padding: a stretch of one row
// of im2col's matrix.
type columnsFunc[T float] func(dst, src []T, k, o0 int)

// colBlock is how many elements of im2col's matrix are built at a time:
// enough to amortise a call into gemm, few enough to stay in L2 cache.
// Tests lower it to build small matrices in several blocks.
var colBlock = 1 << 17

// maxColWidth caps the output positions in a block of im2col's matrix: rows
// this short are read by gemm in place rather than packed again (measured
// on BenchmarkConv's 3×3 shapes and BenchmarkPredictNet/resnet).
const maxColWidth = 256

// im2colConv adds the convolution into out as matrix products per image
// and group: the weights [M/group, C/group·K] (packed by packWeights when
// not nil) times the column matrix whose row (ch, k) holds channel ch's
// input at tap k for each output position, built a block of positions at
// a time. Each block of output is finished by ep right after its product,
// while in cache.
func im2colConv[T float](xv, wv []T, weights []*gemm.PackedA[T], bias, out []T, columns columnsFunc[T], win window, batch, c, m, group int, ep epilogue[T]) {
	nk, no, ni := product(win.kernel), product(win.out), product(win.in)
	cg, mg := c/group, m/group
	rows := cg * nk
	width := min(no, maxColWidth, max(16, colBlock/max(rows, 1)/16*16))
	buf := columnBuffer[T](rows * width)
	defer colPool.Put(buf)
	if weights == nil {
		weights = make([]*gemm.PackedA[T], group)
		for g := range weights {
			weights[g] = gemm.PackA(false, mg, rows, 1, wv[g*mg*rows:], rows)
		}
	}
	for img := range batch {
		for g := range group {
			for o0 := 0; o0 < no; o0 += width {
				nb := min(width, no-o0)
				col := (*buf)[:rows*nb]
				for ch := range cg {
					src := xv[(img*c+g*cg+ch)*ni:][:ni]
					for k := range nk {
						columns(col[(ch*nk+k)*nb:][:nb], src, k, o0)
					}
				}
				gemm.MulPacked(weights[g], false, nb, col, nb, 1, out[(img*m+g*mg)*no+o0:], no)
				for ch := range mg {
					at := (img*m+g*mg+ch)*no + o0
					ep.apply(out[at:at+nb], at, channelBias(bias, g*mg+ch))
				}
			}
		}
	}
}

// colPool recycles im2col matrices, each element of which is written
// before it is read.
var colPool sync.Pool

func columnBuffer[T float](n int) *[]T {
	if buf, ok := colPool.Get().(*[]T); ok && cap(*buf) >= n {
		*buf = (*buf)[:n]
		return buf
	}
	buf := make([]T, n)
	return &buf
}

// tapColumns fills columns from the window's tap table, for any number of
// spatial dimensions.
func tapColumns[T float](win window) columnsFunc[T] {
	taps := win.taps()
	nk := product(win.kernel)
	no := len(taps) / nk
	// Tap-major, so that each row is filled in order.
	byTap := make([]int, len(taps))
	for o := range no {
		for k, t := range taps[o*nk : (o+1)*nk] {
			byTap[k*no+o] = t
		}
	}
	return func(dst, src []T, k, o0 int) {
		for o, t := range byTap[k*no+o0:][:len(dst)] {
			if t >= 0 {
				dst[o] = src[t]
			} else {
				dst[o] = 0
			}
		}
	}
}

// grid is a window over one or two spatial dimensions (one is the second
// with a height of 1), where each output row reads runs of an input row.
type grid struct {
	h, w, oh, ow, kh, kw   int
	sh, sw, dh, dw, ph, pw int
}

// newGrid returns the grid of a window over one or two spatial dimensions,
// false for more.
func newGrid(win window) (grid, bool) {
	switch len(win.in) {
	case 1:
		return grid{h: 1, w: win.in[0], oh: 1, ow: win.out[0], kh: 1, kw: win.kernel[0],
			sh: 1, sw: win.strides[0], dh: 1, dw: win.dilations[0], pw: win.padBegin[0]}, true
	case 2:
		return grid{h: win.in[0], w: win.in[1], oh: win.out[0], ow: win.out[1], kh: win.kernel[0], kw: win.kernel[1],
			sh: win.strides[0], sw: win.strides[1], dh: win.dilations[0], dw: win.dilations[1],
			ph: win.padBegin[0], pw: win.padBegin[1]}, true
	}
	return grid{}, false
}

// row returns the input row output row oy reads at kernel row ky, or -1 in
// the padding.
func (g grid) row(oy, ky int) int {
	if iy := oy*g.sh + ky*g.dh - g.ph; iy >= 0 && iy < g.h {
		return iy
	}
	return -1
}

// cols returns the output columns [lo, hi) whose input column
// ox·sw + off, off = kx·dw − pw, lies inside the image.
func (g grid) cols(kx int) (lo, hi, off int) {
	off = kx*g.dw - g.pw
	if off < 0 {
		lo = (-off + g.sw - 1) / g.sw
	}
	if last := g.w - 1 - off; last >= 0 {
		hi = min(last/g.sw+1, g.ow)
	}
	return min(lo, hi), hi, off
}

// gridColumns fills columns for a one- or two-dimensional window, a
// stretch of an output row at a time.
func gridColumns[T float](g grid, dst, src []T, k, o0 int) {
	if g.sh == 1 && g.sw == 1 && g.ow == g.w {
		shiftedColumns(g, dst, src, k, o0)
		return
	}
	ky, kx := k/g.kw, k%g.kw
	lo, hi, off := g.cols(kx)
	// The stretch of output row oy from column ox0 to ox1; only the first
	// starts inside a row, and dividing once spares a division per row.
	oy, ox0 := o0/g.ow, o0%g.ow
	for o := o0; o < o0+len(dst); oy, ox0 = oy+1, 0 {
		ox1 := min(g.ow, ox0+o0+len(dst)-o)
		d := dst[o-o0 : o-o0+ox1-ox0]
		o += ox1 - ox0
		iy := g.row(oy, ky)
		a, b := max(lo, ox0), min(hi, ox1)
		if iy < 0 || a >= b {
			zero(d)
			continue
		}
		zero(d[:a-ox0])
		zero(d[b-ox0:])
		in := d[a-ox0 : b-ox0]
		s := src[iy*g.w+a*g.sw+off : iy*g.w+(b-1)*g.sw+off+1]
		if g.sw == 1 {
			copy(in, s)
			continue
		}
		for i := range in {
			in[i] = s[i*g.sw]
		}
	}
}

// zero clears the short spans of padding in a row, where a loop beats a
// call to clear.
func zero[T float](d []T) {
	for i := range d {
		d[i] = 0
	}
}

// shiftedColumns fills columns when each tap reads the input shifted by a
// constant (stride 1, output rows as wide as input rows, as in most 3×3
// convolutions): one copy, then zeros where the tap falls in the padding.
func shiftedColumns[T float](g grid, dst, src []T, k, o0 int) {
	ky, kx := k/g.kw, k%g.kw
	lo, hi, off := g.cols(kx)
	shift := (ky*g.dh-g.ph)*g.w + off
	o1 := o0 + len(dst)
	// Positions [ra, rb) are on output rows whose input row exists.
	ra := max(o0, (g.ph-ky*g.dh)*g.ow)
	rb := min(o1, (g.h+g.ph-ky*g.dh)*g.ow)
	if ra >= rb {
		clear(dst)
		return
	}
	clear(dst[:ra-o0])
	clear(dst[rb-o0:])
	// Positions outside the input slice are in padding columns, zeroed next.
	ca, cb := max(ra, -shift), min(rb, len(src)-shift)
	if ca < cb {
		copy(dst[ca-o0:cb-o0], src[ca+shift:cb+shift])
	}
	if lo == 0 && hi == g.ow {
		return
	}
	for row := ra - ra%g.ow; row < rb; row += g.ow {
		zero(dst[max(row, ra)-o0 : max(min(row+lo, rb), ra)-o0])
		zero(dst[min(max(row+hi, ra), rb)-o0 : min(row+g.ow, rb)-o0])
	}
}

// depthwise adds, for a convolution with one filter per channel, each
// channel's filtered input to out directly: as a matrix product it would
// be one row deep. With a horizontal stride of 1, the columns every tap
// reads inside the image are a weighted sum of shifted input rows
// (gemm.AddRows); the rest is summed tap by tap.
func depthwise[T float](xv, wv, out []T, g grid, c int) {
	ni, no, nk := g.h*g.w, g.oh*g.ow, g.kh*g.kw
	lo, hi := 0, g.ow
	for kx := range g.kw {
		l, h, _ := g.cols(kx)
		lo, hi = max(lo, l), min(hi, h)
	}
	if g.sw != 1 || lo >= hi {
		lo, hi = 0, 0
	}
	weights, rows := make([]T, 0, nk), make([][]T, 0, nk)
	for plane := range len(out) / no {
		src := xv[plane*ni:][:ni]
		w := wv[plane%c*nk:][:nk]
		for oy := range g.oh {
			dst := out[(plane*g.oh+oy)*g.ow:][:g.ow]
			if lo < hi {
				weights, rows = weights[:0], rows[:0]
				for ky := range g.kh {
					iy := g.row(oy, ky)
					if iy < 0 {
						continue
					}
					for kx, wk := range w[ky*g.kw : (ky+1)*g.kw] {
						weights = append(weights, wk)
						rows = append(rows, src[iy*g.w+lo+kx*g.dw-g.pw:])
					}
				}
				gemm.AddRows(dst[lo:hi], weights, rows)
			}
			for _, span := range [2][2]int{{0, lo}, {hi, g.ow}} {
				for ox := span[0]; ox < span[1]; ox++ {
					dst[ox] += tapSum(g, src, w, oy, ox)
				}
			}
		}
	}
}

// minRowsWidth is the output width from which depthwise's calls to
// gemm.AddRows beat depthwisePadded's scalar loops.
const minRowsWidth = 16

// depthwisePadded is depthwise for strided or narrow outputs: each input
// plane is copied once into a zero-padded buffer, so that every tap reads
// it without a test for the padding.
func depthwisePadded[T float](xv, wv, out []T, g grid, c int) {
	ni, no, nk := g.h*g.w, g.oh*g.ow, g.kh*g.kw
	// The padded plane spans every position a tap reads.
	pw := (g.ow-1)*g.sw + (g.kw-1)*g.dw + 1
	ph := (g.oh-1)*g.sh + (g.kh-1)*g.dh + 1
	buf := make([]T, ph*pw)
	// Input columns [0, cols) land inside the plane; a stride may skip
	// the rest, or all of them when the padding is wider than the plane.
	cols := min(g.w, pw-g.pw)
	for plane := range len(out) / no {
		src := xv[plane*ni:][:ni]
		for iy := range min(g.h, ph-g.ph) {
			if cols > 0 {
				copy(buf[(iy+g.ph)*pw+g.pw:][:cols], src[iy*g.w:][:cols])
			}
		}
		w := wv[plane%c*nk:][:nk]
		for oy := range g.oh {
			dst := out[(plane*g.oh+oy)*g.ow:][:g.ow]
			for k, wk := range w {
				row := buf[(oy*g.sh+k/g.kw*g.dh)*pw+k%g.kw*g.dw:]
				_ = row[(g.ow-1)*g.sw]
				for ox := range dst {
					dst[ox] += wk * row[ox*g.sw]
				}
			}
		}
	}
}

// tapSum returns the sum over kernel taps of w times the input output
// position (oy, ox) reads at that tap, skipping padding.
func tapSum[T float](g grid, src, w []T, oy, ox int) T {
	var sum T
	for ky := range g.kh {
		iy := g.row(oy, ky)
		if iy < 0 {
			continue
		}
		row := src[iy*g.w : (iy+1)*g.w]
		for kx, wk := range w[ky*g.kw : (ky+1)*g.kw] {
			if ix := ox*g.sw + kx*g.dw - g.pw; ix >= 0 && ix < g.w {
				sum += wk * row[ix]
			}
		}
	}
	return sum
}

// pointwise reports whether a window reads each input position once, in
// order: a 1×1 kernel without stride or padding.
func pointwise(w window) bool {
	for i := range w.kernel {
		if w.kernel[i] != 1 || w.strides[i] != 1 || w.padBegin[i] != 0 || w.padEnd[i] != 0 {
			return false
		}
	}
	return true
}
