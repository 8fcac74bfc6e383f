package savedmodel

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
)

// graph is a GraphDef, or a FunctionDef body, linked for execution.
type graph struct {
	name        string // the function's name; "" for the main graph
	nodes       []*node
	byName      map[string]*node
	args        []string   // function input arguments, in order
	rets        []endpoint // function outputs, in order
	controlRets []*node

	planOnce sync.Once // callPlan's
	plan     []*node
	planErr  error
}

// node is one NodeDef with its inputs resolved.
type node struct {
	def     *tfpb.NodeDef
	index   int
	kernel  *kernel // nil when Slipway has no kernel for the op
	inputs  []endpoint
	control []*node
	state   any // what the kernel's prepare step precomputed
	// bf16 marks an op computing in bfloat16 (its T attribute): its
	// float outputs are rounded to bfloat16, as TensorFlow's are.
	bf16 bool
}

func (n *node) name() string { return n.def.GetName() }
func (n *node) op() string   { return n.def.GetOp() }

// endpoint names one tensor: output out of node, or, when node is nil,
// function argument arg.
type endpoint struct {
	node *node
	arg  int
	out  int
}

func (e endpoint) String() string {
	if e.node == nil {
		return fmt.Sprintf("argument %d", e.arg)
	}
	return fmt.Sprintf("%s:%d", e.node.name(), e.out)
}

// maxNodes bounds a graph or function body.
const maxNodes = 1 << 20

func newGraph(name string, defs []*tfpb.NodeDef, args []string) (*graph, error) {
	if len(defs) > maxNodes {
		return nil, fmt.Errorf("%d nodes, more than the limit of %d", len(defs), maxNodes)
	}
	g := &graph{name: name, byName: make(map[string]*node, len(defs)), args: args}
	for i, d := range defs {
		if _, dup := g.byName[d.GetName()]; dup || d.GetName() == "" {
			return nil, fmt.Errorf("node name %q is empty or repeated", d.GetName())
		}
		n := &node{def: d, index: i, kernel: kernels[d.GetOp()], bf16: d.GetAttr()["T"].GetType() == tfpb.DataType_DT_BFLOAT16}
		g.nodes = append(g.nodes, n)
		g.byName[d.GetName()] = n
	}
	for _, n := range g.nodes {
		for _, in := range n.def.GetInput() {
			if ctl, ok := strings.CutPrefix(in, "^"); ok {
				c, ok := g.byName[ctl]
				if !ok {
					return nil, &NodeError{n.name(), n.op(), fmt.Errorf("control input %q: no such node", ctl)}
				}
				n.control = append(n.control, c)
				continue
			}
			e, err := g.endpoint(in)
			if err != nil {
				return nil, &NodeError{n.name(), n.op(), err}
			}
			n.inputs = append(n.inputs, e)
		}
	}
	return g, nil
}

// endpoint resolves a tensor reference: "node" or "node:1" in a GraphDef;
// "arg" or "node:output_arg:1" in a function body.
func (g *graph) endpoint(ref string) (endpoint, error) {
	parts := strings.Split(ref, ":")
	if g.name != "" && len(parts) == 1 {
		for i, a := range g.args {
			if a == ref {
				return endpoint{arg: i}, nil
			}
		}
	}
	n, ok := g.byName[parts[0]]
	if !ok {
		return endpoint{}, fmt.Errorf("input %q: no such node or argument", ref)
	}
	var out int
	switch {
	case len(parts) == 1:
	case len(parts) == 2 && g.name == "":
		i, err := strconv.Atoi(parts[1])
		if err != nil || i < 0 {
			return endpoint{}, fmt.Errorf("input %q: bad output index", ref)
		}
		out = i
	case len(parts) == 3 && g.name != "":
		i, err := strconv.Atoi(parts[2])
		if err != nil || i < 0 {
			return endpoint{}, fmt.Errorf("input %q: bad output index", ref)
		}
		base, err := n.outputArg(parts[1])
		if err != nil {
			return endpoint{}, fmt.Errorf("input %q: %w", ref, err)
		}
		out = base + i
	default:
		return endpoint{}, fmt.Errorf("input %q: malformed reference", ref)
	}
	return endpoint{node: n, out: out}, nil
}

// outputArg returns the flat index of the first tensor of a named output
// argument. Ops whose kernels declare no names have one output argument.
func (n *node) outputArg(name string) (int, error) {
	if n.kernel == nil || len(n.kernel.outputs) == 0 {
		return 0, nil
	}
	for i, o := range n.kernel.outputs {
		if o == name {
			return i, nil
		}
	}
	return 0, fmt.Errorf("op %s has no output %q", n.op(), name)
}

// tensorRef resolves a GraphDef tensor name such as "x:0" from a
// SignatureDef.
func (g *graph) tensorRef(name string) (endpoint, error) {
	node, idx, found := strings.Cut(name, ":")
	n, ok := g.byName[node]
	if !ok {
		return endpoint{}, fmt.Errorf("tensor %q: no such node", name)
	}
	out := 0
	if found {
		i, err := strconv.Atoi(idx)
		if err != nil || i < 0 {
			return endpoint{}, fmt.Errorf("tensor %q: bad output index", name)
		}
		out = i
	}
	return endpoint{node: n, out: out}, nil
}
