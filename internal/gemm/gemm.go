package gemm

import "fmt"

// Float is the element type Mul accepts.
type Float interface{ float32 | float64 }

// Mul computes c = alpha·op(a)·op(b) + beta·c, where op(a) is m×k and op(b)
// is k×n, each read transposed when transA or transB is set; all matrices
// are row-major with leading dimensions lda, ldb and ldc. beta = 0 ignores
// what c held (NaNs included); beta = 1 accumulates into it.
//
// Mul panics when a dimension is negative or a slice is too short for its
// dimensions, as BLAS does: callers validate untrusted shapes first. Large
// products run on up to Threads goroutines.
func Mul[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	checkDims(m, n, k)
	if transA {
		checkMatrix("a", k, m, a, lda)
	} else {
		checkMatrix("a", m, k, a, lda)
	}
	p := problem[T]{kern: kernelFor[T](), transA: transA, transB: transB, alpha: alpha, a: a, lda: lda, k: k}
	p.mul(m, n, b, ldb, beta, c, ldc)
}

// mul checks b and c, scales c by beta and adds the product into it.
func (p *problem[T]) mul(m, n int, b []T, ldb int, beta T, c []T, ldc int) {
	if p.transB {
		checkMatrix("b", n, p.k, b, ldb)
	} else {
		checkMatrix("b", p.k, n, b, ldb)
	}
	checkMatrix("c", m, n, c, ldc)
	if m == 0 || n == 0 {
		return
	}
	scale(m, n, beta, c, ldc)
	if p.k == 0 || p.alpha == 0 {
		return
	}
	p.b, p.ldb, p.c, p.ldc = b, ldb, c, ldc
	p.run(m, n)
}

func checkDims(m, n, k int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: negative dimension m=%d n=%d k=%d", m, n, k))
	}
}

// checkMatrix panics unless v holds a rows×cols matrix with leading
// dimension ld.
func checkMatrix[T Float](name string, rows, cols int, v []T, ld int) {
	if ld < cols {
		panic(fmt.Sprintf("gemm: leading dimension of %s is %d, want at least %d", name, ld, cols))
	}
	if rows > 0 && cols > 0 && len(v) < (rows-1)*ld+cols {
		panic(fmt.Sprintf("gemm: %s has %d elements, want %d for %d×%d with stride %d", name, len(v), (rows-1)*ld+cols, rows, cols, ld))
	}
}

// scale multiplies the m×n matrix c by beta; beta = 0 clears it.
func scale[T Float](m, n int, beta T, c []T, ldc int) {
	if beta == 1 {
		return
	}
	for i := range m {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}
