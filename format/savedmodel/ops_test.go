package savedmodel

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"testing"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// runOp runs op on inputs in a one-node graph fed by placeholders.
func runOp(op string, attrs map[string]*tfpb.AttrValue, outputs int, inputs ...*tensor.Tensor) ([]*tensor.Tensor, error) {
	var defs []*tfpb.NodeDef
	n := &tfpb.NodeDef{Name: "op", Op: op, Attr: attrs}
	for i := range inputs {
		name := fmt.Sprintf("in%d", i)
		defs = append(defs, &tfpb.NodeDef{Name: name, Op: "Placeholder"})
		n.Input = append(n.Input, name)
	}
	g, err := newGraph("", append(defs, n), nil)
	if err != nil {
		return nil, err
	}
	feeds := map[endpoint]value{}
	for i, t := range inputs {
		feeds[endpoint{node: g.nodes[i]}] = tensorValue(t)
	}
	var fetches []endpoint
	for i := range outputs {
		fetches = append(fetches, endpoint{node: g.byName["op"], out: i})
	}
	s := &session{}
	vals, err := s.checkRun(context.Background(), g, feeds, fetches, nil)
	if err != nil {
		return nil, err
	}
	return tensors(vals)
}

func mustT[T tensor.Elem](shape []int, v ...T) *tensor.Tensor {
	t, err := tensor.New(shape, v)
	if err != nil {
		panic(err)
	}
	return t
}

func iattr(i int64) *tfpb.AttrValue { return &tfpb.AttrValue{Value: &tfpb.AttrValue_I{I: i}} }
func battr(b bool) *tfpb.AttrValue  { return &tfpb.AttrValue{Value: &tfpb.AttrValue_B{B: b}} }
func sattr(s string) *tfpb.AttrValue {
	return &tfpb.AttrValue{Value: &tfpb.AttrValue_S{S: []byte(s)}}
}
func tattr(d tfpb.DataType) *tfpb.AttrValue {
	return &tfpb.AttrValue{Value: &tfpb.AttrValue_Type{Type: d}}
}
func floatAttr(f float32) *tfpb.AttrValue { return &tfpb.AttrValue{Value: &tfpb.AttrValue_F{F: f}} }
func flattr(f ...float32) *tfpb.AttrValue {
	return &tfpb.AttrValue{Value: &tfpb.AttrValue_List{List: &tfpb.AttrValue_ListValue{F: f}}}
}
func shapeAttr(dims ...int64) *tfpb.AttrValue {
	s := &tfpb.TensorShapeProto{}
	for _, d := range dims {
		s.Dim = append(s.Dim, &tfpb.TensorShapeProto_Dim{Size: d})
	}
	return &tfpb.AttrValue{Value: &tfpb.AttrValue_Shape{Shape: s}}
}
func slattr(s ...string) *tfpb.AttrValue {
	b := make([][]byte, len(s))
	for i, x := range s {
		b[i] = []byte(x)
	}
	return &tfpb.AttrValue{Value: &tfpb.AttrValue_List{List: &tfpb.AttrValue_ListValue{S: b}}}
}
func lattr(i ...int64) *tfpb.AttrValue {
	return &tfpb.AttrValue{Value: &tfpb.AttrValue_List{List: &tfpb.AttrValue_ListValue{I: i}}}
}

type opCase struct {
	op    string
	attrs map[string]*tfpb.AttrValue
	in    []*tensor.Tensor
	want  *tensor.Tensor
}

var (
	v2x2 = mustT([]int{2, 2}, float32(1), 2, 3, 4)
	row  = mustT([]int{2}, float32(10), 20)
	i32s = func(v ...int32) *tensor.Tensor { return mustT([]int{len(v)}, v...) }
	f32s = func(shape []int, v ...float32) *tensor.Tensor { return mustT(shape, v...) }
	sc   = func(v float32) *tensor.Tensor { return mustT([]int{}, v) }
	isc  = func(v int32) *tensor.Tensor { return mustT([]int{}, v) }

	segData       = mustT([]int{3, 4}, int32(1), 2, 3, 4, 4, 3, 2, 1, 5, 6, 7, 8)
	unsortedData  = mustT([]int{3, 4}, int32(1), 2, 3, 4, 5, 6, 7, 8, 4, 3, 2, 1)
	ragged        = i32s(9, 8, 7, 6, 5, 4)
	sparseSegData = f32s([]int{3, 4}, 1, 2, 3, 4, -1, -2, -3, -4, 5, 6, 7, 8)
)

