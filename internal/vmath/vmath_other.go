//go:build !amd64 || purego

package vmath

func vectorPrefix(int) int { return 0 }

func sigmoidVec(v []float32) { apply(sigmoid32, v) }
func tanhVec(v []float32)    { apply(tanh32, v) }
