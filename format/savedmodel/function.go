package savedmodel

import (
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// newLibrary links every function of a GraphDef's library.
func newLibrary(lib *tfpb.FunctionDefLibrary) (map[string]*graph, error) {
	fns := map[string]*graph{}
	for _, f := range lib.GetFunction() {
		sig := f.GetSignature()
		name := sig.GetName()
		if _, dup := fns[name]; dup || name == "" {
			return nil, fmt.Errorf("function name %q is empty or repeated", name)
		}
		args := make([]string, len(sig.GetInputArg()))
		for i, a := range sig.GetInputArg() {
			args[i] = a.GetName()
		}
		g, err := newGraph(name, f.GetNodeDef(), args)
		if err != nil {
			return nil, fmt.Errorf("function %s: %w", name, err)
		}
		for _, o := range sig.GetOutputArg() {
			ref, ok := f.GetRet()[o.GetName()]
			if !ok {
				return nil, fmt.Errorf("function %s: output %q has no ret", name, o.GetName())
			}
			e, err := g.endpoint(ref)
			if err != nil {
				return nil, fmt.Errorf("function %s: output %q: %w", name, o.GetName(), err)
			}
			g.rets = append(g.rets, e)
		}
		for _, ref := range f.GetControlRet() {
			n, ok := g.byName[ref]
			if !ok {
				return nil, fmt.Errorf("function %s: control output %q: no such node", name, ref)
			}
			g.controlRets = append(g.controlRets, n)
		}
		for _, n := range g.nodes {
			if n.kernel != nil && n.kernel.stateful && !slices.Contains(g.controlRets, n) {
				g.controlRets = append(g.controlRets, n)
			}
		}
		fns[name] = g
	}
	return fns, nil
}

// callFunction runs function fn on args.
func (c *call) callFunction(fn *graph, args []value) ([]value, error) {
	if len(args) != len(fn.args) {
		return nil, fmt.Errorf("function %s takes %d arguments, got %d", fn.name, len(fn.args), len(args))
	}
	feeds := make(map[endpoint]value, len(args))
	for i, a := range args {
		feeds[endpoint{arg: i}] = a
	}
	if c.depth+1 > maxCallDepth {
		return nil, errTooDeep
	}
	order, err := fn.callPlan()
	if err != nil {
		return nil, fmt.Errorf("function %s: %w", fn.name, err)
	}
	out, err := c.s.exec(c.ctx, fn, feeds, fn.rets, order, c.depth+1)
	if err != nil {
		return nil, fmt.Errorf("function %s: %w", fn.name, err)
	}
	return out, nil
}

// callPlan returns the nodes a call of function g runs. Every call feeds
// the arguments and fetches the results, so the plan is made once: a
// While loop calls its functions millions of times.
func (g *graph) callPlan() ([]*node, error) {
	g.planOnce.Do(func() { g.plan, g.planErr = plan(g, nil, g.rets, g.controlRets) })
	return g.plan, g.planErr
}

// function returns the library function a func-valued attribute names.
func (c *call) function(attr string) (*graph, error) {
	a, err := c.attr(attr)
	if err != nil {
		return nil, err
	}
	fn, ok := c.s.lib[a.GetFunc().GetName()]
	if !ok {
		return nil, fmt.Errorf("attribute %s: no function %q", attr, a.GetFunc().GetName())
	}
	return fn, nil
}

// partitionedCallOp is PartitionedCall and StatefulPartitionedCall.
var partitionedCallOp = &kernel{arity: -1, run: func(c *call, in []value) ([]value, error) {
	fn, err := c.function("f")
	if err != nil {
		return nil, err
	}
	return c.callFunction(fn, in)
}}

// maxLoopIterations bounds a While loop, so a hostile graph cannot spin
// forever between context checks.
const maxLoopIterations = 1 << 24

// whileOp is While and StatelessWhile.
var whileOp = &kernel{arity: -1, run: func(c *call, in []value) ([]value, error) {
	cond, err := c.function("cond")
	if err != nil {
		return nil, err
	}
	body, err := c.function("body")
	if err != nil {
		return nil, err
	}
	vals := in
	for i := 0; ; i++ {
		if i == maxLoopIterations {
			return nil, fmt.Errorf("loop ran %d iterations", i)
		}
		if err := c.ctx.Err(); err != nil {
			return nil, err
		}
		res, err := c.callFunction(cond, vals)
		if err != nil {
			return nil, err
		}
		ok, err := truth(res)
		if err != nil {
			return nil, fmt.Errorf("cond: %w", err)
		}
		if !ok {
			return vals, nil
		}
		if vals, err = c.callFunction(body, vals); err != nil {
			return nil, err
		}
		if len(vals) != len(in) {
			return nil, fmt.Errorf("body returned %d values for %d loop variables", len(vals), len(in))
		}
	}
}}

// ifOp is If and StatelessIf.
var ifOp = &kernel{arity: -1, run: func(c *call, in []value) ([]value, error) {
	if len(in) == 0 {
		return nil, fmt.Errorf("no condition input")
	}
	ok, err := truth(in[:1])
	if err != nil {
		return nil, err
	}
	branch := "else_branch"
	if ok {
		branch = "then_branch"
	}
	fn, err := c.function(branch)
	if err != nil {
		return nil, err
	}
	return c.callFunction(fn, in[1:])
}}

// truth converts a condition as TensorFlow does: a scalar is true when
// non-zero, any other tensor when it has elements.
func truth(vals []value) (bool, error) {
	if len(vals) != 1 {
		return false, fmt.Errorf("%d condition values, want 1", len(vals))
	}
	t, err := vals[0].tensor()
	if err != nil {
		return false, err
	}
	if len(t.Shape()) > 0 {
		return t.Len() > 0, nil
	}
	if b, ok := tensor.Values[bool](t); ok {
		return b[0], nil
	}
	f, err := asFloat64(t)
	if err != nil {
		return false, err
	}
	return f[0] != 0, nil
}
