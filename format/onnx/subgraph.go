package onnx

import (
	"context"
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/format/onnx/ops"
)

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
	child := newCompiler(c.opsets, c.funcs, c.ext)
	child.parent, child.outer, child.depth, child.budget = c, outer, c.depth+1, c.budget
	g, err := child.compile(gp)
	if err != nil {
		return nil, fmt.Errorf("subgraph %q: %w", gp.GetName(), err)
	}
	return &subgraph{g: g, outer: child.outerIdx}, nil
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

// subgraph runs a compiled If branch or Loop/Scan body; outer maps its
// captures to the owning node's outer values.
type subgraph struct {
	g     *graph
	outer []int
}

func (s *subgraph) Run(ctx context.Context, formal, outer []ops.Value) ([]ops.Value, error) {
	if len(formal) != len(s.g.inputs) {
		return nil, fmt.Errorf("subgraph takes %d inputs, got %d", len(s.g.inputs), len(formal))
	}
	feeds := append(make([]ops.Value, 0, len(formal)+len(s.outer)), formal...)
	for _, i := range s.outer {
		if i >= len(outer) {
			return nil, fmt.Errorf("subgraph reads outer value %d of %d", i, len(outer))
		}
		feeds = append(feeds, outer[i])
	}
	return s.g.run(ctx, feeds)
}
