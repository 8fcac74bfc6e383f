package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// AttrKind says which field of an Attr is set.
type AttrKind uint8

// The attribute kinds Slipway decodes.
const (
	AttrFloat AttrKind = iota + 1
	AttrInt
	AttrString
	AttrTensor
	AttrGraph
	AttrFloats
	AttrInts
	AttrStrings
	AttrTensors
	AttrType // a TypeProto, which no kernel reads yet
)

var attrKindNames = [...]string{
	AttrFloat: "float", AttrInt: "int", AttrString: "string", AttrTensor: "tensor", AttrGraph: "graph",
	AttrFloats: "floats", AttrInts: "ints", AttrStrings: "strings", AttrTensors: "tensors", AttrType: "type",
}

func (k AttrKind) String() string {
	if int(k) < len(attrKindNames) && attrKindNames[k] != "" {
		return attrKindNames[k]
	}
	return fmt.Sprintf("AttrKind(%d)", uint8(k))
}

// Attr is a decoded node attribute.
type Attr struct {
	Kind    AttrKind
	F       float32
	I       int64
	S       string
	T       *tensor.Tensor
	G       Graph
	Floats  []float32
	Ints    []int64
	Strings []string
	Tensors []*tensor.Tensor
}

// Node is what a kernel builder sees of a graph node. Its attribute getters
// return the default when the attribute is absent and record an error when
// it has the wrong kind; the runtime reports Err after Build.
type Node struct {
	Name, Op, Domain string
	// Opset is the version of Domain's operator set the model imports.
	Opset int
	// InputTypes holds one entry per declared input: its static dtype when
	// known, tensor.Invalid when unknown; Present says which optional
	// inputs were given.
	InputTypes []tensor.DType
	Present    []bool
	NumOutputs int
	Attrs      map[string]Attr
	// Consts holds the inputs whose values are known at load time
	// (initializers and folded constants), nil elsewhere.
	Consts []Value
	// Keep is asked before a kernel keeps its own load-time copy of a
	// constant (weights pre-packed or transposed for speed): it reports
	// whether that many more elements may stay in memory beside the
	// model's own, so such copies never come near doubling a model. A nil
	// Keep refuses every copy.
	Keep func(elements int) bool

	err error
}

// mayKeep reports whether the kernel may keep a copy of so many elements.
func (n *Node) mayKeep(elements int) bool { return n.Keep != nil && n.Keep(elements) }

// Err returns the first attribute error the getters met.
func (n *Node) Err() error { return n.err }

func (n *Node) attr(name string, kind AttrKind) (Attr, bool) {
	a, ok := n.Attrs[name]
	if !ok {
		return Attr{}, false
	}
	if a.Kind != kind {
		if n.err == nil {
			n.err = fmt.Errorf("attribute %q is a %v, want a %v", name, a.Kind, kind)
		}
		return Attr{}, false
	}
	return a, true
}

// Has reports whether the node carries the named attribute.
func (n *Node) Has(name string) bool {
	_, ok := n.Attrs[name]
	return ok
}

// Int returns an int attribute.
func (n *Node) Int(name string, def int64) int64 {
	if a, ok := n.attr(name, AttrInt); ok {
		return a.I
	}
	return def
}

// Float returns a float attribute.
func (n *Node) Float(name string, def float32) float32 {
	if a, ok := n.attr(name, AttrFloat); ok {
		return a.F
	}
	return def
}

// String returns a string attribute.
func (n *Node) String(name, def string) string {
	if a, ok := n.attr(name, AttrString); ok {
		return a.S
	}
	return def
}

// Ints returns an ints attribute, nil when absent.
func (n *Node) Ints(name string) []int64 {
	a, _ := n.attr(name, AttrInts)
	return a.Ints
}

// Floats returns a floats attribute, nil when absent.
func (n *Node) Floats(name string) []float32 {
	a, _ := n.attr(name, AttrFloats)
	return a.Floats
}

// Strings returns a strings attribute, nil when absent.
func (n *Node) Strings(name string) []string {
	a, _ := n.attr(name, AttrStrings)
	return a.Strings
}

// Tensor returns a tensor attribute, nil when absent.
func (n *Node) Tensor(name string) *tensor.Tensor {
	a, _ := n.attr(name, AttrTensor)
	return a.T
}

// checkTypes reports a static type error: inputs that must share a type
// but do not, or an input outside the allowed types. Inputs whose type is
// unknown at load pass; their kernels check at run time.
func (n *Node) checkTypes(same []int, allowed func(tensor.DType) bool, what string) error {
	var first tensor.DType
	for _, i := range same {
		if i >= len(n.InputTypes) || n.InputTypes[i] == tensor.Invalid {
			continue
		}
		dt := n.InputTypes[i]
		if allowed != nil && !allowed(dt) {
			return fmt.Errorf("input %d is %v, want %s", i, dt, what)
		}
		if first == tensor.Invalid {
			first = dt
		} else if dt != first {
			return fmt.Errorf("inputs are %v and %v, want one type", first, dt)
		}
	}
	return nil
}

// Graph is a compiled subgraph: an If branch, a Loop or Scan body.
type Graph interface {
	// Run runs the graph on its formal inputs. outer holds the values of
	// the enclosing scopes its nodes read, as Node.Outer returns them.
	Run(ctx context.Context, formal, outer []Value) ([]Value, error)
}

// Graph returns a graph attribute, nil when absent.
func (n *Node) Graph(name string) Graph {
	a, _ := n.attr(name, AttrGraph)
	return a.G
}

// Outer returns the outer-scope values a node's subgraphs read: the
// runtime passes them after the node's declared inputs.
func (n *Node) Outer(in []Value) []Value {
	if len(in) < len(n.Present) {
		return nil
	}
	return in[len(n.Present):]
}
