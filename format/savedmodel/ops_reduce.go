package savedmodel

import (
	"fmt"
	"math"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

// reduceAxes reads a reduction's axis input and returns the mask of
// reduced dimensions.
func reduceAxes(t, axes *tensor.Tensor) ([]bool, error) {
	ax, err := asInts(axes)
	if err != nil {
		return nil, fmt.Errorf("axis: %w", err)
	}
	mask := make([]bool, len(t.Shape()))
	for _, a := range ax {
		a, err := axis(a, len(mask))
		if err != nil {
			return nil, err
		}
		mask[a] = true
	}
	return mask, nil
}

// reduceIndex maps each element of a tensor of shape to the flat index of
// its reduction output, whose shape keeps reduced dimensions as 1.
func reduceIndex(shape []int, mask []bool) (kept []int, idx []int) {
	kept = slices.Clone(shape)
	for i, m := range mask {
		if m {
			kept[i] = 1
		}
	}
	step := strides(kept)
	for i, m := range mask {
		if m {
			step[i] = 0
		}
	}
	return kept, gatherIndex(shape, 0, step)
}

// reduceOp is Sum, Mean, Max, Min and Prod: init starts each output,
// f folds an element in, and fin (if set) finishes with the count.
func reduceOp(init float64, f func(acc, x float64) float64, fin func(acc float64, n int) float64) *kernel {
	return tensorKernel(2, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		mask, err := reduceAxes(in[0], in[1])
		if err != nil {
			return nil, err
		}
		x, err := asFloat64(in[0])
		if err != nil {
			return nil, err
		}
		kept, idx := reduceIndex(in[0].Shape(), mask)
		n, _ := tensor.NumElements(kept)
		out := make([]float64, n)
		for i := range out {
			out[i] = init
		}
		for i, j := range idx {
			out[j] = f(out[j], x[i])
		}
		if fin != nil && n > 0 {
			count := len(x) / n
			for i := range out {
				out[i] = fin(out[i], count)
			}
		}
		shape := kept
		if !c.attrBool("keep_dims") {
			shape = nil
			for i, d := range kept {
				if !mask[i] {
					shape = append(shape, d)
				}
			}
		}
		return fromFloat64(in[0].DType(), shape, out)
	})
}

func mean(acc float64, n int) float64 { return acc / float64(n) }

// argOp is ArgMax (sign 1) and ArgMin (sign -1): the first index of the
// extreme value along one axis.
func argOp(sign float64) *kernel {
	return tensorKernel(2, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		shape := in[0].Shape()
		d, err := scalarInt(in[1], "dimension")
		if err != nil {
			return nil, err
		}
		a, err := axis(d, len(shape))
		if err != nil {
			return nil, err
		}
		if shape[a] == 0 {
			return nil, fmt.Errorf("arg reduction over an empty dimension")
		}
		dt, err := outType(c, "output_type", tensor.Int64)
		if err != nil {
			return nil, err
		}
		x, err := asFloat64(in[0])
		if err != nil {
			return nil, err
		}
		mask := make([]bool, len(shape))
		mask[a] = true
		kept, idx := reduceIndex(shape, mask)
		n, _ := tensor.NumElements(kept)
		best, out := make([]float64, n), make([]float64, n)
		for i := range best {
			best[i] = math.Inf(-1)
		}
		inner := strides(shape)[a]
		for i, j := range idx {
			if v := sign * x[i]; v > best[j] || math.IsNaN(x[i]) && !math.IsNaN(best[j]) {
				best[j], out[j] = v, float64(i/inner%shape[a])
			}
		}
		return fromFloat64(dt, slices.Delete(slices.Clone(shape), a, a+1), out)
	})
}

var rangeOp = tensorKernel(3, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	var v [3]float64
	for i, t := range in {
		f, err := asFloat64(t)
		if err != nil || len(f) != 1 {
			return nil, fmt.Errorf("start, limit and delta must be scalars")
		}
		v[i] = f[0]
	}
	start, limit, delta := v[0], v[1], v[2]
	if delta == 0 || (delta > 0) != (limit >= start) && limit != start {
		return nil, fmt.Errorf("range(%g, %g, %g) is empty or unbounded", start, limit, delta)
	}
	count := math.Ceil(math.Abs((limit - start) / delta))
	if count > maxElements {
		return nil, fmt.Errorf("range of %g elements", count)
	}
	out := make([]float64, int(count))
	for i := range out {
		out[i] = start + float64(i)*delta
	}
	return fromFloat64(in[0].DType(), []int{len(out)}, out)
})
