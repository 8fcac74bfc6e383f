package bundle

import (
	"math"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// The want values were printed by numpy 1.24: c.mean(), c.std(),
// np.percentile(c, p) for p in 1, 5, 25, 50, 75, 95, 99.
func TestStats(t *testing.T) {
	rows := []float64{5.1, 3.5, 1.4, 0.2, 6.2, 2.9, 4.3, 1.3, 7.7, 3.0, 6.1, 2.3}
	first, _ := tensor.New([]int{1, 4}, rows[:4])
	rest, _ := tensor.New([]int{2, 4}, rows[4:])
	col, _ := tensor.New([]int{6}, []float64{3.0, math.NaN(), -1.5, 10.25, 0.0, 7.0})
	words, _ := tensor.New([]int{1}, []string{"not a number"})
	sig := model.Signature{Inputs: []model.TensorSpec{
		{Name: "X", Shape: []int{-1, 4}},
		{Name: "y", Shape: []int{-1}},
		{Name: "text", Shape: []int{-1}},
	}}
	got := computeStats(sig, []model.Tensors{
		{"X": first, "text": words},
		{"X": rest, "y": col},
	})
	want := []FeatureStats{
		{"X[0]", 3, 6.333333333333333, 1.0656244908763857, 5.1, 7.7, Quantiles{5.122, 5.21, 5.65, 6.2, 6.95, 7.55, 7.67}},
		{"X[1]", 3, 3.1333333333333333, 0.26246692913372704, 2.9, 3.5, Quantiles{2.902, 2.91, 2.95, 3.0, 3.25, 3.45, 3.49}},
		{"X[2]", 3, 3.933333333333333, 1.9362047641943474, 1.4, 6.1, Quantiles{1.458, 1.69, 2.8499999999999996, 4.3, 5.199999999999999, 5.92, 6.064}},
		{"X[3]", 3, 1.2666666666666666, 0.8576453553512404, 0.2, 2.3, Quantiles{0.222, 0.31000000000000005, 0.75, 1.3, 1.7999999999999998, 2.1999999999999997, 2.28}},
		{"y", 5, 3.75, 4.358898943540674, -1.5, 10.25, Quantiles{-1.44, -1.2, 0.0, 3.0, 7.0, 9.6, 10.12}},
	}
	if got == nil || len(got.Features) != len(want) {
		t.Fatalf("stats = %+v, want %d features", got, len(want))
	}
	for i, w := range want {
		g := got.Features[i]
		if g.Name != w.Name || g.Count != w.Count {
			t.Errorf("feature %d = %s (count %d), want %s (count %d)", i, g.Name, g.Count, w.Name, w.Count)
		}
		for _, f := range []struct {
			name      string
			got, want float64
		}{
			{"mean", g.Mean, w.Mean}, {"std", g.Std, w.Std}, {"min", g.Min, w.Min}, {"max", g.Max, w.Max},
			{"p1", g.Quantiles.P1, w.Quantiles.P1}, {"p5", g.Quantiles.P5, w.Quantiles.P5},
			{"p25", g.Quantiles.P25, w.Quantiles.P25}, {"p50", g.Quantiles.P50, w.Quantiles.P50},
			{"p75", g.Quantiles.P75, w.Quantiles.P75}, {"p95", g.Quantiles.P95, w.Quantiles.P95},
			{"p99", g.Quantiles.P99, w.Quantiles.P99},
		} {
			if math.Abs(f.got-f.want) > 1e-12*math.Max(1, math.Abs(f.want)) {
				t.Errorf("%s %s = %v, numpy %v", w.Name, f.name, f.got, f.want)
			}
		}
	}
}

func TestStatsNoNumericInputs(t *testing.T) {
	words, _ := tensor.New([]int{1}, []string{"a"})
	sig := model.Signature{Inputs: []model.TensorSpec{{Name: "text", Shape: []int{-1}}}}
	if st := computeStats(sig, []model.Tensors{{"text": words}}); st != nil {
		t.Errorf("stats of string inputs = %+v, want none", st)
	}
}
