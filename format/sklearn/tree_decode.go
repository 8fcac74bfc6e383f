package sklearn

import (
	"errors"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/format/pickle"
)

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
		f, err := field(a, col.name)
		if err != nil {
			return c, err
		}
		if *col.dst, err = f.Int64s(); err != nil {
			return c, fmt.Errorf("%s: %w", col.name, err)
		}
	}
	f, err := field(a, "threshold")
	if err != nil {
		return c, err
	}
	if c.threshold, err = f.Float64s(); err != nil {
		return c, fmt.Errorf("threshold: %w", err)
	}
	switch f, err = field(a, "missing_go_to_left"); {
	case errors.Is(err, errNoField):
	case err != nil:
		return c, err
	default:
		if c.missingLeft, err = f.Int64s(); err != nil {
			return c, fmt.Errorf("missing_go_to_left: %w", err)
		}
	}
	return c, nil
}

var errNoField = errors.New("no field")

// field returns one field of a structured array as a plain array of the
// same shape, so the node layouts of every scikit-learn version read alike.
func field(a *pickle.Array, name string) (*pickle.Array, error) {
	if a.Dtype == nil || a.Dtype.Kind != 'V' {
		return nil, fmt.Errorf("field %s: not a structured array", name)
	}
	rec, n := a.Dtype.ItemSize, a.Len()
	if rec <= 0 || len(a.Data) != n*rec {
		return nil, fmt.Errorf("field %s: array has %d bytes, %d records of %d bytes need %d", name, len(a.Data), n, rec, n*rec)
	}
	for _, f := range a.Dtype.Fields {
		if f.Name != name {
			continue
		}
		if f.Dtype == nil || f.Dtype.ItemSize <= 0 || f.Offset < 0 || f.Offset+f.Dtype.ItemSize > rec {
			return nil, fmt.Errorf("field %s: bad layout in a %d-byte record", name, rec)
		}
		size := f.Dtype.ItemSize
		data := make([]byte, 0, n*size)
		for i := 0; i < n; i++ {
			start := i*rec + f.Offset
			data = append(data, a.Data[start:start+size]...)
		}
		return &pickle.Array{Dtype: f.Dtype, Shape: append([]int(nil), a.Shape...), Data: data}, nil
	}
	return nil, fmt.Errorf("%w %s", errNoField, name)
}
