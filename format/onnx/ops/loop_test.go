package ops

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/slipwayml/slipway/tensor"
)

// graphFunc is a Graph run by a Go function.
type graphFunc func(formal []Value) ([]Value, error)

func (f graphFunc) Run(ctx context.Context, formal, outer []Value) ([]Value, error) {
	return f(formal)
}

// TestLoopScanLimit runs a Loop with no trip count or condition whose
// body emits the same scan slice each trip: it stops with an error once
// the stacked slices would pass MaxElements.
func TestLoopScanLimit(t *testing.T) {
	tests := []struct {
		name  string
		slice int // elements of the scan slice
		trips int64
		want  error
	}{
		{"three trips", 4, 3, nil},
		{"2^20 elements per trip, endless", 1 << 20, -1, tensor.ErrShape},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slice, err := tensor.New([]int{tt.slice}, make([]float32, tt.slice))
			if err != nil {
				t.Fatal(err)
			}
			cond, _ := tensor.New([]int{}, []bool{true})
			body := graphFunc(func(formal []Value) ([]Value, error) { return []Value{cond, slice}, nil })
			n := &Node{Op: "Loop", Attrs: map[string]Attr{"body": {Kind: AttrGraph, G: body}}, Present: []bool{tt.trips >= 0, false}, NumOutputs: 1}
			k, err := buildLoop(n)
			if err != nil {
				t.Fatal(err)
			}
			var trips Value
			if tt.trips >= 0 {
				trips, _ = tensor.New([]int{}, []int64{tt.trips})
			}
			out, err := k(context.Background(), []Value{trips, nil})
			if !errors.Is(err, tt.want) {
				t.Fatalf("got error %v, want %v", err, tt.want)
			}
			if err != nil {
				return
			}
			if got, want := out[0].(*tensor.Tensor).Shape(), []int{int(tt.trips), tt.slice}; !slices.Equal(got, want) {
				t.Errorf("scan output shape %v, want %v", got, want)
			}
		})
	}
}
