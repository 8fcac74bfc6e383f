package onnx

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/tensor"
)

// fuseCase is a graph of inputs x (and r when rShape is set) and random
// initializers, and the steps its plan should have: the op, then
// "+"+ops.FuseAttr when the planner fused it.
type fuseCase struct {
	name         string
	xShape       []int
	rShape       []int
	consts       map[string][]int
	nodes        []*onnxpb.NodeProto
	outputs      []string
	opset        int64
	inputWeights bool // w is a graph input of the given shape, not an initializer
	want         []string
}

var fuseCases = []fuseCase{
	{
		name: "conv relu", xShape: []int{1, 3, 9, 9}, consts: map[string][]int{"w": {4, 3, 3, 3}, "b": {4}},
		nodes:   []*onnxpb.NodeProto{node("Conv", []string{"x", "w", "b"}, []string{"y"}, intsAttr("pads", 1, 1, 1, 1)), node("Relu", []string{"y"}, []string{"z"})},
		outputs: []string{"z"}, want: []string{"Conv+Relu"},
	},
	{
		// 72×72 outputs span several im2col blocks, each finished on its own.
		name: "conv add relu, residual input", xShape: []int{1, 3, 72, 72}, rShape: []int{1, 4, 72, 72}, consts: map[string][]int{"w": {4, 3, 3, 3}},
		nodes: []*onnxpb.NodeProto{
			node("Conv", []string{"x", "w"}, []string{"y"}, intsAttr("pads", 1, 1, 1, 1)),
			node("Add", []string{"y", "r"}, []string{"s"}), node("Relu", []string{"s"}, []string{"z"}),
		},
		outputs: []string{"z"}, want: []string{"Conv+Add,Relu"},
	},
	{
		name: "residual first, no relu", xShape: []int{2, 4, 6, 6}, rShape: []int{2, 6, 3, 3}, consts: map[string][]int{"w": {6, 2, 3, 3}, "b": {6}},
		nodes: []*onnxpb.NodeProto{
			node("Conv", []string{"x", "w", "b"}, []string{"y"}, intAttr("group", 2), intsAttr("strides", 2, 2), intsAttr("pads", 1, 1, 1, 1)),
			node("Add", []string{"r", "y"}, []string{"z"}),
		},
		outputs: []string{"z"}, want: []string{"Conv+Add"},
	},
	{
		name: "pointwise, broadcast bias operand", xShape: []int{1, 8, 5, 5}, consts: map[string][]int{"w": {4, 8, 1, 1}, "c": {1, 4, 1, 1}},
		nodes: []*onnxpb.NodeProto{
			node("Conv", []string{"x", "w"}, []string{"y"}),
			node("Add", []string{"y", "c"}, []string{"s"}), node("Relu", []string{"s"}, []string{"z"}),
		},
		outputs: []string{"z"}, want: []string{"Conv+Add,Relu"},
	},
	{
		name: "depthwise", xShape: []int{1, 4, 20, 20}, rShape: []int{1, 4, 20, 20}, consts: map[string][]int{"w": {4, 1, 3, 3}},
		nodes: []*onnxpb.NodeProto{
			node("Conv", []string{"x", "w"}, []string{"y"}, intAttr("group", 4), intsAttr("pads", 1, 1, 1, 1)),
			node("Add", []string{"y", "r"}, []string{"s"}), node("Relu", []string{"s"}, []string{"z"}),
		},
		outputs: []string{"z"}, want: []string{"Conv+Add,Relu"},
	},
	{
		// A downsampling block: both convolutions feed the Add, which
		// merges with the first.
		name: "two convs into one add", xShape: []int{1, 3, 8, 8}, consts: map[string][]int{"w": {4, 3, 3, 3}, "v": {4, 3, 1, 1}},
		nodes: []*onnxpb.NodeProto{
			node("Conv", []string{"x", "w"}, []string{"y"}, intsAttr("pads", 1, 1, 1, 1)),
			node("Conv", []string{"x", "v"}, []string{"u"}),
			node("Add", []string{"y", "u"}, []string{"s"}), node("Relu", []string{"s"}, []string{"z"}),
		},
		outputs: []string{"z"}, want: []string{"Conv", "Conv+Add,Relu"},
	},
	{
		name: "matmul, bias row", xShape: []int{2, 3, 8}, consts: map[string][]int{"w": {8, 5}, "b": {5}},
		nodes: []*onnxpb.NodeProto{
			node("MatMul", []string{"x", "w"}, []string{"y"}),
			node("Add", []string{"b", "y"}, []string{"s"}), node("Relu", []string{"s"}, []string{"z"}),
		},
		outputs: []string{"z"}, want: []string{"MatMul+Add,Relu"},
	},
	{
		name: "batched matmul, residual", xShape: []int{2, 3, 8}, rShape: []int{2, 3, 5}, consts: map[string][]int{"w": {2, 8, 5}},
		nodes:   []*onnxpb.NodeProto{node("MatMul", []string{"x", "w"}, []string{"y"}), node("Add", []string{"y", "r"}, []string{"z"})},
		outputs: []string{"z"}, want: []string{"MatMul+Add"},
	},
	{
		name: "matmul, column operand", xShape: []int{3, 8}, consts: map[string][]int{"w": {8, 5}, "c": {3, 1}},
		nodes: []*onnxpb.NodeProto{
			node("MatMul", []string{"x", "w"}, []string{"y"}),
			node("Add", []string{"y", "c"}, []string{"s"}), node("Relu", []string{"s"}, []string{"z"}),
		},
		outputs: []string{"z"}, want: []string{"MatMul+Add,Relu"},
	},
	{
		name: "matmul by a vector", xShape: []int{3, 8}, consts: map[string][]int{"w": {8}},
		nodes:   []*onnxpb.NodeProto{node("MatMul", []string{"x", "w"}, []string{"y"}), node("Relu", []string{"y"}, []string{"z"})},
		outputs: []string{"z"}, want: []string{"MatMul+Relu"},
	},
	{
		name: "intermediate is a graph output", xShape: []int{1, 3, 6, 6}, consts: map[string][]int{"w": {4, 3, 3, 3}},
		nodes:   []*onnxpb.NodeProto{node("Conv", []string{"x", "w"}, []string{"y"}), node("Relu", []string{"y"}, []string{"z"})},
		outputs: []string{"z", "y"}, want: []string{"Conv", "Relu"},
	},
	{
		name: "intermediate has another consumer", xShape: []int{1, 3, 6, 6}, consts: map[string][]int{"w": {4, 3, 3, 3}},
		nodes: []*onnxpb.NodeProto{
			node("Conv", []string{"x", "w"}, []string{"y"}), node("Relu", []string{"y"}, []string{"z"}),
			node("Neg", []string{"y"}, []string{"n"}),
		},
		outputs: []string{"z", "n"}, want: []string{"Conv", "Relu", "Neg"},
	},
	{
		name: "add output has another consumer", xShape: []int{1, 3, 6, 6}, rShape: []int{1, 4, 4, 4}, consts: map[string][]int{"w": {4, 3, 3, 3}},
		nodes: []*onnxpb.NodeProto{
			node("Conv", []string{"x", "w"}, []string{"y"}),
			node("Add", []string{"y", "r"}, []string{"s"}), node("Relu", []string{"s"}, []string{"z"}),
		},
		outputs: []string{"z", "s"}, want: []string{"Conv+Add", "Relu"},
	},
	{
		name: "weights not constant", xShape: []int{1, 3, 6, 6}, inputWeights: true,
		nodes:   []*onnxpb.NodeProto{node("Conv", []string{"x", "w"}, []string{"y"}), node("Relu", []string{"y"}, []string{"z"})},
		outputs: []string{"z"}, want: []string{"Conv", "Relu"},
	},
	{
		name: "opset 6 add broadcasts by attributes", xShape: []int{1, 3, 6, 6}, rShape: []int{1, 4, 4, 4}, consts: map[string][]int{"w": {4, 3, 3, 3}},
		nodes: []*onnxpb.NodeProto{
			node("Conv", []string{"x", "w"}, []string{"y"}),
			node("Add", []string{"y", "r"}, []string{"s"}), node("Relu", []string{"s"}, []string{"z"}),
		},
		outputs: []string{"z"}, opset: 6, want: []string{"Conv", "Add", "Relu"},
	},
}

