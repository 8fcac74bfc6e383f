package tensor

import (
	"fmt"
	"reflect"
)

// Rows returns a tensor made of the rows (slices along the first axis) of t
// at the given indices, in order; an index may repeat. It copies.
func (t *Tensor) Rows(idx []int) (*Tensor, error) {
	if len(t.shape) == 0 {
		return nil, fmt.Errorf("%w: a scalar has no rows", ErrShape)
	}
	n := t.shape[0]
	width := 1
	for _, d := range t.shape[1:] {
		width *= d
	}
	shape := append([]int{len(idx)}, t.shape[1:]...)
	if _, err := NumElements(shape); err != nil {
		return nil, err
	}
	src := reflect.ValueOf(t.data)
	dst := reflect.MakeSlice(src.Type(), len(idx)*width, len(idx)*width)
	for i, r := range idx {
		if r < 0 || r >= n {
			return nil, fmt.Errorf("row %d out of range [0, %d)", r, n)
		}
		reflect.Copy(dst.Slice(i*width, (i+1)*width), src.Slice(r*width, (r+1)*width))
	}
	return &Tensor{dtype: t.dtype, shape: shape, data: dst.Interface()}, nil
}
