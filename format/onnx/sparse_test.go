package onnx

import (
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/tensor"
)

// sparseOf encodes dense (shape [2, 3]) as a SparseTensorProto holding its
// non-zero values, with linear or [n, 2] coordinate indices.
func sparseOf(dense []float32, coords bool) *onnxpb.SparseTensorProto {
	var vals []float32
	var idx []int64
	for i, v := range dense {
		if v == 0 {
			continue
		}
		vals = append(vals, v)
		if coords {
			idx = append(idx, int64(i/3), int64(i%3))
		} else {
			idx = append(idx, int64(i))
		}
	}
	idxDims := []int64{int64(len(vals))}
	if coords {
		idxDims = append(idxDims, 2)
	}
	return &onnxpb.SparseTensorProto{
		Values:  &onnxpb.TensorProto{Name: proto.String("S"), DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)), Dims: []int64{int64(len(vals))}, FloatData: vals},
		Indices: &onnxpb.TensorProto{DataType: proto.Int32(int32(onnxpb.TensorProto_INT64)), Dims: idxDims, Int64Data: idx},
		Dims:    []int64{2, 3},
	}
}

func TestDecodeSparse(t *testing.T) {
	dense := []float32{0, 1.5, 0, -2, 0, 3}
	for _, coords := range []bool{false, true} {
		got, err := decodeSparse(sparseOf(dense, coords), nil)
		if err != nil {
			t.Fatalf("coordinates %v: %v", coords, err)
		}
		if v, _ := tensor.Values[float32](got); !slices.Equal(v, dense) || !slices.Equal(got.Shape(), []int{2, 3}) {
			t.Errorf("coordinates %v: got %v %v, want [2 3] %v", coords, got.Shape(), v, dense)
		}
	}
}

func TestDecodeSparseErrors(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(sp *onnxpb.SparseTensorProto)
		want   string
	}{
		{"linear index past the end", func(sp *onnxpb.SparseTensorProto) { sp.Indices.Int64Data[0] = 6 }, "sparse index 6 is out of range"},
		{"negative linear index", func(sp *onnxpb.SparseTensorProto) { sp.Indices.Int64Data[0] = -1 }, "sparse index -1 is out of range"},
		{"coordinate past its dimension", func(sp *onnxpb.SparseTensorProto) {
			*sp = *sparseOf([]float32{0, 1.5, 0, -2, 0, 3}, true)
			sp.Indices.Int64Data[1] = 4 // (0, 4): linear 4 would be in range
		}, "sparse coordinate 4 is out of range for dimension 1"},
		{"coordinate overflowing int", func(sp *onnxpb.SparseTensorProto) {
			*sp = *sparseOf([]float32{0, 1.5, 0, -2, 0, 3}, true)
			sp.Indices.Int64Data[0] = 1 << 62
		}, "sparse coordinate 4611686018427387904 is out of range"},
		{"indices do not match values", func(sp *onnxpb.SparseTensorProto) {
			sp.Indices.Int64Data, sp.Indices.Dims = []int64{1}, []int64{1}
		}, "3 values and 1 indices"},
		{"negative dims", func(sp *onnxpb.SparseTensorProto) { sp.Dims = []int64{-2, 3} }, "sparse dimension 0 is -2"},
		{"float indices", func(sp *onnxpb.SparseTensorProto) {
			sp.Indices.DataType, sp.Indices.Int64Data, sp.Indices.FloatData = proto.Int32(int32(onnxpb.TensorProto_FLOAT)), nil, []float32{1, 3, 5}
		}, "sparse indices are FP32, want INT64"},
		{"no values", func(sp *onnxpb.SparseTensorProto) { sp.Values = nil }, "sparse values: no tensor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := sparseOf([]float32{0, 1.5, 0, -2, 0, 3}, false)
			tt.mutate(sp)
			_, err := decodeSparse(sp, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("decodeSparse: got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
