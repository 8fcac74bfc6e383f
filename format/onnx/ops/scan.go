package ops

import (
	"context"
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

// buildScan (opset 9) runs body once per slice of its scan inputs along
// their scan axes, threading the state values through, and stacks each
// scan output along its output axis, in the given directions.
func buildScan(n *Node) (Kernel, error) {
	body := n.Graph("body")
	numScan := int(n.Int("num_scan_inputs", 0))
	if body == nil || numScan <= 0 {
		return nil, fmt.Errorf("body and num_scan_inputs are required")
	}
	inAxes, inDirs := n.Ints("scan_input_axes"), n.Ints("scan_input_directions")
	outAxes, outDirs := n.Ints("scan_output_axes"), n.Ints("scan_output_directions")
	at := func(v []int64, i int) int64 {
		if i < len(v) {
			return v[i]
		}
		return 0
	}
	return func(ctx context.Context, in []Value) ([]Value, error) {
		declared := len(n.Present)
		states := declared - numScan
		if states < 0 {
			return nil, fmt.Errorf("%d inputs for %d scan inputs", declared, numScan)
		}
		carried := append([]Value(nil), in[:states]...)
		iters := -1
		scanIn := make([]*tensorSlices, numScan)
		for j := range numScan {
			t, err := arg(in, states+j)
			if err != nil {
				return nil, err
			}
			ax, err := axis(at(inAxes, j), len(t.Shape()))
			if err != nil {
				return nil, err
			}
			if iters >= 0 && t.Shape()[ax] != iters {
				return nil, fmt.Errorf("scan inputs differ in length along their axes")
			}
			iters = t.Shape()[ax]
			scanIn[j] = &tensorSlices{t: t, axis: ax, reverse: at(inDirs, j) != 0}
		}
		var scans [][]Value
		for i := range iters {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			formal := slices.Clone(carried)
			for _, s := range scanIn {
				v, err := s.at(i, iters)
				if err != nil {
					return nil, err
				}
				formal = append(formal, v)
			}
			out, err := body.Run(ctx, formal, n.Outer(in))
			if err != nil {
				return nil, err
			}
			if len(out) < states {
				return nil, fmt.Errorf("body returned %d outputs for %d states", len(out), states)
			}
			copy(carried, out[:states])
			if scans == nil {
				scans = make([][]Value, len(out)-states)
			}
			for k, v := range out[states:] {
				scans[k] = append(scans[k], v)
			}
		}
		res := carried
		for k, seq := range scans {
			if at(outDirs, k) != 0 {
				slices.Reverse(seq)
			}
			t, err := stack(seq)
			if err != nil {
				return nil, err
			}
			r := len(t.Shape())
			ax, err := axis(at(outAxes, k), r)
			if err != nil {
				return nil, err
			}
			if ax != 0 {
				// Move the stacked axis 0 to ax.
				perm := make([]int64, 0, r)
				for d := 1; d < r; d++ {
					if len(perm) == ax {
						perm = append(perm, 0)
					}
					perm = append(perm, int64(d))
				}
				if len(perm) == ax {
					perm = append(perm, 0)
				}
				if t, err = transpose(t, perm); err != nil {
					return nil, err
				}
			}
			res = append(res, t)
		}
		return res, nil
	}, nil
}

// tensorSlices yields the slices of a tensor along an axis, the axis
// removed.
type tensorSlices struct {
	t       *tensor.Tensor
	axis    int
	reverse bool
}

func (s *tensorSlices) at(i, n int) (Value, error) {
	if s.reverse {
		i = n - 1 - i
	}
	p, err := slice(s.t, []int64{int64(i)}, []int64{int64(i + 1)}, []int64{int64(s.axis)}, nil)
	if err != nil {
		return nil, err
	}
	shape := append(append([]int(nil), p.Shape()[:s.axis]...), p.Shape()[s.axis+1:]...)
	return p.Reshape(shape)
}
