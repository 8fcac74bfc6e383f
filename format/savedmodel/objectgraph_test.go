package savedmodel

import (
	"context"
	"encoding/binary"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// testBundle writes a one-shard TensorBundle of float scalars and the
// serialized checkpoint object graph at dir/variables/variables, and opens
// it.
func testBundle(t *testing.T, dir string, floats map[string]float32, ckpt *tfpb.TrackableObjectGraph) *Bundle {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "variables"), 0o755); err != nil {
		t.Fatal(err)
	}
	b := &Bundle{prefix: filepath.Join(dir, "variables", "variables"), shards: 1, entries: map[string]*tfpb.BundleEntryProto{}}
	var data []byte
	add := func(key string, dt tfpb.DataType, raw []byte, crc uint32) {
		b.entries[key] = &tfpb.BundleEntryProto{Dtype: dt, Shape: &tfpb.TensorShapeProto{}, Offset: int64(len(data)), Size: int64(len(raw)), Crc32C: crc}
		data = append(data, raw...)
	}
	for k, v := range floats {
		raw := binary.LittleEndian.AppendUint32(nil, math.Float32bits(v))
		crc := crc32.Checksum(raw, castagnoli)
		add(k, tfpb.DataType_DT_FLOAT, raw, (crc>>15|crc<<17)+0xa282ead8)
	}
	g, err := proto.Marshal(ckpt)
	if err != nil {
		t.Fatal(err)
	}
	// A string tensor: the length, the lengths' crc32c (not checked on
	// reading), the bytes.
	add(checkpointGraphKey, tfpb.DataType_DT_STRING, append(binary.AppendUvarint(nil, uint64(len(g))), append(make([]byte, 4), g...)...), 0)
	if err := os.WriteFile(b.prefix+".data-00000-of-00001", data, 0o644); err != nil {
		t.Fatal(err)
	}
	index := map[string]string{"": string(marshalSeed(t, &tfpb.BundleHeaderProto{NumShards: 1}))}
	for k, e := range b.entries {
		index[k] = string(marshalSeed(t, e))
	}
	if err := os.WriteFile(b.prefix+".index", buildTable(index), 0o644); err != nil {
		t.Fatal(err)
	}
	opened, err := OpenBundle(b.prefix)
	if err != nil {
		t.Fatal(err)
	}
	return opened
}

func ref(id int32, name string) *tfpb.TrackableObjectGraph_TrackableObject_ObjectReference {
	return &tfpb.TrackableObjectGraph_TrackableObject_ObjectReference{NodeId: id, LocalName: name}
}

// trackable is a checkpoint object with a variable value under key (none
// when key is "").
func trackable(key string, children ...*tfpb.TrackableObjectGraph_TrackableObject_ObjectReference) *tfpb.TrackableObjectGraph_TrackableObject {
	o := &tfpb.TrackableObjectGraph_TrackableObject{Children: children}
	if key != "" {
		o.Attributes = []*tfpb.TrackableObjectGraph_TrackableObject_SerializedTensor{{Name: variableValue, FullName: key, CheckpointKey: key}}
	}
	return o
}

func savedVariable(dt tfpb.DataType, children ...*tfpb.TrackableObjectGraph_TrackableObject_ObjectReference) *tfpb.SavedObject {
	return &tfpb.SavedObject{Children: children, Kind: &tfpb.SavedObject_Variable{Variable: &tfpb.SavedVariable{Dtype: dt}}}
}

