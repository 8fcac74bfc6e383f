package ops

import (
	"math"
	"testing"
)

// TestFloat32Activations checks that FP32 gates take the single-precision
// routines, and that they agree with the FP64 activations over the range
// gates see, to a few FP32 ULPs.
func TestFloat32Activations(t *testing.T) {
	for _, name := range []string{"Sigmoid", "Tanh"} {
		t.Run(name, func(t *testing.T) {
			f, err := rnnActivation(name, 0, 0, false, false)
			if err != nil {
				t.Fatal(err)
			}
			var xs []float32
			for i := -20000; i <= 20000; i += 3 {
				xs = append(xs, float32(i)/1000)
			}
			got := append([]float32(nil), xs...)
			applyAct(rnnAct{name, f}, got)
			for i, x := range xs {
				g, w := float64(got[i]), f(float64(x))
				if d := math.Abs(g - w); d > 4*0x1p-24*math.Abs(w) && d > 1e-30 {
					t.Fatalf("%s(%g) = %g, want %g (relative error %.2g)", name, x, g, w, d/math.Abs(w))
				}
			}
		})
	}
}
