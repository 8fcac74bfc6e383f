package savedmodel

import (
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

// tensorList is a TensorList variant: the per-step buffers of a Keras RNN
// loop. Lists are values: SetItem returns a new list.
type tensorList struct {
	items []*tensor.Tensor // nil for an item never set
	shape []int            // element shape; nil when unknown
}

// maxListItems bounds a TensorList's length.
const maxListItems = 1 << 20

func listInput(in value) (*tensorList, error) {
	if in.list == nil {
		return nil, fmt.Errorf("input 0 is not a TensorList")
	}
	return in.list, nil
}

// listTensorInput reads a list handle and the tensor after it.
func listTensorInput(in []value) (*tensorList, *tensor.Tensor, error) {
	l, err := listInput(in[0])
	if err != nil {
		return nil, nil, err
	}
	t, err := in[1].tensor()
	if err != nil {
		return nil, nil, err
	}
	return l, t, nil
}

// elementShape reads an element_shape input: -1 dimensions or rank are
// unknown (nil).
func elementShape(t *tensor.Tensor) []int {
	s, err := asInts(t)
	if err != nil || slices.Contains(s, -1) || len(t.Shape()) == 0 {
		return nil
	}
	return s
}

var tensorListReserveOp = &kernel{arity: 2, run: func(_ *call, in []value) ([]value, error) {
	ts, err := tensors(in)
	if err != nil {
		return nil, err
	}
	n, err := asInts(ts[1])
	if err != nil || len(n) != 1 || n[0] < 0 || n[0] > maxListItems {
		return nil, fmt.Errorf("num_elements must be an integer in [0, %d]", maxListItems)
	}
	return []value{{list: &tensorList{items: make([]*tensor.Tensor, n[0]), shape: elementShape(ts[0])}}}, nil
}}

var tensorListFromTensorOp = &kernel{arity: 2, run: func(_ *call, in []value) ([]value, error) {
	ts, err := tensors(in)
	if err != nil {
		return nil, err
	}
	shape := ts[0].Shape()
	if len(shape) == 0 || shape[0] > maxListItems {
		return nil, fmt.Errorf("cannot split a %v tensor into a list", shape)
	}
	l := &tensorList{items: make([]*tensor.Tensor, shape[0]), shape: slices.Clone(shape[1:])}
	per := 1
	for _, d := range l.shape {
		per *= d
	}
	for i := range l.items {
		if l.items[i], err = take(ts[0], l.shape, seq(i*per, per)); err != nil {
			return nil, err
		}
	}
	return []value{{list: l}}, nil
}}

// seq returns start, start+1, … n values.
func seq(start, n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = start + i
	}
	return s
}

// listIndex reads an item index input.
func listIndex(l *tensorList, t *tensor.Tensor) (int, error) {
	i, err := asInts(t)
	if err != nil || len(i) != 1 || i[0] < 0 || i[0] >= len(l.items) {
		return 0, fmt.Errorf("index %v out of range for a list of %d", t.Data(), len(l.items))
	}
	return i[0], nil
}

// item returns item i, zeros of the element shape when never set; the
// attribute dtypeAttr names their type.
func (l *tensorList) item(c *call, i int, dtypeAttr string) (*tensor.Tensor, error) {
	if l.items[i] != nil {
		return l.items[i], nil
	}
	if l.shape == nil {
		return nil, fmt.Errorf("item %d of unknown element shape is not set", i)
	}
	dt, err := c.attrType(dtypeAttr)
	if err != nil {
		return nil, err
	}
	if _, err := checkSize(l.shape); err != nil {
		return nil, err
	}
	return tensor.Zeros(dt, l.shape)
}

var tensorListGetItemOp = &kernel{arity: 3, run: func(c *call, in []value) ([]value, error) {
	l, idx, err := listTensorInput(in)
	if err != nil {
		return nil, err
	}
	i, err := listIndex(l, idx)
	if err != nil {
		return nil, err
	}
	return one(l.item(c, i, "element_dtype"))
}}

var tensorListSetItemOp = &kernel{arity: 3, run: func(_ *call, in []value) ([]value, error) {
	l, err := listInput(in[0])
	if err != nil {
		return nil, err
	}
	ts, err := tensors(in[1:])
	if err != nil {
		return nil, err
	}
	i, err := listIndex(l, ts[0])
	if err != nil {
		return nil, err
	}
	if l.shape != nil && !slices.Equal(ts[1].Shape(), l.shape) {
		return nil, fmt.Errorf("item of shape %v for a list of %v", ts[1].Shape(), l.shape)
	}
	out := &tensorList{items: slices.Clone(l.items), shape: l.shape}
	out.items[i] = ts[1]
	return []value{{list: out}}, nil
}}

var tensorListStackOp = &kernel{arity: 2, run: func(c *call, in []value) ([]value, error) {
	l, err := listInput(in[0])
	if err != nil {
		return nil, err
	}
	parts := make([]*tensor.Tensor, len(l.items))
	for i := range parts {
		if parts[i], err = l.item(c, i, "element_dtype"); err != nil {
			return nil, err
		}
		if !slices.Equal(parts[i].Shape(), parts[0].Shape()) {
			return nil, fmt.Errorf("items of shapes %v and %v", parts[0].Shape(), parts[i].Shape())
		}
	}
	if len(parts) == 0 {
		if l.shape == nil {
			return nil, fmt.Errorf("stacking an empty list of unknown element shape")
		}
		dt, err := c.attrType("element_dtype")
		if err != nil {
			return nil, err
		}
		return one(tensor.Zeros(dt, append([]int{0}, l.shape...)))
	}
	flat, err := concatFlat(parts)
	if err != nil {
		return nil, err
	}
	return one(flat.Reshape(append([]int{len(parts)}, parts[0].Shape()...)))
}}
