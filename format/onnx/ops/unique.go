package ops

import (
	"context"
	byteorder "encoding/binary"
	"math"
	"slices"
	"sort"

	"github.com/slipwayml/slipway/tensor"
)

// buildUnique finds the distinct elements (or slices along axis), sorted
// unless sorted=0 keeps first-occurrence order, with the index of each
// first occurrence, the inverse mapping and the counts.
func buildUnique(n *Node) (Kernel, error) {
	sorted := n.Int("sorted", 1) != 0
	hasAxis, a := n.Has("axis"), n.Int("axis", 0)
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		if !hasAxis {
			flat, err := t.Reshape([]int{t.Len()})
			if err != nil {
				return nil, err
			}
			t = flat
		}
		ax, err := axis(a, len(t.Shape()))
		if err != nil {
			return nil, err
		}
		// Move axis first so each slice is contiguous.
		perm := []int64{int64(ax)}
		for i := range t.Shape() {
			if i != ax {
				perm = append(perm, int64(i))
			}
		}
		moved, err := transpose(t, perm)
		if err != nil {
			return nil, err
		}
		v, err := moved.Float64s()
		if err != nil {
			return nil, err
		}
		dim := t.Shape()[ax]
		width := len(v) / max(dim, 1)
		slice := func(i int) []float64 { return v[i*width : (i+1)*width] }
		var firsts []int
		inverse := make([]int64, dim)
		seen := map[string]int{}
		key := make([]byte, 0, 8*width)
		for i := range dim {
			key = key[:0]
			for _, x := range slice(i) {
				key = byteorder.LittleEndian.AppendUint64(key, math.Float64bits(x))
			}
			j, ok := seen[string(key)]
			if !ok {
				j = len(firsts)
				seen[string(key)] = j
				firsts = append(firsts, i)
			}
			inverse[i] = int64(j)
		}
		order := make([]int, len(firsts)) // output position → index into firsts
		for i := range order {
			order[i] = i
		}
		if sorted {
			sort.SliceStable(order, func(p, q int) bool { return slices.Compare(slice(firsts[order[p]]), slice(firsts[order[q]])) < 0 })
		}
		rank := make([]int64, len(order))
		for p, o := range order {
			rank[o] = int64(p)
		}
		counts := make([]int64, len(order))
		for i := range inverse {
			inverse[i] = rank[inverse[i]]
			counts[inverse[i]]++
		}
		idx := make([]int64, len(order))
		var take []int
		for p, o := range order {
			idx[p] = int64(firsts[o])
			for k := range width {
				take = append(take, firsts[o]*width+k)
			}
		}
		yShape := append([]int{len(order)}, moved.Shape()[1:]...)
		y, err := Take(moved, yShape, take)
		if err != nil {
			return nil, err
		}
		back := make([]int64, len(perm))
		for i, p := range perm {
			back[p] = int64(i)
		}
		if y, err = transpose(y, back); err != nil {
			return nil, err
		}
		out := []Value{y}
		for _, l := range [][]int64{idx, inverse, counts} {
			lt, err := tensor.New([]int{len(l)}, l)
			if err != nil {
				return nil, err
			}
			out = append(out, lt)
		}
		return out[:min(len(out), max(n.NumOutputs, 1))], nil
	}), nil
}
