package tensor

import (
	"fmt"
	"slices"
)

// Elem is the set of Go element types a Tensor stores. Float16 tensors store
// their bits as uint16 and are built with NewFloat16.
type Elem interface {
	bool | int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64 | float32 | float64 | string
}

// Tensor is an n-dimensional array in row-major order. A Tensor is not
// modified after it is built, so it may be shared between goroutines.
type Tensor struct {
	dtype DType
	shape []int
	data  any // []bool, []int8 … []float64, []string; []uint16 for Float16
}

// New returns a tensor holding data with the given shape. It does not copy data.
func New[T Elem](shape []int, data []T) (*Tensor, error) {
	n, err := NumElements(shape)
	if err != nil {
		return nil, err
	}
	if len(data) != n {
		return nil, fmt.Errorf("%w: shape %v holds %d elements, data has %d", ErrShape, shape, n, len(data))
	}
	return &Tensor{dtype: dtypeOf[T](), shape: slices.Clone(shape), data: data}, nil
}

// NewFloat16 returns an FP16 tensor from IEEE 754 binary16 bit patterns.
func NewFloat16(shape []int, bits []uint16) (*Tensor, error) {
	t, err := New(shape, bits)
	if err != nil {
		return nil, err
	}
	t.dtype = Float16
	return t, nil
}

// Zeros returns a zero-filled tensor of the given type and shape.
func Zeros(dt DType, shape []int) (*Tensor, error) {
	n, err := NumElements(shape)
	if err != nil {
		return nil, err
	}
	var data any
	switch dt {
	case Bool:
		data = make([]bool, n)
	case Int8:
		data = make([]int8, n)
	case Int16:
		data = make([]int16, n)
	case Int32:
		data = make([]int32, n)
	case Int64:
		data = make([]int64, n)
	case Uint8:
		data = make([]uint8, n)
	case Uint16, Float16:
		data = make([]uint16, n)
	case Uint32:
		data = make([]uint32, n)
	case Uint64:
		data = make([]uint64, n)
	case Float32:
		data = make([]float32, n)
	case Float64:
		data = make([]float64, n)
	case String:
		data = make([]string, n)
	default:
		return nil, fmt.Errorf("zeros: unsupported dtype %v", dt)
	}
	return &Tensor{dtype: dt, shape: slices.Clone(shape), data: data}, nil
}

func dtypeOf[T Elem]() DType {
	var z T
	switch any(z).(type) {
	case bool:
		return Bool
	case int8:
		return Int8
	case int16:
		return Int16
	case int32:
		return Int32
	case int64:
		return Int64
	case uint8:
		return Uint8
	case uint16:
		return Uint16
	case uint32:
		return Uint32
	case uint64:
		return Uint64
	case float32:
		return Float32
	case float64:
		return Float64
	default:
		return String
	}
}

// DType returns the element type.
func (t *Tensor) DType() DType { return t.dtype }

// Shape returns the dimensions. The caller must not modify the result.
func (t *Tensor) Shape() []int { return t.shape }

// Len returns the number of elements.
func (t *Tensor) Len() int {
	n := 1
	for _, d := range t.shape {
		n *= d
	}
	return n
}

// Data returns the flat storage: a []T for the tensor's Go element type
// ([]uint16 for Float16). The caller must not modify it.
func (t *Tensor) Data() any { return t.data }

// Values returns t's storage as []T when T is its element type.
func Values[T Elem](t *Tensor) ([]T, bool) {
	v, ok := t.data.([]T)
	if ok && t.dtype == Float16 {
		return nil, false
	}
	return v, ok
}

// Reshape returns a tensor sharing t's storage with a new shape of the same
// element count.
func (t *Tensor) Reshape(shape []int) (*Tensor, error) {
	n, err := NumElements(shape)
	if err != nil {
		return nil, err
	}
	if n != t.Len() {
		return nil, fmt.Errorf("%w: cannot reshape %v (%d elements) to %v (%d elements)", ErrShape, t.shape, t.Len(), shape, n)
	}
	return &Tensor{dtype: t.dtype, shape: slices.Clone(shape), data: t.data}, nil
}

func (t *Tensor) String() string {
	return fmt.Sprintf("tensor(%v %v)", t.dtype, t.shape)
}
