package perf

import (
	"fmt"

	"github.com/slipwayml/slipway/model"
)

// Batch returns inputs resized to n rows by repeating their rows in order,
// so a one-row example can be measured at any batch size. Every input must
// have its rows along the first axis.
func Batch(inputs model.Tensors, n int) (model.Tensors, error) {
	out := make(model.Tensors, len(inputs))
	for name, t := range inputs {
		if len(t.Shape()) == 0 || t.Shape()[0] == 0 {
			return nil, fmt.Errorf("input %s has no rows to repeat (shape %v)", name, t.Shape())
		}
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i % t.Shape()[0]
		}
		r, err := t.Rows(idx)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", name, err)
		}
		out[name] = r
	}
	return out, nil
}
