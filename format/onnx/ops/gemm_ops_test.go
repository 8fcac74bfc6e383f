package ops

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/slipwayml/slipway/tensor"
)

type refTensor struct {
	DType string
	Shape []int
	Data  []float64
}

func (r refTensor) tensor(t *testing.T) *tensor.Tensor {
	t.Helper()
	var (
		v   *tensor.Tensor
		err error
	)
	switch r.DType {
	case "float32":
		f := make([]float32, len(r.Data))
		for i, x := range r.Data {
			f[i] = float32(x)
		}
		v, err = tensor.New(r.Shape, f)
	case "float64":
		v, err = tensor.New(r.Shape, r.Data)
	default:
		t.Fatalf("dtype %q", r.DType)
	}
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestGEMMOps checks the kernels built on internal/gemm against PyTorch's
// outputs recorded by scripts/gen_gemm_ops.py.
func TestGEMMOps(t *testing.T) {
	raw, err := os.ReadFile("testdata/gemm_ops.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Name, Op string
		Attrs    map[string]struct {
			Ints []int64
			I    *int64
			F    *float32
		}
		Inputs []refTensor
		Output refTensor
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	builders := map[string]func(*Node) (Kernel, error){
		"Conv": buildConv, "ConvTranspose": buildConvTranspose, "MatMul": buildMatMul, "Gemm": buildGemm,
	}
	defer func(saved int) { colBlock = saved }(colBlock)
	colBlock = 1000 // the "wide" case's column matrix in seven blocks
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			n := &Node{Op: c.Op, Attrs: map[string]Attr{}}
			for name, a := range c.Attrs {
				switch {
				case a.I != nil:
					n.Attrs[name] = Attr{Kind: AttrInt, I: *a.I}
				case a.F != nil:
					n.Attrs[name] = Attr{Kind: AttrFloat, F: *a.F}
				default:
					n.Attrs[name] = Attr{Kind: AttrInts, Ints: a.Ints}
				}
			}
			k, err := builders[c.Op](n)
			if err != nil {
				t.Fatal(err)
			}
			var in []Value
			for _, r := range c.Inputs {
				in = append(in, r.tensor(t))
			}
			out, err := k(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			got := out[0].(*tensor.Tensor)
			if !slices.Equal(got.Shape(), c.Output.Shape) {
				t.Fatalf("shape %v, want %v", got.Shape(), c.Output.Shape)
			}
			tol := 1e-4
			if c.Output.DType == "float64" {
				tol = 1e-10
			}
			values, err := got.Float64s()
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range c.Output.Data {
				if math.Abs(values[i]-want) > tol*(1+math.Abs(want)) {
					t.Fatalf("element %d = %v, want %v", i, values[i], want)
				}
			}
		})
	}
}
