package savedmodel

import (
	"fmt"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

var dtypes = map[tfpb.DataType]tensor.DType{
	tfpb.DataType_DT_FLOAT:  tensor.Float32,
	tfpb.DataType_DT_DOUBLE: tensor.Float64,
	tfpb.DataType_DT_HALF:   tensor.Float16,
	// Held as float32: see bfloat16.go.
	tfpb.DataType_DT_BFLOAT16: tensor.Float32,
	tfpb.DataType_DT_INT8:     tensor.Int8,
	tfpb.DataType_DT_INT16:    tensor.Int16,
	tfpb.DataType_DT_INT32:    tensor.Int32,
	tfpb.DataType_DT_INT64:    tensor.Int64,
	tfpb.DataType_DT_UINT8:    tensor.Uint8,
	tfpb.DataType_DT_UINT16:   tensor.Uint16,
	tfpb.DataType_DT_UINT32:   tensor.Uint32,
	tfpb.DataType_DT_UINT64:   tensor.Uint64,
	tfpb.DataType_DT_BOOL:     tensor.Bool,
	tfpb.DataType_DT_STRING:   tensor.String,
}

// refOffset turns a DataType into its reference type (a TF1 variable).
const refOffset = 100

// fromDataType maps a TensorFlow element type to Slipway's; reference
// types map like their value types.
func fromDataType(d tfpb.DataType) (tensor.DType, error) {
	if d > refOffset {
		d -= refOffset
	}
	if dt, ok := dtypes[d]; ok {
		return dt, nil
	}
	return tensor.Invalid, fmt.Errorf("element type %v: %w", d, ErrUnsupported)
}

// fromShape returns a fully known shape; unknown dimensions are errors.
func fromShape(s *tfpb.TensorShapeProto) ([]int, error) {
	if s.GetUnknownRank() {
		return nil, fmt.Errorf("shape of unknown rank")
	}
	if err := checkRank(len(s.GetDim())); err != nil {
		return nil, err
	}
	shape := make([]int, len(s.GetDim()))
	for i, d := range s.GetDim() {
		if d.GetSize() < 0 || d.GetSize() > tensor.MaxElements {
			return nil, fmt.Errorf("%w: dimension %d is %d", tensor.ErrShape, i, d.GetSize())
		}
		shape[i] = int(d.GetSize())
	}
	return shape, nil
}

// specShape returns a signature shape: -1 for unknown dimensions, nil for
// an unknown rank.
func specShape(s *tfpb.TensorShapeProto) []int {
	if s == nil || s.GetUnknownRank() {
		return nil
	}
	shape := make([]int, len(s.GetDim()))
	for i, d := range s.GetDim() {
		shape[i] = max(int(d.GetSize()), -1)
	}
	return shape
}
