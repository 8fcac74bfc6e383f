package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

type shape struct {
	m, n, k        int
	transA, transB bool
	alpha, beta    float64
	pad            int // extra columns in every leading dimension
}

var shapes = []shape{
	{m: 1, n: 1, k: 1, alpha: 1},
	{m: 1, n: 512, k: 300, alpha: 1},
	{m: 1, n: 37, k: 5, alpha: 1, beta: 1, transB: true},
	{m: 1, n: 11, k: 300, alpha: 2, transB: true, pad: 1},
	{m: 1, n: 9, k: 21, alpha: -1, transA: true, transB: true},
	{m: 6, n: 16, k: 1, alpha: 1},
	{m: 7, n: 17, k: 3, alpha: 2, beta: 0.5},
	{m: 5, n: 3, k: 0, alpha: 1, beta: 3},
	{m: 0, n: 4, k: 4, alpha: 1},
	{m: 4, n: 0, k: 4, alpha: 1},
	{m: 13, n: 29, k: 31, alpha: -1.5, beta: 1, transA: true},
	{m: 13, n: 29, k: 31, alpha: 1, transB: true, pad: 3},
	{m: 13, n: 29, k: 31, alpha: 0.5, beta: -2, transA: true, transB: true, pad: 1},
	{m: 12, n: 40, k: 7, alpha: 1, pad: 5},
	{m: 100, n: 70, k: 300, alpha: 1, beta: 1},
	{m: 97, n: 130, k: 257, alpha: 1, transA: true, pad: 2},
	{m: 64, n: 4100, k: 9, alpha: 1, transB: true},
	{m: 200, n: 3, k: 64, alpha: 1},
	{m: 40, n: 600, k: 270, alpha: 1, beta: 1}, // b packed: m and ldb too large to read it in place
	{m: 20, n: 530, k: 30, alpha: 2, transA: true, pad: 1},
	{m: 3, n: 5, k: 4, alpha: 0, beta: 2},
	{m: 1, n: 70, k: 9, alpha: 1, transA: true, pad: 2},
	{m: 13, n: 2000, k: 41, alpha: 1, beta: 1}, // a one-row band on 3 threads
}

// matrix returns a rows×cols matrix with leading dimension cols+pad.
func matrix(rng *rand.Rand, rows, cols, pad int) ([]float64, int) {
	ld := max(cols+pad, 1)
	v := make([]float64, max(rows*ld, 0))
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v, ld
}

func convert[T Float](v []float64) []T {
	out := make([]T, len(v))
	for i, x := range v {
		out[i] = T(x)
	}
	return out
}

// check runs Mul[T] (or, if packed, PackA and MulPacked) on the shape and
// compares with a float64 loop over the same (rounded) inputs, to within
// the rounding error of a sum of k products in T.
func check[T Float](t *testing.T, s shape, packed bool, eps float64) {
	rng := rand.New(rand.NewPCG(uint64(s.m), uint64(s.n*1000+s.k)))
	ar, ac := s.m, s.k
	if s.transA {
		ar, ac = ac, ar
	}
	br, bc := s.k, s.n
	if s.transB {
		br, bc = bc, br
	}
	a64, lda := matrix(rng, ar, ac, s.pad)
	b64, ldb := matrix(rng, br, bc, s.pad)
	c64, ldc := matrix(rng, s.m, s.n, s.pad)
	a, b, c := convert[T](a64), convert[T](b64), convert[T](c64)
	at := func(i, p int) float64 {
		if s.transA {
			return float64(a[p*lda+i])
		}
		return float64(a[i*lda+p])
	}
	bt := func(p, j int) float64 {
		if s.transB {
			return float64(b[j*ldb+p])
		}
		return float64(b[p*ldb+j])
	}
	want := make([]float64, len(c))
	bound := make([]float64, len(c))
	for i := range c {
		want[i] = float64(c[i])
	}
	for i := range s.m {
		for j := range s.n {
			var sum, abs float64
			for p := range s.k {
				sum += at(i, p) * bt(p, j)
				abs += math.Abs(at(i, p) * bt(p, j))
			}
			x := i*ldc + j
			bound[x] = math.Abs(s.alpha)*abs + math.Abs(s.beta*want[x])
			want[x] = s.alpha*sum + s.beta*want[x]
		}
	}
	if packed {
		pa := PackA(s.transA, s.m, s.k, T(s.alpha), a, lda)
		MulPacked(pa, s.transB, s.n, b, ldb, T(s.beta), c, ldc)
	} else {
		Mul(s.transA, s.transB, s.m, s.n, s.k, T(s.alpha), a, lda, b, ldb, T(s.beta), c, ldc)
	}
	for i := range c {
		tol := eps * float64(s.k+2) * bound[i]
		if d := math.Abs(float64(c[i]) - want[i]); d > tol || math.IsNaN(d) {
			t.Fatalf("c[%d] = %v, want %v (±%g)", i, c[i], want[i], tol)
		}
	}
}

