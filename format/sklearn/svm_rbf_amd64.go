package sklearn

import "golang.org/x/sys/cpu"

// useAVX2 selects the assembly kernel; tests turn it off to check the
// portable one against it.
var useAVX2 = cpu.X86.HasAVX2

// rbfSums writes, for each block of the interleaved layout, the rbfBlock
// sums Σ_j (v_j − x_j)² into sums.
func rbfSums(x, blocks, sums []float64) {
	if !useAVX2 || len(x) == 0 {
		rbfSumsGo(x, blocks, sums)
		return
	}
	n := len(x)
	for b := range len(blocks) / (n * rbfBlock) {
		rbfSums16AVX2(x, blocks[b*n*rbfBlock:][:n*rbfBlock], (*[rbfBlock]float64)(sums[b*rbfBlock:]))
	}
}

// rbfSums16AVX2 sums one block of 16 support vectors (svm_rbf_amd64.s).
// block holds len(x)·16 values; len(x) must be at least 1.
//
//go:noescape
func rbfSums16AVX2(x, block []float64, sums *[rbfBlock]float64)
