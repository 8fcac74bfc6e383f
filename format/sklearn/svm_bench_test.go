package sklearn

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// svmBenchRow loads a generated case and its first recorded row.
func svmBenchRow(b *testing.B, name, file string) (Estimator, Matrix) {
	b.Helper()
	dir := filepath.Join("../../testdata/sklearn", name)
	m, err := Load(filepath.Join(dir, file))
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		b.Fatal(err)
	}
	var e expected
	if err := json.Unmarshal(raw, &e); err != nil || len(e.X) == 0 {
		b.Fatalf("%s/expected.json: no rows (%v)", dir, err)
	}
	return m.Estimator(), Matrix{Rows: 1, Cols: len(e.X[0]), Data: e.X[0]}
}

// BenchmarkSVCPredictRow is one row through an RBF SVC with 30 features and
// a few hundred support vectors (testdata/sklearn/bench_svc).
func BenchmarkSVCPredictRow(b *testing.B) {
	est, x := svmBenchRow(b, "bench_svc", "model.p4.pkl")
	p := est.(Predictor)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Predict(x); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSVCPredictProbaRow adds Platt scaling and pairwise coupling for
// three classes.
func BenchmarkSVCPredictProbaRow(b *testing.B) {
	est, x := svmBenchRow(b, "svm_svc_proba_int3", "model.gz.joblib")
	p := est.(ProbaPredictor)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.PredictProba(x); err != nil {
			b.Fatal(err)
		}
	}
}
