package onnx

import (
	"context"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// weightsModel describes a one-node model Y = op(X, W) with W a k×n
// float32 initializer, big enough to show how often loading copies it.
type weightsModel struct {
	op       string // MatMul or Gemm
	k, n     int
	external bool // W in weights.bin beside the model instead of raw_data
	// transposed stores W as n×k, transposed back by a Transpose node that
	// constant folding runs at load.
	transposed bool
}

func (w weightsModel) bytes() int { return 4 * w.k * w.n }

// weight is W[i][j]: small integers, so every sum is exact in float32.
func weight(i, j int) float32 { return float32((i + j) % 7) }

// write saves the model as dir/model.onnx, W beside it if external, and
// returns its path.
func (w weightsModel) write(tb testing.TB, dir string) string {
	tb.Helper()
	raw := make([]byte, w.bytes())
	for i := range w.k {
		for j := range w.n {
			binary.LittleEndian.PutUint32(raw[4*(i*w.n+j):], math.Float32bits(weight(i, j)))
		}
	}
	nodes := []*onnxpb.NodeProto{node(w.op, []string{"X", "W"}, []string{"Y"})}
	init := &onnxpb.TensorProto{Name: proto.String("W"), DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)), Dims: []int64{int64(w.k), int64(w.n)}, RawData: raw}
	if w.transposed {
		wt := make([]byte, len(raw))
		for i := range w.k {
			for j := range w.n {
				copy(wt[4*(j*w.k+i):], raw[4*(i*w.n+j):4*(i*w.n+j)+4])
			}
		}
		init.Name, init.Dims, init.RawData = proto.String("WT"), []int64{int64(w.n), int64(w.k)}, wt
		nodes = append([]*onnxpb.NodeProto{node("Transpose", []string{"WT"}, []string{"W"})}, nodes...)
	}
	if w.external {
		if err := os.WriteFile(filepath.Join(dir, "weights.bin"), init.RawData, 0o644); err != nil {
			tb.Fatal(err)
		}
		init.RawData, init.DataLocation, init.ExternalData = nil, onnxpb.TensorProto_EXTERNAL.Enum(), external("weights.bin")
	}
	g := &onnxpb.GraphProto{
		Node:        nodes,
		Initializer: []*onnxpb.TensorProto{init},
		Input:       []*onnxpb.ValueInfoProto{valueInfo("X", onnxpb.TensorProto_FLOAT, 1, int64(w.k))},
		Output:      []*onnxpb.ValueInfoProto{valueInfo("Y", onnxpb.TensorProto_FLOAT, 1, int64(w.n))},
	}
	return writeModel(tb, dir, modelOf(g))
}

// check runs one prediction on X = ones and compares Y with the column
// sums of W.
func (w weightsModel) check(t *testing.T, m *Model) {
	t.Helper()
	ones := make([]float32, w.k)
	for i := range ones {
		ones[i] = 1
	}
	x, err := tensor.New([]int{1, w.k}, ones)
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.Predict(context.Background(), model.Tensors{"X": x}, nil)
	if err != nil {
		t.Fatal(err)
	}
	y, _ := tensor.Values[float32](out["Y"])
	if len(y) != w.n {
		t.Fatalf("Y has %d values, want %d", len(y), w.n)
	}
	for _, j := range []int{0, 1, w.n / 2, w.n - 1} {
		var want float32
		for i := range w.k {
			want += weight(i, j)
		}
		if y[j] != want {
			t.Errorf("Y[%d] = %v, want %v", j, y[j], want)
		}
	}
}

// loadMemory is what loading one model cost the Go heap.
type loadMemory struct {
	allocated uint64 // bytes allocated during Load: bounds its peak
	retained  uint64 // heap growth that outlives Load, after a collection
}

// measureLoad loads path and reports its heap cost; collecting before and
// after keeps other garbage out of the numbers.
func measureLoad(tb testing.TB, path string) (*Model, loadMemory) {
	tb.Helper()
	var before, loaded, after runtime.MemStats
	debug.FreeOSMemory()
	runtime.ReadMemStats(&before)
	m, err := Load(path)
	runtime.ReadMemStats(&loaded)
	if err != nil {
		tb.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	return m, loadMemory{
		allocated: loaded.TotalAlloc - before.TotalAlloc,
		retained:  after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc),
	}
}

