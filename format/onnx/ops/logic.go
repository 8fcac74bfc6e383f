package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

func isBool(dt tensor.DType) bool { return dt == tensor.Bool }

func buildLogic(f func(x, y bool) bool) func(*Node) (Kernel, error) {
	return func(n *Node) (Kernel, error) {
		if err := n.checkTypes([]int{0, 1}, isBool, "BOOL"); err != nil {
			return nil, err
		}
		return withInput(func(ctx context.Context, a *tensor.Tensor, in []Value) ([]Value, error) {
			b, err := arg(in, 1)
			if err != nil {
				return nil, err
			}
			return result(binary(a, b, f))
		}), nil
	}
}

var (
	buildAnd = buildLogic(func(x, y bool) bool { return x && y })
	buildOr  = buildLogic(func(x, y bool) bool { return x || y })
	buildXor = buildLogic(func(x, y bool) bool { return x != y })
)

func buildNot(n *Node) (Kernel, error) {
	if err := n.checkTypes([]int{0}, isBool, "BOOL"); err != nil {
		return nil, err
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		d, ok := tensor.Values[bool](t)
		if !ok {
			return nil, fmt.Errorf("want a BOOL tensor, got %v", t.DType())
		}
		out := make([]bool, len(d))
		for i, x := range d {
			out[i] = !x
		}
		return result(tensor.New(t.Shape(), out))
	}), nil
}

// floatTest builds IsNaN and IsInf: a predicate on float elements.
func floatTest(f func(x float64) bool) Kernel {
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		if !t.DType().IsFloat() {
			return nil, fmt.Errorf("want a float tensor, got %v", t.DType())
		}
		v, err := t.Float64s()
		if err != nil {
			return nil, err
		}
		out := make([]bool, len(v))
		for i, x := range v {
			out[i] = f(x)
		}
		return result(tensor.New(t.Shape(), out))
	})
}

func buildIsNaN(*Node) (Kernel, error) { return floatTest(math.IsNaN), nil }

func buildIsInf(n *Node) (Kernel, error) {
	pos, neg := n.Int("detect_positive", 1) != 0, n.Int("detect_negative", 1) != 0
	return floatTest(func(x float64) bool { return pos && math.IsInf(x, 1) || neg && math.IsInf(x, -1) }), nil
}
