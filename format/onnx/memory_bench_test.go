package onnx

import "testing"

// BenchmarkLoad100MB loads models with 100 MB of weights; B/op near the
// weights' size means they were copied once.
func BenchmarkLoad100MB(b *testing.B) {
	for _, w := range []weightsModel{
		{op: "MatMul", k: 5000, n: 5000},
		{op: "Gemm", k: 5000, n: 5000, external: true},
	} {
		name := "raw_data"
		if w.external {
			name = "external"
		}
		b.Run(name, func(b *testing.B) {
			path := w.write(b, b.TempDir())
			b.SetBytes(int64(w.bytes()))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Load(path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
