package savedmodel

import (
	"testing"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
)

// TestBFloat16Const decodes bfloat16 constants, which are float32's top
// 16 bits: 0x3FC0 is 1.5, 0xC049 is -3.140625, 0x4120 is 10.
func TestBFloat16Const(t *testing.T) {
	shape := &tfpb.TensorShapeProto{Dim: []*tfpb.TensorShapeProto_Dim{{Size: 3}}}
	want := f32s([]int{3}, 1.5, -3.140625, 10)
	for _, c := range []struct {
		name string
		p    *tfpb.TensorProto
	}{
		{"half_val", &tfpb.TensorProto{Dtype: tfpb.DataType_DT_BFLOAT16, TensorShape: shape, HalfVal: []int32{0x3FC0, 0xC049, 0x4120}}},
		{"tensor_content", &tfpb.TensorProto{Dtype: tfpb.DataType_DT_BFLOAT16, TensorShape: shape, TensorContent: []byte{0xC0, 0x3F, 0x49, 0xC0, 0x20, 0x41}}},
	} {
		got, err := decodeTensorProto(c.p)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !sameTensor(got, want) {
			t.Errorf("%s = %v %v, want %v", c.name, got.DType(), got.Data(), want.Data())
		}
	}
	short := &tfpb.TensorProto{Dtype: tfpb.DataType_DT_BFLOAT16, TensorShape: shape, TensorContent: []byte{0xC0, 0x3F}}
	if _, err := decodeTensorProto(short); err == nil {
		t.Error("2 bytes for 3 bfloat16 values decoded")
	}
}
