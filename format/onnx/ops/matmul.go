package ops

import (
	"cmp"
	"context"
	"fmt"

	"github.com/slipwayml/slipway/internal/gemm"
	"github.com/slipwayml/slipway/tensor"
)

// buildMatMul multiplies with numpy's matmul semantics: 1-D operands are
// promoted to matrices, leading dimensions broadcast. A MatMul fused with
// the Add and Relu after it (FuseAttr) finishes each row of its product
// in place.
func buildMatMul(n *Node) (Kernel, error) {
	fused, err := nodeFusion(n)
	if err != nil {
		return nil, err
	}
	if err := n.checkTypes([]int{0, 1, 2}, tensor.DType.IsNumeric, "a number"); err != nil {
		return nil, err
	}
	return func(ctx context.Context, in []Value) ([]Value, error) {
		a, err := arg(in, 0)
		if err != nil {
			return nil, err
		}
		b, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		if err := sameType(a, b); err != nil {
			return nil, err
		}
		var r *tensor.Tensor
		if fused.add {
			if r, err = arg(in, 2); err != nil {
				return nil, err
			}
		}
		switch a.DType() {
		case tensor.Float32:
			return result(fusedMatmul[float32](a, b, fused, r))
		case tensor.Float64:
			return result(fusedMatmul[float64](a, b, fused, r))
		}
		if fused != (fusion{}) {
			// The planner fuses float32 and float64 weights only.
			return nil, fmt.Errorf("fused MatMul of %v is not supported", a.DType())
		}
		if !a.DType().IsNumeric() {
			return nil, fmt.Errorf("cannot multiply %v matrices", a.DType())
		}
		// Integer and FP16 products go through FP64, exact for the
		// magnitudes models use.
		a64, _ := Cast(a, tensor.Float64)
		b64, _ := Cast(b, tensor.Float64)
		p, err := matmul[float64](a64, b64)
		if err != nil {
			return nil, err
		}
		return result(Cast(p, a.DType()))
	}, nil
}

// matmul multiplies a by b.
func matmul[T float](a, b *tensor.Tensor) (*tensor.Tensor, error) {
	return fusedMatmul[T](a, b, fusion{}, nil)
}

// fusedMatmul multiplies a by b, then applies fused with r, the fused
// Add's operand.
func fusedMatmul[T float](a, b *tensor.Tensor, fused fusion, r *tensor.Tensor) (*tensor.Tensor, error) {
	as, bs := a.Shape(), b.Shape()
	if len(as) == 0 || len(bs) == 0 {
		return nil, fmt.Errorf("matmul of a scalar")
	}
	if len(as) == 1 {
		as = []int{1, as[0]}
	}
	if len(bs) == 1 {
		bs = []int{bs[0], 1}
	}
	m, k, n := as[len(as)-2], as[len(as)-1], bs[len(bs)-1]
	if bs[len(bs)-2] != k {
		return nil, fmt.Errorf("%w: cannot multiply %v by %v", tensor.ErrShape, a.Shape(), b.Shape())
	}
	batch, err := broadcastShape(as[:len(as)-2], bs[:len(bs)-2])
	if err != nil {
		return nil, err
	}
	shape := append(append([]int(nil), batch...), m, n)
	size, err := numElements(shape)
	if err != nil {
		return nil, err
	}
	x, _ := tensor.Values[T](a)
	y, _ := tensor.Values[T](b)
	out := make([]T, size)
	ia := broadcastIndex(as[:len(as)-2], batch)
	ib := broadcastIndex(bs[:len(bs)-2], batch)
	if len(bs) == 2 && len(ia) > 0 {
		// With a single matrix b, the stacked matrices of a are one
		// taller product.
		m *= len(ia)
		ia, ib = []int{0}, []int{0}
	}
	for i := range ia {
		// out is fresh, hence zero: accumulating into it (beta = 1)
		// spares gemm clearing it again.
		gemm.Mul(false, false, m, n, k, 1, x[ia[i]*m*k:], k, y[ib[i]*k*n:], n, 1, out[i*m*n:], n)
	}
	// Drop the dimensions the 1-D promotion added.
	switch {
	case len(a.Shape()) == 1 && len(b.Shape()) == 1:
		shape = []int{}
	case len(a.Shape()) == 1:
		shape = append(shape[:len(shape)-2], n)
	case len(b.Shape()) == 1:
		shape = shape[:len(shape)-1]
		n = 0 // rows of one element: apply the epilogue in one go
	}
	ep, inline := epilogueFor[T](fused, r, shape, n)
	if inline && size > 0 && fused != (fusion{}) {
		rowLen := cmp.Or(n, size)
		for at := 0; at < size; at += rowLen {
			ep.apply(out[at:at+rowLen], at, 0)
		}
	}
	t, err := tensor.New(shape, out)
	if err != nil || inline {
		return t, err
	}
	return fused.unfused(t, r)
}

