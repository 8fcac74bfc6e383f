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
	pos := make([]int, len(out))
	off := base
	for i := range idx {
		idx[i] = off
		for d := len(out) - 1; d >= 0; d-- {
			pos[d]++
			off += st[d]
			if pos[d] < out[d] {
				break
			}
			off -= st[d] * pos[d]
			pos[d] = 0
		}
	}
	return idx
}

// binary applies f element-wise to a and b with numpy broadcasting.
func binary[T, R tensor.Elem](a, b *tensor.Tensor, f func(x, y T) R) (*tensor.Tensor, error) {
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
	case len(x) == n && len(y) == n:
		for i := range out {
			out[i] = f(x[i], y[i])
		}
	case len(y) == 1 && len(x) == n:
		for i := range out {
			out[i] = f(x[i], y[0])
		}
	case len(x) == 1 && len(y) == n:
		for i := range out {
			out[i] = f(x[0], y[i])
		}
	default:
		ix, iy := broadcastIndex(a.Shape(), shape), broadcastIndex(b.Shape(), shape)
		for i := range out {
			out[i] = f(x[ix[i]], y[iy[i]])
		}
	}
	return tensor.New(shape, out)
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
