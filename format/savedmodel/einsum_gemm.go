package savedmodel

import (
	"slices"

	"github.com/slipwayml/slipway/internal/gemm"
	"github.com/slipwayml/slipway/tensor"
)

// einsumProduct is a two-operand Einsum that is a batched matrix product:
// each label is a batch label (in both operands and the output), an m or
// an n label (in the output and only the first or only the second
// operand) or a k label (in both operands only, summed). Then for each
// batch element gemm multiplies an m×k matrix of the first operand by a
// k×n one of the second into an m×n one of the output, reading and
// writing them in place where their rows are evenly strided. Dimensions
// of size 1 take no part in a layout, so they are dropped first, which
// also does away with broadcasting.
type einsumProduct struct {
	e              *einsum
	batch, m, n, k []rune
	a, b, out      []rune // the labels, size-1 dimensions dropped
	ma, mb, mc     matrices
	permOut        []int // how to lay out the output from [batch, m, n]; nil: written in place
}

// matrices is how gemm reads an operand or writes the output: the matrix
// of batch element i starts at off[i], its rows ld apart, and is stored
// transposed when trans is set.
type matrices struct {
	perm  []int // how to transpose the operand first; nil: read in place
	off   []int
	ld    int
	trans bool
}

// product returns e as a batched matrix product of the float operands in,
// or false when it is none, the operands are empty or they are not
// float32 or float64.
func (e *einsum) product(in []*tensor.Tensor) (*einsumProduct, bool) {
	if len(in) != 2 || in[0].DType() != tensor.Float32 && in[0].DType() != tensor.Float64 ||
		in[0].Len() == 0 || in[1].Len() == 0 {
		return nil, false
	}
	p := &einsumProduct{e: e, a: squeezed(e.ops[0], in[0].Shape()), b: squeezed(e.ops[1], in[1].Shape())}
	for _, l := range e.out {
		if e.sizes[l] == 1 {
			continue
		}
		p.out = append(p.out, l)
		switch inA, inB := slices.Contains(p.a, l), slices.Contains(p.b, l); {
		case inA && inB:
			p.batch = append(p.batch, l)
		case inA:
			p.m = append(p.m, l)
		default:
			p.n = append(p.n, l)
		}
	}
	kA, kB := p.summed(p.a), p.summed(p.b)
	// A label summed within one operand, or repeated in one (a diagonal),
	// is no matrix product.
	if !sameSet(kA, kB) || repeats(p.a) || repeats(p.b) {
		return nil, false
	}
	// The k labels take whichever operand's order copies fewer elements,
	// the second's on a tie: Keras passes weights second.
	p.k = kB
	cost := -1
	for _, k := range [][]rune{kB, kA} {
		ma, mb := p.matrices(p.a, p.m, k), p.matrices(p.b, k, p.n)
		c := 0
		if ma.perm != nil {
			c += in[0].Len()
		}
		if mb.perm != nil {
			c += in[1].Len()
		}
		if cost < 0 || c < cost {
			cost, p.ma, p.mb = c, ma, mb
		}
	}
	if p.mc = p.matrices(p.out, p.m, p.n); p.mc.perm != nil {
		mn := slices.Concat(p.batch, p.m, p.n)
		p.mc.perm, p.permOut = nil, positions(p.out, mn)
	}
	return p, true
}

// compute multiplies operands x and y with gemm in their own type.
func (p *einsumProduct) compute(x, y *tensor.Tensor) (*tensor.Tensor, error) {
	x, err := p.lay(x, p.a, p.ma.perm)
	if err != nil {
		return nil, err
	}
	if y, err = p.lay(y, p.b, p.mb.perm); err != nil {
		return nil, err
	}
	shape := p.e.shape
	if p.permOut != nil {
		shape = p.shapeOf(slices.Concat(p.batch, p.m, p.n))
	}
	out, err := computeFloat(x.DType(), shape, x, y, multiplyEinsum[float32](p), multiplyEinsum[float64](p))
	if err != nil || p.permOut == nil {
		return out, err
	}
	if out, err = permute(out, p.permOut); err != nil {
		return nil, err
	}
	return out.Reshape(p.e.shape)
}

