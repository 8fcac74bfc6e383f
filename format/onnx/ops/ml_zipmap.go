package ops

import (
	"context"
	"fmt"
	"sort"

	"github.com/slipwayml/slipway/tensor"
)

// buildZipMap turns each row of class scores into a map from class label
// to score: a Sequence of Maps, keys sorted as onnxruntime's std::map
// keeps them.
func buildZipMap(n *Node) (Kernel, error) {
	labels := readLabels(n, "classlabels_int64s", "classlabels_strings")
	k := labels.len()
	if k == 0 {
		return nil, fmt.Errorf("no class labels")
	}
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		if labels.strings != nil {
			return labels.strings[order[a]] < labels.strings[order[b]]
		}
		return labels.ints[order[a]] < labels.ints[order[b]]
	})
	keys, err := labels.pick(order)
	if err != nil {
		return nil, err
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		x, rows, cols, err := features(t)
		if err != nil {
			return nil, err
		}
		if cols != k {
			return nil, fmt.Errorf("%d scores per row for %d class labels", cols, k)
		}
		seq := make(Sequence, rows)
		for i := range rows {
			v := make([]float32, k)
			for j, o := range order {
				v[j] = float32(x[i*cols+o])
			}
			vt, err := tensor.New([]int{k}, v)
			if err != nil {
				return nil, err
			}
			seq[i] = Map{Keys: keys, Values: vt}
		}
		return one(seq), nil
	}), nil
}
