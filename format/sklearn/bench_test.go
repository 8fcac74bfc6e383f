package sklearn

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// BenchmarkPredictRow measures single-row requests through the model, as
// serving makes them, on generated cases: bench_lr30 is a binary
// LogisticRegression over 30 features, bench_svc an RBF SVC with a few
// hundred support vectors over 30, bench_rf100 a 100-tree depth-8
// RandomForestClassifier over 30 (the models bench/predict compares with
// scikit-learn).
func BenchmarkPredictRow(b *testing.B) {
	for _, c := range []struct{ name, file string }{
		{"bench_lr30", "model.p4.pkl"},
		{"pre_standard_logreg", "model.p4.pkl"},
		{"bench_svc", "model.p4.pkl"},
		{"svm_svc_proba_int3", "model.gz.joblib"},
		{"bench_rf100", "model.xz.joblib"},
		{"tree_gb_5class", "model.p2.pkl"},
		{"tree_dt_reg", "model.zlib.joblib"},
		{"hist_3class_str", "model.p4.pkl"},
	} {
		dir := filepath.Join("../../testdata/sklearn", c.name)
		m, err := Load(filepath.Join(dir, c.file))
		if err != nil {
			b.Fatal(err)
		}
		e := readExpected(b, filepath.Join(dir, "expected.json"))
		in, err := tensor.New([]int{1, len(e.X[0])}, e.X[0])
		if err != nil {
			b.Fatal(err)
		}
		inputs := model.Tensors{InputName: in}
		for _, method := range []string{MethodPredict, MethodPredictProba} {
			if _, ok := m.Signature().Output(method); !ok {
				continue
			}
			b.Run(c.name+"/"+method, func(b *testing.B) {
				outputs := []string{method}
				b.ReportAllocs()
				for b.Loop() {
					if _, err := m.Predict(context.Background(), inputs, outputs); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
