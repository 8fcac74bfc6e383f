package onnx

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// nestedIf returns a model whose output is X passed through depth nested
// If nodes, each taking its then branch on the graph input C and reading X
// from the outermost scope; else branches return zero.
func nestedIf(depth int) *onnxpb.ModelProto {
	leaf := func(name, in string) *onnxpb.GraphProto {
		return &onnxpb.GraphProto{Name: proto.String(name), Node: []*onnxpb.NodeProto{node("Identity", []string{in}, []string{name})}, Output: []*onnxpb.ValueInfoProto{untyped(name)}}
	}
	ifNode := func(then *onnxpb.GraphProto, out string) *onnxpb.NodeProto {
		return node("If", []string{"C"}, []string{out}, graphAttr("then_branch", then), graphAttr("else_branch", leaf("else_"+out, "Zero")))
	}
	then := leaf("leaf", "X")
	for d := 1; d < depth; d++ {
		out := fmt.Sprintf("y%d", d)
		then = &onnxpb.GraphProto{Node: []*onnxpb.NodeProto{ifNode(then, out)}, Output: []*onnxpb.ValueInfoProto{untyped(out)}}
	}
	return modelOf(&onnxpb.GraphProto{
		Node:        []*onnxpb.NodeProto{ifNode(then, "Y")},
		Initializer: []*onnxpb.TensorProto{{Name: proto.String("Zero"), DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)), Dims: []int64{1}, FloatData: []float32{0}}},
		Input:       []*onnxpb.ValueInfoProto{valueInfo("C", onnxpb.TensorProto_BOOL), valueInfo("X", onnxpb.TensorProto_FLOAT, 1)},
		Output:      []*onnxpb.ValueInfoProto{valueInfo("Y", onnxpb.TensorProto_FLOAT, 1)},
	})
}

// TestLoadHostileGraphs checks that graphs built to exhaust the loader
// fail with an error naming the problem.
func TestLoadHostileGraphs(t *testing.T) {
	tests := []struct {
		name  string
		model *onnxpb.ModelProto
		want  string
	}{
		{"graph past the node limit", chain(maxGraphNodes + 1), fmt.Sprintf("the graph has %d nodes, more than the limit", maxGraphNodes+1)},
		{"If nested past the limit", nestedIf(maxGraphDepth + 1), fmt.Sprintf("subgraphs nested deeper than %d", maxGraphDepth)},
		{"If nested past protobuf's limit", nestedIf(5000), "exceeded maximum recursion depth"},
		{"cycle through a subgraph", modelOf(&onnxpb.GraphProto{
			Node: []*onnxpb.NodeProto{
				node("If", []string{"C"}, []string{"A"},
					graphAttr("then_branch", &onnxpb.GraphProto{Node: []*onnxpb.NodeProto{node("Identity", []string{"Z"}, []string{"t"})}, Output: []*onnxpb.ValueInfoProto{untyped("t")}}),
					graphAttr("else_branch", &onnxpb.GraphProto{Node: []*onnxpb.NodeProto{node("Identity", []string{"X"}, []string{"e"})}, Output: []*onnxpb.ValueInfoProto{untyped("e")}})),
				node("Relu", []string{"A"}, []string{"Z"}),
			},
			Input:  []*onnxpb.ValueInfoProto{valueInfo("C", onnxpb.TensorProto_BOOL), valueInfo("X", onnxpb.TensorProto_FLOAT, 1)},
			Output: []*onnxpb.ValueInfoProto{valueInfo("Z", onnxpb.TensorProto_FLOAT, 1)},
		}), "cycle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantLoadError(t, writeModel(t, t.TempDir(), tt.model), tt.want, nil)
		})
	}
}