// testMul runs the shapes with each micro-kernel the CPU runs, the
// portable one with the portable vector kernels, on one goroutine and on
// several.
func testMul[T Float](t *testing.T, micros []microKernel[T], eps float64) {
	kn := kernelFor[T]()
	saved, axpy4, dot4 := kn.microKernel, kn.axpy4, kn.dot4
	defer func() { kn.microKernel, kn.axpy4, kn.dot4 = saved, axpy4, dot4; SetThreads(0) }()
	for _, mk := range micros {
		kn.microKernel = mk
		if mk.name == "go" {
			kn.axpy4, kn.dot4 = axpy4Go[T], dot4Go[T]
		}
		for _, threads := range []int{1, 3} {
			SetThreads(threads)
			for _, s := range shapes {
				for _, packed := range []bool{false, true} {
					t.Run(fmt.Sprintf("%s/threads=%d/packed=%v/%+v", mk.name, threads, packed, s), func(t *testing.T) { check[T](t, s, packed, eps) })
				}
			}
		}
	}
}

func TestMulFloat32(t *testing.T) { testMul(t, microKernels32(), 0x1p-23) }
func TestMulFloat64(t *testing.T) { testMul(t, microKernels64(), 0x1p-52) }

// TestBetaZeroIgnoresC checks that beta = 0 overwrites NaNs in c, as BLAS
// specifies, rather than multiplying them.
func TestBetaZeroIgnoresC(t *testing.T) {
	c := []float32{float32(math.NaN()), float32(math.Inf(1))}
	Mul(false, false, 1, 2, 1, 1, []float32{2}, 1, []float32{3, 4}, 2, 0, c, 2)
	if c[0] != 6 || c[1] != 8 {
		t.Fatalf("c = %v, want [6 8]", c)
	}
}

func TestMulPanicsOnShortSlices(t *testing.T) {
	for _, tc := range []struct {
		name          string
		a, b, c       []float64
		lda, ldb, ldc int
	}{
		{"short a", make([]float64, 5), make([]float64, 6), make([]float64, 4), 3, 2, 2},
		{"short b", make([]float64, 6), make([]float64, 5), make([]float64, 4), 3, 2, 2},
		{"short c", make([]float64, 6), make([]float64, 6), make([]float64, 3), 3, 2, 2},
		{"small lda", make([]float64, 6), make([]float64, 6), make([]float64, 4), 2, 2, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("Mul did not panic")
				}
			}()
			Mul(false, false, 2, 2, 3, 1, tc.a, tc.lda, tc.b, tc.ldb, 0, tc.c, tc.ldc)
		})
	}
}

// TestAddRows checks AddRows with each vector kernel against a float64 sum
// over tap counts around the kernels' four rows and lengths around their
// vector widths.
func TestAddRows(t *testing.T) {
	kn := kernelFor[float32]()
	defer func(saved axpy4Func[float32]) { kn.axpy4 = saved }(kn.axpy4)
	rng := rand.New(rand.NewPCG(5, 6))
	for name, axpy4 := range map[string]axpy4Func[float32]{"selected": kn.axpy4, "go": axpy4Go[float32]} {
		kn.axpy4 = axpy4
		for _, taps := range []int{0, 1, 3, 4, 9, 25} {
			for _, n := range []int{1, 7, 8, 9, 31, 54} {
				src := convert[float32](flat(matrix(rng, 1, n+taps+3, 0)))
				w := convert[float32](flat(matrix(rng, 1, taps, 0)))
				y := convert[float32](flat(matrix(rng, 1, n, 0)))
				rows := make([][]float32, taps)
				want := make([]float64, n)
				for j := range want {
					want[j] = float64(y[j])
				}
				for i := range rows {
					rows[i] = src[i+i%3:][:n+i%2] // overlapping, some longer than y
					for j := range want {
						want[j] += float64(w[i]) * float64(rows[i][j])
					}
				}
				AddRows(y, w, rows)
				for j := range want {
					if d := math.Abs(float64(y[j]) - want[j]); d > 1e-5*float64(taps+1) {
						t.Fatalf("%s: taps=%d n=%d: y[%d] = %v, want %v", name, taps, n, j, y[j], want[j])
					}
				}
			}
		}
	}
}

// flat drops the leading dimension matrix returns.
func flat(v []float64, _ int) []float64 { return v }
