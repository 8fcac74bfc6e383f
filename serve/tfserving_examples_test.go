package serve

import (
	"strings"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// TestAppendClassifications covers the classify outputs the corpus models
// lack: labels with scores, and labels alone.
func TestAppendClassifications(t *testing.T) {
	must := func(t2 *tensor.Tensor, err error) *tensor.Tensor {
		if err != nil {
			t.Fatal(err)
		}
		return t2
	}
	classes := must(tensor.New([]int{2, 2}, []string{"cat", "dog", "cat", "dog"}))
	scores := must(tensor.New([]int{2, 2}, []float32{0.25, 0.75, 0.5, 0.5}))
	for _, tc := range []struct {
		name string
		out  model.Tensors
		want string
		err  string
	}{
		{name: "classes and scores", out: model.Tensors{"classes": classes, "scores": scores},
			want: `[[["cat",0.25],["dog",0.75]],[["cat",0.5],["dog",0.5]]]`},
		{name: "classes only", out: model.Tensors{"classes": classes}, want: `[[["cat",0],["dog",0]],[["cat",0],["dog",0]]]`},
		{name: "float64 scores only", out: model.Tensors{"scores": must(tensor.New([]int{2}, []float64{0.1, 0.2}))}, want: `[[["",0.1]],[["",0.2]]]`},
		{name: "neither", out: model.Tensors{"y": scores}, err: `signature has no "classes" output`},
		{name: "wrong batch", out: model.Tensors{"scores": must(tensor.New([]int{1, 4}, []float32{1, 2, 3, 4}))}, err: "want [2] or [2, k]"},
		{name: "shapes differ", out: model.Tensors{"classes": classes, "scores": must(tensor.New([]int{2, 1}, []float32{1, 2}))}, err: "differ in shape"},
		{name: "numeric classes", out: model.Tensors{"classes": scores}, err: "want strings"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := appendClassifications(nil, tc.out, 2)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Errorf("got %s, %v; want %s", got, err, tc.want)
			}
		})
	}
}
