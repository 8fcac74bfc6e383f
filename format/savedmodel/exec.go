package savedmodel

import (
	"context"
	"fmt"
	"slices"
)

// maxCallDepth bounds nested function calls, so a recursive function
// library fails instead of exhausting the stack.
const maxCallDepth = 64

var errTooDeep = fmt.Errorf("function calls nested deeper than %d", maxCallDepth)

// session is the state shared by every run of one loaded model: its
// variables, lookup tables, function library, checkpoint and folder.
type session struct {
	vars   variables
	tables tables
	lib    map[string]*graph
	bundle *Bundle // nil when the model has no variables
	dir    string  // where assets are read from; "" for none
}

// run computes fetches and runs targets in g. feeds replaces endpoints by
// values; for a function they are its arguments. Nodes neither fetched nor
// needed by a fetch or target are not run.
func (s *session) run(ctx context.Context, g *graph, feeds map[endpoint]value, fetches []endpoint, targets []*node, depth int) ([]value, error) {
	if depth > maxCallDepth {
		return nil, errTooDeep
	}
	order, err := plan(g, feeds, fetches, targets)
	if err != nil {
		return nil, err
	}
	return s.exec(ctx, g, feeds, fetches, order, depth)
}

// exec runs the nodes of order, a plan of g for feeds and fetches.
func (s *session) exec(ctx context.Context, g *graph, feeds map[endpoint]value, fetches []endpoint, order []*node, depth int) ([]value, error) {
	if slices.ContainsFunc(order, func(n *node) bool { return n.flow() != flowNone }) {
		return s.runFrames(ctx, g, feeds, fetches, order, depth)
	}
	results := make([][]value, len(g.nodes))
	get := func(e endpoint) (value, error) {
		if v, ok := feeds[e]; ok {
			return v, nil
		}
		if e.node == nil {
			return value{}, fmt.Errorf("%v is not given", e)
		}
		outs := results[e.node.index]
		if e.out >= len(outs) {
			return value{}, fmt.Errorf("%s has %d outputs, no output %d", e.node.name(), len(outs), e.out)
		}
		return outs[e.out], nil
	}
	for _, n := range order {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		in := make([]value, len(n.inputs))
		for i, e := range n.inputs {
			var err error
			if in[i], err = get(e); err != nil {
				return nil, &NodeError{n.name(), n.op(), err}
			}
		}
		outs, err := s.runNode(ctx, n, in, depth)
		if err != nil {
			return nil, err
		}
		results[n.index] = outs
	}
	out := make([]value, len(fetches))
	for i, e := range fetches {
		var err error
		if out[i], err = get(e); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// runNode runs one kernel, turning a panic into an error: kernels index
// slices by shapes a hostile graph controls.
func (s *session) runNode(ctx context.Context, n *node, in []value, depth int) (outs []value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &NodeError{n.name(), n.op(), fmt.Errorf("%w: %v", ErrKernelPanic, r)}
		}
	}()
	if n.kernel == nil {
		return nil, &NodeError{n.name(), n.op(), fmt.Errorf("op %s: %w", n.op(), ErrUnsupported)}
	}
	if n.kernel.arity >= 0 && len(in) != n.kernel.arity {
		return nil, &NodeError{n.name(), n.op(), fmt.Errorf("%d inputs, want %d", len(in), n.kernel.arity)}
	}
	outs, err = n.kernel.run(&call{ctx: ctx, s: s, n: n, depth: depth}, in)
	if err == nil && n.bf16 {
		err = toBF16(outs)
	}
	if err != nil {
		return nil, &NodeError{n.name(), n.op(), err}
	}
	return outs, nil
}

// plan returns the nodes to run, inputs before the nodes that use them.
func plan(g *graph, feeds map[endpoint]value, fetches []endpoint, targets []*node) ([]*node, error) {
	const (
		unseen = iota
		visiting
		done
	)
	state := make([]uint8, len(g.nodes))
	var order []*node
	type visit struct {
		n    *node
		next int // index into inputs, then control
	}
	var stack []visit
	push := func(n *node) error {
		switch state[n.index] {
		case visiting:
			return &NodeError{n.name(), n.op(), fmt.Errorf("graph has a cycle that is not a while loop's NextIteration edge")}
		case unseen:
			state[n.index] = visiting
			stack = append(stack, visit{n: n})
		}
		return nil
	}
	roots := slices.Clone(targets)
	for _, e := range fetches {
		if _, fed := feeds[e]; !fed && e.node != nil {
			roots = append(roots, e.node)
		}
	}
	// A while loop's Merge takes its NextIteration input from the loop
	// body, which needs the Merge: that edge is followed as a root of its
	// own, after the Merge is done.
	for i := 0; i < len(roots); i++ {
		if err := push(roots[i]); err != nil {
			return nil, err
		}
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			n := f.n
			if f.next < len(n.inputs)+len(n.control) {
				var dep *node
				if f.next < len(n.inputs) {
					e := n.inputs[f.next]
					if _, fed := feeds[e]; !fed {
						dep = e.node
					}
				} else {
					dep = n.control[f.next-len(n.inputs)]
				}
				f.next++
				switch {
				case dep == nil:
				case n.flow() == flowMerge && dep.flow() == flowNextIteration:
					roots = append(roots, dep)
				default:
					if err := push(dep); err != nil {
						return nil, err
					}
				}
				continue
			}
			state[n.index] = done
			order = append(order, n)
			stack = stack[:len(stack)-1]
		}
	}
	return order, nil
}