// opCases hold hand-checked results of TensorFlow's documented semantics.
var opCases = []opCase{
	{op: "Abs", in: []*tensor.Tensor{f32s([]int{2}, -1.5, 2)}, want: f32s([]int{2}, 1.5, 2)},
	{op: "Add", in: []*tensor.Tensor{v2x2, row}, want: f32s([]int{2, 2}, 11, 22, 13, 24)},
	{op: "AddV2", in: []*tensor.Tensor{v2x2, sc(1)}, want: f32s([]int{2, 2}, 2, 3, 4, 5)},
	{op: "ArgMax", in: []*tensor.Tensor{f32s([]int{2, 3}, 1, 5, 5, 7, 0, 2), isc(1)}, want: mustT([]int{2}, int64(1), 0)},
	{op: "ArgMin", attrs: map[string]*tfpb.AttrValue{"output_type": tattr(tfpb.DataType_DT_INT32)},
		in: []*tensor.Tensor{f32s([]int{2, 3}, 1, 5, 5, 7, 0, 2), isc(0)}, want: mustT([]int{3}, int32(0), 1, 1)},
	{op: "AvgPool", attrs: map[string]*tfpb.AttrValue{"ksize": lattr(1, 2, 2, 1), "strides": lattr(1, 1, 1, 1), "padding": sattr("SAME")},
		in: []*tensor.Tensor{f32s([]int{1, 2, 2, 1}, 1, 2, 3, 4)}, want: f32s([]int{1, 2, 2, 1}, 2.5, 3, 3.5, 4)},
	{op: "BatchMatMulV2", attrs: map[string]*tfpb.AttrValue{"adj_y": battr(true)},
		in:   []*tensor.Tensor{f32s([]int{2, 1, 2}, 1, 2, 3, 4), f32s([]int{1, 2}, 1, 1)},
		want: f32s([]int{2, 1, 1}, 3, 7)},
	{op: "BatchMatMul", in: []*tensor.Tensor{f32s([]int{1, 2, 2}, 1, 2, 3, 4), f32s([]int{1, 2, 1}, 1, 1)}, want: f32s([]int{1, 2, 1}, 3, 7)},
	{op: "BatchMatMulV3", attrs: map[string]*tfpb.AttrValue{"adj_x": battr(true)},
		in: []*tensor.Tensor{f32s([]int{1, 2, 2}, 1, 2, 3, 4), f32s([]int{1, 2, 1}, 1, 1)}, want: f32s([]int{1, 2, 1}, 4, 6)},
	{op: "BiasAdd", in: []*tensor.Tensor{v2x2, row}, want: f32s([]int{2, 2}, 11, 22, 13, 24)},
	{op: "Cast", attrs: map[string]*tfpb.AttrValue{"DstT": tattr(tfpb.DataType_DT_INT32)},
		in: []*tensor.Tensor{f32s([]int{3}, -1.7, 0.5, 2.9)}, want: i32s(-1, 0, 2)},
	{op: "Ceil", in: []*tensor.Tensor{f32s([]int{2}, -1.5, 1.2)}, want: f32s([]int{2}, -1, 2)},
	{op: "ConcatV2", in: []*tensor.Tensor{v2x2, f32s([]int{2, 1}, 9, 8), isc(-1)}, want: f32s([]int{2, 3}, 1, 2, 9, 3, 4, 8)},
	{op: "Conv2D", attrs: map[string]*tfpb.AttrValue{"strides": lattr(1, 1, 1, 1), "padding": sattr("VALID")},
		in:   []*tensor.Tensor{f32s([]int{1, 2, 3, 1}, 1, 2, 3, 4, 5, 6), f32s([]int{2, 2, 1, 1}, 1, 0, 0, 1)},
		want: f32s([]int{1, 1, 2, 1}, 6, 8)},
	{op: "Div", in: []*tensor.Tensor{i32s(7, -7), i32s(2, 2)}, want: i32s(3, -3)},
	{op: "Elu", in: []*tensor.Tensor{f32s([]int{2}, 0, 2)}, want: f32s([]int{2}, 0, 2)},
	{op: "Equal", in: []*tensor.Tensor{i32s(1, 2), isc(2)}, want: mustT([]int{2}, false, true)},
	{op: "Exp", in: []*tensor.Tensor{sc(0)}, want: sc(1)},
	{op: "ExpandDims", in: []*tensor.Tensor{row, isc(-1)}, want: f32s([]int{2, 1}, 10, 20)},
	{op: "Fill", in: []*tensor.Tensor{i32s(2, 1), sc(7)}, want: f32s([]int{2, 1}, 7, 7)},
	// 2×2 patches of a 3×3 image at stride 2, SAME: the right and bottom ones reach into zero padding.
	{op: "ExtractImagePatches", attrs: map[string]*tfpb.AttrValue{"ksizes": lattr(1, 2, 2, 1), "strides": lattr(1, 2, 2, 1), "rates": lattr(1, 1, 1, 1), "padding": sattr("SAME")},
		in:   []*tensor.Tensor{f32s([]int{1, 3, 3, 1}, 1, 2, 3, 4, 5, 6, 7, 8, 9)},
		want: f32s([]int{1, 2, 2, 4}, 1, 2, 4, 5, 3, 0, 6, 0, 7, 8, 0, 0, 9, 0, 0, 0)},
	{op: "Floor", in: []*tensor.Tensor{f32s([]int{2}, -1.5, 1.2)}, want: f32s([]int{2}, -2, 1)},
	{op: "FloorDiv", in: []*tensor.Tensor{i32s(7, -7), i32s(2, 2)}, want: i32s(3, -4)},
	{op: "FloorMod", in: []*tensor.Tensor{i32s(7, -7), i32s(3, 3)}, want: i32s(1, 2)},
	{op: "GatherV2", in: []*tensor.Tensor{f32s([]int{3, 2}, 1, 2, 3, 4, 5, 6), i32s(2, 0), isc(0)}, want: f32s([]int{2, 2}, 5, 6, 1, 2)},
	{op: "Greater", in: []*tensor.Tensor{i32s(1, 3), isc(2)}, want: mustT([]int{2}, false, true)},
	{op: "GreaterEqual", in: []*tensor.Tensor{i32s(1, 2), isc(2)}, want: mustT([]int{2}, false, true)},
	{op: "Identity", in: []*tensor.Tensor{row}, want: row},
	{op: "IsFinite", in: []*tensor.Tensor{f32s([]int{2}, float32(math.Inf(1)), 1)}, want: mustT([]int{2}, false, true)},
	{op: "IsInf", in: []*tensor.Tensor{f32s([]int{2}, float32(math.Inf(-1)), 1)}, want: mustT([]int{2}, true, false)},
	{op: "IsNan", in: []*tensor.Tensor{f32s([]int{2}, float32(math.NaN()), 1)}, want: mustT([]int{2}, true, false)},
	{op: "Less", in: []*tensor.Tensor{i32s(1, 3), isc(2)}, want: mustT([]int{2}, true, false)},
	{op: "LessEqual", in: []*tensor.Tensor{i32s(2, 3), isc(2)}, want: mustT([]int{2}, true, false)},
	{op: "Log", in: []*tensor.Tensor{sc(1)}, want: sc(0)},
	{op: "LogSoftmax", in: []*tensor.Tensor{f32s([]int{2}, 0, 0)}, want: f32s([]int{2}, float32(-math.Ln2), float32(-math.Ln2))},
	{op: "LogicalAnd", in: []*tensor.Tensor{mustT([]int{2}, true, false), mustT([]int{}, true)}, want: mustT([]int{2}, true, false)},
	{op: "LogicalNot", in: []*tensor.Tensor{mustT([]int{2}, true, false)}, want: mustT([]int{2}, false, true)},
	{op: "LogicalOr", in: []*tensor.Tensor{mustT([]int{2}, true, false), mustT([]int{}, false)}, want: mustT([]int{2}, true, false)},
	{op: "MatMul", attrs: map[string]*tfpb.AttrValue{"transpose_a": battr(true)},
		in: []*tensor.Tensor{v2x2, v2x2}, want: f32s([]int{2, 2}, 10, 14, 14, 20)},
	{op: "Max", attrs: map[string]*tfpb.AttrValue{"keep_dims": battr(true)},
		in: []*tensor.Tensor{v2x2, isc(1)}, want: f32s([]int{2, 1}, 2, 4)},
	{op: "MaxPool", attrs: map[string]*tfpb.AttrValue{"ksize": lattr(1, 2, 2, 1), "strides": lattr(1, 2, 2, 1), "padding": sattr("VALID")},
		in: []*tensor.Tensor{f32s([]int{1, 2, 2, 1}, 1, 4, 3, 2)}, want: f32s([]int{1, 1, 1, 1}, 4)},
	{op: "Maximum", in: []*tensor.Tensor{v2x2, sc(2.5)}, want: f32s([]int{2, 2}, 2.5, 2.5, 3, 4)},
	{op: "Mean", in: []*tensor.Tensor{v2x2, i32s(0, 1)}, want: sc(2.5)},
	{op: "Min", in: []*tensor.Tensor{v2x2, isc(0)}, want: f32s([]int{2}, 1, 2)},
	{op: "Minimum", in: []*tensor.Tensor{v2x2, sc(2.5)}, want: f32s([]int{2, 2}, 1, 2, 2.5, 2.5)},
	{op: "Mul", in: []*tensor.Tensor{v2x2, row}, want: f32s([]int{2, 2}, 10, 40, 30, 80)},
	{op: "Neg", in: []*tensor.Tensor{row}, want: f32s([]int{2}, -10, -20)},
	{op: "NotEqual", in: []*tensor.Tensor{i32s(1, 2), isc(2)}, want: mustT([]int{2}, true, false)},
	{op: "OnesLike", in: []*tensor.Tensor{i32s(5, 6)}, want: i32s(1, 1)},
	{op: "Pack", attrs: map[string]*tfpb.AttrValue{"axis": iattr(1)}, in: []*tensor.Tensor{row, row}, want: f32s([]int{2, 2}, 10, 10, 20, 20)},
	{op: "PlaceholderWithDefault", in: []*tensor.Tensor{row}, want: row},
	{op: "Pow", in: []*tensor.Tensor{row, sc(2)}, want: f32s([]int{2}, 100, 400)},
	{op: "Prod", in: []*tensor.Tensor{v2x2, i32s()}, want: v2x2},
	{op: "Range", in: []*tensor.Tensor{isc(1), isc(7), isc(2)}, want: i32s(1, 3, 5)},
	{op: "RealDiv", in: []*tensor.Tensor{row, sc(4)}, want: f32s([]int{2}, 2.5, 5)},
	{op: "Reciprocal", in: []*tensor.Tensor{row}, want: f32s([]int{2}, 0.1, 0.05)},
	{op: "RegexReplace", attrs: map[string]*tfpb.AttrValue{"replace_global": battr(true)},
		in: []*tensor.Tensor{mustT([]int{2}, "a.b", "c"), mustT([]int{}, `[.]`), mustT([]int{}, " ")}, want: mustT([]int{2}, "a b", "c")},
	{op: "Relu", in: []*tensor.Tensor{f32s([]int{2}, -1, 2)}, want: f32s([]int{2}, 0, 2)},
	{op: "Relu6", in: []*tensor.Tensor{f32s([]int{3}, -1, 2, 7)}, want: f32s([]int{3}, 0, 2, 6)},
	{op: "Reshape", in: []*tensor.Tensor{v2x2, i32s(-1)}, want: f32s([]int{4}, 1, 2, 3, 4)},
	{op: "Round", in: []*tensor.Tensor{f32s([]int{3}, 0.5, 1.5, -2.5)}, want: f32s([]int{3}, 0, 2, -2)},
	{op: "Rsqrt", in: []*tensor.Tensor{sc(4)}, want: sc(0.5)},
	{op: "Select", in: []*tensor.Tensor{mustT([]int{2}, true, false), v2x2, f32s([]int{2, 2}, 0, 0, 0, 0)}, want: f32s([]int{2, 2}, 1, 2, 0, 0)},
	{op: "SelectV2", in: []*tensor.Tensor{mustT([]int{2}, true, false), v2x2, sc(0)}, want: f32s([]int{2, 2}, 1, 0, 3, 0)},
	{op: "Selu", in: []*tensor.Tensor{f32s([]int{2}, 0, 1)}, want: f32s([]int{2}, 0, 1.0507009873554805)},
	{op: "Shape", in: []*tensor.Tensor{v2x2}, want: i32s(2, 2)},
	{op: "Sigmoid", in: []*tensor.Tensor{sc(0)}, want: sc(0.5)},
	{op: "Sign", in: []*tensor.Tensor{f32s([]int{3}, -3, 0, 2)}, want: f32s([]int{3}, -1, 0, 1)},
	{op: "Snapshot", in: []*tensor.Tensor{row}, want: row},
	{op: "Slice", in: []*tensor.Tensor{f32s([]int{2, 3}, 1, 2, 3, 4, 5, 6), i32s(1, 1), i32s(1, -1)}, want: f32s([]int{1, 2}, 5, 6)},
	{op: "Softmax", in: []*tensor.Tensor{f32s([]int{1, 2}, 3, 3)}, want: f32s([]int{1, 2}, 0.5, 0.5)},
	{op: "Softplus", in: []*tensor.Tensor{sc(0)}, want: sc(float32(math.Ln2))},
	{op: "Split", attrs: map[string]*tfpb.AttrValue{"num_split": iattr(3)},
		in: []*tensor.Tensor{isc(1), f32s([]int{2, 3}, 1, 2, 3, 4, 5, 6)}, want: f32s([]int{2, 1}, 1, 4)},
	{op: "Sqrt", in: []*tensor.Tensor{sc(9)}, want: sc(3)},
	{op: "Square", in: []*tensor.Tensor{sc(-3)}, want: sc(9)},
	{op: "SquaredDifference", in: []*tensor.Tensor{sc(1), row}, want: f32s([]int{2}, 81, 361)},
	{op: "Squeeze", in: []*tensor.Tensor{f32s([]int{1, 2, 1}, 1, 2)}, want: f32s([]int{2}, 1, 2)},
	{op: "StopGradient", in: []*tensor.Tensor{row}, want: row},
	{op: "StridedSlice", attrs: map[string]*tfpb.AttrValue{"shrink_axis_mask": iattr(2)},
		in: []*tensor.Tensor{f32s([]int{3, 2}, 1, 2, 3, 4, 5, 6), i32s(-1, 1), i32s(-4, 2), i32s(-1, 1)}, want: f32s([]int{3}, 6, 4, 2)},
	{op: "Sub", in: []*tensor.Tensor{row, v2x2}, want: f32s([]int{2, 2}, 9, 18, 7, 16)},
	{op: "Sum", attrs: map[string]*tfpb.AttrValue{"keep_dims": battr(false)}, in: []*tensor.Tensor{v2x2, isc(0)}, want: f32s([]int{2}, 4, 6)},
	{op: "Tanh", in: []*tensor.Tensor{sc(0)}, want: sc(0)},
	{op: "Tile", in: []*tensor.Tensor{f32s([]int{1, 2}, 1, 2), i32s(2, 2)}, want: f32s([]int{2, 4}, 1, 2, 1, 2, 1, 2, 1, 2)},
	{op: "Transpose", in: []*tensor.Tensor{f32s([]int{2, 3}, 1, 2, 3, 4, 5, 6), i32s(1, 0)}, want: f32s([]int{3, 2}, 1, 4, 2, 5, 3, 6)},
	{op: "ZerosLike", in: []*tensor.Tensor{row}, want: f32s([]int{2}, 0, 0)},
	// The Keras layer zoo's ops (ops_nn.go, ops_array.go, ops_image.go, …).
	{op: "Acos", in: []*tensor.Tensor{f32s([]int{2}, 1, 0)}, want: f32s([]int{2}, 0, math.Pi/2)},
	{op: "Acosh", in: []*tensor.Tensor{sc(1)}, want: sc(0)},
	{op: "AddN", in: []*tensor.Tensor{row, row, row}, want: f32s([]int{2}, 30, 60)},
	{op: "All", in: []*tensor.Tensor{mustT([]int{2, 2}, true, false, true, true), isc(1)}, want: mustT([]int{2}, false, true)},
	{op: "Any", attrs: map[string]*tfpb.AttrValue{"keep_dims": battr(true)},
		in: []*tensor.Tensor{mustT([]int{2, 2}, false, false, true, false), isc(1)}, want: mustT([]int{2, 1}, false, true)},
	{op: "AsString", in: []*tensor.Tensor{f32s([]int{3}, 1.5, float32(math.Inf(-1)), 2)}, want: mustT([]int{3}, "1.500000", "-inf", "2.000000")},
	{op: "AsString", attrs: map[string]*tfpb.AttrValue{"width": iattr(3), "fill": sattr("0")}, in: []*tensor.Tensor{i32s(7, -12)}, want: mustT([]int{2}, "007", "-12")},
	{op: "AsString", attrs: map[string]*tfpb.AttrValue{"precision": iattr(2), "scientific": battr(true)}, in: []*tensor.Tensor{sc(1234.5)}, want: mustT([]int{}, "1.23e+03")},
	{op: "Asin", in: []*tensor.Tensor{f32s([]int{2}, 0, 1)}, want: f32s([]int{2}, 0, math.Pi/2)},
	{op: "Asinh", in: []*tensor.Tensor{sc(0)}, want: sc(0)},
	{op: "Atan", in: []*tensor.Tensor{sc(1)}, want: sc(math.Pi / 4)},
	{op: "Atan2", in: []*tensor.Tensor{f32s([]int{2}, 1, 1), f32s([]int{2}, 1, -1)}, want: f32s([]int{2}, math.Pi/4, 3*math.Pi/4)},
	{op: "Atanh", in: []*tensor.Tensor{sc(0)}, want: sc(0)},
	{op: "AvgPool3D", attrs: map[string]*tfpb.AttrValue{"ksize": lattr(1, 2, 2, 2, 1), "strides": lattr(1, 1, 1, 1, 1), "padding": sattr("VALID")},
		in: []*tensor.Tensor{f32s([]int{1, 2, 2, 2, 1}, 1, 2, 3, 4, 5, 6, 7, 8)}, want: f32s([]int{1, 1, 1, 1, 1}, 4.5)},
	{op: "Bincount", in: []*tensor.Tensor{i32s(1, 1, 3, 5), isc(4), f32s([]int{0})}, want: f32s([]int{4}, 0, 2, 0, 1)},
	{op: "BiasAddV1", in: []*tensor.Tensor{v2x2, row}, want: f32s([]int{2, 2}, 11, 22, 13, 24)},
	{op: "BroadcastArgs", in: []*tensor.Tensor{i32s(2, 1), i32s(3)}, want: i32s(2, 3)},
	{op: "BroadcastTo", in: []*tensor.Tensor{row, i32s(2, 2)}, want: f32s([]int{2, 2}, 10, 20, 10, 20)},
	{op: "Bucketize", attrs: map[string]*tfpb.AttrValue{"boundaries": flattr(0, 10)},
		in: []*tensor.Tensor{f32s([]int{5}, -1, 0, 5, 10, 11)}, want: i32s(0, 1, 1, 2, 2)},
	{op: "CheckNumerics", in: []*tensor.Tensor{row}, want: row},
	{op: "CheckNumericsV2", in: []*tensor.Tensor{row}, want: row},
	{op: "ClipByValue", in: []*tensor.Tensor{f32s([]int{3}, -1, 0.5, 3), sc(0), sc(1)}, want: f32s([]int{3}, 0, 0.5, 1)},
	// Keras's Conv2DTranspose: each out_backprop element spreads through the filter.
	{op: "Conv2DBackpropInput", attrs: map[string]*tfpb.AttrValue{"strides": lattr(1, 1, 1, 1), "padding": sattr("VALID")},
		in:   []*tensor.Tensor{i32s(1, 3, 3, 1), f32s([]int{2, 2, 1, 1}, 1, 1, 1, 1), f32s([]int{1, 2, 2, 1}, 1, 2, 3, 4)},
		want: f32s([]int{1, 3, 3, 1}, 1, 3, 2, 4, 10, 6, 3, 7, 4)},
	// NCHW: two input channels weighted 1 and 10.
	{op: "Conv2D", attrs: map[string]*tfpb.AttrValue{"strides": lattr(1, 1, 1, 1), "padding": sattr("VALID"), "data_format": sattr("NCHW")},
		in:   []*tensor.Tensor{f32s([]int{1, 2, 1, 2}, 1, 2, 3, 4), f32s([]int{1, 1, 2, 1}, 1, 10)},
		want: f32s([]int{1, 1, 1, 2}, 31, 42)},
	{op: "Conv2D", attrs: map[string]*tfpb.AttrValue{"strides": lattr(1, 1, 1, 1), "padding": sattr("EXPLICIT"), "explicit_paddings": lattr(0, 0, 0, 0, 1, 1, 0, 0)},
		in: []*tensor.Tensor{f32s([]int{1, 1, 2, 1}, 1, 2), f32s([]int{1, 2, 1, 1}, 1, 1)}, want: f32s([]int{1, 1, 3, 1}, 1, 3, 2)},
	// SAME with stride 2 pads 0 before and 1 after, unlike PyTorch's symmetric padding.
	{op: "Conv2D", attrs: map[string]*tfpb.AttrValue{"strides": lattr(1, 1, 2, 1), "padding": sattr("SAME")},
		in: []*tensor.Tensor{f32s([]int{1, 1, 4, 1}, 1, 2, 3, 4), f32s([]int{1, 3, 1, 1}, 1, 1, 1)}, want: f32s([]int{1, 1, 2, 1}, 6, 7)},
	{op: "Conv3D", attrs: map[string]*tfpb.AttrValue{"strides": lattr(1, 1, 1, 1, 1), "padding": sattr("VALID")},
		in: []*tensor.Tensor{f32s([]int{1, 1, 2, 2, 1}, 1, 2, 3, 4), f32s([]int{1, 2, 2, 1, 1}, 1, 0, 0, 1)}, want: f32s([]int{1, 1, 1, 1, 1}, 5)},
	{op: "Conv3DBackpropInputV2", attrs: map[string]*tfpb.AttrValue{"strides": lattr(1, 1, 1, 2, 1), "padding": sattr("VALID")},
		in: []*tensor.Tensor{i32s(1, 1, 1, 3, 1), f32s([]int{1, 1, 1, 1, 1}, 2), f32s([]int{1, 1, 1, 2, 1}, 1, 2)}, want: f32s([]int{1, 1, 1, 3, 1}, 2, 0, 4)},
	{op: "Cos", in: []*tensor.Tensor{sc(0)}, want: sc(1)},
	{op: "Cosh", in: []*tensor.Tensor{sc(0)}, want: sc(1)},
	{op: "Cumprod", in: []*tensor.Tensor{f32s([]int{3}, 1, 2, 3), isc(0)}, want: f32s([]int{3}, 1, 2, 6)},
	{op: "Cumsum", attrs: map[string]*tfpb.AttrValue{"exclusive": battr(true), "reverse": battr(true)},
		in: []*tensor.Tensor{f32s([]int{2, 3}, 1, 2, 3, 4, 5, 6), isc(1)}, want: f32s([]int{2, 3}, 5, 3, 0, 11, 6, 0)},
	{op: "DebugIdentity", in: []*tensor.Tensor{row}, want: row},
	{op: "DebugIdentityV2", in: []*tensor.Tensor{row}, want: row},
	// A flat gray JPEG holds only DC coefficients: every decoder gives its level back.
	{op: "DecodeJpeg", in: []*tensor.Tensor{encoded(jpegGray)}, want: mustT([]int{8, 8, 1}, slices.Repeat([]uint8{100}, 64)...)},
	// channels 0 keeps the PNG's alpha.
	{op: "DecodeImage", attrs: map[string]*tfpb.AttrValue{"dtype": tattr(tfpb.DataType_DT_FLOAT)},
		in: []*tensor.Tensor{encoded(pngRGBA)}, want: f32s([]int{1, 2, 4}, 0, 1, 51.0/255, 1, 1, 0, 0, 128.0/255)},
	{op: "DecodeImage", attrs: map[string]*tfpb.AttrValue{"channels": iattr(4), "dtype": tattr(tfpb.DataType_DT_UINT16)},
		in: []*tensor.Tensor{encoded(pngRGBA)}, want: mustT([]int{1, 2, 4}, uint16(0), 0xffff, 51*257, 0xffff, 0xffff, 0, 0, 128*257)},
	{op: "DenseBincount", attrs: map[string]*tfpb.AttrValue{"binary_output": battr(true)},
		in: []*tensor.Tensor{mustT([]int{2, 2}, int32(0), 0, 2, 1), isc(3), f32s([]int{0})}, want: f32s([]int{2, 3}, 1, 0, 0, 0, 1, 1)},
	{op: "DepthToSpace", attrs: map[string]*tfpb.AttrValue{"block_size": iattr(2)},
		in: []*tensor.Tensor{f32s([]int{1, 1, 2, 4}, 1, 2, 3, 4, 5, 6, 7, 8)}, want: f32s([]int{1, 2, 4, 1}, 1, 2, 5, 6, 3, 4, 7, 8)},
	// Output channel c·2+m is input channel c through multiplier m.
	{op: "DepthwiseConv2dNative", attrs: map[string]*tfpb.AttrValue{"strides": lattr(1, 1, 1, 1), "padding": sattr("VALID")},
		in:   []*tensor.Tensor{f32s([]int{1, 1, 2, 2}, 1, 2, 3, 4), f32s([]int{1, 2, 2, 2}, 1, 2, 3, 4, 5, 6, 7, 8)},
		want: f32s([]int{1, 1, 1, 4}, 16, 20, 34, 40)},
	{op: "DivNoNan", in: []*tensor.Tensor{f32s([]int{2}, 1, 2), f32s([]int{2}, 0, 4)}, want: f32s([]int{2}, 0, 0.5)},
	{op: "Einsum", attrs: map[string]*tfpb.AttrValue{"equation": sattr("ab,bc->ac")}, in: []*tensor.Tensor{v2x2, v2x2}, want: f32s([]int{2, 2}, 7, 10, 15, 22)},
	{op: "Einsum", attrs: map[string]*tfpb.AttrValue{"equation": sattr("...i,i->...")}, in: []*tensor.Tensor{v2x2, f32s([]int{2}, 1, 1)}, want: f32s([]int{2}, 3, 7)},
	{op: "Einsum", attrs: map[string]*tfpb.AttrValue{"equation": sattr("ij")}, in: []*tensor.Tensor{f32s([]int{2, 3}, 1, 2, 3, 4, 5, 6)}, want: f32s([]int{2, 3}, 1, 2, 3, 4, 5, 6)},
	{op: "Einsum", attrs: map[string]*tfpb.AttrValue{"equation": sattr("ba")}, in: []*tensor.Tensor{f32s([]int{2, 3}, 1, 2, 3, 4, 5, 6)}, want: f32s([]int{3, 2}, 1, 4, 2, 5, 3, 6)},
	{op: "EnsureShape", attrs: map[string]*tfpb.AttrValue{"shape": shapeAttr(-1, 2)}, in: []*tensor.Tensor{v2x2}, want: v2x2},
	{op: "Equal", in: []*tensor.Tensor{mustT([]int{2}, "a", "b"), mustT([]int{}, "b")}, want: mustT([]int{2}, false, true)},
	{op: "Erf", in: []*tensor.Tensor{f32s([]int{2}, 0, 0.5)}, want: f32s([]int{2}, 0, 0.5204998778130465)},
	{op: "Erfc", in: []*tensor.Tensor{sc(0)}, want: sc(1)},
	{op: "Expm1", in: []*tensor.Tensor{sc(1)}, want: sc(math.E - 1)},
	// Inference: (x - mean) · scale / sqrt(variance + epsilon) + offset.
	{op: "FusedBatchNorm", attrs: map[string]*tfpb.AttrValue{"epsilon": floatAttr(1)},
		in:   []*tensor.Tensor{f32s([]int{1, 1, 1, 2}, 1, 2), f32s([]int{2}, 2, 1), f32s([]int{2}, 0, 1), f32s([]int{2}, 1, 0), f32s([]int{2}, 3, 0)},
		want: f32s([]int{1, 1, 1, 2}, 0, 3)},
	{op: "FusedBatchNormV2", attrs: map[string]*tfpb.AttrValue{"epsilon": floatAttr(0), "data_format": sattr("NCHW")},
		in:   []*tensor.Tensor{f32s([]int{1, 2, 1, 1}, 1, 2), f32s([]int{2}, 2, 1), f32s([]int{2}, 0, 1), f32s([]int{2}, 1, 0), f32s([]int{2}, 4, 1)},
		want: f32s([]int{1, 2, 1, 1}, 0, 3)},
	// Training, as Keras's LayerNormalization runs it: batch moments per channel.
	{op: "FusedBatchNormV3", attrs: map[string]*tfpb.AttrValue{"epsilon": floatAttr(0), "data_format": sattr("NCHW"), "is_training": battr(true)},
		in:   []*tensor.Tensor{f32s([]int{1, 2, 2, 1}, 1, 3, 2, 6), f32s([]int{2}, 1, 1), f32s([]int{2}, 0, 0), f32s([]int{0}), f32s([]int{0})},
		want: f32s([]int{1, 2, 2, 1}, -1, 1, -1, 1)},
	{op: "GatherNd", in: []*tensor.Tensor{v2x2, mustT([]int{2, 2}, int32(1), 0, 0, 1)}, want: f32s([]int{2}, 3, 2)},
	{op: "GatherNd", in: []*tensor.Tensor{v2x2, mustT([]int{1, 1}, int32(1))}, want: f32s([]int{1, 2}, 3, 4)},
	{op: "Inv", in: []*tensor.Tensor{row}, want: f32s([]int{2}, 0.1, 0.05)},
	{op: "InvertPermutation", in: []*tensor.Tensor{i32s(2, 0, 1)}, want: i32s(1, 2, 0)},
	{op: "LeakyRelu", attrs: map[string]*tfpb.AttrValue{"alpha": floatAttr(0.1)}, in: []*tensor.Tensor{f32s([]int{2}, -10, 5)}, want: f32s([]int{2}, -1, 5)},
	{op: "LinSpace", in: []*tensor.Tensor{sc(0), sc(1), isc(5)}, want: f32s([]int{5}, 0, 0.25, 0.5, 0.75, 1)},
	{op: "Log1p", in: []*tensor.Tensor{sc(math.E - 1)}, want: sc(1)},
	{op: "MatrixBandPart", in: []*tensor.Tensor{f32s([]int{3, 3}, 1, 2, 3, 4, 5, 6, 7, 8, 9), mustT([]int{}, int64(-1)), mustT([]int{}, int64(0))},
		want: f32s([]int{3, 3}, 1, 0, 0, 4, 5, 0, 7, 8, 9)},
	// A window far larger than its input visits only the input.
	{op: "MaxPool", attrs: map[string]*tfpb.AttrValue{"ksize": lattr(1, 1<<20, 1<<20, 1), "strides": lattr(1, 1, 1, 1), "padding": sattr("SAME")},
		in: []*tensor.Tensor{f32s([]int{1, 2, 2, 1}, 1, 4, 3, 2)}, want: f32s([]int{1, 2, 2, 1}, 4, 4, 4, 4)},
	{op: "MaxPool3D", attrs: map[string]*tfpb.AttrValue{"ksize": lattr(1, 2, 2, 2, 1), "strides": lattr(1, 1, 1, 1, 1), "padding": sattr("VALID")},
		in: []*tensor.Tensor{f32s([]int{1, 2, 2, 2, 1}, 1, 8, 3, 4, 5, 6, 7, 2)}, want: f32s([]int{1, 1, 1, 1, 1}, 8)},
	{op: "MaxPoolV2", attrs: map[string]*tfpb.AttrValue{"padding": sattr("VALID")},
		in: []*tensor.Tensor{f32s([]int{1, 2, 2, 1}, 1, 4, 3, 2), i32s(1, 2, 2, 1), i32s(1, 2, 2, 1)}, want: f32s([]int{1, 1, 1, 1}, 4)},
	{op: "MirrorPad", attrs: map[string]*tfpb.AttrValue{"mode": sattr("REFLECT")},
		in: []*tensor.Tensor{f32s([]int{3}, 1, 2, 3), mustT([]int{1, 2}, int32(2), 1)}, want: f32s([]int{6}, 3, 2, 1, 2, 3, 2)},
	{op: "MirrorPad", attrs: map[string]*tfpb.AttrValue{"mode": sattr("SYMMETRIC")},
		in: []*tensor.Tensor{f32s([]int{3}, 1, 2, 3), mustT([]int{1, 2}, int32(2), 1)}, want: f32s([]int{6}, 2, 1, 1, 2, 3, 3)},
	{op: "Mod", in: []*tensor.Tensor{f32s([]int{2}, 7, -7), sc(3)}, want: f32s([]int{2}, 1, -1)},
	{op: "MulNoNan", in: []*tensor.Tensor{f32s([]int{2}, float32(math.Inf(1)), 2), f32s([]int{2}, 0, 3)}, want: f32s([]int{2}, 0, 6)},
	{op: "OneHot", in: []*tensor.Tensor{i32s(0, 2, -1), isc(3), sc(1), sc(0)}, want: f32s([]int{3, 3}, 1, 0, 0, 0, 0, 1, 0, 0, 0)},
	{op: "OneHot", attrs: map[string]*tfpb.AttrValue{"axis": iattr(0)}, in: []*tensor.Tensor{i32s(0, 2), isc(3), sc(5), sc(0)}, want: f32s([]int{3, 2}, 5, 0, 0, 0, 0, 5)},
	{op: "Pad", in: []*tensor.Tensor{f32s([]int{1, 2}, 1, 2), mustT([]int{2, 2}, int32(1), 0, 0, 1)}, want: f32s([]int{2, 3}, 0, 0, 0, 1, 2, 0)},
	{op: "PadV2", in: []*tensor.Tensor{row, mustT([]int{1, 2}, int32(1), 1), sc(9)}, want: f32s([]int{4}, 9, 10, 20, 9)},
	{op: "PreventGradient", in: []*tensor.Tensor{row}, want: row},
	{op: "Rank", in: []*tensor.Tensor{v2x2}, want: isc(2)},
	// half_pixel_centers samples at (o+0.5)·scale-0.5, clamped at the border.
	{op: "ResizeBilinear", attrs: map[string]*tfpb.AttrValue{"half_pixel_centers": battr(true)},
		in: []*tensor.Tensor{f32s([]int{1, 1, 2, 1}, 0, 10), i32s(1, 4)}, want: f32s([]int{1, 1, 4, 1}, 0, 2.5, 7.5, 10)},
	{op: "ResizeBilinear", attrs: map[string]*tfpb.AttrValue{"align_corners": battr(true)},
		in: []*tensor.Tensor{f32s([]int{1, 1, 2, 1}, 0, 10), i32s(1, 3)}, want: f32s([]int{1, 1, 3, 1}, 0, 5, 10)},
	// Keys' cubic (a = -0.5) at half-pixel centres; taps outside the image weigh 0 and the rest are renormalised.
	{op: "ResizeBicubic", attrs: map[string]*tfpb.AttrValue{"half_pixel_centers": battr(true)},
		in: []*tensor.Tensor{f32s([]int{1, 1, 2, 1}, 0, 10), i32s(1, 4)}, want: f32s([]int{1, 1, 4, 1}, -0.0703125*10/0.796875, 0.2265625*10/1.09375, 0.8671875*10/1.09375, 0.8671875*10/0.796875)},
	// The legacy kernel (a = -0.75) repeats edge pixels: the last output is 10·(0.59375+0.59375-0.09375).
	{op: "ResizeBicubic", in: []*tensor.Tensor{f32s([]int{1, 1, 2, 1}, 0, 10), i32s(1, 4)}, want: f32s([]int{1, 1, 4, 1}, 0, 5, 10, 10.9375)},
	{op: "ResizeNearestNeighbor", attrs: map[string]*tfpb.AttrValue{"half_pixel_centers": battr(true)},
		in: []*tensor.Tensor{f32s([]int{1, 1, 2, 1}, 1, 2), i32s(1, 3)}, want: f32s([]int{1, 1, 3, 1}, 1, 2, 2)},
	{op: "ResizeNearestNeighbor", in: []*tensor.Tensor{f32s([]int{1, 1, 2, 1}, 1, 2), i32s(1, 3)}, want: f32s([]int{1, 1, 3, 1}, 1, 1, 2)},
	{op: "ReverseV2", in: []*tensor.Tensor{v2x2, i32s(1)}, want: f32s([]int{2, 2}, 2, 1, 4, 3)},
	{op: "Rint", in: []*tensor.Tensor{f32s([]int{3}, 0.5, 1.5, -0.4)}, want: f32s([]int{3}, 0, 2, 0)},
	{op: "ScatterNd", in: []*tensor.Tensor{mustT([]int{3, 1}, int32(0), 2, 0), f32s([]int{3}, 1, 2, 3), i32s(4)}, want: f32s([]int{4}, 4, 0, 2, 0)},
	{op: "ShapeN", in: []*tensor.Tensor{v2x2, row}, want: i32s(2, 2)},
	{op: "Sin", in: []*tensor.Tensor{sc(math.Pi / 2)}, want: sc(1)},
	{op: "Sinh", in: []*tensor.Tensor{sc(0)}, want: sc(0)},
	{op: "Size", in: []*tensor.Tensor{v2x2}, want: isc(4)},
	{op: "Softsign", in: []*tensor.Tensor{f32s([]int{2}, 1, -3)}, want: f32s([]int{2}, 0.5, -0.75)},
	{op: "SpaceToDepth", attrs: map[string]*tfpb.AttrValue{"block_size": iattr(2)},
		in: []*tensor.Tensor{f32s([]int{1, 2, 4, 1}, 1, 2, 5, 6, 3, 4, 7, 8)}, want: f32s([]int{1, 1, 2, 4}, 1, 2, 3, 4, 5, 6, 7, 8)},
	{op: "SplitV", attrs: map[string]*tfpb.AttrValue{"num_split": iattr(2)},
		in: []*tensor.Tensor{f32s([]int{5}, 1, 2, 3, 4, 5), i32s(2, -1), isc(0)}, want: f32s([]int{2}, 1, 2)},
	{op: "StaticRegexReplace", attrs: map[string]*tfpb.AttrValue{"pattern": sattr("(a+)b"), "rewrite": sattr(`<\1>$`), "replace_global": battr(true)},
		in: []*tensor.Tensor{mustT([]int{1}, "xaab ab")}, want: mustT([]int{1}, "x<aa>$ <a>$")},
	{op: "StaticRegexReplace", attrs: map[string]*tfpb.AttrValue{"pattern": sattr("a"), "rewrite": sattr("-"), "replace_global": battr(false)},
		in: []*tensor.Tensor{mustT([]int{1}, "banana")}, want: mustT([]int{1}, "b-nana")},
	// A new axis, then dimension 0 shrunk: x[None, 0].
	{op: "StridedSlice", attrs: map[string]*tfpb.AttrValue{"new_axis_mask": iattr(1), "shrink_axis_mask": iattr(2)},
		in: []*tensor.Tensor{f32s([]int{2, 3}, 1, 2, 3, 4, 5, 6), i32s(0, 0), i32s(0, 1), i32s(1, 1)}, want: f32s([]int{1, 3}, 1, 2, 3)},
	// x[..., 1:2]
	{op: "StridedSlice", attrs: map[string]*tfpb.AttrValue{"ellipsis_mask": iattr(1)},
		in: []*tensor.Tensor{f32s([]int{2, 3}, 1, 2, 3, 4, 5, 6), i32s(0, 1), i32s(0, 2), i32s(1, 1)}, want: f32s([]int{2, 1}, 2, 5)},
	{op: "StringFormat", attrs: map[string]*tfpb.AttrValue{"template": sattr("x={} n={}"), "placeholder": sattr("{}"), "summarize": iattr(2)},
		in: []*tensor.Tensor{f32s([]int{3}, 1, 2.5, 3), isc(7)}, want: mustT([]int{}, "x=[1 2.5...] n=7")},
	{op: "StringJoin", attrs: map[string]*tfpb.AttrValue{"separator": sattr("-")},
		in: []*tensor.Tensor{mustT([]int{2}, "a", "b"), mustT([]int{}, "c")}, want: mustT([]int{2}, "a-c", "b-c")},
	{op: "StringLower", in: []*tensor.Tensor{mustT([]int{1}, "AbÇ")}, want: mustT([]int{1}, "abÇ")},
	{op: "StringToNumber", in: []*tensor.Tensor{mustT([]int{2}, "1.5", " -2e3")}, want: f32s([]int{2}, 1.5, -2000)},
	{op: "StringToNumber", attrs: map[string]*tfpb.AttrValue{"out_type": tattr(tfpb.DataType_DT_INT64)}, in: []*tensor.Tensor{mustT([]int{1}, "42")}, want: mustT([]int{1}, int64(42))},
	// TensorFlow's own test: Fingerprint64 of "a" to "d" mod 10.
	{op: "StringToHashBucketFast", attrs: map[string]*tfpb.AttrValue{"num_buckets": iattr(10)},
		in: []*tensor.Tensor{mustT([]int{4}, "a", "b", "c", "d")}, want: mustT([]int{4}, int64(9), 2, 2, 5)},
	// TensorFlow's own test: SipHash-2-4 under key (98765, 132) mod 10.
	{op: "StringToHashBucketStrong", attrs: map[string]*tfpb.AttrValue{"num_buckets": iattr(10), "key": lattr(98765, 132)},
		in: []*tensor.Tensor{mustT([]int{3}, "a", "b", "c")}, want: mustT([]int{3}, int64(4), 2, 8)},
	{op: "StringUpper", attrs: map[string]*tfpb.AttrValue{"encoding": sattr("utf-8")}, in: []*tensor.Tensor{mustT([]int{1}, "abç")}, want: mustT([]int{1}, "ABÇ")},
	{op: "Tan", in: []*tensor.Tensor{sc(math.Pi / 4)}, want: sc(1)},
	{op: "TensorScatterAdd", in: []*tensor.Tensor{v2x2, mustT([]int{2, 1}, int32(1), 1), f32s([]int{2, 2}, 1, 1, 2, 2)}, want: f32s([]int{2, 2}, 1, 2, 6, 7)},
	{op: "TensorScatterMax", in: []*tensor.Tensor{row, mustT([]int{2, 1}, int32(0), 1), f32s([]int{2}, 15, 15)}, want: f32s([]int{2}, 15, 20)},
	{op: "TensorScatterMin", in: []*tensor.Tensor{row, mustT([]int{2, 1}, int32(0), 1), f32s([]int{2}, 15, 15)}, want: f32s([]int{2}, 10, 15)},
	{op: "TensorScatterSub", in: []*tensor.Tensor{row, mustT([]int{1, 1}, int32(1)), f32s([]int{1}, 5)}, want: f32s([]int{2}, 10, 15)},
	{op: "TensorScatterUpdate", in: []*tensor.Tensor{v2x2, mustT([]int{1, 2}, int32(0), 1), f32s([]int{1}, 9)}, want: f32s([]int{2, 2}, 1, 9, 3, 4)},
	{op: "TopKV2", in: []*tensor.Tensor{f32s([]int{1, 4}, 1, 3, 3, 2), isc(2)}, want: f32s([]int{1, 2}, 3, 3)},
	{op: "TruncateDiv", in: []*tensor.Tensor{i32s(7, -7), i32s(2, 2)}, want: i32s(3, -3)},
	{op: "TruncateMod", in: []*tensor.Tensor{i32s(7, -7), i32s(3, 3)}, want: i32s(1, -1)},
	{op: "Unpack", attrs: map[string]*tfpb.AttrValue{"axis": iattr(1)}, in: []*tensor.Tensor{v2x2}, want: f32s([]int{2}, 1, 3)},
	{op: "UnsortedSegmentSum", in: []*tensor.Tensor{f32s([]int{4}, 1, 2, 3, 4), i32s(0, 1, 0, -1), isc(2)}, want: f32s([]int{2}, 4, 2)},
	// The Keras text and tabular ops. TensorFlow's documented examples:
	// tf.math.segment_sum(c, [0, 0, 1]) with c = [[1,2,3,4],[4,3,2,1],[5,6,7,8]].
	{op: "SegmentSum", in: []*tensor.Tensor{segData, i32s(0, 0, 1)}, want: mustT([]int{2, 4}, int32(5), 5, 5, 5, 5, 6, 7, 8)},
	{op: "SegmentMax", in: []*tensor.Tensor{segData, i32s(0, 0, 1)}, want: mustT([]int{2, 4}, int32(4), 3, 3, 4, 5, 6, 7, 8)},
	{op: "SegmentMin", in: []*tensor.Tensor{segData, i32s(0, 0, 1)}, want: mustT([]int{2, 4}, int32(1), 2, 2, 1, 5, 6, 7, 8)},
	{op: "SegmentProd", in: []*tensor.Tensor{segData, i32s(0, 0, 1)}, want: mustT([]int{2, 4}, int32(4), 6, 6, 4, 5, 6, 7, 8)},
	{op: "SegmentMean", in: []*tensor.Tensor{f32s([]int{3, 2}, 1, 2, 4, 3, 5, 6), i32s(0, 0, 1)}, want: f32s([]int{2, 2}, 2.5, 2.5, 5, 6)},
	// An empty sorted segment is 0, but 1 for Prod.
	{op: "SegmentMax", in: []*tensor.Tensor{f32s([]int{2}, -1, -2), i32s(0, 2)}, want: f32s([]int{3}, -1, 0, -2)},
	{op: "SegmentProd", in: []*tensor.Tensor{f32s([]int{2}, 3, 4), i32s(0, 2)}, want: f32s([]int{3}, 3, 1, 4)},
	// tf.math.unsorted_segment_max(c, [0, 1, 0], 2) with c = [[1,2,3,4],[5,6,7,8],[4,3,2,1]].
	{op: "UnsortedSegmentMax", in: []*tensor.Tensor{unsortedData, i32s(0, 1, 0), isc(2)}, want: mustT([]int{2, 4}, int32(4), 3, 3, 4, 5, 6, 7, 8)},
	{op: "UnsortedSegmentMin", in: []*tensor.Tensor{unsortedData, i32s(0, 1, 0), isc(2)}, want: mustT([]int{2, 4}, int32(1), 2, 2, 1, 5, 6, 7, 8)},
	{op: "UnsortedSegmentProd", in: []*tensor.Tensor{unsortedData, i32s(0, 1, 0), isc(2)}, want: mustT([]int{2, 4}, int32(4), 6, 6, 4, 5, 6, 7, 8)},
	// An empty unsorted segment is the type's lowest value for Max.
	{op: "UnsortedSegmentMax", in: []*tensor.Tensor{i32s(1, 2), i32s(0, 0), isc(2)}, want: i32s(2, math.MinInt32)},
	{op: "UnsortedSegmentMin", in: []*tensor.Tensor{f32s([]int{2}, 1, 2), i32s(1, -1), isc(2)}, want: f32s([]int{2}, math.MaxFloat32, 1)},
	// tf.sparse.segment_sum's documentation: c = [[1,2,3,4],[-1,-2,-3,-4],[5,6,7,8]],
	// rows [0, 1, 2] into segments [0, 0, 1] give [[0,0,0,0],[5,6,7,8]].
	{op: "SparseSegmentSum", in: []*tensor.Tensor{sparseSegData, i32s(0, 1, 2), i32s(0, 0, 1)}, want: f32s([]int{2, 4}, 0, 0, 0, 0, 5, 6, 7, 8)},
	{op: "SparseSegmentMean", in: []*tensor.Tensor{sparseSegData, i32s(0, 2), i32s(0, 0)}, want: f32s([]int{1, 4}, 3, 4, 5, 6)},
	{op: "SparseSegmentSqrtN", in: []*tensor.Tensor{sparseSegData, i32s(0, 2), i32s(1, 1)},
		want: f32s([]int{2, 4}, 0, 0, 0, 0, 6/math.Sqrt2, 8/math.Sqrt2, 10/math.Sqrt2, 12/math.Sqrt2)},
	// tf.gather(params, indices, axis=1, batch_dims=1) from tf.gather's documentation.
	{op: "GatherV2", attrs: map[string]*tfpb.AttrValue{"batch_dims": iattr(1)},
		in:   []*tensor.Tensor{mustT([]int{3, 5}, int32(0), 0, 1, 0, 2, 3, 0, 0, 0, 4, 0, 5, 0, 6, 0), mustT([]int{3, 2}, int32(2), 4, 0, 4, 1, 3), isc(1)},
		want: mustT([]int{3, 2}, int32(1), 2, 3, 4, 5, 6)},
	{op: "GatherV2", attrs: map[string]*tfpb.AttrValue{"batch_dims": iattr(-1)},
		in: []*tensor.Tensor{f32s([]int{2, 2}, 1, 2, 3, 4), mustT([]int{2, 1}, int32(1), 0), isc(1)}, want: f32s([]int{2, 1}, 2, 3)},
	// StringSplitV2's documentation: "hello world" and "a b c" give
	// indices [0,0; 0,1; 1,0; 1,1; 1,2] (values and shape in TestOpOutputs).
	{op: "StringSplitV2", in: []*tensor.Tensor{mustT([]int{2}, "hello world", "a b c"), mustT([]int{}, "")},
		want: mustT([]int{5, 2}, int64(0), 0, 0, 1, 1, 0, 1, 1, 1, 2)},
	// RaggedTensor.to_tensor's documentation: [[9, 8, 7], [], [6, 5], [4]]
	// gives [[9, 8, 7], [0, 0, 0], [6, 5, 0], [4, 0, 0]].
	{op: "RaggedTensorToTensor", attrs: map[string]*tfpb.AttrValue{"row_partition_types": slattr("ROW_SPLITS")},
		in:   []*tensor.Tensor{mustT([]int{}, int64(-1)), ragged, isc(0), mustT([]int{5}, int64(0), 3, 3, 5, 6)},
		want: mustT([]int{4, 3}, int32(9), 8, 7, 0, 0, 0, 6, 5, 0, 4, 0, 0)},
	// The same rows as value_rowids, cut to two columns.
	{op: "RaggedTensorToTensor", attrs: map[string]*tfpb.AttrValue{"row_partition_types": slattr("FIRST_DIM_SIZE", "VALUE_ROWIDS")},
		in:   []*tensor.Tensor{mustT([]int{2}, int64(-1), 2), ragged, isc(-1), mustT([]int{}, int64(4)), mustT([]int{6}, int64(0), 0, 0, 2, 2, 3)},
		want: mustT([]int{4, 2}, int32(9), 8, -1, -1, 6, 5, 4, -1)},
	// tf.strings.length's documentation: ['Hello', 'TensorFlow', '🙂'] is
	// [5, 10, 4] bytes and [5, 10, 1] characters.
	{op: "StringLength", in: []*tensor.Tensor{mustT([]int{3}, "Hello", "TensorFlow", "🙂")}, want: i32s(5, 10, 4)},
	{op: "StringLength", attrs: map[string]*tfpb.AttrValue{"unit": sattr("UTF8_CHAR")}, in: []*tensor.Tensor{mustT([]int{3}, "Hello", "TensorFlow", "🙂")}, want: i32s(5, 10, 1)},
	// tf.strings.substr's documentation: [b'Hello', b'World'] from 1 for 3 is [b'ell', b'orl'].
	{op: "Substr", in: []*tensor.Tensor{mustT([]int{2}, "Hello", "World"), isc(1), isc(3)}, want: mustT([]int{2}, "ell", "orl")},
	{op: "Substr", in: []*tensor.Tensor{mustT([]int{2}, "Hello", "World"), i32s(-3, 4), isc(2)}, want: mustT([]int{2}, "ll", "d")},
	{op: "Substr", attrs: map[string]*tfpb.AttrValue{"unit": sattr("UTF8_CHAR")}, in: []*tensor.Tensor{mustT([]int{1}, "héllo"), isc(1), isc(2)}, want: mustT([]int{1}, "él")},
	{op: "SparseToDense", in: []*tensor.Tensor{mustT([]int{2, 2}, int64(0), 0, 1, 2), i32s(2, 3), f32s([]int{2}, 1, 2), sc(0)},
		want: f32s([]int{2, 3}, 1, 0, 0, 0, 0, 2)},
	{op: "SparseToDense", in: []*tensor.Tensor{i32s(1, 3), i32s(5), mustT([]int{}, "x"), mustT([]int{}, "-")}, want: mustT([]int{5}, "-", "x", "-", "x", "-")},
	// [[1, 0], [0, 2]]·[[1, 2], [3, 4]], and with b transposed.
	{op: "SparseTensorDenseMatMul", in: []*tensor.Tensor{mustT([]int{2, 2}, int64(0), 0, 1, 1), f32s([]int{2}, 1, 2), mustT([]int{2}, int64(2), 2), v2x2},
		want: f32s([]int{2, 2}, 1, 2, 6, 8)},
	{op: "SparseTensorDenseMatMul", attrs: map[string]*tfpb.AttrValue{"adjoint_b": battr(true)},
		in: []*tensor.Tensor{mustT([]int{2, 2}, int64(0), 0, 1, 1), f32s([]int{2}, 1, 2), mustT([]int{2}, int64(2), 2), v2x2}, want: f32s([]int{2, 2}, 1, 3, 4, 8)},
	// A 2×3 a = [[0, 5, 0], [0, 0, 0]] transposed: [[0, 0], [5, 0], [0, 0]]·[[1, 2], [3, 4]].
	{op: "SparseTensorDenseMatMul", attrs: map[string]*tfpb.AttrValue{"adjoint_a": battr(true)},
		in: []*tensor.Tensor{mustT([]int{1, 2}, int64(0), 1), f32s([]int{1}, 5), mustT([]int{2}, int64(2), 3), v2x2}, want: f32s([]int{3, 2}, 0, 0, 5, 10, 0, 0)},
	// tf.strings.unicode_decode's documentation: "Göödnight" and "😊" are
	// [[71, 246, 246, 100, 110, 105, 103, 104, 116], [128522]]; row_splits here,
	// char_values in TestOpOutputs.
	{op: "UnicodeDecode", attrs: map[string]*tfpb.AttrValue{"input_encoding": sattr("UTF-8")},
		in: []*tensor.Tensor{mustT([]int{2}, "G\u00f6\u00f6dnight", "\U0001f60a")}, want: mustT([]int{3}, int64(0), 9, 10)},
	// tf.unique's documentation: y of [1, 1, 2, 4, 4, 4, 7, 8, 8] (idx in TestOpOutputs).
	{op: "Unique", in: []*tensor.Tensor{i32s(1, 1, 2, 4, 4, 4, 7, 8, 8)}, want: i32s(1, 2, 4, 7, 8)},
	// Rounding to bfloat16's 8-bit significand, ties to even: 1+2⁻⁸ → 1,
	// 1+3·2⁻⁸ → 1+2⁻⁶, π → 3.140625.
	{op: "Cast", attrs: map[string]*tfpb.AttrValue{"DstT": tattr(tfpb.DataType_DT_BFLOAT16)},
		in: []*tensor.Tensor{f32s([]int{3}, 1.00390625, 1.01171875, math.Pi)}, want: f32s([]int{3}, 1, 1.015625, 3.140625)},
	// An op computing in bfloat16 rounds its result: 1 + 2⁻⁸ is 1.
	{op: "AddV2", attrs: map[string]*tfpb.AttrValue{"T": tattr(tfpb.DataType_DT_BFLOAT16)}, in: []*tensor.Tensor{sc(1), sc(0.00390625)}, want: sc(1)},
	{op: "Where", in: []*tensor.Tensor{mustT([]int{2, 2}, true, false, false, true)}, want: mustT([]int{2, 2}, int64(0), 0, 1, 1)},
	{op: "Xlogy", in: []*tensor.Tensor{f32s([]int{2}, 0, 2), f32s([]int{2}, 0, math.E)}, want: f32s([]int{2}, 0, 2)},
}

