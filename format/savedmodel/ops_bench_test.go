package savedmodel

import (
	"testing"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// BenchmarkConv2D times a 3×3 convolution of a 16×16×16 image to 32
// channels, and its depthwise form.
func BenchmarkConv2D(b *testing.B) {
	x := make([]float32, 16*16*16)
	for i := range x {
		x[i] = float32(i%7) - 3
	}
	attrs := map[string]*tfpb.AttrValue{"strides": lattr(1, 1, 1, 1), "padding": sattr("SAME")}
	for _, c := range []struct {
		op     string
		filter []int
	}{
		{"Conv2D", []int{3, 3, 16, 32}},
		{"DepthwiseConv2dNative", []int{3, 3, 16, 2}},
	} {
		n, _ := tensor.NumElements(c.filter)
		f := make([]float32, n)
		for i := range f {
			f[i] = float32(i%5) - 2
		}
		in := []*tensor.Tensor{mustT([]int{1, 16, 16, 16}, x...), mustT(c.filter, f...)}
		b.Run(c.op, func(b *testing.B) {
			for b.Loop() {
				if _, err := runOp(c.op, attrs, 1, in...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBroadcastOnes adds a [64, 64, 1, …, 1] tensor of rank 250 to
// a [64, 1, …, 1] one: the size-1 dimensions must cost nothing per
// element.
func BenchmarkBroadcastOnes(b *testing.B) {
	x := mustT(append([]int{64, 64}, ones(248)...), make([]float32, 64*64)...)
	y := mustT(append([]int{64}, ones(248)...), make([]float32, 64)...)
	for b.Loop() {
		if _, err := runOp("AddV2", nil, 1, x, y); err != nil {
			b.Fatal(err)
		}
	}
}
