package ops

import "github.com/slipwayml/slipway/tensor"

// Value is what flows along a graph edge: a *tensor.Tensor, a Sequence or a
// Map. A nil Value is an absent optional input or output.
type Value any

// Sequence is an ONNX sequence: an ordered list of values of one type.
type Sequence []Value

// Map is an ONNX map: Keys (INT64 or BYTES) and Values are 1-D tensors of
// equal length, the i-th key mapping to the i-th value.
type Map struct {
	Keys, Values *tensor.Tensor
}
