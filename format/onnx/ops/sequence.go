package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// seqArg returns input i as a sequence.
func seqArg(in []Value, i int) (Sequence, error) {
	if i >= len(in) {
		return nil, fmt.Errorf("input %d is missing", i)
	}
	s, ok := in[i].(Sequence)
	if !ok {
		return nil, fmt.Errorf("input %d is a %T, want a sequence", i, in[i])
	}
	return s, nil
}

// position reads an optional scalar position input against a sequence of
// length n (inclusive allows n, for inserting at the end).
func position(in []Value, i, n, def int, inclusive bool) (int, error) {
	t, err := optArg(in, i)
	if err != nil || t == nil {
		return def, err
	}
	v, err := int64s(t)
	if err != nil || len(v) != 1 {
		return 0, fmt.Errorf("position is not a scalar")
	}
	p := v[0]
	if p < 0 {
		p += int64(n)
	}
	limit := int64(n)
	if inclusive {
		limit++
	}
	if p < 0 || p >= limit {
		return 0, fmt.Errorf("position %d is out of range for a sequence of %d", v[0], n)
	}
	return int(p), nil
}

func buildSequenceConstruct(*Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		seq := make(Sequence, len(in))
		for i := range in {
			t, err := arg(in, i)
			if err != nil {
				return nil, err
			}
			seq[i] = t
		}
		return one(seq), nil
	}, nil
}

func buildSequenceEmpty(*Node) (Kernel, error) {
	return func(context.Context, []Value) ([]Value, error) { return one(Sequence{}), nil }, nil
}

func buildSequenceLength(*Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		s, err := seqArg(in, 0)
		if err != nil {
			return nil, err
		}
		return result(tensor.New([]int{}, []int64{int64(len(s))}))
	}, nil
}

func buildSequenceAt(*Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		s, err := seqArg(in, 0)
		if err != nil {
			return nil, err
		}
		p, err := position(in, 1, len(s), 0, false)
		if err != nil {
			return nil, err
		}
		return one(s[p]), nil
	}, nil
}

func buildSequenceInsert(*Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		s, err := seqArg(in, 0)
		if err != nil {
			return nil, err
		}
		t, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		p, err := position(in, 2, len(s), len(s), true)
		if err != nil {
			return nil, err
		}
		out := make(Sequence, 0, len(s)+1)
		out = append(append(append(out, s[:p]...), t), s[p:]...)
		return one(out), nil
	}, nil
}

func buildSequenceErase(*Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		s, err := seqArg(in, 0)
		if err != nil {
			return nil, err
		}
		p, err := position(in, 1, len(s), len(s)-1, false)
		if err != nil {
			return nil, err
		}
		out := append(append(Sequence{}, s[:p]...), s[p+1:]...)
		return one(out), nil
	}, nil
}

// buildConcatFromSequence concatenates the tensors along axis, or stacks
// them along a new axis with new_axis=1.
func buildConcatFromSequence(n *Node) (Kernel, error) {
	a, newAxis := n.Int("axis", 0), n.Int("new_axis", 0) != 0
	return func(ctx context.Context, in []Value) ([]Value, error) {
		s, err := seqArg(in, 0)
		if err != nil {
			return nil, err
		}
		ts := make([]*tensor.Tensor, len(s))
		for i := range s {
			if ts[i], err = arg(s, i); err != nil {
				return nil, err
			}
		}
		if len(ts) == 0 {
			return nil, fmt.Errorf("empty sequence")
		}
		r := len(ts[0].Shape())
		if newAxis {
			r++
		}
		ax, err := axis(a, r)
		if err != nil {
			return nil, err
		}
		if newAxis {
			for i, t := range ts {
				shape := append(append(append([]int(nil), t.Shape()[:ax]...), 1), t.Shape()[ax:]...)
				if ts[i], err = t.Reshape(shape); err != nil {
					return nil, err
				}
			}
		}
		return result(concat(ts, ax))
	}, nil
}

// buildSplitToSequence splits along axis by the split input (a scalar
// chunk size or a list of sizes), or into single slices, squeezed unless
// keepdims.
func buildSplitToSequence(n *Node) (Kernel, error) {
	a, keep := n.Int("axis", 0), n.Int("keepdims", 1) != 0
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		ax, err := axis(a, len(t.Shape()))
		if err != nil {
			return nil, err
		}
		dim := int64(t.Shape()[ax])
		var sizes []int64
		st, err := optArg(in, 1)
		if err != nil {
			return nil, err
		}
		switch {
		case st == nil:
			for range dim {
				sizes = append(sizes, 1)
			}
		case len(st.Shape()) == 0:
			v, err := int64s(st)
			if err != nil || v[0] <= 0 {
				return nil, fmt.Errorf("split size is not positive")
			}
			for left := dim; left > 0; left -= v[0] {
				sizes = append(sizes, min(v[0], left))
			}
			keep = true
		default:
			if sizes, err = int64s(st); err != nil {
				return nil, err
			}
			keep = true
		}
		seq := Sequence{}
		var start int64
		for _, s := range sizes {
			if s < 0 || start+s > dim {
				return nil, fmt.Errorf("split sizes %v do not fit an axis of %d", sizes, dim)
			}
			part, err := slice(t, []int64{start}, []int64{start + s}, []int64{int64(ax)}, nil)
			if err != nil {
				return nil, err
			}
			if !keep {
				shape := append(append([]int(nil), part.Shape()[:ax]...), part.Shape()[ax+1:]...)
				if part, err = part.Reshape(shape); err != nil {
					return nil, err
				}
			}
			seq = append(seq, part)
			start += s
		}
		return one(seq), nil
	}), nil
}

// buildSequenceMap runs body once per element of the input sequence, with
// the matching element of each additional sequence (or the additional
// tensor itself), collecting each body output into a sequence.
func buildSequenceMap(n *Node) (Kernel, error) {
	body := n.Graph("body")
	if body == nil {
		return nil, fmt.Errorf("body is required")
	}
	return func(ctx context.Context, in []Value) ([]Value, error) {
		s, err := seqArg(in, 0)
		if err != nil {
			return nil, err
		}
		extra := in[1:len(n.Present)]
		outs := make([]Value, n.NumOutputs)
		for k := range outs {
			outs[k] = Sequence{}
		}
		for i, v := range s {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			formal := []Value{v}
			for _, e := range extra {
				if es, ok := e.(Sequence); ok {
					if i >= len(es) {
						return nil, fmt.Errorf("additional sequence has %d elements, the input %d", len(es), len(s))
					}
					e = es[i]
				}
				formal = append(formal, e)
			}
			res, err := body.Run(ctx, formal, n.Outer(in))
			if err != nil {
				return nil, err
			}
			for k := range min(len(res), len(outs)) {
				outs[k] = append(outs[k].(Sequence), res[k])
			}
		}
		return outs, nil
	}, nil
}
