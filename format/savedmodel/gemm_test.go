package savedmodel

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// gemmCase is one entry of testdata/gemm/cases.json: an op's inputs and
// the output PyTorch computes (scripts/gen_savedmodel_gemm.py).
type gemmCase struct {
	Name   string         `json:"name"`
	Op     string         `json:"op"`
	Attrs  map[string]any `json:"attrs"`
	Inputs []jsonTensor   `json:"inputs"`
	Want   jsonTensor     `json:"want"`
}

// attrs converts the JSON attributes: lists of ints, strings and bools.
func (c gemmCase) attrs(t *testing.T) map[string]*tfpb.AttrValue {
	out := map[string]*tfpb.AttrValue{}
	for name, v := range c.Attrs {
		switch v := v.(type) {
		case string:
			out[name] = sattr(v)
		case bool:
			out[name] = battr(v)
		case []any:
			var ints []int64
			for _, x := range v {
				ints = append(ints, int64(x.(float64)))
			}
			out[name] = lattr(ints...)
		default:
			t.Fatalf("attribute %s: unexpected %T", name, v)
		}
	}
	return out
}

// TestGEMMOps checks MatMul, BatchMatMul and the convolutions against
// PyTorch, with im2col built in one block and in many small ones.
func TestGEMMOps(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "gemm", "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []gemmCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	defer func(n int) { colBlock = n }(colBlock)
	for _, block := range []int{colBlock, 20} {
		colBlock = block
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s/block%d", c.Name, block), func(t *testing.T) {
				var in []*tensor.Tensor
				for _, x := range c.Inputs {
					in = append(in, x.tensor(t))
				}
				out, err := runOp(c.Op, c.attrs(t), 1, in...)
				if err != nil {
					t.Fatal(err)
				}
				got, want := out[0], c.Want.tensor(t)
				g, _ := got.Float64s()
				if got.DType() != want.DType() || !slices.Equal(got.Shape(), c.Want.Shape) || !near(g, c.Want.Data, 1e-6) {
					t.Errorf("got %v %v %v,\nwant %v %v %v", got.DType(), got.Shape(), g, want.DType(), c.Want.Shape, c.Want.Data)
				}
			})
		}
	}
}

// TestMatMulReadsWeightsInPlace multiplies a row by 16 MiB of float32
// weights: the product must allocate about its 16 KiB output, not a
// float64 copy of the weights.
func TestMatMulReadsWeightsInPlace(t *testing.T) {
	x, w := ramp([]int{1, 1024}), ramp([]int{1024, 4096})
	run := func() {
		if _, err := runOp("MatMul", nil, 1, x, w); err != nil {
			t.Fatal(err)
		}
	}
	run() // fills gemm's workspace pools
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	run()
	runtime.ReadMemStats(&after)
	// A quarter of the weights leaves room for other goroutines' garbage;
	// converting them would cost eight times that.
	if n := after.TotalAlloc - before.TotalAlloc; n > 4<<20 {
		t.Errorf("MatMul allocated %d bytes, want about its 16 KiB output", n)
	}
}

// TestGEMMOpsEmpty gives products and convolutions whose outputs are empty
// but whose batches or windows are vast: they must return at once rather
// than walk every empty matrix or position.
func TestGEMMOpsEmpty(t *testing.T) {
	const big = 1 << 20
	empty := func(shape ...int) *tensor.Tensor { return mustT(shape, []float32{}...) }
	valid := map[string]*tfpb.AttrValue{"strides": lattr(1, 1, 1, 1), "padding": sattr("VALID")}
	for _, c := range []struct {
		name, op string
		attrs    map[string]*tfpb.AttrValue
		in       []*tensor.Tensor
		want     []int
	}{
		{"batch of empty matrices", "BatchMatMulV2", nil, []*tensor.Tensor{empty(1<<40, 0, 3), empty(3, 0)}, []int{1 << 40, 0, 0}},
		{"padded conv of no channels", "Conv2D",
			map[string]*tfpb.AttrValue{"strides": lattr(1, 1, 1, 1), "padding": sattr("EXPLICIT"), "explicit_paddings": lattr(0, 0, big, big, big, big, 0, 0)},
			[]*tensor.Tensor{f32s([]int{1, 1, 1, 1}, 1), empty(1, 1, 1, 0)}, []int{1, 2*big + 1, 2*big + 1, 0}},
		{"transpose of no channels", "Conv2DBackpropInput", valid,
			[]*tensor.Tensor{i32s(1, big, big, 0), empty(1, 1, 0, 0), empty(1, big, big, 0)}, []int{1, big, big, 0}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := runOp(c.op, c.attrs, 1, c.in...)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(out[0].Shape(), c.want) {
				t.Errorf("shape %v, want %v", out[0].Shape(), c.want)
			}
		})
	}
}
