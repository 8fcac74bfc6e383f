package ops

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/tensor"
)

// TestTfIdfVectorizerSklearn checks string pools and the IDF and TFIDF
// modes, which ONNX's node tests do not cover, against scikit-learn's
// vectorizers (scripts/gen_tfidf.py).
func TestTfIdfVectorizerSklearn(t *testing.T) {
	raw, err := os.ReadFile("testdata/tfidf.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Name          string
		Mode          string
		MinGramLength int64    `json:"min_gram_length"`
		MaxGramLength int64    `json:"max_gram_length"`
		PoolStrings   []string `json:"pool_strings"`
		NgramCounts   []int64  `json:"ngram_counts"`
		NgramIndexes  []int64  `json:"ngram_indexes"`
		Weights       []float32
		Input         [][]string
		Want          [][]float64
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			attrs := map[string]Attr{
				"mode":            {Kind: AttrString, S: tc.Mode},
				"min_gram_length": {Kind: AttrInt, I: tc.MinGramLength},
				"max_gram_length": {Kind: AttrInt, I: tc.MaxGramLength},
				"pool_strings":    {Kind: AttrStrings, Strings: tc.PoolStrings},
				"ngram_counts":    {Kind: AttrInts, Ints: tc.NgramCounts},
				"ngram_indexes":   {Kind: AttrInts, Ints: tc.NgramIndexes},
			}
			if tc.Weights != nil {
				attrs["weights"] = Attr{Kind: AttrFloats, Floats: tc.Weights}
			}
			var words []string
			for _, row := range tc.Input {
				words = append(words, row...)
			}
			got := runTfIdf(t, attrs, mustTensor(t, []int{len(tc.Input), len(tc.Input[0])}, words))
			for r, row := range tc.Want {
				for c, want := range row {
					if g := float64(got[r*len(row)+c]); math.Abs(g-want) > 1e-6*math.Max(1, math.Abs(want)) {
						t.Errorf("row %d, output %d = %g, want %g", r, c, g, want)
					}
				}
			}
		})
	}
}

func runTfIdf(t *testing.T, attrs map[string]Attr, x *tensor.Tensor) []float32 {
	t.Helper()
	n := &Node{Op: "TfIdfVectorizer", Attrs: attrs}
	k, err := buildTfIdfVectorizer(n)
	if err == nil {
		err = n.Err()
	}
	if err != nil {
		t.Fatal(err)
	}
	out, err := k(context.Background(), []Value{x})
	if err != nil {
		t.Fatal(err)
	}
	y, _ := tensor.Values[float32](out[0].(*tensor.Tensor))
	return y
}

// TestTfIdfVectorizerRejects checks that malformed attributes and inputs are
// reported rather than indexed out of range or allocated.
func TestTfIdfVectorizerRejects(t *testing.T) {
	good := func() map[string]Attr {
		return map[string]Attr{
			"mode":            {Kind: AttrString, S: "TF"},
			"min_gram_length": {Kind: AttrInt, I: 1},
			"max_gram_length": {Kind: AttrInt, I: 2},
			"pool_int64s":     {Kind: AttrInts, Ints: []int64{1, 2, 1, 2}},
			"ngram_counts":    {Kind: AttrInts, Ints: []int64{0, 2}},
			"ngram_indexes":   {Kind: AttrInts, Ints: []int64{0, 1, 2}},
		}
	}
	for _, tc := range []struct {
		name string
		edit func(map[string]Attr)
		want string
	}{
		{"mode", func(a map[string]Attr) { a["mode"] = Attr{Kind: AttrString, S: "BM25"} }, "mode"},
		{"gram lengths", func(a map[string]Attr) { a["min_gram_length"] = Attr{Kind: AttrInt, I: 3} }, "gram lengths"},
		{"counts past pool", func(a map[string]Attr) { a["ngram_counts"] = Attr{Kind: AttrInts, Ints: []int64{0, 9}} }, "whole n-grams"},
		{"odd bigram pool", func(a map[string]Attr) { a["ngram_counts"] = Attr{Kind: AttrInts, Ints: []int64{0, 1}} }, "whole n-grams"},
		{"index count", func(a map[string]Attr) { a["ngram_indexes"] = Attr{Kind: AttrInts, Ints: []int64{0}} }, "ngram_indexes"},
		{"huge index", func(a map[string]Attr) { a["ngram_indexes"] = Attr{Kind: AttrInts, Ints: []int64{0, 1, 1 << 40}} }, "out of range"},
		{"few weights", func(a map[string]Attr) { a["weights"] = Attr{Kind: AttrFloats, Floats: []float32{1}} }, "weights"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := good()
			tc.edit(a)
			_, err := buildTfIdfVectorizer(&Node{Attrs: a})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	k, err := buildTfIdfVectorizer(&Node{Attrs: good()})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []*tensor.Tensor{
		mustTensor(t, []int{2}, []string{"a", "b"}),
		mustTensor(t, []int{1, 1, 2}, []int64{1, 2}),
		mustTensor(t, []int{2}, []float32{1, 2}),
	} {
		if _, err := k(context.Background(), []Value{x}); err == nil {
			t.Errorf("input %v: no error", x)
		}
	}
}
