package ops

import (
	"math"
	"math/rand/v2"
	"testing"
)

// edgeValues are feature values and thresholds where a reordering of the
// tests would show: zeros of both signs, infinities, NaN, neighbours.
var edgeValues = []float64{0, math.Copysign(0, -1), 1, -1, math.Nextafter(1, 2), math.Inf(1), math.Inf(-1), math.NaN(), 1e-300, -1e-300, math.MaxFloat64}

// randomForest builds trees of the given depth whose branches use mode,
// with thresholds and features drawn from rng, one weight per leaf.
func randomForest(rng *rand.Rand, trees, depth, features int, mode uint8) *forest {
	f := &forest{targets: 1, features: features}
	var grow func(d int) int
	grow = func(d int) int {
		i := len(f.nodes)
		f.nodes = append(f.nodes, treeNode{})
		if d == depth || rng.IntN(4) == 0 {
			f.nodes[i] = treeNode{mode: leafNode, next: [2]int{len(f.weights), len(f.weights) + 1}}
			f.weights = append(f.weights, leafWeight{w: float64(i)})
			return i
		}
		v := edgeValues[rng.IntN(len(edgeValues))]
		if rng.IntN(2) == 0 {
			v = rng.NormFloat64()
		}
		n := treeNode{mode: mode, feature: rng.IntN(features), value: v}
		n.next[0] = grow(d + 1)
		n.next[1] = grow(d + 1)
		f.nodes[i] = n
		return i
	}
	for range trees {
		f.roots = append(f.roots, grow(0))
	}
	return f
}

// TestFlatWalk checks that the flat layout reaches, for every tree, the
// leaf the node-by-node walk (holds) reaches.
func TestFlatWalk(t *testing.T) {
	for _, tt := range []struct {
		name  string
		mode  uint8
		trees int
	}{
		{"LEQ", branchLEQ, 9},
		{"LT", branchLT, 9},
		{"one tree", branchLEQ, 1},
		{"four trees", branchLT, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(tt.mode)))
			const features = 5
			f := randomForest(rng, tt.trees, 6, features, tt.mode)
			f.flat = f.flatten()
			if f.flat == nil {
				t.Fatal("flatten refused the forest")
			}
			x := make([]float64, features)
			got := make([]leafSpan, len(f.roots))
			buf := make([]uint64, features)
			for range 2000 {
				for j := range x {
					x[j] = edgeValues[rng.IntN(len(edgeValues))]
					if rng.IntN(3) == 0 {
						x[j] = rng.NormFloat64()
					}
				}
				f.leaves(x, buf, got)
				for tree, root := range f.roots {
					if want := f.leaf(root, x).span(); got[tree] != want {
						t.Fatalf("x = %v, tree %d: flat walk reached weights %v, want %v", x, tree, got[tree], want)
					}
				}
			}
		})
	}
}

// TestFlattenRefuses lists the forests the flat layout does not cover.
func TestFlattenRefuses(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for _, tt := range []struct {
		name   string
		change func(f *forest)
	}{
		{"GTE branch", func(f *forest) { f.nodes[0].mode = branchGTE }},
		{"member branch", func(f *forest) { f.nodes[0].mode, f.nodes[0].members = branchMember, []float64{1} }},
		{"missing values go true", func(f *forest) { f.nodes[0].missingTrue = true }},
		{"shared subtrees", func(f *forest) {
			// A chain whose branches both go to the next node: its
			// depth-first copy would have 2⁴⁰ leaves.
			f.nodes, f.roots = nil, []int{0}
			for i := range 40 {
				f.nodes = append(f.nodes, treeNode{mode: branchLEQ, next: [2]int{i + 1, i + 1}})
			}
			f.nodes = append(f.nodes, treeNode{mode: leafNode, next: [2]int{0, 1}})
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := randomForest(rng, 8, 6, 3, branchLEQ)
			f.nodes[f.roots[0]] = treeNode{mode: branchLEQ, next: [2]int{f.roots[0] + 1, f.roots[0] + 1}}
			if f.flatten() == nil {
				t.Fatal("flatten refused the forest before the change")
			}
			tt.change(f)
			if f.flatten() != nil {
				t.Error("flatten accepted the forest")
			}
		})
	}
}
