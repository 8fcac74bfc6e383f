package rbf

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDistances checks both kernels against libsvm's scalar loop, bit for
// bit, over feature counts around the vector width and support vector
// counts with and without whole blocks and a remainder.
func TestDistances(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 30, 64} {
		for _, count := range []int{0, 1, block - 1, block, block + 1, 2 * block, 3*block + 5, 4*block + 2} {
			sv := make([]float64, count*n)
			for i := range sv {
				sv[i] = rng.NormFloat64() * math.Exp(rng.NormFloat64()*3)
			}
			x := make([]float64, n)
			for i := range x {
				x[i] = rng.NormFloat64() * 10
			}
			want := make([]float64, count)
			for i := range want {
				for j, xj := range x {
					d := xj - sv[i*n+j]
					want[i] += float64(d * d)
				}
			}
			v := NewVectors(sv, n)
			for _, avx := range []bool{false, useAVX2} {
				saved := useAVX2
				useAVX2 = avx
				got := make([]float64, count)
				v.Distances(x, got)
				useAVX2 = saved
				for i := range want {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("%d features, %d vectors, avx2=%v: distance %d = %v, want %v bit for bit", n, count, avx, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// TestKernel checks exp(−γ‖x−v‖²) against math.Exp over the distances.
func TestKernel(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n, count, gamma = 30, 2*block + 3, 0.04
	sv := make([]float64, count*n)
	for i := range sv {
		sv[i] = rng.NormFloat64()
	}
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	v := NewVectors(sv, n)
	dist := make([]float64, count)
	v.Distances(x, dist)
	got := make([]float64, count)
	v.Kernel(gamma, x, got)
	for i, d := range dist {
		if want := math.Exp(-gamma * d); ulps(got[i], want) > 2 {
			t.Errorf("kernel %d = %v, want %v", i, got[i], want)
		}
	}
}

// benchVectors is bench/onnxrt's svm_regressor's shape: 500 support vectors
// of 30 features.
func benchVectors() (v *Vectors, x, out []float64) {
	rng := rand.New(rand.NewPCG(7, 8))
	const n, count = 30, 500
	sv := make([]float64, count*n)
	for i := range sv {
		sv[i] = rng.NormFloat64()
	}
	return NewVectors(sv, n), sv[:n], make([]float64, count)
}

func BenchmarkDistances(b *testing.B) {
	v, x, out := benchVectors()
	for b.Loop() {
		v.Distances(x, out)
	}
}

func BenchmarkKernel(b *testing.B) {
	v, x, out := benchVectors()
	for b.Loop() {
		v.Kernel(1.0/30, x, out)
	}
}
