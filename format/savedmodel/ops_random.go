package savedmodel

import (
	"fmt"
	"math/rand/v2"

	"github.com/slipwayml/slipway/tensor"
)

// randomOp is RandomUniform, RandomStandardNormal and TruncatedNormal.
// They appear in variable initializers that TF1 init ops may run; the
// values cannot match TensorFlow's Philox generator, so a model whose
// outputs depend on them cannot be reproduced anyway.
func randomOp(draw func(r *rand.Rand) float64) *kernel {
	return tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		shape, err := asInts(in[0])
		if err != nil {
			return nil, fmt.Errorf("shape: %w", err)
		}
		n, err := checkSize(shape)
		if err != nil {
			return nil, err
		}
		dt, err := c.attrType("dtype")
		if err != nil {
			return nil, err
		}
		r := rand.New(rand.NewPCG(uint64(c.attrInt("seed", 0)), uint64(c.attrInt("seed2", 0))))
		out := make([]float64, n)
		for i := range out {
			out[i] = draw(r)
		}
		return fromFloat64(dt, shape, out)
	})
}

// truncatedNormal redraws standard normal values beyond two standard
// deviations, as TensorFlow's TruncatedNormal does.
func truncatedNormal(r *rand.Rand) float64 {
	for {
		if x := r.NormFloat64(); x > -2 && x < 2 {
			return x
		}
	}
}
