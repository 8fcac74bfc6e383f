package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// bits returns an integer tensor's elements as int64 bit patterns (sign-
// extended for signed types, zero-extended for unsigned ones); fromInt64s
// truncates them back.
func bits(t *tensor.Tensor) ([]int64, error) {
	if u, ok := tensor.Values[uint64](t); ok {
		return widen[uint64, int64](u), nil
	}
	if u, ok := tensor.Values[uint16](t); ok {
		return widen[uint16, int64](u), nil
	}
	return int64s(t)
}

// buildBitwise builds BitwiseAnd/Or/Xor and BitShift: f on the bit
// patterns of two integer tensors with broadcasting.
func buildBitwise(f func(x, y int64) int64) func(*Node) (Kernel, error) {
	return func(*Node) (Kernel, error) { return bitwiseKernel(f), nil }
}

func bitwiseKernel(f func(x, y int64) int64) Kernel {
	return withInput(func(ctx context.Context, a *tensor.Tensor, in []Value) ([]Value, error) {
		b, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		if err := sameType(a, b); err != nil {
			return nil, err
		}
		if !a.DType().IsInt() {
			return nil, fmt.Errorf("want integers, got %v", a.DType())
		}
		x, err := bits(a)
		if err != nil {
			return nil, err
		}
		y, err := bits(b)
		if err != nil {
			return nil, err
		}
		xt, _ := tensor.New(a.Shape(), x)
		yt, _ := tensor.New(b.Shape(), y)
		r, err := binary(xt, yt, f)
		if err != nil {
			return nil, err
		}
		return result(fromInt64s(a.DType(), r.Shape(), r.Data().([]int64)))
	})
}

var (
	buildBitwiseAnd = buildBitwise(func(x, y int64) int64 { return x & y })
	buildBitwiseOr  = buildBitwise(func(x, y int64) int64 { return x | y })
	buildBitwiseXor = buildBitwise(func(x, y int64) int64 { return x ^ y })
)

// buildBitShift shifts unsigned integers LEFT or RIGHT (logically).
func buildBitShift(n *Node) (Kernel, error) {
	switch d := n.String("direction", ""); d {
	case "LEFT":
		return bitwiseKernel(func(x, y int64) int64 {
			if uint64(y) >= 64 {
				return 0
			}
			return x << uint64(y)
		}), nil
	case "RIGHT":
		return bitwiseKernel(func(x, y int64) int64 {
			if uint64(y) >= 64 {
				return 0
			}
			return int64(uint64(x) >> uint64(y))
		}), nil
	default:
		return nil, fmt.Errorf("unknown direction %q", d)
	}
}

func buildBitwiseNot(*Node) (Kernel, error) {
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		x, err := bits(t)
		if err != nil {
			return nil, err
		}
		out := make([]int64, len(x))
		for i, v := range x {
			out[i] = ^v
		}
		return result(fromInt64s(t.DType(), t.Shape(), out))
	}), nil
}
