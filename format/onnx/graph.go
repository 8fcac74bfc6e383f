package onnx

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/tensor"
)

// graph is a validated, planned graph. Values are numbered; a run fills a
// fresh slice of them, so one graph serves concurrent runs.
type graph struct {
	names   []string    // by value id
	consts  []ops.Value // initializers and folded results, by value id
	inputs  []port      // the inputs a caller feeds
	outputs []port
	steps   []step
	// captures are the outer-scope values a subgraph reads; a run feeds
	// them after the inputs.
	captures []port
}

// port is a graph input or output.
type port struct {
	id  int
	typ *valueType // nil when the graph does not say
}

// step runs one node. in and out hold value ids, -1 for absent optional
// ones; release lists the values no later step reads.
type step struct {
	node    *ops.Node
	kernel  ops.Kernel
	in, out []int
	release []int
}

// compiler builds a graph from its GraphProto. A subgraph's compiler has
// a parent: names it does not define resolve in the enclosing scopes and
// become captures, listed in outer, the capture list of the node that owns
// the subgraph.
type compiler struct {
	opsets map[string]int
	ext    *externalData
	g      *graph
	ids    map[string]int
	types  map[string]*valueType

	parent   *compiler
	outer    *[]string
	outerIdx []int // per capture, its index in *outer
	depth    int
}

// maxGraphDepth bounds the nesting of subgraphs.
const maxGraphDepth = 16

func compileGraph(gp *onnxpb.GraphProto, opsets map[string]int, ext *externalData) (*graph, error) {
	return newCompiler(opsets, ext).compile(gp)
}

func newCompiler(opsets map[string]int, ext *externalData) *compiler {
	return &compiler{opsets: opsets, ext: ext, g: &graph{}, ids: map[string]int{}, types: map[string]*valueType{}}
}

func (c *compiler) compile(gp *onnxpb.GraphProto) (*graph, error) {
	for _, vi := range gp.ValueInfo {
		if t, err := decodeType(vi.GetType(), 0); err == nil {
			c.types[vi.GetName()] = t
		}
	}
	if err := c.initializers(gp); err != nil {
		return nil, err
	}
	for _, vi := range gp.Input {
		if _, isConst := c.ids[vi.GetName()]; isConst {
			continue // an initializer listed as an input (IR < 4) keeps its value
		}
		p, err := c.port(vi, true)
		if err != nil {
			return nil, fmt.Errorf("graph input %q: %w", vi.GetName(), err)
		}
		c.g.inputs = append(c.g.inputs, p)
	}
	nodes, err := topoSort(gp.Node, c.ids)
	if err != nil {
		return nil, err
	}
	for _, i := range nodes {
		if err := c.node(gp.Node[i], i); err != nil {
			return nil, err
		}
	}
	for _, vi := range gp.Output {
		p, err := c.port(vi, false)
		if err != nil {
			return nil, fmt.Errorf("graph output %q: %w", vi.GetName(), err)
		}
		c.g.outputs = append(c.g.outputs, p)
	}
	c.g.planRelease()
	return c.g, nil
}

func (c *compiler) initializers(gp *onnxpb.GraphProto) error {
	for _, tp := range gp.Initializer {
		t, err := decodeTensor(tp, c.ext)
		if err != nil {
			return fmt.Errorf("initializer %q: %w", tp.GetName(), err)
		}
		if err := c.constant(tp.GetName(), t); err != nil {
			return err
		}
	}
	for _, sp := range gp.SparseInitializer {
		t, err := decodeSparse(sp, c.ext)
		if err != nil {
			return fmt.Errorf("sparse initializer %q: %w", sp.GetValues().GetName(), err)
		}
		if err := c.constant(sp.GetValues().GetName(), t); err != nil {
			return err
		}
	}
	return nil
}

func (c *compiler) constant(name string, t *tensor.Tensor) error {
	id, err := c.define(name)
	if err != nil {
		return err
	}
	c.g.consts[id] = t
	return nil
}

// define numbers a new value; each name is assigned once.
func (c *compiler) define(name string) (int, error) {
	if name == "" {
		return 0, fmt.Errorf("a value has no name")
	}
	if _, dup := c.ids[name]; dup {
		return 0, fmt.Errorf("value %q is defined twice", name)
	}
	id := len(c.g.names)
	c.ids[name] = id
	c.g.names = append(c.g.names, name)
	c.g.consts = append(c.g.consts, nil)
	return id, nil
}

