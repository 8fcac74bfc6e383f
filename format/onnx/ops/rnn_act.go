package ops

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/internal/vmath"
)

// rnnAct is a named gate activation of the recurrent operators.
type rnnAct struct {
	name string
	f    func(float64) float64
}

// applyAct replaces each value of v by its activation. FP32 sigmoid and
// tanh, most of an LSTM's time after the products, take vector routines
// accurate to a few ULPs instead of FP64 calls.
func applyAct[T float](a rnnAct, v []T) {
	if v32, ok := any(v).([]float32); ok {
		switch a.name {
		case "Sigmoid":
			vmath.Sigmoid(v32)
			return
		case "Tanh":
			vmath.Tanh(v32)
			return
		}
	}
	for j, x := range v {
		v[j] = T(a.f(float64(x)))
	}
}

// rnnActivation returns a named activation with its alpha and beta.
func rnnActivation(name string, alpha, beta float64, hasAlpha, hasBeta bool) (func(float64) float64, error) {
	def := func(v float64, has bool, d float64) float64 {
		if has {
			return v
		}
		return d
	}
	switch name {
	case "Sigmoid":
		return sigmoid, nil
	case "Tanh":
		return math.Tanh, nil
	case "Relu":
		return func(x float64) float64 { return math.Max(x, 0) }, nil
	case "Softsign":
		return func(x float64) float64 { return x / (1 + math.Abs(x)) }, nil
	case "Softplus":
		return softplus, nil
	case "HardSigmoid":
		a, b := def(alpha, hasAlpha, 0.2), def(beta, hasBeta, 0.5)
		return func(x float64) float64 { return math.Max(0, math.Min(1, a*x+b)) }, nil
	case "LeakyRelu":
		a := def(alpha, hasAlpha, 0.01)
		return func(x float64) float64 {
			if x < 0 {
				return a * x
			}
			return x
		}, nil
	case "ThresholdedRelu":
		a := def(alpha, hasAlpha, 1)
		return func(x float64) float64 {
			if x > a {
				return x
			}
			return 0
		}, nil
	case "Elu":
		a := def(alpha, hasAlpha, 1)
		return func(x float64) float64 {
			if x < 0 {
				return a * (math.Exp(x) - 1)
			}
			return x
		}, nil
	case "Affine":
		a, b := def(alpha, hasAlpha, 1), def(beta, hasBeta, 0)
		return func(x float64) float64 { return a*x + b }, nil
	case "ScaledTanh":
		a, b := def(alpha, hasAlpha, 1), def(beta, hasBeta, 1)
		return func(x float64) float64 { return a * math.Tanh(b*x) }, nil
	}
	return nil, fmt.Errorf("unknown activation %q", name)
}
