//go:build !purego

package gemm

import "golang.org/x/sys/cpu"

//go:generate /usr/bin/python3 ../../scripts/gen_gemm_asm.py

var hasAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// microKernels32 and microKernels64 list the micro-kernels this CPU runs,
// fastest first: AVX-512 (6×32 and 6×16), AVX2+FMA (6×16 and 6×8), Go.
func microKernels32() []microKernel[float32] {
	return microKernelsFor(16, microF32AVX512, microF32AVX2)
}

func microKernels64() []microKernel[float64] {
	return microKernelsFor(8, microF64AVX512, microF64AVX2)
}

// microKernelsFor lists the kernels for a type whose AVX2 and Go kernels
// compute nr columns and whose AVX-512 kernel, with registers twice as
// wide, computes 2·nr.
func microKernelsFor[T Float](nr int, avx512, avx2 func(k int, a, b *T, ldb int, c *T, ldc int)) []microKernel[T] {
	var ks []microKernel[T]
	if cpu.X86.HasAVX512F {
		ks = append(ks, asmMicro("avx512", 2*nr, avx512))
	}
	if hasAVX2 {
		ks = append(ks, asmMicro("avx2", nr, avx2))
	}
	return append(ks, goMicro[T](nr))
}

// asmMicro wraps an assembly micro-kernel, checking the bounds it relies
// on; k ≥ 1.
func asmMicro[T Float](name string, nr int, f func(k int, a, b *T, ldb int, c *T, ldc int)) microKernel[T] {
	return microKernel[T]{name: name, nr: nr, micro: func(k int, a, b []T, ldb int, c []T, ldc int) {
		_, _, _ = a[k*mr-1], b[(k-1)*ldb+nr-1], c[(mr-1)*ldc+nr-1]
		f(k, &a[0], &b[0], ldb, &c[0], ldc)
	}}
}

var (
	vectorKernels32 = vectorKernelsFor(8, axpy4F32AVX2, dot4F32AVX2)
	vectorKernels64 = vectorKernelsFor(4, axpy4F64AVX2, dot4F64AVX2)
)

// vectorKernelsFor wraps the assembly vector kernels with AVX2 and returns
// the portable ones without. The assembly handles whole vectors of width
// lanes, the portable kernels the rest.
func vectorKernelsFor[T Float](width int, axpy4 func(n int, x0, x1, x2, x3 T, b0, b1, b2, b3, y *T), dot4 func(k int, x, b *T, ldb int) (s0, s1, s2, s3 T)) vectorKernels[T] {
	if !hasAVX2 {
		return vectorKernels[T]{axpy4Go[T], dot4Go[T]}
	}
	return vectorKernels[T]{
		axpy4: func(x [4]T, rows [4][]T, y []T) {
			n := len(y) / width * width
			if n > 0 {
				_, _, _, _ = rows[0][n-1], rows[1][n-1], rows[2][n-1], rows[3][n-1]
				axpy4(n, x[0], x[1], x[2], x[3], &rows[0][0], &rows[1][0], &rows[2][0], &rows[3][0], &y[0])
			}
			axpy4Go(x, [4][]T{rows[0][n:], rows[1][n:], rows[2][n:], rows[3][n:]}, y[n:])
		},
		dot4: func(x, b []T, ldb int) [4]T {
			k := len(x) / width * width
			var sums [4]T
			if k < len(x) {
				sums = dot4Go(x[k:], b[k:], ldb)
			}
			if k > 0 {
				_ = b[3*ldb+k-1]
				s0, s1, s2, s3 := dot4(k, &x[0], &b[0], ldb)
				sums = [4]T{sums[0] + s0, sums[1] + s1, sums[2] + s2, sums[3] + s3}
			}
			return sums
		},
	}
}

// The micro-kernels of kernel_amd64.s.
//
//go:noescape
func microF32AVX2(k int, a, b *float32, ldb int, c *float32, ldc int)

//go:noescape
func microF64AVX2(k int, a, b *float64, ldb int, c *float64, ldc int)

//go:noescape
func microF32AVX512(k int, a, b *float32, ldb int, c *float32, ldc int)

//go:noescape
func microF64AVX512(k int, a, b *float64, ldb int, c *float64, ldc int)

// axpy4F32AVX2 and axpy4F64AVX2 (axpy_amd64.s) handle a multiple of 8
// (float32) or 4 (float64) columns.
//
//go:noescape
func axpy4F32AVX2(n int, x0, x1, x2, x3 float32, b0, b1, b2, b3, y *float32)

//go:noescape
func axpy4F64AVX2(n int, x0, x1, x2, x3 float64, b0, b1, b2, b3, y *float64)

// dot4F32AVX2 and dot4F64AVX2 (dot_amd64.s) handle a multiple of 8
// (float32) or 4 (float64) columns of b.
//
//go:noescape
func dot4F32AVX2(k int, x, b *float32, ldb int) (s0, s1, s2, s3 float32)

//go:noescape
func dot4F64AVX2(k int, x, b *float64, ldb int) (s0, s1, s2, s3 float64)
