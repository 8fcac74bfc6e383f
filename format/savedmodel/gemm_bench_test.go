package savedmodel

import (
	"testing"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// ramp returns a float32 tensor of shape with small varied values.
func ramp(shape []int) *tensor.Tensor {
	n, err := tensor.NumElements(shape)
	if err != nil {
		panic(err)
	}
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(i%13-6) / 8
	}
	return mustT(shape, v...)
}

// BenchmarkMatMulGEMM times the float32 products of dense layers: one row
// against a square weight matrix, a batch of 64 rows, and one row against
// 16 MiB of weights, whose B/op shows they are read in place.
func BenchmarkMatMulGEMM(b *testing.B) {
	for _, c := range []struct {
		name    string
		m, k, n int
	}{
		{"1x512x512", 1, 512, 512},
		{"64x256x256", 64, 256, 256},
		{"1x1024x4096", 1, 1024, 4096},
	} {
		x, w := ramp([]int{c.m, c.k}), ramp([]int{c.k, c.n})
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := runOp("MatMul", nil, 1, x, w); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkConv2DGEMM times a 3×3, 64→64 convolution of a 56×56 image
// (a ResNet stage), its 1×1 form, and a 3×3 depthwise one.
func BenchmarkConv2DGEMM(b *testing.B) {
	attrs := map[string]*tfpb.AttrValue{"strides": lattr(1, 1, 1, 1), "padding": sattr("SAME")}
	x := ramp([]int{1, 56, 56, 64})
	for _, c := range []struct {
		name, op string
		filter   []int
	}{
		{"3x3", "Conv2D", []int{3, 3, 64, 64}},
		{"1x1", "Conv2D", []int{1, 1, 64, 64}},
		{"depthwise3x3", "DepthwiseConv2dNative", []int{3, 3, 64, 1}},
	} {
		f := ramp(c.filter)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := runOp(c.op, attrs, 1, x, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
