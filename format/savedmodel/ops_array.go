package savedmodel

import (
	"fmt"
	"math"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

// takeOr is take with idx -1 standing for the scalar fill.
func takeOr(t *tensor.Tensor, shape, idx []int, fill *tensor.Tensor) (*tensor.Tensor, error) {
	if fill.Len() != 1 {
		return nil, fmt.Errorf("fill value of shape %v, want a scalar", fill.Shape())
	}
	all, err := concatFlat([]*tensor.Tensor{t, fill})
	if err != nil {
		return nil, err
	}
	for i, j := range idx {
		if j < 0 {
			idx[i] = t.Len()
		}
	}
	return take(all, shape, idx)
}

var sizeOp = tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	dt, err := outType(c, "out_type", tensor.Int32)
	if err != nil {
		return nil, err
	}
	return fromFloat64(dt, []int{}, []float64{float64(in[0].Len())})
})

var rankOp = tensorKernel(1, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	return tensor.New([]int{}, []int32{int32(len(in[0].Shape()))})
})

// shapeNOp is ShapeN: the shape of each input.
var shapeNOp = &kernel{arity: -1, outputs: []string{"output"}, run: func(c *call, in []value) ([]value, error) {
	ts, err := tensors(in)
	if err != nil {
		return nil, err
	}
	dt, err := outType(c, "out_type", tensor.Int32)
	if err != nil {
		return nil, err
	}
	out := make([]value, len(ts))
	for i, t := range ts {
		s, err := intsTensor(dt, t.Shape())
		if err != nil {
			return nil, err
		}
		out[i] = tensorValue(s)
	}
	return out, nil
}}

var invertPermutationOp = tensorKernel(1, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	p, err := asInts(in[0])
	if err != nil || len(in[0].Shape()) != 1 {
		return nil, fmt.Errorf("want a vector of integers")
	}
	inv := make([]float64, len(p))
	seen := make([]bool, len(p))
	for i, v := range p {
		if v < 0 || v >= len(p) || seen[v] {
			return nil, fmt.Errorf("%v is not a permutation", p)
		}
		seen[v] = true
		inv[v] = float64(i)
	}
	return fromFloat64(in[0].DType(), in[0].Shape(), inv)
})

// broadcastToOp is BroadcastTo: input repeated to a shape it broadcasts to.
var broadcastToOp = tensorKernel(2, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	shape, err := asInts(in[1])
	if err != nil {
		return nil, fmt.Errorf("shape: %w", err)
	}
	b, err := broadcastShape(in[0].Shape(), shape)
	if err != nil || !slices.Equal(b, shape) {
		return nil, fmt.Errorf("shape %v does not broadcast to %v", in[0].Shape(), shape)
	}
	if _, err := checkSize(shape); err != nil {
		return nil, err
	}
	return take(in[0], shape, broadcastIndex(shape, in[0].Shape()))
})

// broadcastArgsOp is BroadcastArgs: the broadcast of two shape vectors.
var broadcastArgsOp = tensorKernel(2, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	s0, err0 := asInts(in[0])
	s1, err1 := asInts(in[1])
	if err0 != nil || err1 != nil {
		return nil, fmt.Errorf("shapes must be integer vectors")
	}
	b, err := broadcastShape(s0, s1)
	if err != nil {
		return nil, err
	}
	return intsTensor(in[0].DType(), b)
})

// unpackOp is Unpack: num slices along axis, the axis dropped.
var unpackOp = &kernel{arity: 1, outputs: []string{"output"}, run: func(c *call, in []value) ([]value, error) {
	t, err := in[0].tensor()
	if err != nil {
		return nil, err
	}
	shape := t.Shape()
	a, err := axis(int(c.attrInt("axis", 0)), len(shape))
	if err != nil {
		return nil, err
	}
	if int(c.attrInt("num", int64(shape[a]))) != shape[a] {
		return nil, fmt.Errorf("num %d for dimension %d of %v", c.attrInt("num", 0), a, shape)
	}
	part := slices.Delete(slices.Clone(shape), a, a+1)
	st := strides(shape)
	step := slices.Delete(slices.Clone(st), a, a+1)
	out := make([]value, shape[a])
	for i := range out {
		p, err := take(t, part, gatherIndex(part, i*st[a], step))
		if err != nil {
			return nil, err
		}
		out[i] = tensorValue(p)
	}
	return out, nil
}}

