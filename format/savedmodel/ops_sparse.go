package savedmodel

import (
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// sparseToDenseOp is SparseToDense: default_value everywhere but at the
// coordinates sparse_indices gives (a scalar, a vector for a 1-D result
// or an [N, rank] matrix), which take sparse_values (one each, or one
// scalar for all).
var sparseToDenseOp = tensorKernel(4, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	shape, err := asInts(in[1])
	if err != nil || len(in[1].Shape()) > 1 {
		return nil, fmt.Errorf("output_shape must be an integer vector")
	}
	n, err := checkSize(shape)
	if err != nil {
		return nil, err
	}
	indices := in[0]
	if len(indices.Shape()) < 2 {
		if indices, err = indices.Reshape([]int{indices.Len(), 1}); err != nil {
			return nil, err
		}
	}
	if is := indices.Shape(); len(is) != 2 || is[1] != len(shape) {
		return nil, fmt.Errorf("sparse_indices of shape %v for output shape %v", in[0].Shape(), shape)
	}
	offsets, _, err := ndIndex(indices, shape)
	if err != nil {
		return nil, err
	}
	vals, def := in[2], in[3]
	if vals.Len() != 1 && vals.Len() != len(offsets) || def.Len() != 1 {
		return nil, fmt.Errorf("%d sparse_values and a default of shape %v for %d indices", vals.Len(), def.Shape(), len(offsets))
	}
	all, err := concatFlat([]*tensor.Tensor{vals, def})
	if err != nil {
		return nil, err
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = vals.Len()
	}
	for i, off := range offsets {
		idx[off] = min(i, vals.Len()-1)
	}
	return take(all, shape, idx)
})

// sparseDenseMatMulOp is SparseTensorDenseMatMul: a sparse matrix (COO
// indices, values and dense shape) times a dense one, each optionally
// adjoint (transposed; no complex types here).
var sparseDenseMatMulOp = tensorKernel(4, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	as, err := asInts(in[2])
	if err != nil || len(as) != 2 || as[0] < 0 || as[1] < 0 {
		return nil, fmt.Errorf("a_shape must be two sizes")
	}
	idx, err := asInts(in[0])
	if err != nil || len(in[0].Shape()) != 2 || in[0].Shape()[1] != 2 {
		return nil, fmt.Errorf("a_indices of shape %v, want [nnz, 2]", in[0].Shape())
	}
	av, err := asFloat64(in[1])
	if err != nil || len(av) != len(idx)/2 {
		return nil, fmt.Errorf("%d a_values for %d indices", in[1].Len(), len(idx)/2)
	}
	bs := in[3].Shape()
	if len(bs) != 2 {
		return nil, fmt.Errorf("b of shape %v, want a matrix", bs)
	}
	m, k := as[0], as[1]
	adjA := c.attrBool("adjoint_a")
	if adjA {
		m, k = k, m
	}
	bk, n, bRow, bCol := bs[0], bs[1], bs[1], 1 // b[kk, j] is at kk*bRow + j*bCol
	if c.attrBool("adjoint_b") {
		bk, n, bRow, bCol = bs[1], bs[0], 1, bs[1]
	}
	if bk != k {
		return nil, fmt.Errorf("a of shape %v and b of shape %v do not multiply", as, bs)
	}
	size, err := checkSize([]int{m, n})
	if err != nil {
		return nil, err
	}
	b, err := asFloat64(in[3])
	if err != nil {
		return nil, err
	}
	out := make([]float64, size)
	for i, v := range av {
		r, kk := idx[2*i], idx[2*i+1]
		if adjA {
			r, kk = kk, r
		}
		if r < 0 || r >= m || kk < 0 || kk >= k {
			return nil, fmt.Errorf("index %v out of range for a of shape %v", idx[2*i:2*i+2], as)
		}
		for j := range n {
			out[r*n+j] += v * b[kk*bRow+j*bCol]
		}
	}
	return fromFloat64(in[1].DType(), []int{m, n}, out)
})
