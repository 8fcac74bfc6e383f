package onnx

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// FuzzLoad feeds arbitrary bytes to Parse, and runs what loads on a small
// input: neither may panic.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/fuzz/*.onnx")
	own, _ := filepath.Glob(filepath.Join(ownModels, "*", "model.onnx"))
	for _, path := range append(seeds, own...) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data)
		if err != nil {
			return
		}
		inputs := model.Tensors{}
		for _, in := range m.Signature().Inputs {
			shape := make([]int, len(in.Shape))
			for i, d := range in.Shape {
				shape[i] = min(max(d, 1), 4)
			}
			if z, err := tensor.Zeros(in.DType, shape); err == nil {
				inputs[in.Name] = z
			}
		}
		m.Predict(context.Background(), inputs, nil)
	})
}
