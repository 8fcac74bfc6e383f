// Package gemm multiplies dense row-major float32 and float64 matrices with
// a blocked, packed algorithm in the style of BLIS: blocks of both operands
// are copied into contiguous micro-panels that a register-blocked
// micro-kernel consumes (AVX-512 or AVX2+FMA assembly on amd64, chosen at
// run time; portable Go elsewhere or with the purego build tag). Products
// with a single row of A stream B in place, and large products are split
// over SetThreads goroutines.
package gemm
