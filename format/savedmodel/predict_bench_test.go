package savedmodel

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

func benchPredict(b *testing.B, dir string, in model.Tensors) {
	m, err := Load(context.Background(), filepath.Join(corpus(b), dir), Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Predict(ctx, in, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPredictHalfPlusTwo(b *testing.B) {
	benchPredict(b, "tfserving__saved_model_half_plus_two_cpu", model.Tensors{"x": mustT([]int{3}, float32(1), 2, 5)})
}

func BenchmarkPredictKerasDense(b *testing.B) {
	x, _ := tensor.Zeros(tensor.Float32, []int{1, 28, 28, 1})
	benchPredict(b, "tfnet__keras_simple_model_from_auto_compile", model.Tensors{"input_1": x})
}

func BenchmarkPredictKerasLSTM(b *testing.B) {
	x, _ := tensor.Zeros(tensor.Float32, []int{1, 5, 3})
	benchPredict(b, "tfnet__keras_lstm_from_sequential", model.Tensors{"input_1": x})
}
