package sklearn

// tree is one fitted decision tree flattened for prediction: split nodes and
// leaves in one slice, the leaves' values packed in another. decodeTree
// checks every index, so walking a tree cannot leave its slices or loop.
type tree struct {
	nodes     []node
	values    []float64 // width values per leaf, in leaf order
	width     int       // values per leaf: class weights, or regression outputs
	nFeatures int       // the n_features the tree was pickled with
}

// node is a split, or a leaf when feature < 0; a leaf's left is the offset
// of its values.
type node struct {
	threshold   float64
	feature     int32
	left, right int32
	// missingLeft is where a NaN goes: scikit-learn ≥ 1.3 records it per
	// split; older versions refuse NaN input, and here it goes right.
	missingLeft bool
}

// leaf returns the values of the leaf x falls into. x must be rounded to
// float32 (see float32Rows) and hold at least nFeatures values.
func (t *tree) leaf(x []float64) []float64 {
	i := int32(0)
	for {
		n := &t.nodes[i]
		if n.feature < 0 {
			return t.values[n.left : int(n.left)+t.width]
		}
		v := x[n.feature]
		switch {
		case v <= n.threshold:
			i = n.left
		case n.missingLeft && v != v:
			i = n.left
		default:
			i = n.right
		}
	}
}

// normalized returns the tree with each leaf's class weights divided by
// their sum, as a classifier's predict_proba does; a leaf of zero weight
// stays zero.
func (t *tree) normalized() *tree {
	out := *t
	out.values = make([]float64, len(t.values))
	for off := 0; off < len(t.values); off += t.width {
		leaf := t.values[off : off+t.width]
		sum := 0.0
		for _, v := range leaf {
			sum += v
		}
		if sum == 0 {
			sum = 1
		}
		for j, v := range leaf {
			out.values[off+j] = v / sum
		}
	}
	return &out
}

// float32Rows returns a copy of X rounded to float32: scikit-learn casts X
// to float32 before walking its trees, so a feature is compared with a
// threshold by its float32 value.
func float32Rows(X Matrix) Matrix {
	out := make([]float64, len(X.Data))
	for i, v := range X.Data {
		out[i] = float64(float32(v))
	}
	return Matrix{Rows: X.Rows, Cols: X.Cols, Data: out}
}