// TestRestoreObjects restores two variables, a and b, that a function call
// captures, from checkpoint object graphs.
func TestRestoreObjects(t *testing.T) {
	defs := []*tfpb.NodeDef{
		placeholder("x", tfpb.DataType_DT_FLOAT),
		nodeDef("a", "VarHandleOp", map[string]*tfpb.AttrValue{"shared_name": sattr("a")}),
		nodeDef("b", "VarHandleOp", map[string]*tfpb.AttrValue{"shared_name": sattr("b")}),
		nodeDef("call", "StatefulPartitionedCall", map[string]*tfpb.AttrValue{"f": fattr("f")}, "x", "a", "b"),
	}
	saved := func(bType tfpb.DataType) *tfpb.SavedObjectGraph {
		return &tfpb.SavedObjectGraph{
			Nodes: []*tfpb.SavedObject{
				{Children: []*tfpb.TrackableObjectGraph_TrackableObject_ObjectReference{ref(1, "a"), ref(2, "b")}},
				savedVariable(tfpb.DataType_DT_FLOAT, ref(0, "root")),
				savedVariable(bType),
			},
			ConcreteFunctions: map[string]*tfpb.SavedConcreteFunction{"f": {BoundInputs: []int32{1, 2}}},
		}
	}
	floats := map[string]float32{"a/value": 1.5, "b/value": -2}
	for _, c := range []struct {
		name  string
		ckpt  []*tfpb.TrackableObjectGraph_TrackableObject
		bType tfpb.DataType
		want  map[string]float32 // the variables restored
		err   string
	}{
		{name: "both", ckpt: []*tfpb.TrackableObjectGraph_TrackableObject{trackable("", ref(1, "a"), ref(2, "b")), trackable("a/value"), trackable("b/value")},
			want: map[string]float32{"a": 1.5, "b": -2}},
		{name: "uninitialized", ckpt: []*tfpb.TrackableObjectGraph_TrackableObject{trackable("", ref(1, "a"), ref(2, "b")), trackable("a/value"), trackable("")},
			want: map[string]float32{"a": 1.5}},
		// The cycle back to the root is skipped; the optimizer, not in
		// the SavedModel, is not restored.
		{name: "cycle and extra object", ckpt: []*tfpb.TrackableObjectGraph_TrackableObject{
			trackable("", ref(1, "a"), ref(3, "optimizer")), trackable("a/value", ref(0, "root")), trackable(""), trackable("b/value")},
			want: map[string]float32{"a": 1.5}},
		{name: "bad child", ckpt: []*tfpb.TrackableObjectGraph_TrackableObject{trackable("", ref(1, "a"), ref(9, "b")), trackable("a/value")},
			err: `child "b" of node 0 is node 9 of 2`},
		{name: "missing tensor", ckpt: []*tfpb.TrackableObjectGraph_TrackableObject{trackable("", ref(1, "a")), trackable("c/value")},
			err: `restore a: checkpoint has no tensor "c/value"`},
		{name: "wrong type", bType: tfpb.DataType_DT_INT64, ckpt: []*tfpb.TrackableObjectGraph_TrackableObject{trackable("", ref(2, "b")), trackable(""), trackable("b/value")},
			err: "is FP32, the variable INT64"},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := newGraph("", defs, nil)
			if err != nil {
				t.Fatal(err)
			}
			bType := c.bType
			if bType == tfpb.DataType_DT_INVALID {
				bType = tfpb.DataType_DT_FLOAT
			}
			s := &session{bundle: testBundle(t, t.TempDir(), floats, &tfpb.TrackableObjectGraph{Nodes: c.ckpt})}
			restored, err := s.restoreObjects(context.Background(), g, saved(bType))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Errorf("restoreObjects error = %v, want one containing %q", err, c.err)
				}
				return
			}
			if err != nil || !restored {
				t.Fatalf("restoreObjects = %v, %v", restored, err)
			}
			for _, name := range []string{"a", "b"} {
				got, err := s.vars.get(name).read()
				want, ok := c.want[name]
				switch {
				case !ok && err == nil:
					t.Errorf("%s = %v, want uninitialized", name, got.Data())
				case ok && err != nil:
					t.Errorf("%s: %v", name, err)
				case ok:
					if v, _ := tensor.Values[float32](got); len(v) != 1 || v[0] != want {
						t.Errorf("%s = %v, want %v", name, got.Data(), want)
					}
				}
			}
		})
	}
}

