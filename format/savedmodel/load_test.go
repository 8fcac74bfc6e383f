package savedmodel

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/model"
)

func constTensor(name string, p *tfpb.TensorProto) *tfpb.NodeDef {
	return nodeDef(name, "Const", map[string]*tfpb.AttrValue{
		"dtype": tattr(p.GetDtype()),
		"value": {Value: &tfpb.AttrValue_Tensor{Tensor: p}},
	})
}

func shapeProto(dims ...int64) *tfpb.TensorShapeProto {
	s := &tfpb.TensorShapeProto{}
	for _, d := range dims {
		s.Dim = append(s.Dim, &tfpb.TensorShapeProto_Dim{Size: d})
	}
	return s
}

// constInts is an int64 vector constant.
func constInts(name string, v ...int64) *tfpb.NodeDef {
	return constTensor(name, &tfpb.TensorProto{Dtype: tfpb.DataType_DT_INT64, TensorShape: shapeProto(int64(len(v))), Int64Val: v})
}

// TestHostileModels loads SavedModels built to exhaust the interpreter:
// each must fail with an error, at load or when predicting, instead of
// crashing, overflowing the stack or running for ever.
func TestHostileModels(t *testing.T) {
	x := placeholder("x", tfpb.DataType_DT_FLOAT)
	call := func(name, fn string, in ...string) *tfpb.NodeDef {
		return nodeDef(name, "StatefulPartitionedCall", map[string]*tfpb.AttrValue{"f": fattr(fn)}, in...)
	}
	// f0 calls f1, …, f99: each call is fine, the chain too deep.
	chain := &tfpb.FunctionDefLibrary{}
	for i := range 100 {
		body := nodeDef("c", "Identity", nil, "v")
		if i < 99 {
			body = call("c", "f"+strconv.Itoa(i+1), "v")
		}
		chain.Function = append(chain.Function, function("f"+strconv.Itoa(i), []string{"v"}, []string{"c:output:0"}, body))
	}
	always := constTensor("t", &tfpb.TensorProto{Dtype: tfpb.DataType_DT_BOOL, TensorShape: shapeProto(), BoolVal: []bool{true}})
	for _, c := range []struct {
		name    string
		graph   *tfpb.GraphDef
		loadErr string // "" when the model loads and predicting fails
		err     string
	}{
		{name: "mutual recursion", graph: &tfpb.GraphDef{
			Node: []*tfpb.NodeDef{x, call("y", "f", "x")},
			Library: &tfpb.FunctionDefLibrary{Function: []*tfpb.FunctionDef{
				function("f", []string{"v"}, []string{"g:output:0"}, call("g", "g", "v")),
				function("g", []string{"v"}, []string{"f:output:0"}, call("f", "f", "v")),
			}},
		}, err: "function calls nested deeper than 64"},
		{name: "deep call chain", graph: &tfpb.GraphDef{Node: []*tfpb.NodeDef{x, call("y", "f0", "x")}, Library: chain},
			loadErr: "function calls nested deeper than 64"},
		{name: "endless While", graph: &tfpb.GraphDef{
			Node: []*tfpb.NodeDef{x, nodeDef("y", "While", map[string]*tfpb.AttrValue{"cond": fattr("always"), "body": fattr("same")}, "x")},
			Library: &tfpb.FunctionDefLibrary{Function: []*tfpb.FunctionDef{
				function("always", []string{"v"}, []string{"t:output:0"}, always),
				function("same", []string{"v"}, []string{"v"}),
			}},
		}, err: context.DeadlineExceeded.Error()},
		{name: "huge Fill", graph: &tfpb.GraphDef{Node: []*tfpb.NodeDef{x, constInts("dims", 1<<14, 1<<14), nodeDef("y", "Fill", nil, "dims", "x")}},
			err: "more than the kernel limit"},
		{name: "huge Tile", graph: &tfpb.GraphDef{Node: []*tfpb.NodeDef{x, constInts("one", 1), constInts("times", 1<<28),
			nodeDef("v", "Reshape", nil, "x", "one"), nodeDef("y", "Tile", nil, "v", "times")}},
			err: "more than the kernel limit"},
		{name: "huge Reshape", graph: &tfpb.GraphDef{Node: []*tfpb.NodeDef{x, constInts("shape", 1<<40, 1<<40), nodeDef("y", "Reshape", nil, "x", "shape")}},
			err: "overflows"},
		{name: "rank over 254", graph: &tfpb.GraphDef{Node: []*tfpb.NodeDef{x, constInts("shape", slices.Repeat([]int64{1}, 300)...), nodeDef("y", "Reshape", nil, "x", "shape")}},
			err: "rank 300 is more than TensorFlow's limit of 254"},
		{name: "huge Const", graph: &tfpb.GraphDef{Node: []*tfpb.NodeDef{x, constTensor("y", &tfpb.TensorProto{
			Dtype: tfpb.DataType_DT_FLOAT, TensorShape: shapeProto(1<<14, 1<<14), FloatVal: []float32{1}})}},
			loadErr: "more than the kernel limit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			sm := savedModel(c.graph, map[string]*tfpb.TensorInfo{"x": floatInfo("x:0")}, map[string]*tfpb.TensorInfo{"y": floatInfo("y:0")})
			if err := os.WriteFile(filepath.Join(dir, "saved_model.pb"), marshalSeed(t, sm), 0o644); err != nil {
				t.Fatal(err)
			}
			m, err := Load(context.Background(), dir, Options{})
			if c.loadErr != "" || err != nil {
				if err == nil || !strings.Contains(err.Error(), c.loadErr) || c.loadErr == "" {
					t.Fatalf("Load error = %v, want one containing %q", err, c.loadErr)
				}
				return
			}
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			_, err = m.Predict(ctx, model.Tensors{"x": mustT([]int{}, float32(1))}, nil)
			if err == nil || !strings.Contains(err.Error(), c.err) || errors.Is(err, ErrKernelPanic) {
				t.Errorf("Predict error = %v, want one containing %q", err, c.err)
			}
		})
	}
}

