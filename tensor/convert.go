package tensor

import (
	"fmt"
	"math"
)

// Float64s returns the elements as float64: t's own storage for FP64 (do not
// modify it), a converted copy for other numeric and bool types, and an error
// for strings.
func (t *Tensor) Float64s() ([]float64, error) {
	switch d := t.data.(type) {
	case []float64:
		return d, nil
	case []float32:
		return convertSlice(d), nil
	case []int8:
		return convertSlice(d), nil
	case []int16:
		return convertSlice(d), nil
	case []int32:
		return convertSlice(d), nil
	case []int64:
		return convertSlice(d), nil
	case []uint8:
		return convertSlice(d), nil
	case []uint16:
		if t.dtype == Float16 {
			out := make([]float64, len(d))
			for i, h := range d {
				out[i] = float64(HalfToFloat32(h))
			}
			return out, nil
		}
		return convertSlice(d), nil
	case []uint32:
		return convertSlice(d), nil
	case []uint64:
		return convertSlice(d), nil
	case []bool:
		out := make([]float64, len(d))
		for i, b := range d {
			if b {
				out[i] = 1
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("cannot use %v elements as numbers", t.dtype)
}

func convertSlice[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64 | float32](s []T) []float64 {
	out := make([]float64, len(s))
	for i, v := range s {
		out[i] = float64(v)
	}
	return out
}

// HalfToFloat32 converts IEEE 754 binary16 bits to float32.
func HalfToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f:
		return math.Float32frombits(sign | 0x7f800000 | frac<<13)
	case exp == 0 && frac == 0:
		return math.Float32frombits(sign)
	case exp == 0:
		e := uint32(127 - 15 + 1)
		for frac&0x400 == 0 {
			frac <<= 1
			e--
		}
		return math.Float32frombits(sign | e<<23 | (frac&0x3ff)<<13)
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | frac<<13)
}

// Float32ToHalf converts f to IEEE 754 binary16 bits, rounding to nearest
// even. Values beyond the half range become ±Inf; NaN stays a quiet NaN.
func Float32ToHalf(f float32) uint16 {
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	exp := int(b>>23) & 0xff
	mant := b & 0x7fffff
	if exp == 0xff {
		if mant == 0 {
			return sign | 0x7c00
		}
		return sign | 0x7e00 | uint16(mant>>13)
	}
	e := exp - 127 + 15 // biased half exponent
	switch {
	case e >= 0x1f:
		return sign | 0x7c00
	case e <= 0:
		// Subnormal half: shift the full significand down to units of
		// 2^-24; anything below half of the smallest step rounds to zero.
		if e < -10 {
			return sign
		}
		return sign | uint16(roundShift(mant|0x800000, uint(14-e)))
	}
	// A carry out of the mantissa correctly bumps the exponent, up to Inf.
	return sign | uint16(roundShift(uint32(e)<<23|mant, 13))
}

// roundShift returns x >> n rounded to nearest, ties to even.
func roundShift(x uint32, n uint) uint32 {
	q := x >> n
	rem := x & (1<<n - 1)
	half := uint32(1) << (n - 1)
	if rem > half || rem == half && q&1 == 1 {
		q++
	}
	return q
}
