//go:build !purego

package vmath

func expVec(v []float32) { expAVX2(len(v), &v[0]) }

// expAVX2 is in exp_amd64.s.
//
//go:noescape
func expAVX2(n int, v *float32)
