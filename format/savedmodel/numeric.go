package savedmodel

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// maxElements bounds every tensor a kernel allocates, so a hostile graph
// cannot ask for more memory than a serving process has.
const maxElements = 1 << 26

// maxRank is TensorFlow's limit on dimensions (TensorShape's kMaxDims).
const maxRank = 254

// checkSize returns the element count of shape, refusing negative
// dimensions, sizes over maxElements and ranks over maxRank.
func checkSize(shape []int) (int, error) {
	if err := checkRank(len(shape)); err != nil {
		return 0, err
	}
	n, err := tensor.NumElements(shape)
	if err != nil {
		return 0, err
	}
	if n > maxElements {
		return 0, fmt.Errorf("%w: %v has %d elements, more than the kernel limit of %d", tensor.ErrShape, shape, n, maxElements)
	}
	return n, nil
}

// checkRank refuses ranks over maxRank.
func checkRank(r int) error {
	if r > maxRank {
		return fmt.Errorf("%w: rank %d is more than TensorFlow's limit of %d", tensor.ErrShape, r, maxRank)
	}
	return nil
}

// asFloat64 returns a numeric or bool tensor's elements as float64. The
// result may be t's own storage and must not be modified.
func asFloat64(t *tensor.Tensor) ([]float64, error) { return t.Float64s() }

// asInts returns an integer tensor's elements as ints, for shapes, axes and
// indices.
func asInts(t *tensor.Tensor) ([]int, error) {
	if !t.DType().IsInt() {
		return nil, fmt.Errorf("want an integer tensor, got %v", t.DType())
	}
	f, err := t.Float64s()
	if err != nil {
		return nil, err
	}
	out := make([]int, len(f))
	for i, v := range f {
		out[i] = int(v)
	}
	return out, nil
}

// scalarInt reads a one-element integer input.
func scalarInt(t *tensor.Tensor, what string) (int, error) {
	v, err := asInts(t)
	if err != nil || len(v) != 1 {
		return 0, fmt.Errorf("%s must be one integer", what)
	}
	return v[0], nil
}

// fromFloat64 builds a tensor of type dt from float64 values, rounding to
// the type as TensorFlow's casts do: floats to nearest, integers toward
// zero.
func fromFloat64(dt tensor.DType, shape []int, v []float64) (*tensor.Tensor, error) {
	switch dt {
	case tensor.Float64:
		return tensor.New(shape, v)
	case tensor.Float32:
		return tensor.New(shape, convert(v, func(x float64) float32 { return float32(x) }))
	case tensor.Float16:
		return tensor.NewFloat16(shape, convert(v, func(x float64) uint16 { return tensor.Float32ToHalf(float32(x)) }))
	case tensor.Int8:
		return tensor.New(shape, convert(v, toInt[int8]))
	case tensor.Int16:
		return tensor.New(shape, convert(v, toInt[int16]))
	case tensor.Int32:
		return tensor.New(shape, convert(v, toInt[int32]))
	case tensor.Int64:
		return tensor.New(shape, convert(v, toInt[int64]))
	case tensor.Uint8:
		return tensor.New(shape, convert(v, toInt[uint8]))
	case tensor.Uint16:
		return tensor.New(shape, convert(v, toInt[uint16]))
	case tensor.Uint32:
		return tensor.New(shape, convert(v, toInt[uint32]))
	case tensor.Uint64:
		return tensor.New(shape, convert(v, toInt[uint64]))
	case tensor.Bool:
		return tensor.New(shape, convert(v, func(x float64) bool { return x != 0 }))
	}
	return nil, fmt.Errorf("cannot compute on %v tensors", dt)
}

func toInt[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64](x float64) T {
	if math.IsNaN(x) {
		return 0
	}
	return T(math.Trunc(x))
}

func convert[S, T any](s []S, f func(S) T) []T {
	out := make([]T, len(s))
	for i, x := range s {
		out[i] = f(x)
	}
	return out
}

// take builds a tensor of shape whose element i is t's element idx[i]; it
// works for every element type, strings included.
func take(t *tensor.Tensor, shape []int, idx []int) (*tensor.Tensor, error) {
	switch d := t.Data().(type) {
	case []bool:
		return tensor.New(shape, pick(d, idx))
	case []int8:
		return tensor.New(shape, pick(d, idx))
	case []int16:
		return tensor.New(shape, pick(d, idx))
	case []int32:
		return tensor.New(shape, pick(d, idx))
	case []int64:
		return tensor.New(shape, pick(d, idx))
	case []uint8:
		return tensor.New(shape, pick(d, idx))
	case []uint16:
		if t.DType() == tensor.Float16 {
			return tensor.NewFloat16(shape, pick(d, idx))
		}
		return tensor.New(shape, pick(d, idx))
	case []uint32:
		return tensor.New(shape, pick(d, idx))
	case []uint64:
		return tensor.New(shape, pick(d, idx))
	case []float32:
		return tensor.New(shape, pick(d, idx))
	case []float64:
		return tensor.New(shape, pick(d, idx))
	case []string:
		return tensor.New(shape, pick(d, idx))
	}
	return nil, fmt.Errorf("unsupported element type %v", t.DType())
}

func pick[T any](d []T, idx []int) []T {
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = d[j]
	}
	return out
}

// concatFlat returns a 1-D tensor of the elements of ts in order; they
// must share an element type.
func concatFlat(ts []*tensor.Tensor) (*tensor.Tensor, error) {
	for _, t := range ts {
		if t.DType() != ts[0].DType() {
			return nil, fmt.Errorf("inputs mix %v and %v", ts[0].DType(), t.DType())
		}
	}
	switch ts[0].DType() {
	case tensor.Bool:
		return appendAll[bool](ts)
	case tensor.Int8:
		return appendAll[int8](ts)
	case tensor.Int16:
		return appendAll[int16](ts)
	case tensor.Int32:
		return appendAll[int32](ts)
	case tensor.Int64:
		return appendAll[int64](ts)
	case tensor.Uint8:
		return appendAll[uint8](ts)
	case tensor.Uint16:
		return appendAll[uint16](ts)
	case tensor.Uint32:
		return appendAll[uint32](ts)
	case tensor.Uint64:
		return appendAll[uint64](ts)
	case tensor.Float32:
		return appendAll[float32](ts)
	case tensor.Float64:
		return appendAll[float64](ts)
	case tensor.String:
		return appendAll[string](ts)
	}
	return nil, fmt.Errorf("unsupported element type %v", ts[0].DType())
}

func appendAll[T tensor.Elem](ts []*tensor.Tensor) (*tensor.Tensor, error) {
	var out []T
	for _, t := range ts {
		v, _ := tensor.Values[T](t)
		out = append(out, v...)
	}
	return tensor.New([]int{len(out)}, out)
}