// lookup resolves a value name in this graph or, for a subgraph, in the
// enclosing scopes, capturing it.
func (c *compiler) lookup(name string) (int, bool) {
	if id, ok := c.ids[name]; ok {
		return id, true
	}
	if c.parent == nil || name == "" {
		return 0, false
	}
	if _, ok := c.parent.lookup(name); !ok {
		return 0, false
	}
	id, _ := c.define(name) // cannot fail: the name is new and not empty
	c.g.captures = append(c.g.captures, port{id: id})
	idx := slices.Index(*c.outer, name)
	if idx < 0 {
		idx = len(*c.outer)
		*c.outer = append(*c.outer, name)
	}
	c.outerIdx = append(c.outerIdx, idx)
	return id, true
}

// subgraph compiles a graph attribute of a node whose capture list is
// outer.
func (c *compiler) subgraph(gp *onnxpb.GraphProto, outer *[]string) (ops.Graph, error) {
	if c.depth >= maxGraphDepth {
		return nil, fmt.Errorf("subgraphs nested deeper than %d", maxGraphDepth)
	}
	child := newCompiler(c.opsets, c.ext)
	child.parent, child.outer, child.depth = c, outer, c.depth+1
	g, err := child.compile(gp)
	if err != nil {
		return nil, fmt.Errorf("subgraph %q: %w", gp.GetName(), err)
	}
	return &subgraph{g: g, outer: child.outerIdx}, nil
}

// port resolves a graph input (defining it) or output (which must exist).
func (c *compiler) port(vi *onnxpb.ValueInfoProto, input bool) (port, error) {
	typ, err := decodeType(vi.GetType(), 0)
	if err != nil && err != errNoType {
		return port{}, err
	}
	if input {
		if typ == nil && c.parent == nil {
			return port{}, fmt.Errorf("graph inputs must declare a type")
		}
		id, err := c.define(vi.GetName())
		c.types[vi.GetName()] = typ
		return port{id: id, typ: typ}, err
	}
	id, ok := c.lookup(vi.GetName())
	if !ok {
		return port{}, fmt.Errorf("no node, input or initializer produces it")
	}
	return port{id: id, typ: typ}, nil
}

// node builds one node's kernel and either plans it or, when every input is
// known at load time, runs it now (constant folding).
func (c *compiler) node(np *onnxpb.NodeProto, index int) error {
	name := np.GetName()
	if name == "" {
		name = "#" + strconv.Itoa(index)
	}
	domain := ops.Domain(np.GetDomain())
	fail := func(err error) error {
		return &NodeError{Node: name, Op: qualifiedOp(domain, np.GetOpType()), Err: err}
	}
	opset, ok := c.opsets[domain]
	if !ok {
		// Early models (IR 3, WinML's) omit imports; version 1 is what
		// their producers targeted.
		opset = 1
	}
	op, err := ops.Lookup(domain, np.GetOpType(), opset)
	if err != nil {
		return fail(err)
	}
	var outer []string
	attrs, err := decodeAttrs(np.Attribute, c.ext, func(gp *onnxpb.GraphProto) (ops.Graph, error) {
		return c.subgraph(gp, &outer)
	})
	if err != nil {
		return fail(err)
	}
	n := &ops.Node{Name: name, Op: np.GetOpType(), Domain: domain, Opset: opset, Attrs: attrs, NumOutputs: len(np.Output)}
	s := step{node: n, in: make([]int, len(np.Input)), out: make([]int, len(np.Output))}
	foldable := true
	n.InputTypes = make([]tensor.DType, len(np.Input))
	n.Present = make([]bool, len(np.Input))
	n.Consts = make([]ops.Value, len(np.Input))
	for i, in := range np.Input {
		s.in[i] = -1
		if in == "" {
			continue
		}
		id, ok := c.lookup(in)
		if !ok {
			return fail(fmt.Errorf("input %q is not produced by any node, graph input or initializer", in))
		}
		s.in[i], n.Present[i], n.Consts[i] = id, true, c.g.consts[id]
		if n.Consts[i] == nil {
			foldable = false
		}
		if t, ok := n.Consts[i].(*tensor.Tensor); ok {
			n.InputTypes[i] = t.DType()
		} else if vt := c.types[in]; vt != nil && vt.kind == kindTensor {
			n.InputTypes[i] = vt.dtype
		}
	}
	// Subgraphs read outer values the node receives after its inputs, and
	// run at request time only.
	for _, name := range outer {
		id, _ := c.lookup(name)
		s.in = append(s.in, id)
		foldable = false
	}
	if s.kernel, err = op.Build(n); err == nil {
		err = n.Err()
	}
	if err != nil {
		return fail(err)
	}
	for i, out := range np.Output {
		s.out[i] = -1
		if out == "" {
			continue
		}
		if s.out[i], err = c.define(out); err != nil {
			return fail(err)
		}
	}
	if !foldable {
		c.g.steps = append(c.g.steps, s)
		return nil
	}
	in := make([]ops.Value, len(s.in))
	copy(in, n.Consts)
	outs, err := s.exec(context.Background(), in)
	if err != nil {
		return err
	}
	for i, id := range s.out {
		if id >= 0 && i < len(outs) {
			c.g.consts[id] = outs[i]
		}
	}
	return nil
}

