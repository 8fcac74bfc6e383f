package savedmodel

import (
	"fmt"
	"slices"
	"strings"

	"github.com/slipwayml/slipway/tensor"
)

// ellipsisLabel is the first label given to the dimensions "..." covers,
// right-aligned so they broadcast; letters are below it.
const ellipsisLabel = 0x100

// einsumLabels expands an operand's subscripts to one label per
// dimension of a rank-r operand.
func einsumLabels(sub string, r int) ([]rune, error) {
	head, tail, ell := strings.Cut(sub, "...")
	// Letters only, so that a byte is a label and no label is an
	// ellipsis one.
	for _, l := range head + tail {
		if !('a' <= l && l <= 'z' || 'A' <= l && l <= 'Z') {
			return nil, fmt.Errorf("bad subscript %q in %q", l, sub)
		}
	}
	explicit := len(head) + len(tail)
	if !ell && explicit != r || ell && explicit > r {
		return nil, fmt.Errorf("subscripts %q for a rank-%d operand", sub, r)
	}
	labels := []rune(head)
	for i := range r - explicit {
		labels = append(labels, rune(ellipsisLabel+r-explicit-1-i))
	}
	return append(labels, []rune(tail)...), nil
}

// einsumOp is Einsum on one or two operands (Keras's MultiHeadAttention
// and EinsumDense): each output element sums, over the labels missing
// from the output, the product of the operands' elements the labels
// select. A size-1 dimension broadcasts. Products of two float operands
// that are batched matrix products run on gemm; the rest are summed
// element by element in float64.
var einsumOp = tensorKernel(-1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	e, err := parseEinsum(c.attrString("equation"), in)
	if err != nil {
		return nil, err
	}
	if p, ok := e.product(in); ok {
		return p.compute(in[0], in[1])
	}
	return e.sum(in)
})

// einsum is a checked Einsum equation for operands of given shapes.
type einsum struct {
	ops   [][]rune // each operand's label per dimension
	out   []rune   // the output's label per dimension
	sizes map[rune]int
	shape []int // the output's
}

// parseEinsum checks equation against the operands in and labels their
// dimensions.
func parseEinsum(equation string, in []*tensor.Tensor) (*einsum, error) {
	eq := strings.ReplaceAll(equation, " ", "")
	lhs, rhs, explicit := strings.Cut(eq, "->")
	subs := strings.Split(lhs, ",")
	if len(subs) != len(in) || len(in) == 0 || len(in) > 2 {
		return nil, fmt.Errorf("equation %q for %d operands", eq, len(in))
	}
	e := &einsum{sizes: map[rune]int{}, ops: make([][]rune, len(in))}
	count := map[rune]int{}
	ellipsis := 0
	for k, t := range in {
		if t.DType() != in[0].DType() {
			return nil, fmt.Errorf("operands are %v and %v", in[0].DType(), t.DType())
		}
		labels, err := einsumLabels(subs[k], len(t.Shape()))
		if err != nil {
			return nil, err
		}
		for d, l := range labels {
			n := t.Shape()[d]
			switch s, ok := e.sizes[l]; {
			case !ok || s == 1:
				e.sizes[l] = n
			case n != s && n != 1:
				return nil, fmt.Errorf("label %q has sizes %d and %d", l, s, n)
			}
			count[l]++
			if l >= ellipsisLabel {
				ellipsis = max(ellipsis, int(l-ellipsisLabel)+1)
			}
		}
		e.ops[k] = labels
	}
	if explicit {
		var err error
		if e.out, err = einsumLabels(rhs, ellipsis+len(strings.ReplaceAll(rhs, "...", ""))); err != nil {
			return nil, err
		}
	} else {
		for i := range ellipsis {
			e.out = append(e.out, rune(ellipsisLabel+ellipsis-1-i))
		}
		var once []rune
		for l, n := range count {
			if n == 1 && l < ellipsisLabel {
				once = append(once, l)
			}
		}
		slices.Sort(once)
		e.out = append(e.out, once...)
	}
	e.shape = make([]int, len(e.out))
	for i, l := range e.out {
		s, ok := e.sizes[l]
		if !ok || slices.Index(e.out, l) != i {
			return nil, fmt.Errorf("output label %q is missing from the inputs or repeated", l)
		}
		e.shape[i] = s
	}
	if _, err := checkSize(e.shape); err != nil {
		return nil, err
	}
	return e, nil
}

// sum computes e of in element by element in float64, walking the output
// labels and then the summed ones like an odometer.
func (e *einsum) sum(in []*tensor.Tensor) (*tensor.Tensor, error) {
	all := slices.Clone(e.out)
	for l := range e.sizes {
		if !slices.Contains(e.out, l) {
			all = append(all, l)
		}
	}
	slices.Sort(all[len(e.out):])
	// step[k][i]: how far operand k's flat index moves when label all[i]
	// advances by one.
	xs := make([][]float64, len(in))
	step := make([][]int, len(in))
	for k, t := range in {
		var err error
		if xs[k], err = asFloat64(t); err != nil {
			return nil, err
		}
		st := strides(t.Shape())
		step[k] = make([]int, len(all))
		for d, l := range e.ops[k] {
			if t.Shape()[d] > 1 || e.sizes[l] == 1 {
				step[k][slices.Index(all, l)] += st[d]
			}
		}
	}
	inner := 1
	for _, l := range all[len(e.out):] {
		inner *= e.sizes[l]
	}
	var walk []int // the labels the odometer steps: size-1 ones never move
	for i, l := range all {
		if e.sizes[l] != 1 {
			walk = append(walk, i)
		}
	}
	n, _ := checkSize(e.shape)
	res := make([]float64, n)
	pos, off := make([]int, len(all)), make([]int, len(in))
	for o := range res {
		var s float64
		for range inner {
			p := 1.0
			for k, x := range xs {
				p *= x[off[k]]
			}
			s += p
			for w := len(walk) - 1; w >= 0; w-- {
				i := walk[w]
				pos[i]++
				for k := range off {
					off[k] += step[k][i]
				}
				if pos[i] < e.sizes[all[i]] {
					break
				}
				for k := range off {
					off[k] -= step[k][i] * pos[i]
				}
				pos[i] = 0
			}
		}
		res[o] = s
	}
	return fromFloat64(in[0].DType(), e.shape, res)
}
