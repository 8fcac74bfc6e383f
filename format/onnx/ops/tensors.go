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
	var data any
	switch d := t.Data().(type) {
	case []bool:
		data = gather(d, idx)
	case []int8:
		data = gather(d, idx)
	case []int16:
		data = gather(d, idx)
	case []int32:
		data = gather(d, idx)
	case []int64:
		data = gather(d, idx)
	case []uint8:
		data = gather(d, idx)
	case []uint16:
		data = gather(d, idx)
	case []uint32:
		data = gather(d, idx)
	case []uint64:
		data = gather(d, idx)
	case []float32:
		data = gather(d, idx)
	case []float64:
		data = gather(d, idx)
	case []string:
		data = gather(d, idx)
	default:
		return nil, fmt.Errorf("unsupported dtype %v", t.DType())
	}
	return NewTensor(t.DType(), shape, data)
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
