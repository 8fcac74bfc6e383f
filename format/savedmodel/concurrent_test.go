package savedmodel

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// TestCorpusConcurrentPredict runs signatures with variables, tables and loops
// from many goroutines; go test -race checks the sharing.
func TestCorpusConcurrentPredict(t *testing.T) {
	root := corpus(t)
	hp2, err := Load(context.Background(), filepath.Join(root, "tfserving__saved_model_half_plus_two_tf2_cpu"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	table, err := Load(context.Background(), filepath.Join(root, "tf__cc_StaticHashTableModule"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				out, err := hp2.Predict(context.Background(), model.Tensors{"x": mustT([]int{1}, float32(4))}, nil)
				if v, _ := tensor.Values[float32](out["y"]); err != nil || !slices.Equal(v, []float32{4}) {
					t.Errorf("half_plus_two(4) = %v, %v; want [4]", v, err)
					return
				}
				out, err = table.Predict(context.Background(), model.Tensors{"word": mustT([]int{1}, "baz")}, nil)
				if v, _ := tensor.Values[int64](out["output_0"]); err != nil || !slices.Equal(v, []int64{2}) {
					t.Errorf("lookup(baz) = %v, %v; want [2]", v, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
