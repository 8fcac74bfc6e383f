package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildLoop runs body while the trip count (input 0, optional) and the
// condition (input 1, optional, then the body's first output) allow. The
// body maps (iteration, condition, carried…) to (condition, carried…,
// scan outputs…); the node returns the final carried values and each scan
// output stacked along a new first axis. The scan outputs together may
// hold MaxElements elements: a loop that would collect more fails rather
// than fill memory until the request's deadline.
func buildLoop(n *Node) (Kernel, error) {
	body := n.Graph("body")
	if body == nil {
		return nil, fmt.Errorf("body is required")
	}
	return func(ctx context.Context, in []Value) ([]Value, error) {
		declared := len(n.Present)
		trips, cond := int64(-1), true
		if t, err := optArg(in, 0); err != nil {
			return nil, err
		} else if t != nil {
			v, err := int64s(t)
			if err != nil || len(v) != 1 {
				return nil, fmt.Errorf("trip count is not a scalar")
			}
			trips = v[0]
		}
		if t, err := optArg(in, 1); err != nil {
			return nil, err
		} else if t != nil {
			if cond, err = boolScalar(t); err != nil {
				return nil, err
			}
		}
		carried := append([]Value(nil), in[2:declared]...)
		var scans [][]Value
		collected := 0
		for i := int64(0); (trips < 0 || i < trips) && cond; i++ {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			iter, _ := tensor.New([]int{}, []int64{i})
			c, _ := tensor.New([]int{}, []bool{cond})
			out, err := body.Run(ctx, append([]Value{iter, c}, carried...), n.Outer(in))
			if err != nil {
				return nil, err
			}
			if len(out) < 1+len(carried) {
				return nil, fmt.Errorf("body returned %d outputs for %d carried values", len(out), len(carried))
			}
			ct, err := arg(out, 0)
			if err != nil {
				return nil, err
			}
			if cond, err = boolScalar(ct); err != nil {
				return nil, err
			}
			copy(carried, out[1:1+len(carried)])
			rest := out[1+len(carried):]
			if scans == nil {
				scans = make([][]Value, len(rest))
			}
			for k, v := range rest {
				t, err := arg(rest, k)
				if err != nil {
					return nil, fmt.Errorf("scan output %d: %w", k, err)
				}
				// An empty slice counts as one element: storing it still costs.
				if collected += max(t.Len(), 1); collected > MaxElements {
					return nil, fmt.Errorf("%w: scan outputs hold more than %d elements after %d iterations", tensor.ErrShape, MaxElements, i+1)
				}
				scans[k] = append(scans[k], v)
			}
		}
		res := carried
		for k := range max(n.NumOutputs-len(carried), 0) {
			var seq []Value
			if k < len(scans) {
				seq = scans[k]
			}
			t, err := stack(seq)
			if err != nil {
				return nil, err
			}
			res = append(res, t)
		}
		return res, nil
	}, nil
}

func boolScalar(t *tensor.Tensor) (bool, error) {
	v, ok := tensor.Values[bool](t)
	if !ok || len(v) != 1 {
		return false, fmt.Errorf("condition is %v %v, want one BOOL", t.DType(), t.Shape())
	}
	return v[0], nil
}

// stack joins tensors of one shape along a new first axis; no tensors give
// an empty FP32 vector.
func stack(vs []Value) (*tensor.Tensor, error) {
	if len(vs) == 0 {
		return tensor.New([]int{0}, []float32{})
	}
	ts := make([]*tensor.Tensor, len(vs))
	for i := range vs {
		t, err := arg(vs, i)
		if err != nil {
			return nil, err
		}
		if ts[i], err = t.Reshape(append([]int{1}, t.Shape()...)); err != nil {
			return nil, err
		}
	}
	return concat(ts, 0)
}
