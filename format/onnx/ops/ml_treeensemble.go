package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// buildTreeEnsemble is ai.onnx.ml opset 5's TreeEnsemble: interior nodes
// indexed from 0, children either nodes or leaves (nodes_*leafs), leaves
// carrying one target weight each, modes and splits as tensors, and
// set-membership branches.
func buildTreeEnsemble(n *Node) (Kernel, error) {
	feats, trueIDs, falseIDs := n.Ints("nodes_featureids"), n.Ints("nodes_truenodeids"), n.Ints("nodes_falsenodeids")
	trueLeaf, falseLeaf, missing := n.Ints("nodes_trueleafs"), n.Ints("nodes_falseleafs"), n.Ints("nodes_missing_value_tracks_true")
	targetIDs, roots := n.Ints("leaf_targetids"), n.Ints("tree_roots")
	targets := int(n.Int("n_targets", 0))
	var splits, weights, members []float64
	var modes []int64
	for _, p := range []struct {
		name string
		dst  *[]float64
	}{{"nodes_splits", &splits}, {"leaf_weights", &weights}, {"membership_values", &members}} {
		if t := n.Tensor(p.name); t != nil {
			var err error
			if *p.dst, err = t.Float64s(); err != nil {
				return nil, fmt.Errorf("%s: %w", p.name, err)
			}
		}
	}
	if t := n.Tensor("nodes_modes"); t != nil {
		var err error
		if modes, err = bits(t); err != nil {
			return nil, fmt.Errorf("nodes_modes: %w", err)
		}
	}
	count := len(splits)
	for _, l := range [][]int64{feats, trueIDs, falseIDs, trueLeaf, falseLeaf, modes} {
		if len(l) != count {
			return nil, fmt.Errorf("nodes_* attributes differ in length")
		}
	}
	if missing != nil && len(missing) != count || len(targetIDs) != len(weights) || targets <= 0 {
		return nil, fmt.Errorf("leaf_* or nodes_missing_value_tracks_true attributes are inconsistent")
	}
	f := &forest{nodes: make([]treeNode, count+len(weights)), targets: targets}
	for j, t := range targetIDs {
		if t < 0 || t >= int64(targets) {
			return nil, fmt.Errorf("leaf target %d is out of range for %d targets", t, targets)
		}
		f.weights = append(f.weights, leafWeight{target: int(t), w: weights[j]})
		f.nodes[count+j] = treeNode{mode: leafNode, next: [2]int{j, j + 1}}
	}
	child := func(id, leaf int64) (int, error) {
		if leaf != 0 {
			id += int64(count)
		}
		if id < 0 || id >= int64(len(f.nodes)) {
			return 0, fmt.Errorf("child %d does not exist", id)
		}
		return int(id), nil
	}
	for i := range count {
		nd := &f.nodes[i]
		if modes[i] < 0 || modes[i] > int64(branchMember) {
			return nil, fmt.Errorf("node %d: mode %d", i, modes[i])
		}
		if feats[i] < 0 || feats[i] >= tensor.MaxElements {
			return nil, fmt.Errorf("node %d: feature %d", i, feats[i])
		}
		nd.mode, nd.value, nd.feature = uint8(modes[i]), splits[i], int(feats[i])
		nd.missingTrue = missing != nil && missing[i] != 0
		f.features = max(f.features, nd.feature+1)
		var err error
		if nd.next[0], err = child(trueIDs[i], trueLeaf[i]); err != nil {
			return nil, err
		}
		if nd.next[1], err = child(falseIDs[i], falseLeaf[i]); err != nil {
			return nil, err
		}
		if nd.mode == branchMember {
			// Each member node takes the values up to the next NaN.
			for len(members) > 0 && !math.IsNaN(members[0]) {
				nd.members, members = append(nd.members, members[0]), members[1:]
			}
			if len(members) > 0 {
				members = members[1:]
			}
		}
	}
	for _, r := range roots {
		if r < 0 || r >= int64(count) {
			return nil, fmt.Errorf("tree root %d does not exist", r)
		}
		f.roots = append(f.roots, int(r))
	}
	if err := f.prepare(); err != nil {
		return nil, err
	}
	agg := [...]aggregate{0: aggAverage, 1: aggSum, 2: aggMin, 3: aggMax}
	a := n.Int("aggregate_function", 1)
	post := n.Int("post_transform", 0)
	if a < 0 || a > 3 || post < 0 || post > 4 {
		return nil, fmt.Errorf("aggregate_function %d or post_transform %d is out of range", a, post)
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		x, rows, cols, err := features(t)
		if err != nil {
			return nil, err
		}
		s, _, err := f.scores(x, rows, cols, agg[a], nil)
		if err != nil {
			return nil, err
		}
		for r := range rows {
			postTransform(post).apply(s[r*targets : (r+1)*targets])
		}
		out, err := tensor.New([]int{rows, targets}, s)
		if err != nil {
			return nil, err
		}
		return result(Cast(out, t.DType()))
	}), nil
}
