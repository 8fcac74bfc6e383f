package vmath

import "testing"

// BenchmarkExp times one attention row of 32 scores, shifted by their
// maximum as Softmax does.
func BenchmarkExp(b *testing.B) {
	v := make([]float32, 32)
	for b.Loop() {
		for i := range v {
			v[i] = -float32(i%13) / 3
		}
		Exp(v)
	}
}