// TestFuse checks which nodes the planner fuses, and that the fused plan
// computes exactly what the unfused one does: the same graph with every
// value a graph output, which the planner cannot fuse.
func TestFuse(t *testing.T) {
	for _, dt := range []onnxpb.TensorProto_DataType{onnxpb.TensorProto_FLOAT, onnxpb.TensorProto_DOUBLE} {
		for _, tc := range fuseCases {
			t.Run(dt.String()+"/"+tc.name, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(1, 2))
				gp, feeds := tc.graph(dt, rng, tc.outputs)
				fused := compileFuse(t, gp, tc.opset)
				if got := planSteps(fused); !slices.Equal(got, tc.want) {
					t.Errorf("steps %q, want %q", got, tc.want)
				}
				var all []string
				for _, n := range tc.nodes {
					all = append(all, n.Output...)
				}
				ref, _ := tc.graph(dt, rand.New(rand.NewPCG(1, 2)), all)
				unfused := compileFuse(t, ref, tc.opset)
				for _, s := range planSteps(unfused) {
					if strings.Contains(s, "+") {
						t.Fatalf("reference plan fused %s", s)
					}
				}
				got := runFuse(t, fused, feeds)
				want := runFuse(t, unfused, feeds)
				for i, name := range tc.outputs {
					if !identical(got[i], want[slices.Index(all, name)]) {
						t.Errorf("output %s differs from the unfused plan's", name)
					}
				}
			})
		}
	}
}

