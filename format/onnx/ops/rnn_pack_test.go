package ops

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/slipwayml/slipway/tensor"
)

// TestTransposedWeights runs recurrent nodes with W and R as constant
// initializers, which takes the transposed weights, and as runtime inputs,
// which the ONNX backend tests check, and wants the same outputs up to the
// rounding of a different summation order.
func TestTransposedWeights(t *testing.T) {
	const seq, batch, in, h = 5, 3, 6, 4
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(shape ...int) *tensor.Tensor {
		v := make([]float32, product(shape))
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		x, err := tensor.New(shape, v)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	for _, tc := range []struct {
		name  string
		build func(*Node) (Kernel, error)
		gates int
		attrs map[string]Attr
	}{
		{"RNN", buildRNN, 1, nil},
		{"GRU", buildGRU, 3, nil},
		{"GRU/linear_before_reset", buildGRU, 3, map[string]Attr{"linear_before_reset": {Kind: AttrInt, I: 1}}},
		{"LSTM", buildLSTM, 4, nil},
		{"LSTM/bidirectional", buildLSTM, 4, map[string]Attr{"direction": {Kind: AttrString, S: "bidirectional"}}},
		{"LSTM/reverse", buildLSTM, 4, map[string]Attr{"direction": {Kind: AttrString, S: "reverse"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			attrs := map[string]Attr{"hidden_size": {Kind: AttrInt, I: h}}
			for k, v := range tc.attrs {
				attrs[k] = v
			}
			dirs := 1
			if tc.attrs["direction"].S == "bidirectional" {
				dirs = 2
			}
			inputs := []Value{random(seq, batch, in), random(dirs, tc.gates*h, in), random(dirs, tc.gates*h, h), random(dirs, 2*tc.gates*h)}
			var outs [2][]Value
			for i, consts := range [][]Value{nil, {nil, inputs[1], inputs[2], inputs[3]}} {
				k, err := tc.build(&Node{Op: "recurrent", NumOutputs: 2, Attrs: attrs, Consts: consts, Keep: keepAll})
				if err != nil {
					t.Fatal(err)
				}
				if outs[i], err = k(context.Background(), inputs); err != nil {
					t.Fatal(err)
				}
			}
			for o := range outs[0] {
				want, _ := tensor.Values[float32](outs[0][o].(*tensor.Tensor))
				got, _ := tensor.Values[float32](outs[1][o].(*tensor.Tensor))
				if len(got) != len(want) {
					t.Fatalf("output %d: %d values, want %d", o, len(got), len(want))
				}
				for i := range want {
					if math.Abs(float64(got[i]-want[i])) > 1e-5 {
						t.Fatalf("output %d[%d] = %g, want %g", o, i, got[i], want[i])
					}
				}
			}
		})
	}
}

// keepAll lets a test kernel keep every copy it asks for.
func keepAll(int) bool { return true }
