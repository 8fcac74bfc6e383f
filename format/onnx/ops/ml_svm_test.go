package ops

import (
	"math/rand/v2"
	"testing"
)

// TestSquaredDistances checks the four-at-a-time sums against libsvm's
// one-vector loop, bit for bit, for vector counts with and without a
// remainder.
func TestSquaredDistances(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, tt := range []struct{ count, features int }{{0, 3}, {1, 5}, {4, 7}, {7, 30}, {9, 1}, {12, 0}} {
		x := make([]float64, tt.features)
		for j := range x {
			x[j] = rng.NormFloat64() * 100
		}
		vectors := make([]float64, tt.count*tt.features)
		for j := range vectors {
			vectors[j] = rng.NormFloat64() * 100
		}
		got := make([]float64, tt.count)
		squaredDistances(x, vectors, got)
		for v := range tt.count {
			var want float64
			for j, a := range x {
				d := a - vectors[v*tt.features+j]
				want += d * d
			}
			if got[v] != want {
				t.Errorf("%d vectors of %d features: distance %d = %v, want %v", tt.count, tt.features, v, got[v], want)
			}
		}
	}
}
