package ops

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

// arithOp names a binary arithmetic operator for arith.
type arithOp uint8

const (
	opAdd arithOp = iota
	opSub
	opMul
	opDiv
	opMax
	opMin
)

func arith[T number](op arithOp) func(x, y T) T {
	switch op {
	case opAdd:
		return func(x, y T) T { return x + y }
	case opSub:
		return func(x, y T) T { return x - y }
	case opMul:
		return func(x, y T) T { return x * y }
	case opDiv:
		return func(x, y T) T { return x / y }
	case opMax:
		// NaN propagates, as in numpy.maximum.
		return func(x, y T) T {
			if x != x || x > y {
				return x
			}
			return y
		}
	}
	return func(x, y T) T {
		if x != x || x < y {
			return x
		}
		return y
	}
}

// arithRows is arith over rows of floats, the operands of most of a
// neural net's element-wise work: the four operators loop on their own
// instead of calling a function per element.
func arithRows[T float32 | float64](op arithOp) func(out, x, y []T) {
	f := arith[T](op)
	return func(out, x, y []T) {
		// An operand of one element is broadcast along the row.
		sx, sy := min(len(x)-1, 1), min(len(y)-1, 1)
		switch op {
		case opAdd:
			for i := range out {
				out[i] = x[i*sx] + y[i*sy]
			}
		case opSub:
			for i := range out {
				out[i] = x[i*sx] - y[i*sy]
			}
		case opMul:
			for i := range out {
				out[i] = x[i*sx] * y[i*sy]
			}
		case opDiv:
			for i := range out {
				out[i] = x[i*sx] / y[i*sy]
			}
		default:
			for i := range out {
				out[i] = f(x[i*sx], y[i*sy])
			}
		}
	}
}

// applyArith computes a op b for any numeric dtype.
func applyArith(op arithOp, a, b *tensor.Tensor) (*tensor.Tensor, error) {
	if err := sameType(a, b); err != nil {
		return nil, err
	}
	if op == opDiv && a.DType().IsInt() {
		if err := checkNoZero(b); err != nil {
			return nil, err
		}
	}
	switch a.DType() {
	case tensor.Float32:
		return binaryRows(a, b, arithRows[float32](op))
	case tensor.Float64:
		return binaryRows(a, b, arithRows[float64](op))
	case tensor.Int8:
		return binary(a, b, arith[int8](op))
	case tensor.Int16:
		return binary(a, b, arith[int16](op))
	case tensor.Int32:
		return binary(a, b, arith[int32](op))
	case tensor.Int64:
		return binary(a, b, arith[int64](op))
	case tensor.Uint8:
		return binary(a, b, arith[uint8](op))
	case tensor.Uint16:
		return binary(a, b, arith[uint16](op))
	case tensor.Uint32:
		return binary(a, b, arith[uint32](op))
	case tensor.Uint64:
		return binary(a, b, arith[uint64](op))
	case tensor.Float16:
		a32, b32, err := toFloat32(a, b)
		if err != nil {
			return nil, err
		}
		r, err := applyArith(op, a32, b32)
		if err != nil {
			return nil, err
		}
		return Cast(r, tensor.Float16)
	}
	return nil, fmt.Errorf("unsupported dtype %v", a.DType())
}

// checkNoZero refuses integer division by zero, which would panic.
func checkNoZero(t *tensor.Tensor) error {
	v, err := t.Float64s()
	if err != nil {
		return err
	}
	for _, x := range v {
		if x == 0 {
			return fmt.Errorf("integer division by zero")
		}
	}
	return nil
}

func buildArith(op arithOp) func(*Node) (Kernel, error) {
	return func(n *Node) (Kernel, error) {
		if err := n.checkTypes([]int{0, 1}, tensor.DType.IsNumeric, "a number"); err != nil {
			return nil, err
		}
		legacy := n.Opset < 7
		explicit, bAxis := n.Int("broadcast", 0) != 0, n.Int("axis", -1)
		return withInput(func(ctx context.Context, a *tensor.Tensor, in []Value) ([]Value, error) {
			b, err := arg(in, 1)
			if err != nil {
				return nil, err
			}
			if legacy {
				if b, err = legacyBroadcast(a, b, explicit, bAxis); err != nil {
					return nil, err
				}
			}
			return result(applyArith(op, a, b))
		}), nil
	}
}

// legacyBroadcast applies the broadcasting of opsets before 7: none unless
// the broadcast attribute is set, then b's dimensions align with a's from
// axis (default: the trailing ones).
func legacyBroadcast(a, b *tensor.Tensor, explicit bool, ax int64) (*tensor.Tensor, error) {
	as, bs := a.Shape(), b.Shape()
	if !explicit {
		if !slices.Equal(as, bs) {
			return nil, fmt.Errorf("%w: shapes %v and %v differ and broadcast is not set", tensor.ErrShape, as, bs)
		}
		return b, nil
	}
	start := len(as) - len(bs)
	if ax >= 0 {
		start = int(ax)
	}
	if start < 0 || start+len(bs) > len(as) {
		return nil, fmt.Errorf("%w: cannot broadcast %v into %v at axis %d", tensor.ErrShape, bs, as, ax)
	}
	shape := make([]int, len(as)-start)
	for i := range shape {
		shape[i] = 1
	}
	copy(shape, bs)
	return b.Reshape(shape)
}

var (
	buildAdd = buildArith(opAdd)
	buildSub = buildArith(opSub)
	buildMul = buildArith(opMul)
	buildDiv = buildArith(opDiv)
)

// buildVariadic builds Max, Min and Sum: op folded over all inputs.
func buildVariadic(op arithOp) func(*Node) (Kernel, error) {
	return func(*Node) (Kernel, error) {
		return withInput(func(ctx context.Context, acc *tensor.Tensor, in []Value) ([]Value, error) {
			for i := 1; i < len(in); i++ {
				t, err := arg(in, i)
				if err != nil {
					return nil, err
				}
				if acc, err = applyArith(op, acc, t); err != nil {
					return nil, err
				}
			}
			return one(acc), nil
		}), nil
	}
}

var (
	buildMax = buildVariadic(opMax)
	buildMin = buildVariadic(opMin)
	buildSum = buildVariadic(opAdd)
)

// buildMean divides the sum of its inputs by their count.
func buildMean(n *Node) (Kernel, error) {
	sum, _ := buildSum(n)
	return func(ctx context.Context, in []Value) ([]Value, error) {
		out, err := sum(ctx, in)
		if err != nil {
			return nil, err
		}
		s := out[0].(*tensor.Tensor)
		c, err := scalarLike(s.DType(), float64(len(in)))
		if err != nil {
			return nil, err
		}
		return result(applyArith(opDiv, s, c))
	}, nil
}

// scalarLike returns a scalar of dtype dt holding v.
func scalarLike(dt tensor.DType, v float64) (*tensor.Tensor, error) {
	t, err := tensor.New([]int{}, []float64{v})
	if err != nil {
		return nil, err
	}
	return t.Convert(dt)
}

// buildPow computes x**y; y may have another numeric type (opset 12+).
func buildPow(*Node) (Kernel, error) {
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		y, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		return result(floatBinary(x, y, math.Pow))
	}), nil
}
