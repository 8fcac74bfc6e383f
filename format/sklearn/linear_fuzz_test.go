package sklearn

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// FuzzLinearLoad feeds mutated linear-model and pipeline pickles to Load
// and serves whatever loads one row of zeros: a hostile pickle may fail to
// load or to predict, but must not panic.
func FuzzLinearLoad(f *testing.F) {
	for _, c := range []string{"linear_logreg_multinomial/model.p5.pkl", "linear_linreg_multi/model.p4.pkl",
		"linear_ridge_classifier/model.p4.pkl", "linear_tweedie/model.p4.pkl",
		"pre_minmax_clip/model.p5.pkl", "pre_passthrough/model.p4.pkl"} {
		b, err := os.ReadFile(filepath.Join("../../testdata/sklearn", c))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	path := filepath.Join(f.TempDir(), "model.pkl")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		m, err := Load(path)
		if err != nil {
			return
		}
		nf := max(m.Estimator().NFeatures(), 1)
		if nf > 1<<12 {
			return
		}
		in, err := tensor.New([]int{1, nf}, make([]float64, nf))
		if err != nil {
			t.Fatal(err)
		}
		for _, out := range m.Signature().Outputs {
			m.Predict(context.Background(), model.Tensors{InputName: in}, []string{out.Name})
		}
	})
}