// TestCorpusObjectRestore checks restoring through the object graph
// against running the saver's restore op (as TF1 models restore) on the
// TF2 models where both work: every variable must get the same value.
func TestCorpusObjectRestore(t *testing.T) {
	root := corpus(t)
	for _, dir := range []string{
		"tf__cc_VarsAndArithmeticObjectGraph",
		"tfserving__saved_model_half_plus_two_tf2_cpu/00000123",
		"tfnet__keras_lstm_from_sequential",
		"tfnet__keras_simple_model_from_auto_compile",
		"tfnet__keras_python_func_model",
	} {
		t.Run(dir, func(t *testing.T) {
			m, err := Load(context.Background(), filepath.Join(root, dir), Options{})
			if err != nil {
				t.Fatal(err)
			}
			sm, err := readSavedModel(m.dir)
			if err != nil {
				t.Fatal(err)
			}
			mg, err := selectMetaGraph(sm, m.tags)
			if err != nil {
				t.Fatal(err)
			}
			saver := mg.GetSaverDef()
			op := m.g.byName[saver.GetRestoreOpName()]
			file, err := m.g.tensorRef(saver.GetFilenameTensorName())
			if op == nil || err != nil {
				t.Fatalf("restore op %q, filename: %v", saver.GetRestoreOpName(), err)
			}
			objects := &session{lib: m.s.lib, bundle: m.s.bundle}
			if restored, err := objects.restoreObjects(context.Background(), m.g, mg.GetObjectGraphDef()); !restored || err != nil {
				t.Fatalf("restoreObjects = %v, %v", restored, err)
			}
			s := &session{lib: m.s.lib, bundle: m.s.bundle}
			feeds := map[endpoint]value{file: tensorValue(mustT([]int{}, m.s.bundle.prefix))}
			if _, err := s.run(context.Background(), m.g, feeds, nil, []*node{op}, 0); err != nil {
				t.Fatal(err)
			}
			if len(objects.vars.m) == 0 {
				t.Fatal("no variable restored")
			}
			for name, v := range objects.vars.m {
				got, err := v.read()
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				want, err := s.vars.get(name).read()
				if err != nil {
					t.Fatalf("%s by the restore op: %v", name, err)
				}
				if !sameTensor(got, want) {
					t.Errorf("%s = %v, the restore op gives %v", name, got.Data(), want.Data())
				}
			}
		})
	}
}

// FuzzRestoreObjects restores from mutated checkpoint and saved object
// graphs: nothing may panic or loop.
func FuzzRestoreObjects(f *testing.F) {
	g, err := newGraph("", []*tfpb.NodeDef{
		nodeDef("a", "VarHandleOp", map[string]*tfpb.AttrValue{"shared_name": sattr("a")}),
		nodeDef("call", "StatefulPartitionedCall", map[string]*tfpb.AttrValue{"f": fattr("f")}, "a"),
	}, nil)
	if err != nil {
		f.Fatal(err)
	}
	saved := &tfpb.SavedObjectGraph{
		Nodes:             []*tfpb.SavedObject{{Children: []*tfpb.TrackableObjectGraph_TrackableObject_ObjectReference{ref(1, "a")}}, savedVariable(tfpb.DataType_DT_FLOAT, ref(0, "root"))},
		ConcreteFunctions: map[string]*tfpb.SavedConcreteFunction{"f": {BoundInputs: []int32{1}}},
	}
	ckpt := &tfpb.TrackableObjectGraph{Nodes: []*tfpb.TrackableObjectGraph_TrackableObject{trackable("", ref(1, "a")), trackable("a/value", ref(0, "root"))}}
	f.Add(marshalSeed(f, ckpt), marshalSeed(f, saved))
	f.Fuzz(func(t *testing.T, ckptBytes, savedBytes []byte) {
		var ckpt tfpb.TrackableObjectGraph
		var saved tfpb.SavedObjectGraph
		if proto.Unmarshal(ckptBytes, &ckpt) != nil || proto.Unmarshal(savedBytes, &saved) != nil {
			return
		}
		s := &session{bundle: testBundle(t, t.TempDir(), map[string]float32{"a/value": 1}, &ckpt)}
		_, _ = s.restoreObjects(context.Background(), g, &saved)
	})
}

