package ops

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/slipwayml/slipway/tensor"
)

// mapArg returns input i as a map.
func mapArg(in []Value, i int) (Map, error) {
	if i >= len(in) {
		return Map{}, fmt.Errorf("input %d is missing", i)
	}
	m, ok := in[i].(Map)
	if !ok || m.Keys == nil || m.Values == nil || m.Keys.Len() != m.Values.Len() {
		return Map{}, fmt.Errorf("input %d is a %T, want a map", i, in[i])
	}
	return m, nil
}

// buildDictVectorizer lays a map's values out as a [1, V] row in the order
// of the vocabulary; absent keys give zeros.
func buildDictVectorizer(n *Node) (Kernel, error) {
	vocab := n.Strings("string_vocabulary")
	if ints := n.Ints("int64_vocabulary"); ints != nil {
		vocab = make([]string, len(ints))
		for i, v := range ints {
			vocab[i] = strconv.FormatInt(v, 10)
		}
	}
	pos := make(map[string]int, len(vocab))
	for i, k := range vocab {
		pos[k] = i
	}
	return func(ctx context.Context, in []Value) ([]Value, error) {
		m, err := mapArg(in, 0)
		if err != nil {
			return nil, err
		}
		keys, err := keyText(m.Keys)
		if err != nil {
			return nil, err
		}
		idx := make([]int, len(vocab))
		for i := range idx {
			idx[i] = -1
		}
		for i, k := range keys {
			if p, ok := pos[k]; ok {
				idx[p] = i
			}
		}
		return result(Take(m.Values, []int{1, len(vocab)}, idx))
	}, nil
}

// buildCastMap turns a map with INT64 keys into a [1, K] tensor: DENSE lays
// the values out in key order, SPARSE places them at their key in a row of
// max_map.
func buildCastMap(n *Node) (Kernel, error) {
	to := map[string]tensor.DType{"TO_FLOAT": tensor.Float32, "TO_STRING": tensor.String, "TO_INT64": tensor.Int64}[n.String("cast_to", "TO_FLOAT")]
	if to == tensor.Invalid {
		return nil, fmt.Errorf("unknown cast_to %q", n.String("cast_to", ""))
	}
	sparse := n.String("map_form", "DENSE") == "SPARSE"
	maxMap := n.Int("max_map", 1)
	if sparse && (maxMap <= 0 || maxMap > MaxElements) {
		return nil, fmt.Errorf("max_map is %d", maxMap)
	}
	return func(ctx context.Context, in []Value) ([]Value, error) {
		m, err := mapArg(in, 0)
		if err != nil {
			return nil, err
		}
		keys, ok := tensor.Values[int64](m.Keys)
		if !ok {
			return nil, fmt.Errorf("map keys are %v, want INT64", m.Keys.DType())
		}
		vals, err := Cast(m.Values, to)
		if err != nil {
			return nil, err
		}
		if !sparse {
			order := make([]int, len(keys))
			for i := range order {
				order[i] = i
			}
			sort.Slice(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
			return result(Take(vals, []int{1, len(order)}, order))
		}
		idx := make([]int, maxMap)
		for i := range idx {
			idx[i] = -1
		}
		for i, k := range keys {
			if k >= 0 && k < maxMap {
				idx[k] = i
			}
		}
		return result(Take(vals, []int{1, int(maxMap)}, idx))
	}, nil
}
