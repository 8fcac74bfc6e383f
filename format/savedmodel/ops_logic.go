package savedmodel

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// predicateOp is an element-wise test with a bool result: IsNan, IsInf,
// IsFinite.
func predicateOp(f func(x float64) bool) *kernel {
	return tensorKernel(1, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		x, err := asFloat64(in[0])
		if err != nil {
			return nil, err
		}
		return tensor.New(in[0].Shape(), convert(x, f))
	})
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// logicalOp is LogicalAnd and LogicalOr on broadcast bool tensors.
func logicalOp(f func(x, y bool) bool) *kernel {
	return tensorKernel(2, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		for _, t := range in {
			if t.DType() != tensor.Bool {
				return nil, fmt.Errorf("operand is %v, want BOOL", t.DType())
			}
		}
		return compare(in[0], in[1], func(x, y float64) bool { return f(x != 0, y != 0) })
	})
}

var logicalNotOp = tensorKernel(1, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	b, ok := tensor.Values[bool](in[0])
	if !ok {
		return nil, fmt.Errorf("operand is %v, want BOOL", in[0].DType())
	}
	return tensor.New(in[0].Shape(), convert(b, func(x bool) bool { return !x }))
})
