package savedmodel

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// decodeTensorProto builds a tensor from a TensorProto. Typed value lists
// shorter than the shape repeat their last element, as TensorFlow does.
func decodeTensorProto(p *tfpb.TensorProto) (*tensor.Tensor, error) {
	if p == nil {
		return nil, fmt.Errorf("missing tensor value")
	}
	dt, err := fromDataType(p.GetDtype())
	if err != nil {
		return nil, err
	}
	shape, err := fromShape(p.GetTensorShape())
	if err != nil {
		return nil, err
	}
	// checkSize, not just NumElements: one float_val can fill any shape.
	n, err := checkSize(shape)
	if err != nil {
		return nil, err
	}
	if p.GetDtype() == tfpb.DataType_DT_BFLOAT16 {
		if c := p.GetTensorContent(); len(c) > 0 || n == 0 {
			return decodeBF16(shape, n, c)
		}
		return fill(shape, n, p.GetHalfVal(), func(v int32) float32 { return bf16Float32(uint16(v)) })
	}
	if c := p.GetTensorContent(); len(c) > 0 || (n == 0 && dt != tensor.String) {
		if dt == tensor.String {
			return nil, fmt.Errorf("string tensor in tensor_content: %w", ErrUnsupported)
		}
		if len(c) != n*dt.Size() {
			return nil, fmt.Errorf("tensor_content has %d bytes, want %d for %v %v", len(c), n*dt.Size(), dt, shape)
		}
		return fromLittleEndian(dt, shape, c)
	}
	switch dt {
	case tensor.Float32:
		return fill(shape, n, p.GetFloatVal(), func(v float32) float32 { return v })
	case tensor.Float64:
		return fill(shape, n, p.GetDoubleVal(), func(v float64) float64 { return v })
	case tensor.Int32:
		return fill(shape, n, p.GetIntVal(), func(v int32) int32 { return v })
	case tensor.Int16:
		return fill(shape, n, p.GetIntVal(), func(v int32) int16 { return int16(v) })
	case tensor.Int8:
		return fill(shape, n, p.GetIntVal(), func(v int32) int8 { return int8(v) })
	case tensor.Uint8:
		return fill(shape, n, p.GetIntVal(), func(v int32) uint8 { return uint8(v) })
	case tensor.Uint16:
		return fill(shape, n, p.GetIntVal(), func(v int32) uint16 { return uint16(v) })
	case tensor.Int64:
		return fill(shape, n, p.GetInt64Val(), func(v int64) int64 { return v })
	case tensor.Uint32:
		return fill(shape, n, p.GetUint32Val(), func(v uint32) uint32 { return v })
	case tensor.Uint64:
		return fill(shape, n, p.GetUint64Val(), func(v uint64) uint64 { return v })
	case tensor.Bool:
		return fill(shape, n, p.GetBoolVal(), func(v bool) bool { return v })
	case tensor.String:
		return fill(shape, n, p.GetStringVal(), func(v []byte) string { return string(v) })
	case tensor.Float16:
		t, err := fill(shape, n, p.GetHalfVal(), func(v int32) uint16 { return uint16(v) })
		if err != nil {
			return nil, err
		}
		bits, _ := tensor.Values[uint16](t)
		return tensor.NewFloat16(shape, bits)
	}
	return nil, fmt.Errorf("element type %v: %w", dt, ErrUnsupported)
}

func fill[S any, T tensor.Elem](shape []int, n int, vals []S, conv func(S) T) (*tensor.Tensor, error) {
	if len(vals) > n {
		return nil, fmt.Errorf("%d values for shape %v", len(vals), shape)
	}
	out := make([]T, n)
	for i := range out {
		switch {
		case i < len(vals):
			out[i] = conv(vals[i])
		case len(vals) > 0:
			out[i] = out[len(vals)-1]
		}
	}
	return tensor.New(shape, out)
}

// fromLittleEndian decodes raw little-endian element bytes; the caller has
// checked the length.
func fromLittleEndian(dt tensor.DType, shape []int, b []byte) (*tensor.Tensor, error) {
	le := binary.LittleEndian
	switch dt {
	case tensor.Float32:
		return decodeRaw(shape, b, 4, func(b []byte) float32 { return math.Float32frombits(le.Uint32(b)) })
	case tensor.Float64:
		return decodeRaw(shape, b, 8, func(b []byte) float64 { return math.Float64frombits(le.Uint64(b)) })
	case tensor.Int8:
		return decodeRaw(shape, b, 1, func(b []byte) int8 { return int8(b[0]) })
	case tensor.Int16:
		return decodeRaw(shape, b, 2, func(b []byte) int16 { return int16(le.Uint16(b)) })
	case tensor.Int32:
		return decodeRaw(shape, b, 4, func(b []byte) int32 { return int32(le.Uint32(b)) })
	case tensor.Int64:
		return decodeRaw(shape, b, 8, func(b []byte) int64 { return int64(le.Uint64(b)) })
	case tensor.Uint8:
		return decodeRaw(shape, b, 1, func(b []byte) uint8 { return b[0] })
	case tensor.Uint16:
		return decodeRaw(shape, b, 2, le.Uint16)
	case tensor.Uint32:
		return decodeRaw(shape, b, 4, le.Uint32)
	case tensor.Uint64:
		return decodeRaw(shape, b, 8, le.Uint64)
	case tensor.Bool:
		return decodeRaw(shape, b, 1, func(b []byte) bool { return b[0] != 0 })
	case tensor.Float16:
		t, err := decodeRaw(shape, b, 2, le.Uint16)
		if err != nil {
			return nil, err
		}
		bits, _ := tensor.Values[uint16](t)
		return tensor.NewFloat16(shape, bits)
	}
	return nil, fmt.Errorf("raw %v tensor: %w", dt, ErrUnsupported)
}

func decodeRaw[T tensor.Elem](shape []int, b []byte, size int, get func([]byte) T) (*tensor.Tensor, error) {
	out := make([]T, len(b)/size)
	for i := range out {
		out[i] = get(b[i*size:])
	}
	return tensor.New(shape, out)
}
