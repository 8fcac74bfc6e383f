package ops

import (
	"math"
	"testing"
)

// TestFloat32Activations checks the single-precision gate activations
// against the FP64 ones over the range gates see, to a few FP32 ULPs.
func TestFloat32Activations(t *testing.T) {
	for _, tc := range []struct {
		name string
		f32  func(float32) float32
		f64  func(float64) float64
	}{
		{"exp", exp32, math.Exp},
		{"sigmoid", sigmoid32, sigmoid},
		{"tanh", tanh32, math.Tanh},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i := -100000; i <= 100000; i += 3 {
				x := float32(i) / 1000
				if tc.name == "exp" && math.Abs(float64(x)) > 80 {
					continue
				}
				got, want := float64(tc.f32(x)), tc.f64(float64(x))
				if d := math.Abs(got - want); d > 4*0x1p-24*math.Abs(want) && d > 1e-30 {
					t.Fatalf("%s(%g) = %g, want %g (relative error %.2g)", tc.name, x, got, want, d/math.Abs(want))
				}
			}
		})
	}
}
