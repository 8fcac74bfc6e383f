package onnx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/tensor"
)

// tinyModel returns Y = X + B with B an initializer, for mutating into
// broken models.
func tinyModel() *onnxpb.ModelProto {
	add := node("Add", []string{"X", "B"}, []string{"Y"})
	add.Name = proto.String("add")
	return modelOf(&onnxpb.GraphProto{
		Node:        []*onnxpb.NodeProto{add},
		Initializer: []*onnxpb.TensorProto{{Name: proto.String("B"), DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)), Dims: []int64{2}, FloatData: []float32{1, 2}}},
		Input:       []*onnxpb.ValueInfoProto{valueInfo("X", onnxpb.TensorProto_FLOAT, -1, 2)},
		Output:      []*onnxpb.ValueInfoProto{valueInfo("Y", onnxpb.TensorProto_FLOAT, -1, 2)},
	})
}

// external locates a tensor's bytes in location, with more key, value
// pairs (offset, length) after it.
func external(location string, kv ...string) []*onnxpb.StringStringEntryProto {
	entries := []*onnxpb.StringStringEntryProto{{Key: proto.String("location"), Value: proto.String(location)}}
	for i := 0; i+1 < len(kv); i += 2 {
		entries = append(entries, &onnxpb.StringStringEntryProto{Key: proto.String(kv[i]), Value: proto.String(kv[i+1])})
	}
	return entries
}

// externalB moves tinyModel's initializer B to external data.
func externalB(m *onnxpb.ModelProto, location string, kv ...string) {
	b := m.Graph.Initializer[0]
	b.FloatData, b.DataLocation, b.ExternalData = nil, onnxpb.TensorProto_EXTERNAL.Enum(), external(location, kv...)
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(m *onnxpb.ModelProto)
		want   string
		is     error
	}{
		{"path traversal", func(m *onnxpb.ModelProto) { externalB(m, "../../etc/passwd") }, `"../../etc/passwd"`, ErrExternalPath},
		{"absolute path", func(m *onnxpb.ModelProto) { externalB(m, "/etc/passwd") }, `"/etc/passwd"`, ErrExternalPath},
		{"missing external file", func(m *onnxpb.ModelProto) { externalB(m, "weights.bin") }, "weights.bin", nil},
		{"bogus dtype", func(m *onnxpb.ModelProto) { m.Graph.Initializer[0].DataType = proto.Int32(99) }, "invalid ONNX element type 99", nil},
		{"bfloat16", func(m *onnxpb.ModelProto) { m.Graph.Initializer[0].DataType = proto.Int32(16) }, "BFLOAT16", nil},
		{"data does not fill dims", func(m *onnxpb.ModelProto) { m.Graph.Initializer[0].Dims = []int64{3} }, "shape [3] needs 3", nil},
		{"huge dims", func(m *onnxpb.ModelProto) { m.Graph.Initializer[0].Dims = []int64{1 << 40, 1 << 40} }, "invalid shape", nil},
		{"raw data too short", func(m *onnxpb.ModelProto) {
			m.Graph.Initializer[0].FloatData, m.Graph.Initializer[0].RawData = nil, []byte{1, 2, 3}
		}, "raw data holds 3 bytes", nil},
		{"huge dims, tiny raw data", func(m *onnxpb.ModelProto) {
			b := m.Graph.Initializer[0]
			b.Dims, b.FloatData, b.RawData = []int64{1 << 30, 2}, nil, []byte{0, 0, 0x80, 0x3f}
		}, "raw data holds 4 bytes, shape [1073741824 2] of FP32 needs 8589934592", nil},
		{"negative dims", func(m *onnxpb.ModelProto) { m.Graph.Initializer[0].Dims = []int64{-1, -2} }, "dimension 0 is -1", tensor.ErrShape},
		{"unknown op", func(m *onnxpb.ModelProto) { m.Graph.Node[0].OpType = proto.String("Frobnicate") }, "node add (Frobnicate): unknown operator", ops.ErrUnknownOp},
		{"opset too new", func(m *onnxpb.ModelProto) { m.OpsetImport[0].Version = proto.Int64(314159) }, "opset 314159 is newer", ops.ErrOpset},
		{"missing input", func(m *onnxpb.ModelProto) { m.Graph.Node[0].Input[1] = "C" }, `node add (Add): input "C" is not produced`, nil},
		{"cycle", func(m *onnxpb.ModelProto) {
			m.Graph.Node = append(m.Graph.Node, &onnxpb.NodeProto{OpType: proto.String("Relu"), Input: []string{"Y"}, Output: []string{"Z"}})
			m.Graph.Node[0].Input[1] = "Z"
		}, "cycle", nil},
		{"value defined twice", func(m *onnxpb.ModelProto) { m.Graph.Node[0].Output[0] = "B" }, `"B" is defined twice`, nil},
		{"undefined output", func(m *onnxpb.ModelProto) { m.Graph.Output[0].Name = proto.String("W") }, `graph output "W"`, nil},
		{"type mismatch", func(m *onnxpb.ModelProto) {
			b := m.Graph.Initializer[0]
			b.DataType, b.FloatData, b.Int64Data = proto.Int32(int32(onnxpb.TensorProto_INT64)), nil, []int64{1, 2}
		}, "node add (Add): inputs are FP32 and INT64, want one type", nil},
		{"logic on floats", func(m *onnxpb.ModelProto) { m.Graph.Node[0].OpType = proto.String("And") }, "node add (And): input 0 is FP32, want BOOL", nil},
		{"huge constant folded at load", func(m *onnxpb.ModelProto) {
			m.Graph.Initializer = append(m.Graph.Initializer, &onnxpb.TensorProto{Name: proto.String("S"), DataType: proto.Int32(int32(onnxpb.TensorProto_INT64)), Dims: []int64{2}, Int64Data: []int64{1 << 20, 1 << 20}})
			m.Graph.Node = append([]*onnxpb.NodeProto{{Name: proto.String("big"), OpType: proto.String("ConstantOfShape"), Input: []string{"S"}, Output: []string{"Z"}}}, m.Graph.Node...)
		}, "node big (ConstantOfShape): invalid shape", nil},
		{"attribute of the wrong kind", func(m *onnxpb.ModelProto) {
			m.Graph.Node[0].OpType = proto.String("Softmax")
			m.Graph.Node[0].Input = m.Graph.Node[0].Input[:1]
			m.Graph.Node[0].Attribute = []*onnxpb.AttributeProto{{Name: proto.String("axis"), Type: onnxpb.AttributeProto_STRING.Enum(), S: []byte("x")}}
		}, `node add (Softmax): attribute "axis" is a string, want a int`, nil},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tinyModel()
			tt.mutate(m)
			wantLoadError(t, writeModel(t, dir, m), tt.want, tt.is)
		})
	}
}