// corpusOps are the ops tested elsewhere: variables, checkpoints,
// tables, assets and function calls need more than one node (the
// TestCorpus* tests, TestVariableUpdates, TestTableOps; TensorLists in
// TestCorpusKerasLSTM), random ops have
// TestRandomOps.
var corpusOps = []string{
	"Assign", "AssignAdd", "AssignAddVariableOp", "AssignSub", "AssignSubVariableOp", "AssignVariableOp", "Const", "If", "IdentityN", "NoOp", "PartitionedCall",
	"HashTableV2", "InitializeTableFromTextFileV2", "LookupTableFindV2", "LookupTableImportV2", "LookupTableSizeV2",
	"ParseExample", "ParseExampleV2", "Placeholder", "RandomStandardNormal", "RandomUniform", "ReadFile", "ReadVariableOp", "RestoreV2", "StatefulPartitionedCall", "StatelessIf",
	"StatelessWhile", "TensorListFromTensor", "TensorListGetItem", "TensorListReserve",
	"TensorListSetItem", "TensorListStack", "TruncatedNormal", "VarHandleOp", "VariableV2", "While",
	// TestTensorListOps; ResourceGather in TestKerasLike (embedding);
	// DisableCopyOnRead in TestDisableCopyOnRead; MutableHashTableV2 in
	// TestMutableHashTable; DecodePng in TestKerasLike (png_classifier);
	// PrintV2 in TestPrintV2.
	"EmptyTensorList", "TensorListElementShape", "TensorListLength", "TensorListPopBack", "TensorListPushBack", "TensorListResize",
	"ResourceGather", "DisableCopyOnRead", "MutableHashTableV2", "LookupTableInsertV2", "InitializeTableV2", "DecodePng", "PrintV2",
	// TF1 control flow: TestTF1ControlFlow; Assert: TestAssert.
	"Assert", "ControlTrigger", "Enter", "Exit", "LoopCond", "Merge", "NextIteration",
	"RefEnter", "RefExit", "RefMerge", "RefNextIteration", "RefSwitch", "Switch",
	"TensorArrayCloseV3", "TensorArrayGatherV3", "TensorArrayReadV3", "TensorArrayScatterV3",
	"TensorArraySizeV3", "TensorArrayV3", "TensorArrayWriteV3",
}

