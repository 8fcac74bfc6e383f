package ops

import (
	"math"
	mbits "math/bits"
)

// Walking the trees is nearly all of a tree ensemble's prediction, and a
// forest of a hundred trees does not fit in the first cache level as
// treeNodes. When every branch is a plain x ≤ threshold test, as
// scikit-learn's, XGBoost's (x < t) and LightGBM's are, the trees are also
// laid out as flatNodes: 16 bytes each, in depth-first order so that a
// branch's true child is the node after it and only the false one is
// stored. Values are compared as order-preserving integer keys, so that a
// step takes no branch (the compiler keeps one for a float comparison in a
// loop, mispredicted half of the time). A leaf loops to itself (no key
// is ≤ 0), so a walk can take as many steps as the tree is deep without
// testing for leaves, and four trees are walked in step: the loads of one
// do not wait for those of the others.

// flatNode goes to the next node when orderKey(x[feature]) ≤ key and to node
// next otherwise.
type flatNode struct {
	key     uint64
	feature int32
	next    int32
}

// orderKey maps float64s to integers in the same order, -0 and +0 alike. NaN
// compares false with everything: its key is the highest as a feature
// value and 0, below every feature key, as a threshold.
func orderKey(v float64, threshold bool) uint64 {
	switch b := math.Float64bits(v); {
	case v != v && threshold:
		return 0
	case v != v:
		return math.MaxUint64
	case v == 0:
		return 1 << 63
	case b>>63 != 0:
		return ^b
	default:
		return b | 1<<63
	}
}

// flatTrees is a forest in the flat layout.
type flatTrees struct {
	nodes []flatNode
	roots []int32
	depth []int32    // per tree, the most branches from its root to a leaf
	spans []leafSpan // per node, a leaf's weights
}

// maxFlatFactor bounds the flat layout: a TreeEnsemble may share subtrees,
// which depth-first order copies, and a hostile one could make the copies
// grow exponentially.
const maxFlatFactor = 2

// flatten returns the flat layout of f, or nil when a test does not allow
// it; the walk then uses f.nodes.
func (f *forest) flatten() *flatTrees {
	if f.features == 0 || len(f.nodes) > math.MaxInt32/maxFlatFactor {
		return nil
	}
	for i := range f.nodes {
		n := &f.nodes[i]
		if n.mode != leafNode && (n.mode != branchLEQ && n.mode != branchLT || n.missingTrue) {
			return nil
		}
	}
	ft := &flatTrees{roots: make([]int32, len(f.roots)), depth: make([]int32, len(f.roots))}
	// parent is the flat branch whose false child the node is, or -1.
	type pending struct{ node, parent, depth int }
	var stack []pending
	for t, root := range f.roots {
		ft.roots[t] = int32(len(ft.nodes))
		stack = append(stack[:0], pending{root, -1, 0})
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			self := len(ft.nodes)
			if self >= maxFlatFactor*len(f.nodes) {
				return nil
			}
			if p.parent >= 0 {
				ft.nodes[p.parent].next = int32(self)
			}
			n := &f.nodes[p.node]
			if n.mode == leafNode {
				ft.nodes = append(ft.nodes, flatNode{key: 0, next: int32(self)})
				ft.spans = append(ft.spans, n.span())
				ft.depth[t] = max(ft.depth[t], int32(p.depth))
				continue
			}
			k := orderKey(n.value, true)
			switch {
			case n.mode == branchLT && math.IsInf(n.value, -1):
				k = 0 // never holds
			case n.mode == branchLT:
				// For every x, x < v exactly when x ≤ the float below v.
				k = orderKey(math.Nextafter(n.value, math.Inf(-1)), true)
			}
			ft.nodes = append(ft.nodes, flatNode{key: k, feature: int32(n.feature)})
			ft.spans = append(ft.spans, leafSpan{})
			// The true child pops first, so it lands right after.
			stack = append(stack, pending{n.next[1], self, p.depth + 1}, pending{n.next[0], -1, p.depth + 1})
		}
	}
	return ft
}

// step moves from node i one level down.
func (n *flatNode) step(i int32, x []uint64) int32 {
	// Without a branch: borrow is 1 when the test fails.
	_, borrow := mbits.Sub64(n.key, x[n.feature], 0)
	fail := -int32(borrow)
	return (i+1)&^fail | n.next&fail
}

// leaves writes into out, for each tree, the weights of the leaf row
// reaches; row holds at least f.features values. buf is scratch space of
// len(row).
func (f *forest) leaves(row []float64, buf []uint64, out []leafSpan) {
	ft := f.flat
	if ft == nil {
		for t, root := range f.roots {
			out[t] = f.leaf(root, row).span()
		}
		return
	}
	x := buf[:len(row)]
	for j, v := range row {
		x[j] = orderKey(v, false)
	}
	nodes, roots := ft.nodes, ft.roots
	t := 0
	for ; t+4 <= len(roots); t += 4 {
		i0, i1, i2, i3 := roots[t], roots[t+1], roots[t+2], roots[t+3]
		for range max(ft.depth[t], ft.depth[t+1], ft.depth[t+2], ft.depth[t+3]) {
			i0 = nodes[i0].step(i0, x)
			i1 = nodes[i1].step(i1, x)
			i2 = nodes[i2].step(i2, x)
			i3 = nodes[i3].step(i3, x)
		}
		out[t], out[t+1], out[t+2], out[t+3] = ft.spans[i0], ft.spans[i1], ft.spans[i2], ft.spans[i3]
	}
	for ; t < len(roots); t++ {
		i := roots[t]
		for range ft.depth[t] {
			i = nodes[i].step(i, x)
		}
		out[t] = ft.spans[i]
	}
}