// TestLoadMemory loads models with 100 MB of weights and checks that the
// weights were copied onto the heap once: allocation during Load and
// retained heap stay near the weights' size, and the model file is no
// longer mapped afterwards.
func TestLoadMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and loads 300 MB of models")
	}
	tests := []struct {
		name string
		w    weightsModel
		// maxAllocated bounds allocation during Load, in weights' sizes.
		maxAllocated float64
	}{
		{"raw_data MatMul", weightsModel{op: "MatMul", k: 5000, n: 5000}, 1.5},
		{"external Gemm", weightsModel{op: "Gemm", k: 5000, n: 5000, external: true}, 1.5},
		// Folding reads W and writes its transpose; Transpose's gather
		// index costs twice the weights more.
		{"folded Transpose", weightsModel{op: "MatMul", k: 5000, n: 5000, transposed: true}, 4.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.w.write(t, t.TempDir())
			m, mem := measureLoad(t, path)
			weights := float64(tt.w.bytes())
			t.Logf("%d weight bytes: allocated during Load %.3f×, retained %.3f×", tt.w.bytes(), float64(mem.allocated)/weights, float64(mem.retained)/weights)
			if r := float64(mem.allocated) / weights; r > tt.maxAllocated {
				t.Errorf("Load allocated %d bytes, %.2f× the weights (want ≤ %v×)", mem.allocated, r, tt.maxAllocated)
			}
			if r := float64(mem.retained) / weights; r > 1.2 {
				t.Errorf("the loaded model holds %d heap bytes, %.2f× the weights (want ≤ 1.2×)", mem.retained, r)
			}
			if maps, err := os.ReadFile("/proc/self/maps"); err == nil && strings.Contains(string(maps), path) {
				t.Errorf("%s is still mapped after Load", path)
			}
			tt.w.check(t, m)
		})
	}
}

// TestLoadMemoryKernelCopies loads models whose kernels would like their
// own copies of big weights (a Conv packs its filter, an LSTM transposes
// W and R) and checks those copies stay within the load's copy budget:
// the model still holds at most 1.3 times its weights.
func TestLoadMemoryKernelCopies(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and loads 160 MB of models")
	}
	const k, n, hidden = 4096, 4096, 1024
	f32 := func(name string, dims ...int64) *onnxpb.TensorProto {
		size := int64(4)
		for _, d := range dims {
			size *= d
		}
		raw := make([]byte, size)
		for i := 0; i < len(raw); i += 4 {
			binary.LittleEndian.PutUint32(raw[i:], math.Float32bits(float32(i%7)/64))
		}
		return &onnxpb.TensorProto{Name: proto.String(name), DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)), Dims: dims, RawData: raw}
	}
	lstm := node("LSTM", []string{"X", "W", "R"}, []string{"Y"}, intAttr("hidden_size", hidden))
	for _, tc := range []struct {
		name string
		g    *onnxpb.GraphProto
		x    []int
	}{
		{"Conv", &onnxpb.GraphProto{
			Node:        []*onnxpb.NodeProto{node("Conv", []string{"X", "W"}, []string{"Y"})},
			Initializer: []*onnxpb.TensorProto{f32("W", n, k, 1, 1)},
			Input:       []*onnxpb.ValueInfoProto{valueInfo("X", onnxpb.TensorProto_FLOAT, 1, k, 1, 1)},
			Output:      []*onnxpb.ValueInfoProto{valueInfo("Y", onnxpb.TensorProto_FLOAT, 1, n, 1, 1)},
		}, []int{1, k, 1, 1}},
		{"LSTM", &onnxpb.GraphProto{
			Node:        []*onnxpb.NodeProto{lstm},
			Initializer: []*onnxpb.TensorProto{f32("W", 1, 4*hidden, k), f32("R", 1, 4*hidden, hidden)},
			Input:       []*onnxpb.ValueInfoProto{valueInfo("X", onnxpb.TensorProto_FLOAT, 2, 1, k)},
			Output:      []*onnxpb.ValueInfoProto{valueInfo("Y", onnxpb.TensorProto_FLOAT, 2, 1, 1, hidden)},
		}, []int{2, 1, k}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var weights float64
			for _, init := range tc.g.Initializer {
				weights += float64(len(init.RawData))
			}
			m, mem := measureLoad(t, writeModel(t, t.TempDir(), modelOf(tc.g)))
			t.Logf("%.0f weight bytes: retained %.3f×", weights, float64(mem.retained)/weights)
			if r := float64(mem.retained) / weights; r > 1.3 {
				t.Errorf("the loaded model holds %d heap bytes, %.2f× the weights (want ≤ 1.3×)", mem.retained, r)
			}
			x, err := tensor.New(tc.x, make([]float32, product(tc.x)))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := m.Predict(context.Background(), model.Tensors{"X": x}, nil); err != nil {
				t.Fatal(err)
			}
		})
	}
}
