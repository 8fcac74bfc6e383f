package onnx

import (
	"fmt"
	"reflect"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/tensor"
)

// decodeSparse densifies a SparseTensorProto: values (1-D, n elements) at
// indices given either as [n] linear indices or [n, rank] coordinates.
func decodeSparse(sp *onnxpb.SparseTensorProto, ext *externalData) (*tensor.Tensor, error) {
	values, err := decodeTensor(sp.GetValues(), ext)
	if err != nil {
		return nil, fmt.Errorf("sparse values: %w", err)
	}
	indices, err := decodeTensor(sp.GetIndices(), ext)
	if err != nil {
		return nil, fmt.Errorf("sparse indices: %w", err)
	}
	shape := make([]int, len(sp.Dims))
	for i, d := range sp.Dims {
		if d < 0 || d > tensor.MaxElements {
			return nil, fmt.Errorf("%w: sparse dimension %d is %d", tensor.ErrShape, i, d)
		}
		shape[i] = int(d)
	}
	size, err := tensor.NumElements(shape)
	if err != nil {
		return nil, err
	}
	idx, ok := tensor.Values[int64](indices)
	if !ok {
		return nil, fmt.Errorf("sparse indices are %v, want INT64", indices.DType())
	}
	n := values.Len()
	linear := make([]int, n)
	switch {
	case len(idx) == n:
		for i, x := range idx {
			linear[i] = int(x)
		}
	case len(idx) == n*len(shape):
		st := 1
		for d := len(shape) - 1; d >= 0; d-- {
			for i := range n {
				c := idx[i*len(shape)+d]
				if c < 0 || c >= int64(shape[d]) {
					return nil, fmt.Errorf("sparse coordinate %d is out of range for dimension %d of %v", c, d, shape)
				}
				linear[i] += int(c) * st
			}
			st *= shape[d]
		}
	default:
		return nil, fmt.Errorf("sparse tensor has %d values and %d indices", n, len(idx))
	}
	// The dense values are written in place, without a size-long index
	// array: a tiny file may describe a huge, nearly empty tensor.
	dense := reflect.MakeSlice(reflect.TypeOf(values.Data()), size, size)
	src := reflect.ValueOf(values.Data())
	for i, l := range linear { // a repeated index keeps its last value
		if l < 0 || l >= size {
			return nil, fmt.Errorf("sparse index %d is out of range for shape %v", l, shape)
		}
		dense.Index(l).Set(src.Index(i))
	}
	return ops.NewTensor(values.DType(), shape, dense.Interface())
}
