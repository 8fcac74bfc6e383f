package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestFinish checks Finish against the separate operators, element by
// element and bit for bit, on lengths around the vector widths and with
// the values where Relu is subtle: NaN, -0, +0, infinities.
func TestFinish(t *testing.T) {
	special := []float64{math.NaN(), math.Copysign(0, -1), 0, math.Inf(1), math.Inf(-1), -1, 1}
	for _, n := range []int{0, 1, 3, 4, 7, 8, 9, 16, 31, 67} {
		for _, residual := range []bool{false, true} {
			for _, relu := range []bool{false, true} {
				name := fmt.Sprintf("n=%d/residual=%t/relu=%t", n, residual, relu)
				rng := rand.New(rand.NewPCG(uint64(n), 1))
				c, r := make([]float64, n), make([]float64, n)
				for i := range c {
					c[i], r[i] = rng.NormFloat64(), rng.NormFloat64()
					if i%5 == 0 {
						c[i], r[i] = special[(i/5)%len(special)], special[(i/5+i/35)%len(special)]
					}
				}
				if !residual {
					r = nil
				}
				for _, b := range []float64{-0.25, math.Copysign(0, -1)} {
					name := fmt.Sprintf("%s/b=%g", name, b)
					t.Run("float32/"+name, func(t *testing.T) { testFinish(t, convert[float32](c), float32(b), residualOf[float32](r), relu) })
					t.Run("float64/"+name, func(t *testing.T) { testFinish(t, c, b, r, relu) })
				}
			}
		}
	}
}

// residualOf converts r, keeping nil for no residual.
func residualOf[T Float](r []float64) []T {
	if r == nil {
		return nil
	}
	return convert[T](r)
}

func testFinish[T Float](t *testing.T, c []T, b T, r []T, relu bool) {
	want := make([]T, len(c))
	for i, x := range c {
		// Bias, then Add, then Relu, each rounded on its own.
		x += b
		if r != nil {
			x += r[i]
		}
		if relu && !(x > 0) && x == x {
			x = 0
		}
		want[i] = x
	}
	got := append([]T(nil), c...)
	Finish(got, b, r, relu)
	for i := range want {
		g, w := float64(got[i]), float64(want[i])
		if math.Float64bits(g) != math.Float64bits(w) && !(math.IsNaN(g) && math.IsNaN(w)) {
			t.Errorf("element %d of %d: got %v, want %v", i, len(c), got[i], want[i])
		}
	}
}

func TestFinishPanicsOnShortResidual(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for a residual shorter than c")
		}
	}()
	Finish(make([]float32, 9), 1, make([]float32, 8), true)
}
