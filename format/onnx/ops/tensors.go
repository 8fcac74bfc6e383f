package ops

import (
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// number is the set of numeric element types kernels are generic over.
type number interface {
	int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64 | float32 | float64
}

type float interface{ float32 | float64 }

// arg returns input i as a tensor.
func arg(in []Value, i int) (*tensor.Tensor, error) {
	if i >= len(in) || in[i] == nil {
		return nil, fmt.Errorf("input %d is missing", i)
	}
	t, ok := in[i].(*tensor.Tensor)
	if !ok {
		return nil, fmt.Errorf("input %d is a %T, want a tensor", i, in[i])
	}
	return t, nil
}

// optArg returns input i as a tensor, or nil when it is absent.
func optArg(in []Value, i int) (*tensor.Tensor, error) {
	if i >= len(in) || in[i] == nil {
		return nil, nil
	}
	return arg(in, i)
}

// NewTensor builds a tensor of dtype dt from storage of its Go element type
// ([]uint16 for Float16). It does not copy data.
func NewTensor(dt tensor.DType, shape []int, data any) (*tensor.Tensor, error) {
	switch d := data.(type) {
	case []bool:
		return tensor.New(shape, d)
	case []int8:
		return tensor.New(shape, d)
	case []int16:
		return tensor.New(shape, d)
	case []int32:
		return tensor.New(shape, d)
	case []int64:
		return tensor.New(shape, d)
	case []uint8:
		return tensor.New(shape, d)
	case []uint16:
		if dt == tensor.Float16 {
			return tensor.NewFloat16(shape, d)
		}
		return tensor.New(shape, d)
	case []uint32:
		return tensor.New(shape, d)
	case []uint64:
		return tensor.New(shape, d)
	case []float32:
		return tensor.New(shape, d)
	case []float64:
		return tensor.New(shape, d)
	case []string:
		return tensor.New(shape, d)
	}
	return nil, fmt.Errorf("unsupported storage %T", data)
}

// Take returns a tensor of t's dtype and the given shape whose i-th element
// is t's element idx[i], or the zero value where idx[i] is negative.
// Data-movement operators reduce to it.
func Take(t *tensor.Tensor, shape []int, idx []int) (*tensor.Tensor, error) {
	return take(t, shape, positions{idx: idx})
}

// TakeStrided returns the tensor of the given shape whose element at
// position p is t's element base + Σ p[d]·st[d]: a transposed, sliced or
// broadcast view of t, copied row by row without an index per element.
func TakeStrided(t *tensor.Tensor, shape, st []int, base int) (*tensor.Tensor, error) {
	return take(t, shape, positions{shape: shape, st: st, base: base, strided: true})
}

// TakeBlocks returns the tensor of the given shape that is the runs
// t[off:off+width] for each off of starts, one after the other.
func TakeBlocks(t *tensor.Tensor, shape []int, starts []int, width int) (*tensor.Tensor, error) {
	return take(t, shape, positions{idx: starts, width: width})
}

// positions says which source elements a take copies: idx (or, with
// width, the runs of width elements starting there), or the strided view
// shape, st, base.
type positions struct {
	idx       []int
	width     int
	shape, st []int
	base      int
	strided   bool
}

func take(t *tensor.Tensor, shape []int, p positions) (*tensor.Tensor, error) {
	var data any
	switch d := t.Data().(type) {
	case []bool:
		data = pick(d, p)
	case []int8:
		data = pick(d, p)
	case []int16:
		data = pick(d, p)
	case []int32:
		data = pick(d, p)
	case []int64:
		data = pick(d, p)
	case []uint8:
		data = pick(d, p)
	case []uint16:
		data = pick(d, p)
	case []uint32:
		data = pick(d, p)
	case []uint64:
		data = pick(d, p)
	case []float32:
		data = pick(d, p)
	case []float64:
		data = pick(d, p)
	case []string:
		data = pick(d, p)
	default:
		return nil, fmt.Errorf("unsupported dtype %v", t.DType())
	}
	return NewTensor(t.DType(), shape, data)
}

func pick[T any](src []T, p positions) []T {
	switch {
	case p.strided:
		return copyStrided(src, p.shape, p.st, p.base)
	case p.width > 0:
		out := make([]T, len(p.idx)*p.width)
		for i, off := range p.idx {
			copy(out[i*p.width:(i+1)*p.width], src[off:off+p.width])
		}
		return out
	}
	return gather(src, p.idx)
}

func gather[T any](src []T, idx []int) []T {
	out := make([]T, len(idx))
	for i, j := range idx {
		if j >= 0 {
			out[i] = src[j]
		}
	}
	return out
}

// copyStrided copies the strided view (shape, st, base) of src into a new
// row-major slice. Dimensions that are contiguous in src are merged first,
// so that a transpose of [0 2 1 3] or a slice of whole rows copies runs of
// elements at a time.
func copyStrided[T any](src []T, shape, st []int, base int) []T {
	out := make([]T, product(shape))
	copyStridedInto(out, src, shape, st, base)
	return out
}

// copyStridedInto is copyStrided into out, which holds product(shape)
// elements.
func copyStridedInto[T any](out, src []T, shape, st []int, base int) {
	dims, steps := mergeDims(shape, st)
	n := product(dims)
	if n == 0 {
		return
	}
	last := len(dims) - 1
	inner, step := dims[last], steps[last]
	if last > 0 && steps[last-1] == 1 && step != 0 {
		// The last two axes swap a contiguous run of src: copy tiles that
		// stay in cache on both sides.
		rows := newOdometer(dims[:last-1], [][]int{steps[:last-1]}, base)
		plane := dims[last-1] * inner
		for r := 0; r < n; r += plane {
			transposeTiles(out[r:r+plane], src, rows.off[0], dims[last-1], inner, step)
			rows.next()
		}
		return
	}
	rows := newOdometer(dims[:last], [][]int{steps[:last]}, base)
	for r := 0; r < n; r += inner {
		dst, off := out[r:r+inner], rows.off[0]
		switch step {
		case 1:
			copy(dst, src[off:off+inner])
		case 0:
			v := src[off]
			for k := range dst {
				dst[k] = v
			}
		default:
			_ = src[off+(inner-1)*step]
			for k := range dst {
				dst[k] = src[off+k*step]
			}
		}
		rows.next()
	}
}

// transposeTiles fills the rows×cols matrix dst with dst[i·cols+j] =
// src[off+i+j·step], a tile at a time.
func transposeTiles[T any](dst, src []T, off, rows, cols, step int) {
	const tile = 16
	for i0 := 0; i0 < rows; i0 += tile {
		i1 := min(i0+tile, rows)
		for j0 := 0; j0 < cols; j0 += tile {
			j1 := min(j0+tile, cols)
			for i := i0; i < i1; i++ {
				d := dst[i*cols+j0 : i*cols+j1]
				o := off + i + j0*step
				for j := range d {
					d[j] = src[o+j*step]
				}
			}
		}
	}
}

// mergeDims drops unit dimensions of a strided view and joins each
// dimension with the next when they step through src as one; a rank-0 view
// becomes a single element.
func mergeDims(shape, st []int) (dims, steps []int) {
	for d, n := range shape {
		switch {
		case n == 1:
		case len(dims) > 0 && steps[len(steps)-1] == st[d]*n:
			dims[len(dims)-1] *= n
			steps[len(steps)-1] = st[d]
		default:
			dims, steps = append(dims, n), append(steps, st[d])
		}
		if n == 0 {
			return []int{0}, []int{0}
		}
	}
	if len(dims) == 0 {
		return []int{1}, []int{0}
	}
	return dims, steps
}

// int64s returns the elements of an integer tensor as int64.
func int64s(t *tensor.Tensor) ([]int64, error) {
	switch d := t.Data().(type) {
	case []int64:
		return d, nil
	case []int32:
		return widen[int32, int64](d), nil
	case []int16:
		return widen[int16, int64](d), nil
	case []int8:
		return widen[int8, int64](d), nil
	case []uint8:
		return widen[uint8, int64](d), nil
	case []uint32:
		return widen[uint32, int64](d), nil
	}
	return nil, fmt.Errorf("want an integer tensor, got %v", t.DType())
}

func widen[S, D number](s []S) []D {
	out := make([]D, len(s))
	for i, v := range s {
		out[i] = D(v)
	}
	return out
}

// strides returns the row-major strides of shape.
func strides(shape []int) []int {
	s := make([]int, len(shape))
	n := 1
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = n
		n *= shape[i]
	}
	return s
}