func qualifiedOp(domain, typ string) string {
	if domain == "" {
		return typ
	}
	return domain + "::" + typ
}

// topoSort orders nodes so each runs after the producers of its inputs,
// keeping the file's order where it already is valid.
func topoSort(nodes []*onnxpb.NodeProto, known map[string]int) ([]int, error) {
	producer := map[string]int{}
	for i, n := range nodes {
		for _, out := range n.Output {
			if out != "" {
				producer[out] = i
			}
		}
	}
	order := make([]int, 0, len(nodes))
	state := make([]uint8, len(nodes)) // 0 new, 1 visiting, 2 done
	var visit func(i int) error
	visit = func(i int) error {
		switch state[i] {
		case 1:
			return fmt.Errorf("the graph has a cycle through node %q (%s)", nodes[i].GetName(), nodes[i].GetOpType())
		case 2:
			return nil
		}
		state[i] = 1
		for _, in := range append(slices.Clone(nodes[i].Input), subgraphRefs(nodes[i], 0)...) {
			if _, ok := known[in]; ok {
				continue
			}
			if p, ok := producer[in]; ok {
				if err := visit(p); err != nil {
					return err
				}
			}
		}
		state[i] = 2
		order = append(order, i)
		return nil
	}
	for i := range nodes {
		if err := visit(i); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// subgraphRefs lists the names the node's subgraphs read from enclosing
// scopes, at any depth, so the node is ordered after their producers.
func subgraphRefs(np *onnxpb.NodeProto, depth int) []string {
	var refs []string
	for _, a := range np.Attribute {
		if depth >= maxGraphDepth {
			break
		}
		for _, g := range append(slices.Clone(a.Graphs), a.G) {
			defined := map[string]bool{}
			for _, vi := range g.GetInput() {
				defined[vi.GetName()] = true
			}
			for _, t := range g.GetInitializer() {
				defined[t.GetName()] = true
			}
			for _, n := range g.GetNode() {
				for _, o := range n.Output {
					defined[o] = true
				}
			}
			var used []string
			for _, n := range g.GetNode() {
				used = append(append(used, n.Input...), subgraphRefs(n, depth+1)...)
			}
			for _, o := range g.GetOutput() {
				used = append(used, o.GetName())
			}
			for _, name := range used {
				if !defined[name] {
					refs = append(refs, name)
				}
			}
		}
	}
	return refs
}

// planRelease records after which step each intermediate value is dead, so
// a run drops it and the memory can be reused.
func (g *graph) planRelease() {
	keep := make([]bool, len(g.names))
	for _, p := range g.outputs {
		keep[p.id] = true
	}
	last := make([]int, len(g.names))
	for i := range last {
		last[i] = -1
	}
	for i, s := range g.steps {
		for _, id := range s.in {
			if id >= 0 {
				last[id] = i
			}
		}
	}
	for id, i := range last {
		if i >= 0 && !keep[id] && g.consts[id] == nil {
			g.steps[i].release = append(g.steps[i].release, id)
		}
	}
}
