package ops

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// Branch modes of tree nodes.
const (
	branchLEQ uint8 = iota
	branchLT
	branchGTE
	branchGT
	branchEQ
	branchNEQ
	branchMember
	leafNode
)

var branchModes = map[string]uint8{
	"BRANCH_LEQ": branchLEQ, "BRANCH_LT": branchLT, "BRANCH_GTE": branchGTE, "BRANCH_GT": branchGT,
	"BRANCH_EQ": branchEQ, "BRANCH_NEQ": branchNEQ, "LEAF": leafNode,
}

// treeNode is a branch or a leaf. A branch goes to next[0] when its test
// holds and next[1] otherwise; a leaf's weights are weights[next[0]:next[1]].
type treeNode struct {
	feature     int
	mode        uint8
	missingTrue bool
	value       float64
	members     []float64 // of a branchMember test
	next        [2]int
}

type leafWeight struct {
	target int
	w      float64
}

// leafSpan holds a leaf's weights as forest.weights[lo:hi]. It has no
// pointers, so a walk's per-tree results cost the collector nothing.
type leafSpan struct{ lo, hi int32 }

// span returns a leaf's weights. A forest has fewer than 2³¹ of them: each
// takes at least 4 bytes of a model, which protobuf limits to 2 GiB.
func (n *treeNode) span() leafSpan { return leafSpan{int32(n.next[0]), int32(n.next[1])} }

// forest is a decoded tree ensemble.
type forest struct {
	nodes    []treeNode
	roots    []int
	weights  []leafWeight
	targets  int
	features int // the least feature count the trees read
	// flat is the trees laid out for a fast walk, when their tests allow
	// it (see flatten).
	flat *flatTrees
}

// holds evaluates a branch test on v.
func (n *treeNode) holds(v float64) bool {
	if math.IsNaN(v) {
		if n.missingTrue {
			return true
		}
	}
	switch n.mode {
	case branchLEQ:
		return v <= n.value
	case branchLT:
		return v < n.value
	case branchGTE:
		return v >= n.value
	case branchGT:
		return v > n.value
	case branchEQ:
		return v == n.value
	case branchNEQ:
		return v != n.value
	}
	for _, m := range n.members {
		if v == m {
			return true
		}
	}
	return false
}

// leaf returns the leaf a row of features reaches from root. The build
// checked the trees are acyclic, so the walk ends.
func (f *forest) leaf(root int, x []float64) *treeNode {
	n := &f.nodes[root]
	for n.mode != leafNode {
		if n.holds(x[n.feature]) {
			n = &f.nodes[n.next[0]]
		} else {
			n = &f.nodes[n.next[1]]
		}
	}
	return n
}

// aggregate is how leaf weights of several trees combine.
type aggregate uint8

const (
	aggSum aggregate = iota
	aggAverage
	aggMin
	aggMax
)

// scores returns the aggregated target scores of each row, plus base.
func (f *forest) scores(x []float64, rows, cols int, agg aggregate, base []float64) ([]float64, []bool, error) {
	if cols < f.features {
		return nil, nil, fmt.Errorf("input has %d features, the trees read feature %d", cols, f.features-1)
	}
	out := make([]float64, rows*f.targets)
	has := make([]bool, rows*f.targets)
	leaves, buf := make([]leafSpan, len(f.roots)), make([]uint64, cols)
	for r := range rows {
		s, h := out[r*f.targets:(r+1)*f.targets], has[r*f.targets:(r+1)*f.targets]
		f.leaves(x[r*cols:(r+1)*cols], buf, leaves)
		for _, l := range leaves {
			for _, w := range f.weights[l.lo:l.hi] {
				switch {
				case !h[w.target] || agg == aggSum || agg == aggAverage:
					if !h[w.target] {
						s[w.target] = 0
					}
					s[w.target] += w.w
				case agg == aggMin:
					s[w.target] = math.Min(s[w.target], w.w)
				default:
					s[w.target] = math.Max(s[w.target], w.w)
				}
				h[w.target] = true
			}
		}
		for t := range s {
			if agg == aggAverage {
				s[t] /= float64(len(f.roots))
			}
			if t < len(base) {
				s[t] += base[t]
			}
		}
	}
	return out, has, nil
}

// floatsOrTensor reads a float list given either as floats or as a
// tensor attribute named name+"_as_tensor".
func floatsOrTensor(n *Node, name string) ([]float64, error) {
	if t := n.Tensor(name + "_as_tensor"); t != nil {
		return t.Float64s()
	}
	return widen[float32, float64](n.Floats(name)), nil
}

