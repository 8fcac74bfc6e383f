package savedmodel

import (
	"fmt"

	"github.com/slipwayml/slipway/internal/gemm"
	"github.com/slipwayml/slipway/tensor"
)

// matMulOp is MatMul (transpose_a/transpose_b) and BatchMatMul, V2 and V3
// (adj_x/adj_y, batch dimensions broadcast), with gemm.
func matMulOp(transA, transB string) *kernel {
	return tensorKernel(2, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		a, b := in[0], in[1]
		if transA == "transpose_a" && (len(a.Shape()) != 2 || len(b.Shape()) != 2) {
			return nil, fmt.Errorf("MatMul operands of shapes %v and %v must be matrices", a.Shape(), b.Shape())
		}
		p, err := newBatchProduct(a.Shape(), b.Shape(), c.attrBool(transA), c.attrBool(transB))
		if err != nil {
			return nil, err
		}
		return computeFloat(a.DType(), p.shape, a, b,
			func(x, y []float32) []float32 { return multiply(p, x, y) },
			func(x, y []float64) []float64 { return multiply(p, x, y) })
	})
}

// batchProduct is the geometry of a batched matrix product of output
// shape: out[i] = op(a[ia[i]])·op(b[ib[i]]), each op(a) m×k and op(b) k×n.
type batchProduct struct {
	m, n, k        int
	transA, transB bool
	ia, ib         []int
	shape          []int
}

// newBatchProduct checks operand shapes as and bs and broadcasts their batch
// dimensions.
func newBatchProduct(as, bs []int, transA, transB bool) (batchProduct, error) {
	ra, rb := len(as), len(bs)
	if ra < 2 || rb < 2 {
		return batchProduct{}, fmt.Errorf("operands of shapes %v and %v need rank 2 or more", as, bs)
	}
	m, k := as[ra-2], as[ra-1]
	if transA {
		m, k = k, m
	}
	k2, n := bs[rb-2], bs[rb-1]
	if transB {
		k2, n = n, k2
	}
	if k != k2 {
		return batchProduct{}, fmt.Errorf("inner dimensions of %v and %v differ", as, bs)
	}
	batch, err := broadcastShape(as[:ra-2], bs[:rb-2])
	if err != nil {
		return batchProduct{}, err
	}
	shape := append(batch, m, n)
	size, err := checkSize(shape)
	if err != nil {
		return batchProduct{}, err
	}
	if size == 0 {
		// Nothing to compute, however many empty matrices the batch holds.
		return batchProduct{shape: shape}, nil
	}
	p := batchProduct{m: m, n: n, k: k, transA: transA, transB: transB, shape: shape,
		ia: broadcastIndex(batch, as[:ra-2]), ib: broadcastIndex(batch, bs[:rb-2])}
	if rb == 2 && !transA {
		// Against one matrix b, a's stacked matrices are one taller
		// product, which gemm blocks better than many short ones.
		p.m *= len(p.ia)
		p.ia, p.ib = []int{0}, []int{0}
	}
	return p, nil
}

// multiply computes the product of x and y, row-major operands of p's
// shapes.
func multiply[T gemm.Float](p batchProduct, x, y []T) []T {
	lda, ldb := p.k, p.n
	if p.transA {
		lda = p.m
	}
	if p.transB {
		ldb = p.k
	}
	mk, kn, mn := p.m*p.k, p.k*p.n, p.m*p.n
	out := make([]T, len(p.ia)*mn)
	for i := range p.ia {
		gemm.Mul(p.transA, p.transB, p.m, p.n, p.k, 1, x[p.ia[i]*mk:], lda, y[p.ib[i]*kn:], ldb, 0, out[i*mn:], p.n)
	}
	return out
}

// biasAddOp adds a 1-D bias along the channel dimension: the last one, or
// the second for data_format NCHW.
var biasAddOp = tensorKernel(2, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	x, b := in[0], in[1]
	shape := x.Shape()
	axis := len(shape) - 1
	if c.attrString("data_format") == "NCHW" {
		axis = 1
	}
	if len(shape) < 2 || len(b.Shape()) != 1 || b.Shape()[0] != shape[axis] {
		return nil, fmt.Errorf("bias of shape %v does not match input %v", b.Shape(), shape)
	}
	inner := 1
	for _, d := range shape[axis+1:] {
		inner *= d
	}
	return computeFloat(x.DType(), shape, x, b,
		func(x, b []float32) []float32 { return addBias(x, b, inner) },
		func(x, b []float64) []float64 { return addBias(x, b, inner) })
})

// addBias returns x plus bias[c] at every element of channel c, where
// each channel holds runs of inner elements.
func addBias[T gemm.Float](x, bias []T, inner int) []T {
	out := make([]T, len(x))
	for i := 0; i < len(x); i += inner * len(bias) {
		for c, v := range bias {
			lo := i + c*inner
			for j := lo; j < lo+inner; j++ {
				out[j] = x[j] + v
			}
		}
	}
	return out
}
