package onnx

import (
	"encoding/binary"
	"fmt"
	"unsafe"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/tensor"
)

// decodeTensor builds a tensor from a TensorProto, reading external data
// through ext (nil refuses it).
func decodeTensor(tp *onnxpb.TensorProto, ext *externalData) (*tensor.Tensor, error) {
	if tp == nil {
		return nil, fmt.Errorf("no tensor")
	}
	dt, err := ops.DType(tp.GetDataType())
	if err != nil {
		return nil, err
	}
	shape := make([]int, len(tp.Dims))
	for i, d := range tp.Dims {
		if d < 0 || d > tensor.MaxElements {
			return nil, fmt.Errorf("%w: dimension %d is %d", tensor.ErrShape, i, d)
		}
		shape[i] = int(d)
	}
	n, err := tensor.NumElements(shape)
	if err != nil {
		return nil, err
	}
	if tp.GetSegment() != nil {
		return nil, fmt.Errorf("segmented tensors: %w", ErrUnsupported)
	}
	raw := tp.RawData
	if tp.GetDataLocation() == onnxpb.TensorProto_EXTERNAL {
		if raw, err = ext.read(tp, n*dt.Size()); err != nil {
			return nil, err
		}
	}
	if raw != nil && dt != tensor.String {
		if len(raw) != n*dt.Size() {
			return nil, fmt.Errorf("raw data holds %d bytes, shape %v of %v needs %d", len(raw), shape, dt, n*dt.Size())
		}
		return fromRaw(dt, shape, raw)
	}
	data, err := typedData(tp, dt, n)
	if err != nil {
		return nil, err
	}
	return ops.NewTensor(dt, shape, data)
}

// typedData returns the values of the typed field that holds dt, which
// must have n elements.
func typedData(tp *onnxpb.TensorProto, dt tensor.DType, n int) (any, error) {
	var got int
	var data any
	switch dt {
	case tensor.Float32:
		got, data = len(tp.FloatData), tp.FloatData
	case tensor.Float64:
		got, data = len(tp.DoubleData), tp.DoubleData
	case tensor.Int64:
		got, data = len(tp.Int64Data), tp.Int64Data
	case tensor.Uint64:
		got, data = len(tp.Uint64Data), tp.Uint64Data
	case tensor.Uint32:
		got, data = len(tp.Uint64Data), narrow[uint64, uint32](tp.Uint64Data)
	case tensor.String:
		s := make([]string, len(tp.StringData))
		for i, b := range tp.StringData {
			s[i] = string(b)
		}
		got, data = len(s), s
	default: // the types stored in int32_data, Float16 as its bits
		got, data = len(tp.Int32Data), int32Field(tp.Int32Data, dt)
	}
	if got != n {
		return nil, fmt.Errorf("%v data holds %d values, shape %v needs %d", dt, got, tp.Dims, n)
	}
	return data, nil
}

func int32Field(v []int32, dt tensor.DType) any {
	switch dt {
	case tensor.Int32:
		return v
	case tensor.Int16:
		return narrow[int32, int16](v)
	case tensor.Int8:
		return narrow[int32, int8](v)
	case tensor.Uint16, tensor.Float16:
		return narrow[int32, uint16](v)
	case tensor.Uint8:
		return narrow[int32, uint8](v)
	}
	b := make([]bool, len(v))
	for i, x := range v {
		b[i] = x != 0
	}
	return b
}

func narrow[S, D int32 | int16 | int8 | uint8 | uint16 | uint32 | uint64](s []S) []D {
	out := make([]D, len(s))
	for i, v := range s {
		out[i] = D(v)
	}
	return out
}

// fromRaw decodes little-endian raw_data. On little-endian machines the
// common numeric types alias raw instead of copying it, so a large
// initializer costs its bytes once; the caller hands raw over.
func fromRaw(dt tensor.DType, shape []int, raw []byte) (*tensor.Tensor, error) {
	if data := alias(dt, raw); data != nil {
		return ops.NewTensor(dt, shape, data)
	}
	if dt == tensor.Bool { // numpy's bools: any non-zero byte is true
		b := make([]bool, len(raw))
		for i, c := range raw {
			b[i] = c != 0
		}
		return ops.NewTensor(dt, shape, b)
	}
	return tensor.FromBinary(raw, shape, dt)
}

// littleEndian reports whether the machine stores numbers as raw_data does.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// alias returns raw viewed as a slice of dt's element type, or nil when
// that is not possible (big-endian machine, misaligned or empty bytes,
// types stored differently).
func alias(dt tensor.DType, raw []byte) any {
	if !littleEndian || len(raw) == 0 || uintptr(unsafe.Pointer(&raw[0]))%uintptr(dt.Size()) != 0 {
		return nil
	}
	switch dt {
	case tensor.Float32:
		return view[float32](raw)
	case tensor.Float64:
		return view[float64](raw)
	case tensor.Int32:
		return view[int32](raw)
	case tensor.Int64:
		return view[int64](raw)
	case tensor.Uint8:
		return raw
	}
	return nil
}

func view[T float32 | float64 | int32 | int64](raw []byte) []T {
	var z T
	return unsafe.Slice((*T)(unsafe.Pointer(&raw[0])), len(raw)/int(unsafe.Sizeof(z)))
}
