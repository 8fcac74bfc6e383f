package gemm

// PackedA is alpha·op(a) packed once for many products with it, such as a
// convolution's weights times each block of its input.
type PackedA[T Float] struct {
	m, k int
	data []T
}

// PackA packs alpha·op(a), an m×k matrix stored k×m when transA. It panics
// as Mul does on bad dimensions.
func PackA[T Float](transA bool, m, k int, alpha T, a []T, lda int) *PackedA[T] {
	checkDims(m, 0, k)
	if transA {
		checkMatrix("a", k, m, a, lda)
	} else {
		checkMatrix("a", m, k, a, lda)
	}
	p := problem[T]{transA: transA, alpha: alpha, a: a, lda: lda}
	data := make([]T, (m+mr-1)/mr*mr*k)
	p.packA(data, 0, m, 0, k)
	return &PackedA[T]{m: m, k: k, data: data}
}

// MulPacked computes c = a·op(b) + beta·c like Mul, for the packed a and
// a k×n op(b).
func MulPacked[T Float](a *PackedA[T], transB bool, n int, b []T, ldb int, beta T, c []T, ldc int) {
	checkDims(a.m, n, a.k)
	p := problem[T]{kern: kernelFor[T](), transB: transB, alpha: 1, k: a.k, packed: a.data}
	p.mul(a.m, n, b, ldb, beta, c, ldc)
}
