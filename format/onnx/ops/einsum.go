package ops

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/slipwayml/slipway/tensor"
)

// buildEinsum evaluates an Einstein summation by visiting every combination
// of label values: straightforward, for the small contractions models use.
func buildEinsum(n *Node) (Kernel, error) {
	eq := strings.ReplaceAll(n.String("equation", ""), " ", "")
	if eq == "" {
		return nil, fmt.Errorf("equation is required")
	}
	return func(ctx context.Context, in []Value) ([]Value, error) {
		ts := make([]*tensor.Tensor, len(in))
		for i := range in {
			var err error
			if ts[i], err = arg(in, i); err != nil {
				return nil, err
			}
		}
		return result(einsum(eq, ts))
	}, nil
}

func einsum(eq string, ts []*tensor.Tensor) (*tensor.Tensor, error) {
	lhs, rhs, explicit := strings.Cut(eq, "->")
	terms := strings.Split(lhs, ",")
	if len(terms) != len(ts) || len(ts) == 0 {
		return nil, fmt.Errorf("equation %q has %d operands, got %d", eq, len(terms), len(ts))
	}
	// Ellipses become upper-case labels, aligned from the right.
	ell := 0
	for i, term := range terms {
		if strings.Contains(term, "...") {
			ell = max(ell, len(ts[i].Shape())-(len(term)-3))
		}
	}
	expand := func(term string, rank int) string {
		if !strings.Contains(term, "...") {
			return term
		}
		k := rank - (len(term) - 3)
		var b strings.Builder
		for j := ell - k; j < ell; j++ {
			b.WriteByte(byte('A' + j))
		}
		return strings.Replace(term, "...", b.String(), 1)
	}
	size := map[byte]int{}
	count := map[byte]int{}
	for i := range terms {
		terms[i] = expand(terms[i], len(ts[i].Shape()))
		if len(terms[i]) != len(ts[i].Shape()) {
			return nil, fmt.Errorf("term %q does not match rank %d", terms[i], len(ts[i].Shape()))
		}
		for j := range len(terms[i]) {
			l, d := terms[i][j], ts[i].Shape()[j]
			if s, ok := size[l]; ok && s != d && s != 1 && d != 1 {
				return nil, fmt.Errorf("%w: label %c is %d and %d", tensor.ErrShape, l, s, d)
			}
			size[l] = max(size[l], d)
			count[l]++
		}
	}
	if !explicit {
		var ls []byte
		for l, c := range count {
			if c == 1 || l < 'a' {
				ls = append(ls, l)
			}
		}
		sort.Slice(ls, func(i, j int) bool { return ls[i] < ls[j] })
		rhs = string(ls)
	} else {
		var b strings.Builder
		for j := range ell {
			b.WriteByte(byte('A' + j))
		}
		rhs = strings.Replace(rhs, "...", b.String(), 1)
	}
	labels := []byte(rhs)
	for l := range size {
		if !strings.ContainsRune(rhs, rune(l)) {
			labels = append(labels, l)
		}
	}
	dims := make([]int, len(labels))
	pos := map[byte]int{}
	for i, l := range labels {
		dims[i], pos[l] = size[l], i
	}
	outShape := dims[:len(rhs)]
	outN, err := numElements(outShape)
	if err != nil {
		return nil, err
	}
	total, err := numElements(dims)
	if err != nil {
		return nil, err
	}
	// Each operand's element index as a dot product with the label odometer.
	vals := make([][]float64, len(ts))
	st := make([][]int, len(ts))
	for i, t := range ts {
		if vals[i], err = t.Float64s(); err != nil {
			return nil, err
		}
		own := strides(t.Shape())
		st[i] = make([]int, len(labels))
		for j := range len(terms[i]) {
			if t.Shape()[j] != 1 {
				st[i][pos[terms[i][j]]] += own[j]
			}
		}
	}
	out := make([]float64, outN)
	odo := make([]int, len(labels))
	inner := total / max(outN, 1)
	for o := 0; o < total; o++ {
		p := 1.0
		for i := range ts {
			off := 0
			for j, v := range odo {
				off += v * st[i][j]
			}
			p *= vals[i][off]
		}
		out[o/max(inner, 1)] += p
		next(odo, dims)
	}
	f, err := tensor.New(append([]int{}, outShape...), out)
	if err != nil {
		return nil, err
	}
	return Cast(f, ts[0].DType())
}
