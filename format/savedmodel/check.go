package savedmodel

import (
	"context"
	"fmt"
)

// check validates, at load, every node that running fetches and targets
// can reach, and the functions they call: each must have a kernel, and
// kernels with a prepare step run it. feeds are the endpoints that will be
// given values.
func (s *session) check(g *graph, feeds map[endpoint]value, fetches []endpoint, targets []*node, seen map[*graph]bool) error {
	return s.checkNested(g, feeds, fetches, targets, seen, 0)
}

// checkRun checks g for feeds, fetches and targets, then runs it once, as
// a load runs its init op and looks up captured variables.
func (s *session) checkRun(ctx context.Context, g *graph, feeds map[endpoint]value, fetches []endpoint, targets []*node) ([]value, error) {
	if err := s.check(g, feeds, fetches, targets, map[*graph]bool{}); err != nil {
		return nil, err
	}
	return s.run(ctx, g, feeds, fetches, targets, 0)
}

// checkNested is check of a function called depth calls deep. Calls
// nested deeper than running allows fail here, before a hostile library
// can recurse through check itself.
func (s *session) checkNested(g *graph, feeds map[endpoint]value, fetches []endpoint, targets []*node, seen map[*graph]bool, depth int) error {
	if depth > maxCallDepth {
		return errTooDeep
	}
	order, err := plan(g, feeds, fetches, targets)
	if err != nil {
		return err
	}
	for _, n := range order {
		if n.kernel == nil {
			return &NodeError{n.name(), n.op(), fmt.Errorf("op %s: %w", n.op(), ErrUnsupported)}
		}
		if n.kernel.prepare != nil && n.state == nil {
			if err := n.kernel.prepare(s, n); err != nil {
				return err
			}
		}
		for attr, a := range n.def.GetAttr() {
			f := a.GetFunc()
			if f == nil {
				continue
			}
			fn, ok := s.lib[f.GetName()]
			if !ok {
				return &NodeError{n.name(), n.op(), fmt.Errorf("attribute %s: no function %q", attr, f.GetName())}
			}
			if seen[fn] {
				continue
			}
			seen[fn] = true
			if err := s.checkNested(fn, nil, fn.rets, fn.controlRets, seen, depth+1); err != nil {
				return fmt.Errorf("function %s: %w", fn.name, err)
			}
		}
	}
	return nil
}
