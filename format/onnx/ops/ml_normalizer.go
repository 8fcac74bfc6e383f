package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// buildNormalizer divides each row by its MAX, L1 or L2 norm.
func buildNormalizer(n *Node) (Kernel, error) {
	var norm func(row []float64) float64
	switch s := n.String("norm", "MAX"); s {
	case "MAX":
		norm = func(row []float64) float64 {
			m := math.Inf(-1)
			for _, x := range row {
				m = math.Max(m, x)
			}
			return m
		}
	case "L1":
		norm = func(row []float64) float64 {
			var s float64
			for _, x := range row {
				s += math.Abs(x)
			}
			return s
		}
	case "L2":
		norm = func(row []float64) float64 { return math.Sqrt(sumSquare(row)) }
	default:
		return nil, fmt.Errorf("unknown norm %q", s)
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		x, rows, cols, err := features(t)
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(x))
		for i := range rows {
			row := x[i*cols : (i+1)*cols]
			d := norm(row)
			for j, v := range row {
				out[i*cols+j] = v / d
			}
		}
		return result(float32s(t.Shape(), out))
	}), nil
}