// TestLoadObjectGraph loads a TF2 SavedModel whose function reads a
// captured variable: restoring goes through the object graph, so the
// saver's restore op may hold an op Slipway lacks, but not a broken node.
func TestLoadObjectGraph(t *testing.T) {
	full := &tfpb.TrackableObjectGraph{Nodes: []*tfpb.TrackableObjectGraph_TrackableObject{trackable("", ref(1, "a")), trackable("a/value")}}
	empty := &tfpb.TrackableObjectGraph{Nodes: []*tfpb.TrackableObjectGraph_TrackableObject{trackable("", ref(1, "a")), trackable("")}}
	unknownOp := []*tfpb.NodeDef{nodeDef("restore", "FutureRestoreOp", nil, "saver_filename")}
	broken := []*tfpb.NodeDef{nodeDef("bad", "Const", nil), nodeDef("restore", "NoOp", nil, "^bad")}
	for _, c := range []struct {
		name    string
		restore []*tfpb.NodeDef
		ckpt    *tfpb.TrackableObjectGraph
		loadErr string
		want    float32 // x + a for x = 2
		err     string
	}{
		{name: "restored", restore: unknownOp, ckpt: full, want: 3.5},
		{name: "uninitialized", restore: unknownOp, ckpt: empty, err: `variable "a" is not initialized`},
		{name: "broken restore op", restore: broken, ckpt: full, loadErr: "Const has no value"},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := &tfpb.GraphDef{
				Node: append([]*tfpb.NodeDef{
					placeholder("x", tfpb.DataType_DT_FLOAT),
					placeholder("saver_filename", tfpb.DataType_DT_STRING),
					nodeDef("a", "VarHandleOp", map[string]*tfpb.AttrValue{"shared_name": sattr("a")}),
					nodeDef("call", "StatefulPartitionedCall", map[string]*tfpb.AttrValue{"f": fattr("f")}, "x", "a"),
				}, c.restore...),
				Library: &tfpb.FunctionDefLibrary{Function: []*tfpb.FunctionDef{
					function("f", []string{"v", "h"}, []string{"sum:z:0"},
						nodeDef("read", "ReadVariableOp", nil, "h"), nodeDef("sum", "AddV2", nil, "v", "read:value:0")),
				}},
			}
			sm := savedModel(g, map[string]*tfpb.TensorInfo{"x": floatInfo("x:0")}, map[string]*tfpb.TensorInfo{"y": floatInfo("call:0")})
			mg := sm.GetMetaGraphs()[0]
			mg.SaverDef = &tfpb.SaverDef{FilenameTensorName: "saver_filename:0", RestoreOpName: "restore"}
			mg.ObjectGraphDef = &tfpb.SavedObjectGraph{
				Nodes:             []*tfpb.SavedObject{{Children: []*tfpb.TrackableObjectGraph_TrackableObject_ObjectReference{ref(1, "a")}}, savedVariable(tfpb.DataType_DT_FLOAT)},
				ConcreteFunctions: map[string]*tfpb.SavedConcreteFunction{"f": {BoundInputs: []int32{1}}},
			}
			dir := t.TempDir()
			testBundle(t, dir, map[string]float32{"a/value": 1.5}, c.ckpt)
			if err := os.WriteFile(filepath.Join(dir, "saved_model.pb"), marshalSeed(t, sm), 0o644); err != nil {
				t.Fatal(err)
			}
			m, err := Load(context.Background(), dir, Options{})
			if c.loadErr != "" || err != nil {
				if err == nil || c.loadErr == "" || !strings.Contains(err.Error(), c.loadErr) {
					t.Fatalf("Load error = %v, want one containing %q", err, c.loadErr)
				}
				return
			}
			out, err := m.Predict(context.Background(), model.Tensors{"x": mustT([]int{}, float32(2))}, nil)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Errorf("Predict error = %v, want one containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v, _ := tensor.Values[float32](out["y"]); len(v) != 1 || v[0] != c.want {
				t.Errorf("y = %v, want %v", out["y"].Data(), c.want)
			}
		})
	}
}
