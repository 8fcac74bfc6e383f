package ops

import (
	"context"

	"github.com/slipwayml/slipway/tensor"
)

// buildTreeEnsembleRegressor aggregates the leaf weights of each target.
func buildTreeEnsembleRegressor(n *Node) (Kernel, error) {
	targets := int(n.Int("n_targets", 1))
	if targets <= 0 {
		return nil, errBadTargets
	}
	f, err := readForest(n, "target_", targets)
	if err != nil {
		return nil, err
	}
	agg, err := readAggregate(n)
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
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		x, rows, cols, err := features(t)
		if err != nil {
			return nil, err
		}
		s, _, err := f.scores(x, rows, cols, agg, base)
		if err != nil {
			return nil, err
		}
		for r := range rows {
			post.apply(s[r*targets : (r+1)*targets])
		}
		return result(float32s([]int{rows, targets}, s))
	}), nil
}
