package ops

import (
	"context"
	"fmt"
	"reflect"

	"github.com/slipwayml/slipway/tensor"
)

// concat joins tensors of one dtype and rank along axis.
func concat(ts []*tensor.Tensor, ax int) (*tensor.Tensor, error) {
	if len(ts) == 0 {
		return nil, fmt.Errorf("nothing to concatenate")
	}
	first := ts[0]
	shape := append([]int(nil), first.Shape()...)
	if ax < 0 || ax >= len(shape) {
		return nil, fmt.Errorf("axis %d is out of range for rank %d", ax, len(shape))
	}
	shape[ax] = 0
	for _, t := range ts {
		if t.DType() != first.DType() || len(t.Shape()) != len(shape) {
			return nil, fmt.Errorf("cannot concatenate %v %v with %v %v", first.DType(), first.Shape(), t.DType(), t.Shape())
		}
		for d, n := range t.Shape() {
			if d != ax && n != first.Shape()[d] {
				return nil, fmt.Errorf("%w: cannot concatenate %v and %v along axis %d", tensor.ErrShape, first.Shape(), t.Shape(), ax)
			}
		}
		shape[ax] += t.Shape()[ax]
	}
	n, err := numElements(shape)
	if err != nil {
		return nil, err
	}
	outer := product(shape[:ax])
	out := reflect.MakeSlice(reflect.TypeOf(first.Data()), 0, n)
	srcs := make([]reflect.Value, len(ts))
	widths := make([]int, len(ts))
	for i, t := range ts {
		srcs[i] = reflect.ValueOf(t.Data())
		widths[i] = product(t.Shape()[ax:])
	}
	for o := range outer {
		for i, src := range srcs {
			out = reflect.AppendSlice(out, src.Slice(o*widths[i], (o+1)*widths[i]))
		}
	}
	return NewTensor(first.DType(), shape, out.Interface())
}

// Concat joins the elements of tensors of one dtype into a 1-D tensor.
func Concat(ts ...*tensor.Tensor) (*tensor.Tensor, error) {
	flat := make([]*tensor.Tensor, len(ts))
	for i, t := range ts {
		var err error
		if flat[i], err = t.Reshape([]int{t.Len()}); err != nil {
			return nil, err
		}
	}
	return concat(flat, 0)
}

func buildConcat(n *Node) (Kernel, error) {
	a := n.Int("axis", 0)
	if !n.Has("axis") && n.Opset >= 4 {
		return nil, fmt.Errorf("attribute axis is required")
	}
	all := make([]int, len(n.InputTypes))
	for i := range all {
		all[i] = i
	}
	if err := n.checkTypes(all, nil, ""); err != nil {
		return nil, err
	}
	return func(ctx context.Context, in []Value) ([]Value, error) {
		ts := make([]*tensor.Tensor, len(in))
		for i := range in {
			var err error
			if ts[i], err = arg(in, i); err != nil {
				return nil, err
			}
		}
		if len(ts) == 0 {
			return nil, fmt.Errorf("no inputs")
		}
		ax, err := axis(a, len(ts[0].Shape()))
		if err != nil {
			return nil, err
		}
		return result(concat(ts, ax))
	}, nil
}
