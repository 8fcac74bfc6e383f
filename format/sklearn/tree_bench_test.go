package sklearn

import "testing"

// BenchmarkTreePredictRow is one row through tree models: bench_rf100 is a
// 100-tree depth-8 RandomForestClassifier over 30 features.
func BenchmarkTreePredictRow(b *testing.B) {
	for _, c := range []struct{ name, file string }{
		{"bench_rf100", "model.xz.joblib"},
		{"tree_gb_5class", "model.p2.pkl"},
		{"tree_dt_reg", "model.zlib.joblib"},
	} {
		est, x := svmBenchRow(b, c.name, c.file) // loads any generated case
		b.Run(c.name+"/predict", func(b *testing.B) {
			p := est.(Predictor)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Predict(x); err != nil {
					b.Fatal(err)
				}
			}
		})
		if p, ok := est.(ProbaPredictor); ok {
			b.Run(c.name+"/predict_proba", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := p.PredictProba(x); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
