package sklearn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ulps is the distance between a and b in units in the last place.
func ulps(a, b float64) int64 {
	d := int64(math.Float64bits(a)) - int64(math.Float64bits(b))
	if d < 0 {
		d = -d
	}
	return d
}

func TestExpMatchesMath(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	xs := []float64{0, -0, 1, -1, 0.5, -708.3, 708.9, 709.7, -745.2, -800, 800,
		math.Inf(1), math.Inf(-1), math.NaN(), 1e-300, -1e-300, math.Ln2, -math.Ln2 / 256}
	for range 200000 {
		// RBF arguments are -gamma·‖x−sv‖²: mostly small negatives.
		xs = append(xs, -rng.ExpFloat64()*10, (rng.Float64()-0.5)*1400)
	}
	worst := int64(0)
	for _, x := range xs {
		got, want := exp(x), math.Exp(x)
		if math.IsNaN(want) {
			if !math.IsNaN(got) {
				t.Errorf("exp(%v) = %v, want NaN", x, got)
			}
			continue
		}
		if u := ulps(got, want); u > worst {
			worst = u
			if u > 2 {
				t.Errorf("exp(%v) = %v, math.Exp = %v: %d ulp apart", x, got, want, u)
			}
		}
	}
	t.Logf("largest difference from math.Exp: %d ulp", worst)
}

func BenchmarkExp(b *testing.B) {
	x := -3.7
	for b.Loop() {
		x = -exp(x) - 1
	}
	_ = x
}

func BenchmarkMathExp(b *testing.B) {
	x := -3.7
	for b.Loop() {
		x = -math.Exp(x) - 1
	}
	_ = x
}
