package onnx

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// FuzzLoad feeds arbitrary bytes to Parse, and runs what loads on a small
// input with a deadline: neither may panic.
func FuzzLoad(f *testing.F) {
	for _, m := range []*onnxpb.ModelProto{tinyModel(), nestedIf(3), chain(3), loopModel()} {
		data, err := proto.Marshal(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
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
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		m.Predict(ctx, inputs, nil)
	})
}
