package ops

import (
	"context"
	"testing"

	"github.com/slipwayml/slipway/tensor"
)

// BenchmarkRandom draws 2^20 values per run from each operator.
func BenchmarkRandom(b *testing.B) {
	probs := mustTensor(b, []int{1 << 20}, make([]float32, 1<<20))
	logits := mustTensor(b, []int{1, 16}, make([]float32, 16))
	shape := map[string]Attr{"shape": {Kind: AttrInts, Ints: []int64{1 << 20}}}
	for _, bb := range []struct {
		op    string
		attrs map[string]Attr
		in    *tensor.Tensor
	}{
		{"RandomNormal", shape, nil},
		{"RandomUniform", shape, nil},
		{"Bernoulli", nil, probs},
		{"Multinomial", map[string]Attr{"sample_size": {Kind: AttrInt, I: 1 << 20}}, logits},
	} {
		b.Run(bb.op, func(b *testing.B) {
			k, err := buildRandomOp(randomNode(bb.op, tensor.Invalid, bb.attrs))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(4 << 20)
			for b.Loop() {
				if _, err := k(context.Background(), []Value{bb.in}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
