package savedmodel

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

var update = flag.Bool("update", false, "rewrite testdata/fuzz/FuzzLoad from seedModels")

func nodeDef(name, op string, attrs map[string]*tfpb.AttrValue, in ...string) *tfpb.NodeDef {
	return &tfpb.NodeDef{Name: name, Op: op, Input: in, Attr: attrs}
}

func constF(name string, v float32) *tfpb.NodeDef {
	return nodeDef(name, "Const", map[string]*tfpb.AttrValue{
		"dtype": tattr(tfpb.DataType_DT_FLOAT),
		"value": {Value: &tfpb.AttrValue_Tensor{Tensor: &tfpb.TensorProto{
			Dtype: tfpb.DataType_DT_FLOAT, TensorShape: &tfpb.TensorShapeProto{}, FloatVal: []float32{v}}}},
	})
}

func fattr(name string) *tfpb.AttrValue {
	return &tfpb.AttrValue{Value: &tfpb.AttrValue_Func{Func: &tfpb.NameAttrList{Name: name}}}
}

func floatInfo(name string, dims ...int64) *tfpb.TensorInfo {
	shape := &tfpb.TensorShapeProto{}
	for _, d := range dims {
		shape.Dim = append(shape.Dim, &tfpb.TensorShapeProto_Dim{Size: d})
	}
	return &tfpb.TensorInfo{Encoding: &tfpb.TensorInfo_Name{Name: name}, Dtype: tfpb.DataType_DT_FLOAT, TensorShape: shape}
}

func savedModel(g *tfpb.GraphDef, in, out map[string]*tfpb.TensorInfo) *tfpb.SavedModel {
	return &tfpb.SavedModel{SavedModelSchemaVersion: 1, MetaGraphs: []*tfpb.MetaGraphDef{{
		MetaInfoDef:  &tfpb.MetaGraphDef_MetaInfoDef{Tags: []string{"serve"}},
		GraphDef:     g,
		SignatureDef: map[string]*tfpb.SignatureDef{DefaultSignature: {Inputs: in, Outputs: out, MethodName: "tensorflow/serving/predict"}},
	}}}
}

// function returns a FunctionDef with float arguments and results.
func function(name string, args, rets []string, body ...*tfpb.NodeDef) *tfpb.FunctionDef {
	sig := &tfpb.OpDef{Name: name}
	ret := map[string]string{}
	for _, a := range args {
		sig.InputArg = append(sig.InputArg, &tfpb.OpDef_ArgDef{Name: a, Type: tfpb.DataType_DT_FLOAT})
	}
	for i, r := range rets {
		o := "out" + strconv.Itoa(i)
		sig.OutputArg = append(sig.OutputArg, &tfpb.OpDef_ArgDef{Name: o, Type: tfpb.DataType_DT_FLOAT})
		ret[o] = r
	}
	return &tfpb.FunctionDef{Signature: sig, NodeDef: body, Ret: ret}
}

// seedModels are small SavedModels covering a TF1 graph, TF1 while loops,
// a function call and a While loop; FuzzLoad mutates them.
func seedModels() map[string]*tfpb.SavedModel {
	tf1 := &tfpb.GraphDef{Node: []*tfpb.NodeDef{
		nodeDef("x", "Placeholder", map[string]*tfpb.AttrValue{"dtype": tattr(tfpb.DataType_DT_FLOAT)}),
		constF("a", 0.5), constF("b", 2),
		nodeDef("Mul", "Mul", nil, "a", "x"),
		nodeDef("Add", "AddV2", nil, "Mul", "b"),
		nodeDef("y", "Identity", nil, "Add"),
	}}
	calls := &tfpb.GraphDef{
		Node: []*tfpb.NodeDef{
			nodeDef("x", "Placeholder", nil),
			nodeDef("call", "StatefulPartitionedCall", map[string]*tfpb.AttrValue{"f": fattr("double")}, "x"),
			nodeDef("loop", "StatelessWhile", map[string]*tfpb.AttrValue{"cond": fattr("below_ten"), "body": fattr("increment")}, "call"),
		},
		Library: &tfpb.FunctionDefLibrary{Function: []*tfpb.FunctionDef{
			function("double", []string{"v"}, []string{"sum:z:0"}, nodeDef("sum", "AddV2", nil, "v", "v")),
			function("increment", []string{"v"}, []string{"sum:z:0"}, constF("one", 1), nodeDef("sum", "AddV2", nil, "v", "one:output:0")),
			function("below_ten", []string{"v"}, []string{"less:z:0"}, constF("ten", 10), nodeDef("less", "Less", nil, "v", "ten:output:0")),
		}},
	}
	loops := tf1Graphs()
	scalarIn := map[string]*tfpb.TensorInfo{"x": floatInfo("x:0")}
	return map[string]*tfpb.SavedModel{
		"tf1_while":  savedModel(&tfpb.GraphDef{Node: loops["sum"]}, scalarIn, map[string]*tfpb.TensorInfo{"sum": floatInfo("out:0")}),
		"tf1_nested": savedModel(&tfpb.GraphDef{Node: loops["nested"]}, scalarIn, map[string]*tfpb.TensorInfo{"sum": floatInfo("out:0")}),
		"tf1_map_fn": savedModel(&tfpb.GraphDef{Node: loops["map_fn"]}, map[string]*tfpb.TensorInfo{"x": floatInfo("x:0", 3)},
			map[string]*tfpb.TensorInfo{"squares": floatInfo("out:0", 3)}),
		"half_plus_two": savedModel(tf1, map[string]*tfpb.TensorInfo{"x": floatInfo("x:0", -1, 1)}, map[string]*tfpb.TensorInfo{"y": floatInfo("y:0", -1, 1)}),
		"function_while": savedModel(calls, map[string]*tfpb.TensorInfo{"x": floatInfo("x:0")},
			map[string]*tfpb.TensorInfo{"doubled": floatInfo("call:0"), "looped": floatInfo("loop:0")}),
	}
}

