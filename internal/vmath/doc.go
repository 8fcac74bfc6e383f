// Package vmath computes the single-precision activations of recurrent
// cells over whole slices, with AVX2 where the CPU has it.
package vmath
