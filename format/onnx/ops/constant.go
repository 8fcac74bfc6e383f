package ops

import (
	"context"
	"errors"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

var errMissing = errors.New("input 0 is missing")

// buildConstant returns the tensor its one value attribute holds.
func buildConstant(n *Node) (Kernel, error) {
	var t *tensor.Tensor
	var err error
	switch {
	case n.Has("value"), n.Has("sparse_value"):
		t = n.Tensor("value")
		if t == nil {
			t = n.Tensor("sparse_value")
		}
	case n.Has("value_float"):
		t, err = tensor.New([]int{}, []float32{n.Float("value_float", 0)})
	case n.Has("value_floats"):
		f := n.Floats("value_floats")
		t, err = tensor.New([]int{len(f)}, f)
	case n.Has("value_int"):
		t, err = tensor.New([]int{}, []int64{n.Int("value_int", 0)})
	case n.Has("value_ints"):
		v := n.Ints("value_ints")
		t, err = tensor.New([]int{len(v)}, v)
	case n.Has("value_string"):
		t, err = tensor.New([]int{}, []string{n.String("value_string", "")})
	case n.Has("value_strings"):
		s := n.Strings("value_strings")
		t, err = tensor.New([]int{len(s)}, s)
	}
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, fmt.Errorf("no value attribute")
	}
	return func(context.Context, []Value) ([]Value, error) { return one(t), nil }, nil
}

// buildConstantOfShape fills a tensor of the input shape with value (a
// one-element tensor, FP32 zero by default).
func buildConstantOfShape(n *Node) (Kernel, error) {
	value := n.Tensor("value")
	if value == nil {
		value, _ = tensor.New([]int{1}, []float32{0})
	}
	if value.Len() != 1 {
		return nil, fmt.Errorf("value has %d elements, want 1", value.Len())
	}
	return withInput(func(ctx context.Context, s *tensor.Tensor, in []Value) ([]Value, error) {
		shape, err := shapeArg(s)
		if err != nil {
			return nil, err
		}
		size, err := numElements(shape)
		if err != nil {
			return nil, err
		}
		return result(Take(value, shape, make([]int, size)))
	}), nil
}

// shapeArg reads a 1-D INT64 tensor of non-negative dimensions.
func shapeArg(t *tensor.Tensor) ([]int, error) {
	v, err := int64s(t)
	if err != nil {
		return nil, err
	}
	shape := make([]int, len(v))
	for i, d := range v {
		if d < 0 || d > tensor.MaxElements {
			return nil, fmt.Errorf("%w: dimension %d is %d", tensor.ErrShape, i, d)
		}
		shape[i] = int(d)
	}
	return shape, nil
}
