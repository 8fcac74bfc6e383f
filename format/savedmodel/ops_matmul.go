package savedmodel

import (
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// matMulOp is MatMul (transpose_a/transpose_b) and BatchMatMul, V2 and V3
// (adj_x/adj_y, batch dimensions broadcast).
func matMulOp(transA, transB string) *kernel {
	return tensorKernel(2, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		a, b := in[0], in[1]
		if len(a.Shape()) < 2 || len(b.Shape()) < 2 {
			return nil, fmt.Errorf("operands of shapes %v and %v need rank 2 or more", a.Shape(), b.Shape())
		}
		if transA == "transpose_a" && (len(a.Shape()) != 2 || len(b.Shape()) != 2) {
			return nil, fmt.Errorf("MatMul operands of shapes %v and %v must be matrices", a.Shape(), b.Shape())
		}
		ta, tb := c.attrBool(transA), c.attrBool(transB)
		ra, rb := len(a.Shape()), len(b.Shape())
		m, k := a.Shape()[ra-2], a.Shape()[ra-1]
		if ta {
			m, k = k, m
		}
		k2, n := b.Shape()[rb-2], b.Shape()[rb-1]
		if tb {
			k2, n = n, k2
		}
		if k != k2 {
			return nil, fmt.Errorf("inner dimensions of %v and %v differ", a.Shape(), b.Shape())
		}
		batch, err := broadcastShape(a.Shape()[:ra-2], b.Shape()[:rb-2])
		if err != nil {
			return nil, err
		}
		shape := append(batch, m, n)
		if _, err := checkSize(shape); err != nil {
			return nil, err
		}
		x, err := asFloat64(a)
		if err != nil {
			return nil, err
		}
		y, err := asFloat64(b)
		if err != nil {
			return nil, err
		}
		ia, ib := broadcastIndex(batch, a.Shape()[:ra-2]), broadcastIndex(batch, b.Shape()[:rb-2])
		out := make([]float64, len(ia)*m*n)
		for bi := range ia {
			xa := matrix(x[ia[bi]*m*k:][:m*k], m, k, ta)
			yb := matrix(y[ib[bi]*k*n:][:k*n], k, n, tb)
			o := out[bi*m*n:][:m*n]
			// i-p-j order walks both row-major operands sequentially.
			for i := range m {
				row := o[i*n:][:n]
				for p, av := range xa[i*k:][:k] {
					for j, bv := range yb[p*n:][:n] {
						row[j] += av * bv
					}
				}
			}
		}
		return fromFloat64(a.DType(), shape, out)
	})
}

// matrix returns the rows×cols row-major matrix stored in v, transposed
// from cols×rows when trans is set.
func matrix(v []float64, rows, cols int, trans bool) []float64 {
	if !trans {
		return v
	}
	out := make([]float64, len(v))
	for r := range rows {
		for c := range cols {
			out[r*cols+c] = v[c*rows+r]
		}
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
	xv, err := asFloat64(x)
	if err != nil {
		return nil, err
	}
	bv, err := asFloat64(b)
	if err != nil {
		return nil, err
	}
	inner := 1
	for _, d := range shape[axis+1:] {
		inner *= d
	}
	out := make([]float64, len(xv))
	for i, v := range xv {
		out[i] = v + bv[(i/inner)%shape[axis]]
	}
	return fromFloat64(x.DType(), shape, out)
})
