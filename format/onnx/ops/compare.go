package ops

import (
	"cmp"
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// cmpOp names a comparison operator.
type cmpOp uint8

const (
	opEqual cmpOp = iota
	opLess
	opLessEq
	opGreater
	opGreaterEq
)

func comparer[T cmp.Ordered](op cmpOp) func(x, y T) bool {
	switch op {
	case opEqual:
		return func(x, y T) bool { return x == y }
	case opLess:
		return func(x, y T) bool { return x < y }
	case opLessEq:
		return func(x, y T) bool { return x <= y }
	case opGreater:
		return func(x, y T) bool { return x > y }
	}
	return func(x, y T) bool { return x >= y }
}

func compare(op cmpOp, a, b *tensor.Tensor) (*tensor.Tensor, error) {
	if err := sameType(a, b); err != nil {
		return nil, err
	}
	switch a.DType() {
	case tensor.Float32:
		return binary(a, b, comparer[float32](op))
	case tensor.Float64:
		return binary(a, b, comparer[float64](op))
	case tensor.Int8:
		return binary(a, b, comparer[int8](op))
	case tensor.Int16:
		return binary(a, b, comparer[int16](op))
	case tensor.Int32:
		return binary(a, b, comparer[int32](op))
	case tensor.Int64:
		return binary(a, b, comparer[int64](op))
	case tensor.Uint8:
		return binary(a, b, comparer[uint8](op))
	case tensor.Uint16:
		return binary(a, b, comparer[uint16](op))
	case tensor.Uint32:
		return binary(a, b, comparer[uint32](op))
	case tensor.Uint64:
		return binary(a, b, comparer[uint64](op))
	case tensor.String:
		return binary(a, b, comparer[string](op))
	case tensor.Bool:
		if op == opEqual {
			return binary(a, b, func(x, y bool) bool { return x == y })
		}
	case tensor.Float16:
		a32, b32, err := toFloat32(a, b)
		if err != nil {
			return nil, err
		}
		return compare(op, a32, b32)
	}
	return nil, fmt.Errorf("cannot compare %v", a.DType())
}

// toFloat32 widens FP16 operands, which kernels compute in FP32.
func toFloat32(a, b *tensor.Tensor) (*tensor.Tensor, *tensor.Tensor, error) {
	a32, err := Cast(a, tensor.Float32)
	if err != nil {
		return nil, nil, err
	}
	b32, err := Cast(b, tensor.Float32)
	return a32, b32, err
}

func buildCompare(op cmpOp) func(*Node) (Kernel, error) {
	return func(n *Node) (Kernel, error) {
		if err := n.checkTypes([]int{0, 1}, nil, ""); err != nil {
			return nil, err
		}
		return withInput(func(ctx context.Context, a *tensor.Tensor, in []Value) ([]Value, error) {
			b, err := arg(in, 1)
			if err != nil {
				return nil, err
			}
			return result(compare(op, a, b))
		}), nil
	}
}

var (
	buildEqual          = buildCompare(opEqual)
	buildLess           = buildCompare(opLess)
	buildLessOrEqual    = buildCompare(opLessEq)
	buildGreater        = buildCompare(opGreater)
	buildGreaterOrEqual = buildCompare(opGreaterEq)
)
