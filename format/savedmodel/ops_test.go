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
	if err := s.check(g, feeds, fetches, nil, map[*graph]bool{}); err != nil {
		return nil, err
	}
	vals, err := s.run(context.Background(), g, feeds, fetches, nil, 0)
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
