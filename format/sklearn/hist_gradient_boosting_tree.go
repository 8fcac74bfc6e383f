package sklearn

import (
	"errors"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/format/pickle"
)

func init() {
	// A fitted HistGradientBoosting estimator holds one TreePredictor per
	// tree and its _BinMapper; only the predictors' nodes are read.
	allowHelpers(
		"sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
		"sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
	)
}

// histNode is one node of a TreePredictor. Leaves have feature -1.
type histNode struct {
	value       float64 // a leaf's value, learning rate included
	threshold   float64 // num_threshold
	feature     int32
	left, right int32
	missingLeft bool
}

// histTree is a TreePredictor. Unlike the trees of sklearn.tree it compares
// float64 features with float64 thresholds.
type histTree []histNode

// predict follows x from the root: NaN goes where the training data's
// missing values went, anything else left when it is <= the threshold.
func (t histTree) predict(x []float64) float64 {
	n := &t[0]
	for n.feature >= 0 {
		v := x[n.feature]
		if v <= n.threshold || math.IsNaN(v) && n.missingLeft {
			n = &t[n.left]
		} else {
			n = &t[n.right]
		}
	}
	return n.value
}

// decodeHistTree reads a TreePredictor's nodes, a structured array. The
// pickle is untrusted: every child must come after its parent (so there are
// no loops) and every feature must be one of the nf inputs.
func decodeHistTree(v any, nf int) (histTree, error) {
	o, ok := v.(*pickle.Object)
	if !ok || o.Class.Name != "TreePredictor" {
		return nil, fmt.Errorf("expected a TreePredictor, found %v", v)
	}
	a, err := state{o}.array("nodes")
	if err != nil {
		return nil, err
	}
	if len(a.Shape) != 1 || a.Shape[0] < 1 || a.Shape[0] > math.MaxInt32 {
		return nil, fmt.Errorf("nodes has shape %v, want [count]", a.Shape)
	}
	cols, err := readHistNodes(a)
	if err != nil {
		return nil, fmt.Errorf("nodes: %w", err)
	}
	count := int64(a.Shape[0])
	t := make(histTree, count)
	for i := range t {
		if cols.categorical != nil && cols.categorical[i] != 0 {
			return nil, fmt.Errorf("node %d splits a categorical feature; categorical features are not supported", i)
		}
		if cols.leaf[i] != 0 {
			t[i] = histNode{value: cols.value[i], feature: -1}
			continue
		}
		l, r, f := cols.left[i], cols.right[i], cols.feature[i]
		if l <= int64(i) || l >= count || r <= int64(i) || r >= count {
			return nil, fmt.Errorf("node %d has children %d and %d outside (%d, %d)", i, l, r, i, count)
		}
		if f < 0 || f >= int64(nf) {
			return nil, fmt.Errorf("node %d splits on feature %d of %d", i, f, nf)
		}
		t[i] = histNode{
			threshold:   cols.threshold[i],
			feature:     int32(f),
			left:        int32(l),
			right:       int32(r),
			missingLeft: cols.missingLeft[i] != 0,
		}
	}
	return t, nil
}

// histColumns are the fields of a TreePredictor's nodes that prediction
// needs.
type histColumns struct {
	left, right, feature, missingLeft, leaf []int64
	categorical                             []int64 // nil before scikit-learn 0.24
	value, threshold                        []float64
}

func readHistNodes(a *pickle.Array) (histColumns, error) {
	var c histColumns
	for _, col := range []struct {
		name string
		dst  *[]int64
	}{
		{"left", &c.left}, {"right", &c.right}, {"feature_idx", &c.feature},
		{"missing_go_to_left", &c.missingLeft}, {"is_leaf", &c.leaf}, {"is_categorical", &c.categorical},
	} {
		f, err := a.Field(col.name)
		if col.dst == &c.categorical && errors.Is(err, pickle.ErrNoField) {
			continue
		}
		if err != nil {
			return c, err
		}
		if *col.dst, err = f.Int64s(); err != nil {
			return c, fmt.Errorf("%s: %w", col.name, err)
		}
	}
	for _, col := range []struct {
		name string
		dst  *[]float64
	}{{"value", &c.value}, {"num_threshold", &c.threshold}} {
		f, err := a.Field(col.name)
		if err != nil {
			return c, err
		}
		if *col.dst, err = f.Float64s(); err != nil {
			return c, fmt.Errorf("%s: %w", col.name, err)
		}
	}
	return c, nil
}
