package onnx

import (
	"context"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// BenchmarkPredictRow times one-row predictions of the scikit-learn
// models in testdata/onnx, the classic-ML serving case.
func BenchmarkPredictRow(b *testing.B) {
	for _, name := range []string{"ml_linear_classifier", "ml_tree_ensemble_classifier", "ml_svm_classifier_proba", "ml_scaler"} {
		b.Run(name, func(b *testing.B) {
			m, err := Load(ownModels + "/" + name + "/model.onnx")
			if err != nil {
				b.Fatal(err)
			}
			in := m.Signature().Inputs[0]
			x, err := tensor.Zeros(tensor.Float32, []int{1, in.Shape[1]})
			if err != nil {
				b.Fatal(err)
			}
			inputs := model.Tensors{in.Name: x}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Predict(ctx, inputs, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
