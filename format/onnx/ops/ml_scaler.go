package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildScaler computes (x - offset) * scale per feature; a single offset or
// scale applies to every feature.
func buildScaler(n *Node) (Kernel, error) {
	offset, scale := widen[float32, float64](n.Floats("offset")), widen[float32, float64](n.Floats("scale"))
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		x, _, cols, err := features(t)
		if err != nil {
			return nil, err
		}
		at := func(v []float64, j int, def float64) (float64, error) {
			switch len(v) {
			case 0:
				return def, nil
			case 1:
				return v[0], nil
			case cols:
				return v[j], nil
			}
			return 0, fmt.Errorf("%d offsets or scales for %d features", len(v), cols)
		}
		out := make([]float64, len(x))
		for i, v := range x {
			o, err := at(offset, i%cols, 0)
			if err != nil {
				return nil, err
			}
			s, err := at(scale, i%cols, 1)
			if err != nil {
				return nil, err
			}
			out[i] = (v - o) * s
		}
		return result(float32s(t.Shape(), out))
	}), nil
}
