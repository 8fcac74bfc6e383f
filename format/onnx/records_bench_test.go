package onnx

import "testing"

// BenchmarkPredictRecords times predictions that go through records: a
// classifier ending in a ZipMap (compare ml_linear_classifier in
// BenchmarkPredictRow, the same classifier without it), and a
// DictVectorizer pipeline, which runs once per row.
func BenchmarkPredictRecords(b *testing.B) {
	for _, bm := range []struct {
		name  string
		model string
		rows  int
	}{
		{"zipmap/1", "ml_zipmap_classifier", 1},
		{"zipmap/64", "ml_zipmap_classifier", 64},
		{"dictvectorizer/1", "ml_dict_vectorizer_classifier", 1},
		{"dictvectorizer/64", "ml_dict_vectorizer_classifier", 64},
	} {
		b.Run(bm.name, func(b *testing.B) {
			m, err := Load(ownModels + "/" + bm.model + "/model.onnx")
			if err != nil {
				b.Fatal(err)
			}
			in := m.Signature().Inputs[0]
			x := make([]float32, bm.rows*in.Shape[1])
			for i := range x {
				x[i] = float32(i%5) - 2 // some zeros, which records leave out
			}
			benchPredict(b, m, []int{bm.rows, in.Shape[1]}, x)
		})
	}
}
