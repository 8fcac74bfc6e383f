package savedmodel

import "github.com/slipwayml/slipway/tensor"

// computeFloat returns a tensor of type dt and shape holding f of the
// elements of x and y. Two float32 operands are read in place and computed
// in float32, as TensorFlow's own kernels compute them, so a large weight
// costs no copy; any other types are computed in float64 and rounded to dt.
func computeFloat(dt tensor.DType, shape []int, x, y *tensor.Tensor, f32 func(x, y []float32) []float32, f64 func(x, y []float64) []float64) (*tensor.Tensor, error) {
	if x.DType() == tensor.Float32 && y.DType() == tensor.Float32 {
		xv, _ := tensor.Values[float32](x)
		yv, _ := tensor.Values[float32](y)
		return tensor.New(shape, f32(xv, yv))
	}
	xv, err := asFloat64(x)
	if err != nil {
		return nil, err
	}
	yv, err := asFloat64(y)
	if err != nil {
		return nil, err
	}
	return fromFloat64(dt, shape, f64(xv, yv))
}
