package savedmodel

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// binaryOp is an element-wise op on two broadcast tensors of one type,
// computed in float64 and rounded to the type: exact for float32's +, -, *
// and /, whose double rounding is harmless.
func binaryOp(f func(x, y float64) float64) *kernel {
	return tensorKernel(2, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		if in[0].DType() != in[1].DType() {
			return nil, fmt.Errorf("operands are %v and %v", in[0].DType(), in[1].DType())
		}
		shape, out, err := broadcast2(in[0], in[1], f)
		if err != nil {
			return nil, err
		}
		return fromFloat64(in[0].DType(), shape, out)
	})
}

// compareOp is an element-wise comparison with a bool result.
func compareOp(f func(x, y float64) bool) *kernel {
	return tensorKernel(2, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		return compare(in[0], in[1], f)
	})
}

func compare(a, b *tensor.Tensor, f func(x, y float64) bool) (*tensor.Tensor, error) {
	shape, out, err := broadcast2(a, b, func(x, y float64) float64 {
		if f(x, y) {
			return 1
		}
		return 0
	})
	if err != nil {
		return nil, err
	}
	return fromFloat64(tensor.Bool, shape, out)
}

func broadcast2(a, b *tensor.Tensor, f func(x, y float64) float64) ([]int, []float64, error) {
	shape, err := broadcastShape(a.Shape(), b.Shape())
	if err != nil {
		return nil, nil, err
	}
	if _, err := checkSize(shape); err != nil {
		return nil, nil, err
	}
	x, err := asFloat64(a)
	if err != nil {
		return nil, nil, err
	}
	y, err := asFloat64(b)
	if err != nil {
		return nil, nil, err
	}
	ia, ib := broadcastIndex(shape, a.Shape()), broadcastIndex(shape, b.Shape())
	out := make([]float64, len(ia))
	for i := range out {
		out[i] = f(x[ia[i]], y[ib[i]])
	}
	return shape, out, nil
}

// unaryOp is an element-wise op on a numeric tensor.
func unaryOp(f func(x float64) float64) *kernel {
	return tensorKernel(1, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		x, err := asFloat64(in[0])
		if err != nil {
			return nil, err
		}
		return fromFloat64(in[0].DType(), in[0].Shape(), convert(x, f))
	})
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func relu(x float64) float64 { return max(x, 0) }

// reciprocal is Reciprocal and its older name Inv.
func reciprocal(x float64) float64 { return 1 / x }

func elu(x float64) float64 {
	if x < 0 {
		return math.Expm1(x)
	}
	return x
}

func selu(x float64) float64 {
	const alpha, scale = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
	if x < 0 {
		return scale * alpha * math.Expm1(x)
	}
	return scale * x
}

func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x
}

// floorDiv is TensorFlow's FloorDiv: integer division rounding down.
func floorDiv(x, y float64) float64 { return math.Floor(x / y) }

// floorMod is TensorFlow's FloorMod: the remainder takes the divisor's sign.
func floorMod(x, y float64) float64 {
	m := math.Mod(x, y)
	if m != 0 && (m < 0) != (y < 0) {
		m += y
	}
	return m
}

// squaredDifference is (x-y)².
func squaredDifference(x, y float64) float64 { return (x - y) * (x - y) }
