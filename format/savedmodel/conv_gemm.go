package savedmodel

import "github.com/slipwayml/slipway/internal/gemm"

// convolution is the geometry of a channels-last convolution: its window
// and a filter [k…, icg, oc] whose output channels fall in w.c/icg groups,
// each reading icg input channels.
type convolution struct {
	w       window
	icg, oc int
}

// colBlock is about how many elements of the im2col matrix are built at a
// time: enough rows to amortise a call into gemm, few enough to stay in L2
// cache. Tests lower it to cover blocks that end mid-image.
var colBlock = 1 << 16

// blockRows is how many output positions, rows of an im2col matrix of
// the given width, make one block.
func blockRows(width, positions int) int {
	return min(positions, max(1, colBlock/max(width, 1)))
}

// convolve computes the convolution of input x with filter f: per block
// of output positions and group, the im2col matrix [positions, k·icg]
// times the group's filter columns [k·icg, oc/groups].
func convolve[T gemm.Float](cv convolution, x, f []T) []T {
	w := cv.w
	positions, groups := w.n*w.outSize(), w.c/cv.icg
	ocg := cv.oc / groups
	out := make([]T, positions*cv.oc)
	switch {
	case len(out) == 0:
		// Explicit padding can make vast windows of no channels: not a
		// position to visit.
	case cv.icg == 1 && groups > 1:
		depthwise(cv, x, f, out)
	case w.pointwise():
		// Without a window, the input is already the im2col matrix.
		gemm.Mul(false, false, positions, cv.oc, w.c, 1, x, w.c, f, cv.oc, 0, out, cv.oc)
	default:
		width := w.kernelSize() * cv.icg
		rows := blockRows(width, positions)
		col := make([]T, rows*width)
		for p0 := 0; p0 < positions; p0 += rows {
			nb := min(rows, positions-p0)
			for g := range groups {
				for r := range nb {
					patch(w, x, col[r*width:][:width], p0+r, g*cv.icg)
				}
				gemm.Mul(false, false, nb, ocg, width, 1, col, width, f[g*ocg:], cv.oc, 0, out[p0*cv.oc+g*ocg:], cv.oc)
			}
		}
	}
	return out
}

// patch fills row with the len(row)/kernelSize input channels from c0 on
// under flat output position p's window, tap after tap, zero where the
// window covers padding.
func patch[T gemm.Float](w window, x, row []T, p, c0 int) {
	clear(row)
	b, o := p/w.outSize(), p%w.outSize()
	ch := len(row) / w.kernelSize()
	w.walk(o, func(i, k int) bool {
		copy(row[k*ch:][:ch], x[(b*w.inSize()+i)*w.c+c0:][:ch])
		return true
	})
}

// depthwise computes a convolution with one input channel per group,
// whose im2col blocks would be too narrow for gemm: input channel c
// feeds outputs c·ocg… through its own filter row.
func depthwise[T gemm.Float](cv convolution, x, f, out []T) {
	w := cv.w
	ocg := cv.oc / w.c
	for p := range w.n * w.outSize() {
		b, o := p/w.outSize(), p%w.outSize()
		acc := out[p*cv.oc:][:cv.oc]
		w.walk(o, func(i, k int) bool {
			px := x[(b*w.inSize()+i)*w.c:][:w.c]
			fk := f[k*cv.oc:][:cv.oc]
			if ocg == 1 {
				for c, xv := range px {
					acc[c] += xv * fk[c]
				}
				return true
			}
			for c, xv := range px {
				a := acc[c*ocg:][:ocg]
				for j, fv := range fk[c*ocg:][:ocg] {
					a[j] += xv * fv
				}
			}
			return true
		})
	}
}

// convolveTranspose computes the gradient of a convolution with respect
// to its input (w.c channels, filter [k…, w.c, oc]) from out_backprop dy:
// per block of output positions, dy [positions, oc] times the transposed
// filter gives each position's contribution to the input under its
// window, [positions, k·c], which is then added in place (col2im).
func convolveTranspose[T gemm.Float](w window, oc int, f, dy []T) []T {
	positions, width := w.n*w.outSize(), w.kernelSize()*w.c
	out := make([]T, w.n*w.inSize()*w.c)
	if len(out) == 0 || oc == 0 {
		return out
	}
	rows := blockRows(width, positions)
	col := make([]T, rows*width)
	for p0 := 0; p0 < positions; p0 += rows {
		nb := min(rows, positions-p0)
		gemm.Mul(false, true, nb, width, oc, 1, dy[p0*oc:], oc, f, oc, 0, col, width)
		for r := range nb {
			b, o := (p0+r)/w.outSize(), (p0+r)%w.outSize()
			w.walk(o, func(i, k int) bool {
				dx := out[(b*w.inSize()+i)*w.c:][:w.c]
				for ch, v := range col[r*width+k*w.c:][:w.c] {
					dx[ch] += v
				}
				return true
			})
		}
	}
	return out
}
