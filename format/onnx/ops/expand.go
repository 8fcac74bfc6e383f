package ops

import (
	"context"
	"fmt"
)

// buildExpand broadcasts the input to the broadcast of its shape and the
// shape input.
func buildExpand(*Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		t, err := arg(in, 0)
		if err != nil {
			return nil, err
		}
		s, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		want, err := shapeArg(s)
		if err != nil {
			return nil, err
		}
		shape, err := broadcastShape(t.Shape(), want)
		if err != nil {
			return nil, err
		}
		if _, err := numElements(shape); err != nil {
			return nil, err
		}
		return result(TakeStrided(t, shape, broadcastStrides(t.Shape(), shape), 0))
	}, nil
}

// buildTile repeats the input repeats[d] times along each axis d.
func buildTile(*Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		t, err := arg(in, 0)
		if err != nil {
			return nil, err
		}
		r, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		reps, err := shapeArg(r)
		if err != nil {
			return nil, err
		}
		src := t.Shape()
		if len(reps) != len(src) {
			return nil, fmt.Errorf("repeats %v do not match rank %d", reps, len(src))
		}
		shape := make([]int, len(src))
		for i := range src {
			shape[i] = src[i] * reps[i]
		}
		n, err := numElements(shape)
		if err != nil {
			return nil, err
		}
		st := strides(src)
		idx := make([]int, n)
		pos := make([]int, len(shape))
		for i := range idx {
			off := 0
			for d, p := range pos {
				off += (p % src[d]) * st[d]
			}
			idx[i] = off
			for d := len(shape) - 1; d >= 0; d-- {
				if pos[d]++; pos[d] < shape[d] {
					break
				}
				pos[d] = 0
			}
		}
		return result(Take(t, shape, idx))
	}, nil
}
