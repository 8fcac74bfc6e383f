//go:build !amd64 || purego

package vmath

func expVec(v []float32) { apply(expFull, v) }
