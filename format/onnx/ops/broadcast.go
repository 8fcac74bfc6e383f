package ops

import (
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// broadcastShape returns the numpy broadcast of shapes.
func broadcastShape(shapes ...[]int) ([]int, error) {
	r := 0
	for _, s := range shapes {
		r = max(r, len(s))
	}
	out := make([]int, r)
	for i := range out {
		out[i] = 1
	}
	for _, s := range shapes {
		off := r - len(s)
		for i, d := range s {
			switch o := out[off+i]; {
			case d == o || d == 1:
			case o == 1:
				out[off+i] = d
			default:
				return nil, fmt.Errorf("%w: shapes %v do not broadcast", tensor.ErrShape, shapes)
			}
		}
	}
	return out, nil
}

// broadcastStrides returns the strides with which an array of shape is read
// when broadcast to out: 0 along broadcast dimensions.
func broadcastStrides(shape, out []int) []int {
	st := make([]int, len(out))
	off := len(out) - len(shape)
	own := strides(shape)
	for i, d := range shape {
		if d != 1 {
			st[off+i] = own[i]
		}
	}
	return st
}

// broadcastIndex returns, for each element of out in row-major order, the
// index of the element of an array of shape that broadcasts to it.
func broadcastIndex(shape, out []int) []int {
	return stridedIndex(out, broadcastStrides(shape, out), 0)
}

// stridedIndex returns, for each position of out in row-major order, the
// offset base + Σ pos[d]*st[d]: the source index of a strided view.
func stridedIndex(out, st []int, base int) []int {
	n := product(out)
	idx := make([]int, n)
	if n == 0 {
		return idx
	}
	last := len(out) - 1
	if last < 0 {
		idx[0] = base
		return idx
	}
	inner, step := out[last], st[last]
	rows := newOdometer(out[:last], [][]int{st[:last]}, base)
	for r := 0; r < n; r += inner {
		off := rows.off[0]
		for k := range idx[r : r+inner] {
			idx[r+k] = off + k*step
		}
		rows.next()
	}
	return idx
}

// odometer walks the positions of dims in row-major order, keeping the
// offsets of strided views (off[k] = Σ pos[d]*st[k][d] + base) in step.
type odometer struct {
	dims, pos []int
	st        [][]int
	off       []int
}

func newOdometer(dims []int, st [][]int, base int) *odometer {
	o := &odometer{dims: dims, pos: make([]int, len(dims)), st: st, off: make([]int, len(st))}
	for k := range o.off {
		o.off[k] = base
	}
	return o
}

// next moves to the following position.
func (o *odometer) next() {
	for d := len(o.dims) - 1; d >= 0; d-- {
		o.pos[d]++
		for k, st := range o.st {
			o.off[k] += st[d]
		}
		if o.pos[d] < o.dims[d] {
			return
		}
		for k, st := range o.st {
			o.off[k] -= st[d] * o.pos[d]
		}
		o.pos[d] = 0
	}
}

// binary applies f element-wise to a and b with numpy broadcasting.
func binary[T, R tensor.Elem](a, b *tensor.Tensor, f func(x, y T) R) (*tensor.Tensor, error) {
	return binaryRows(a, b, func(out []R, x, y []T) {
		switch {
		case len(x) == len(y):
			for i := range out {
				out[i] = f(x[i], y[i])
			}
		case len(y) == 1:
			for i := range out {
				out[i] = f(x[i], y[0])
			}
		default:
			for i := range out {
				out[i] = f(x[0], y[i])
			}
		}
	})
}

// binaryRows computes a row-wise operation on a and b with numpy
// broadcasting. row fills out from x and y, each as long as out or, when
// broadcast along it, of one element; it is called once for the whole
// output when the operands allow, else once per row of its last
// dimension.
func binaryRows[T, R tensor.Elem](a, b *tensor.Tensor, row func(out []R, x, y []T)) (*tensor.Tensor, error) {
	x, ok1 := tensor.Values[T](a)
	y, ok2 := tensor.Values[T](b)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("operands are %v and %v", a.DType(), b.DType())
	}
	shape, err := broadcastShape(a.Shape(), b.Shape())
	if err != nil {
		return nil, err
	}
	n, err := numElements(shape)
	if err != nil {
		return nil, err
	}
	out := make([]R, n)
	switch {
	case n == 0:
	case (len(x) == n || len(x) == 1) && (len(y) == n || len(y) == 1):
		row(out, x, y)
	default:
		broadcastRows(x, y, out, a.Shape(), b.Shape(), shape, row)
	}
	return tensor.New(shape, out)
}

// broadcastRows calls row for each row of out's last dimension, along
// which each operand advances by one element or stays on one.
func broadcastRows[T, R tensor.Elem](x, y []T, out []R, xs, ys, shape []int, row func(out []R, x, y []T)) {
	last := len(shape) - 1
	sx, sy := broadcastStrides(xs, shape), broadcastStrides(ys, shape)
	inner := shape[last]
	lx, ly := 1, 1
	if sx[last] != 0 {
		lx = inner
	}
	if sy[last] != 0 {
		ly = inner
	}
	rows := newOdometer(shape[:last], [][]int{sx[:last], sy[:last]}, 0)
	for r := 0; r < len(out); r += inner {
		i, j := rows.off[0], rows.off[1]
		row(out[r:r+inner], x[i:i+lx], y[j:j+ly])
		rows.next()
	}
}

// sameType checks that the inputs share a dtype, as most operators' type
// constraints require.
func sameType(ts ...*tensor.Tensor) error {
	for _, t := range ts[1:] {
		if t.DType() != ts[0].DType() {
			return fmt.Errorf("operands are %v and %v, want one type", ts[0].DType(), t.DType())
		}
	}
	return nil
}

// floatBinary applies f element-wise in float64 with broadcasting and
// returns the result in a's dtype.
func floatBinary(a, b *tensor.Tensor, f func(x, y float64) float64) (*tensor.Tensor, error) {
	x, err := a.Float64s()
	if err != nil {
		return nil, err
	}
	y, err := b.Float64s()
	if err != nil {
		return nil, err
	}
	xt, err := tensor.New(a.Shape(), x)
	if err != nil {
		return nil, err
	}
	yt, err := tensor.New(b.Shape(), y)
	if err != nil {
		return nil, err
	}
	r, err := binary(xt, yt, f)
	if err != nil {
		return nil, err
	}
	return Cast(r, a.DType())
}
