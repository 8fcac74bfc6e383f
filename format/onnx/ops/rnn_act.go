package ops

import (
	"fmt"
	"math"
)

// rnnAct is a named gate activation of the recurrent operators.
type rnnAct struct {
	name string
	f    func(float64) float64
}

// applyAct replaces each value of v by its activation. FP32 sigmoid and
// tanh, most of an LSTM's time after the products, take single-precision
// loops accurate to a few ULPs instead of FP64 calls.
func applyAct[T float](a rnnAct, v []T) {
	if v32, ok := any(v).([]float32); ok {
		switch a.name {
		case "Sigmoid":
			for j, x := range v32 {
				v32[j] = sigmoid32(x)
			}
			return
		case "Tanh":
			for j, x := range v32 {
				v32[j] = tanh32(x)
			}
			return
		}
	}
	for j, x := range v {
		v[j] = T(a.f(float64(x)))
	}
}

// exp32 is e^x in single precision: x = n·ln2 + r with |r| ≤ ln2/2, and
// e^r from a degree-6 polynomial (Cephes' expf coefficients). Arguments
// are clamped to where the result is a normal float.
func exp32(x float32) float32 {
	x = min(max(x, -87), 88)
	// Adding and taking away 1.5·2^23 rounds to the nearest integer.
	n := (x*math.Log2E + 0x1.8p23) - 0x1.8p23
	r := x - n*0.693359375 + n*2.12194440e-4
	p := float32(1.9875691500e-4)
	p = p*r + 1.3981999507e-3
	p = p*r + 8.3334519073e-3
	p = p*r + 4.1665795894e-2
	p = p*r + 1.6666665459e-1
	p = p*r + 5.0000001201e-1
	y := p*r*r + r + 1
	return y * math.Float32frombits(uint32(int32(n)+127)<<23)
}

func sigmoid32(x float32) float32 { return 1 / (1 + exp32(-x)) }

// tanh32 uses 1 - 2/(e^2|x| + 1) away from 0, and near 0, where that
// cancels, Cephes' odd polynomial.
func tanh32(x float32) float32 {
	a := x
	if a < 0 {
		a = -a
	}
	if a > 0.625 {
		t := 1 - 2/(exp32(2*a)+1)
		if x < 0 {
			t = -t
		}
		return t
	}
	z := x * x
	p := float32(-5.70498872745e-3)
	p = p*z + 2.06390887954e-2
	p = p*z - 5.37397155531e-2
	p = p*z + 1.33314422036e-1
	p = p*z - 3.33332819422e-1
	return p*z*x + x
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
