package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// mapFloat applies f to every element of a float tensor, computing in
// float64 and rounding back to the tensor's type; FP16 goes through FP32.
func mapFloat(t *tensor.Tensor, f func(float64) float64) (*tensor.Tensor, error) {
	switch d := t.Data().(type) {
	case []float32:
		out := make([]float32, len(d))
		for i, x := range d {
			out[i] = float32(f(float64(x)))
		}
		return tensor.New(t.Shape(), out)
	case []float64:
		out := make([]float64, len(d))
		for i, x := range d {
			out[i] = f(x)
		}
		return tensor.New(t.Shape(), out)
	}
	if t.DType() == tensor.Float16 {
		f32, err := Cast(t, tensor.Float32)
		if err != nil {
			return nil, err
		}
		r, err := mapFloat(f32, f)
		if err != nil {
			return nil, err
		}
		return Cast(r, tensor.Float16)
	}
	return nil, fmt.Errorf("want a float tensor, got %v", t.DType())
}

// unaryFloat builds a kernel applying f element-wise to float tensors.
func unaryFloat(f func(float64) float64) func(*Node) (Kernel, error) {
	return func(n *Node) (Kernel, error) {
		if err := n.checkTypes([]int{0}, tensor.DType.IsFloat, "a float"); err != nil {
			return nil, err
		}
		return floatKernel(f), nil
	}
}

func floatKernel(f func(float64) float64) Kernel {
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		return result(mapFloat(t, f))
	})
}

// mapNumber applies f to every element of a numeric tensor of any type.
func mapNumber[T number](t *tensor.Tensor, f func(T) T) (*tensor.Tensor, error) {
	d, _ := tensor.Values[T](t)
	out := make([]T, len(d))
	for i, x := range d {
		out[i] = f(x)
	}
	return tensor.New(t.Shape(), out)
}

// signed builds Abs, Neg and Sign, defined on every numeric type: fi for
// integers and f for floats.
func signed(fi func(int64) int64, f func(float64) float64) func(*Node) (Kernel, error) {
	return func(*Node) (Kernel, error) {
		return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
			if t.DType().IsFloat() {
				return result(mapFloat(t, f))
			}
			switch t.DType() {
			case tensor.Int8:
				return result(mapNumber(t, func(x int8) int8 { return int8(fi(int64(x))) }))
			case tensor.Int16:
				return result(mapNumber(t, func(x int16) int16 { return int16(fi(int64(x))) }))
			case tensor.Int32:
				return result(mapNumber(t, func(x int32) int32 { return int32(fi(int64(x))) }))
			case tensor.Int64:
				return result(mapNumber(t, fi))
			case tensor.Uint8:
				return result(mapNumber(t, func(x uint8) uint8 { return uint8(fi(int64(x))) }))
			case tensor.Uint16:
				return result(mapNumber(t, func(x uint16) uint16 { return uint16(fi(int64(x))) }))
			case tensor.Uint32:
				return result(mapNumber(t, func(x uint32) uint32 { return uint32(fi(int64(x))) }))
			case tensor.Uint64:
				return result(mapNumber(t, func(x uint64) uint64 { return uint64(fi(int64(x))) }))
			}
			return nil, fmt.Errorf("want a numeric tensor, got %v", t.DType())
		}), nil
	}
}

var (
	buildAbs = signed(func(x int64) int64 {
		if x < 0 {
			return -x
		}
		return x
	}, math.Abs)
	buildNeg  = signed(func(x int64) int64 { return -x }, func(x float64) float64 { return -x })
	buildSign = signed(func(x int64) int64 { return int64(sign(float64(x))) }, sign)
)

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x // 0 or NaN
}

// The element-wise math functions on floats.
var (
	buildAcos       = unaryFloat(math.Acos)
	buildAcosh      = unaryFloat(math.Acosh)
	buildAsin       = unaryFloat(math.Asin)
	buildAsinh      = unaryFloat(math.Asinh)
	buildAtan       = unaryFloat(math.Atan)
	buildAtanh      = unaryFloat(math.Atanh)
	buildCeil       = unaryFloat(math.Ceil)
	buildCos        = unaryFloat(math.Cos)
	buildCosh       = unaryFloat(math.Cosh)
	buildErf        = unaryFloat(math.Erf)
	buildExp        = unaryFloat(math.Exp)
	buildFloor      = unaryFloat(math.Floor)
	buildLog        = unaryFloat(math.Log)
	buildReciprocal = unaryFloat(func(x float64) float64 { return 1 / x })
	buildRound      = unaryFloat(math.RoundToEven)
	buildSin        = unaryFloat(math.Sin)
	buildSinh       = unaryFloat(math.Sinh)
	buildSqrt       = unaryFloat(math.Sqrt)
	buildTan        = unaryFloat(math.Tan)
	buildTanh       = unaryFloat(math.Tanh)
)
