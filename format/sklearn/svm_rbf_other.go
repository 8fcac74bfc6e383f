//go:build !amd64

package sklearn

var useAVX2 = false

func rbfSums(x, blocks, sums []float64) { rbfSumsGo(x, blocks, sums) }
