package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildSlice takes starts, ends, axes and steps from inputs 1-4 (opset 10)
// or from attributes (earlier).
func buildSlice(n *Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		t, err := arg(in, 0)
		if err != nil {
			return nil, err
		}
		var starts, ends, axes, steps []int64
		if n.Opset < 10 {
			starts, ends, axes = n.Ints("starts"), n.Ints("ends"), n.Ints("axes")
		} else {
			lists := make([][]int64, 4)
			for i := range lists {
				a, err := optArg(in, i+1)
				if err != nil {
					return nil, err
				}
				if a != nil {
					if lists[i], err = int64s(a); err != nil {
						return nil, err
					}
				}
			}
			starts, ends, axes, steps = lists[0], lists[1], lists[2], lists[3]
		}
		return result(slice(t, starts, ends, axes, steps))
	}, nil
}

func slice(t *tensor.Tensor, starts, ends, axes, steps []int64) (*tensor.Tensor, error) {
	r := len(t.Shape())
	if len(ends) != len(starts) || axes != nil && len(axes) != len(starts) || steps != nil && len(steps) != len(starts) {
		return nil, fmt.Errorf("starts, ends, axes and steps differ in length")
	}
	shape := append([]int(nil), t.Shape()...)
	own := strides(t.Shape())
	st := append([]int(nil), own...)
	base := 0
	seen := make([]bool, r)
	for i := range starts {
		ax := i
		if axes != nil {
			var err error
			if ax, err = axis(axes[i], r); err != nil {
				return nil, err
			}
		}
		if ax >= r || seen[ax] {
			return nil, fmt.Errorf("axis %d is out of range or repeated", ax)
		}
		seen[ax] = true
		step := int64(1)
		if steps != nil {
			step = steps[i]
		}
		if step == 0 {
			return nil, fmt.Errorf("slice step is 0")
		}
		first, count := sliceRange(starts[i], ends[i], step, int64(shape[ax]))
		base += int(first) * own[ax]
		st[ax] = int(step) * own[ax]
		shape[ax] = int(count)
	}
	return TakeStrided(t, shape, st, base)
}

// sliceRange clamps start and end as numpy does and returns the first index
// and the element count.
func sliceRange(start, end, step, dim int64) (first, count int64) {
	clamp := func(i, lo, hi int64) int64 {
		if i < 0 {
			i += dim
		}
		return min(max(i, lo), hi)
	}
	if step > 0 {
		start, end = clamp(start, 0, dim), clamp(end, 0, dim)
		if end <= start {
			return 0, 0
		}
		return start, (end - start + step - 1) / step
	}
	start, end = clamp(start, -1, dim-1), clamp(end, -1, dim-1)
	if start <= end {
		return 0, 0
	}
	return start, (start - end - step - 1) / -step
}
