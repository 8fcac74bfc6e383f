package savedmodel

import (
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

// TF1 while loops (tf.map_fn, tf.scan, dynamic_rnn) read and write their
// per-step tensors through TensorArrays. A TensorArray is a tensorList
// behind a resource handle, written in place; each run creates its own.
// The flow tensors that order reads after writes carry no data: the
// executor's edges do the ordering.

// maxTensorArray bounds the size of a TensorArray; writes past the end
// grow it, as a dynamic_size array does.
const maxTensorArray = maxListItems

var tensorArrayOp = &kernel{arity: 1, outputs: []string{"handle", "flow"}, run: func(c *call, in []value) ([]value, error) {
	size, err := in[0].tensor()
	if err != nil {
		return nil, err
	}
	n, err := asInts(size)
	if err != nil || len(n) != 1 || n[0] < 0 || n[0] > maxTensorArray {
		return nil, fmt.Errorf("size must be an integer in [0, %d]", maxTensorArray)
	}
	l := &tensorList{items: make([]*tensor.Tensor, n[0])}
	if s, err := fromShape(c.n.def.GetAttr()["element_shape"].GetShape()); err == nil && c.n.def.GetAttr()["element_shape"] != nil {
		l.shape = s
	}
	flow, err := tensor.New([]int{}, []float32{0})
	if err != nil {
		return nil, err
	}
	return []value{{list: l}, tensorValue(flow)}, nil
}}

// tensorArrayInput reads a TensorArray handle and the integer tensor after
// it (an index or indices).
func tensorArrayInput(in []value) (*tensorList, []int, error) {
	l, t, err := listTensorInput(in)
	if err != nil {
		return nil, nil, err
	}
	idx, err := asInts(t)
	if err != nil {
		return nil, nil, fmt.Errorf("index: %w", err)
	}
	return l, idx, nil
}

// tensorArrayValueInput reads the inputs of the ops that write: a handle,
// an index or indices, and the value to write.
func tensorArrayValueInput(in []value) (*tensorList, []int, *tensor.Tensor, error) {
	l, idx, err := tensorArrayInput(in)
	if err != nil {
		return nil, nil, nil, err
	}
	v, err := in[2].tensor()
	if err != nil {
		return nil, nil, nil, err
	}
	return l, idx, v, nil
}

// write stores v at index i, growing the array if needed.
func (l *tensorList) write(i int, v *tensor.Tensor) error {
	if i < 0 || i >= maxTensorArray {
		return fmt.Errorf("index %d out of range [0, %d)", i, maxTensorArray)
	}
	if l.shape != nil && !slices.Equal(v.Shape(), l.shape) {
		return fmt.Errorf("element of shape %v for a TensorArray of %v", v.Shape(), l.shape)
	}
	if i >= len(l.items) {
		l.items = append(l.items, make([]*tensor.Tensor, i+1-len(l.items))...)
	}
	l.items[i] = v
	return nil
}

// read returns item i; one never written reads as zeros when the element
// shape is known.
func (l *tensorList) read(c *call, i int) (*tensor.Tensor, error) {
	if i < 0 || i >= len(l.items) {
		return nil, fmt.Errorf("index %d out of range for a TensorArray of %d", i, len(l.items))
	}
	return l.item(c, i, "dtype")
}

// tensorArrayWriteOp is TensorArrayWriteV3(handle, index, value, flow_in).
var tensorArrayWriteOp = &kernel{arity: 4, run: func(_ *call, in []value) ([]value, error) {
	l, idx, v, err := tensorArrayValueInput(in)
	if err != nil {
		return nil, err
	}
	if len(idx) != 1 {
		return nil, fmt.Errorf("index has %d values, want 1", len(idx))
	}
	if err := l.write(idx[0], v); err != nil {
		return nil, err
	}
	return in[3:], nil
}}

// tensorArrayScatterOp is TensorArrayScatterV3(handle, indices, value,
// flow_in): row k of value is written at indices[k].
var tensorArrayScatterOp = &kernel{arity: 4, run: func(_ *call, in []value) ([]value, error) {
	l, idx, v, err := tensorArrayValueInput(in)
	if err != nil {
		return nil, err
	}
	shape := v.Shape()
	if len(shape) == 0 || shape[0] != len(idx) {
		return nil, fmt.Errorf("value of shape %v for %d indices", shape, len(idx))
	}
	row := shape[1:]
	per := v.Len() / max(shape[0], 1)
	for k, i := range idx {
		item, err := take(v, row, seq(k*per, per))
		if err != nil {
			return nil, err
		}
		if err := l.write(i, item); err != nil {
			return nil, err
		}
	}
	return in[3:], nil
}}

// tensorArrayReadOp is TensorArrayReadV3(handle, index, flow_in).
var tensorArrayReadOp = &kernel{arity: 3, run: func(c *call, in []value) ([]value, error) {
	l, idx, err := tensorArrayInput(in)
	if err != nil {
		return nil, err
	}
	if len(idx) != 1 {
		return nil, fmt.Errorf("index has %d values, want 1", len(idx))
	}
	return one(l.read(c, idx[0]))
}}

// tensorArrayGatherOp is TensorArrayGatherV3(handle, indices, flow_in):
// the items at indices, stacked.
var tensorArrayGatherOp = &kernel{arity: 3, run: func(c *call, in []value) ([]value, error) {
	l, idx, err := tensorArrayInput(in)
	if err != nil {
		return nil, err
	}
	if len(idx) == 0 {
		if l.shape == nil {
			return nil, fmt.Errorf("gathering no items of unknown element shape")
		}
		dt, err := c.attrType("dtype")
		if err != nil {
			return nil, err
		}
		return one(tensor.Zeros(dt, append([]int{0}, l.shape...)))
	}
	parts := make([]*tensor.Tensor, len(idx))
	for k, i := range idx {
		if parts[k], err = l.read(c, i); err != nil {
			return nil, err
		}
		if !slices.Equal(parts[k].Shape(), parts[0].Shape()) {
			return nil, fmt.Errorf("items of shapes %v and %v", parts[0].Shape(), parts[k].Shape())
		}
	}
	flat, err := concatFlat(parts)
	if err != nil {
		return nil, err
	}
	return one(flat.Reshape(append([]int{len(parts)}, parts[0].Shape()...)))
}}

// tensorArraySizeOp is TensorArraySizeV3(handle, flow_in).
var tensorArraySizeOp = &kernel{arity: 2, run: func(_ *call, in []value) ([]value, error) {
	l, err := listInput(in[0])
	if err != nil {
		return nil, err
	}
	return one(tensor.New([]int{}, []int32{int32(len(l.items))}))
}}
