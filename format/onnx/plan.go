package onnx

import (
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
)

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
