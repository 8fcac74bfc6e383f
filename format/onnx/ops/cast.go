package ops

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/slipwayml/slipway/tensor"
)

// Cast converts t to dt with the semantics of the ONNX Cast operator: C-style truncation from
// floats to integers, wrap-around between integers, non-zero is true, and
// decimal text to and from strings.
func Cast(t *tensor.Tensor, dt tensor.DType) (*tensor.Tensor, error) {
	if t.DType() == dt {
		return t, nil
	}
	if t.DType() == tensor.String {
		return parseStrings(t, dt)
	}
	if dt == tensor.String {
		return formatStrings(t)
	}
	if t.DType().IsInt() && dt.IsInt() {
		v, err := int64s(t)
		if t.DType() == tensor.Uint64 {
			v, err = widen[uint64, int64](t.Data().([]uint64)), nil
		}
		if err != nil {
			return nil, err
		}
		return fromInt64s(dt, t.Shape(), v)
	}
	v, err := t.Float64s()
	if err != nil {
		return nil, err
	}
	return fromFloat64s(dt, t.Shape(), v)
}

func fromInt64s(dt tensor.DType, shape []int, v []int64) (*tensor.Tensor, error) {
	switch dt {
	case tensor.Int8:
		return tensor.New(shape, widen[int64, int8](v))
	case tensor.Int16:
		return tensor.New(shape, widen[int64, int16](v))
	case tensor.Int32:
		return tensor.New(shape, widen[int64, int32](v))
	case tensor.Int64:
		return tensor.New(shape, v)
	case tensor.Uint8:
		return tensor.New(shape, widen[int64, uint8](v))
	case tensor.Uint16:
		return tensor.New(shape, widen[int64, uint16](v))
	case tensor.Uint32:
		return tensor.New(shape, widen[int64, uint32](v))
	case tensor.Uint64:
		return tensor.New(shape, widen[int64, uint64](v))
	}
	return nil, fmt.Errorf("cannot cast integers to %v", dt)
}

// fromFloat64s converts float64 values to dt. Integers take the truncated
// value; NaN and out-of-range values become 0 rather than Go's
// implementation-defined result.
func fromFloat64s(dt tensor.DType, shape []int, v []float64) (*tensor.Tensor, error) {
	switch dt {
	case tensor.Float64:
		return tensor.New(shape, v)
	case tensor.Float32:
		return tensor.New(shape, widen[float64, float32](v))
	case tensor.Float16:
		h := make([]uint16, len(v))
		for i, x := range v {
			h[i] = tensor.Float32ToHalf(float32(x))
		}
		return tensor.NewFloat16(shape, h)
	case tensor.Bool:
		b := make([]bool, len(v))
		for i, x := range v {
			b[i] = x != 0
		}
		return tensor.New(shape, b)
	}
	if !dt.IsInt() {
		return nil, fmt.Errorf("cannot cast numbers to %v", dt)
	}
	ints := make([]int64, len(v))
	for i, x := range v {
		switch {
		case x != x || math.Abs(x) >= 1<<63:
		case dt == tensor.Uint64 && x >= 1<<63:
			ints[i] = int64(uint64(x))
		default:
			ints[i] = int64(x)
		}
	}
	return fromInt64s(dt, shape, ints)
}

func formatStrings(t *tensor.Tensor) (*tensor.Tensor, error) {
	v, err := t.Float64s()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(v))
	for i, x := range v {
		switch {
		case t.DType() == tensor.Bool:
			out[i] = strconv.FormatBool(x != 0)
		case t.DType().IsInt():
			out[i] = strconv.FormatFloat(x, 'f', -1, 64)
		default:
			out[i] = formatFloat(x, t.DType())
		}
	}
	return tensor.New(t.Shape(), out)
}

// formatFloat writes x as numpy's str does for the shortest round trip,
// with INF/NaN spelled as ONNX's reference does.
func formatFloat(x float64, dt tensor.DType) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "INF"
	case math.IsInf(x, -1):
		return "-INF"
	}
	bits := 64
	if dt != tensor.Float64 {
		bits = 32
	}
	return strconv.FormatFloat(x, 'g', -1, bits)
}

func parseStrings(t *tensor.Tensor, dt tensor.DType) (*tensor.Tensor, error) {
	src := t.Data().([]string)
	v := make([]float64, len(src))
	for i, s := range src {
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil && !isRangeErr(err) {
			return nil, fmt.Errorf("element %d: %q is not a number", i, s)
		}
		v[i] = x
	}
	return fromFloat64s(dt, t.Shape(), v)
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}
