package sklearn

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/pickle"
)

// histToyNode is one record of a TreePredictor's nodes in the layout of
// scikit-learn 1.2 (fields it does not predict with are left zero).
type histToyNode struct {
	value             float64
	feature           uint32
	threshold         float64
	missingLeft       uint8
	left, right       uint32
	leaf, categorical uint8
}

// histToyTree pickles nodes as a TreePredictor.
func histToyTree(nodes []histToyNode) *pickle.Object {
	u1 := &pickle.Dtype{Kind: 'u', ByteOrder: '|', ItemSize: 1}
	u4 := &pickle.Dtype{Kind: 'u', ByteOrder: '<', ItemSize: 4}
	f8 := &pickle.Dtype{Kind: 'f', ByteOrder: '<', ItemSize: 8}
	dt := &pickle.Dtype{Kind: 'V', ByteOrder: '|', ItemSize: 40, Fields: []pickle.Field{
		{Name: "value", Dtype: f8, Offset: 0},
		{Name: "feature_idx", Dtype: u4, Offset: 8},
		{Name: "num_threshold", Dtype: f8, Offset: 12},
		{Name: "missing_go_to_left", Dtype: u1, Offset: 20},
		{Name: "left", Dtype: u4, Offset: 21},
		{Name: "right", Dtype: u4, Offset: 25},
		{Name: "is_leaf", Dtype: u1, Offset: 29},
		{Name: "is_categorical", Dtype: u1, Offset: 30},
	}}
	data := make([]byte, len(nodes)*dt.ItemSize)
	for i, n := range nodes {
		rec := data[i*dt.ItemSize:]
		binary.LittleEndian.PutUint64(rec[0:], math.Float64bits(n.value))
		binary.LittleEndian.PutUint32(rec[8:], n.feature)
		binary.LittleEndian.PutUint64(rec[12:], math.Float64bits(n.threshold))
		rec[20] = n.missingLeft
		binary.LittleEndian.PutUint32(rec[21:], n.left)
		binary.LittleEndian.PutUint32(rec[25:], n.right)
		rec[29], rec[30] = n.leaf, n.categorical
	}
	st := &pickle.Dict{}
	st.Set("nodes", &pickle.Array{Dtype: dt, Shape: []int{len(nodes)}, Data: data})
	return &pickle.Object{
		Class: pickle.Global{Module: "sklearn.ensemble._hist_gradient_boosting.predictor", Name: "TreePredictor"},
		State: st,
	}
}

// histToyNodes splits feature 1 at 0.5 (NaN right), then feature 0 at 0.1
// (NaN left).
func histToyNodes() []histToyNode {
	return []histToyNode{
		{feature: 1, threshold: 0.5, left: 1, right: 2},
		{value: 10, leaf: 1},
		{feature: 0, threshold: 0.1, missingLeft: 1, left: 3, right: 4},
		{value: 20, leaf: 1},
		{value: 30, leaf: 1},
	}
}

func TestHistTreeRoutes(t *testing.T) {
	tr, err := decodeHistTree(histToyTree(histToyNodes()), 2)
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	for _, c := range []struct {
		x    []float64
		want float64
	}{
		{[]float64{0, 0.5}, 10}, // <= goes left
		{[]float64{0, math.Nextafter(0.5, 1)}, 20},
		{[]float64{0.1, nan}, 20}, // NaN right, then 0.1 <= 0.1 left
		{[]float64{math.Nextafter(0.1, 1), 1}, 30},
		{[]float64{nan, 1}, 20}, // missing_go_to_left
	} {
		if got := tr.predict(c.x); got != c.want {
			t.Errorf("predict(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

func TestHistTreeRejects(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func([]histToyNode) []histToyNode
		want string
	}{
		{"loop", func(n []histToyNode) []histToyNode { n[2].left = 0; return n }, "children 0 and 4"},
		{"child out of range", func(n []histToyNode) []histToyNode { n[2].right = 9; return n }, "children 3 and 9"},
		{"feature out of range", func(n []histToyNode) []histToyNode { n[0].feature = 2; return n }, "feature 2 of 2"},
		{"categorical", func(n []histToyNode) []histToyNode { n[0].categorical = 1; return n }, "categorical"},
		{"empty", func([]histToyNode) []histToyNode { return nil }, "shape [0]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := decodeHistTree(histToyTree(c.edit(histToyNodes())), 2)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got error %v, want one containing %q", err, c.want)
			}
		})
	}
}
