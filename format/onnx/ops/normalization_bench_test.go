package ops

import "testing"

// BenchmarkLayerNorm times one LayerNormalization of the transformer
// benchmark model: 32 tokens of width 128.
func BenchmarkLayerNorm(b *testing.B) {
	const rows, inner = 32, 128
	x := make([]float32, rows*inner)
	for i := range x {
		x[i] = float32(i%29)/7 - 2
	}
	ln := layerNorm{scale: make([]float64, inner), bias: make([]float64, inner), eps: 1e-5, inner: inner}
	for i := range ln.scale {
		ln.scale[i] = 1 + float64(i)/inner
	}
	for b.Loop() {
		layerNormRows(x, &ln)
	}
}
