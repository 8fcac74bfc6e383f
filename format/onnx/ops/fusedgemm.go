package ops

import (
	"context"

	"github.com/slipwayml/slipway/tensor"
)

// buildFusedGemm is onnxruntime's com.microsoft::FusedGemm, which its
// optimizer leaves in saved models: Gemm followed by the activation named
// by the activation attribute.
func buildFusedGemm(n *Node) (Kernel, error) {
	gemm, err := buildGemm(n)
	if err != nil {
		return nil, err
	}
	name := n.String("activation", "")
	act := func(x float64) float64 { return x }
	if name != "" {
		alpha, beta := float64(n.Float("activation_alpha", 0)), float64(n.Float("activation_beta", 0))
		if act, err = rnnActivation(name, alpha, beta, n.Has("activation_alpha"), n.Has("activation_beta")); err != nil {
			return nil, err
		}
	}
	return func(ctx context.Context, in []Value) ([]Value, error) {
		out, err := gemm(ctx, in)
		if err != nil {
			return nil, err
		}
		return result(mapFloat(out[0].(*tensor.Tensor), act))
	}, nil
}
