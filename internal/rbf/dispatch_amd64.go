package rbf

import (
	"math"

	"golang.org/x/sys/cpu"
)

// useAVX2 selects the assembly kernels; tests turn it off to check the
// portable ones against them.
var useAVX2 = cpu.X86.HasAVX2

// blockSums writes, for each block of the interleaved layout, the block
// sums Σ_j (v_j − x_j)² into sums, which holds one per support vector of
// the blocks. len(x) must be at least 1.
func blockSums(x, blocks, sums []float64) {
	if useAVX2 {
		sumsAVX2(x, blocks, sums)
	} else {
		blockSumsGo(x, blocks, sums)
	}
}

// expScaled sets v[i] = Exp(scale·v[i]).
func expScaled(scale float64, v []float64) {
	done := 0
	if useAVX2 {
		done = expAVX2(scale, v)
	}
	expScaledGo(scale, v[done:])
}

// sumsAVX2 is blockSums in assembly (sums_amd64.s) for len(sums)/16 blocks
// of 16 support vectors; blocks must hold len(x)·len(sums) values.
//
//go:noescape
func sumsAVX2(x, blocks, sums []float64)

// expAVX2 is Exp four lanes at a time (exp_amd64.s): it sets v[i] =
// Exp(scale·v[i]) for whole groups of four from the start, stopping before
// the last partial group or a group with an argument outside (expMin,
// expMax), and returns how many values it set.
//
//go:noescape
func expAVX2(scale float64, v []float64) int

// lanes repeats a constant's bits in the four lanes of a vector register.
func lanes(bits uint64) [4]uint64 { return [4]uint64{bits, bits, bits, bits} }

// expConsts are Exp's constants for expAVX2, in the order it loads them.
var expConsts = [...][4]uint64{
	lanes(math.Float64bits(expInvLn)),
	lanes(math.Float64bits(expShift)),
	lanes(math.Float64bits(expHi)),
	lanes(math.Float64bits(expLo)),
	lanes(math.Float64bits(1.0 / 120)),
	lanes(math.Float64bits(1.0 / 24)),
	lanes(math.Float64bits(1.0 / 6)),
	lanes(math.Float64bits(1.0 / 2)),
	lanes(math.Float64bits(1)),
	lanes(math.Float64bits(expMin)),
	lanes(math.Float64bits(expMax)),
	lanes(expN - 1),
	lanes(1023 << 52),
}