// graph builds tc's graph with the given outputs, and random feeds.
func (tc fuseCase) graph(dt onnxpb.TensorProto_DataType, rng *rand.Rand, outputs []string) (*onnxpb.GraphProto, []ops.Value) {
	gp := &onnxpb.GraphProto{Node: tc.nodes}
	var feeds []ops.Value
	input := func(name string, shape []int) {
		dims := make([]int64, len(shape))
		for i, d := range shape {
			dims[i] = int64(d)
		}
		gp.Input = append(gp.Input, valueInfo(name, dt, dims...))
		feeds = append(feeds, randomTensor(dt, shape, rng))
	}
	input("x", tc.xShape)
	if tc.inputWeights {
		input("w", []int{4, 3, 3, 3})
	}
	if tc.rShape != nil {
		input("r", tc.rShape)
	}
	names := make([]string, 0, len(tc.consts))
	for name := range tc.consts {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		gp.Initializer = append(gp.Initializer, initializer(name, randomTensor(dt, tc.consts[name], rng)))
	}
	for _, o := range outputs {
		gp.Output = append(gp.Output, untyped(o))
	}
	return gp, feeds
}

// randomTensor draws standard-normal values: about half are negative,
// where Relu matters.
func randomTensor(dt onnxpb.TensorProto_DataType, shape []int, rng *rand.Rand) *tensor.Tensor {
	v := make([]float64, max(1, product(shape)))
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	t, err := tensor.New(shape, v)
	if err == nil && dt == onnxpb.TensorProto_FLOAT {
		t, err = t.Convert(tensor.Float32)
	}
	if err != nil {
		panic(err)
	}
	return t
}

func product(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

func initializer(name string, t *tensor.Tensor) *onnxpb.TensorProto {
	tp := &onnxpb.TensorProto{Name: proto.String(name)}
	for _, d := range t.Shape() {
		tp.Dims = append(tp.Dims, int64(d))
	}
	switch v := t.Data().(type) {
	case []float32:
		tp.DataType, tp.FloatData = proto.Int32(int32(onnxpb.TensorProto_FLOAT)), v
	case []float64:
		tp.DataType, tp.DoubleData = proto.Int32(int32(onnxpb.TensorProto_DOUBLE)), v
	}
	return tp
}

func compileFuse(t *testing.T, gp *onnxpb.GraphProto, opset int64) *graph {
	t.Helper()
	if opset == 0 {
		opset = 13
	}
	g, err := compileGraph(gp, map[string]int{"": int(opset)}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// planSteps names each step by its op and, after a "+", its fusion.
func planSteps(g *graph) []string {
	var steps []string
	for _, s := range g.steps {
		name := s.node.Op
		if a, ok := s.node.Attrs[ops.FuseAttr]; ok {
			name += "+" + a.S
		}
		steps = append(steps, name)
	}
	return steps
}

func runFuse(t *testing.T, g *graph, feeds []ops.Value) []*tensor.Tensor {
	t.Helper()
	out, err := g.run(context.Background(), feeds)
	if err != nil {
		t.Fatal(err)
	}
	ts := make([]*tensor.Tensor, len(out))
	for i, v := range out {
		ts[i] = v.(*tensor.Tensor)
	}
	return ts
}

// identical reports whether two float tensors hold the same shape and
// exactly the same values.
func identical(a, b *tensor.Tensor) bool {
	if !slices.Equal(a.Shape(), b.Shape()) {
		return false
	}
	switch av := a.Data().(type) {
	case []float32:
		bv, ok := b.Data().([]float32)
		return ok && slices.Equal(av, bv)
	case []float64:
		bv, ok := b.Data().([]float64)
		return ok && slices.Equal(av, bv)
	}
	return false
}

func TestFuseAttrReserved(t *testing.T) {
	attr := &onnxpb.AttributeProto{Name: proto.String(ops.FuseAttr), Type: onnxpb.AttributeProto_STRING.Enum(), S: []byte("Relu")}
	m := modelOf(&onnxpb.GraphProto{
		Node:   []*onnxpb.NodeProto{node("Conv", []string{"x", "w"}, []string{"y"}, attr)},
		Input:  []*onnxpb.ValueInfoProto{valueInfo("x", onnxpb.TensorProto_FLOAT, 1, 1, 3, 3), valueInfo("w", onnxpb.TensorProto_FLOAT, 1, 1, 1, 1)},
		Output: []*onnxpb.ValueInfoProto{untyped("y")},
	})
	wantLoadError(t, writeModel(t, t.TempDir(), m), "reserved", nil)
}
