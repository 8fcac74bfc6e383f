package savedmodel

import (
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// ensureShapeOp is EnsureShape: the input, when its shape matches the
// shape attribute (-1 dimensions match any size).
var ensureShapeOp = tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	a, err := c.attr("shape")
	if err != nil {
		return nil, err
	}
	want, got := specShape(a.GetShape()), in[0].Shape()
	if want == nil {
		return in[0], nil
	}
	ok := len(want) == len(got)
	for i := range want {
		ok = ok && (want[i] < 0 || want[i] == got[i])
	}
	if !ok {
		return nil, fmt.Errorf("shape %v is not compatible with %v", got, want)
	}
	return in[0], nil
})

// checkNumericsOp is CheckNumerics: the input, unless it holds a NaN or
// an infinity.
var checkNumericsOp = tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	x, err := asFloat64(in[0])
	if err != nil {
		return nil, err
	}
	for _, v := range x {
		if !isFinite(v) {
			return nil, fmt.Errorf("%s: tensor had %v values", c.attrString("message"), v)
		}
	}
	return in[0], nil
})

// disableCopyOnReadOp is DisableCopyOnRead, which TensorFlow's savers run
// before reading a variable; variables here are never copied on read.
var disableCopyOnReadOp = &kernel{arity: 1, run: func(*call, []value) ([]value, error) { return nil, nil }}