// axis resolves a possibly negative axis against rank r.
func axis(a int64, r int) (int, error) {
	if a < -int64(r) || a >= int64(r) {
		return 0, fmt.Errorf("axis %d is out of range for rank %d", a, r)
	}
	if a < 0 {
		a += int64(r)
	}
	return int(a), nil
}

func product(dims []int) int {
	n := 1
	for _, d := range dims {
		n *= d
	}
	return n
}

func one(v Value) []Value { return []Value{v} }

// result wraps a single-output kernel's result.
func result(t *tensor.Tensor, err error) ([]Value, error) {
	if err != nil {
		return nil, err
	}
	return one(t), nil
}

// viaFloat32 runs f on FP16 operands widened to FP32 (nil stays nil) and
// narrows its result back to FP16.
func viaFloat32(f func([]*tensor.Tensor) (*tensor.Tensor, error), ts ...*tensor.Tensor) ([]Value, error) {
	wide := make([]*tensor.Tensor, len(ts))
	for i, t := range ts {
		if t == nil {
			continue
		}
		var err error
		if wide[i], err = Cast(t, tensor.Float32); err != nil {
			return nil, err
		}
	}
	r, err := f(wide)
	if err != nil {
		return nil, err
	}
	return result(Cast(r, tensor.Float16))
}

// MaxElements bounds the element count of any tensor a kernel builds, so
// that a hostile model or request (a ConstantOfShape or Expand to a huge
// shape) fails instead of exhausting memory: 2^28 elements is 1 GiB of
// FP32, more than any activation of the models served.
const MaxElements = 1 << 28

// numElements returns the element count of shape, refusing shapes beyond
// MaxElements.
func numElements(shape []int) (int, error) {
	n, err := tensor.NumElements(shape)
	if err == nil && n > MaxElements {
		err = fmt.Errorf("%w: %v has %d elements, more than the kernel limit of %d", tensor.ErrShape, shape, n, MaxElements)
	}
	return n, err
}
