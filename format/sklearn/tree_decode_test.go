package sklearn

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/pickle"
)

type toyNode struct {
	left, right, feature int64
	threshold            float64
	missingLeft          uint8
}

// toyNodes is a two-feature, two-class tree: feature 1 <= 0.5 goes to leaf
// 1, else feature 0 <= 0.1 (not a float32 value) to leaf 3, else leaf 4; a
// NaN feature 0 goes left where the ≥ 1.3 layout says so.
func toyNodes() []toyNode {
	return []toyNode{
		{1, 2, 1, 0.5, 0},
		{-1, -1, -2, -2, 0},
		{3, 4, 0, 0.1, 1},
		{-1, -1, -2, -2, 0},
		{-1, -1, -2, -2, 0},
	}
}

var toyValues = []float64{4, 4, 3, 1, 1, 3, 0, 2, 1, 1}

// toyTree pickles nodes as sklearn.tree._tree.Tree reduces itself, with the
// node record of scikit-learn ≥ 1.3 (missing_go_to_left) or before.
func toyTree(nodes []toyNode, values *pickle.Array, missingField bool) *pickle.Object {
	i8 := &pickle.Dtype{Kind: 'i', ByteOrder: '<', ItemSize: 8}
	f8 := &pickle.Dtype{Kind: 'f', ByteOrder: '<', ItemSize: 8}
	dt := &pickle.Dtype{Kind: 'V', ByteOrder: '|', ItemSize: 56, Fields: []pickle.Field{
		{Name: "left_child", Dtype: i8, Offset: 0},
		{Name: "right_child", Dtype: i8, Offset: 8},
		{Name: "feature", Dtype: i8, Offset: 16},
		{Name: "threshold", Dtype: f8, Offset: 24},
		{Name: "impurity", Dtype: f8, Offset: 32},
		{Name: "n_node_samples", Dtype: i8, Offset: 40},
		{Name: "weighted_n_node_samples", Dtype: f8, Offset: 48},
	}}
	if missingField {
		dt.ItemSize = 64
		dt.Fields = append(dt.Fields, pickle.Field{Name: "missing_go_to_left", Dtype: &pickle.Dtype{Kind: 'u', ByteOrder: '|', ItemSize: 1}, Offset: 56})
	}
	data := make([]byte, len(nodes)*dt.ItemSize)
	for i, n := range nodes {
		rec := data[i*dt.ItemSize:]
		binary.LittleEndian.PutUint64(rec[0:], uint64(n.left))
		binary.LittleEndian.PutUint64(rec[8:], uint64(n.right))
		binary.LittleEndian.PutUint64(rec[16:], uint64(n.feature))
		binary.LittleEndian.PutUint64(rec[24:], math.Float64bits(n.threshold))
		if missingField {
			rec[56] = n.missingLeft
		}
	}
	st := &pickle.Dict{}
	st.Set("max_depth", int64(2))
	st.Set("node_count", int64(len(nodes)))
	st.Set("nodes", &pickle.Array{Dtype: dt, Shape: []int{len(nodes)}, Data: data})
	st.Set("values", values)
	return &pickle.Object{
		Class: pickle.Global{Module: "sklearn.tree._tree", Name: "Tree"},
		Args:  []any{int64(2), svmInts(2), int64(1)},
		State: st,
	}
}

func TestTreeRoutesLikeScikitLearn(t *testing.T) {
	above := math.Nextafter(0.1, 1) // float64 above 0.1, float32 still 0.1f > 0.1
	below := float64(math.Nextafter32(float32(0.1), 0))
	for _, missingField := range []bool{false, true} {
		tr, err := decodeTree(toyTree(toyNodes(), svmFloats([]int{5, 1, 2}, toyValues...), missingField), 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			x    []float64
			want float64 // first value of the leaf
		}{
			{"on threshold", []float64{0, 0.5}, 3},
			{"float32 of 0.1 is above 0.1", []float64{0.1, 1}, 1},
			{"float64 above 0.1", []float64{above, 1}, 1},
			{"float32 below 0.1", []float64{below, 1}, 0},
			{"rounds up across 0.5", []float64{0, 0.5 + 1e-9}, 3},
			{"NaN", []float64{math.NaN(), 1}, map[bool]float64{false: 1, true: 0}[missingField]},
		} {
			x := float32Rows(Matrix{Rows: 1, Cols: 2, Data: c.x}).Data
			if got := tr.leaf(x)[0]; got != c.want {
				t.Errorf("missing_go_to_left field %v, %s: leaf value %v, want %v", missingField, c.name, got, c.want)
			}
		}
	}
}

