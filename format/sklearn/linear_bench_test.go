package sklearn

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// BenchmarkLogisticPredict measures a single-row request to bench_lr30, a
// binary LogisticRegression over 30 features, through the model wrapper as
// serving calls it.
func BenchmarkLogisticPredict(b *testing.B) {
	const dir = "../../testdata/sklearn/bench_lr30/"
	m, err := Load(dir + "model.p4.pkl")
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(dir + "expected.json")
	if err != nil {
		b.Fatal(err)
	}
	var e expected
	if err := json.Unmarshal(raw, &e); err != nil {
		b.Fatal(err)
	}
	in, err := tensor.New([]int{1, len(e.X[0])}, e.X[0])
	if err != nil {
		b.Fatal(err)
	}
	inputs := model.Tensors{InputName: in}
	ctx := context.Background()
	for _, method := range []string{MethodPredict, MethodPredictProba} {
		b.Run(method, func(b *testing.B) {
			outputs := []string{method}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Predict(ctx, inputs, outputs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
