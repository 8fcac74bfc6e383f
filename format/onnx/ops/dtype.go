package ops

import (
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// onnxTypes maps TensorProto.DataType codes to tensor dtypes; tensor.Invalid
// marks the ONNX types Slipway cannot hold.
var onnxTypes = [...]tensor.DType{
	1: tensor.Float32, 2: tensor.Uint8, 3: tensor.Int8, 4: tensor.Uint16, 5: tensor.Int16,
	6: tensor.Int32, 7: tensor.Int64, 8: tensor.String, 9: tensor.Bool, 10: tensor.Float16,
	11: tensor.Float64, 12: tensor.Uint32, 13: tensor.Uint64,
}

var onnxTypeNames = [...]string{
	0: "UNDEFINED", 14: "COMPLEX64", 15: "COMPLEX128", 16: "BFLOAT16",
	17: "FLOAT8E4M3FN", 18: "FLOAT8E4M3FNUZ", 19: "FLOAT8E5M2", 20: "FLOAT8E5M2FNUZ",
	21: "UINT4", 22: "INT4", 23: "FLOAT4E2M1", 24: "FLOAT8E8M0", 25: "UINT2", 26: "INT2",
}

// UnsupportedTypeError reports an ONNX element type Slipway cannot hold.
type UnsupportedTypeError struct{ Code int32 }

func (e *UnsupportedTypeError) Error() string {
	if e.Code >= 0 && int(e.Code) < len(onnxTypeNames) && onnxTypeNames[e.Code] != "" {
		return fmt.Sprintf("unsupported ONNX element type %s", onnxTypeNames[e.Code])
	}
	return fmt.Sprintf("invalid ONNX element type %d", e.Code)
}

// DType returns the tensor dtype of an ONNX TensorProto.DataType code.
func DType(code int32) (tensor.DType, error) {
	if code > 0 && int(code) < len(onnxTypes) {
		return onnxTypes[code], nil
	}
	return tensor.Invalid, &UnsupportedTypeError{Code: code}
}

// optionalDType returns the dtype the node's attribute name gives as a
// DataType code, or Invalid when the node lacks it.
func optionalDType(n *Node, name string) (tensor.DType, error) {
	if !n.Has(name) {
		return tensor.Invalid, nil
	}
	return DType(int32(n.Int(name, 0)))
}
