package tensor

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
)

// FromBinary builds a tensor from the V2 binary tensor data extension's raw
// bytes: little-endian elements, BOOL as one byte 0 or 1, FP16 as its bits,
// BYTES as a 4-byte little-endian length before each element's bytes. The
// buffer must hold exactly the shape's elements.
func FromBinary(raw []byte, shape []int, dt DType) (*Tensor, error) {
	n, err := NumElements(shape)
	if err != nil {
		return nil, err
	}
	if dt == String {
		data, err := decodeBytes(raw, n)
		if err != nil {
			return nil, err
		}
		return &Tensor{dtype: dt, shape: slices.Clone(shape), data: data}, nil
	}
	size := dt.Size()
	if size == 0 {
		return nil, fmt.Errorf("cannot decode binary data as %v", dt)
	}
	if len(raw) != n*size {
		return nil, fmt.Errorf("binary data has %d bytes, shape %v of %v needs %d", len(raw), shape, dt, n*size)
	}
	le := binary.LittleEndian
	var data any
	switch dt {
	case Bool:
		b := make([]bool, n)
		for i, c := range raw {
			if c > 1 {
				return nil, fmt.Errorf("element %d: BOOL byte is %d, want 0 or 1", i, c)
			}
			b[i] = c == 1
		}
		data = b
	case Int8:
		data = decodeLE(raw, size, func(b []byte) int8 { return int8(b[0]) })
	case Int16:
		data = decodeLE(raw, size, func(b []byte) int16 { return int16(le.Uint16(b)) })
	case Int32:
		data = decodeLE(raw, size, func(b []byte) int32 { return int32(le.Uint32(b)) })
	case Int64:
		data = decodeLE(raw, size, func(b []byte) int64 { return int64(le.Uint64(b)) })
	case Uint8:
		data = decodeLE(raw, size, func(b []byte) uint8 { return b[0] })
	case Uint16, Float16:
		data = decodeLE(raw, size, le.Uint16)
	case Uint32:
		data = decodeLE(raw, size, le.Uint32)
	case Uint64:
		data = decodeLE(raw, size, le.Uint64)
	case Float32:
		data = decodeLE(raw, size, func(b []byte) float32 { return math.Float32frombits(le.Uint32(b)) })
	case Float64:
		data = decodeLE(raw, size, func(b []byte) float64 { return math.Float64frombits(le.Uint64(b)) })
	}
	return &Tensor{dtype: dt, shape: slices.Clone(shape), data: data}, nil
}

func decodeLE[T any](raw []byte, size int, get func([]byte) T) []T {
	out := make([]T, len(raw)/size)
	for i := range out {
		out[i] = get(raw[i*size:])
	}
	return out
}

// decodeBytes splits raw into n length-prefixed strings, all sharing one
// copy of raw.
func decodeBytes(raw []byte, n int) ([]string, error) {
	if n > len(raw)/4 { // every element needs its 4-byte length
		return nil, fmt.Errorf("binary data has %d bytes, too few for %d BYTES elements", len(raw), n)
	}
	s := string(raw)
	out := make([]string, n)
	off := 0
	for i := range out {
		if len(s)-off < 4 {
			return nil, fmt.Errorf("element %d: binary data ends inside its 4-byte length at byte %d", i, off)
		}
		l := uint64(binary.LittleEndian.Uint32(raw[off:]))
		off += 4
		if l > uint64(len(s)-off) {
			return nil, fmt.Errorf("element %d: length %d at byte %d runs past the end of the %d-byte buffer", i, l, off-4, len(s))
		}
		out[i] = s[off : off+int(l)]
		off += int(l)
	}
	if off != len(s) {
		return nil, fmt.Errorf("binary data has %d bytes after the %d BYTES elements", len(s)-off, n)
	}
	return out, nil
}

// AppendBinary appends t in the V2 binary tensor data layout.
func (t *Tensor) AppendBinary(buf []byte) []byte {
	le := binary.LittleEndian
	switch d := t.data.(type) {
	case []bool:
		for _, b := range d {
			buf = append(buf, boolByte(b))
		}
	case []int8:
		for _, x := range d {
			buf = append(buf, byte(x))
		}
	case []int16:
		for _, x := range d {
			buf = le.AppendUint16(buf, uint16(x))
		}
	case []int32:
		for _, x := range d {
			buf = le.AppendUint32(buf, uint32(x))
		}
	case []int64:
		for _, x := range d {
			buf = le.AppendUint64(buf, uint64(x))
		}
	case []uint8:
		buf = append(buf, d...)
	case []uint16:
		for _, x := range d {
			buf = le.AppendUint16(buf, x)
		}
	case []uint32:
		for _, x := range d {
			buf = le.AppendUint32(buf, x)
		}
	case []uint64:
		for _, x := range d {
			buf = le.AppendUint64(buf, x)
		}
	case []float32:
		for _, x := range d {
			buf = le.AppendUint32(buf, math.Float32bits(x))
		}
	case []float64:
		for _, x := range d {
			buf = le.AppendUint64(buf, math.Float64bits(x))
		}
	case []string:
		for _, s := range d {
			buf = le.AppendUint32(buf, uint32(len(s)))
			buf = append(buf, s...)
		}
	}
	return buf
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}
