package ops

import (
	"math"
	"testing"
)

// TestMoments checks the one-pass mean and inverse standard deviation
// against values worked by hand, including a mean far larger than the
// spread, which unshifted sums of squares would cancel away.
func TestMoments(t *testing.T) {
	for _, tc := range []struct {
		name      string
		v         []float64
		rms       bool
		mean, std float64
	}{
		{"small", []float64{1, 2, 3, 4}, false, 2.5, math.Sqrt(1.25)},
		{"odd length", []float64{-1, 0, 4}, false, 1, math.Sqrt(14.0 / 3)},
		{"large mean", []float64{1e9, 1e9 + 1, 1e9 + 2, 1e9 + 3}, false, 1e9 + 1.5, math.Sqrt(1.25)},
		{"rms", []float64{3, -4}, true, 0, math.Sqrt(12.5)},
		{"constant", []float64{7, 7, 7}, false, 7, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const eps = 1e-5
			mean, inv := moments(tc.v, eps, tc.rms)
			want := 1 / math.Sqrt(tc.std*tc.std+eps)
			if mean != tc.mean || math.Abs(inv-want) > 1e-12*want {
				t.Errorf("moments(%v) = %g, %g, want %g, %g", tc.v, mean, inv, tc.mean, want)
			}
		})
	}
}
