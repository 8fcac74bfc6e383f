package vmath

import "testing"

// BenchmarkTanh times the 512 gate values of one LSTM step at hidden size
// 128.
func BenchmarkTanh(b *testing.B) {
	v := make([]float32, 512)
	for b.Loop() {
		for i := range v {
			v[i] = float32(i%37)/9 - 2
		}
		Tanh(v)
	}
}
