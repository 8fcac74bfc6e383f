package serve

import (
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// BenchmarkAppendRecords writes 64 rows of 3 class probabilities as
// records and, for comparison, as nested lists.
func BenchmarkAppendRecords(b *testing.B) {
	x := make([]float32, 64*3)
	for i := range x {
		x[i] = float32(i) / 192
	}
	t, err := tensor.New([]int{64, 3}, x)
	if err != nil {
		b.Fatal(err)
	}
	for _, bm := range []struct {
		name string
		keys []string
	}{{"records", []string{"0", "1", "2"}}, {"lists", nil}} {
		b.Run(bm.name, func(b *testing.B) {
			spec := model.TensorSpec{Name: "p", DType: tensor.Float32, Shape: []int{-1, 3}, Keys: bm.keys}
			buf := make([]byte, 0, 8<<10)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := appendValue(buf[:0], spec, t); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
