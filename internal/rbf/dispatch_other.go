//go:build !amd64

package rbf

var useAVX2 = false

func blockSums(x, blocks, sums []float64) { blockSumsGo(x, blocks, sums) }

func expScaled(scale float64, v []float64) { expScaledGo(scale, v) }
