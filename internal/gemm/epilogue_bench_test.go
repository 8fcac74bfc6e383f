package gemm

import "testing"

// BenchmarkFinish finishes a 256-wide block row, as a fused Conv+Add+Relu
// does, with Finish and with its portable loop for comparison.
func BenchmarkFinish(b *testing.B) {
	c, r := make([]float32, 256), make([]float32, 256)
	for i := range c {
		c[i], r[i] = float32(i%7)-3, float32(i%5)-2
	}
	for _, bc := range []struct {
		name   string
		finish func(c []float32, b float32, r []float32, relu bool)
	}{{"vector", Finish[float32]}, {"go", finishGo[float32]}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(8 * len(c)))
			for b.Loop() {
				bc.finish(c, 0.5, r, true)
			}
		})
	}
}
