package onnx

import (
	"slices"
	"strings"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/tensor"
)

// planned is a node to build, with its name for errors and the value of
// ops.FuseAttr the planner gives it ("" for none).
type planned struct {
	node *onnxpb.NodeProto
	name string
	fuse string
}

// fuse returns the nodes of gp, in the topological order given, with each
// Conv or MatMul whose output only an Add or a Relu reads merged with that
// node (and a Relu reading only the Add's output): the kernel then adds
// and clamps each block of its output while it is in cache, instead of two
// more passes over new tensors. The merged node takes the place of the
// last node it replaces, where the Add's other operand is ready.
func (c *compiler) fuse(gp *onnxpb.GraphProto, order []int) []planned {
	uses := map[string]int{}
	consumer := map[string]int{}
	for _, i := range order {
		n := gp.Node[i]
		for _, in := range slices.Concat(n.Input, subgraphRefs(n, 0)) {
			uses[in]++
			consumer[in] = i
		}
	}
	for _, vi := range gp.Output {
		uses[vi.GetName()]++ // read by the caller
	}
	// taken marks the nodes merged so far: an Add of two Convs' outputs
	// merges with one of them.
	taken := make([]bool, len(gp.Node))
	// next returns the only node that reads node i's only output, when it
	// is an ai.onnx op of the given type and number of inputs, without
	// attributes (Add before opset 7 broadcasts by attributes, Relu 1 has
	// one), not merged yet.
	next := func(i int, typ string, inputs int) (int, bool) {
		n := gp.Node[i]
		if len(n.Output) != 1 || n.Output[0] == "" || uses[n.Output[0]] != 1 {
			return 0, false
		}
		j, ok := consumer[n.Output[0]]
		m := gp.Node[j]
		return j, ok && !taken[j] && c.standard(m, typ) &&
			len(m.Input) == inputs && len(m.Output) == 1 && len(m.Attribute) == 0
	}
	nodes := make([]planned, len(gp.Node))
	for i, n := range gp.Node {
		nodes[i] = planned{node: n, name: nodeName(n, i)}
	}
	for _, i := range order {
		if !c.fusable(gp.Node[i]) {
			continue
		}
		head := gp.Node[i]
		chain, kinds, inputs := []int{i}, []string(nil), head.Input
		if j, ok := next(i, "Add", 2); ok {
			chain, kinds = append(chain, j), append(kinds, "Add")
			// The Add's other operand comes after the declared inputs.
			other := gp.Node[j].Input[0]
			if other == head.Output[0] {
				other = gp.Node[j].Input[1]
			}
			declared := ops.Fusable[head.GetOpType()]
			inputs = append(slices.Clone(head.Input), make([]string, declared)...)[:declared]
			inputs = append(inputs, other)
		}
		if j, ok := next(chain[len(chain)-1], "Relu", 1); ok {
			chain, kinds = append(chain, j), append(kinds, "Relu")
		}
		if len(chain) == 1 {
			continue
		}
		for _, j := range chain {
			taken[j], nodes[j].node = true, nil
		}
		last := chain[len(chain)-1]
		nodes[last] = planned{
			node: &onnxpb.NodeProto{Input: inputs, Output: gp.Node[last].Output, Name: head.Name,
				OpType: head.OpType, Domain: head.Domain, Attribute: head.Attribute},
			name: nodeName(head, i),
			fuse: strings.Join(kinds, ","),
		}
	}
	out := make([]planned, 0, len(order))
	for _, i := range order {
		if nodes[i].node != nil {
			out = append(out, nodes[i])
		}
	}
	return out
}

// fusable reports whether node n is a Conv or MatMul whose kernel can
// absorb the nodes after it: its weights (second input) are float32 or
// float64 initializers (float16 computes in float32 and rounds, which
// would round the sum differently), and the model's opset has Add
// broadcast without attributes.
func (c *compiler) fusable(n *onnxpb.NodeProto) bool {
	if _, ok := ops.Fusable[n.GetOpType()]; !ok || !c.standard(n, n.GetOpType()) || len(n.Input) < 2 || c.opsets[""] < 7 {
		return false
	}
	id, ok := c.ids[n.Input[1]]
	if !ok {
		return false
	}
	w, ok := c.g.consts[id].(*tensor.Tensor)
	return ok && (w.DType() == tensor.Float32 || w.DType() == tensor.Float64)
}

// standard reports whether n is the ai.onnx operator typ, not a model's
// function of that name.
func (c *compiler) standard(n *onnxpb.NodeProto, typ string) bool {
	return n.GetOpType() == typ && ops.Domain(n.GetDomain()) == "" && c.funcs.lookup("", typ, n.GetOverload()) == nil
}
