package vmath

import (
	"math"
	"testing"
)

// TestExpSlice checks Exp, vector body and scalar tail alike, against
// math.Exp: 4 FP32 ULPs where e^x is a normal float, 2 subnormal steps
// below, +Inf above, and its special values.
func TestExpSlice(t *testing.T) {
	var xs []float32
	for i := -110000; i <= 95000; i += 3 {
		xs = append(xs, float32(i)/1000)
	}
	inf := float32(math.Inf(1))
	specials := []float32{0, float32(math.Copysign(0, -1)), 1e-30, -1e-30, 88, 88.72, 88.73, -87, -87.5, -103, -104,
		-150, 1e30, -1e30, inf, -inf}
	for _, in := range [][]float32{xs, xs[:7], xs[len(xs)-13:], specials} {
		got := append([]float32(nil), in...)
		Exp(got)
		for i, x := range in {
			g, w := float64(got[i]), math.Exp(float64(x))
			var ok bool
			switch {
			case w > math.MaxFloat32:
				ok = math.IsInf(g, 1)
			case w < 0x1p-126:
				ok = math.Abs(g-w) <= 2*0x1p-149
			default:
				ok = math.Abs(g-w) <= 4*0x1p-24*w
			}
			if !ok {
				t.Fatalf("Exp(%g) = %g, want %g", x, g, w)
			}
		}
	}
	nan := []float32{float32(math.NaN()), 1, 2, 3, 4, 5, 6, 7, float32(math.NaN())}
	Exp(nan)
	if !math.IsNaN(float64(nan[0])) || !math.IsNaN(float64(nan[8])) {
		t.Errorf("Exp(NaN) = %g, %g, want NaN", nan[0], nan[8])
	}
}
