package savedmodel

import (
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

var tensorListLengthOp = &kernel{arity: 1, run: func(_ *call, in []value) ([]value, error) {
	l, err := listInput(in[0])
	if err != nil {
		return nil, err
	}
	return one(tensor.New([]int{}, []int32{int32(len(l.items))}))
}}

// tensorListElementShapeOp is TensorListElementShape: the element shape,
// or -1 when it is unknown.
var tensorListElementShapeOp = &kernel{arity: 1, run: func(c *call, in []value) ([]value, error) {
	l, err := listInput(in[0])
	if err != nil {
		return nil, err
	}
	dt, err := outType(c, "shape_type", tensor.Int32)
	if err != nil {
		return nil, err
	}
	if l.shape == nil {
		return one(fromFloat64(dt, []int{}, []float64{-1}))
	}
	return one(intsTensor(dt, l.shape))
}}

var tensorListPushBackOp = &kernel{arity: 2, run: func(_ *call, in []value) ([]value, error) {
	l, t, err := listTensorInput(in)
	if err != nil {
		return nil, err
	}
	if l.shape != nil && !slices.Equal(t.Shape(), l.shape) {
		return nil, fmt.Errorf("item of shape %v for a list of %v", t.Shape(), l.shape)
	}
	if len(l.items) >= maxListItems {
		return nil, fmt.Errorf("list longer than %d items", maxListItems)
	}
	return []value{{list: &tensorList{items: append(slices.Clip(l.items), t), shape: l.shape}}}, nil
}}

// tensorListPopBackOp is TensorListPopBack: the list without its last
// item, and that item.
var tensorListPopBackOp = &kernel{arity: 2, outputs: []string{"output_handle", "tensor"}, run: func(c *call, in []value) ([]value, error) {
	l, err := listInput(in[0])
	if err != nil {
		return nil, err
	}
	if len(l.items) == 0 {
		return nil, fmt.Errorf("pop from an empty list")
	}
	last, err := l.item(c, len(l.items)-1, "element_dtype")
	if err != nil {
		return nil, err
	}
	rest := &tensorList{items: slices.Clip(l.items[:len(l.items)-1]), shape: l.shape}
	return []value{{list: rest}, tensorValue(last)}, nil
}}

// tensorListResizeOp is TensorListResize: truncated, or padded with unset
// items.
var tensorListResizeOp = &kernel{arity: 2, run: func(_ *call, in []value) ([]value, error) {
	l, t, err := listTensorInput(in)
	if err != nil {
		return nil, err
	}
	n, err := scalarInt(t, "size")
	if err != nil || n < 0 || n > maxListItems {
		return nil, fmt.Errorf("size must be an integer in [0, %d]", maxListItems)
	}
	items := make([]*tensor.Tensor, n)
	copy(items, l.items)
	return []value{{list: &tensorList{items: items, shape: l.shape}}}, nil
}}

// emptyTensorListOp is EmptyTensorList: a list with no items that
// TensorListPushBack grows.
var emptyTensorListOp = &kernel{arity: 2, run: func(_ *call, in []value) ([]value, error) {
	t, err := in[0].tensor()
	if err != nil {
		return nil, err
	}
	return []value{{list: &tensorList{shape: elementShape(t)}}}, nil
}}
