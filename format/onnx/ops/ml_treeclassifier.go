package ops

import (
	"context"
	"errors"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

var errBadTargets = errors.New("n_targets must be positive")

// buildTreeEnsembleClassifier sums the class weights of the leaves reached
// and labels each row with the best class. When all weights go to one
// class of two (a binary boosted model), its score s becomes the pair
// [1-s, s] for positive weights or [-s, s] otherwise, as onnxruntime does.
func buildTreeEnsembleClassifier(n *Node) (Kernel, error) {
	labels := readLabels(n, "classlabels_int64s", "classlabels_strings")
	classes := labels.len()
	if classes == 0 {
		return nil, fmt.Errorf("no class labels")
	}
	f, err := readForest(n, "class_", classes)
	if err != nil {
		return nil, err
	}
	post, err := parsePost(n)
	if err != nil {
		return nil, err
	}
	base, err := floatsOrTensor(n, "base_values")
	if err != nil {
		return nil, err
	}
	ids := map[int]bool{}
	positive := true
	for _, w := range f.weights {
		ids[w.target] = true
		positive = positive && w.w >= 0
	}
	binary := classes == 2 && len(ids) == 1
	var scoreClass int
	for id := range ids {
		scoreClass = id
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		x, rows, cols, err := features(t)
		if err != nil {
			return nil, err
		}
		s, _, err := f.scores(x, rows, cols, aggSum, nil)
		if err != nil {
			return nil, err
		}
		idx := make([]int, rows)
		for r := range rows {
			row := s[r*classes : (r+1)*classes]
			if binary {
				v := row[scoreClass]
				if len(base) > 0 {
					v += base[min(scoreClass, len(base)-1)]
				}
				if positive {
					row[0], row[1] = 1-v, v
					if v > 0.5 {
						idx[r] = 1
					}
				} else {
					row[0], row[1] = -v, v
					if v > 0 {
						idx[r] = 1
					}
					post.apply(row)
				}
				continue
			}
			for c := range row {
				if c < len(base) {
					row[c] += base[c]
				}
			}
			idx[r] = argmax(row)
			post.apply(row)
		}
		return labels.outputs(idx, rows, classes, s)
	}), nil
}
