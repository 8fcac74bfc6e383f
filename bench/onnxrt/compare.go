package main

import (
	"fmt"
	"math"
	"slices"

	"github.com/slipwayml/slipway/model"
)

// tolerance is how far a float output may be from ONNX Runtime's:
// |got-want| ≤ tolerance·max(1, |want|). It is the 1e-4 of issue 4's
// acceptance; both sides sum in float32 but in different orders.
const tolerance = 1e-4

// compare checks that Slipway's outputs equal ONNX Runtime's: the same
// shapes, integer outputs (labels) exactly, floats within tolerance. It
// names the first difference, so a comparison of speeds is also one of
// answers.
func compare(got model.Tensors, want []ortTensor) error {
	for _, w := range want {
		g, ok := got[w.Name]
		if !ok {
			return fmt.Errorf("output %q: Slipway did not compute it", w.Name)
		}
		if !slices.Equal(g.Shape(), w.Dims) {
			return fmt.Errorf("output %q: shape %v, onnxruntime %v", w.Name, g.Shape(), w.Dims)
		}
		v, err := g.Float64s()
		if err != nil {
			return fmt.Errorf("output %q: %w", w.Name, err)
		}
		exact := !g.DType().IsFloat()
		for i, x := range w.Data {
			d := math.Abs(v[i] - x)
			if exact && d != 0 || !exact && !(d <= tolerance*max(1, math.Abs(x))) {
				return fmt.Errorf("output %q[%d]: %g, onnxruntime %g", w.Name, i, v[i], x)
			}
		}
	}
	return nil
}
