package vmath

import (
	"math"
	"testing"
)

func sigmoid64(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// TestActivations checks the slice routines, vector body and scalar tail
// alike, against math in FP64 to 4 FP32 ULPs over the range gates see,
// and their special values.
func TestActivations(t *testing.T) {
	var xs []float32
	for i := -100000; i <= 100000; i += 3 {
		xs = append(xs, float32(i)/1000)
	}
	specials := []float32{0, float32(math.Copysign(0, -1)), 1e-30, -1e-30, 0.625, -0.625, 88.8, -88.8, 1e30, -1e30,
		float32(math.Inf(1)), float32(math.Inf(-1))}
	for _, tc := range []struct {
		name string
		f    func([]float32)
		want func(float64) float64
	}{
		{"Sigmoid", Sigmoid, sigmoid64},
		{"Tanh", Tanh, math.Tanh},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Odd lengths leave a tail for the scalar loop.
			for _, in := range [][]float32{xs, xs[:7], xs[len(xs)-13:], specials} {
				got := append([]float32(nil), in...)
				tc.f(got)
				for i, x := range in {
					g, w := float64(got[i]), tc.want(float64(x))
					if d := math.Abs(g - w); d > 4*0x1p-24*math.Abs(w) && d > 1e-30 {
						t.Fatalf("%s(%g) = %g, want %g (relative error %.2g)", tc.name, x, g, w, d/math.Abs(w))
					}
				}
			}
			nan := []float32{float32(math.NaN()), 1, 2, 3, 4, 5, 6, 7, float32(math.NaN())}
			tc.f(nan)
			if !math.IsNaN(float64(nan[0])) || !math.IsNaN(float64(nan[8])) {
				t.Errorf("%s(NaN) = %g, %g, want NaN", tc.name, nan[0], nan[8])
			}
		})
	}
}

// TestExp checks the scalar exponential the routines follow.
func TestExp(t *testing.T) {
	for i := -80000; i <= 80000; i += 3 {
		x := float32(i) / 1000
		g, w := float64(exp32(x)), math.Exp(float64(x))
		if d := math.Abs(g - w); d > 4*0x1p-24*w {
			t.Fatalf("exp32(%g) = %g, want %g (relative error %.2g)", x, g, w, d/w)
		}
	}
}
