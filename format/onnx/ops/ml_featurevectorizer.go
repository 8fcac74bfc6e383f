package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildFeatureVectorizer concatenates its [N, Ci] inputs into [N, ΣCi]
// FP32 features, each input padded with zeros or cut to its
// inputdimensions entry.
func buildFeatureVectorizer(n *Node) (Kernel, error) {
	dims := n.Ints("inputdimensions")
	return func(ctx context.Context, in []Value) ([]Value, error) {
		if len(dims) != len(in) {
			return nil, fmt.Errorf("%d inputs for %d input dimensions", len(in), len(dims))
		}
		rows := -1
		total := 0
		parts := make([][]float64, len(in))
		widths := make([]int, len(in))
		for i := range in {
			t, err := arg(in, i)
			if err != nil {
				return nil, err
			}
			x, err := t.Float64s()
			if err != nil {
				return nil, err
			}
			r := 1
			if s := t.Shape(); len(s) > 1 {
				r = s[0]
			}
			if rows >= 0 && r != rows {
				return nil, fmt.Errorf("input %d has %d rows, input 0 has %d", i, r, rows)
			}
			rows, parts[i], widths[i] = r, x, len(x)/max(r, 1)
			if dims[i] < 0 || dims[i] > tensor.MaxElements {
				return nil, fmt.Errorf("input dimension %d is %d", i, dims[i])
			}
			total += int(dims[i])
		}
		if _, err := numElements([]int{rows, total}); err != nil {
			return nil, err
		}
		out := make([]float64, rows*total)
		for r := range rows {
			off := r * total
			for i, x := range parts {
				copy(out[off:off+min(int(dims[i]), widths[i])], x[r*widths[i]:(r+1)*widths[i]])
				off += int(dims[i])
			}
		}
		return result(float32s([]int{rows, total}, out))
	}, nil
}