// buildGemm computes alpha·A'·B' + beta·C with A and B optionally
// transposed and C broadcast to the result.
func buildGemm(n *Node) (Kernel, error) {
	transA, transB := n.Int("transA", 0) != 0, n.Int("transB", 0) != 0
	alpha, beta := n.Float("alpha", 1), n.Float("beta", 1)
	if err := n.checkTypes([]int{0, 1, 2}, tensor.DType.IsFloat, "a float"); err != nil {
		return nil, err
	}
	return func(ctx context.Context, in []Value) ([]Value, error) {
		a, err := arg(in, 0)
		if err != nil {
			return nil, err
		}
		b, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		c, err := optArg(in, 2)
		if err != nil {
			return nil, err
		}
		switch a.DType() {
		case tensor.Float32:
			return result(gemmOp[float32](a, b, c, transA, transB, alpha, beta))
		case tensor.Float64:
			return result(gemmOp[float64](a, b, c, transA, transB, float64(alpha), float64(beta)))
		}
		return nil, fmt.Errorf("Gemm of %v is not supported", a.DType())
	}, nil
}

func gemmOp[T float](a, b, c *tensor.Tensor, transA, transB bool, alpha, beta T) (*tensor.Tensor, error) {
	if err := sameType(a, b); err != nil {
		return nil, err
	}
	as, bs := a.Shape(), b.Shape()
	if len(as) != 2 || len(bs) != 2 {
		return nil, fmt.Errorf("%w: Gemm wants matrices, got %v and %v", tensor.ErrShape, as, bs)
	}
	m, k := as[0], as[1]
	if transA {
		m, k = k, m
	}
	kb, n := bs[0], bs[1]
	if transB {
		kb, n = n, kb
	}
	if k != kb {
		return nil, fmt.Errorf("%w: cannot multiply %v by %v", tensor.ErrShape, as, bs)
	}
	out := make([]T, m*n)
	if c != nil && beta != 0 {
		if c.DType() != a.DType() {
			return nil, fmt.Errorf("C is %v, A is %v", c.DType(), a.DType())
		}
		if _, err := broadcastShape(c.Shape(), []int{m, n}); err != nil || len(c.Shape()) > 2 {
			return nil, fmt.Errorf("%w: C %v does not broadcast to [%d %d]", tensor.ErrShape, c.Shape(), m, n)
		}
		cv, _ := tensor.Values[T](c)
		if cs := c.Shape(); len(cv) == n && (n == 1 || cs[len(cs)-1] == n) {
			// A bias row, the usual C: whole-row copies beat a strided walk.
			for i := 0; i < len(out); i += n {
				copy(out[i:i+n], cv)
			}
		} else {
			copyStridedInto(out, cv, []int{m, n}, broadcastStrides(c.Shape(), []int{m, n}), 0)
		}
		if beta != 1 {
			for i := range out {
				out[i] *= beta
			}
		}
	}
	x, _ := tensor.Values[T](a)
	y, _ := tensor.Values[T](b)
	gemm.Mul(transA, transB, m, n, k, alpha, x, as[1], y, bs[1], 1, out, n)
	return tensor.New([]int{m, n}, out)
}
