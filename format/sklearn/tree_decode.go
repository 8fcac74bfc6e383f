package sklearn

import (
	"errors"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/format/pickle"
)

func init() {
	// Trees pickle as Tree(n_features, n_classes, n_outputs) plus a state
	// dict; decodeTree reads them from their owner's tree_ attribute.
	allowHelpers("sklearn.tree._tree.Tree")
}

// treeLeaf marks a leaf in scikit-learn's left_child and right_child.
const treeLeaf = -1

// decodeTree reads a pickled sklearn.tree._tree.Tree: REDUCE arguments
// (n_features, n_classes, n_outputs) and a state dict {node_count, nodes,
// values}. nFeatures is the estimator's input width, or -1 to take the
// tree's own. The pickle is untrusted, so every child must come after its
// parent (scikit-learn numbers nodes that way; it rules out loops) and every
// feature index must be inside the input.
func decodeTree(v any, nFeatures int) (*tree, error) {
	o, ok := v.(*pickle.Object)
	if !ok || o.Class.String() != "sklearn.tree._tree.Tree" {
		return nil, fmt.Errorf("tree_: expected a sklearn.tree._tree.Tree, found %v", v)
	}
	if len(o.Args) != 3 {
		return nil, fmt.Errorf("tree_: Tree takes (n_features, n_classes, n_outputs), got %d arguments", len(o.Args))
	}
	treeFeatures, ok1 := o.Args[0].(int64)
	nOutputs, ok2 := o.Args[2].(int64)
	if !ok1 || !ok2 || treeFeatures < 1 || treeFeatures > math.MaxInt32 || nOutputs < 1 {
		return nil, fmt.Errorf("tree_: bad Tree arguments n_features=%v n_outputs=%v", o.Args[0], o.Args[2])
	}
	if nFeatures >= 0 && int(treeFeatures) != nFeatures {
		return nil, fmt.Errorf("tree_: tree has %d features, the estimator %d", treeFeatures, nFeatures)
	}
	s := state{o}
	count, err := s.int("node_count")
	if err != nil {
		return nil, fmt.Errorf("tree_: %w", err)
	}
	if count < 1 || count > math.MaxInt32 {
		return nil, fmt.Errorf("tree_: node_count %d out of range", count)
	}
	values, shape, err := s.floats("values")
	if err != nil {
		return nil, fmt.Errorf("tree_: %w", err)
	}
	if len(shape) != 3 || shape[0] != count || shape[1] != int(nOutputs) || shape[2] < 1 {
		return nil, fmt.Errorf("tree_: values has shape %v, want [%d %d classes]", shape, count, nOutputs)
	}
	nodes, err := s.array("nodes")
	if err != nil {
		return nil, fmt.Errorf("tree_: %w", err)
	}
	cols, err := readNodes(nodes, count)
	if err != nil {
		return nil, fmt.Errorf("tree_: nodes: %w", err)
	}
	t := &tree{nodes: make([]node, count), width: shape[1] * shape[2], nFeatures: int(treeFeatures)}
	for i := range t.nodes {
		l, r, f := cols.left[i], cols.right[i], cols.feature[i]
		if l == treeLeaf || r == treeLeaf {
			if l != r {
				return nil, fmt.Errorf("tree_: node %d has one child (%d, %d)", i, l, r)
			}
			t.nodes[i] = node{feature: -1, left: int32(len(t.values))}
			t.values = append(t.values, values[i*t.width:(i+1)*t.width]...)
			continue
		}
		if l <= int64(i) || l >= int64(count) || r <= int64(i) || r >= int64(count) {
			return nil, fmt.Errorf("tree_: node %d has children %d and %d outside (%d, %d)", i, l, r, i, count)
		}
		if f < 0 || f >= treeFeatures {
			return nil, fmt.Errorf("tree_: node %d splits on feature %d of %d", i, f, treeFeatures)
		}
		t.nodes[i] = node{
			threshold:   cols.threshold[i],
			feature:     int32(f),
			left:        int32(l),
			right:       int32(r),
			missingLeft: cols.missingLeft != nil && cols.missingLeft[i] != 0,
		}
	}
	return t, nil
}

// nodeColumns are the fields of Tree's node array that prediction needs.
type nodeColumns struct {
	left, right, feature []int64
	threshold            []float64
	missingLeft          []int64 // nil before scikit-learn 1.3
}

func readNodes(a *pickle.Array, count int) (nodeColumns, error) {
	if len(a.Shape) != 1 || a.Shape[0] != count {
		return nodeColumns{}, fmt.Errorf("shape %v, want [%d] (node_count)", a.Shape, count)
	}
	var c nodeColumns
	for _, col := range []struct {
		name string
		dst  *[]int64
	}{{"left_child", &c.left}, {"right_child", &c.right}, {"feature", &c.feature}} {
		f, err := a.Field(col.name)
		if err != nil {
			return c, err
		}
		if *col.dst, err = f.Int64s(); err != nil {
			return c, fmt.Errorf("%s: %w", col.name, err)
		}
	}
	f, err := a.Field("threshold")
	if err != nil {
		return c, err
	}
	if c.threshold, err = f.Float64s(); err != nil {
		return c, fmt.Errorf("threshold: %w", err)
	}
	switch f, err = a.Field("missing_go_to_left"); {
	case errors.Is(err, pickle.ErrNoField):
	case err != nil:
		return c, err
	default:
		if c.missingLeft, err = f.Int64s(); err != nil {
			return c, fmt.Errorf("missing_go_to_left: %w", err)
		}
	}
	return c, nil
}
