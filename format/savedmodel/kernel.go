package savedmodel

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// kernel implements one TensorFlow op.
type kernel struct {
	// arity is the number of data inputs; -1 for variadic ops.
	arity int
	// outputs names the output arguments of ops with more than one, so
	// function bodies can refer to "node:name:0".
	outputs []string
	// stateful ops (assignments, table initializers, calls of functions
	// that may hold them) run whenever their function runs, even when no
	// output needs them, as TensorFlow's function pruning keeps them.
	stateful bool
	// flow marks the TF1 control-flow ops the frame executor treats
	// specially (control.go); zero for every other op.
	flow flow
	// prepare, if set, validates the node at load and may leave
	// precomputed state in n.state.
	prepare func(s *session, n *node) error
	run     func(c *call, in []value) ([]value, error)
}

// call is one kernel invocation.
type call struct {
	ctx   context.Context
	s     *session
	n     *node
	depth int
}

func (c *call) attr(name string) (*tfpb.AttrValue, error) {
	a, ok := c.n.def.GetAttr()[name]
	if !ok {
		return nil, fmt.Errorf("missing attribute %q", name)
	}
	return a, nil
}

func (c *call) attrBool(name string) bool {
	return c.n.def.GetAttr()[name].GetB()
}

func (c *call) attrInt(name string, def int64) int64 {
	a, ok := c.n.def.GetAttr()[name]
	if !ok {
		return def
	}
	return a.GetI()
}

func (c *call) attrString(name string) string {
	return string(c.n.def.GetAttr()[name].GetS())
}

func (c *call) attrInts(name string) []int64 {
	return c.n.def.GetAttr()[name].GetList().GetI()
}

func (c *call) attrType(name string) (tensor.DType, error) {
	a, err := c.attr(name)
	if err != nil {
		return tensor.Invalid, err
	}
	return fromDataType(a.GetType())
}

// tensors reads the tensors of inputs, dereferencing variables.
func tensors(in []value) ([]*tensor.Tensor, error) {
	ts := make([]*tensor.Tensor, len(in))
	for i, v := range in {
		t, err := v.tensor()
		if err != nil {
			return nil, fmt.Errorf("input %d: %w", i, err)
		}
		ts[i] = t
	}
	return ts, nil
}

// one wraps a single output tensor.
func one(t *tensor.Tensor, err error) ([]value, error) {
	if err != nil {
		return nil, err
	}
	return []value{tensorValue(t)}, nil
}

// tensorKernel adapts a function of input tensors to one output.
func tensorKernel(arity int, f func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error)) *kernel {
	return &kernel{arity: arity, run: func(c *call, in []value) ([]value, error) {
		ts, err := tensors(in)
		if err != nil {
			return nil, err
		}
		return one(f(c, ts))
	}}
}

// statefulKernel returns a stateful copy of k.
func statefulKernel(k *kernel) *kernel {
	s := *k
	s.stateful = true
	return &s
}
