package onnx

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/format/onnx/ops"
)

// run executes the graph on feeds, given in the order of g.inputs then
// g.captures, and returns the values of g.outputs.
func (g *graph) run(ctx context.Context, feeds []ops.Value) ([]ops.Value, error) {
	if len(feeds) != len(g.inputs)+len(g.captures) {
		return nil, fmt.Errorf("graph takes %d inputs, got %d", len(g.inputs), len(feeds)-len(g.captures))
	}
	vals := make([]ops.Value, len(g.names))
	copy(vals, g.consts)
	for i, p := range g.inputs {
		vals[p.id] = feeds[i]
	}
	for i, p := range g.captures {
		vals[p.id] = feeds[len(g.inputs)+i]
	}
	for i := range g.steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s := &g.steps[i]
		in := make([]ops.Value, len(s.in))
		for j, id := range s.in {
			if id >= 0 {
				in[j] = vals[id]
			}
		}
		out, err := s.exec(ctx, in)
		if err != nil {
			return nil, err
		}
		for j, id := range s.out {
			if id >= 0 && j < len(out) {
				vals[id] = out[j]
			}
		}
		for _, id := range s.release {
			vals[id] = nil
		}
	}
	out := make([]ops.Value, len(g.outputs))
	for i, p := range g.outputs {
		out[i] = vals[p.id]
	}
	return out, nil
}

// exec runs the step's kernel, turning an error or a panic into a
// *NodeError naming the node.
func (s *step) exec(ctx context.Context, in []ops.Value) (out []ops.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = s.fail(fmt.Errorf("%w: %v", ErrKernelPanic, r))
		}
	}()
	out, err = s.kernel(ctx, in)
	if err != nil {
		return nil, s.fail(err)
	}
	if len(out) > len(s.out) {
		return nil, s.fail(fmt.Errorf("kernel returned %d outputs, the node has %d", len(out), len(s.out)))
	}
	return out, nil
}

func (s *step) fail(err error) error {
	return &NodeError{Node: s.node.Name, Op: ops.Qualified(s.node.Domain, s.node.Op), Err: err}
}
