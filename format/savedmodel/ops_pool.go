package savedmodel

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// poolOp is MaxPool/MaxPool3D, or AvgPool/AvgPool3D when avg is set;
// with fromInputs (MaxPoolV2) ksize and strides are inputs 1 and 2.
// Padding never counts: an average divides by the number of input
// elements in the window.
func poolOp(avg, fromInputs bool) *kernel {
	arity := 1
	if fromInputs {
		arity = 3
	}
	return windowKernel(arity, 0, func(c *call, in []*tensor.Tensor, first bool) (*tensor.Tensor, error) {
		ksize, strides := c.attrInts("ksize"), c.attrInts("strides")
		if fromInputs {
			var err error
			if ksize, err = int64s(in[1]); err != nil {
				return nil, fmt.Errorf("ksize: %w", err)
			}
			if strides, err = int64s(in[2]); err != nil {
				return nil, fmt.Errorf("strides: %w", err)
			}
		}
		xs := in[0].Shape()
		k, err := spatial(ksize, len(xs), first)
		if err != nil {
			return nil, fmt.Errorf("ksize: %w", err)
		}
		w, err := newWindow(c, xs, k, strides, nil, first)
		if err != nil {
			return nil, err
		}
		shape := w.outShape(len(xs), w.c)
		if _, err := checkSize(shape); err != nil {
			return nil, err
		}
		x, err := asFloat64(in[0])
		if err != nil {
			return nil, err
		}
		out := make([]float64, w.n*w.outSize()*w.c)
		for b := range w.n {
			for o := range w.outSize() {
				acc := out[(b*w.outSize()+o)*w.c:][:w.c]
				count := 0
				for i := range w.taps(o) {
					px := x[(b*w.inSize()+i)*w.c:][:w.c]
					for ch, v := range px {
						if avg || count > 0 {
							acc[ch] = pool(avg, acc[ch], v)
						} else {
							acc[ch] = v
						}
					}
					count++
				}
				for ch := range acc {
					switch {
					case count == 0 && !avg:
						acc[ch] = math.Inf(-1) // a window wholly in explicit padding
					case avg && count > 0:
						acc[ch] /= float64(count)
					}
				}
			}
		}
		return fromFloat64(in[0].DType(), shape, out)
	})
}

func pool(avg bool, acc, v float64) float64 {
	if avg {
		return acc + v
	}
	return max(acc, v)
}

// int64s reads an integer tensor as int64s, for attribute-like inputs.
func int64s(t *tensor.Tensor) ([]int64, error) {
	v, err := asInts(t)
	if err != nil {
		return nil, err
	}
	return convert(v, func(x int) int64 { return int64(x) }), nil
}
