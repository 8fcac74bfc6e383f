package sklearn

// The RBF kernel's squared distances are most of an SVC prediction. rbfBlock
// support vectors are stored feature-interleaved (block b, feature j:
// rbfBlock consecutive values), so an assembly kernel where one is available
// can sum rbfBlock distances at once in vector lanes. Each lane still adds
// (v−x)² in feature order with separate multiply and add, so every sum is
// bit-identical to libsvm's scalar loop.

const rbfBlock = 16

// interleave lays out the first len(sv)/n/rbfBlock·rbfBlock support vectors
// of the row-major sv (n features) block by block, feature-interleaved.
func interleave(sv []float64, n int) []float64 {
	blocks := len(sv) / n / rbfBlock
	out := make([]float64, blocks*rbfBlock*n)
	for b := range blocks {
		for l := range rbfBlock {
			row := sv[(b*rbfBlock+l)*n:][:n]
			for j, v := range row {
				out[(b*n+j)*rbfBlock+l] = v
			}
		}
	}
	return out
}

// rbfSumsGo is the portable rbfSums: for each block of the interleaved
// layout, the rbfBlock sums Σ_j (v_j − x_j)².
func rbfSumsGo(x, blocks, sums []float64) {
	n := len(x)
	for b := range len(blocks) / (n * rbfBlock) {
		var acc [rbfBlock]float64
		blk := blocks[b*n*rbfBlock:][:n*rbfBlock]
		for j, xj := range x {
			g := blk[j*rbfBlock:][:rbfBlock]
			for l := range acc {
				d := g[l] - xj
				acc[l] += d * d
			}
		}
		copy(sums[b*rbfBlock:], acc[:])
	}
}