// TestNestedIfAtLimit runs subgraphs nested as deep as the loader allows.
func TestNestedIfAtLimit(t *testing.T) {
	m, err := Load(writeModel(t, t.TempDir(), nestedIf(maxGraphDepth)))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := tensor.New([]int{}, []bool{true})
	x, _ := tensor.New([]int{1}, []float32{42})
	out, err := m.Predict(context.Background(), model.Tensors{"C": c, "X": x}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if y, _ := tensor.Values[float32](out["Y"]); len(y) != 1 || y[0] != 42 {
		t.Errorf("Y = %v, want [42]", y)
	}
}

// chain returns a model adding 1 to its input n times, its nodes stored in
// reverse order, the worst case for ordering them.
func chain(n int) *onnxpb.ModelProto {
	nodes := make([]*onnxpb.NodeProto, n)
	for i := range n {
		out := fmt.Sprintf("v%d", i+1)
		if i == n-1 {
			out = "Y"
		}
		nodes[n-1-i] = node("Add", []string{fmt.Sprintf("v%d", i), "one"}, []string{out})
	}
	return modelOf(&onnxpb.GraphProto{
		Node:        nodes,
		Initializer: []*onnxpb.TensorProto{{Name: proto.String("one"), DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)), FloatData: []float32{1}}},
		Input:       []*onnxpb.ValueInfoProto{valueInfo("v0", onnxpb.TensorProto_FLOAT, 1)},
		Output:      []*onnxpb.ValueInfoProto{valueInfo("Y", onnxpb.TensorProto_FLOAT, 1)},
	})
}

// TestLoadLongChain loads and runs a chain of 100,000 nodes.
func TestLoadLongChain(t *testing.T) {
	const n = 100_000
	path := writeModel(t, t.TempDir(), chain(n))
	start := time.Now()
	m, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %d nodes in %v", n, time.Since(start))
	x, _ := tensor.New([]int{1}, []float32{0.5})
	out, err := m.Predict(context.Background(), model.Tensors{"v0": x}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if y, _ := tensor.Values[float32](out["Y"]); len(y) != 1 || y[0] != n+0.5 {
		t.Errorf("Y = %v, want [%v]", y, n+0.5)
	}
}

// loopModel returns a model running Loop for M trips from X, adding one
// to the carried value each time and collecting it as a scan output. M
// and X are graph inputs unless given as initializers.
func loopModel(initializers ...*onnxpb.TensorProto) *onnxpb.ModelProto {
	body := &onnxpb.GraphProto{
		Node: []*onnxpb.NodeProto{
			node("Identity", []string{"cond"}, []string{"cond_out"}),
			node("Add", []string{"x", "one"}, []string{"x_out"}),
			node("Identity", []string{"x"}, []string{"scan"}),
		},
		Initializer: []*onnxpb.TensorProto{{Name: proto.String("one"), DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)), Dims: []int64{1}, FloatData: []float32{1}}},
		Input:       []*onnxpb.ValueInfoProto{untyped("iter"), untyped("cond"), untyped("x")},
		Output:      []*onnxpb.ValueInfoProto{untyped("cond_out"), untyped("x_out"), untyped("scan")},
	}
	g := &onnxpb.GraphProto{
		Node:        []*onnxpb.NodeProto{node("Loop", []string{"M", "", "X"}, []string{"Y", "S"}, graphAttr("body", body))},
		Initializer: initializers,
		Input:       []*onnxpb.ValueInfoProto{valueInfo("M", onnxpb.TensorProto_INT64), valueInfo("X", onnxpb.TensorProto_FLOAT, 1)},
		Output:      []*onnxpb.ValueInfoProto{valueInfo("Y", onnxpb.TensorProto_FLOAT, 1), valueInfo("S", onnxpb.TensorProto_FLOAT, -1, 1)},
	}
	g.Input = slices.DeleteFunc(g.Input, func(vi *onnxpb.ValueInfoProto) bool {
		return slices.ContainsFunc(initializers, func(tp *onnxpb.TensorProto) bool { return tp.GetName() == vi.GetName() })
	})
	return modelOf(g)
}

