package savedmodel

import (
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

// oneHotOp is OneHot: on_value where the index meets the position along
// a new axis of size depth, off_value elsewhere.
var oneHotOp = tensorKernel(4, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	idx, err := asInts(in[0])
	if err != nil {
		return nil, fmt.Errorf("indices: %w", err)
	}
	depth, err := scalarInt(in[1], "depth")
	if err != nil || depth < 0 {
		return nil, fmt.Errorf("depth must be a non-negative integer")
	}
	if in[2].Len() != 1 || in[3].Len() != 1 {
		return nil, fmt.Errorf("on_value and off_value must be scalars")
	}
	ishape := in[0].Shape()
	a := int(c.attrInt("axis", -1))
	if a == -1 {
		a = len(ishape)
	}
	if a < 0 || a > len(ishape) {
		return nil, fmt.Errorf("axis %d for indices of rank %d", a, len(ishape))
	}
	shape := slices.Insert(slices.Clone(ishape), a, depth)
	n, err := checkSize(shape)
	if err != nil {
		return nil, err
	}
	inner := 1
	for _, d := range ishape[a:] {
		inner *= d
	}
	which := make([]int, n) // 0 for on_value, 1 for off_value
	for i := range which {
		outer, pos, rest := i/(depth*inner), i/inner%depth, i%inner
		if idx[outer*inner+rest] != pos {
			which[i] = 1
		}
	}
	values, err := concatFlat(in[2:])
	if err != nil {
		return nil, err
	}
	return take(values, shape, which)
})

// bucketizeOp is Bucketize: for each value, the number of boundaries at
// or below it.
var bucketizeOp = tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	a, err := c.attr("boundaries")
	if err != nil {
		return nil, err
	}
	bounds := a.GetList().GetF()
	x, err := asFloat64(in[0])
	if err != nil {
		return nil, err
	}
	out := convert(x, func(v float64) int32 {
		i, _ := slices.BinarySearchFunc(bounds, v, func(b float32, v float64) int {
			if float64(b) <= v {
				return -1
			}
			return 1
		})
		return int32(i)
	})
	return tensor.New(in[0].Shape(), out)
})

// bincountOp is Bincount (counts over the whole input) and DenseBincount
// (per row of a 2-D input, Keras's CategoryEncoding): how often each value
// in [0, size) occurs, or the sum of its weights when weights are given;
// binary_output reports presence as 1. Larger values are ignored.
func bincountOp(rows bool) *kernel {
	return tensorKernel(3, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		x, err := asInts(in[0])
		if err != nil {
			return nil, fmt.Errorf("input: %w", err)
		}
		size, err := scalarInt(in[1], "size")
		if err != nil || size < 0 {
			return nil, fmt.Errorf("size must be a non-negative integer")
		}
		weights, err := asFloat64(in[2])
		if err != nil {
			return nil, err
		}
		if len(weights) != 0 && len(weights) != len(x) {
			return nil, fmt.Errorf("weights of shape %v for input %v", in[2].Shape(), in[0].Shape())
		}
		shape, width := []int{size}, len(x)
		if s := in[0].Shape(); rows && len(s) == 2 {
			shape, width = []int{s[0], size}, s[1]
		} else if rows && len(s) > 2 {
			return nil, fmt.Errorf("input of shape %v, want 1 or 2 dimensions", s)
		}
		n, err := checkSize(shape)
		if err != nil {
			return nil, err
		}
		out := make([]float64, n)
		binary := c.attrBool("binary_output")
		for i, v := range x {
			if v < 0 {
				return nil, fmt.Errorf("input holds negative value %d", v)
			}
			if v >= size {
				continue
			}
			o := &out[i/max(width, 1)*size+v]
			switch {
			case binary:
				*o = 1
			case len(weights) > 0:
				*o += weights[i]
			default:
				*o++
			}
		}
		return fromFloat64(in[2].DType(), shape, out)
	})
}