func marshalSeed(t testing.TB, m proto.Message) []byte {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSeedModels runs the fuzz seeds, and keeps testdata/fuzz/FuzzLoad in
// step with them (go test -run TestSeedModels -update rewrites it).
func TestSeedModels(t *testing.T) {
	cases := map[string]struct {
		shape []int
		want  map[string]float32
	}{
		"half_plus_two": {[]int{1, 1}, map[string]float32{"y": 3}}, // 0.5*2 + 2
		// 2 doubled, then incremented until ≥ 10; the loop condition
		// must be a scalar.
		"function_while": {[]int{}, map[string]float32{"doubled": 4, "looped": 10}},
		// TF1 loops: 1 + 2, and (1) + (1 + 2).
		"tf1_while":  {[]int{}, map[string]float32{"sum": 3}},
		"tf1_nested": {[]int{}, map[string]float32{"sum": 4}},
		// A TF1 map_fn with TensorArrays squares each element.
		"tf1_map_fn": {[]int{3}, map[string]float32{"squares": 4}},
	}
	for name, sm := range seedModels() {
		b := marshalSeed(t, sm)
		m := loadBytes(t, b)
		n, _ := tensor.NumElements(cases[name].shape)
		x := mustT(cases[name].shape, slices.Repeat([]float32{2}, n)...)
		out, err := m.Predict(context.Background(), model.Tensors{"x": x}, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for o, w := range cases[name].want {
			if v, _ := tensor.Values[float32](out[o]); len(v) == 0 || slices.ContainsFunc(v, func(g float32) bool { return g != w }) {
				t.Errorf("%s: %s = %v, want all %v", name, o, out[o].Data(), w)
			}
		}
		path := filepath.Join("testdata", "fuzz", "FuzzLoad", name)
		file := fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\nstring(\"\")\n", b)
		if *update {
			if err := os.WriteFile(path, file, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if got, err := os.ReadFile(path); err != nil || !slices.Equal(got, file) {
			t.Errorf("%s is stale or missing (%v); run go test -run TestSeedModels -update", path, err)
		}
	}
}

func loadBytes(t *testing.T, b []byte) *Model {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "saved_model.pb"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := Load(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// FuzzLoad loads mutated saved_model.pb files and runs every signature
// that loads on small zero inputs: nothing may panic or hang. vars names
// a testdata/keraslike model whose variables the load restores; the
// seeds are seedModels without variables and the keraslike models with
// theirs.
func FuzzLoad(f *testing.F) {
	for _, sm := range seedModels() {
		f.Add(marshalSeed(f, sm), "")
	}
	dirs, err := filepath.Glob(filepath.Join("testdata", "keraslike", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "saved_model.pb"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, filepath.Base(d))
	}
	f.Fuzz(func(t *testing.T, b []byte, vars string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "saved_model.pb"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if vars != "" && vars == filepath.Base(vars) {
			src, err := filepath.Abs(filepath.Join("testdata", "keraslike", vars, "variables"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(src); err == nil {
				if err := os.Symlink(src, filepath.Join(dir, "variables")); err != nil {
					t.Fatal(err)
				}
			}
		}
		// Loading runs init ops, which may loop: bound it too.
		m, err := Load(context.Background(), dir, Options{InitTimeout: time.Second})
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
		defer cancel()
		for name, sig := range m.Signatures() {
			in := model.Tensors{}
			for _, s := range sig.Inputs {
				shape := slices.Clone(s.Shape)
				for i, d := range shape {
					shape[i] = min(max(d, 1), 4)
				}
				z, err := tensor.Zeros(s.DType, shape)
				if err != nil {
					return
				}
				in[s.Name] = z
			}
			if _, err := m.PredictSignature(ctx, name, in, nil); errors.Is(err, ErrKernelPanic) {
				t.Errorf("signature %s: %v", name, err)
			}
		}
	})
}
