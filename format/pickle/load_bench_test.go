package pickle

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLoad decodes scikit-learn models held in memory: a random
// forest pipeline (pickle, 731 KB) and an SVC (joblib, 345 KB) from the
// corpus, and the generated array pickle.
func BenchmarkLoad(b *testing.B) {
	files := map[string]string{"arrays.p4.pkl": filepath.Join(testdata, "arrays.p4.pkl")}
	if root := os.Getenv("SLIPWAY_CORPUS"); root != "" {
		dir := filepath.Join(root, "pickles")
		files["rfmodel.pickle"] = filepath.Join(dir, "kserve/docs/samples/explanation/aix/mnist/rfserver/rfmodel.pickle")
		files["mnist-svm.joblib"] = filepath.Join(dir, "mlserver/docs/examples/sklearn/mnist-svm.joblib")
	}
	for name, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Load(bytes.NewReader(data), Options{Allow: func(Global) bool { return true }}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
