package rbf

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
		got, want := Exp(x), math.Exp(x)
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
		x = -Exp(x) - 1
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

// TestExpScaled checks both kernels against Exp, bit for bit, with
// arguments Exp hands to math.Exp placed in and after whole vector groups.
func TestExpScaled(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, tt := range []struct {
		name string
		n    int
		odd  map[int]float64 // index: argument outside (expMin, expMax)
	}{
		{"empty", 0, nil},
		{"partial group", 3, nil},
		{"whole groups", 64, nil},
		{"tail", 67, nil},
		{"underflow", 40, map[int]float64{13: -800}},
		{"overflow", 40, map[int]float64{0: 710}},
		{"NaN", 40, map[int]float64{39: math.NaN()}},
		{"infinities", 40, map[int]float64{5: math.Inf(-1), 22: math.Inf(1)}},
	} {
		const scale = -0.5
		v := make([]float64, tt.n)
		for i := range v {
			v[i] = rng.ExpFloat64() * 20
			if a, ok := tt.odd[i]; ok {
				v[i] = a / scale
			}
		}
		for _, avx := range []bool{false, useAVX2} {
			saved := useAVX2
			useAVX2 = avx
			got := append([]float64(nil), v...)
			expScaled(scale, got)
			useAVX2 = saved
			for i, a := range v {
				want := Exp(scale * a)
				if math.Float64bits(got[i]) != math.Float64bits(want) && !(math.IsNaN(got[i]) && math.IsNaN(want)) {
					t.Errorf("%s, avx2=%v: exp(%v) = %v, want %v bit for bit", tt.name, avx, scale*a, got[i], want)
				}
			}
		}
	}
}
