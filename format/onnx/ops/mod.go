package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// intMod is integer remainder: truncated (C's %) when fmod, else with the
// sign of the divisor (Python's %).
func intMod[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64](fmod bool) func(x, y T) T {
	return func(x, y T) T {
		r := x % y
		if !fmod && r != 0 && (r < 0) != (y < 0) {
			r += y
		}
		return r
	}
}

// buildMod computes the remainder; floats require fmod=1.
func buildMod(n *Node) (Kernel, error) {
	fmod := n.Int("fmod", 0) != 0
	return withInput(func(ctx context.Context, a *tensor.Tensor, in []Value) ([]Value, error) {
		b, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		if err := sameType(a, b); err != nil {
			return nil, err
		}
		if a.DType().IsInt() {
			if err := checkNoZero(b); err != nil {
				return nil, err
			}
		}
		switch a.DType() {
		case tensor.Int8:
			return result(binary(a, b, intMod[int8](fmod)))
		case tensor.Int16:
			return result(binary(a, b, intMod[int16](fmod)))
		case tensor.Int32:
			return result(binary(a, b, intMod[int32](fmod)))
		case tensor.Int64:
			return result(binary(a, b, intMod[int64](fmod)))
		case tensor.Uint8:
			return result(binary(a, b, intMod[uint8](fmod)))
		case tensor.Uint16:
			return result(binary(a, b, intMod[uint16](fmod)))
		case tensor.Uint32:
			return result(binary(a, b, intMod[uint32](fmod)))
		case tensor.Uint64:
			return result(binary(a, b, intMod[uint64](fmod)))
		}
		if !a.DType().IsFloat() {
			return nil, fmt.Errorf("cannot take the remainder of %v", a.DType())
		}
		return result(floatBinary(a, b, func(p, q float64) float64 {
			m := math.Mod(p, q)
			if !fmod && m != 0 && (m < 0) != (q < 0) {
				m += q
			}
			return m
		}))
	}), nil
}
