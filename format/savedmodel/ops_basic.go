package savedmodel

import (
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

var constOp = &kernel{
	arity: 0,
	prepare: func(_ *session, n *node) error {
		a, ok := n.def.GetAttr()["value"]
		if !ok || a.GetTensor() == nil {
			return &NodeError{n.name(), n.op(), fmt.Errorf("Const has no value")}
		}
		t, err := decodeTensorProto(a.GetTensor())
		if err != nil {
			return &NodeError{n.name(), n.op(), fmt.Errorf("value: %w", err)}
		}
		n.state = t
		return nil
	},
	run: func(c *call, _ []value) ([]value, error) {
		return []value{tensorValue(c.n.state.(*tensor.Tensor))}, nil
	},
}

// placeholderOp runs only when a placeholder is not fed.
var placeholderOp = &kernel{arity: 0, run: func(c *call, _ []value) ([]value, error) {
	return nil, fmt.Errorf("placeholder %q is not given a value", c.n.name())
}}

// identityOp passes its inputs through; variable handles stay handles, so
// a TF1 "v/read" node reads the variable when a kernel uses it.
var identityOp = &kernel{arity: 1, run: func(_ *call, in []value) ([]value, error) { return in, nil }}

var identityNOp = &kernel{arity: -1, run: func(_ *call, in []value) ([]value, error) { return in, nil }}

var noOp = &kernel{arity: -1, run: func(*call, []value) ([]value, error) { return nil, nil }}

// variableOp is VariableV2 and VarHandleOp: a handle to the variable named
// by shared_name, or by the node when that is empty.
var variableOp = &kernel{arity: 0, run: func(c *call, _ []value) ([]value, error) {
	name := c.attrString("shared_name")
	if name == "" {
		name = c.n.name()
	}
	return []value{{v: c.s.vars.get(name)}}, nil
}}

var readVariableOp = &kernel{arity: 1, run: func(_ *call, in []value) ([]value, error) {
	t, err := in[0].tensor()
	return one(t, err)
}}

// assignOp is Assign (outputs the reference) and AssignVariableOp (no
// outputs).
func assignOp(outputRef bool) *kernel {
	return &kernel{arity: 2, run: func(c *call, in []value) ([]value, error) {
		if in[0].v == nil {
			return nil, fmt.Errorf("input 0 is not a variable")
		}
		t, err := in[1].tensor()
		if err != nil {
			return nil, err
		}
		in[0].v.val.Store(t)
		if outputRef {
			return in[:1], nil
		}
		return nil, nil
	}}
}

// assignUpdateOp is AssignAdd and AssignSub (outputs the reference) and
// their resource forms (no outputs): v = f(v, delta). The read and the
// store are one atomic step, so concurrent updates are not lost.
func assignUpdateOp(outputRef bool, f func(x, y float64) float64) *kernel {
	return &kernel{arity: 2, run: func(c *call, in []value) ([]value, error) {
		v := in[0].v
		if v == nil {
			return nil, fmt.Errorf("input 0 is not a variable")
		}
		delta, err := in[1].tensor()
		if err != nil {
			return nil, err
		}
		v.mu.Lock()
		defer v.mu.Unlock()
		old, err := v.read()
		if err != nil {
			return nil, err
		}
		if !slices.Equal(old.Shape(), delta.Shape()) || old.DType() != delta.DType() {
			return nil, fmt.Errorf("update of %v %v by %v %v", old.DType(), old.Shape(), delta.DType(), delta.Shape())
		}
		_, sum, err := broadcast2(old, delta, f)
		if err != nil {
			return nil, err
		}
		t, err := fromFloat64(old.DType(), old.Shape(), sum)
		if err != nil {
			return nil, err
		}
		v.val.Store(t)
		if outputRef {
			return in[:1], nil
		}
		return nil, nil
	}}
}

// restoreOp is RestoreV2. It reads only the model's own checkpoint,
// whatever prefix the graph passes, so a graph cannot read other files.
var restoreOp = &kernel{arity: 3, run: func(c *call, in []value) ([]value, error) {
	ts, err := tensors(in)
	if err != nil {
		return nil, err
	}
	if c.s.bundle == nil {
		return nil, fmt.Errorf("model has no variables checkpoint")
	}
	names, ok1 := tensor.Values[string](ts[1])
	slices, ok2 := tensor.Values[string](ts[2])
	if !ok1 || !ok2 || len(names) != len(slices) {
		return nil, fmt.Errorf("tensor_names and shape_and_slices must be string tensors of one length")
	}
	out := make([]value, len(names))
	for i, name := range names {
		if slices[i] != "" {
			return nil, fmt.Errorf("restore %q slice %q: %w", name, slices[i], ErrUnsupported)
		}
		t, err := c.s.bundle.Tensor(name)
		if err != nil {
			return nil, err
		}
		out[i] = tensorValue(t)
	}
	return out, nil
}}
