package onnx

import (
	"errors"
	"fmt"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/tensor"
)

// kind is the sort of value a graph input or output holds.
type kind uint8

const (
	kindTensor kind = iota + 1
	kindSequence
	kindMap
	kindOptional
)

// valueType is a decoded TypeProto.
type valueType struct {
	kind  kind
	dtype tensor.DType // element type of a tensor, key type of a map
	shape []int        // nil when the rank is unknown; -1 for dynamic dims
	elem  *valueType   // of a sequence or optional, the value of a map
}

func (t *valueType) String() string {
	switch t.kind {
	case kindTensor:
		return fmt.Sprintf("tensor(%v)", t.dtype)
	case kindSequence:
		return fmt.Sprintf("seq(%v)", t.elem)
	case kindMap:
		return fmt.Sprintf("map(%v, %v)", t.dtype, t.elem)
	case kindOptional:
		return fmt.Sprintf("optional(%v)", t.elem)
	}
	return "unknown"
}

// maxTypeDepth bounds nesting such as seq(seq(seq(...))).
const maxTypeDepth = 8

var errNoType = errors.New("no type")

func decodeType(tp *onnxpb.TypeProto, depth int) (*valueType, error) {
	if tp == nil {
		return nil, errNoType
	}
	if depth > maxTypeDepth {
		return nil, fmt.Errorf("type nested deeper than %d", maxTypeDepth)
	}
	switch v := tp.Value.(type) {
	case *onnxpb.TypeProto_TensorType:
		dt, err := ops.DType(v.TensorType.GetElemType())
		if err != nil {
			return nil, err
		}
		t := &valueType{kind: kindTensor, dtype: dt}
		if s := v.TensorType.GetShape(); s != nil {
			t.shape = make([]int, len(s.Dim))
			for i, d := range s.Dim {
				t.shape[i] = -1
				if x, ok := d.Value.(*onnxpb.TensorShapeProto_Dimension_DimValue); ok && x.DimValue >= 0 && x.DimValue <= tensor.MaxElements {
					t.shape[i] = int(x.DimValue)
				}
			}
		}
		return t, nil
	case *onnxpb.TypeProto_SequenceType:
		e, err := decodeType(v.SequenceType.GetElemType(), depth+1)
		return &valueType{kind: kindSequence, elem: e}, err
	case *onnxpb.TypeProto_OptionalType:
		e, err := decodeType(v.OptionalType.GetElemType(), depth+1)
		return &valueType{kind: kindOptional, elem: e}, err
	case *onnxpb.TypeProto_MapType:
		k, err := ops.DType(v.MapType.GetKeyType())
		if err != nil {
			return nil, err
		}
		e, err := decodeType(v.MapType.GetValueType(), depth+1)
		return &valueType{kind: kindMap, dtype: k, elem: e}, err
	}
	kind := "an undefined type"
	switch tp.Value.(type) {
	case *onnxpb.TypeProto_SparseTensorType:
		kind = "a sparse tensor"
	case *onnxpb.TypeProto_OpaqueType:
		kind = "an opaque type"
	}
	return nil, fmt.Errorf("%s: %w", kind, ErrUnsupported)
}
