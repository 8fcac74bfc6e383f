package ops

import (
	"context"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/slipwayml/slipway/tensor"
)

// randomNode returns a node of op with attrs and one input of type in
// (none for tensor.Invalid).
func randomNode(op string, in tensor.DType, attrs map[string]Attr) *Node {
	n := &Node{Op: op, Attrs: attrs, NumOutputs: 1}
	if in != tensor.Invalid {
		n.InputTypes, n.Present = []tensor.DType{in}, []bool{true}
	}
	return n
}

func buildRandomOp(n *Node) (Kernel, error) {
	op, err := Lookup("", n.Op, 22)
	if err != nil {
		return nil, err
	}
	k, err := op.Build(n)
	if err == nil {
		err = n.Err()
	}
	return k, err
}

func TestRandomBuildErrors(t *testing.T) {
	ints := func(v ...int64) Attr { return Attr{Kind: AttrInts, Ints: v} }
	i := func(v int64) Attr { return Attr{Kind: AttrInt, I: v} }
	tests := []struct {
		op    string
		in    tensor.DType
		attrs map[string]Attr
		want  string
	}{
		{"RandomNormal", tensor.Invalid, nil, "shape is required"},
		{"RandomNormal", tensor.Invalid, map[string]Attr{"shape": ints(2, -1)}, "dimension 1 is negative"},
		{"RandomUniform", tensor.Invalid, map[string]Attr{"shape": ints(1<<20, 1<<20)}, "more than the limit"},
		{"RandomUniform", tensor.Invalid, map[string]Attr{"shape": ints(2), "dtype": i(7)}, "dtype INT64 is not a floating-point type"},
		{"RandomUniform", tensor.Invalid, map[string]Attr{"shape": ints(2), "dtype": i(16)}, "unsupported ONNX element type BFLOAT16"},
		{"RandomNormalLike", tensor.Int32, nil, "input is INT32 and no dtype is given"},
		{"RandomUniformLike", tensor.Float32, map[string]Attr{"dtype": i(9)}, "dtype BOOL is not a floating-point type"},
		{"RandomNormal", tensor.Invalid, map[string]Attr{"shape": ints(2), "seed": i(3)}, `attribute "seed" is a int, want a float`},
		{"Bernoulli", tensor.Int64, nil, "want a floating-point type"},
		{"Bernoulli", tensor.Float32, map[string]Attr{"dtype": i(8)}, "dtype BYTES cannot hold 0 and 1"},
		{"Multinomial", tensor.Float32, map[string]Attr{"dtype": i(1)}, "dtype FP32, want INT32 or INT64"},
		{"Multinomial", tensor.Float32, map[string]Attr{"sample_size": i(0)}, "sample_size 0 is outside"},
		{"Multinomial", tensor.Int32, nil, "want a floating-point type"},
	}
	for _, tt := range tests {
		t.Run(tt.op+" "+tt.want, func(t *testing.T) {
			_, err := buildRandomOp(randomNode(tt.op, tt.in, tt.attrs))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestRandomRunErrors(t *testing.T) {
	f32 := func(shape []int, v ...float32) *tensor.Tensor { return mustTensor(t, shape, v) }
	inf := float32(math.Inf(1))
	tests := []struct {
		op   string
		in   *tensor.Tensor
		want string
	}{
		{"Bernoulli", f32([]int{3}, 0.5, 1.5, 0), "probability 1.5 at index 1 is outside [0, 1]"},
		{"Bernoulli", f32([]int{1}, float32(math.NaN())), "probability NaN at index 0"},
		{"Multinomial", f32([]int{3}, 1, 2, 3), "want a floating-point [batch, classes] matrix"},
		{"Multinomial", f32([]int{2, 2}, 0, 1, -inf, -inf), "row 1: no outcome has a positive probability"},
		{"Multinomial", f32([]int{1, 2}, 0, inf), "row 0: log-probability +Inf"},
		{"Multinomial", f32([]int{1, 0}), "row 0: no outcome has a positive probability"},
		{"RandomNormalLike", mustTensor(t, []int{2}, []int64{1, 2}), "input is INT64 and no dtype is given"},
	}
	for _, tt := range tests {
		t.Run(tt.op+" "+tt.want, func(t *testing.T) {
			k, err := buildRandomOp(randomNode(tt.op, tensor.Invalid, nil))
			if err != nil {
				t.Fatal(err)
			}
			_, err = k(context.Background(), []Value{tt.in})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func mustTensor[T tensor.Elem](t testing.TB, shape []int, v []T) *tensor.Tensor {
	t.Helper()
	x, err := tensor.New(shape, v)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// TestRandomSeed runs every random operator concurrently, seeded and not:
// a seeded node draws the same values on every run, an unseeded one
// different values (a chance of about 2^-64 per pair of 64 draws to fail
// for nothing), and no run disturbs another (go test -race).
func TestRandomSeed(t *testing.T) {
	probs := mustTensor(t, []int{64}, slices.Repeat([]float64{0.5}, 64))
	logits := mustTensor(t, []int{1, 2}, []float32{0, 0})
	tests := []struct {
		op    string
		attrs map[string]Attr
		in    *tensor.Tensor
	}{
		{"RandomNormal", map[string]Attr{"shape": {Kind: AttrInts, Ints: []int64{64}}}, nil},
		{"RandomUniform", map[string]Attr{"shape": {Kind: AttrInts, Ints: []int64{64}}}, nil},
		{"RandomNormalLike", nil, probs},
		{"RandomUniformLike", nil, probs},
		{"Bernoulli", nil, probs},
		{"Multinomial", map[string]Attr{"sample_size": {Kind: AttrInt, I: 64}}, logits},
	}
	for _, tt := range tests {
		for _, seeded := range []bool{true, false} {
			attrs := map[string]Attr{}
			for k, v := range tt.attrs {
				attrs[k] = v
			}
			if seeded {
				attrs["seed"] = Attr{Kind: AttrFloat, F: 42}
			}
			k, err := buildRandomOp(randomNode(tt.op, tensor.Invalid, attrs))
			if err != nil {
				t.Fatal(err)
			}
			runs := make([][]float64, 8)
			var wg sync.WaitGroup
			for i := range runs {
				wg.Go(func() {
					out, err := k(context.Background(), []Value{tt.in})
					if err != nil {
						t.Error(err)
						return
					}
					runs[i], _ = out[0].(*tensor.Tensor).Float64s()
				})
			}
			wg.Wait()
			for i := 1; i < len(runs); i++ {
				if same := slices.Equal(runs[i], runs[0]); same != seeded {
					t.Errorf("%s seeded=%v: run %d equals run 0: %v, want %v", tt.op, seeded, i, same, seeded)
				}
			}
		}
	}
}
