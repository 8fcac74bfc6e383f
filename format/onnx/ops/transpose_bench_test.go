package ops

import (
	"testing"

	"github.com/slipwayml/slipway/tensor"
)

// BenchmarkTranspose times the permutations of multi-head attention on a
// [1, 32, 4, 32] activation and a swap of the last two axes.
func BenchmarkTranspose(b *testing.B) {
	for _, tc := range []struct {
		name  string
		shape []int
		perm  []int64
	}{
		{"heads_0213", []int{1, 32, 4, 32}, []int64{0, 2, 1, 3}},
		{"last2_0132", []int{1, 4, 32, 32}, []int64{0, 1, 3, 2}},
		{"matrix", []int{512, 512}, nil},
	} {
		b.Run(tc.name, func(b *testing.B) {
			n := &Node{Op: "Transpose", Attrs: map[string]Attr{}}
			if tc.perm != nil {
				n.Attrs["perm"] = Attr{Kind: AttrInts, Ints: tc.perm}
			}
			benchKernel(b, n, buildTranspose, 0, benchFloat32(b, tc.shape...))
		})
	}
}

// BenchmarkSlice cuts a third of the last axis of a [32, 384] projection,
// as attention does to split the fused q, k, v.
func BenchmarkSlice(b *testing.B) {
	ints := func(v ...int64) *tensor.Tensor {
		t, _ := tensor.New([]int{len(v)}, v)
		return t
	}
	benchKernel(b, &Node{Op: "Slice", Opset: 13}, buildSlice, 0, benchFloat32(b, 32, 384), ints(128), ints(256), ints(-1))
}
