package onnx

import (
	"fmt"
	"math"
	"os"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/tensor"
)

// readValue reads a test_data_set file holding a value of type typ: a
// TensorProto, SequenceProto, MapProto or OptionalProto.
func readValue(path string, typ *valueType) (ops.Value, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	kind := kindTensor
	if typ != nil {
		kind = typ.kind
	}
	switch kind {
	case kindSequence:
		var sp onnxpb.SequenceProto
		if err := proto.Unmarshal(data, &sp); err != nil {
			return nil, err
		}
		return sequenceValue(&sp)
	case kindMap:
		var mp onnxpb.MapProto
		if err := proto.Unmarshal(data, &mp); err != nil {
			return nil, err
		}
		return mapValue(&mp)
	case kindOptional:
		var op onnxpb.OptionalProto
		if err := proto.Unmarshal(data, &op); err != nil {
			return nil, err
		}
		return optionalValue(&op)
	}
	var tp onnxpb.TensorProto
	if err := proto.Unmarshal(data, &tp); err != nil {
		return nil, err
	}
	return decodeTensor(&tp, nil)
}

func sequenceValue(sp *onnxpb.SequenceProto) (ops.Value, error) {
	seq := ops.Sequence{}
	for _, tp := range sp.TensorValues {
		t, err := decodeTensor(tp, nil)
		if err != nil {
			return nil, err
		}
		seq = append(seq, t)
	}
	for _, s := range sp.SequenceValues {
		v, err := sequenceValue(s)
		if err != nil {
			return nil, err
		}
		seq = append(seq, v)
	}
	for _, m := range sp.MapValues {
		v, err := mapValue(m)
		if err != nil {
			return nil, err
		}
		seq = append(seq, v)
	}
	return seq, nil
}

func mapValue(mp *onnxpb.MapProto) (ops.Value, error) {
	var keys *tensor.Tensor
	var err error
	if len(mp.StringKeys) > 0 {
		s := make([]string, len(mp.StringKeys))
		for i, k := range mp.StringKeys {
			s[i] = string(k)
		}
		keys, err = tensor.New([]int{len(s)}, s)
	} else {
		keys, err = tensor.New([]int{len(mp.Keys)}, mp.Keys)
	}
	if err != nil {
		return nil, err
	}
	vals, err := sequenceValue(mp.GetValues())
	if err != nil {
		return nil, err
	}
	// The values are one tensor per key.
	parts := make([]*tensor.Tensor, len(vals.(ops.Sequence)))
	for i, v := range vals.(ops.Sequence) {
		parts[i] = v.(*tensor.Tensor)
	}
	flat, err := ops.Concat(parts...)
	if err != nil {
		return nil, fmt.Errorf("map values: %w", err)
	}
	return ops.Map{Keys: keys, Values: flat}, nil
}

func optionalValue(op *onnxpb.OptionalProto) (ops.Value, error) {
	switch {
	case op.TensorValue != nil:
		return decodeTensor(op.TensorValue, nil)
	case op.SequenceValue != nil:
		return sequenceValue(op.SequenceValue)
	}
	return nil, nil
}

// compareValues reports how got differs from want, or "" when they agree
// within rtol and atol.
func compareValues(got, want ops.Value, rtol, atol float64) string {
	switch w := want.(type) {
	case nil:
		if got != nil {
			return fmt.Sprintf("got %T, want an absent value", got)
		}
		return ""
	case *tensor.Tensor:
		g, ok := got.(*tensor.Tensor)
		if !ok {
			return fmt.Sprintf("got %T, want a tensor", got)
		}
		return compareTensors(g, w, rtol, atol)
	case ops.Sequence:
		g, ok := got.(ops.Sequence)
		if !ok || len(g) != len(w) {
			return fmt.Sprintf("got %T of length %d, want a sequence of %d", got, lenOf(got), len(w))
		}
		for i := range w {
			if d := compareValues(g[i], w[i], rtol, atol); d != "" {
				return fmt.Sprintf("element %d: %s", i, d)
			}
		}
		return ""
	case ops.Map:
		g, ok := got.(ops.Map)
		if !ok {
			return fmt.Sprintf("got %T, want a map", got)
		}
		if d := compareTensors(g.Keys, w.Keys, 0, 0); d != "" {
			return "keys: " + d
		}
		return compareTensors(g.Values, w.Values, rtol, atol)
	}
	return fmt.Sprintf("cannot compare %T", want)
}

func lenOf(v ops.Value) int {
	if s, ok := v.(ops.Sequence); ok {
		return len(s)
	}
	return -1
}

func compareTensors(got, want *tensor.Tensor, rtol, atol float64) string {
	if got == nil {
		return "got no tensor"
	}
	if got.DType() != want.DType() {
		return fmt.Sprintf("dtype %v, want %v", got.DType(), want.DType())
	}
	if fmt.Sprint(got.Shape()) != fmt.Sprint(want.Shape()) {
		return fmt.Sprintf("shape %v, want %v", got.Shape(), want.Shape())
	}
	if want.DType() == tensor.String {
		g, w := got.Data().([]string), want.Data().([]string)
		for i := range w {
			if g[i] != w[i] {
				return fmt.Sprintf("element %d: %q, want %q", i, g[i], w[i])
			}
		}
		return ""
	}
	g, _ := got.Float64s()
	w, _ := want.Float64s()
	for i := range w {
		if !closeTo(g[i], w[i], rtol, atol) {
			return fmt.Sprintf("element %d: %v, want %v", i, g[i], w[i])
		}
	}
	return ""
}

func closeTo(g, w, rtol, atol float64) bool {
	switch {
	case math.IsNaN(w):
		return math.IsNaN(g)
	case math.IsInf(w, 0):
		return g == w
	}
	return math.Abs(g-w) <= atol+rtol*math.Abs(w)
}
