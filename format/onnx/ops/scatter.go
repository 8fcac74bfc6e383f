package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// reduction combines an existing element with an update in ScatterND and
// ScatterElements ("none" replaces).
func reduction(n *Node) (func(old, upd float64) float64, error) {
	switch r := n.String("reduction", "none"); r {
	case "none":
		return nil, nil
	case "add":
		return func(a, b float64) float64 { return a + b }, nil
	case "mul":
		return func(a, b float64) float64 { return a * b }, nil
	case "max":
		return func(a, b float64) float64 { return max(a, b) }, nil
	case "min":
		return func(a, b float64) float64 { return min(a, b) }, nil
	default:
		return nil, fmt.Errorf("unknown reduction %q", r)
	}
}

// scatter writes updates at the flat positions pos of a copy of data,
// combining with reduce when set.
func scatter(data, updates *tensor.Tensor, pos []int, reduce func(a, b float64) float64) (*tensor.Tensor, error) {
	if updates.DType() != data.DType() {
		return nil, fmt.Errorf("updates are %v, data %v", updates.DType(), data.DType())
	}
	if reduce == nil {
		// Select from data followed by the updates.
		both, err := Concat(data, updates)
		if err != nil {
			return nil, err
		}
		idx := make([]int, data.Len())
		for i := range idx {
			idx[i] = i
		}
		for u, p := range pos {
			idx[p] = data.Len() + u
		}
		return Take(both, data.Shape(), idx)
	}
	d, err := data.Float64s()
	if err != nil {
		return nil, err
	}
	u, err := updates.Float64s()
	if err != nil {
		return nil, err
	}
	out := append([]float64(nil), d...)
	for i, p := range pos {
		out[p] = reduce(out[p], u[i])
	}
	f, err := tensor.New(data.Shape(), out)
	if err != nil {
		return nil, err
	}
	return Cast(f, data.DType())
}

// buildScatterND writes update slices at the index tuples of the last axis
// of indices.
func buildScatterND(n *Node) (Kernel, error) {
	reduce, err := reduction(n)
	if err != nil {
		return nil, err
	}
	return withInput(func(ctx context.Context, data *tensor.Tensor, in []Value) ([]Value, error) {
		it, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		updates, err := arg(in, 2)
		if err != nil {
			return nil, err
		}
		starts, slice, err := ndStarts(data.Shape(), it)
		if err != nil {
			return nil, err
		}
		if updates.Len() != len(starts)*slice {
			return nil, fmt.Errorf("%w: %d updates for %d slices of %d", tensor.ErrShape, updates.Len(), len(starts), slice)
		}
		pos := make([]int, 0, updates.Len())
		for _, s := range starts {
			for k := range slice {
				pos = append(pos, s+k)
			}
		}
		return result(scatter(data, updates, pos, reduce))
	}), nil
}

// ndStarts resolves the index tuples of a GatherND/ScatterND indices
// tensor [..., k] against data's shape into the flat start of each slice,
// and the slice length.
func ndStarts(shape []int, it *tensor.Tensor) ([]int, int, error) {
	v, err := int64s(it)
	if err != nil {
		return nil, 0, err
	}
	is := it.Shape()
	if len(is) == 0 {
		return nil, 0, fmt.Errorf("indices are a scalar")
	}
	k := is[len(is)-1]
	if k > len(shape) {
		return nil, 0, fmt.Errorf("index tuples of %d for rank %d", k, len(shape))
	}
	st := strides(shape)
	slice := product(shape[k:])
	var starts []int
	for t := 0; t+k <= len(v) && k > 0; t += k {
		off := 0
		for d := range k {
			x := v[t+d]
			if x < 0 {
				x += int64(shape[d])
			}
			if x < 0 || x >= int64(shape[d]) {
				return nil, 0, fmt.Errorf("index %d is out of range for a dimension of %d", v[t+d], shape[d])
			}
			off += int(x) * st[d]
		}
		starts = append(starts, off)
	}
	if k == 0 {
		starts = make([]int, product(is[:len(is)-1]))
	}
	return starts, slice, nil
}

// buildScatterElements writes each update at its own position with the
// index substituted along axis.
func buildScatterElements(n *Node) (Kernel, error) {
	reduce, err := reduction(n)
	if err != nil {
		return nil, err
	}
	a := n.Int("axis", 0)
	return withInput(func(ctx context.Context, data *tensor.Tensor, in []Value) ([]Value, error) {
		it, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		updates, err := arg(in, 2)
		if err != nil {
			return nil, err
		}
		r := len(data.Shape())
		ax, err := axis(a, r)
		if err != nil {
			return nil, err
		}
		if len(it.Shape()) != r || updates.Len() != it.Len() {
			return nil, fmt.Errorf("%w: indices %v and updates %v for data %v", tensor.ErrShape, it.Shape(), updates.Shape(), data.Shape())
		}
		for d, s := range it.Shape() {
			if d != ax && s > data.Shape()[d] {
				return nil, fmt.Errorf("%w: indices %v exceed data %v", tensor.ErrShape, it.Shape(), data.Shape())
			}
		}
		indices, err := indexArg(it, data.Shape()[ax])
		if err != nil {
			return nil, err
		}
		ds := strides(data.Shape())
		st := append([]int(nil), ds...)
		st[ax] = 0
		pos := stridedIndex(it.Shape(), st, 0)
		for i := range pos {
			pos[i] += indices[i] * ds[ax]
		}
		return result(scatter(data, updates, pos, reduce))
	}), nil
}

// buildGatherND gathers the slices at the index tuples of the last axis of
// indices (batch_dims 0).
func buildGatherND(n *Node) (Kernel, error) {
	if n.Int("batch_dims", 0) != 0 {
		return nil, fmt.Errorf("batch_dims: %w", ErrUnsupported)
	}
	return withInput(func(ctx context.Context, data *tensor.Tensor, in []Value) ([]Value, error) {
		it, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		starts, slice, err := ndStarts(data.Shape(), it)
		if err != nil {
			return nil, err
		}
		is := it.Shape()
		shape := append(append([]int(nil), is[:len(is)-1]...), data.Shape()[is[len(is)-1]:]...)
		idx := make([]int, 0, len(starts)*slice)
		for _, s := range starts {
			for k := range slice {
				idx = append(idx, s+k)
			}
		}
		return result(Take(data, shape, idx))
	}), nil
}