// readForest decodes the nodes_* attributes of TreeEnsembleClassifier and
// TreeEnsembleRegressor, with leaf weights from the attributes prefixed
// by prefix ("class_" or "target_").
func readForest(n *Node, prefix string, targets int) (*forest, error) {
	treeIDs, nodeIDs := n.Ints("nodes_treeids"), n.Ints("nodes_nodeids")
	feats, modes := n.Ints("nodes_featureids"), n.Strings("nodes_modes")
	trueIDs, falseIDs := n.Ints("nodes_truenodeids"), n.Ints("nodes_falsenodeids")
	missing := n.Ints("nodes_missing_value_tracks_true")
	values, err := floatsOrTensor(n, "nodes_values")
	if err != nil {
		return nil, err
	}
	count := len(nodeIDs)
	for _, l := range [][]int64{treeIDs, feats, trueIDs, falseIDs} {
		if len(l) != count {
			return nil, fmt.Errorf("nodes_* attributes differ in length")
		}
	}
	if len(modes) != count || len(values) != count || missing != nil && len(missing) != count {
		return nil, fmt.Errorf("nodes_* attributes differ in length")
	}
	type key struct{ tree, node int64 }
	index := make(map[key]int, count)
	f := &forest{nodes: make([]treeNode, count), targets: targets}
	for i := range count {
		k := key{treeIDs[i], nodeIDs[i]}
		if _, dup := index[k]; dup {
			return nil, fmt.Errorf("tree %d has node %d twice", k.tree, k.node)
		}
		index[k] = i
		if i == 0 || treeIDs[i] != treeIDs[i-1] {
			f.roots = append(f.roots, i)
		}
	}
	lw, err := readLeafWeights(n, prefix, targets)
	if err != nil {
		return nil, err
	}
	byLeaf := map[int][]leafWeight{}
	for _, w := range lw {
		i, ok := index[key{w.tree, w.node}]
		if !ok {
			return nil, fmt.Errorf("weight for missing node %d of tree %d", w.node, w.tree)
		}
		byLeaf[i] = append(byLeaf[i], leafWeight{target: w.target, w: w.w})
	}
	for i := range count {
		nd := &f.nodes[i]
		mode, ok := branchModes[modes[i]]
		if !ok {
			return nil, fmt.Errorf("node %d: unknown mode %q", i, modes[i])
		}
		nd.mode, nd.value = mode, values[i]
		nd.missingTrue = missing != nil && missing[i] != 0
		if mode == leafNode {
			nd.next = [2]int{len(f.weights), len(f.weights) + len(byLeaf[i])}
			f.weights = append(f.weights, byLeaf[i]...)
			continue
		}
		if feats[i] < 0 || feats[i] >= tensor.MaxElements {
			return nil, fmt.Errorf("node %d: feature %d", i, feats[i])
		}
		nd.feature = int(feats[i])
		f.features = max(f.features, nd.feature+1)
		for j, id := range []int64{trueIDs[i], falseIDs[i]} {
			c, ok := index[key{treeIDs[i], id}]
			if !ok {
				return nil, fmt.Errorf("node %d of tree %d: child %d does not exist", nodeIDs[i], treeIDs[i], id)
			}
			nd.next[j] = c
		}
	}
	return f, f.prepare()
}

// prepare checks the trees and lays them out for the walk.
func (f *forest) prepare() error {
	if err := f.checkAcyclic(); err != nil {
		return err
	}
	f.flat = f.flatten()
	return nil
}

// checkAcyclic refuses trees whose branches loop, which would make a walk
// endless.
func (f *forest) checkAcyclic() error {
	state := make([]uint8, len(f.nodes)) // 0 unseen, 1 on the path, 2 done
	type frame struct{ node, child int }
	for _, root := range f.roots {
		stack := []frame{{root, 0}}
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			nd := &f.nodes[top.node]
			if top.child == 0 {
				if state[top.node] == 2 {
					stack = stack[:len(stack)-1]
					continue
				}
				state[top.node] = 1
			}
			if nd.mode == leafNode || top.child == 2 {
				state[top.node] = 2
				stack = stack[:len(stack)-1]
				continue
			}
			c := nd.next[top.child]
			top.child++
			switch state[c] {
			case 1:
				return fmt.Errorf("the trees have a cycle through node %d", c)
			case 0:
				stack = append(stack, frame{c, 0})
			}
		}
	}
	return nil
}

type rawWeight struct {
	tree, node int64
	target     int
	w          float64
}

func readLeafWeights(n *Node, prefix string, targets int) ([]rawWeight, error) {
	trees, nodes, ids := n.Ints(prefix+"treeids"), n.Ints(prefix+"nodeids"), n.Ints(prefix+"ids")
	w, err := floatsOrTensor(n, prefix+"weights")
	if err != nil {
		return nil, err
	}
	if len(nodes) != len(trees) || len(ids) != len(trees) || len(w) != len(trees) {
		return nil, fmt.Errorf("%s* attributes differ in length", prefix)
	}
	out := make([]rawWeight, len(trees))
	for i := range trees {
		if ids[i] < 0 || ids[i] >= int64(targets) {
			return nil, fmt.Errorf("%sids[%d] is %d, want below %d", prefix, i, ids[i], targets)
		}
		out[i] = rawWeight{trees[i], nodes[i], int(ids[i]), w[i]}
	}
	return out, nil
}

func readAggregate(n *Node) (aggregate, error) {
	switch s := n.String("aggregate_function", "SUM"); s {
	case "SUM":
		return aggSum, nil
	case "AVERAGE":
		return aggAverage, nil
	case "MIN":
		return aggMin, nil
	case "MAX":
		return aggMax, nil
	default:
		return 0, fmt.Errorf("unknown aggregate_function %q", s)
	}
}