// TestRandomOps checks shapes, types and ranges: TensorFlow's generator
// cannot be reproduced.
func TestRandomOps(t *testing.T) {
	for _, c := range []struct {
		op     string
		lo, hi float64
	}{
		{"RandomUniform", 0, 1},
		{"RandomStandardNormal", math.Inf(-1), math.Inf(1)},
		{"TruncatedNormal", -2, 2},
	} {
		out, err := runOp(c.op, map[string]*tfpb.AttrValue{"dtype": tattr(tfpb.DataType_DT_FLOAT)}, 1, i32s(100, 2))
		if err != nil {
			t.Fatalf("%s: %v", c.op, err)
		}
		v, _ := out[0].Float64s()
		if out[0].DType() != tensor.Float32 || !slices.Equal(out[0].Shape(), []int{100, 2}) || slices.Min(v) < c.lo || slices.Max(v) > c.hi || slices.Min(v) == slices.Max(v) {
			t.Errorf("%s = %v %v in [%g, %g], want FP32 [100 2] varying in [%g, %g]", c.op, out[0].DType(), out[0].Shape(), slices.Min(v), slices.Max(v), c.lo, c.hi)
		}
	}
}

func TestOps(t *testing.T) {
	for _, c := range opCases {
		t.Run(c.op, func(t *testing.T) {
			out, err := runOp(c.op, c.attrs, 1, c.in...)
			if err != nil {
				t.Fatal(err)
			}
			if !sameTensor(out[0], c.want) {
				t.Errorf("%s = %v %v %v, want %v %v %v", c.op, out[0].DType(), out[0].Shape(), out[0].Data(), c.want.DType(), c.want.Shape(), c.want.Data())
			}
		})
	}
}

func sameTensor(got, want *tensor.Tensor) bool {
	if got.DType() != want.DType() || !slices.Equal(got.Shape(), want.Shape()) {
		return false
	}
	if w, ok := tensor.Values[string](want); ok {
		g, _ := tensor.Values[string](got)
		return slices.Equal(g, w)
	}
	g, err1 := got.Float64s()
	w, err2 := want.Float64s()
	return err1 == nil && err2 == nil && near(g, w, 1e-6)
}

// TestOpsCovered checks that every kernel is exercised by TestOps or named
// as tested through the corpus.
func TestOpsCovered(t *testing.T) {
	tested := map[string]bool{}
	for _, c := range opCases {
		tested[c.op] = true
	}
	for _, op := range corpusOps {
		tested[op] = true
	}
	var missing []string
	for op := range kernels {
		if !tested[op] {
			missing = append(missing, op)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("kernels without a test: %v", missing)
	}
}
