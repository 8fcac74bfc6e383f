package savedmodel

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

// resourceGatherOp is ResourceGather, Keras's Embedding lookup: rows of
// a variable, as GatherV2 on axis 0.
var resourceGatherOp = &kernel{arity: 2, run: func(c *call, in []value) ([]value, error) {
	zero, err := tensor.New([]int{}, []int32{0})
	if err != nil {
		return nil, err
	}
	return gatherV2Op.run(c, []value{in[0], in[1], tensorValue(zero)})
}}

// ndIndex reads the last dimension of indices as coordinates into the
// first m dimensions of shape and returns the flat offset of each
// coordinate tuple, in units of the trailing block, with the block size.
func ndIndex(indices *tensor.Tensor, shape []int) (offsets []int, block int, err error) {
	is := indices.Shape()
	if len(is) == 0 {
		return nil, 0, fmt.Errorf("indices must have at least one dimension")
	}
	m := is[len(is)-1]
	if m > len(shape) {
		return nil, 0, fmt.Errorf("indices of depth %d into rank %d", m, len(shape))
	}
	idx, err := asInts(indices)
	if err != nil {
		return nil, 0, fmt.Errorf("indices: %w", err)
	}
	block = 1
	for _, d := range shape[m:] {
		block *= d
	}
	rows := 1
	for _, d := range is[:len(is)-1] {
		rows *= d
	}
	offsets = make([]int, rows)
	for i := range offsets {
		off := 0
		for d, j := range idx[i*m : (i+1)*m] {
			if j < 0 || j >= shape[d] {
				return nil, 0, fmt.Errorf("index %v out of range for %v", idx[i*m:(i+1)*m], shape[:m])
			}
			off = off*shape[d] + j
		}
		offsets[i] = off
	}
	return offsets, block, nil
}

// gatherNdOp is GatherNd: slices of params addressed by the last
// dimension of indices.
var gatherNdOp = tensorKernel(2, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	offsets, block, err := ndIndex(in[1], in[0].Shape())
	if err != nil {
		return nil, err
	}
	is := in[1].Shape()
	shape := slices.Concat(is[:len(is)-1], in[0].Shape()[is[len(is)-1]:])
	n, err := checkSize(shape)
	if err != nil {
		return nil, err
	}
	idx := make([]int, 0, n)
	for _, off := range offsets {
		idx = append(idx, seq(off*block, block)...)
	}
	return take(in[0], shape, idx)
})

// scatterNdOp is ScatterNd: zeros of a shape with updates added at the
// coordinates indices give.
var scatterNdOp = tensorKernel(3, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	shape, err := asInts(in[2])
	if err != nil {
		return nil, fmt.Errorf("shape: %w", err)
	}
	n, err := checkSize(shape)
	if err != nil {
		return nil, err
	}
	out := make([]float64, n)
	if err := scatter(out, shape, in[0], in[1], add); err != nil {
		return nil, err
	}
	return fromFloat64(in[1].DType(), shape, out)
})

// scatter combines out, a tensor of shape, with updates at the slices
// indices address: out[slice] = f(out[slice], update), in index order.
func scatter(out []float64, shape []int, indices, updates *tensor.Tensor, f func(old, update float64) float64) error {
	offsets, block, err := ndIndex(indices, shape)
	if err != nil {
		return err
	}
	u, err := asFloat64(updates)
	if err != nil {
		return err
	}
	if len(u) != len(offsets)*block {
		return fmt.Errorf("updates of shape %v for %d slices of %d", updates.Shape(), len(offsets), block)
	}
	for i, off := range offsets {
		for j, v := range u[i*block : (i+1)*block] {
			out[off*block+j] = f(out[off*block+j], v)
		}
	}
	return nil
}

// topKOp is TopKV2: the k largest entries of each last-dimension row and
// their indices, larger first, lower index first among equals.
var topKOp = &kernel{arity: 2, outputs: []string{"values", "indices"}, run: func(c *call, in []value) ([]value, error) {
	ts, err := tensors(in)
	if err != nil {
		return nil, err
	}
	shape := ts[0].Shape()
	k, err := scalarInt(ts[1], "k")
	if err != nil {
		return nil, err
	}
	if len(shape) == 0 || k < 0 || k > shape[len(shape)-1] {
		return nil, fmt.Errorf("k %d for input of shape %v", k, shape)
	}
	x, err := asFloat64(ts[0])
	if err != nil {
		return nil, err
	}
	n := shape[len(shape)-1]
	rows := len(x) / max(n, 1)
	pos, idx := make([]int, 0, rows*k), make([]float64, 0, rows*k)
	order := make([]int, n)
	for r := range rows {
		row := x[r*n : (r+1)*n]
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(row[b], row[a]) })
		for _, i := range order[:k] {
			pos, idx = append(pos, r*n+i), append(idx, float64(i))
		}
	}
	out := append(slices.Clone(shape[:len(shape)-1]), k)
	vals, err := take(ts[0], out, pos)
	if err != nil {
		return nil, err
	}
	it, err := fromFloat64(tensor.Int32, out, idx)
	if err != nil {
		return nil, err
	}
	return []value{tensorValue(vals), tensorValue(it)}, nil
}}

// cumulativeOp is Cumsum (product false) and Cumprod along an axis, with
// the exclusive and reverse attributes.
func cumulativeOp(product bool) *kernel {
	return tensorKernel(2, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		shape := in[0].Shape()
		ax, err := scalarInt(in[1], "axis")
		if err != nil {
			return nil, err
		}
		a, err := axis(ax, len(shape))
		if err != nil {
			return nil, err
		}
		x, err := asFloat64(in[0])
		if err != nil {
			return nil, err
		}
		exclusive, reverse := c.attrBool("exclusive"), c.attrBool("reverse")
		n, inner := shape[a], strides(shape)[a]
		out := make([]float64, len(x))
		for base := range len(x) / max(n, 1) {
			start := base/inner*n*inner + base%inner
			acc := 0.0
			if product {
				acc = 1
			}
			for j := range n {
				if reverse {
					j = n - 1 - j
				}
				i := start + j*inner
				if exclusive {
					out[i] = acc
				}
				if product {
					acc *= x[i]
				} else {
					acc += x[i]
				}
				if !exclusive {
					out[i] = acc
				}
			}
		}
		return fromFloat64(in[0].DType(), shape, out)
	})
}

// tensorScatterOp is TensorScatterUpdate, Add, Sub, Max and Min: a copy
// of tensor with the slices indices address combined with updates by f;
// for Update a later index wins.
func tensorScatterOp(f func(old, update float64) float64) *kernel {
	return tensorKernel(3, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		if in[2].DType() != in[0].DType() {
			return nil, fmt.Errorf("updates are %v for a %v tensor", in[2].DType(), in[0].DType())
		}
		x, err := asFloat64(in[0])
		if err != nil {
			return nil, err
		}
		out := slices.Clone(x)
		if err := scatter(out, in[0].Shape(), in[1], in[2], f); err != nil {
			return nil, err
		}
		return fromFloat64(in[0].DType(), in[0].Shape(), out)
	})
}

func overwrite(_, update float64) float64 { return update }