func TestDecodeTreeRejectsBrokenTrees(t *testing.T) {
	good := svmFloats([]int{5, 1, 2}, toyValues...)
	for _, c := range []struct {
		name   string
		edit   func(n []toyNode) []toyNode
		values *pickle.Array
		nf     int
		want   string
	}{
		{"child before parent", func(n []toyNode) []toyNode { n[2].left = 1; return n }, good, 2, "children 1 and 4"},
		{"self loop", func(n []toyNode) []toyNode { n[0].right = 0; return n }, good, 2, "children 1 and 0"},
		{"child out of range", func(n []toyNode) []toyNode { n[2].right = 5; return n }, good, 2, "children 3 and 5"},
		{"feature out of range", func(n []toyNode) []toyNode { n[0].feature = 2; return n }, good, 2, "feature 2 of 2"},
		{"negative feature", func(n []toyNode) []toyNode { n[2].feature = -2; return n }, good, 2, "feature -2"},
		{"one child", func(n []toyNode) []toyNode { n[1].right = 3; return n }, good, 2, "one child"},
		{"values shape", nil, svmFloats([]int{4, 1, 2}, toyValues[:8]...), 2, "values has shape [4 1 2]"},
		{"node count", func(n []toyNode) []toyNode { return n[:4] }, good, 2, "values has shape"},
		{"estimator width", nil, good, 3, "tree has 2 features, the estimator 3"},
	} {
		nodes := toyNodes()
		if c.edit != nil {
			nodes = c.edit(nodes)
		}
		_, err := decodeTree(toyTree(nodes, c.values, true), c.nf)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

func TestDecodeTreeNamesWhatIsMissing(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(o *pickle.Object)
		want string
	}{
		{"not a tree", func(o *pickle.Object) { o.Class.Name = "Forest" }, "expected a sklearn.tree._tree.Tree"},
		{"arguments", func(o *pickle.Object) { o.Args = o.Args[:2] }, "got 2 arguments"},
		{"node_count", func(o *pickle.Object) { o.State.(*pickle.Dict).Set("node_count", "5") }, "node_count"},
		{"nodes", func(o *pickle.Object) { o.State.(*pickle.Dict).Set("nodes", pickle.None{}) }, "nodes"},
		{"threshold field", func(o *pickle.Object) {
			a, _ := o.Attr("nodes")
			a.(*pickle.Array).Dtype.Fields[3].Name = "thresh"
		}, "field threshold: no such field"},
		{"field layout", func(o *pickle.Object) {
			a, _ := o.Attr("nodes")
			a.(*pickle.Array).Dtype.Fields[7].Offset = 64
		}, "field missing_go_to_left: bad layout"},
	} {
		o := toyTree(toyNodes(), svmFloats([]int{5, 1, 2}, toyValues...), true)
		c.edit(o)
		_, err := decodeTree(o, -1)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

// FuzzDecodeTree feeds arbitrary node records to decodeTree: it must refuse
// them or return a tree that every row walks to a leaf.
func FuzzDecodeTree(f *testing.F) {
	seed := toyTree(toyNodes(), nil, true)
	nodes, _ := seed.Attr("nodes")
	f.Add(nodes.(*pickle.Array).Data)
	f.Fuzz(func(t *testing.T, data []byte) {
		n := len(data) / 64
		if n == 0 {
			return
		}
		o := toyTree(make([]toyNode, n), svmFloats([]int{n, 1, 2}, make([]float64, 2*n)...), true)
		a, _ := o.Attr("nodes")
		a.(*pickle.Array).Data = data[:n*64]
		tr, err := decodeTree(o, 2)
		if err != nil {
			return
		}
		for _, x := range [][]float64{{0, 0}, {math.NaN(), math.Inf(1)}, {math.Inf(-1), -1e300}} {
			if len(tr.leaf(x)) != 2 {
				t.Fatalf("leaf of %v has %d values, want 2", x, len(tr.leaf(x)))
			}
		}
	})
}
