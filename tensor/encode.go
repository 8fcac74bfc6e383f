package tensor

import (
	"math"
	"strconv"

	"github.com/slipwayml/slipway/internal/jsonvalue"
)

// AppendJSON appends t as nested JSON lists (a scalar for rank 0), writing
// NaN and ±Infinity as the bare tokens NaN, Infinity and -Infinity. Floats
// use the shortest text that reads back as the same value of their own
// width, so FP32 0.1 prints as 0.1; FP16 prints as its float32 value.
func (t *Tensor) AppendJSON(buf []byte) []byte {
	return t.appendJSON(buf, t.shape)
}

// AppendFlatJSON appends t's elements as one flat JSON list, the V2 "data"
// form.
func (t *Tensor) AppendFlatJSON(buf []byte) []byte {
	return t.appendJSON(buf, []int{t.Len()})
}

func (t *Tensor) appendJSON(buf []byte, shape []int) []byte {
	switch d := t.data.(type) {
	case []bool:
		return appendNested(buf, shape, d, strconv.AppendBool)
	case []int8:
		return appendNested(buf, shape, d, appendInt)
	case []int16:
		return appendNested(buf, shape, d, appendInt)
	case []int32:
		return appendNested(buf, shape, d, appendInt)
	case []int64:
		return appendNested(buf, shape, d, appendInt)
	case []uint8:
		return appendNested(buf, shape, d, appendUint)
	case []uint16:
		if t.dtype == Float16 {
			return appendNested(buf, shape, d, appendHalf)
		}
		return appendNested(buf, shape, d, appendUint)
	case []uint32:
		return appendNested(buf, shape, d, appendUint)
	case []uint64:
		return appendNested(buf, shape, d, appendUint)
	case []float32:
		return appendNested(buf, shape, d, appendFloat32)
	case []float64:
		return appendNested(buf, shape, d, appendFloat64)
	case []string:
		return appendNested(buf, shape, d, jsonvalue.AppendString)
	}
	return append(buf, "null"...)
}

// appendNested writes data as lists nested by shape, in row-major order.
func appendNested[T any](buf []byte, shape []int, data []T, elem func([]byte, T) []byte) []byte {
	if len(shape) == 0 {
		return elem(buf, data[0])
	}
	buf = append(buf, '[')
	if len(shape) == 1 {
		for i, x := range data {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = elem(buf, x)
		}
		return append(buf, ']')
	}
	stride := 0
	if shape[0] > 0 {
		stride = len(data) / shape[0]
	}
	for i := range shape[0] {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendNested(buf, shape[1:], data[i*stride:(i+1)*stride], elem)
	}
	return append(buf, ']')
}

func appendInt[T int8 | int16 | int32 | int64](buf []byte, x T) []byte {
	return strconv.AppendInt(buf, int64(x), 10)
}

func appendUint[T uint8 | uint16 | uint32 | uint64](buf []byte, x T) []byte {
	return strconv.AppendUint(buf, uint64(x), 10)
}

func appendFloat64(buf []byte, f float64) []byte { return appendFloat(buf, f, 64) }

func appendFloat32(buf []byte, f float32) []byte { return appendFloat(buf, float64(f), 32) }

func appendHalf(buf []byte, h uint16) []byte {
	return appendFloat(buf, float64(HalfToFloat32(h)), 32)
}

func appendFloat(buf []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(buf, "NaN"...)
	case math.IsInf(f, 1):
		return append(buf, "Infinity"...)
	case math.IsInf(f, -1):
		return append(buf, "-Infinity"...)
	}
	return strconv.AppendFloat(buf, f, 'g', -1, bits)
}
