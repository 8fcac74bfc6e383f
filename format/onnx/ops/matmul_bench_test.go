package ops

import (
	"context"
	"fmt"
	"testing"

	"github.com/slipwayml/slipway/tensor"
)

// benchFloat32 returns a float32 tensor of the shape filled with small
// values.
func benchFloat32(b *testing.B, shape ...int) *tensor.Tensor {
	v := make([]float32, product(shape))
	for i := range v {
		v[i] = float32(i%13)/13 - 0.5
	}
	t, err := tensor.New(shape, v)
	if err != nil {
		b.Fatal(err)
	}
	return t
}

// benchKernel times the node's kernel on the inputs and reports GFLOP/s
// for a product of the given multiply-adds, when there are any.
func benchKernel(b *testing.B, n *Node, build func(*Node) (Kernel, error), macs int, in ...Value) {
	k, err := build(n)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		if _, err := k(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	if macs > 0 {
		b.ReportMetric(2*float64(macs)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	}
}

// BenchmarkMatMul multiplies a batch-1 activation, a short sequence and a
// square block by a weight matrix.
func BenchmarkMatMul(b *testing.B) {
	for _, s := range [][3]int{{1, 768, 3072}, {1, 512, 512}, {128, 768, 768}, {256, 256, 256}} {
		m, k, n := s[0], s[1], s[2]
		b.Run(fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B) {
			benchKernel(b, &Node{Op: "MatMul"}, buildMatMul, m*k*n, benchFloat32(b, m, k), benchFloat32(b, k, n))
		})
	}
}

// BenchmarkGemm is a batch-1 fully connected layer as PyTorch exports it:
// weights [out, in] with transB.
func BenchmarkGemm(b *testing.B) {
	n := &Node{Op: "Gemm", Attrs: map[string]Attr{"transB": {Kind: AttrInt, I: 1}}}
	benchKernel(b, n, buildGemm, 512*1000, benchFloat32(b, 1, 512), benchFloat32(b, 1000, 512), benchFloat32(b, 1000))
}