// TestLoadInitDeadline loads a model whose init op is a While that never
// ends: Load gives up when Options.InitTimeout or the caller's context
// runs out, not after the loop's iteration cap.
func TestLoadInitDeadline(t *testing.T) {
	always := constTensor("t", &tfpb.TensorProto{Dtype: tfpb.DataType_DT_BOOL, TensorShape: shapeProto(), BoolVal: []bool{true}})
	g := &tfpb.GraphDef{
		Node: []*tfpb.NodeDef{placeholder("x", tfpb.DataType_DT_FLOAT), constF("c", 1),
			nodeDef("loop", "While", map[string]*tfpb.AttrValue{"cond": fattr("always"), "body": fattr("same")}, "c")},
		Library: &tfpb.FunctionDefLibrary{Function: []*tfpb.FunctionDef{
			function("always", []string{"v"}, []string{"t:output:0"}, always),
			function("same", []string{"v"}, []string{"v"}),
		}},
	}
	sm := savedModel(g, map[string]*tfpb.TensorInfo{"x": floatInfo("x:0")}, map[string]*tfpb.TensorInfo{"y": floatInfo("x:0")})
	sm.MetaGraphs[0].SignatureDef[initSignature] = &tfpb.SignatureDef{
		Outputs: map[string]*tfpb.TensorInfo{initSignature: {Encoding: &tfpb.TensorInfo_Name{Name: "loop"}}}}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "saved_model.pb"), marshalSeed(t, sm), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		timeout time.Duration // of the caller's context; 0 for none
		opts    Options
	}{
		{name: "InitTimeout", opts: Options{InitTimeout: 50 * time.Millisecond}},
		{name: "caller's context", timeout: 50 * time.Millisecond},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			if c.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, c.timeout)
				defer cancel()
			}
			_, err := Load(ctx, dir, c.opts)
			if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "run init op") {
				t.Fatalf("Load error = %v, want the init op's deadline exceeded", err)
			}
		})
	}
}
