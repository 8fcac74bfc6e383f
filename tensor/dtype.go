package tensor

import "fmt"

// DType is an element type. Its String form is the Open Inference Protocol
// (KServe V2) datatype name.
type DType uint8

// The element types. Float16 is stored as its IEEE 754 binary16 bits.
const (
	Invalid DType = iota
	Bool
	Int8
	Int16
	Int32
	Int64
	Uint8
	Uint16
	Uint32
	Uint64
	Float16
	Float32
	Float64
	String // V2 "BYTES": strings or raw byte strings
)

var dtypeNames = [...]string{
	Invalid: "INVALID",
	Bool:    "BOOL",
	Int8:    "INT8",
	Int16:   "INT16",
	Int32:   "INT32",
	Int64:   "INT64",
	Uint8:   "UINT8",
	Uint16:  "UINT16",
	Uint32:  "UINT32",
	Uint64:  "UINT64",
	Float16: "FP16",
	Float32: "FP32",
	Float64: "FP64",
	String:  "BYTES",
}

func (d DType) String() string {
	if int(d) < len(dtypeNames) {
		return dtypeNames[d]
	}
	return fmt.Sprintf("DType(%d)", uint8(d))
}

// ParseDType reads a V2 datatype name such as "FP32" or "BYTES".
func ParseDType(s string) (DType, error) {
	for d, n := range dtypeNames {
		if n == s && DType(d) != Invalid {
			return DType(d), nil
		}
	}
	return Invalid, fmt.Errorf("unknown datatype %q (want one of BOOL, INT8-64, UINT8-64, FP16, FP32, FP64, BYTES)", s)
}

// Size is the width of one element in bytes; 0 for String.
func (d DType) Size() int {
	switch d {
	case Bool, Int8, Uint8:
		return 1
	case Int16, Uint16, Float16:
		return 2
	case Int32, Uint32, Float32:
		return 4
	case Int64, Uint64, Float64:
		return 8
	}
	return 0
}

// IsFloat reports whether d is a floating-point type.
func (d DType) IsFloat() bool { return d == Float16 || d == Float32 || d == Float64 }

// IsInt reports whether d is a signed or unsigned integer type.
func (d DType) IsInt() bool { return d >= Int8 && d <= Uint64 }

// IsNumeric reports whether d is an integer or floating-point type.
func (d DType) IsNumeric() bool { return d.IsInt() || d.IsFloat() }
