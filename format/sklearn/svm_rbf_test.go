package sklearn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRBFSums checks both kernels against libsvm's scalar loop, bit for bit,
// over feature counts around the vector width and whole-block SV counts.
func TestRBFSums(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 3, 4, 5, 7, 30, 64} {
		nsv := 3 * rbfBlock
		sv := make([]float64, nsv*n)
		for i := range sv {
			sv[i] = rng.NormFloat64() * math.Exp(rng.NormFloat64()*3)
		}
		x := make([]float64, n)
		for i := range x {
			x[i] = rng.NormFloat64() * 10
		}
		want := make([]float64, nsv)
		for i := range want {
			for j, xj := range x {
				d := xj - sv[i*n+j]
				want[i] += d * d
			}
		}
		blocks := interleave(sv, n)
		for _, avx := range []bool{false, useAVX2} {
			saved := useAVX2
			useAVX2 = avx
			got := make([]float64, nsv)
			rbfSums(x, blocks, got)
			useAVX2 = saved
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("n=%d avx2=%v: sum %d = %v, want %v bit for bit", n, avx, i, got[i], want[i])
				}
			}
		}
	}
}