func TestLoadExternalData(t *testing.T) {
	dir := t.TempDir()
	m := tinyModel()
	externalB(m, "weights.bin", "offset", "4")
	// Offset 4: the tensor's 1.0 and 2.0 follow four junk bytes.
	if err := os.WriteFile(filepath.Join(dir, "weights.bin"), []byte{9, 9, 9, 9, 0, 0, 0x80, 0x3f, 0, 0, 0, 0x40}, 0o644); err != nil {
		t.Fatal(err)
	}
	path := writeModel(t, dir, m)
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := tensor.Values[float32](got.g.consts[0].(*tensor.Tensor)); len(v) != 2 || v[0] != 1 || v[1] != 2 {
		t.Errorf("external initializer = %v, want [1 2]", v)
	}
	data, _ := proto.Marshal(m)
	if _, err := Parse(data); err == nil || !strings.Contains(err.Error(), "not loaded from a folder") {
		t.Errorf("Parse of a model with external data: got %v", err)
	}
}

func TestIsONNX(t *testing.T) {
	model, _ := proto.Marshal(tinyModel())
	tests := []struct {
		name string
		head []byte
		want bool
	}{
		{"model", model, true},
		{"pickle", []byte{0x80, 0x04, 0x95}, false},
		{"empty", nil, false},
		{"text", []byte("hello world"), false},
		{"huge ir_version", []byte{0x08, 0xff, 0xff, 0x7f, 0x12, 0x01}, false},
	}
	for _, tt := range tests {
		if got := IsONNX(tt.head); got != tt.want {
			t.Errorf("IsONNX(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
