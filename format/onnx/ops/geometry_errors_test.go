package ops

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/tensor"
)

// TestGeometryRejectsHostileInput checks that Col2Im, RoiAlign and
// AffineGrid turn shapes, indices and boxes a hostile request could send
// into errors instead of panics or huge allocations.
func TestGeometryRejectsHostileInput(t *testing.T) {
	f32 := func(shape []int, v ...float32) *tensor.Tensor {
		if v == nil {
			v = make([]float32, product(shape))
		}
		x, err := tensor.New(shape, v)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	i64 := func(v ...int64) *tensor.Tensor {
		x, err := tensor.New([]int{len(v)}, v)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	nan := float32(math.NaN())
	image := f32([]int{1, 1, 2, 2})
	for _, tc := range []struct {
		name  string
		build func(*Node) (Kernel, error)
		in    []Value
		want  string // in the error
	}{
		{"col2im wrong block count", buildCol2Im, []Value{f32([]int{1, 4, 3}), i64(3, 3), i64(2, 2)}, "does not hold"},
		{"col2im empty input, huge taps", buildCol2Im, []Value{f32([]int{0, 1 << 10, 1 << 28}), i64(1<<9, 1<<19+1<<10-1), i64(1, 1<<10)}, "more than the"},
		{"col2im zero block", buildCol2Im, []Value{f32([]int{1, 1, 1}), i64(1, 1), i64(0, 1)}, "dimension 0"},
		{"col2im rank mismatch", buildCol2Im, []Value{f32([]int{1, 1, 1}), i64(1, 1), i64(1)}, "differ in length"},
		{"roialign batch index", buildRoiAlign, []Value{image, f32([]int{1, 4}), i64(1)}, "out of range"},
		{"roialign negative batch index", buildRoiAlign, []Value{image, f32([]int{1, 4}), i64(-1)}, "out of range"},
		{"roialign huge box", buildRoiAlign, []Value{image, f32([]int{1, 4}, 0, 0, 1e30, 1e30), i64(0)}, "samples per bin"},
		{"roialign NaN box", buildRoiAlign, []Value{image, f32([]int{1, 4}, nan, nan, nan, nan), i64(0)}, "samples per bin"},
		{"roialign rois shape", buildRoiAlign, []Value{image, f32([]int{1, 3}), i64(0)}, "rois [1 3]"},
		{"roialign empty image", buildRoiAlign, []Value{f32([]int{1, 1, 0, 2}), f32([]int{1, 4}), i64(0)}, "empty"},
		{"affinegrid huge size", buildAffineGrid, []Value{f32([]int{1, 2, 3}), i64(1, 1, 1<<20, 1<<20)}, "more than the"},
		{"affinegrid batch mismatch", buildAffineGrid, []Value{f32([]int{1, 2, 3}), i64(2, 1, 2, 2)}, "for size"},
		{"affinegrid rank", buildAffineGrid, []Value{f32([]int{1, 2, 3}), i64(1, 1, 2)}, "for size"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := tc.build(&Node{Opset: 20})
			if err != nil {
				t.Fatal(err)
			}
			if out, err := k(context.Background(), tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, %v; want an error containing %q", out, err, tc.want)
			}
		})
	}
}
