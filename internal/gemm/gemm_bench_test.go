package gemm

import (
	"fmt"
	"testing"
)

// naive is the i-k-j loop the ONNX ops used before this package, kept as
// the benchmarks' baseline.
func naive[T Float](m, n, k int, a, b, c []T) {
	for i := range m {
		ci := c[i*n : i*n+n]
		for p, av := range a[i*k : i*k+k] {
			for j, bv := range b[p*n : p*n+n] {
				ci[j] += av * bv
			}
		}
	}
}

// benchShapes are m×n×k products typical of inference: a batch-1 dense
// layer, small and square blocks, a 3×3 convolution over a 14×14 map as
// im2col sees it, and a transformer MLP row.
var benchShapes = [][3]int{{1, 512, 512}, {64, 64, 64}, {256, 256, 256}, {64, 196, 576}, {1, 3072, 768}}

func benchMul[T Float](b *testing.B) {
	for _, s := range benchShapes {
		m, n, k := s[0], s[1], s[2]
		a, x, c := make([]T, m*k), make([]T, k*n), make([]T, m*n)
		for i := range a {
			a[i] = T(i%7) - 3
		}
		for i := range x {
			x[i] = T(i%5) - 2
		}
		flops := func(b *testing.B) {
			b.ReportMetric(float64(2*m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		}
		name := fmt.Sprintf("%dx%dx%d", m, n, k)
		b.Run(name+"/naive", func(b *testing.B) {
			for b.Loop() {
				clear(c)
				naive(m, n, k, a, x, c)
			}
			flops(b)
		})
		b.Run(name+"/Mul", func(b *testing.B) {
			for b.Loop() {
				Mul(false, false, m, n, k, 1, a, k, x, n, 0, c, n)
			}
			flops(b)
		})
	}
}

// The benchmarks run on Threads goroutines; -cpu=1 measures one thread.
func BenchmarkMulFloat32(b *testing.B) { benchMul[float32](b) }
func BenchmarkMulFloat64(b *testing.B) { benchMul[float64](b) }