// multiplyEinsum returns p's product of operands x and y, laid out as
// p.ma and p.mb say.
func multiplyEinsum[T gemm.Float](p *einsumProduct) func(x, y []T) []T {
	return func(x, y []T) []T {
		a, b, c := p.ma, p.mb, p.mc
		m, n, k := p.size(p.m), p.size(p.n), p.size(p.k)
		out := make([]T, len(c.off)*m*n)
		for i, o := range c.off {
			if c.trans {
				// The output is stored as the transposed product, y'·x'.
				gemm.Mul(!b.trans, !a.trans, n, m, k, 1, y[b.off[i]:], b.ld, x[a.off[i]:], a.ld, 0, out[o:], c.ld)
			} else {
				gemm.Mul(a.trans, b.trans, m, n, k, 1, x[a.off[i]:], a.ld, y[b.off[i]:], b.ld, 0, out[o:], c.ld)
			}
		}
		return out
	}
}

// matrices returns how gemm reads the rows×cols matrices of an operand with
// labels, where (rows, cols) are (x, y) or, transposed, (y, x): in place
// when both run consecutively, cols last, or else after transposing the
// operand to [batch, x, y].
func (p *einsumProduct) matrices(labels, x, y []rune) matrices {
	for _, trans := range []bool{false, true} {
		rows, cols := x, y
		if trans {
			rows, cols = y, x
		}
		if ld, ok := p.rowStride(labels, rows, cols); ok {
			return matrices{off: p.offsets(labels), ld: ld, trans: trans}
		}
	}
	canon := slices.Concat(p.batch, x, y)
	m := p.matrices(canon, x, y)
	m.perm = positions(canon, labels)
	return m
}

// rowStride returns the distance between the rows of a rows×cols matrix
// in a tensor with labels, or false unless rows and cols each run
// consecutively and cols, when there are any, come last.
func (p *einsumProduct) rowStride(labels, rows, cols []rune) (int, bool) {
	r, okR := run(labels, rows)
	c, okC := run(labels, cols)
	if !okR || !okC || len(cols) > 0 && c+len(cols) != len(labels) {
		return 0, false
	}
	if len(rows) == 0 {
		return max(1, p.size(cols)), true
	}
	return strides(p.shapeOf(labels))[r+len(rows)-1], true
}

// offsets returns where each batch element starts in a tensor with labels.
func (p *einsumProduct) offsets(labels []rune) []int {
	st := strides(p.shapeOf(labels))
	step := make([]int, len(p.batch))
	for i, l := range p.batch {
		step[i] = st[slices.Index(labels, l)]
	}
	return gatherIndex(p.shapeOf(p.batch), 0, step)
}

// lay returns operand t, whose dimensions other than size-1 ones have
// labels, transposed by perm.
func (p *einsumProduct) lay(t *tensor.Tensor, labels []rune, perm []int) (*tensor.Tensor, error) {
	if perm == nil {
		return t, nil
	}
	t, err := t.Reshape(p.shapeOf(labels))
	if err != nil {
		return nil, err
	}
	return permute(t, perm)
}

// summed returns the labels that are not the output's.
func (p *einsumProduct) summed(labels []rune) []rune {
	var k []rune
	for _, l := range labels {
		if !slices.Contains(p.out, l) {
			k = append(k, l)
		}
	}
	return k
}

func (p *einsumProduct) shapeOf(labels []rune) []int {
	shape := make([]int, len(labels))
	for i, l := range labels {
		shape[i] = p.e.sizes[l]
	}
	return shape
}

func (p *einsumProduct) size(labels []rune) int {
	n := 1
	for _, l := range labels {
		n *= p.e.sizes[l]
	}
	return n
}

// run returns where group starts in labels, or false unless it runs there
// consecutively.
func run(labels, group []rune) (int, bool) {
	if len(group) == 0 {
		return 0, true
	}
	i := slices.Index(labels, group[0])
	return i, i >= 0 && i+len(group) <= len(labels) && slices.Equal(labels[i:i+len(group)], group)
}

// squeezed returns the labels of the dimensions of shape larger than 1.
func squeezed(labels []rune, shape []int) []rune {
	var out []rune
	for d, l := range labels {
		if shape[d] != 1 {
			out = append(out, l)
		}
	}
	return out
}

// positions returns the index in from of each label of to.
func positions(to, from []rune) []int {
	idx := make([]int, len(to))
	for i, l := range to {
		idx[i] = slices.Index(from, l)
	}
	return idx
}

func sameSet(x, y []rune) bool {
	return len(x) == len(y) && !slices.ContainsFunc(x, func(l rune) bool { return !slices.Contains(y, l) })
}

func repeats(labels []rune) bool {
	for i, l := range labels {
		if slices.Contains(labels[i+1:], l) {
			return true
		}
	}
	return false
}
