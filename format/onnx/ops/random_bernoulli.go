package ops

import (
	"fmt"
	"math/rand/v2"

	"github.com/slipwayml/slipway/tensor"
)

// buildBernoulli draws 1 with the probability its input gives for each
// element and 0 otherwise, in dtype (default: the input's).
func buildBernoulli(n *Node) (Kernel, error) {
	dt, err := optionalDType(n, "dtype")
	if err != nil {
		return nil, err
	}
	if dt == tensor.String {
		return nil, fmt.Errorf("dtype %v cannot hold 0 and 1", dt)
	}
	if err := n.checkTypes([]int{0}, tensor.DType.IsFloat, "a floating-point type"); err != nil {
		return nil, err
	}
	return withRandomInput(n, func(r *rand.Rand, t *tensor.Tensor) ([]Value, error) {
		if !t.DType().IsFloat() {
			return nil, fmt.Errorf("input is %v, want probabilities in a floating-point type", t.DType())
		}
		p, err := t.Float64s()
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(p))
		for i, pi := range p {
			if !(pi >= 0 && pi <= 1) {
				return nil, fmt.Errorf("probability %v at index %d is outside [0, 1]", pi, i)
			}
			if r.Float64() < pi {
				out[i] = 1
			}
		}
		to := dt
		if to == tensor.Invalid {
			to = t.DType()
		}
		return result(fromFloat64s(to, t.Shape(), out))
	}), nil
}
