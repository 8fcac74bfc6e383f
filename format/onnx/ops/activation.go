package ops

import (
	"context"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// The activation functions; those with attributes read them at build time.

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

func softplus(x float64) float64 {
	if x > 30 {
		return x
	}
	return math.Log1p(math.Exp(x))
}

var (
	buildSigmoid   = unaryFloat(sigmoid)
	buildSoftplus  = unaryFloat(softplus)
	buildSoftsign  = unaryFloat(func(x float64) float64 { return x / (1 + math.Abs(x)) })
	buildMish      = unaryFloat(func(x float64) float64 { return x * math.Tanh(softplus(x)) })
	buildHardSwish = unaryFloat(func(x float64) float64 {
		return x * math.Max(0, math.Min(1, x/6+0.5))
	})
)

// buildRelu is max(x, 0); it is defined on signed integers too. It runs on
// every activation of a CNN, so float tensors take a loop of their own,
// without a branch (mispredicted on half the elements) or a call per
// element.
func buildRelu(n *Node) (Kernel, error) {
	general, err := signed(func(x int64) int64 { return max(x, 0) }, func(x float64) float64 { return max(x, 0) })(n)
	if err != nil {
		return nil, err
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		switch d := t.Data().(type) {
		case []float32:
			return result(tensor.New(t.Shape(), relu(d)))
		case []float64:
			return result(tensor.New(t.Shape(), relu(d)))
		}
		return general(ctx, in)
	}), nil
}

func relu[T float32 | float64](x []T) []T {
	out := make([]T, len(x))
	for i, v := range x {
		out[i] = max(v, 0)
	}
	return out
}

func buildLeakyRelu(n *Node) (Kernel, error) {
	alpha := float64(n.Float("alpha", 0.01))
	return floatKernel(func(x float64) float64 {
		if x < 0 {
			return alpha * x
		}
		return x
	}), nil
}

func buildElu(n *Node) (Kernel, error) {
	alpha := float64(n.Float("alpha", 1))
	return floatKernel(func(x float64) float64 {
		if x < 0 {
			return alpha * (math.Exp(x) - 1)
		}
		return x
	}), nil
}

func buildCelu(n *Node) (Kernel, error) {
	alpha := float64(n.Float("alpha", 1))
	return floatKernel(func(x float64) float64 {
		return math.Max(0, x) + math.Min(0, alpha*(math.Exp(x/alpha)-1))
	}), nil
}

func buildSelu(n *Node) (Kernel, error) {
	alpha := float64(n.Float("alpha", 1.67326319217681884765625))
	gamma := float64(n.Float("gamma", 1.05070102214813232421875))
	return floatKernel(func(x float64) float64 {
		if x <= 0 {
			return gamma * alpha * (math.Exp(x) - 1)
		}
		return gamma * x
	}), nil
}

func buildHardSigmoid(n *Node) (Kernel, error) {
	alpha, beta := float64(n.Float("alpha", 0.2)), float64(n.Float("beta", 0.5))
	return floatKernel(func(x float64) float64 { return math.Max(0, math.Min(1, alpha*x+beta)) }), nil
}

func buildThresholdedRelu(n *Node) (Kernel, error) {
	alpha := float64(n.Float("alpha", 1))
	return floatKernel(func(x float64) float64 {
		if x > alpha {
			return x
		}
		return 0
	}), nil
}

func buildShrink(n *Node) (Kernel, error) {
	bias, lambd := float64(n.Float("bias", 0)), float64(n.Float("lambd", 0.5))
	return floatKernel(func(x float64) float64 {
		switch {
		case x < -lambd:
			return x + bias
		case x > lambd:
			return x - bias
		}
		return 0
	}), nil
}

func buildGelu(n *Node) (Kernel, error) {
	if n.String("approximate", "none") == "tanh" {
		return floatKernel(func(x float64) float64 {
			return 0.5 * x * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x)))
		}), nil
	}
	return floatKernel(func(x float64) float64 { return 0.5 * x * (1 + math.Erf(x/math.Sqrt2)) }), nil
}

func buildSwish(n *Node) (Kernel, error) {
	alpha := float64(n.Float("alpha", 1))
	return floatKernel(func(x float64) float64 { return x * sigmoid(alpha*x) }), nil
}
