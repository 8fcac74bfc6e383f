package onnx

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

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
	funcs  functions
	ext    *externalData
	g      *graph
	ids    map[string]int
	types  map[string]*valueType

	parent   *compiler
	outer    *[]string
	outerIdx []int // per capture, its index in *outer
	depth    int

	budget *foldBudget // the root compiler's, which its subgraphs share
}

// maxGraphDepth bounds the nesting of subgraphs.
const maxGraphDepth = 16

func compileGraph(gp *onnxpb.GraphProto, opsets map[string]int, funcs functions, ext *externalData) (*graph, error) {
	c := newCompiler(opsets, funcs, ext)
	c.budget = &foldBudget{deadline: time.Now().Add(maxFoldTime), elements: maxFoldElements, copies: maxCopyElements}
	return c.compile(gp)
}

func newCompiler(opsets map[string]int, funcs functions, ext *externalData) *compiler {
	return &compiler{opsets: opsets, funcs: funcs, ext: ext, g: &graph{}, ids: map[string]int{}, types: map[string]*valueType{}}
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
	order, err := topoSort(gp.Node, c.ids)
	if err != nil {
		return nil, err
	}
	for _, p := range c.fuse(gp, order) {
		if err := c.node(p.node, p.name, p.fuse, 0); err != nil {
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
		tp.RawData = nil // decoded: let the collector have the bytes now
		c.budget.elements += t.Len()
		c.budget.copies += t.Len() / copyShare
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

// nodeName is a node's name for errors: its own, or its index.
func nodeName(np *onnxpb.NodeProto, index int) string {
	if np.GetName() != "" {
		return np.GetName()
	}
	return "#" + strconv.Itoa(index)
}

// node builds one node's kernel and either plans it or, when every input is
// known at load time, runs it now (constant folding). A call of a
// model-local function is expanded in place; depth counts the nesting.
// fuse is the node's ops.FuseAttr when the planner merged it with the nodes
// after it ("" for none).
func (c *compiler) node(np *onnxpb.NodeProto, name, fuse string, depth int) error {
	domain := ops.Domain(np.GetDomain())
	if f := c.funcs.lookup(domain, np.GetOpType(), np.GetOverload()); f != nil {
		return c.inline(np, name, f, depth)
	}
	fail := func(err error) error {
		return &NodeError{Node: name, Op: ops.Qualified(domain, np.GetOpType()), Err: err}
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
	if _, ok := attrs[ops.FuseAttr]; ok {
		return fail(fmt.Errorf("attribute %q is reserved for Slipway's planner", ops.FuseAttr))
	}
	if fuse != "" {
		attrs[ops.FuseAttr] = ops.Attr{Kind: ops.AttrString, S: fuse}
	}
	n := &ops.Node{Name: name, Op: np.GetOpType(), Domain: domain, Opset: opset, Attrs: attrs, NumOutputs: len(np.Output), Keep: c.budget.keep}
	s := step{node: n, out: make([]int, len(np.Output))}
	foldable, err := c.inputs(np, n, &s)
	if err != nil {
		return fail(err)
	}
	// Subgraphs read outer values the node receives after its inputs, and
	// run at request time only.
	for _, ref := range outer {
		id, _ := c.lookup(ref)
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
	if foldable && c.mayFold(n) {
		if folded, err := c.fold(&s); folded || err != nil {
			return err
		}
	}
	c.g.steps = append(c.g.steps, s)
	return nil
}

// inputs resolves the node's inputs into s.in and n's static input types
// and constants, and reports whether all of them are constant.
func (c *compiler) inputs(np *onnxpb.NodeProto, n *ops.Node, s *step) (foldable bool, err error) {
	s.in = make([]int, len(np.Input))
	n.InputTypes = make([]tensor.DType, len(np.Input))
	n.Present = make([]bool, len(np.Input))
	n.Consts = make([]ops.Value, len(np.Input))
	foldable = true
	for i, in := range np.Input {
		s.in[i] = -1
		if in == "" {
			continue
		}
		id, ok := c.lookup(in)
		if !ok {
			return false, fmt.Errorf("input %q is not produced by any node, graph input or initializer", in)
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
	return foldable, nil
}

// Constant folding is an optimization, so a load bounds it: it folds for
// at most maxFoldTime, and the constants it adds hold at most as many
// elements as the initializers plus maxFoldElements (a folded weight
// transpose replaces its input; a ConstantOfShape of 2^28 zeros does not
// belong in memory between requests). A node past either bound runs at
// request time instead.
const (
	maxFoldTime     = 10 * time.Second
	maxFoldElements = 1 << 24
)

// Kernels may keep their own copies of constants (pre-packed or
// transposed weights) of at most maxCopyElements plus a copyShare-th of
// the initializers' elements, so a model's weights take at most about
// 1.25 times their size in memory.
const (
	maxCopyElements = 1 << 22
	copyShare       = 4
)

// foldBudget is what is left of a load's folding and copying bounds.
type foldBudget struct {
	deadline time.Time
	elements int
	copies   int
}

// keep takes n elements from the copy budget, if it has them.
func (b *foldBudget) keep(n int) bool {
	if n > b.copies {
		return false
	}
	b.copies -= n
	return true
}

// mayFold reports whether a node whose inputs are all constant may run at
// load: not when it draws random numbers, which must differ per run, nor
// when it runs subgraphs, which may loop without end (a Loop told to run
// 2^62 times), nor once the load's folding time is spent.
func (c *compiler) mayFold(n *ops.Node) bool {
	if ops.Random(n.Domain, n.Op) || !time.Now().Before(c.budget.deadline) {
		return false
	}
	for _, a := range n.Attrs {
		if a.Kind == ops.AttrGraph {
			return false
		}
	}
	return true
}

// fold runs a node whose inputs are all constant once, at load, and keeps
// its outputs as constants. It reports false, leaving the node to run at
// request time, when that would exceed the load's folding budget.
func (c *compiler) fold(s *step) (bool, error) {
	b := c.budget
	ctx, cancel := context.WithDeadline(context.Background(), b.deadline)
	defer cancel()
	in := make([]ops.Value, len(s.in))
	copy(in, s.node.Consts)
	outs, err := s.exec(ctx, in)
	if errors.Is(err, context.DeadlineExceeded) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	size := 0
	for _, v := range outs {
		size += elements(v)
	}
	if size > b.elements {
		return false, nil
	}
	b.elements -= size
	for i, id := range s.out {
		if id >= 0 && i < len(outs) {
			c.g.consts[id] = outs[i]
		}
	}
	return true, nil
}

// elements counts the tensor elements a value holds.
func elements(v ops.Value) int {
	switch v := v.(type) {
	case *tensor.Tensor:
		return v.Len()
	case ops.Sequence:
		n := 0
		for _, e := range v {
			n += elements(e)
		}
		return n
	case ops.Map:
		return elements(v.Keys) + elements(v.Values)
	}
	return 0
}
