package sklearn

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLinearCorpus loads the LogisticRegression pickles MLServer ships: the
// 0.23 iris model answers as scikit-learn 1.2.1 does (outputs recorded in
// $SLIPWAY_CORPUS/pickles/manifest.json, rounded to six decimals), and the
// 0.21 pipeline, whose module path scikit-learn itself no longer has, is
// refused by class name.
func TestLinearCorpus(t *testing.T) {
	root := os.Getenv("SLIPWAY_CORPUS")
	if root == "" {
		t.Skip("SLIPWAY_CORPUS is not set")
	}
	dir := filepath.Join(root, "pickles", "mlserver")

	m, err := Load(filepath.Join(dir, "benchmarking/testserver/models/iris/model.joblib"))
	if err != nil {
		t.Fatalf("iris: %v", err)
	}
	X := Matrix{Rows: 1, Cols: 4, Data: []float64{1, 2, 3, 4}}
	label, err := m.Estimator().(Predictor).Predict(X)
	if err != nil {
		t.Fatal(err)
	}
	if err := compare(label, []any{2.0}); err != nil {
		t.Errorf("predict: %v", err)
	}
	proba, err := m.Estimator().(ProbaPredictor).PredictProba(X)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := proba.Float64s()
	for i, want := range []float64{0.053929, 0.017571, 0.9285} {
		if d := p[i] - want; d > 5e-7 || d < -5e-7 {
			t.Errorf("predict_proba[%d] = %.7f, want %.6f", i, p[i], want)
		}
	}

	const old = "sklearn.linear_model.logistic.LogisticRegression"
	_, err = Load(filepath.Join(dir, "docs/examples/tempo/models/sklearn-iris/model.joblib"))
	if err == nil || !strings.Contains(err.Error(), old) {
		t.Errorf("0.21 pipeline: err = %v, want a refusal naming %s", err, old)
	}
}
