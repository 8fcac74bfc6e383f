package main

import (
	"math"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

func TestCompare(t *testing.T) {
	must := func(t *tensor.Tensor, err error) *tensor.Tensor {
		if err != nil {
			panic(err)
		}
		return t
	}
	got := model.Tensors{
		"label":  must(tensor.New([]int{2}, []int64{1, 0})),
		"scores": must(tensor.New([]int{2, 2}, []float32{0.25, 0.75, 1000, -3})),
	}
	label := ortTensor{Name: "label", Type: "int64", Dims: []int{2}, Data: []float64{1, 0}}
	scores := ortTensor{Name: "scores", Type: "float32", Dims: []int{2, 2}, Data: []float64{0.25, 0.75, 1000, -3}}
	with := func(o ortTensor, f func(*ortTensor)) ortTensor {
		o.Data = append([]float64(nil), o.Data...)
		f(&o)
		return o
	}
	tests := []struct {
		name string
		want []ortTensor
		err  string // "" for equal
	}{
		{"equal", []ortTensor{label, scores}, ""},
		{"within tolerance", []ortTensor{with(scores, func(o *ortTensor) { o.Data[1] += 0.9e-4; o.Data[2] += 0.09 })}, ""},
		{"float beyond tolerance", []ortTensor{with(scores, func(o *ortTensor) { o.Data[0] += 2e-4 })}, `"scores"[0]`},
		{"relative beyond tolerance", []ortTensor{with(scores, func(o *ortTensor) { o.Data[2] += 0.2 })}, `"scores"[2]`},
		{"NaN", []ortTensor{with(scores, func(o *ortTensor) { o.Data[3] = math.NaN() })}, `"scores"[3]`},
		{"label off", []ortTensor{with(label, func(o *ortTensor) { o.Data[1] = 2 })}, `"label"[1]`},
		{"shape", []ortTensor{with(scores, func(o *ortTensor) { o.Dims = []int{4} })}, "shape [2 2], onnxruntime [4]"},
		{"missing output", []ortTensor{{Name: "probabilities"}}, "did not compute"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := compare(got, tt.want)
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("compare: %v, want equal", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("compare: %v, want an error naming %s", err, tt.err)
			}
		})
	}
}