// TestLoopHugeTripCount runs a Loop told to iterate 2^62 times: the
// request's deadline stops it.
func TestLoopHugeTripCount(t *testing.T) {
	m, err := Load(writeModel(t, t.TempDir(), loopModel()))
	if err != nil {
		t.Fatal(err)
	}
	x, _ := tensor.New([]int{1}, []float32{1})
	for _, tt := range []struct {
		trips int64
		want  error
	}{
		{3, nil},
		{1 << 62, context.DeadlineExceeded},
	} {
		trips, _ := tensor.New([]int{}, []int64{tt.trips})
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		out, err := m.Predict(ctx, model.Tensors{"M": trips, "X": x}, nil)
		cancel()
		if !errors.Is(err, tt.want) {
			t.Fatalf("%d trips: got error %v, want %v", tt.trips, err, tt.want)
		}
		if err != nil {
			continue
		}
		// x = 1 + trips·1; the scan output holds x before each trip.
		y, _ := tensor.Values[float32](out["Y"])
		s, _ := tensor.Values[float32](out["S"])
		if !slices.Equal(y, []float32{4}) || !slices.Equal(s, []float32{1, 2, 3}) {
			t.Errorf("3 trips: Y = %v, S = %v; want [4], [1 2 3]", y, s)
		}
	}
}

// TestLoadConstantLoop loads a Loop whose inputs are all initializers,
// among them a trip count of 2^62: folding it at load used to hang Load.
// It runs at request time, where the deadline stops it.
func TestLoadConstantLoop(t *testing.T) {
	path := writeModel(t, t.TempDir(), loopModel(
		&onnxpb.TensorProto{Name: proto.String("M"), DataType: proto.Int32(int32(onnxpb.TensorProto_INT64)), Int64Data: []int64{1 << 62}},
		&onnxpb.TensorProto{Name: proto.String("X"), DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)), Dims: []int64{1}, FloatData: []float32{1}},
	))
	loaded := make(chan error, 1)
	var m *Model
	go func() {
		var err error
		m, err = Load(path)
		loaded <- err
	}()
	select {
	case err := <-loaded:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Load has not returned after 10s")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := m.Predict(ctx, model.Tensors{}, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Predict: got error %v, want %v", err, context.DeadlineExceeded)
	}
}

// TestFoldBudget loads constant nodes whose outputs fit the folding budget
// or not: the ones that do not run at request time, with the same result.
func TestFoldBudget(t *testing.T) {
	for _, tt := range []struct {
		size   int64
		folded bool
	}{
		{1 << 10, true},
		{maxFoldElements + 2, false}, // the budget, plus the shape initializer's one element
	} {
		m, err := Load(writeModel(t, t.TempDir(), modelOf(&onnxpb.GraphProto{
			Node:        []*onnxpb.NodeProto{node("ConstantOfShape", []string{"shape"}, []string{"Y"})},
			Initializer: []*onnxpb.TensorProto{{Name: proto.String("shape"), DataType: proto.Int32(int32(onnxpb.TensorProto_INT64)), Dims: []int64{1}, Int64Data: []int64{tt.size}}},
			Output:      []*onnxpb.ValueInfoProto{valueInfo("Y", onnxpb.TensorProto_FLOAT, tt.size)},
		})))
		if err != nil {
			t.Fatal(err)
		}
		if folded := len(m.g.steps) == 0; folded != tt.folded {
			t.Errorf("%d elements: folded = %v, want %v", tt.size, folded, tt.folded)
		}
		out, err := m.Predict(context.Background(), model.Tensors{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if y, _ := tensor.Values[float32](out["Y"]); len(y) != int(tt.size) || slices.ContainsFunc(y, func(v float32) bool { return v != 0 }) {
			t.Errorf("%d elements: Y has %d elements, not all zero", tt.size, len(y))
		}
	}
}
