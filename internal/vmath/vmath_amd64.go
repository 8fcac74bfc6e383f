//go:build !purego

package vmath

import "golang.org/x/sys/cpu"

var hasAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// vectorPrefix is how many of n values the vector routines take: whole
// vectors of 8 with AVX2, none without.
func vectorPrefix(n int) int {
	if !hasAVX2 {
		return 0
	}
	return n &^ 7
}

func sigmoidVec(v []float32) { sigmoidAVX2(len(v), &v[0]) }
func tanhVec(v []float32)    { tanhAVX2(len(v), &v[0]) }

// The routines of vmath_amd64.s.
//
//go:noescape
func sigmoidAVX2(n int, v *float32)

//go:noescape
func tanhAVX2(n int, v *float32)
