package savedmodel

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// softmaxOp is Softmax, or LogSoftmax when log is set, over the last
// dimension.
func softmaxOp(log bool) *kernel {
	return tensorKernel(1, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		shape := in[0].Shape()
		if len(shape) == 0 {
			return nil, fmt.Errorf("softmax of a scalar")
		}
		x, err := asFloat64(in[0])
		if err != nil {
			return nil, err
		}
		n := shape[len(shape)-1]
		out := make([]float64, len(x))
		for r := 0; r+n <= len(x) && n > 0; r += n {
			row, o := x[r:r+n], out[r:r+n]
			m := math.Inf(-1)
			for _, v := range row {
				m = max(m, v)
			}
			var sum float64
			for i, v := range row {
				o[i] = math.Exp(v - m)
				sum += o[i]
			}
			for i := range o {
				if log {
					o[i] = row[i] - m - math.Log(sum)
				} else {
					o[i] /= sum
				}
			}
		}
		return fromFloat64(in[0].DType(), shape, out)
	})
}