// splitVOp is SplitV: parts of the given sizes along an axis; one size
// may be -1 for the rest.
var splitVOp = &kernel{arity: 3, outputs: []string{"output"}, run: func(c *call, in []value) ([]value, error) {
	ts, err := tensors(in)
	if err != nil {
		return nil, err
	}
	shape := ts[0].Shape()
	sizes, err := asInts(ts[1])
	if err != nil {
		return nil, fmt.Errorf("size_splits: %w", err)
	}
	ax, err := scalarInt(ts[2], "axis")
	if err != nil {
		return nil, err
	}
	a, err := axis(ax, len(shape))
	if err != nil {
		return nil, err
	}
	sizes = slices.Clone(sizes)
	rest, infer := shape[a], -1
	for i, s := range sizes {
		switch {
		case s == -1 && infer < 0:
			infer = i
		case s < 0:
			return nil, fmt.Errorf("bad size_splits %v", sizes)
		default:
			rest -= s
		}
	}
	if infer >= 0 {
		sizes[infer] = rest
		rest = 0
	}
	if len(sizes) == 0 || rest != 0 || slices.Min(sizes) < 0 {
		return nil, fmt.Errorf("size_splits %v do not sum to %d", sizes, shape[a])
	}
	st := strides(shape)
	out := make([]value, len(sizes))
	off := 0
	for i, s := range sizes {
		part := slices.Clone(shape)
		part[a] = s
		p, err := take(ts[0], part, gatherIndex(part, off*st[a], st))
		if err != nil {
			return nil, err
		}
		out[i], off = tensorValue(p), off+s
	}
	return out, nil
}}

// reverseV2Op is ReverseV2: the order of elements reversed along axes.
var reverseV2Op = tensorKernel(2, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	mask, err := reduceAxes(in[0], in[1])
	if err != nil {
		return nil, err
	}
	shape := in[0].Shape()
	st := strides(shape)
	off, step := 0, slices.Clone(st)
	for d, m := range mask {
		if m && shape[d] > 0 {
			off += (shape[d] - 1) * st[d]
			step[d] = -st[d]
		}
	}
	return take(in[0], shape, gatherIndex(shape, off, step))
})

// whereOp is Where with one input: the coordinates of its true (non-zero)
// elements, row by row, as int64.
var whereOp = tensorKernel(1, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	x, err := asFloat64(in[0])
	if err != nil {
		return nil, err
	}
	shape := in[0].Shape()
	st := strides(shape)
	var out []int64
	rows := 0
	for i, v := range x {
		if v == 0 {
			continue
		}
		rows++
		for d := range shape {
			out = append(out, int64(i/st[d]%shape[d]))
		}
	}
	return tensor.New([]int{rows, len(shape)}, out)
})

// matrixBandPartOp is MatrixBandPart: the innermost matrices with zeros
// outside num_lower diagonals below and num_upper above (negative keeps
// the whole triangle); Keras builds causal masks with it.
var matrixBandPartOp = tensorKernel(3, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	shape := in[0].Shape()
	if len(shape) < 2 {
		return nil, fmt.Errorf("input of shape %v, want a matrix", shape)
	}
	lower, err := scalarInt(in[1], "num_lower")
	if err != nil {
		return nil, err
	}
	upper, err := scalarInt(in[2], "num_upper")
	if err != nil {
		return nil, err
	}
	m, n := shape[len(shape)-2], shape[len(shape)-1]
	idx := make([]int, in[0].Len())
	for k := range idx {
		i, j := k/n%m, k%n
		idx[k] = k
		if lower >= 0 && i-j > lower || upper >= 0 && j-i > upper {
			idx[k] = -1
		}
	}
	zero, err := tensor.Zeros(in[0].DType(), []int{})
	if err != nil {
		return nil, err
	}
	return takeOr(in[0], shape, idx, zero)
})

// linSpaceOp is LinSpace: num evenly spaced values from start to stop.
var linSpaceOp = tensorKernel(3, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	start, err1 := asFloat64(in[0])
	stop, err2 := asFloat64(in[1])
	if err1 != nil || err2 != nil || len(start) != 1 || len(stop) != 1 {
		return nil, fmt.Errorf("start and stop must be scalars")
	}
	num, err := scalarInt(in[2], "num")
	if err != nil || num <= 0 || num > maxElements {
		return nil, fmt.Errorf("num must be a positive integer up to %d", maxElements)
	}
	out := make([]float64, num)
	step := (stop[0] - start[0]) / math.Max(float64(num-1), 1)
	for i := range out {
		out[i] = start[0] + float64(i)*step
	}
	out[num-1] = stop[0]
	if num == 1 {
		out[0] = start[0]
	}
	return fromFloat64(in[0].DType(), []int{num}, out)
})

// uniqueOp is Unique: a vector's distinct elements in order of first
// appearance, and for each element the index of its value among them.
var uniqueOp = &kernel{arity: 1, outputs: []string{"y", "idx"}, run: func(c *call, in []value) ([]value, error) {
	x, err := in[0].tensor()
	if err != nil {
		return nil, err
	}
	if len(x.Shape()) != 1 {
		return nil, fmt.Errorf("input of shape %v, want a vector", x.Shape())
	}
	dt, err := outType(c, "out_idx", tensor.Int32)
	if err != nil {
		return nil, err
	}
	keys, err := elements(x)
	if err != nil {
		return nil, err
	}
	seen := map[any]int{}
	var first []int
	idx := make([]float64, len(keys))
	for i, k := range keys {
		j, ok := seen[k]
		if !ok {
			j = len(first)
			seen[k] = j
			first = append(first, i)
		}
		idx[i] = float64(j)
	}
	y, err := take(x, []int{len(first)}, first)
	if err != nil {
		return nil, err
	}
	it, err := fromFloat64(dt, x.Shape(), idx)
	if err != nil {
		return nil, err
	}
	return []value{tensorValue(y), tensorValue(it)}, nil
}}
