package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// buildBitCast reinterprets each element's bits as another type of the
// same width.
func buildBitCast(n *Node) (Kernel, error) {
	to, err := DType(int32(n.Int("to", 0)))
	if err != nil {
		return nil, err
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		if t.DType().Size() != to.Size() || to == tensor.String || t.DType() == tensor.String {
			return nil, fmt.Errorf("cannot reinterpret %v as %v", t.DType(), to)
		}
		b, err := bitPatterns(t)
		if err != nil {
			return nil, err
		}
		return result(fromBitPatterns(to, t.Shape(), b))
	}), nil
}

// bitPatterns returns each element's bits, zero-extended.
func bitPatterns(t *tensor.Tensor) ([]uint64, error) {
	switch d := t.Data().(type) {
	case []float32:
		out := make([]uint64, len(d))
		for i, x := range d {
			out[i] = uint64(math.Float32bits(x))
		}
		return out, nil
	case []float64:
		out := make([]uint64, len(d))
		for i, x := range d {
			out[i] = math.Float64bits(x)
		}
		return out, nil
	case []bool:
		out := make([]uint64, len(d))
		for i, x := range d {
			if x {
				out[i] = 1
			}
		}
		return out, nil
	}
	v, err := bits(t)
	if err != nil {
		return nil, err
	}
	mask := uint64(1)<<(8*t.DType().Size()) - 1
	if t.DType().Size() == 8 {
		mask = math.MaxUint64
	}
	out := make([]uint64, len(v))
	for i, x := range v {
		out[i] = uint64(x) & mask
	}
	return out, nil
}

func fromBitPatterns(dt tensor.DType, shape []int, b []uint64) (*tensor.Tensor, error) {
	switch dt {
	case tensor.Float32:
		out := make([]float32, len(b))
		for i, x := range b {
			out[i] = math.Float32frombits(uint32(x))
		}
		return tensor.New(shape, out)
	case tensor.Float64:
		out := make([]float64, len(b))
		for i, x := range b {
			out[i] = math.Float64frombits(x)
		}
		return tensor.New(shape, out)
	case tensor.Bool:
		out := make([]bool, len(b))
		for i, x := range b {
			out[i] = x != 0
		}
		return tensor.New(shape, out)
	case tensor.Float16:
		return tensor.NewFloat16(shape, widen[uint64, uint16](b))
	}
	return fromInt64s(dt, shape, widen[uint64, int64](b))
}
