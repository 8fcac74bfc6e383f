package savedmodel

import (
	"testing"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// BenchmarkEinsum times Keras's float32 Einsums: a MultiHeadAttention
// query projection of 16 tokens through 1 MiB of weights, and the
// attention scores and weighted values of 8 heads over 64 tokens. B/op
// near the output's size (64 KiB, 128 KiB) shows the operands are read
// in place.
func BenchmarkEinsum(b *testing.B) {
	for _, c := range []struct {
		eq   string
		x, y []int
	}{
		{"abc,cde->abde", []int{1, 16, 256}, []int{256, 8, 128}},
		{"aecd,abcd->acbe", []int{1, 64, 8, 64}, []int{1, 64, 8, 64}},
		{"acbe,aecd->abcd", []int{1, 8, 64, 64}, []int{1, 64, 8, 64}},
	} {
		attrs := map[string]*tfpb.AttrValue{"equation": sattr(c.eq)}
		in := []*tensor.Tensor{ramp(c.x), ramp(c.y)}
		b.Run(c.eq, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := runOp("Einsum", attrs, 1, in...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
