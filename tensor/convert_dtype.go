package tensor

import (
	"fmt"
	"math"
)

// Convert returns t converted to dt when every value survives, else an error
// naming the first element that does not. Converting to t's own dtype
// returns t. The rules:
//
//   - integers convert to other integer types when in range, and to floats
//     when exactly representable (e.g. up to 2^53 for FP64, 2^24 for FP32);
//   - floats widen exactly, and narrow (FP64 to FP32, either to FP16) by
//     rounding to nearest, because V2 clients send FP64 JSON to FP32 models;
//     a finite value that would overflow to infinity is an error, while NaN
//     and ±Inf carry over;
//   - floats never become integers, and BOOL and BYTES convert to nothing.
func (t *Tensor) Convert(dt DType) (*Tensor, error) {
	if dt == t.dtype {
		return t, nil
	}
	var data any
	var err error
	switch {
	case t.dtype.IsInt() && (dt.IsInt() || dt.IsFloat()):
		data, err = convertInts(t, dt)
	case t.dtype.IsFloat() && dt.IsFloat():
		data, err = convertFloats(t, dt)
	default:
		return nil, fmt.Errorf("cannot convert %v to %v", t.dtype, dt)
	}
	if err != nil {
		return nil, fmt.Errorf("convert %v to %v: %w", t.dtype, dt, err)
	}
	return &Tensor{dtype: dt, shape: t.shape, data: data}, nil
}

type integer interface {
	int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64
}

func convertInts(t *Tensor, dt DType) (any, error) {
	bits := t.dtype.Size() * 8
	switch d := t.data.(type) {
	case []int8:
		return intsTo(d, bits, dt)
	case []int16:
		return intsTo(d, bits, dt)
	case []int32:
		return intsTo(d, bits, dt)
	case []int64:
		return intsTo(d, bits, dt)
	case []uint8:
		return intsTo(d, bits, dt)
	case []uint16:
		return intsTo(d, bits, dt)
	case []uint32:
		return intsTo(d, bits, dt)
	case []uint64:
		return intsTo(d, bits, dt)
	}
	return nil, fmt.Errorf("storage %T is not integers", t.data)
}

// intsTo converts integers of srcBits width to dt.
func intsTo[S integer](src []S, srcBits int, dt DType) (any, error) {
	switch dt {
	case Int8:
		return narrowInts[S, int8](src, dt)
	case Int16:
		return narrowInts[S, int16](src, dt)
	case Int32:
		return narrowInts[S, int32](src, dt)
	case Int64:
		return narrowInts[S, int64](src, dt)
	case Uint8:
		return narrowInts[S, uint8](src, dt)
	case Uint16:
		return narrowInts[S, uint16](src, dt)
	case Uint32:
		return narrowInts[S, uint32](src, dt)
	case Uint64:
		return narrowInts[S, uint64](src, dt)
	case Float32:
		return intsToFloats[S, float32](src, srcBits, dt)
	case Float64:
		return intsToFloats[S, float64](src, srcBits, dt)
	}
	// Float16: exact in float32 first, then exact in half.
	f, err := intsToFloats[S, float32](src, srcBits, dt)
	if err != nil {
		return nil, err
	}
	out := make([]uint16, len(f))
	for i, x := range f {
		if out[i] = Float32ToHalf(x); HalfToFloat32(out[i]) != x {
			return nil, notExact(i, src[i], dt)
		}
	}
	return out, nil
}

// narrowInts converts when the value survives the round trip with its
// sign, which rules out both truncation and wrap-around.
func narrowInts[S, D integer](src []S, dt DType) ([]D, error) {
	out := make([]D, len(src))
	for i, x := range src {
		y := D(x)
		if S(y) != x || (x < 0) != (y < 0) {
			return nil, fmt.Errorf("element %d: %d is out of range for %v", i, x, dt)
		}
		out[i] = y
	}
	return out, nil
}

// intsToFloats converts when the float is exactly the integer. The float is
// compared below 2^srcBits first: converting a float beyond S's range back
// to S is implementation-defined in Go.
func intsToFloats[S integer, D float32 | float64](src []S, srcBits int, dt DType) ([]D, error) {
	limit := math.Ldexp(1, srcBits)
	if S(0)-1 < 0 { // signed
		limit /= 2
	}
	out := make([]D, len(src))
	for i, x := range src {
		y := D(x)
		if float64(y) >= limit || S(y) != x {
			return nil, notExact(i, x, dt)
		}
		out[i] = y
	}
	return out, nil
}

func notExact[S integer](i int, x S, dt DType) error {
	return fmt.Errorf("element %d: %d is not exactly representable in %v", i, x, dt)
}

func convertFloats(t *Tensor, dt DType) (any, error) {
	// Exact for every float type, and a fresh copy unless t is FP64, in
	// which case dt is not FP64.
	src, err := t.Float64s()
	if err != nil {
		return nil, err
	}
	switch dt {
	case Float64:
		return src, nil
	case Float32:
		out := make([]float32, len(src))
		for i, x := range src {
			if out[i] = float32(x); overflowed(float64(out[i]), x) {
				return nil, fmt.Errorf("element %d: %g is out of range for FP32", i, x)
			}
		}
		return out, nil
	}
	out := make([]uint16, len(src))
	for i, x := range src {
		out[i] = Float32ToHalf(float32(x))
		if overflowed(float64(HalfToFloat32(out[i])), x) {
			return nil, fmt.Errorf("element %d: %g is out of range for FP16", i, x)
		}
	}
	return out, nil
}

// overflowed reports whether a finite x became infinite when narrowed to y.
func overflowed(y, x float64) bool { return math.IsInf(y, 0) && !math.IsInf(x, 0) }
