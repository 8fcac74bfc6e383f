package onnx

import (
	"fmt"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/tensor"
)

// decodeAttrs converts a node's attributes for its kernel builder,
// compiling graph attributes with sub.
func decodeAttrs(list []*onnxpb.AttributeProto, ext *externalData, sub func(*onnxpb.GraphProto) (ops.Graph, error)) (map[string]ops.Attr, error) {
	attrs := make(map[string]ops.Attr, len(list))
	for _, a := range list {
		if a.GetRefAttrName() != "" {
			return nil, fmt.Errorf("attribute %q refers to a function attribute outside a function", a.GetName())
		}
		v, err := decodeAttr(a, ext, sub)
		if err != nil {
			return nil, fmt.Errorf("attribute %q: %w", a.GetName(), err)
		}
		if _, dup := attrs[a.GetName()]; dup {
			return nil, fmt.Errorf("attribute %q is given twice", a.GetName())
		}
		attrs[a.GetName()] = v
	}
	return attrs, nil
}

func decodeAttr(a *onnxpb.AttributeProto, ext *externalData, sub func(*onnxpb.GraphProto) (ops.Graph, error)) (ops.Attr, error) {
	switch a.GetType() {
	case onnxpb.AttributeProto_FLOAT:
		return ops.Attr{Kind: ops.AttrFloat, F: a.GetF()}, nil
	case onnxpb.AttributeProto_INT:
		return ops.Attr{Kind: ops.AttrInt, I: a.GetI()}, nil
	case onnxpb.AttributeProto_STRING:
		return ops.Attr{Kind: ops.AttrString, S: string(a.GetS())}, nil
	case onnxpb.AttributeProto_FLOATS:
		return ops.Attr{Kind: ops.AttrFloats, Floats: a.Floats}, nil
	case onnxpb.AttributeProto_INTS:
		return ops.Attr{Kind: ops.AttrInts, Ints: a.Ints}, nil
	case onnxpb.AttributeProto_STRINGS:
		s := make([]string, len(a.Strings))
		for i, b := range a.Strings {
			s[i] = string(b)
		}
		return ops.Attr{Kind: ops.AttrStrings, Strings: s}, nil
	case onnxpb.AttributeProto_TENSOR:
		if a.GetT() == nil {
			return ops.Attr{}, fmt.Errorf("tensor attribute holds no tensor")
		}
		t, err := decodeTensor(a.GetT(), ext)
		return ops.Attr{Kind: ops.AttrTensor, T: t}, err
	case onnxpb.AttributeProto_SPARSE_TENSOR:
		t, err := decodeSparse(a.GetSparseTensor(), ext)
		return ops.Attr{Kind: ops.AttrTensor, T: t}, err
	case onnxpb.AttributeProto_TENSORS:
		ts := make([]*tensor.Tensor, len(a.Tensors))
		for i, tp := range a.Tensors {
			var err error
			if ts[i], err = decodeTensor(tp, ext); err != nil {
				return ops.Attr{}, err
			}
		}
		return ops.Attr{Kind: ops.AttrTensors, Tensors: ts}, nil
	case onnxpb.AttributeProto_TYPE_PROTO, onnxpb.AttributeProto_TYPE_PROTOS:
		return ops.Attr{Kind: ops.AttrType}, nil
	case onnxpb.AttributeProto_GRAPH:
		if a.GetG() == nil {
			return ops.Attr{}, fmt.Errorf("graph attribute holds no graph")
		}
		g, err := sub(a.GetG())
		return ops.Attr{Kind: ops.AttrGraph, G: g}, err
	}
	return ops.Attr{}, fmt.Errorf("unsupported attribute type %v", a.GetType())
}
